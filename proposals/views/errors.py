"""Error pages in the site's style (400 and 413, 403, 404, 500); under ``/api/`` the API's JSON error shape."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from core.errors import api_error, is_api_request
from tracker.uploads import FileUploadRefused


def _for_api(request, status: int, code: str, message: str) -> HttpResponse | None:
    """The API's error shape when the request was for the API, else None (the page is rendered)."""
    return api_error(status, code, message) if is_api_request(request) else None


def bad_request(request, exception=None):
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE, or one carrying a file, is refused before any view reads it:
    # 413, not a generic 400 (tracker.middleware, tracker.uploads).
    if isinstance(exception, FileUploadRefused | RequestDataTooBig):
        answer = _for_api(request, 413, "too_large", _("The request body is too large. Nothing was saved."))
        if answer is not None:
            return answer
    if isinstance(exception, FileUploadRefused):
        return render(
            request,
            "400.html",
            {
                "message": _("This site does not accept files. Nothing was saved; add a link to the document instead."),
            },
            status=413,
        )
    if isinstance(exception, RequestDataTooBig):
        return render(
            request,
            "400.html",
            {
                "message": _("What you sent is too large. Nothing was saved; shorten the text and try again."),
            },
            status=413,
        )
    return _for_api(request, 400, "bad_request", _("The request is not valid.")) or render(
        request, "400.html", {}, status=400
    )


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else None
    return _for_api(request, 403, "permission_denied", message or _("You may not do this.")) or render(
        request, "403.html", {"message": message}, status=403
    )


def page_not_found(request, exception=None):
    return _for_api(request, 404, "not_found", _("Not found.")) or render(request, "404.html", {}, status=404)


def server_error(request):
    # No request context: the failure may be in a context processor or the database.
    answer = _for_api(request, 500, "server_error", _("Something went wrong on our side. Try again later."))
    return answer or HttpResponseServerError(loader.get_template("500.html").render({}))

"""Error pages in the site's style (400 and 413, 403, 404, 500)."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from tracker.uploads import FileUploadRefused


def bad_request(request, exception=None):
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE, or one carrying a file, is refused before any view reads it:
    # 413, not a generic 400 (tracker.middleware, tracker.uploads).
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
    return render(request, "400.html", {}, status=400)


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else None
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {}, status=404)


def server_error(request):
    # No request context: the failure may be in a context processor or the database.
    return HttpResponseServerError(loader.get_template("500.html").render({}))

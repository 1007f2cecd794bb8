"""Security middleware of the project: request body limit, Permissions-Policy, cookies marked Secure."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve

GetResponse = Callable[[HttpRequest], HttpResponseBase]

# Browser features the site never uses, switched off for it and for anything it could ever embed.
# Only features current browsers recognise: an unknown one (FLoC's withdrawn interest-cohort) makes
# Chromium log an error on every page; browsing-topics is its successor.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE, before anything reads it.

    Django applies that limit to form fields only, so a multipart body could carry any amount in file parts
    (which ``tracker.uploads`` refuses) or in framing. Raising RequestDataTooBig lets Django answer with the
    site's 413 page, in the visitor's language when this runs after the language is chosen. The one view that
    takes a file (``tracker.uploads.accepts_one_file``) may receive that file's size more.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None:
            length = _content_length(request)
            if length > limit and length > limit + _file_allowance(request):
                raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")
        return self.get_response(request)


def _file_allowance(request: HttpRequest) -> int:
    """How many bytes of file the view at this address accepts (``accepts_one_file``); 0 for every other view."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return 0
    return int(getattr(match.func, "accepts_file_size", 0))


def _content_length(request: HttpRequest) -> int:
    # As Django's WSGIRequest: a missing or malformed Content-Length means an empty body is read.
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class PermissionsPolicyMiddleware:
    """Send PERMISSIONS_POLICY with every response that does not set its own."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class SecureCookiesMiddleware:
    """Production: every cookie the response sets or deletes is Secure and HttpOnly.

    Django's own cookies follow their *_SECURE settings, but ``delete_cookie`` (sign-out, consumed messages)
    never marks Secure, and a view may set a cookie by hand. No script of the site reads a cookie (htmx
    sends the CSRF token from the page), so HttpOnly costs nothing. Listed first, it sees every cookie.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        for morsel in response.cookies.values():
            morsel["secure"] = True
            morsel["httponly"] = True
        return response

"""The domain errors services raise, each with the HTTP status and the stable code callers map it to.

Django's ``ValidationError`` (400, field errors), ``PermissionDenied`` (403) and
``Http404`` (404: what the user may not even see) are used as they are; the
classes below are ours. ``status_of`` and ``code_of`` answer for all five, so pages
(``core.forms``) and the admin map them from one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _


class DomainError(Exception):
    status: int = 400
    code: str = "invalid"


class InvalidTransition(DomainError):
    """A workflow step that the current state does not allow."""

    status = 409
    code = "invalid_transition"

    def __init__(self, current: str, wanted: str, label: Callable[[str], str] = str) -> None:
        self.current = current
        self.wanted = wanted
        super().__init__(
            _("A milestone that is “%(current)s” cannot become “%(wanted)s”.")
            % {"current": label(current), "wanted": label(wanted)}
        )


class Conflict(DomainError):
    """A step the object's current state does not allow, said in the caller's words (a webhook delivery in flight)."""

    status = 409
    code = "conflict"


class StaleEdit(DomainError):
    """The object changed since the user read it (optimistic concurrency on ``version``)."""

    status = 412
    code = "stale_edit"

    def __init__(self, current_version: int, expected_version: int) -> None:
        self.current_version = current_version
        self.expected_version = expected_version
        super().__init__(
            _("Someone else saved a change since you opened this page. Review their change, then apply yours again.")
        )


#: Errors a page shows on its form (400, 409, 412); 403 and 404 go to the error pages.
FORM_ERRORS: tuple[type[Exception], ...] = (ValidationError, DomainError)

#: Every error a service may raise on purpose; anything else is a bug.
DOMAIN_ERRORS: tuple[type[Exception], ...] = (ValidationError, PermissionDenied, Http404, DomainError)

_DJANGO = {ValidationError: (400, "invalid"), PermissionDenied: (403, "permission_denied"), Http404: (404, "not_found")}


def status_of(error: Exception) -> int:
    if isinstance(error, DomainError):
        return error.status
    for kind, (status, _code) in _DJANGO.items():
        if isinstance(error, kind):
            return status
    raise TypeError(f"Not a domain error: {error!r}")


def code_of(error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.code
    for kind, (_status, code) in _DJANGO.items():
        if isinstance(error, kind):
            return code
    raise TypeError(f"Not a domain error: {error!r}")


# --- the API's answer to a refusal ------------------------------------------------------------------

API_PREFIX = "/api/"


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The API's one error shape: a stable code, a message in the caller's language, messages by field."""
    return {"code": code, "message": message, "fields": fields or {}}


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, code: str, message: str) -> JsonResponse:
    """A refusal answered before an API view runs (middleware, Django's error handlers, the sign-in lockout)."""
    return JsonResponse(error_body(code, message), status=status)

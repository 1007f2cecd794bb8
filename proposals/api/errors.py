"""The API's one error shape, for every refusal: ``{"code": …, "message": …, "fields": {…}}``.

``code`` is stable and meant for programs; ``message`` is in the caller's language; ``fields``
maps a field (or query parameter) to its messages and is empty when the error concerns the
request as a whole. Domain errors keep the status and code ``core.errors`` gives them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError, code_of, error_body, status_of
from tracker import database_faults

# Messages for statuses whose DRF wording is not ours, by DRF's code.
_MESSAGES = {
    "not_authenticated": lambda: _("Sign in, or send a token: Authorization: Token <key>."),
    "authentication_failed": None,  # the authentication class's own message
    "not_found": lambda: _("Not found."),
    "permission_denied": lambda: _("You may not do this."),
    "parse_error": lambda: _("The request body is not valid JSON."),
    "unsupported_media_type": lambda: _("Send the body as application/json."),
    "method_not_allowed": lambda: _("This address does not accept this method."),
    "throttled": lambda: _("Too many requests. Try again later."),
}


# DRF's wording of these carries parser or throttle internals: ours always replaces it.
ALWAYS_OURS = {"throttled", "parse_error", "unsupported_media_type", "method_not_allowed", "not_authenticated"}


def _field_messages(detail: Any) -> dict[str, list[str]]:
    """DRF's nested detail flattened to ``{"field": ["message", …]}`` (``non_field_errors`` under ``"__all__"``)."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for field, messages in detail.items():
            name = "__all__" if field in ("non_field_errors", "__all__") else str(field)
            if isinstance(messages, dict):
                for inner, inner_messages in _field_messages(messages).items():
                    out[f"{name}.{inner}"] = inner_messages
            else:
                out[name] = [str(message) for message in (messages if isinstance(messages, list) else [messages])]
        return out
    if isinstance(detail, list):
        return {"__all__": [str(message) for message in detail]}
    return {"__all__": [str(detail)]}


def _invalid(fields: dict[str, list[str]]) -> dict[str, Any]:
    return error_body("invalid", _("Some fields are not valid."), fields)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER``: every error the API answers, in the one shape."""
    if database_faults.is_database_fault(exc):
        # The connection was lost under the request (tracker/database_faults.py): 503, try again.
        request = context.get("request")
        if request is not None:
            database_faults.log_fault(request, exc)
        response = Response(error_body(database_faults.CODE, database_faults.message()), status=503)
        response["Retry-After"] = str(database_faults.RETRY_AFTER_SECONDS)
        return response
    if isinstance(exc, ValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return Response(_invalid(fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        response = Response(error_body(code_of(exc), str(exc)), status=status_of(exc))
        if hasattr(exc, "current") and hasattr(exc, "wanted"):
            response.data.update(current=exc.current, wanted=exc.wanted)
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        response.data = _invalid(_field_messages(exc.detail))
        return response
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    wording = _MESSAGES.get(str(code))
    # Ours replaces DRF's default wording; a message given on purpose (a permission's own) stays.
    use_ours = wording is not None and (code in ALWAYS_OURS or str(exc.detail) == str(exc.default_detail))
    message = wording() if use_ours and wording is not None else str(exc.detail)
    response.data = error_body(str(code), message)
    return response

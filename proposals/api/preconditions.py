"""The version a write expects: ``If-Match: "<version>"`` (the ``ETag`` of a read) or a ``version`` field.

A write with neither is accepted as it is (last write wins); with one that no longer matches,
the service refuses it with 412 and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response


def etag_of(version: int) -> str:
    return f'"{version}"'


def with_etag(response: Response, version: int) -> Response:
    response["ETag"] = etag_of(version)
    return response


def expected_version(request: Request, data: dict[str, Any] | None = None) -> int | None:
    """The version the caller last read, from ``If-Match`` or the body's ``version``; 400 when malformed."""
    header = request.headers.get("If-Match", "").strip()
    from_header = None
    if header:
        tag = header.removeprefix("W/").strip('"')
        if not tag.isdigit():
            raise ValidationError({"If-Match": [_('Send the ETag you read, e.g. If-Match: "3".')]})
        from_header = int(tag)
    raw = (data or {}).get("version")
    from_body = None
    if raw is not None:
        if isinstance(raw, bool) or not str(raw).isdigit():
            raise ValidationError({"version": [_("A whole number: the version you read.")]})
        from_body = int(raw)
    if from_header is not None and from_body is not None and from_header != from_body:
        raise ValidationError({"version": [_("If-Match and version disagree.")]})
    return from_header if from_header is not None else from_body

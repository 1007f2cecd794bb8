"""The site takes no file uploads: a multipart body with a file part is refused (413) before any of it is stored.

Django counts only form fields against DATA_UPLOAD_MAX_MEMORY_SIZE; file parts stream to memory or to a
temporary file whatever their size. With this handler as the only one in FILE_UPLOAD_HANDLERS, the first
file part stops the parse, and the error pages answer 413 (``proposals.views.errors.bad_request``).

One view may take one file of bounded size (the coordinators' spreadsheet import): ``accepts_one_file``
puts ``BoundedFileUpload`` in place of the refusal for that view alone, and lets
``tracker.middleware.RequestBodyLimitMiddleware`` admit a body that large for it.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt, csrf_protect


class FileUploadRefused(RequestDataTooBig):
    """A request carried a file part. A RequestDataTooBig, so Django's handler turns it into the 413 page."""


class RefuseFileUploads(FileUploadHandler):
    """Refuse every file part at its headers, before a byte of its content is read."""

    def new_file(self, *args: object, **kwargs: object) -> None:
        raise FileUploadRefused("File parts are not accepted: this site takes no uploads.")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class BoundedFileUpload(FileUploadHandler):
    """One file part, in ``field_name``, of at most ``max_size`` bytes, kept in memory.

    Any other file part is refused like everywhere else (413). A file past the limit stops the parse and is
    dropped, and ``too_large`` tells the view, which answers 413 on its own form.
    """

    def __init__(self, request: HttpRequest | None = None, *, field_name: str, max_size: int) -> None:
        super().__init__(request)
        self.field_name = field_name
        self.max_size = max_size
        self.too_large = False
        self._seen = False
        self._buffer = io.BytesIO()

    def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
        if field_name != self.field_name or self._seen:
            raise FileUploadRefused("Only one file part is accepted here.")
        super().new_file(field_name, *args, **kwargs)
        self._seen = True

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if start + len(raw_data) > self.max_size:
            self.too_large = True
            self._buffer = io.BytesIO()
            raise StopUpload(connection_reset=False)
        self._buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self._buffer.seek(0)
        return InMemoryUploadedFile(
            file=self._buffer,
            field_name=self.field_name,
            name=self.file_name or "",
            content_type=self.content_type or "",
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def accepts_one_file(*, field_name: str, max_size: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let one view take one file of at most ``max_size`` bytes in ``field_name``; CSRF is still checked.

    The upload handlers can only change before anything reads the body, and the CSRF middleware reads it:
    so the view is exempt from the middleware's check and runs ``csrf_protect`` itself, after the handler
    is in place (as Django's documentation of upload handlers shows). ``accepts_file_size`` on the view tells
    the body-limit middleware how much more than the usual limit it may read for it.
    """

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        protected = csrf_protect(view)

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            request.upload_handlers = [BoundedFileUpload(request, field_name=field_name, max_size=max_size)]
            return protected(request, *args, **kwargs)

        exempt = csrf_exempt(wrapper)
        exempt.accepts_file_size = max_size  # type: ignore[attr-defined]  # read by RequestBodyLimitMiddleware
        return exempt

    return decorate


def upload_too_large(request: HttpRequest) -> bool:
    """Did the file part of this request pass its limit (``BoundedFileUpload``)? Read after ``request.FILES``."""
    return any(getattr(handler, "too_large", False) for handler in request.upload_handlers)

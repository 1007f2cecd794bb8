"""The site takes no file uploads: a multipart body with a file part is refused (413) before any of it is stored.

Django counts only form fields against DATA_UPLOAD_MAX_MEMORY_SIZE; file parts stream to memory or to a
temporary file whatever their size. With this handler as the only one in FILE_UPLOAD_HANDLERS, the first
file part stops the parse, and the error pages answer 413 (``proposals.views.errors.bad_request``).
"""

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


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

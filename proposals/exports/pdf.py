"""HTML to PDF with WeasyPrint, reading nothing but the site's own static files.

WeasyPrint would fetch any address a document names (stylesheets, images, fonts) over the network or from
the disk. ``StaticFilesOnly`` serves the files under ``STATIC_URL`` of the document's own origin, read
through the static files finders (or the collected, hashed copies in production) and refuses everything
else, so a title or an evidence link can never make the server fetch anything. Fonts are the system's
(fontconfig): Noto Sans CJK for Korean and Japanese.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse


def static_file(name: str) -> Path | None:
    """The file behind static name ``name`` (a source file, or a collected one such as a hashed copy)."""
    normal = posixpath.normpath(name)
    if normal != name or normal.startswith(("/", "..")) or "\\" in name:
        return None
    found = finders.find(normal)
    if isinstance(found, str):
        return Path(found)
    try:
        collected = Path(staticfiles_storage.path(normal))
    except NotImplementedError:  # a storage with no local files
        return None
    return collected if collected.is_file() else None


def static_files_only(base_url: str) -> URLFetcher:
    """A WeasyPrint URL fetcher that serves the static files of ``base_url``'s origin and refuses anything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    origin = urlsplit(base_url)

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            parts = urlsplit(url)
            path = unquote(parts.path)
            ours = (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc)
            if not ours or not path.startswith(settings.STATIC_URL):
                raise ValueError(f"Not one of the site's static files: {url[:200]}")
            found = static_file(path.removeprefix(settings.STATIC_URL))
            if found is None:
                raise ValueError(f"No such static file: {url[:200]}")
            content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": content_type})

    return StaticFilesOnly()


def render_pdf(html: str, *, base_url: str) -> bytes:
    """``html`` as a PDF; relative addresses resolve against ``base_url`` (the site's root, for links)."""
    # Imported here: a large library that only the PDF download needs, not every process that loads the views.
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=static_files_only(base_url))
    pdf = document.write_pdf()
    assert pdf is not None  # no target given: the bytes are returned
    return pdf

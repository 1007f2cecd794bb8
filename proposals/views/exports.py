"""CSV and Excel exports of the initiatives list, an initiative's milestones, readings and activity, a group's activity.

Signed-in readers only; an initiative the reader may not read is a 404, as its page is. The list export
takes the list page's query parameters (filters and ordering) through the same selector and FilterSet;
activity exports take ``from`` and ``to`` days (``YYYY-MM-DD``, the reader's time zone, both included).
Bad filters or a bad range answer the site's 400 page with what to correct, never a file.

CSV is streamed as it is written; an Excel workbook is written to a temporary file in constant-memory
mode and that file is streamed. Both are worded in the reader's language and time zone.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from accounts.models import WorkingGroup

from ..exports import spreadsheets, tables
from .common import visible_initiative

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _in_reader_locale(lines: Iterator[bytes], language: str, zone: Any) -> Iterator[bytes]:
    """``lines`` produced in the request's language and time zone, which are no longer active once the view returned."""
    with translation.override(language), timezone.override(zone):
        yield from lines


def _download(table: tables.Table[Any], fmt: str) -> HttpResponse | StreamingHttpResponse:
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        lines = _in_reader_locale(
            spreadsheets.csv_lines(table), translation.get_language(), timezone.get_current_timezone()
        )
        response = StreamingHttpResponse(lines, content_type=CONTENT_TYPES["csv"])
    else:
        workbook = tempfile.TemporaryFile(suffix=".xlsx")  # closed by FileResponse once sent
        try:
            spreadsheets.write_xlsx(table, workbook)
        except BaseException:
            workbook.close()
            raise
        workbook.seek(0)
        response = FileResponse(workbook, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = spreadsheets.attachment(table.file_stem, fmt)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"message": message}, status=400)


def _days(request: HttpRequest) -> tables.DateRange:
    return tables.date_range(request.GET)


@require_safe
@login_required
def initiative_list_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The initiatives list, filtered and ordered by the same query parameters as the list page."""
    table, filterset = tables.initiative_table(user=request.user, params=request.GET)
    if not filterset.is_valid():
        fields = filterset.form.fields
        problems = "; ".join(
            f"{fields[name].label if name in fields else name}: {' '.join(errors)}"
            for name, errors in filterset.errors.items()
        )
        message = gettext("Correct the list's filters before exporting it (%(problems)s).") % {"problems": problems}
        return _refused(request, message)
    return _download(table, fmt)


@require_safe
@login_required
def initiative_milestones_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    initiative = visible_initiative(request.user, slug)
    return _download(tables.milestone_table(initiative=initiative), fmt)


@require_safe
@login_required
def initiative_readings_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    initiative = visible_initiative(request.user, slug)
    return _download(tables.reading_table(initiative=initiative), fmt)


@require_safe
@login_required
def initiative_activity_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    initiative = visible_initiative(request.user, slug)
    try:
        days = _days(request)
    except ValidationError as error:
        return _refused(request, " ".join(error.messages))
    return _download(tables.initiative_activity_table(initiative=initiative, days=days), fmt)


@require_safe
@login_required
def group_activity_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    group = get_object_or_404(WorkingGroup, slug=slug)
    try:
        days = _days(request)
    except ValidationError as error:
        return _refused(request, " ".join(error.messages))
    return _download(tables.group_activity_table(user=request.user, group=group, days=days), fmt)

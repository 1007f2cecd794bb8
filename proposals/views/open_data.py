"""Open data: the initiatives working groups published, for anyone, signed in or not (``access.public``).

A read-only page and JSON and CSV downloads. They carry what a published initiative shows of itself
(title, summary, group, pillar, status, dates, progress, health and its reason, next milestone),
never its owners, comments or anything of an initiative that is not published.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import path

from core.paging import page_of

from .. import selectors
from .. import translations as texts
from ..exports import spreadsheets, tables
from ..models import Initiative

PAGE_SIZE = 25
CHUNK = 500


def published_row(initiative: Initiative) -> dict[str, Any]:
    """What a published initiative shows of itself, in the active language (the page, the JSON)."""
    return {
        "slug": initiative.slug,
        "title": initiative.title,
        "summary": initiative.summary,
        "working_group": initiative.working_group.name,
        "pillar": initiative.pillar,
        "status": initiative.status,
        "lead_side": initiative.lead_side,
        "start_date": initiative.start_date,
        "target_date": initiative.target_date,
        "progress": round(float(initiative.progress or 0) * 100),
        "health": initiative.health,
        "health_reason": selectors.health_reason(initiative),
        "next_milestone": initiative.next_milestone_title or None,
        "next_milestone_due": initiative.next_milestone_due,
        "last_activity_at": initiative.last_activity_at,
    }


def open_data_list(request):
    page = page_of(selectors.public_initiatives(), request.GET.get("page"), PAGE_SIZE)
    initiatives = texts.attach(selectors.with_health_reasons(page.object_list), request.LANGUAGE_CODE)
    return render(request, "open_data/list.html", {"nav": "open-data", "initiatives": initiatives, "page": page})


def _chunks() -> Iterator[list[Initiative]]:
    """Every published initiative, a chunk at a time in key order (memory and queries follow the chunk)."""
    last = ("", 0)
    while True:
        rows = list(
            selectors.public_initiatives().filter(title__gte=last[0]).exclude(title=last[0], pk__lte=last[1])[:CHUNK]
        )
        if not rows:
            return
        yield rows
        last = (rows[-1].title, rows[-1].pk)


def _json_lines() -> Iterator[str]:
    yield '{"site":' + json.dumps(settings.SITE_URL) + ',"initiatives":['
    first = True
    for rows in _chunks():
        for initiative in rows:
            yield ("" if first else ",") + json.dumps(
                published_row(initiative), cls=DjangoJSONEncoder, ensure_ascii=False
            )
            first = False
    yield "]}"


def open_data_json(request):
    response = StreamingHttpResponse(_json_lines(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="initiatives.json"'
    response["Access-Control-Allow-Origin"] = "*"  # public data, for anyone's page or script
    return response


def _published_in_chunks() -> Iterator[Initiative]:
    for rows in _chunks():
        yield from rows


def open_data_csv(request):
    table = tables.public_initiative_table(_published_in_chunks())
    response = StreamingHttpResponse(spreadsheets.csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = spreadsheets.attachment(table.file_stem, "csv")
    response["Access-Control-Allow-Origin"] = "*"
    return response


urlpatterns = [
    path("", open_data_list, name="list"),
    path("initiatives.json", open_data_json, name="json"),
    path("initiatives.csv", open_data_csv, name="csv"),
]

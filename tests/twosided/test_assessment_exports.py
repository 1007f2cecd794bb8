"""Exports: each side's rating and the disagreement flag in the initiatives CSV and Excel, not in open data."""

import datetime

import time_machine
from django.urls import reverse

from proposals.exports import tables
from proposals.models import Initiative
from tests.exports.test_tables import csv_rows, list_export, sheet

NOW = datetime.datetime(2026, 11, 2, 0, 0, tzinfo=datetime.UTC)


def test_list_export_has_each_sides_rating_and_the_flag(world):
    Initiative.objects.filter(pk=world.initiative.pk).update(
        kr_rating="on_track", jp_rating="at_risk", disagreement_since=datetime.date(2026, 10, 1)
    )
    Initiative.objects.filter(pk=world.restricted.pk).update(
        kr_rating="off_track", jp_rating="at_risk", disagreement_since=datetime.date(2026, 10, 30)
    )
    with time_machine.travel(NOW, tick=False):
        rows = csv_rows(list_export(world.client(world.coordinator)))
        workbook = sheet(list_export(world.client(world.coordinator), "xlsx"))
    by_title = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    swap, whitelist = by_title["Currency swap expansion"], by_title["Whitelist restoration"]
    assert (swap["Korea says"], swap["Japan says"], swap["Sides disagree since"]) == (
        "On track",
        "At risk",
        "2026-10-01",
    )
    # Three days of disagreement are not yet flagged.
    assert (whitelist["Korea says"], whitelist["Sides disagree since"]) == ("Off track", "")
    headers = [cell.value for cell in next(workbook.iter_rows(max_row=1))]
    assert {"Korea says", "Japan says", "Sides disagree since"} <= set(headers)


def test_list_export_filters_by_disagreement(world):
    Initiative.objects.filter(pk=world.initiative.pk).update(
        kr_rating="on_track", jp_rating="at_risk", disagreement_since=datetime.date(2026, 10, 1)
    )
    with time_machine.travel(NOW, tick=False):
        rows = csv_rows(list_export(world.client(world.coordinator), disagreement="true"))
    assert [row[0] for row in rows[1:]] == ["Currency swap expansion"]


def test_open_data_does_not_show_the_sides_readings(world):
    Initiative.objects.filter(pk=world.initiative.pk).update(is_public=True, kr_rating="on_track")
    headers = [str(column.header) for column in tables.PUBLIC_COLUMNS]
    assert "Korea says" not in headers and "Sides disagree since" not in headers
    assert reverse("proposals:initiative-list-export", args=["csv"])

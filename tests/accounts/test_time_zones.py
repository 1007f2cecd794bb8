"""The time-zone picker: programme zones first, regions after, offsets shown, legacy aliases left out."""

import datetime
import zoneinfo

import time_machine
from django.utils import translation

from accounts import time_zones
from accounts.forms import PreferencesForm
from tests import factories


def options(grouped):
    return [value for _heading, entries in grouped for value, _label in entries]


def test_the_programmes_zones_come_first_with_their_offsets():
    with time_machine.travel(datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC), tick=False):
        grouped = time_zones.choices()
    _heading, first = grouped[0]
    assert [value for value, _label in first[:3]] == ["Asia/Seoul", "Asia/Tokyo", "UTC"]
    labels = dict(first)
    assert labels["Asia/Seoul"] == "Seoul (UTC+09:00)"
    assert labels["Europe/London"] == "London (UTC+01:00)"  # summer time on 1 July
    assert labels["America/Los_Angeles"] == "Los Angeles (UTC−07:00)"


def test_offsets_follow_daylight_saving_time():
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC), tick=False):
        labels = dict(time_zones.choices()[0][1])
    assert labels["Europe/London"] == "London (UTC+00:00)"


def test_the_rest_is_grouped_by_region_without_legacy_aliases():
    grouped = time_zones.choices()
    values = options(grouped)
    assert len(values) == len(set(values))
    assert {"Asia/Kolkata", "America/Argentina/Buenos_Aires", "Pacific/Auckland"} <= set(values)
    for legacy in ("Factory", "localtime", "GB-Eire", "Navajo", "Zulu", "US/Eastern", "Etc/GMT+5", "Asia/Calcutta"):
        assert legacy not in values
    assert all(value in zoneinfo.available_timezones() for value in values)
    regions = [heading for heading, _entries in grouped[1:]]
    assert "Europe" in regions and "Asia" in regions
    assert ("Asia/Kolkata", "Kolkata (UTC+05:30)") in dict(grouped[1:])["Asia"]


def test_headings_are_in_the_readers_language():
    with translation.override("ko"):
        headings = [heading for heading, _entries in time_zones.choices()]
    assert "유럽" in headings


def test_a_saved_legacy_zone_stays_offered_and_an_unknown_one_is_refused(db):
    user = factories.UserFactory(time_zone="Zulu")
    form = PreferencesForm(instance=user)
    assert "Zulu" in options(form.fields["time_zone"].choices)
    data = {
        "version": user.version,
        "display_name": "X",
        "language": "en",
        "time_zone": "Mars/Olympus",
        "digest_frequency": "weekly",
    }
    bound = PreferencesForm(data, instance=user)
    assert not bound.is_valid()
    assert "time_zone" in bound.errors

"""API v1 indicators with their readings, evidence and progress updates: writes through the services,
reads through the read rule, strict input, and each list's query budget."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from proposals import models as m
from tests import factories
from tests.conftest import World

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
NEXT_MONTH = TODAY + datetime.timedelta(days=30)
HUGE_ID = 2**40


def api(user, *, read_only: bool = False) -> Client:
    _token, key = tokens.issue(user, name="script", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def post(client: Client, name: str, body, *args, **headers):
    return client.post(reverse(f"api:{name}", args=args), body, content_type="application/json", headers=headers)


def patch(client: Client, indicator, body, **headers):
    url = reverse("api:indicator-detail", args=[indicator.pk])
    return client.patch(url, body, content_type="application/json", headers=headers)


def fields_of(response) -> set[str]:
    assert response.status_code == 400, (response.status_code, response.content)
    assert set(response.json()) == {"code", "message", "fields"}
    return set(response.json()["fields"])


def as_of(indicator) -> tuple[str, Decimal, Decimal, Decimal | None, int]:
    indicator.refresh_from_db()
    return indicator.name, indicator.baseline, indicator.target, indicator.current_value, indicator.version


# Indicators ---------------------------------------------------------------------------------------------


def test_a_member_creates_an_indicator_with_numbers_as_text_or_numbers(world: World):
    response = post(
        api(world.member),
        "indicator-list",
        {
            "initiative": world.initiative.slug,
            "name": "Swap line",
            "unit": "USD billion",
            "baseline": "10.5",
            "target": 30,
        },
    )

    assert response.status_code == 201, response.json()
    indicator = m.Indicator.objects.get(pk=response.json()["id"])
    assert (indicator.initiative, indicator.name, indicator.unit) == (world.initiative, "Swap line", "USD billion")
    assert (indicator.baseline, indicator.target, indicator.current_value) == (Decimal("10.5"), 30, None)
    assert response.json()["baseline"] == "10.50" and response.json()["current_value"] is None
    assert response["ETag"] == '"1"'
    assert m.Activity.objects.filter(initiative=world.initiative, verb="indicator.created").count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"baseline": "ten"}, "baseline"),
        ({"baseline": "NaN"}, "baseline"),
        ({"target": "Infinity"}, "target"),
        ({"target": "1e30"}, "target"),
        ({"target": 10**40}, "target"),
        ({"baseline": "1.234"}, "baseline"),
        ({"baseline": True}, "baseline"),
        ({"baseline": None}, "baseline"),
        ({"name": ""}, "name"),
        ({"name": "Two\nlines"}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "nul\x00byte"}, "name"),
        ({"unit": None}, "unit"),
        ({"initiative": "no-such-slug!"}, "initiative"),
        ({"current_value": 12}, "current_value"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_creating_an_indicator_with_bad_input_is_400_naming_the_field_and_creates_nothing(world: World, body, field):
    given = {"initiative": world.initiative.slug, "name": "Swap line", "unit": "%", "baseline": 1, "target": 2}

    response = post(api(world.member), "indicator-list", {**given, **body})

    assert field in fields_of(response)
    assert not m.Indicator.objects.exists()
    assert not m.Activity.objects.filter(verb="indicator.created").exists()


@pytest.mark.parametrize("body", [[], ["name"], "name", 12, None, True])
def test_a_body_that_is_not_an_object_is_400_on_every_write(world: World, body):
    indicator = factories.IndicatorFactory(initiative=world.initiative)
    client = api(world.member)
    raw = json.dumps(body)

    answers = [
        post(client, "indicator-list", raw),
        patch(client, indicator, raw),
        post(client, "indicator-readings", raw, indicator.pk),
        post(client, "evidence-list", raw),
        post(client, "progress-update-list", raw),
    ]

    assert [answer.status_code for answer in answers] == [400] * 5
    assert all(answer.json()["code"] == "invalid" for answer in answers)
    assert as_of(indicator)[-1] == 1
    assert not (m.IndicatorReading.objects.exists() or m.EvidenceLink.objects.exists())
    assert not m.ProgressUpdate.objects.exists()


def test_malformed_json_is_400_and_another_media_type_415(world: World):
    client = api(world.member)
    url = reverse("api:indicator-list")

    broken = client.post(url, "{not json", content_type="application/json")
    form = client.post(url, {"initiative": world.initiative.slug, "name": "n", "unit": "u", "baseline": 1, "target": 2})

    assert (broken.status_code, broken.json()["code"]) == (400, "parse_error")
    assert (form.status_code, form.json()["code"]) == (415, "unsupported_media_type")
    assert not m.Indicator.objects.exists()


def test_an_indicator_name_is_unique_per_initiative(world: World):
    factories.IndicatorFactory(initiative=world.initiative, name="Swap line")

    response = post(
        api(world.member),
        "indicator-list",
        {"initiative": world.initiative.slug, "name": "Swap line", "unit": "%", "baseline": 1, "target": 2},
    )

    assert fields_of(response)
    assert m.Indicator.objects.count() == 1


def test_an_indicator_is_read_with_its_etag_and_edited_with_if_match(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative, name="Swap line", baseline=10, target=30)
    client = api(world.member)

    read = client.get(reverse("api:indicator-detail", args=[indicator.pk]))
    assert read.status_code == 200
    assert (read.json()["name"], read.json()["initiative"], read["ETag"]) == ("Swap line", world.initiative.slug, '"1"')

    edited = patch(client, indicator, {"target": "45.25", "name": "Swap line (total)"}, **{"If-Match": read["ETag"]})

    assert edited.status_code == 200, edited.json()
    assert edited.json()["target"] == "45.25" and edited["ETag"] == '"2"'
    assert as_of(indicator) == ("Swap line (total)", Decimal(10), Decimal("45.25"), None, 2)
    change = m.Activity.objects.get(verb="indicator.edited").details["changes"]
    assert set(change) == {"name", "target"}


def test_a_stale_indicator_edit_is_412_by_header_or_body_and_changes_nothing(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative, name="Swap line", target=30)
    client = api(world.member)
    assert patch(client, indicator, {"unit": "USD"}).status_code == 200  # version 2 now
    before = as_of(indicator)

    by_header = patch(client, indicator, {"target": 99}, **{"If-Match": '"1"'})
    by_body = patch(client, indicator, {"target": 99, "version": 1})

    assert (by_header.status_code, by_body.status_code) == (412, 412)
    assert by_header.json()["code"] == "stale_edit"
    assert as_of(indicator) == before


@pytest.mark.parametrize(
    ("body", "headers", "field"),
    [
        ({"target": "lots"}, {}, "target"),
        ({"target": 5, "version": "two"}, {}, "version"),
        ({"target": 5}, {"If-Match": "yesterday"}, "If-Match"),
        ({"target": 5, "current_value": 3}, {}, "current_value"),
        ({"name": None}, {}, "name"),
    ],
)
def test_a_bad_indicator_edit_is_400_and_changes_nothing(world: World, body, headers, field):
    indicator = factories.IndicatorFactory(initiative=world.initiative, target=30)
    before = as_of(indicator)

    response = patch(api(world.member), indicator, body, **headers)

    assert field in fields_of(response)
    assert as_of(indicator) == before


def test_an_indicator_is_edited_with_patch_only(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative)
    url = reverse("api:indicator-detail", args=[indicator.pk])
    client = api(world.member)

    assert client.put(url, {"target": 5}, content_type="application/json").status_code == 405
    assert client.delete(url).status_code == 405
    assert m.Indicator.objects.filter(pk=indicator.pk, version=1).exists()


# Readings -----------------------------------------------------------------------------------------------


def test_a_reading_becomes_the_indicator_current_value_when_it_is_the_latest(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative, baseline=10, target=30)
    evidence = factories.EvidenceLinkFactory(initiative=world.initiative)
    client = api(world.member)
    last_week = TODAY - datetime.timedelta(days=7)

    first = post(
        client,
        "indicator-readings",
        {"date": YESTERDAY.isoformat(), "value": "17.5", "note": "BOK figures", "evidence": evidence.pk},
        indicator.pk,
    )
    older = post(client, "indicator-readings", {"date": last_week.isoformat(), "value": 12}, indicator.pk)

    assert (first.status_code, older.status_code) == (201, 201), (first.json(), older.json())
    assert first.json()["value"] == "17.50" and first.json()["evidence"] == evidence.pk
    assert first.json()["recorded_by"] == world.member.username
    reading = m.IndicatorReading.objects.get(pk=first.json()["id"])
    assert (reading.date, reading.value, reading.note, reading.evidence) == (YESTERDAY, 17.5, "BOK figures", evidence)
    assert as_of(indicator)[3:] == (Decimal("17.5"), 2), "the older reading left the current value as it was"
    shown = client.get(reverse("api:indicator-detail", args=[indicator.pk]))
    assert (shown.json()["current_value"], shown["ETag"]) == ("17.50", '"2"')
    listed = client.get(reverse("api:indicator-readings", args=[indicator.pk])).json()
    assert listed["count"] == 2
    assert [row["date"] for row in listed["results"]] == [last_week.isoformat(), YESTERDAY.isoformat()]
    assert m.Activity.objects.filter(verb="indicator.reading_added").count() == 2


def test_readings_are_paginated(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative)
    factories.IndicatorReadingFactory.create_batch(5, indicator=indicator)

    page = api(world.member).get(reverse("api:indicator-readings", args=[indicator.pk]), {"page_size": 2, "page": 2})

    assert page.status_code == 200
    assert page.json()["count"] == 5 and len(page.json()["results"]) == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2025-02-30"}, "date"),
        ({"date": "31/12/2025"}, "date"),
        ({"date": (TODAY + datetime.timedelta(days=10)).isoformat()}, "date"),
        ({"date": None}, "date"),
        ({"value": "12,5"}, "value"),
        ({"value": "1e20"}, "value"),
        ({"value": []}, "value"),
        ({"note": "two\nlines"}, "note"),
        ({"evidence": HUGE_ID}, "evidence"),
        ({"evidence": "first"}, "evidence"),
        ({"evidence": 0}, "evidence"),
        ({"recorded_by": "someone"}, "recorded_by"),
    ],
)
def test_a_bad_reading_is_400_naming_the_field_and_records_nothing(world: World, body, field):
    indicator = factories.IndicatorFactory(initiative=world.initiative)

    response = post(
        api(world.member), "indicator-readings", {"date": YESTERDAY.isoformat(), "value": 5, **body}, indicator.pk
    )

    assert field in fields_of(response)
    assert not m.IndicatorReading.objects.exists()
    assert as_of(indicator)[3:] == (None, 1)


def test_a_reading_refuses_evidence_of_another_initiative_and_a_second_reading_on_one_date(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative)
    factories.IndicatorReadingFactory(indicator=indicator, date=YESTERDAY, value=3)
    elsewhere = factories.EvidenceLinkFactory(initiative=factories.InitiativeFactory(working_group=world.group))
    member = api(world.member)

    same_date = post(member, "indicator-readings", {"date": YESTERDAY.isoformat(), "value": 4}, indicator.pk)
    foreign = post(
        member, "indicator-readings", {"date": TODAY.isoformat(), "value": 4, "evidence": elsewhere.pk}, indicator.pk
    )

    assert fields_of(same_date) == {"date"}
    assert fields_of(foreign) == {"evidence"}
    assert m.IndicatorReading.objects.count() == 1
    assert as_of(indicator)[3:] == (None, 1)


def test_evidence_the_caller_may_not_read_is_no_evidence_at_all(world: World):
    own = factories.InitiativeFactory(working_group=world.other_group)
    indicator = factories.IndicatorFactory(initiative=own)
    hidden = factories.EvidenceLinkFactory(initiative=world.restricted)
    client = api(world.other_group_member)

    reading = post(
        client, "indicator-readings", {"date": TODAY.isoformat(), "value": 4, "evidence": hidden.pk}, indicator.pk
    )
    progress = post(client, "progress-update-list", {"initiative": own.slug, "note": "Moved.", "evidence": hidden.pk})

    assert fields_of(reading) == fields_of(progress) == {"evidence"}
    assert reading.json()["fields"] == progress.json()["fields"]
    assert "another initiative" not in str(reading.json()), "nothing tells the hidden evidence exists"
    assert not (m.IndicatorReading.objects.exists() or m.ProgressUpdate.objects.exists())


def test_readings_refuse_unknown_query_parameters(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative)

    response = api(world.member).get(reverse("api:indicator-readings", args=[indicator.pk]), {"since": "2025-01-01"})

    assert fields_of(response) == {"since"}


# Evidence -----------------------------------------------------------------------------------------------


def test_a_member_adds_evidence_to_a_milestone_and_the_address_is_stored_normalised(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative)
    published = YESTERDAY.isoformat()

    response = post(
        api(world.member),
        "evidence-list",
        {
            "initiative": world.initiative.slug,
            "url": "HTTPS://WWW.BOK.OR.KR:443/swap?id=7",
            "title": "BOK press release",
            "kind": "official",
            "published_on": published,
            "note": "Signed on the day.",
            "milestone": milestone.pk,
        },
    )

    assert response.status_code == 201, response.json()
    evidence = m.EvidenceLink.objects.get(pk=response.json()["id"])
    assert (evidence.url, evidence.title, evidence.kind) == (
        "https://www.bok.or.kr/swap?id=7",
        "BOK press release",
        "official",
    )
    assert (evidence.milestone, evidence.published_on, evidence.added_by) == (milestone, YESTERDAY, world.member)
    assert response.json()["milestone"] == milestone.pk and response.json()["added_by"] == world.member.username
    detail = api(world.stakeholder).get(reverse("api:evidence-detail", args=[evidence.pk]))
    assert detail.status_code == 200 and detail.json()["url"] == evidence.url
    assert m.Activity.objects.filter(verb="evidence.added", milestone=milestone).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://example.org/file.pdf"}, "url"),
        ({"url": "https://user:secret@example.org/"}, "url"),
        ({"url": "https://"}, "url"),
        ({"url": ""}, "url"),
        ({"url": "https://example.org/" + "a" * 2_000}, "url"),
        ({"url": 42}, "url"),
        ({"url": "https://example.org/\x00"}, "url"),
        ({"title": ""}, "title"),
        ({"title": "a\tb"}, "title"),
        ({"kind": "rumour"}, "kind"),
        ({"published_on": "yesterday"}, "published_on"),
        ({"published_on": (TODAY + datetime.timedelta(days=30)).isoformat()}, "published_on"),
        ({"note": "x" * 5_001}, "note"),
        ({"milestone": HUGE_ID}, "milestone"),
        ({"milestone": 1.5}, "milestone"),
        ({"added_by": "admin.yoon"}, "added_by"),
    ],
)
def test_bad_evidence_is_400_naming_the_field_and_adds_nothing(world: World, body, field):
    given = {"initiative": world.initiative.slug, "url": "https://example.org/a", "title": "A report"}

    response = post(api(world.member), "evidence-list", {**given, **body})

    assert field in fields_of(response)
    assert not m.EvidenceLink.objects.exists()


def test_evidence_refuses_a_milestone_of_another_initiative_and_the_same_address_twice(world: World):
    factories.EvidenceLinkFactory(initiative=world.initiative, url="https://example.org/report")
    elsewhere = factories.MilestoneFactory(initiative=factories.InitiativeFactory(working_group=world.group))
    client = api(world.member)
    given = {"initiative": world.initiative.slug, "title": "A report"}

    twice = post(client, "evidence-list", {**given, "url": "https://EXAMPLE.org/report"})
    foreign = post(client, "evidence-list", {**given, "url": "https://example.org/other", "milestone": elsewhere.pk})

    assert fields_of(twice) == {"url"}
    assert fields_of(foreign) == {"milestone"}
    assert m.EvidenceLink.objects.count() == 1


def test_evidence_lists_filter_by_initiative_and_milestone(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative)
    other = factories.InitiativeFactory(working_group=world.group)
    on_milestone = factories.EvidenceLinkFactory(initiative=world.initiative, milestone=milestone)
    loose = factories.EvidenceLinkFactory(initiative=world.initiative)
    elsewhere = factories.EvidenceLinkFactory(initiative=other)
    client = api(world.member)

    def ids(**params) -> set[int]:
        response = client.get(reverse("api:evidence-list"), params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {on_milestone.pk, loose.pk, elsewhere.pk}
    assert ids(initiative=world.initiative.slug) == {on_milestone.pk, loose.pk}
    assert ids(milestone=milestone.pk) == {on_milestone.pk}
    assert ids(initiative=other.slug, milestone=milestone.pk) == set()


# Progress updates ---------------------------------------------------------------------------------------


def test_a_member_logs_progress_on_a_milestone_with_evidence(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative)
    evidence = factories.EvidenceLinkFactory(initiative=world.initiative)

    response = post(
        api(world.member),
        "progress-update-list",
        {
            "initiative": world.initiative.slug,
            "note": "Working-level talks concluded.",
            "percent": 40,
            "milestone": milestone.pk,
            "evidence": evidence.pk,
            "date": YESTERDAY.isoformat(),
        },
    )

    assert response.status_code == 201, response.json()
    update = m.ProgressUpdate.objects.get(pk=response.json()["id"])
    assert (update.initiative, update.milestone, update.evidence) == (world.initiative, milestone, evidence)
    assert (update.note, update.percent, update.date, update.author) == (
        "Working-level talks concluded.",
        40,
        YESTERDAY,
        world.member,
    )
    assert response.json()["author"] == world.member.username
    assert m.Activity.objects.filter(verb="progress.logged", milestone=milestone).count() == 1


def test_progress_is_dated_today_when_no_date_is_given(world: World):
    response = post(api(world.owner), "progress-update-list", {"initiative": world.initiative.slug, "note": "Moved."})

    assert response.status_code == 201, response.json()
    assert response.json()["date"] == TODAY.isoformat() and response.json()["percent"] is None
    assert m.ProgressUpdate.objects.get().author == world.owner


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"note": ""}, "note"),
        ({"note": "   "}, "note"),
        ({"note": "x" * 5_001}, "note"),
        ({"percent": 101}, "percent"),
        ({"percent": -1}, "percent"),
        ({"percent": "half"}, "percent"),
        ({"percent": 40.5}, "percent"),
        ({"percent": 10**40}, "percent"),
        ({"note": "nul\x00byte"}, "note"),
        ({"date": NEXT_MONTH.isoformat()}, "date"),
        ({"date": "2025-13-01"}, "date"),
        ({"milestone": "first"}, "milestone"),
        ({"evidence": HUGE_ID}, "evidence"),
        ({"author": "admin.yoon"}, "author"),
    ],
)
def test_bad_progress_is_400_naming_the_field_and_logs_nothing(world: World, body, field):
    response = post(
        api(world.member), "progress-update-list", {"initiative": world.initiative.slug, "note": "Moved.", **body}
    )

    assert field in fields_of(response)
    assert not m.ProgressUpdate.objects.exists()


def test_progress_refuses_a_milestone_or_evidence_of_another_initiative(world: World):
    other = factories.InitiativeFactory(working_group=world.group)
    client = api(world.member)
    given = {"initiative": world.initiative.slug, "note": "Moved."}

    milestone = post(
        client, "progress-update-list", {**given, "milestone": factories.MilestoneFactory(initiative=other).pk}
    )
    evidence = post(
        client, "progress-update-list", {**given, "evidence": factories.EvidenceLinkFactory(initiative=other).pk}
    )

    assert (fields_of(milestone), fields_of(evidence)) == ({"milestone"}, {"evidence"})
    assert not m.ProgressUpdate.objects.exists()


def test_progress_lists_filter_by_initiative_and_milestone_newest_first(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative)
    other = factories.InitiativeFactory(working_group=world.group)
    old = factories.ProgressUpdateFactory(initiative=world.initiative, date=TODAY - datetime.timedelta(days=9))
    on_milestone = factories.ProgressUpdateFactory(initiative=world.initiative, milestone=milestone, date=YESTERDAY)
    elsewhere = factories.ProgressUpdateFactory(initiative=other, date=TODAY)
    client = api(world.member)

    def ids(**params) -> list[int]:
        response = client.get(reverse("api:progress-update-list"), params)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [elsewhere.pk, on_milestone.pk, old.pk]
    assert ids(initiative=world.initiative.slug) == [on_milestone.pk, old.pk]
    assert ids(milestone=milestone.pk) == [on_milestone.pk]
    detail = client.get(reverse("api:progress-update-detail", args=[on_milestone.pk]))
    assert detail.status_code == 200 and detail.json()["milestone"] == milestone.pk


# Filters ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("indicator-list", {"colour": "red"}, "colour"),
        ("indicator-list", {"milestone": "3"}, "milestone"),
        ("evidence-list", {"milestone": "1.5"}, "milestone"),
        ("evidence-list", {"milestone": "first"}, "milestone"),
        ("evidence-list", {"milestone": str(HUGE_ID)}, "milestone"),
        ("evidence-list", {"kind": "news"}, "kind"),
        ("progress-update-list", {"milestone": "-1"}, "milestone"),
        ("progress-update-list", {"since": "2025-01-01"}, "since"),
    ],
)
def test_unknown_or_malformed_filters_are_400_naming_them(world: World, name, params, field):
    response = api(world.member).get(reverse(f"api:{name}"), params)

    assert fields_of(response) == {field}


@pytest.mark.parametrize(
    "name", ["indicator-detail", "evidence-detail", "progress-update-detail", "indicator-readings"]
)
def test_ids_that_name_nothing_are_404(world: World, name):
    client = api(world.member)

    for pk in (12345, 9_999_999_999, HUGE_ID, "abc", "1.5"):
        url = reverse(f"api:{name}", args=[1]).replace("/1/", f"/{pk}/")
        response = client.get(url)
        assert response.status_code == 404, (pk, response.content)
        assert response.json()["code"] == "not_found"


# Who may read and who may act ---------------------------------------------------------------------------


def test_what_hangs_off_an_initiative_the_caller_may_not_read_is_404_and_never_listed(world: World):
    indicator = factories.IndicatorFactory(initiative=world.restricted, name="Hidden indicator")
    factories.IndicatorReadingFactory(indicator=indicator)
    evidence = factories.EvidenceLinkFactory(initiative=world.restricted, title="Hidden evidence")
    update = factories.ProgressUpdateFactory(initiative=world.restricted, note="Hidden progress")
    stakeholder = api(world.stakeholder)

    for name, obj in (
        ("indicator-detail", indicator),
        ("indicator-readings", indicator),
        ("evidence-detail", evidence),
        ("progress-update-detail", update),
    ):
        assert stakeholder.get(reverse(f"api:{name}", args=[obj.pk])).status_code == 404, name
    assert stakeholder.get(reverse("api:indicator-list")).json()["count"] == 0
    assert stakeholder.get(reverse("api:evidence-list")).json()["count"] == 0
    assert stakeholder.get(reverse("api:progress-update-list")).json()["count"] == 0
    by_owner = api(world.owner).get(reverse("api:indicator-list"), {"initiative": world.restricted.slug}).json()
    assert [row["name"] for row in by_owner["results"]] == ["Hidden indicator"]


def test_writing_on_an_initiative_the_caller_may_not_read_is_404_and_writes_nothing(world: World):
    indicator = factories.IndicatorFactory(initiative=world.restricted, target=30)
    stakeholder = api(world.stakeholder)
    slug = world.restricted.slug

    answers = [
        post(stakeholder, "indicator-list", {"initiative": slug, "name": "n", "unit": "u", "baseline": 1, "target": 2}),
        patch(stakeholder, indicator, {"target": 99}),
        post(stakeholder, "indicator-readings", {"date": YESTERDAY.isoformat(), "value": 1}, indicator.pk),
        post(stakeholder, "evidence-list", {"initiative": slug, "url": "https://example.org/x", "title": "Sneaky"}),
        post(stakeholder, "progress-update-list", {"initiative": slug, "note": "Sneaky"}),
    ]

    assert [answer.status_code for answer in answers] == [404] * 5
    assert all(answer.json()["code"] == "not_found" for answer in answers)
    assert m.Indicator.objects.count() == 1 and as_of(indicator)[2:] == (Decimal(30), None, 1)
    assert not (m.IndicatorReading.objects.exists() or m.EvidenceLink.objects.exists())
    assert not m.ProgressUpdate.objects.exists()


@pytest.mark.parametrize("role", ["stakeholder", "other_group_member"])
def test_a_reader_who_is_not_a_member_may_read_but_not_write(world: World, role):
    indicator = factories.IndicatorFactory(initiative=world.initiative, target=30)
    client = api(world.user(role))
    slug = world.initiative.slug

    assert client.get(reverse("api:indicator-detail", args=[indicator.pk])).status_code == 200
    answers = [
        post(client, "indicator-list", {"initiative": slug, "name": "n", "unit": "u", "baseline": 1, "target": 2}),
        patch(client, indicator, {"target": 99}),
        post(client, "indicator-readings", {"date": YESTERDAY.isoformat(), "value": 1}, indicator.pk),
        post(client, "evidence-list", {"initiative": slug, "url": "https://example.org/x", "title": "Mine"}),
        post(client, "progress-update-list", {"initiative": slug, "note": "Mine"}),
    ]

    assert [answer.status_code for answer in answers] == [403] * 5
    assert all(answer.json()["code"] == "permission_denied" for answer in answers)
    assert m.Indicator.objects.count() == 1 and as_of(indicator)[2:] == (Decimal(30), None, 1)
    assert not (m.IndicatorReading.objects.exists() or m.EvidenceLink.objects.exists())
    assert not m.ProgressUpdate.objects.exists()


def test_a_read_only_token_reads_but_every_write_is_refused(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative, target=30)
    client = api(world.member, read_only=True)
    slug = world.initiative.slug

    assert client.get(reverse("api:indicator-readings", args=[indicator.pk])).status_code == 200
    answers = [
        post(client, "indicator-list", {"initiative": slug, "name": "n", "unit": "u", "baseline": 1, "target": 2}),
        patch(client, indicator, {"target": 99}),
        post(client, "indicator-readings", {"date": YESTERDAY.isoformat(), "value": 1}, indicator.pk),
        post(client, "evidence-list", {"initiative": slug, "url": "https://example.org/x", "title": "Mine"}),
        post(client, "progress-update-list", {"initiative": slug, "note": "Mine"}),
    ]

    assert [answer.status_code for answer in answers] == [403] * 5
    assert m.Indicator.objects.count() == 1 and as_of(indicator)[2:] == (Decimal(30), None, 1)
    assert not (m.IndicatorReading.objects.exists() or m.EvidenceLink.objects.exists())
    assert not m.ProgressUpdate.objects.exists()


def test_without_credentials_nothing_is_read(world: World):
    indicator = factories.IndicatorFactory(initiative=world.initiative)

    assert Client().get(reverse("api:indicator-list")).status_code == 401
    assert Client().get(reverse("api:indicator-readings", args=[indicator.pk])).status_code == 401


# Query budgets ------------------------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 100})
        assert response.status_code == 200, response.json()
    return len(captured)


def _reader(world: World) -> Client:
    client = api(world.member)
    client.get(reverse("api:me"))  # the token's first use records it
    return client


def test_the_indicator_and_reading_lists_cost_the_same_queries_for_few_and_many_rows(world: World):
    client = _reader(world)
    indicator = factories.IndicatorFactory(initiative=world.initiative)
    factories.IndicatorReadingFactory(indicator=indicator, recorded_by=world.member)
    readings = reverse("api:indicator-readings", args=[indicator.pk])
    few = (_queries(client, reverse("api:indicator-list")), _queries(client, readings))
    for initiative in factories.InitiativeFactory.create_batch(5, working_group=world.group):
        factories.IndicatorFactory.create_batch(4, initiative=initiative)
    evidence = factories.EvidenceLinkFactory.create_batch(3, initiative=world.initiative)
    for n in range(12):
        factories.IndicatorReadingFactory(indicator=indicator, recorded_by=world.submitter, evidence=evidence[n % 3])

    assert (_queries(client, reverse("api:indicator-list")), _queries(client, readings)) == few


def test_the_evidence_list_costs_the_same_queries_for_few_and_many_rows(world: World):
    client = _reader(world)
    factories.EvidenceLinkFactory(initiative=world.initiative, added_by=world.member)
    few = _queries(client, reverse("api:evidence-list"))
    for initiative in factories.InitiativeFactory.create_batch(5, working_group=world.group):
        milestone = factories.MilestoneFactory(initiative=initiative)
        factories.EvidenceLinkFactory.create_batch(4, initiative=initiative, milestone=milestone, added_by=world.owner)

    assert _queries(client, reverse("api:evidence-list")) == few


def test_the_progress_list_costs_the_same_queries_for_few_and_many_rows(world: World):
    client = _reader(world)
    factories.ProgressUpdateFactory(initiative=world.initiative, author=world.member)
    few = _queries(client, reverse("api:progress-update-list"))
    for initiative in factories.InitiativeFactory.create_batch(5, working_group=world.group):
        milestone = factories.MilestoneFactory(initiative=initiative)
        evidence = factories.EvidenceLinkFactory(initiative=initiative)
        factories.ProgressUpdateFactory.create_batch(4, initiative=initiative, milestone=milestone, evidence=evidence)

    assert _queries(client, reverse("api:progress-update-list")) == few

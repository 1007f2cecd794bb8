"""API v1: each side's assessments (``/api/v1/assessments/``); the initiative's ``assessments`` and ``disagreement``."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import tokens
from proposals import services
from proposals.models import Assessment, Initiative
from tests import factories

NOW = datetime.datetime(2026, 11, 2, 0, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def api(user) -> Client:
    _token, key = tokens.issue(user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def post(client: Client, body):
    return client.post(reverse("api:assessment-list"), body, content_type="application/json")


def body(**changes):
    return {"initiative": "currency-swap", "rating": "at_risk", "rationale": "The Diet has not voted.", **changes}


def test_owner_posts_an_assessment_for_their_side(world):
    response = post(api(world.owner), body(confidence="low", next_update_on="2026-11-20"))
    assert response.status_code == 201
    data = response.json()
    assert {k: data[k] for k in ("initiative", "side", "rating", "confidence", "next_update_on", "author")} == {
        "initiative": "currency-swap",
        "side": "KR",
        "rating": "at_risk",
        "confidence": "low",
        "next_update_on": "2026-11-20",
        "author": "owner.choi",
    }
    assert Initiative.objects.get(pk=world.initiative.pk).kr_rating == "at_risk"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rating": "fine"}, "rating"),
        ({"rationale": ""}, "rationale"),
        ({"rationale": "x" * 2001}, "rationale"),
        ({"confidence": "absolute"}, "confidence"),
        ({"next_update_on": "2026-10-01"}, "next_update_on"),
        ({"side": "JP"}, "side"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_creates_nothing(world, changes, field):
    response = post(api(world.owner), body(**changes))
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "fields"}
    assert field in response.json()["fields"]
    assert not Assessment.objects.exists()


def test_member_is_refused_403(world):
    response = post(api(world.member), body())
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_unreadable_initiative_is_404(world):
    response = post(api(world.stakeholder), body(initiative="whitelist"))
    assert response.status_code == 404
    response = post(api(world.owner), body(initiative="no-such-initiative"))
    assert response.status_code == 404


def test_history_lists_newest_first_and_only_what_the_reader_may_read(world):
    services.post_assessment(initiative=world.initiative, actor=world.owner, rating="on_track", rationale="First.")
    services.post_assessment(
        initiative=world.restricted, actor=world.owner, rating="off_track", rationale="Restricted."
    )
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        services.post_assessment(
            initiative=world.initiative, actor=world.other_coordinator, rating="at_risk", rationale="Second."
        )
    response = api(world.stakeholder).get(reverse("api:assessment-list"), {"initiative": "currency-swap"})
    assert response.status_code == 200
    assert [row["rationale"] for row in response.json()["results"]] == ["Second.", "First."]
    everything = api(world.stakeholder).get(reverse("api:assessment-list")).json()
    assert "Restricted." not in [row["rationale"] for row in everything["results"]]
    japan = api(world.stakeholder).get(reverse("api:assessment-list"), {"side": "JP"}).json()
    assert [row["side"] for row in japan["results"]] == ["JP"]


def test_unknown_list_parameter_is_400(world):
    response = api(world.stakeholder).get(reverse("api:assessment-list"), {"rating": "on_track"})
    assert response.status_code == 400


def test_history_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = api(world.stakeholder)
    url = reverse("api:assessment-list")
    for _ in range(3):
        factories.AssessmentFactory(initiative=world.initiative, author=factories.UserFactory())
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        factories.AssessmentFactory(initiative=factories.InitiativeFactory(), author=factories.UserFactory())
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_initiative_shows_each_side_and_the_disagreement(world):
    japanese = factories.UserFactory(username="owner.ito", country="JP")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=japanese, side="JP")
    with time_machine.travel(NOW - datetime.timedelta(days=20), tick=False):
        services.post_assessment(initiative=world.initiative, actor=world.owner, rating="on_track", rationale="A.")
        services.post_assessment(initiative=world.initiative, actor=japanese, rating="at_risk", rationale="B.")
    data = api(world.stakeholder).get(reverse("api:initiative-detail", args=["currency-swap"])).json()
    assert data["assessment_cadence"] == "monthly"
    assert data["assessments"]["KR"]["rating"] == "on_track"
    assert data["assessments"]["JP"]["rating"] == "at_risk"
    assert data["assessments"]["KR"]["due"] == "2026-11-13"
    assert data["assessments"]["KR"]["overdue"] is False
    assert data["disagreement"] == {"since": "2026-10-13", "flagged": True}


def test_initiative_list_filters_by_disagreement_and_overdue_assessment(world):
    Initiative.objects.filter(pk=world.initiative.pk).update(
        kr_rating="on_track", jp_rating="off_track", disagreement_since=TODAY - datetime.timedelta(days=30)
    )
    Initiative.objects.filter(pk=world.restricted.pk).update(jp_assessment_due=TODAY - datetime.timedelta(days=1))
    client = api(world.coordinator)
    url = reverse("api:initiative-list")
    flagged = client.get(url, {"disagreement": "true"}).json()["results"]
    assert [row["slug"] for row in flagged] == ["currency-swap"]
    overdue = client.get(url, {"assessment_overdue": "true"}).json()["results"]
    assert [row["slug"] for row in overdue] == ["whitelist"]
    assert overdue[0]["assessments"]["JP"]["overdue"] is True
    bad = client.get(url, {"disagreement": "perhaps"})
    assert bad.status_code == 400 and "disagreement" in bad.json()["fields"]


def test_assessment_cadence_is_edited_through_the_api(world):
    client = api(world.owner)
    response = client.patch(
        reverse("api:initiative-detail", args=["currency-swap"]),
        {"assessment_cadence": "quarterly"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["assessment_cadence"] == "quarterly"
    bad = client.patch(
        reverse("api:initiative-detail", args=["currency-swap"]),
        {"assessment_cadence": "daily"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "assessment_cadence" in bad.json()["fields"]


def test_schema_documents_the_assessments(world):
    client = Client()
    client.force_login(world.owner)
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/assessments/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/assessments/"]
    initiative = schema["components"]["schemas"]["Initiative"]["properties"]
    assert {"assessments", "disagreement", "assessment_cadence"} <= set(initiative)

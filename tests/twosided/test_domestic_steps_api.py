"""API v1 ``domestic-steps/``: each side writes its own steps through the services, everyone reads them through
the read rule, and a milestone waiting for its steps is not submitted (400 naming them)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from proposals.models import DomesticStep, Milestone
from tests import factories


def api(user) -> Client:
    _token, key = tokens.issue(user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def patch(client: Client, step, body, **headers):
    url = reverse("api:domestic-step-detail", args=[step.pk])
    return client.patch(url, body, content_type="application/json", headers=headers)


def create(client: Client, body):
    return client.post(reverse("api:domestic-step-list"), body, content_type="application/json")


@pytest.fixture
def jp_owner(world):
    owner = factories.UserFactory(username="owner.ito", country="JP")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=owner, side="JP")
    return owner


@pytest.fixture
def signing(world):
    return factories.MilestoneFactory(
        initiative=world.initiative, title="Sign the swap agreement", status=Milestone.Status.IN_PROGRESS
    )


def test_an_owner_adds_a_step_for_their_side(world, jp_owner, signing):
    response = create(
        api(jp_owner),
        {
            "initiative": world.initiative.slug,
            "side": "JP",
            "kind": "cabinet_decision",
            "title": "Cabinet approval",
            "milestone": signing.pk,
            "owner": jp_owner.username,
            "due_on": "2026-12-01",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["ETag"] == '"1"'
    assert (body["side"], body["kind"], body["status"], body["milestone"], body["owner"], body["is_open"]) == (
        "JP",
        "cabinet_decision",
        "planned",
        signing.pk,
        "owner.ito",
        True,
    )


def test_the_other_side_is_refused_with_403_and_nothing_is_added(world, jp_owner):
    response = create(api(jp_owner), {"initiative": world.initiative.slug, "side": "KR", "kind": "signature"})
    assert response.status_code == 403
    assert response.json()["message"] == "Only Korea's owners and coordinators update Korea's domestic steps."
    assert not DomesticStep.objects.exists()


def test_unreadable_initiatives_steps_are_not_found(world):
    step = factories.DomesticStepFactory(initiative=world.restricted)
    client = api(world.stakeholder)
    assert client.get(reverse("api:domestic-step-detail", args=[step.pk])).status_code == 404
    assert patch(client, step, {"status": "done"}).status_code == 404
    response = create(client, {"initiative": world.restricted.slug, "side": "KR", "kind": "signature"})
    assert response.status_code == 404
    listed = client.get(reverse("api:domestic-step-list"), {"initiative": world.restricted.slug})
    assert listed.json()["results"] == []


def test_list_filters_by_initiative_and_side(world):
    factories.DomesticStepFactory(initiative=world.initiative, side="KR")
    japanese = factories.DomesticStepFactory(initiative=world.initiative, side="JP")
    factories.DomesticStepFactory(initiative=world.restricted, side="JP")
    response = api(world.member).get(
        reverse("api:domestic-step-list"), {"initiative": world.initiative.slug, "side": "JP"}
    )
    assert [row["id"] for row in response.json()["results"]] == [japanese.pk]


def test_unknown_fields_and_bad_kinds_are_400(world):
    response = create(
        api(world.owner), {"initiative": world.initiative.slug, "side": "KR", "kind": "referendum", "colour": "red"}
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind", "colour"}


def test_patch_marks_done_with_if_match_and_answers_the_new_etag(world):
    step = factories.DomesticStepFactory(initiative=world.initiative, side="KR")
    response = patch(api(world.owner), step, {"status": "done", "done_on": "2026-01-15"}, **{"If-Match": '"1"'})
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    assert (response.json()["status"], response.json()["done_on"]) == ("done", "2026-01-15")


def test_stale_patch_is_412_and_changes_nothing(world):
    step = factories.DomesticStepFactory(initiative=world.initiative, side="KR", version=3)
    response = patch(api(world.owner), step, {"status": "done"}, **{"If-Match": '"2"'})
    assert response.status_code == 412
    step.refresh_from_db()
    assert (step.status, step.version) == ("planned", 3)


def test_future_date_done_is_a_field_error(world):
    step = factories.DomesticStepFactory(initiative=world.initiative, side="KR")
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = patch(api(world.owner), step, {"status": "done", "done_on": future})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"done_on"}


def test_milestone_of_another_initiative_is_a_field_error(world):
    step = factories.DomesticStepFactory(initiative=world.initiative, side="KR")
    elsewhere = factories.MilestoneFactory(initiative=world.restricted)
    response = patch(api(world.owner), step, {"milestone": elsewhere.pk})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"milestone"}


def test_submitting_a_blocked_milestone_is_400_naming_the_steps(world, jp_owner, signing):
    step = factories.DomesticStepFactory(initiative=world.initiative, side="JP", milestone=signing)
    client = api(world.member)
    url = reverse("api:milestone-submit", args=[signing.pk])
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["fields"]["status"] == [
        "This milestone cannot be submitted until these domestic steps are done: Japan — Cabinet decision (planned)"
    ]
    assert patch(api(jp_owner), step, {"status": "not_needed"}).status_code == 200
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"


def test_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    client = api(world.member)
    url = reverse("api:domestic-step-list")

    def add(count):
        for _ in range(count):
            owner = factories.UserFactory()
            milestone = factories.MilestoneFactory(initiative=world.initiative)
            factories.DomesticStepFactory(initiative=world.initiative, owner=owner, milestone=milestone)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(15)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.json()["count"] == 17

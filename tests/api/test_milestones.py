"""API v1 milestones: the review workflow end to end with tokens, its refusals, and the list's filters and budget."""

from __future__ import annotations

import datetime

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

S = m.MilestoneStatus


def api(user, *, read_only: bool = False) -> Client:
    _token, key = tokens.issue(user, name="script", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def post(client: Client, milestone, step: str, body: dict | None = None, **headers):
    url = reverse(f"api:milestone-{step}", args=[milestone.pk])
    return client.post(url, body or {}, content_type="application/json", headers=headers)


def state(milestone) -> tuple[str, int]:
    milestone.refresh_from_db()
    return milestone.status, milestone.version


def test_a_script_with_tokens_walks_a_milestone_from_creation_to_approval(world: World):
    member, coordinator = api(world.member), api(world.coordinator)
    due = timezone.localdate() + datetime.timedelta(days=20)

    created = member.post(
        reverse("api:milestone-list"),
        {
            "initiative": world.initiative.slug,
            "title": "Draft MOU",
            "due_date": due.isoformat(),
            "weight": 2,
            "is_joint": False,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    milestone = m.Milestone.objects.get(pk=created.json()["id"])
    assert (milestone.title, milestone.due_date, milestone.weight) == ("Draft MOU", due, 2)

    assert post(member, milestone, "start").status_code == 200
    submitted = post(member, milestone, "submit", {"note": "Text agreed."}, **{"If-Match": created["ETag"]})
    assert submitted.status_code == 412, "the ETag of creation is stale after the start"
    submitted = post(member, milestone, "submit", {"note": "Text agreed."})
    assert submitted.json()["status"] == "submitted" and submitted.json()["submitted_by"] == world.member.username

    approved = post(coordinator, milestone, "approve", {"note": "Good."}, **{"If-Match": submitted["ETag"]})

    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved" and approved.json()["decided_by"] == world.coordinator.username
    assert approved["ETag"] == f'"{state(milestone)[1]}"'
    initiative = member.get(reverse("api:initiative-detail", args=[world.initiative.slug])).json()
    assert initiative["progress"] == 100
    verbs = list(m.Activity.objects.filter(milestone=milestone).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["milestone.created", "milestone.started", "milestone.submitted", "milestone.approved"]


def test_nobody_approves_their_own_submission_through_the_api(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.IN_PROGRESS)
    coordinator = api(world.coordinator)
    assert post(coordinator, milestone, "submit").status_code == 200
    before = state(milestone)

    refused = post(coordinator, milestone, "approve", {"note": "Fine by me."})

    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert state(milestone) == before


def test_a_step_the_state_does_not_allow_is_409_naming_both_states(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.PLANNED)

    refused = post(api(world.coordinator), milestone, "approve")

    assert refused.status_code == 409
    assert refused.json()["code"] == "invalid_transition"
    assert (refused.json()["current"], refused.json()["wanted"]) == ("planned", "approved")
    assert state(milestone) == (S.PLANNED, 1)


def test_a_stale_version_in_the_body_or_if_match_is_412_and_changes_nothing(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.SUBMITTED, submitted_by=world.member)
    coordinator = api(world.coordinator)

    by_header = post(coordinator, milestone, "approve", {}, **{"If-Match": '"7"'})
    by_body = post(coordinator, milestone, "request-changes", {"note": "More detail.", "version": 7})

    assert (by_header.status_code, by_body.status_code) == (412, 412)
    assert by_header.json()["code"] == "stale_edit"
    assert state(milestone) == (S.SUBMITTED, 1)
    assert not m.Activity.objects.filter(milestone=milestone).exists()


@pytest.mark.parametrize(
    ("body", "headers", "field"),
    [
        ({}, {"If-Match": "yesterday"}, "If-Match"),
        ({"version": "x"}, {}, "version"),
        ({"version": 2}, {"If-Match": '"1"'}, "version"),
    ],
)
def test_a_malformed_precondition_is_400(world: World, body, headers, field):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.SUBMITTED, submitted_by=world.member)

    response = post(api(world.coordinator), milestone, "approve", body, **headers)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert state(milestone) == (S.SUBMITTED, 1)


def test_request_changes_needs_a_note(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.SUBMITTED, submitted_by=world.member)

    response = post(api(world.coordinator), milestone, "request-changes", {"note": ""})

    assert response.status_code == 400
    assert state(milestone) == (S.SUBMITTED, 1)


def test_replan_moves_the_due_date_and_refuses_a_bad_one(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.IN_PROGRESS)
    member = api(world.member)
    later = milestone.due_date + datetime.timedelta(days=30)

    bad = post(member, milestone, "replan", {"due_date": "31/12/2026"})
    assert bad.status_code == 400 and "due_date" in bad.json()["fields"]
    moved = post(member, milestone, "replan", {"due_date": later.isoformat(), "reason": "Waiting for the Diet."})

    assert moved.status_code == 200
    milestone.refresh_from_db()
    assert milestone.due_date == later
    assert m.Activity.objects.get(milestone=milestone, verb="milestone.replanned").details["reason"] == (
        "Waiting for the Diet."
    )


@pytest.mark.parametrize(
    "body",
    [
        {"title": "No date"},
        {"title": "Bad weight", "due_date": "2030-01-01", "weight": 0},
        {"title": "Nobody", "due_date": "2030-01-01", "owner": "no.such.person"},
    ],
)
def test_creating_with_bad_input_is_400_and_creates_nothing(world: World, body):
    response = api(world.member).post(
        reverse("api:milestone-list"), {"initiative": world.initiative.slug, **body}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["fields"]
    assert not m.Milestone.objects.exists()


def test_what_the_caller_may_not_read_is_404_and_never_listed(world: World):
    hidden = factories.MilestoneFactory(initiative=world.restricted, status=S.IN_PROGRESS, title="Hidden step")
    stakeholder = api(world.stakeholder)

    assert stakeholder.get(reverse("api:milestone-detail", args=[hidden.pk])).status_code == 404
    assert post(stakeholder, hidden, "submit").status_code == 404
    listed = stakeholder.get(reverse("api:milestone-list")).json()["results"]
    assert "Hidden step" not in {row["title"] for row in listed}
    created = stakeholder.post(
        reverse("api:milestone-list"),
        {"initiative": world.restricted.slug, "title": "Sneaky", "due_date": "2030-01-01"},
        content_type="application/json",
    )
    assert created.status_code == 404
    assert state(hidden) == (S.IN_PROGRESS, 1)


def test_a_reader_who_may_not_act_gets_403(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.IN_PROGRESS)

    refused = post(api(world.stakeholder), milestone, "submit")

    assert refused.status_code == 403
    assert state(milestone) == (S.IN_PROGRESS, 1)


def test_a_read_only_token_cannot_step_a_milestone(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, status=S.IN_PROGRESS)

    assert post(api(world.member, read_only=True), milestone, "submit").status_code == 403
    assert state(milestone) == (S.IN_PROGRESS, 1)


def test_milestones_filter_by_initiative_status_owner_dates_and_overdue(world: World):
    today = timezone.localdate()
    other = factories.InitiativeFactory(working_group=world.group, title="Other")
    three_days_ago = today - datetime.timedelta(days=3)
    late = factories.MilestoneFactory(
        initiative=world.initiative, status=S.IN_PROGRESS, due_date=three_days_ago, owner=world.member
    )
    done = factories.MilestoneFactory(
        initiative=world.initiative, status=S.APPROVED, due_date=today - datetime.timedelta(days=5)
    )
    upcoming = factories.MilestoneFactory(initiative=other, due_date=today + datetime.timedelta(days=9))
    client = api(world.member)

    def ids(**params) -> list[int]:
        response = client.get(reverse("api:milestone-list"), params)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids(overdue="true") == [late.pk]
    assert ids(overdue="false") == [done.pk, upcoming.pk]
    assert ids(initiative=other.slug) == [upcoming.pk]
    assert ids(status="approved") == [done.pk]
    assert ids(owner=world.member.username) == [late.pk]
    assert ids(due_after=today.isoformat()) == [upcoming.pk]
    assert ids(due_before=(today - datetime.timedelta(days=4)).isoformat()) == [done.pk]


@pytest.mark.parametrize(("params", "field"), [({"status": "nope"}, "status"), ({"colour": "red"}, "colour")])
def test_bad_milestone_filters_are_400(world: World, params, field):
    response = api(world.member).get(reverse("api:milestone-list"), params)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("api:milestone-list"), {"page_size": 100}).status_code == 200
    return len(captured)


def test_the_milestone_list_costs_the_same_queries_for_few_and_many_rows(world: World):
    client = api(world.member)
    client.get(reverse("api:me"))  # the token's first use records it
    factories.MilestoneFactory(initiative=world.initiative, owner=world.member)
    few = _queries(client)
    for initiative in factories.InitiativeFactory.create_batch(5, working_group=world.group):
        factories.MilestoneFactory.create_batch(6, initiative=initiative, owner=world.submitter)

    assert _queries(client) == few

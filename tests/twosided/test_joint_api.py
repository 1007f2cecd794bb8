"""Joint milestones in the API: the representation names each side's signature and who is pending."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.models import Milestone
from tests import factories
from tests.api.test_milestones import api, post

S = Milestone.Status


def joint(world, **extra):
    return factories.MilestoneFactory(
        initiative=world.initiative, is_joint=True, status=S.SUBMITTED, submitted_by=world.submitter, **extra
    )


def test_approving_through_the_api_signs_for_the_callers_side(world):
    milestone = joint(world)
    first = post(api(world.coordinator), milestone, "approve", {"note": "Seoul agrees."})
    assert first.status_code == 200, first.json()
    body = first.json()
    assert body["status"] == "submitted" and body["is_joint"] is True
    assert body["pending_sides"] == ["JP"]
    assert [(s["side"], s["signed_by"], s["note"]) for s in body["signoffs"]] == [("KR", "coord.kim", "Seoul agrees.")]
    assert first["ETag"] == f'"{milestone.version}"', "a first signature leaves the version as it was"

    again = post(api(world.coordinator), milestone, "approve")
    assert again.status_code == 403 and "Korea has already signed" in again.json()["message"]

    second = post(api(world.other_coordinator), milestone, "approve", **{"If-Match": first["ETag"]})
    assert second.status_code == 200, second.json()
    assert second.json()["status"] == "approved" and second.json()["pending_sides"] == []
    assert {s["side"] for s in second.json()["signoffs"]} == {"KR", "JP"}


def test_an_admin_of_neither_side_is_told_why_not(world):
    response = post(api(world.admin), joint(world), "approve")
    assert response.status_code == 403 and "names neither country" in response.json()["message"]


def test_creating_through_the_api_sets_joint_or_follows_the_lead_side(world):
    client = api(world.member)
    url = reverse("api:milestone-list")
    for title, extra, expected in (("A", {}, True), ("B", {"is_joint": False}, False)):
        body = {"initiative": world.initiative.slug, "title": title, "due_date": "2027-03-01", **extra}
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 201 and response.json()["is_joint"] is expected


def test_the_milestone_list_with_signatures_costs_the_same_queries_for_few_and_many_rows(world):
    client = api(world.coordinator)
    url = reverse("api:milestone-list")

    def add(count):
        for _ in range(count):
            post(api(world.other_coordinator), joint(world), "approve")

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert sum(len(row["signoffs"]) for row in response.json()["results"]) == 10
    assert len(many) <= len(few)

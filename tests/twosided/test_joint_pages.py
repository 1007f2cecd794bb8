"""Joint milestones on the site: the review queue waits for your side, the initiative page shows who signed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import selectors, services
from proposals.models import Milestone
from tests import factories

S = Milestone.Status


def joint(world, title="Sign the swap agreement", initiative=None):
    return factories.MilestoneFactory(
        initiative=initiative or world.initiative,
        title=title,
        is_joint=True,
        status=S.SUBMITTED,
        submitted_by=world.submitter,
        submitted_at=timezone.now(),
    )


def test_the_queue_offers_a_joint_milestone_only_to_a_side_that_has_not_signed(world):
    milestone = joint(world)
    services.approve_milestone(milestone=milestone, actor=world.other_coordinator)
    assert list(selectors.review_queue(user=world.coordinator)) == [milestone]
    assert list(selectors.review_queue(user=world.other_coordinator)) == []
    # An admin of neither side has no part in a joint sign-off.
    assert list(selectors.review_queue(user=world.admin)) == []
    world.admin.country = "KR"
    world.admin.save()
    assert list(selectors.review_queue(user=world.admin)) == [milestone]


def test_the_queue_page_says_which_side_signed_and_that_it_waits_for_yours(world):
    milestone = joint(world)
    services.approve_milestone(milestone=milestone, actor=world.other_coordinator)
    page = world.client(world.coordinator).get(reverse("proposals:review-queue")).content.decode()
    assert "Joint: waiting for your side" in page
    assert f"Signed by Japan on {timezone.localdate():%b}" in page
    assert "Korea sign-off pending" in page


def test_the_queue_costs_the_same_queries_for_few_and_many_joint_rows(world):
    client = world.client(world.coordinator)
    url = reverse("proposals:review-queue")

    def add(count):
        for _ in range(count):
            milestone = joint(world, initiative=factories.InitiativeFactory(working_group=world.group))
            services.approve_milestone(milestone=milestone, actor=world.other_coordinator)

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("Joint: waiting for your side") == 12
    assert len(many) <= len(few)


def test_the_initiative_page_shows_the_joint_badge_and_who_is_pending(world):
    milestone = joint(world)
    services.approve_milestone(milestone=milestone, actor=world.coordinator)
    page = world.client(world.other_coordinator).get(world.initiative.get_absolute_url()).content.decode()
    assert "Joint" in page and "Signed by Korea on" in page and "Japan sign-off pending" in page
    assert reverse("proposals:milestone-transition", args=[milestone.pk, "approve"]) in page
    # Korea has signed: its coordinator is no longer offered the button.
    page = world.client(world.coordinator).get(world.initiative.get_absolute_url()).content.decode()
    assert reverse("proposals:milestone-transition", args=[milestone.pk, "approve"]) not in page


def test_signing_on_the_site_says_the_other_side_is_pending(world):
    milestone = joint(world)
    client = world.client(world.coordinator)
    url = reverse("proposals:milestone-transition", args=[milestone.pk, "approve"])
    response = client.post(url, {"version": milestone.version, "note": "Seoul agrees."}, follow=True)
    assert "The other side&#x27;s sign-off is pending." in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == S.SUBMITTED


def test_signing_twice_on_the_site_is_refused_with_the_reason(world):
    milestone = joint(world)
    services.approve_milestone(milestone=milestone, actor=world.coordinator)
    url = reverse("proposals:milestone-transition", args=[milestone.pk, "approve"])
    response = world.client(world.coordinator).post(url, {"version": milestone.version})
    assert response.status_code == 403


@pytest.mark.parametrize("joint_flag", [True, False])
def test_the_milestone_form_sets_whether_it_is_joint(world, joint_flag):
    client = world.client(world.member)
    data = {"title": "Exchange letters", "due_date": "2027-03-01", "weight": 1}
    if joint_flag:
        data["is_joint"] = "on"
    client.post(reverse("proposals:milestone-create", args=[world.initiative.slug]), data)
    assert Milestone.objects.get(title="Exchange letters").is_joint is joint_flag


def test_the_form_refuses_to_change_joint_after_submission(world):
    milestone = joint(world)
    response = world.client(world.coordinator).post(
        reverse("proposals:milestone-edit", args=[milestone.pk]),
        {"title": milestone.title, "weight": 1, "version": milestone.version},
    )
    assert response.status_code == 400
    assert "cannot change once it is submitted" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.is_joint

"""Refused actions answer 403 (404 where the user may not even see the initiative) and change nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import (
    Activity,
    Comment,
    EvidenceLink,
    Follow,
    Indicator,
    IndicatorReading,
    Initiative,
    InitiativeOwner,
    Milestone,
    ProgressUpdate,
)
from tests import factories

S = Milestone.Status
DUE = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()


def snapshot():
    """Everything a form could change, to compare before and after a refusal."""
    return {
        "initiatives": list(Initiative.objects.order_by("pk").values_list("pk", "version", "status", "visibility")),
        "milestones": list(Milestone.objects.order_by("pk").values_list("pk", "version", "status", "title")),
        "owners": list(InitiativeOwner.objects.order_by("pk").values_list("pk", flat=True)),
        "evidence": EvidenceLink.objects.count(),
        "progress": ProgressUpdate.objects.count(),
        "indicators": Indicator.objects.count(),
        "readings": IndicatorReading.objects.count(),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "version", "is_hidden")),
        "follows": Follow.objects.count(),
        "activity": Activity.objects.count(),
    }


# (URL, what a plausible form would post)
STAKEHOLDER_MAY_NOT = [
    pytest.param(
        lambda w, p: reverse("proposals:initiative-create", args=[w.group.slug]),
        {
            "title": "Mine",
            "summary": "s",
            "pillar": "economy",
            "lead_side": "joint",
            "status": "proposed",
            "visibility": "internal",
        },
        id="initiative-create",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:initiative-edit", args=[w.initiative.slug]),
        {"title": "Renamed", "summary": "s", "pillar": "economy", "lead_side": "joint", "version": 1},
        id="initiative-edit",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:initiative-status", args=[w.initiative.slug]),
        {"status": "dropped", "version": 1},
        id="initiative-status",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:initiative-visibility", args=[w.initiative.slug]),
        {"visibility": "restricted", "version": 1},
        id="initiative-visibility",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:initiative-owners", args=[w.initiative.slug]),
        {"user": "reader.lee", "side": "KR"},
        id="initiative-owners",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:milestone-create", args=[w.initiative.slug]),
        {"title": "Mine", "due_date": DUE, "weight": 1},
        id="milestone-create",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:indicator-create", args=[w.initiative.slug]),
        {"name": "Mine", "unit": "USD", "baseline": 1, "target": 2},
        id="indicator-create",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:reading-create", args=[w.initiative.slug, p.indicator.pk]),
        {"date": timezone.localdate().isoformat(), "value": 5},
        id="reading-create",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:progress-create", args=[w.initiative.slug]),
        {"note": "Moved"},
        id="progress-create",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:evidence-create", args=[w.initiative.slug]),
        {"url": "https://example.org/x", "title": "X", "kind": "news"},
        id="evidence-create",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:milestone-edit", args=[p.planned.pk]),
        {"title": "Renamed", "weight": 1, "version": 1},
        id="milestone-edit",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:milestone-replan", args=[p.planned.pk]),
        {"due_date": DUE, "version": 1},
        id="milestone-replan",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:milestone-transition", args=[p.planned.pk, "start"]),
        {"version": 1},
        id="milestone-start",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:milestone-transition", args=[p.in_progress.pk, "submit"]),
        {"version": 1},
        id="milestone-submit",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:milestone-transition", args=[p.planned.pk, "cancel"]),
        {"version": 1},
        id="milestone-cancel",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:milestone-transition", args=[p.submitted.pk, "approve"]),
        {"version": 1},
        id="milestone-approve",
    ),
    pytest.param(
        lambda w, p: reverse("proposals:milestone-transition", args=[p.submitted.pk, "request-changes"]),
        {"note": "No", "version": 1},
        id="milestone-request-changes",
    ),
]

STAKEHOLDER_MAY_NOT_POST = [
    pytest.param(
        lambda w, p: reverse("proposals:initiative-owner-remove", args=[w.initiative.slug, w.owner.username]),
        id="owner-remove",
    ),
    pytest.param(lambda w, p: reverse("proposals:comment-moderate", args=[p.comment.pk, "hide"]), id="hide-comment"),
]


@pytest.mark.parametrize("url, data", STAKEHOLDER_MAY_NOT)
def test_stakeholder_get_of_a_form_they_may_not_use_is_refused(world, plan, url, data):
    response = world.client(world.stakeholder).get(url(world, plan))
    assert response.status_code == 403


@pytest.mark.parametrize("url, data", STAKEHOLDER_MAY_NOT)
def test_stakeholder_post_of_a_form_they_may_not_use_is_refused_and_changes_nothing(world, plan, url, data):
    before = snapshot()
    response = world.client(world.stakeholder).post(url(world, plan), data)
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("url", STAKEHOLDER_MAY_NOT_POST)
def test_stakeholder_post_only_action_is_refused_and_changes_nothing(world, plan, url):
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=world.member, side="JP")
    before = snapshot()
    response = world.client(world.stakeholder).post(url(world, plan))
    assert response.status_code == 403
    assert snapshot() == before


def test_member_may_not_hide_a_comment(world, plan):
    response = world.client(world.member).post(reverse("proposals:comment-moderate", args=[plan.comment.pk, "hide"]))
    assert response.status_code == 403
    plan.comment.refresh_from_db()
    assert not plan.comment.is_hidden


def test_someone_else_may_not_edit_a_comment(world, plan):
    url = reverse("proposals:comment-edit", args=[plan.comment.pk])
    coordinator = world.client(world.coordinator)
    assert coordinator.get(url).status_code == 403
    assert coordinator.post(url, {"body": "Rewritten by someone else", "version": 1}).status_code == 403
    plan.comment.refresh_from_db()
    assert plan.comment.body == "Looks promising."


# --- restricted initiatives: not even there --------------------------------------------------------------


@pytest.fixture
def restricted_plan(world):
    """A milestone, an indicator and a comment on the restricted initiative."""
    milestone = factories.MilestoneFactory(
        initiative=world.restricted,
        title="Secret step",
        status=S.SUBMITTED,
        submitted_by=world.submitter,
        submitted_at=timezone.now(),
    )
    return {
        "milestone": milestone,
        "indicator": factories.IndicatorFactory(initiative=world.restricted),
        # Written while the stakeholder could still read it; the initiative is restricted since.
        "comment": factories.CommentFactory(initiative=world.restricted, author=world.stakeholder),
    }


RESTRICTED_URLS = [
    pytest.param(lambda w, r: w.restricted.get_absolute_url(), id="initiative-page"),
    pytest.param(lambda w, r: reverse("proposals:initiative-edit", args=[w.restricted.slug]), id="initiative-edit"),
    pytest.param(lambda w, r: reverse("proposals:initiative-status", args=[w.restricted.slug]), id="initiative-status"),
    pytest.param(
        lambda w, r: reverse("proposals:initiative-visibility", args=[w.restricted.slug]), id="initiative-visibility"
    ),
    pytest.param(lambda w, r: reverse("proposals:initiative-owners", args=[w.restricted.slug]), id="initiative-owners"),
    pytest.param(lambda w, r: reverse("proposals:milestone-create", args=[w.restricted.slug]), id="milestone-create"),
    pytest.param(lambda w, r: reverse("proposals:indicator-create", args=[w.restricted.slug]), id="indicator-create"),
    pytest.param(
        lambda w, r: reverse("proposals:reading-create", args=[w.restricted.slug, r["indicator"].pk]),
        id="reading-create",
    ),
    pytest.param(lambda w, r: reverse("proposals:progress-create", args=[w.restricted.slug]), id="progress-create"),
    pytest.param(lambda w, r: reverse("proposals:evidence-create", args=[w.restricted.slug]), id="evidence-create"),
    pytest.param(lambda w, r: reverse("proposals:comment-create", args=[w.restricted.slug]), id="comment-create"),
    pytest.param(lambda w, r: reverse("proposals:comment-edit", args=[r["comment"].pk]), id="comment-edit"),
    pytest.param(lambda w, r: reverse("proposals:milestone-edit", args=[r["milestone"].pk]), id="milestone-edit"),
    pytest.param(lambda w, r: reverse("proposals:milestone-replan", args=[r["milestone"].pk]), id="milestone-replan"),
    pytest.param(
        lambda w, r: reverse("proposals:milestone-transition", args=[r["milestone"].pk, "approve"]),
        id="milestone-approve",
    ),
]

RESTRICTED_POST_ONLY = [
    pytest.param(lambda w, r: reverse("proposals:initiative-follow", args=[w.restricted.slug]), id="follow"),
    pytest.param(
        lambda w, r: reverse("proposals:initiative-owner-remove", args=[w.restricted.slug, "owner.choi"]),
        id="owner-remove",
    ),
    pytest.param(lambda w, r: reverse("proposals:comment-moderate", args=[r["comment"].pk, "hide"]), id="hide-comment"),
]


@pytest.mark.parametrize("url", RESTRICTED_URLS)
def test_restricted_initiative_page_or_form_is_not_found_for_a_stakeholder(world, restricted_plan, url):
    response = world.client(world.stakeholder).get(url(world, restricted_plan))
    assert response.status_code == 404
    assert "Whitelist restoration" not in response.content.decode()


@pytest.mark.parametrize("url", [*RESTRICTED_URLS, *RESTRICTED_POST_ONLY])
def test_restricted_initiative_post_is_not_found_for_a_stakeholder_and_changes_nothing(world, restricted_plan, url):
    before = snapshot()
    response = world.client(world.stakeholder).post(
        url(world, restricted_plan),
        {
            "title": "Leak",
            "summary": "s",
            "body": "Hello",
            "note": "n",
            "version": 1,
            "status": "dropped",
            "visibility": "internal",
            "url": "https://example.org/leak",
            "kind": "news",
            "due_date": DUE,
            "weight": 1,
        },
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_restricted_initiative_is_not_listed_for_a_stakeholder(world):
    response = world.client(world.stakeholder).get(reverse("proposals:initiative-list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Currency swap expansion" in content
    assert "Whitelist restoration" not in content


# --- four eyes ------------------------------------------------------------------------------------------------


def test_forged_approval_of_ones_own_submission_is_refused(world):
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, status=S.SUBMITTED, submitted_by=world.coordinator, submitted_at=timezone.now()
    )
    response = world.client(world.coordinator).post(
        reverse("proposals:milestone-transition", args=[milestone.pk, "approve"]),
        {"version": milestone.version, "note": "Looks fine to me"},
    )
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.status == S.SUBMITTED and milestone.decided_by is None


def test_forged_inline_approval_of_ones_own_submission_is_refused(world):
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, status=S.SUBMITTED, submitted_by=world.coordinator, submitted_at=timezone.now()
    )
    response = world.client(world.coordinator).post(
        reverse("proposals:milestone-transition", args=[milestone.pk, "approve"]),
        {"version": milestone.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.status == S.SUBMITTED


def test_submitter_cannot_request_changes_to_their_own_submission(world):
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, status=S.SUBMITTED, submitted_by=world.coordinator, submitted_at=timezone.now()
    )
    response = world.client(world.coordinator).post(
        reverse("proposals:milestone-transition", args=[milestone.pk, "request-changes"]),
        {"version": milestone.version, "note": "Change it"},
    )
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.status == S.SUBMITTED


def test_member_posting_approve_is_refused(world, submitted_milestone):
    before = Activity.objects.count()
    response = world.client(world.member).post(
        reverse("proposals:milestone-transition", args=[submitted_milestone.pk, "approve"]),
        {"version": submitted_milestone.version},
    )
    assert response.status_code == 403
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.SUBMITTED
    assert Activity.objects.count() == before


def test_owner_posting_approve_is_refused(world, submitted_milestone):
    response = world.client(world.owner).post(
        reverse("proposals:milestone-transition", args=[submitted_milestone.pk, "approve"]),
        {"version": submitted_milestone.version},
    )
    assert response.status_code == 403
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.SUBMITTED


def test_coordinator_of_another_group_cannot_approve(world, submitted_milestone):
    outsider = factories.UserFactory(username="coord.other")
    factories.MembershipFactory(user=outsider, working_group=world.other_group, role="coordinator")
    response = world.client(outsider).post(
        reverse("proposals:milestone-transition", args=[submitted_milestone.pk, "approve"]),
        {"version": submitted_milestone.version},
    )
    assert response.status_code == 403
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.SUBMITTED


def test_initiative_page_offers_no_approve_button_to_the_submitter(world):
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, status=S.SUBMITTED, submitted_by=world.coordinator, submitted_at=timezone.now()
    )
    response = world.client(world.coordinator).get(world.initiative.get_absolute_url())
    approve = reverse("proposals:milestone-transition", args=[milestone.pk, "approve"])
    assert approve not in response.content.decode()


def test_stakeholder_sees_no_edit_buttons_on_the_initiative_page(world, plan):
    content = world.client(world.stakeholder).get(world.initiative.get_absolute_url()).content.decode()
    assert reverse("proposals:initiative-edit", args=[world.initiative.slug]) not in content
    assert reverse("proposals:milestone-create", args=[world.initiative.slug]) not in content
    assert reverse("proposals:milestone-edit", args=[plan.planned.pk]) not in content
    assert reverse("proposals:comment-create", args=[world.initiative.slug]) in content


def test_coordinator_of_another_group_cannot_create_an_initiative_here(world):
    outsider = factories.UserFactory(username="coord.other")
    factories.MembershipFactory(user=outsider, working_group=world.other_group, role="coordinator")
    response = world.client(outsider).post(
        reverse("proposals:initiative-create", args=[world.group.slug]),
        {
            "title": "Mine",
            "summary": "s",
            "pillar": "economy",
            "lead_side": "joint",
            "status": "proposed",
            "visibility": "internal",
        },
    )
    assert response.status_code == 403
    assert Initiative.objects.count() == 2


def test_reading_of_another_initiatives_indicator_is_not_found(world):
    indicator = factories.IndicatorFactory(initiative=world.restricted)
    # The member may edit both initiatives' plans, but the indicator must belong to the one in the URL.
    url = reverse("proposals:reading-create", args=[world.initiative.slug, indicator.pk])
    response = world.client(world.member).post(url, {"date": timezone.localdate().isoformat(), "value": 5})
    assert response.status_code == 404
    assert not indicator.readings.exists()

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from core.errors import InvalidTransition, StaleEdit
from proposals import services
from proposals.models import Activity, Follow, Milestone
from tests import factories

S = Milestone.Status
TODAY = timezone.localdate


def make(world, status=S.PLANNED, **kwargs):
    return factories.MilestoneFactory(initiative=world.initiative, status=status, **kwargs)


def test_member_walks_a_milestone_to_submission_and_a_coordinator_approves(world):
    milestone = services.create_milestone(
        initiative=world.initiative,
        actor=world.member,
        title="Draft MOU",
        due_date=TODAY() + datetime.timedelta(days=10),
        weight=2,
        is_joint=False,
    )
    milestone = services.start_milestone(milestone=milestone, actor=world.member)
    milestone = services.submit_milestone(milestone=milestone, actor=world.member, note="Text agreed by both sides.")
    assert milestone.status == S.SUBMITTED and milestone.submitted_by == world.member
    milestone = services.approve_milestone(milestone=milestone, actor=world.coordinator, note="Good work.")
    milestone.refresh_from_db()
    assert milestone.status == S.APPROVED
    assert milestone.decided_by == world.coordinator
    verbs = list(Activity.objects.filter(milestone=milestone).order_by("pk").values_list("verb", flat=True))
    assert verbs == ["milestone.created", "milestone.started", "milestone.submitted", "milestone.approved"]
    approved = Activity.objects.get(milestone=milestone, verb="milestone.approved")
    assert approved.details == {"old": "submitted", "new": "approved", "note": "Good work."}
    assert approved.actor == world.coordinator and approved.working_group == world.group


def test_submitter_follows_the_initiative(world):
    milestone = make(world, S.IN_PROGRESS)
    services.submit_milestone(milestone=milestone, actor=world.member)
    assert Follow.objects.filter(user=world.member, initiative=world.initiative, reason="submitter").exists()


def test_changes_requested_goes_back_to_in_progress_and_can_be_resubmitted(world, submitted_milestone):
    services.request_changes(milestone=submitted_milestone, actor=world.coordinator, note="Add the annex.")
    milestone = services.start_milestone(milestone=submitted_milestone, actor=world.submitter)
    milestone = services.submit_milestone(milestone=milestone, actor=world.submitter)
    assert milestone.status == S.SUBMITTED


def test_request_changes_needs_a_note(world, submitted_milestone):
    with pytest.raises(ValidationError) as error:
        services.request_changes(milestone=submitted_milestone, actor=world.coordinator, note="  ")
    assert "note" in error.value.message_dict
    submitted_milestone.refresh_from_db()
    assert submitted_milestone.status == S.SUBMITTED


@pytest.mark.parametrize(
    "status,service",
    [
        (S.PLANNED, "submit_milestone"),
        (S.PLANNED, "approve_milestone"),
        (S.IN_PROGRESS, "approve_milestone"),
        (S.IN_PROGRESS, "start_milestone"),
        (S.SUBMITTED, "start_milestone"),
        (S.APPROVED, "cancel_milestone"),
        (S.APPROVED, "start_milestone"),
        (S.CANCELLED, "start_milestone"),
        (S.CANCELLED, "cancel_milestone"),
        (S.CHANGES_REQUESTED, "submit_milestone"),
        (S.CHANGES_REQUESTED, "approve_milestone"),
    ],
)
def test_illegal_transitions_name_the_current_and_wanted_state(world, status, service):
    milestone = make(world, status, submitted_by=world.submitter)
    with pytest.raises(InvalidTransition) as error:
        getattr(services, service)(milestone=milestone, actor=world.coordinator)
    assert error.value.current == status
    assert status in str(error.value) or str(S(status).label) in str(error.value)
    milestone.refresh_from_db()
    assert milestone.status == status and milestone.version == 1
    assert not Activity.objects.filter(milestone=milestone).exists()


@pytest.mark.parametrize("status", [S.PLANNED, S.IN_PROGRESS, S.SUBMITTED, S.CHANGES_REQUESTED])
def test_cancel_from_any_open_state(world, status):
    milestone = make(world, status)
    milestone = services.cancel_milestone(milestone=milestone, actor=world.member, note="Superseded.")
    assert milestone.status == S.CANCELLED


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_reviewer_cannot_approve_own_submission(world, role):
    reviewer = world.user(role)
    milestone = make(world, S.IN_PROGRESS)
    services.submit_milestone(milestone=milestone, actor=reviewer)
    with pytest.raises(PermissionDenied, match="submitted yourself"):
        services.approve_milestone(milestone=milestone, actor=reviewer)
    with pytest.raises(PermissionDenied):
        services.request_changes(milestone=milestone, actor=reviewer, note="Hmm")
    milestone.refresh_from_db()
    assert milestone.status == S.SUBMITTED


def test_stale_version_is_refused_and_changes_nothing(world):
    milestone = make(world, S.IN_PROGRESS, title="Original")
    seen = milestone.version
    services.edit_milestone(milestone=milestone, actor=world.member, title="First edit", expected_version=seen)
    with pytest.raises(StaleEdit):
        services.edit_milestone(milestone=milestone, actor=world.submitter, title="Second edit", expected_version=seen)
    with pytest.raises(StaleEdit):
        services.submit_milestone(milestone=milestone, actor=world.submitter, expected_version=seen)
    milestone.refresh_from_db()
    assert milestone.title == "First edit" and milestone.status == S.IN_PROGRESS and milestone.version == seen + 1


def test_replan_records_old_and_new_dates(world):
    old = TODAY() + datetime.timedelta(days=5)
    new = TODAY() + datetime.timedelta(days=40)
    milestone = make(world, S.IN_PROGRESS, due_date=old)
    services.replan_milestone(milestone=milestone, actor=world.coordinator, due_date=new, reason="Cabinet reshuffle")
    activity = Activity.objects.get(milestone=milestone, verb="milestone.replanned")
    assert activity.details == {
        "old_due_date": old.isoformat(),
        "new_due_date": new.isoformat(),
        "reason": "Cabinet reshuffle",
    }
    milestone.refresh_from_db()
    assert milestone.due_date == new


def test_due_date_before_the_initiative_starts_is_a_field_error(world):
    too_early = world.initiative.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.create_milestone(initiative=world.initiative, actor=world.member, title="Early", due_date=too_early)
    assert "due_date" in error.value.message_dict
    milestone = make(world)
    with pytest.raises(ValidationError):
        services.replan_milestone(milestone=milestone, actor=world.member, due_date=too_early)
    assert Milestone.objects.filter(initiative=world.initiative).count() == 1


@pytest.mark.parametrize("weight", [0, -1])
def test_weight_must_be_positive(world, weight):
    with pytest.raises(ValidationError) as error:
        services.create_milestone(
            initiative=world.initiative,
            actor=world.member,
            title="X",
            due_date=TODAY() + datetime.timedelta(days=3),
            weight=weight,
        )
    assert "weight" in error.value.message_dict
    assert not Milestone.objects.exists()


def test_milestone_owner_must_be_able_to_read_the_initiative(world):
    with pytest.raises(ValidationError) as error:
        services.create_milestone(
            initiative=world.restricted,
            actor=world.member,
            title="X",
            due_date=TODAY() + datetime.timedelta(days=3),
            owner=world.stakeholder,
        )
    assert "owner" in error.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approving_at_once_exactly_one_succeeds(world):
    milestone = make(world, S.SUBMITTED, submitted_by=world.submitter)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            barrier.wait(timeout=10)
            services.approve_milestone(milestone=Milestone.objects.get(pk=milestone.pk), actor=user)
            outcomes.append("approved")
        except InvalidTransition as error:
            outcomes.append(f"refused:{error.current}")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in (world.coordinator, world.other_coordinator)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused:approved"]
    assert Activity.objects.filter(milestone=milestone, verb="milestone.approved").count() == 1

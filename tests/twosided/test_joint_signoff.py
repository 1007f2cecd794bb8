"""A joint milestone is approved only when a coordinator of each side has signed it."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from core.errors import InvalidTransition
from proposals import permissions, services
from proposals.models import Activity, LeadSide, Milestone, MilestoneSignoff
from tests import factories

S = Milestone.Status


def joint(world, **extra):
    values = {"submitted_by": world.submitter, **extra}
    return factories.MilestoneFactory(
        initiative=world.initiative, title="Sign the swap agreement", is_joint=True, status=S.SUBMITTED, **values
    )


def signed(milestone) -> dict[str, str]:
    return {s.side: s.signed_by.username for s in MilestoneSignoff.objects.filter(milestone=milestone)}


@pytest.mark.parametrize("order", [("coordinator", "other_coordinator"), ("other_coordinator", "coordinator")])
def test_both_sides_sign_in_either_order_and_the_second_approves(world, order):
    milestone = joint(world)
    first, second = (getattr(world, name) for name in order)
    version = milestone.version

    after_first = services.approve_milestone(milestone=milestone, actor=first, note="Our side agrees.")
    assert after_first.status == S.SUBMITTED
    assert after_first.version == version, "a first signature does not make the other side's page stale"
    [activity] = Activity.objects.filter(milestone=milestone, verb="milestone.signed")
    assert activity.details == {
        "side": first.country,
        "note": "Our side agrees.",
        "pending": second.country,
    }
    assert permissions.pending_sides(after_first) == [second.country]

    after_second = services.approve_milestone(milestone=milestone, actor=second, expected_version=version)
    assert after_second.status == S.APPROVED
    assert after_second.decided_by == second and after_second.version == version + 1
    assert signed(milestone) == {"KR": "coord.kim", "JP": "coord.sato"}
    [approved] = Activity.objects.filter(milestone=milestone, verb="milestone.approved")
    assert set(approved.details["signoffs"]) == {"KR", "JP"}
    assert approved.details["signoffs"]["KR"]["name"] == world.coordinator.name


def test_a_side_that_signed_cannot_sign_again(world):
    milestone = joint(world)
    services.approve_milestone(milestone=milestone, actor=world.coordinator)
    second_korean = factories.UserFactory(username="coord.han", country="KR")
    factories.MembershipFactory(user=second_korean, working_group=world.group, role="coordinator")
    with pytest.raises(PermissionDenied, match="Korea has already signed"):
        services.approve_milestone(milestone=milestone, actor=second_korean)
    assert signed(milestone) == {"KR": "coord.kim"}


def test_a_reviewer_of_neither_side_is_refused_admins_included(world):
    milestone = joint(world)
    for user in (world.admin, factories.UserFactory(username="coord.smith", country="other")):
        if not user.is_superuser:
            factories.MembershipFactory(user=user, working_group=world.group, role="coordinator")
        with pytest.raises(PermissionDenied, match="names neither country"):
            services.approve_milestone(milestone=milestone, actor=user)
    assert not MilestoneSignoff.objects.filter(milestone=milestone).exists()


def test_an_admin_of_a_side_signs_for_it(world):
    world.admin.country = "JP"
    world.admin.save()
    milestone = joint(world)
    services.approve_milestone(milestone=milestone, actor=world.admin)
    assert signed(milestone) == {"JP": "admin.yoon"}


def test_four_eyes_hold_for_each_side(world):
    milestone = joint(world, submitted_by=world.other_coordinator)
    with pytest.raises(PermissionDenied, match="you submitted yourself"):
        services.approve_milestone(milestone=milestone, actor=world.other_coordinator)
    assert not MilestoneSignoff.objects.filter(milestone=milestone).exists()
    assert not permissions.may_review(world.other_coordinator, milestone)


def test_request_changes_clears_the_other_sides_signature_and_resubmission_needs_both(world):
    milestone = joint(world)
    services.approve_milestone(milestone=milestone, actor=world.coordinator)
    sent_back = services.request_changes(milestone=milestone, actor=world.other_coordinator, note="Annex missing.")
    assert sent_back.status == S.CHANGES_REQUESTED
    assert signed(milestone) == {}

    services.start_milestone(milestone=milestone, actor=world.submitter)
    services.submit_milestone(milestone=milestone, actor=world.submitter)
    again = services.approve_milestone(milestone=milestone, actor=world.other_coordinator)
    assert again.status == S.SUBMITTED and permissions.pending_sides(again) == ["KR"]
    final = services.approve_milestone(milestone=milestone, actor=world.coordinator)
    assert final.status == S.APPROVED


def test_a_side_that_signed_leaves_sending_back_to_the_other(world):
    milestone = joint(world)
    services.approve_milestone(milestone=milestone, actor=world.coordinator)
    with pytest.raises(PermissionDenied, match="Korea has already signed"):
        services.request_changes(milestone=milestone, actor=world.coordinator, note="Second thoughts.")


def test_cancelling_clears_the_signatures(world):
    milestone = joint(world)
    services.approve_milestone(milestone=milestone, actor=world.coordinator)
    services.cancel_milestone(milestone=milestone, actor=world.coordinator)
    assert signed(milestone) == {}


def test_a_milestone_that_is_not_joint_is_approved_by_one_reviewer(world):
    milestone = joint(world)
    Milestone.objects.filter(pk=milestone.pk).update(is_joint=False)
    milestone.refresh_from_db()
    assert services.approve_milestone(milestone=milestone, actor=world.admin).status == S.APPROVED
    assert not MilestoneSignoff.objects.exists()


def test_new_milestones_are_joint_when_the_initiative_is_led_jointly(world):
    def create(**extra):
        return services.create_milestone(
            initiative=world.initiative,
            actor=world.member,
            title="Exchange letters",
            due_date=world.initiative.start_date.replace(year=world.initiative.start_date.year + 1),
            **extra,
        )

    assert create().is_joint is True
    assert create(is_joint=False).is_joint is False
    world.initiative.lead_side = LeadSide.KOREA
    world.initiative.save()
    assert create().is_joint is False


def test_joint_cannot_change_once_submitted(world):
    milestone = joint(world)
    with pytest.raises(ValidationError) as error:
        services.edit_milestone(milestone=milestone, actor=world.coordinator, is_joint=False)
    assert "is_joint" in error.value.message_dict
    milestone.refresh_from_db()
    assert milestone.is_joint
    edited = services.edit_milestone(milestone=milestone, actor=world.coordinator, is_joint=True, title="Renamed")
    assert edited.title == "Renamed"


def test_joint_may_change_while_in_progress(world):
    milestone = joint(world)
    Milestone.objects.filter(pk=milestone.pk).update(status=S.IN_PROGRESS)
    assert services.edit_milestone(milestone=milestone, actor=world.member, is_joint=False).is_joint is False


def test_progress_counts_a_joint_milestone_only_once_both_sides_signed(world):
    milestone = joint(world)
    factories.MilestoneFactory(initiative=world.initiative, title="Other", status=S.IN_PROGRESS)
    services.approve_milestone(milestone=milestone, actor=world.coordinator)
    world.initiative.refresh_from_db()
    assert world.initiative.progress == 0
    services.approve_milestone(milestone=milestone, actor=world.other_coordinator)
    world.initiative.refresh_from_db()
    assert world.initiative.progress == pytest.approx(0.5)


@pytest.mark.django_db(transaction=True)
def test_both_sides_signing_at_once_are_both_recorded_and_approve_once(world):
    milestone = joint(world)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def sign(user):
        try:
            barrier.wait(timeout=10)
            result = services.approve_milestone(milestone=Milestone.objects.get(pk=milestone.pk), actor=user)
            outcomes.append(result.status)
        except (InvalidTransition, PermissionDenied) as error:  # pragma: no cover - the failure shows in the assert
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(user,)) for user in (world.coordinator, world.other_coordinator)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(outcomes) == [S.APPROVED, S.SUBMITTED]
    milestone.refresh_from_db()
    assert milestone.status == S.APPROVED
    assert signed(milestone) == {"KR": "coord.kim", "JP": "coord.sato"}
    assert Activity.objects.filter(milestone=milestone, verb="milestone.approved").count() == 1
    assert Activity.objects.filter(milestone=milestone, verb="milestone.signed").count() == 1

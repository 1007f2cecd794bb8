"""Domestic steps per side through the services: who may keep which side's steps, what is checked, and the
milestone that waits for the steps required before it."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.errors import StaleEdit
from proposals import services
from proposals.models import Activity, DomesticStep, Milestone
from tests import factories

NOW = datetime.datetime(2026, 11, 2, 3, 0, tzinfo=datetime.UTC)  # 2 November in Seoul and Tokyo
TODAY = datetime.date(2026, 11, 2)


@pytest.fixture
def jp_owner(world):
    owner = factories.UserFactory(username="owner.ito", country="JP")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=owner, side="JP")
    return owner


def snapshot():
    return list(DomesticStep.objects.order_by("pk").values()), Activity.objects.count()


def test_owner_adds_a_step_for_their_side_with_its_activity(world):
    step = services.add_domestic_step(
        initiative=world.initiative,
        actor=world.owner,
        side="KR",
        kind="budget_appropriation",
        title="  Supplementary budget  ",
        due_on=TODAY,
    )
    assert (step.side, step.kind, step.title, step.status, step.version) == (
        "KR",
        "budget_appropriation",
        "Supplementary budget",
        "planned",
        1,
    )
    activity = Activity.objects.get(verb=Activity.Verb.DOMESTIC_STEP_ADDED)
    assert activity.initiative == world.initiative
    assert activity.details["side"] == "KR" and activity.details["kind"] == "budget_appropriation"


def test_korean_owner_cannot_add_a_japanese_step(world):
    before = snapshot()
    with pytest.raises(PermissionDenied) as refusal:
        services.add_domestic_step(initiative=world.initiative, actor=world.owner, side="JP", kind="cabinet_decision")
    assert str(refusal.value) == "Only Japan's owners and coordinators update Japan's domestic steps."
    assert snapshot() == before


def test_korean_owner_cannot_edit_a_japanese_step_but_an_admin_can(world, jp_owner):
    step = services.add_domestic_step(initiative=world.initiative, actor=jp_owner, side="JP", kind="cabinet_decision")
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.edit_domestic_step(step=step, actor=world.owner, status="in_progress")
    assert snapshot() == before
    saved = services.edit_domestic_step(step=step, actor=world.admin, status="in_progress")
    assert saved.status == "in_progress" and saved.version == 2


def test_coordinator_acts_for_their_countrys_side(world):
    services.add_domestic_step(initiative=world.initiative, actor=world.other_coordinator, side="JP", kind="signature")
    with pytest.raises(PermissionDenied):
        services.add_domestic_step(initiative=world.initiative, actor=world.other_coordinator, side="KR", kind="other")


def test_members_and_readers_may_not_keep_steps(world):
    with pytest.raises(PermissionDenied):
        services.add_domestic_step(initiative=world.initiative, actor=world.member, side="KR", kind="signature")
    with pytest.raises(Http404):
        services.add_domestic_step(initiative=world.restricted, actor=world.stakeholder, side="KR", kind="signature")


@time_machine.travel(NOW, tick=False)
def test_done_without_a_date_was_done_today(world):
    step = services.add_domestic_step(initiative=world.initiative, actor=world.owner, side="KR", kind="signature")
    saved = services.edit_domestic_step(step=step, actor=world.owner, status="done", expected_version=1)
    assert (saved.status, saved.done_on, saved.version) == ("done", TODAY, 2)
    activity = Activity.objects.get(verb=Activity.Verb.DOMESTIC_STEP_UPDATED)
    assert (activity.details["old_status"], activity.details["new_status"]) == ("planned", "done")


@time_machine.travel(NOW, tick=False)
def test_reopening_a_done_step_clears_its_date(world):
    step = services.add_domestic_step(
        initiative=world.initiative, actor=world.owner, side="KR", kind="signature", status="done"
    )
    assert step.done_on == TODAY
    saved = services.edit_domestic_step(step=step, actor=world.owner, status="in_progress")
    assert saved.done_on is None


@time_machine.travel(NOW, tick=False)
def test_date_done_in_the_future_is_refused_and_nothing_changes(world):
    step = services.add_domestic_step(initiative=world.initiative, actor=world.owner, side="KR", kind="signature")
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.edit_domestic_step(
            step=step, actor=world.owner, status="done", done_on=TODAY + datetime.timedelta(days=3)
        )
    assert "done_on" in error.value.message_dict
    assert snapshot() == before


def test_date_done_on_an_open_step_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.add_domestic_step(
            initiative=world.initiative,
            actor=world.owner,
            side="KR",
            kind="signature",
            status="planned",
            done_on=datetime.date(2026, 1, 5),
        )
    assert "done_on" in error.value.message_dict
    assert not DomesticStep.objects.exists()


def test_milestone_of_another_initiative_is_refused(world):
    elsewhere = factories.MilestoneFactory(initiative=world.restricted)
    step = services.add_domestic_step(initiative=world.initiative, actor=world.owner, side="KR", kind="signature")
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.edit_domestic_step(step=step, actor=world.owner, milestone=elsewhere)
    assert "milestone" in error.value.message_dict
    assert snapshot() == before


def test_owner_who_cannot_read_the_initiative_is_refused(world):
    outsider = factories.UserFactory(username="someone.else")
    with pytest.raises(ValidationError) as error:
        services.add_domestic_step(
            initiative=world.restricted, actor=world.owner, side="KR", kind="signature", owner=outsider
        )
    assert "owner" in error.value.message_dict


def test_unknown_kind_is_a_field_error(world):
    with pytest.raises(ValidationError) as error:
        services.add_domestic_step(initiative=world.initiative, actor=world.owner, side="KR", kind="referendum")
    assert "kind" in error.value.message_dict


def test_stale_version_is_refused_and_nothing_changes(world):
    step = services.add_domestic_step(initiative=world.initiative, actor=world.owner, side="KR", kind="signature")
    services.edit_domestic_step(step=step, actor=world.coordinator, note="Drafted.", expected_version=1)
    before = snapshot()
    with pytest.raises(StaleEdit):
        services.edit_domestic_step(step=step, actor=world.owner, status="in_progress", expected_version=1)
    assert snapshot() == before


def test_an_edit_that_changes_nothing_records_nothing(world):
    step = services.add_domestic_step(initiative=world.initiative, actor=world.owner, side="KR", kind="signature")
    before = snapshot()
    services.edit_domestic_step(step=step, actor=world.owner, kind="signature", title="")
    assert snapshot() == before


# --- the milestone waits for its domestic steps -------------------------------------------------------------


@pytest.fixture
def signing(world):
    return factories.MilestoneFactory(
        initiative=world.initiative, title="Sign the swap agreement", status=Milestone.Status.IN_PROGRESS
    )


def test_submission_is_refused_naming_the_open_steps_of_both_sides(world, jp_owner, signing):
    services.add_domestic_step(
        initiative=world.initiative, actor=jp_owner, side="JP", kind="cabinet_decision", milestone=signing
    )
    services.add_domestic_step(
        initiative=world.initiative,
        actor=world.owner,
        side="KR",
        kind="budget_appropriation",
        status="in_progress",
        milestone=signing,
    )
    with pytest.raises(ValidationError) as error:
        services.submit_milestone(milestone=signing, actor=world.member)
    assert error.value.message_dict["status"] == [
        "This milestone cannot be submitted until these domestic steps are done: "
        "Japan — Cabinet decision (planned); Korea — Budget appropriation (in progress)"
    ]
    signing.refresh_from_db()
    assert signing.status == Milestone.Status.IN_PROGRESS and signing.submitted_by is None
    assert not Activity.objects.filter(verb=Activity.Verb.MILESTONE_SUBMITTED).exists()


def test_submission_works_once_the_steps_are_done_or_not_needed(world, jp_owner, signing):
    japanese = services.add_domestic_step(
        initiative=world.initiative, actor=jp_owner, side="JP", kind="cabinet_decision", milestone=signing
    )
    korean = services.add_domestic_step(
        initiative=world.initiative, actor=world.owner, side="KR", kind="signature", milestone=signing
    )
    services.edit_domestic_step(step=japanese, actor=jp_owner, status="done")
    with pytest.raises(ValidationError):
        services.submit_milestone(milestone=signing, actor=world.member)
    services.edit_domestic_step(step=korean, actor=world.owner, status="not_needed")
    submitted = services.submit_milestone(milestone=signing, actor=world.member)
    assert submitted.status == Milestone.Status.SUBMITTED


def test_steps_not_required_before_the_milestone_do_not_block_it(world, signing):
    services.add_domestic_step(initiative=world.initiative, actor=world.owner, side="KR", kind="signature")
    assert services.submit_milestone(milestone=signing, actor=world.member).status == Milestone.Status.SUBMITTED

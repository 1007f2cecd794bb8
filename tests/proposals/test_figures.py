"""Stored progress and health always equal a computation from the milestones, whatever changed them."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from proposals import figures, services
from proposals import models as m

S = m.MilestoneStatus


def _stored_equals_fresh(initiative: m.Initiative) -> None:
    today = figures.programme_day()
    row = figures.fresh(m.Initiative.objects.filter(pk=initiative.pk), today=today).get()
    for name in figures.STORED:
        stored, fresh = getattr(row, name), getattr(row, f"fresh_{name}")
        if name == "progress":
            assert stored == pytest.approx(fresh), name
        else:
            assert stored == fresh, name
    assert row.health_as_of == today


@pytest.fixture
def plan(world):
    initiative = world.initiative
    coordinator, member = world.coordinator, world.member
    due = timezone.localdate() + datetime.timedelta(days=5)
    milestone = services.create_milestone(
        initiative=initiative, actor=member, title="Draft the statute", due_date=due, weight=2, is_joint=False
    )
    later = services.create_milestone(
        initiative=initiative, actor=member, title="Sign the MOU", due_date=due + datetime.timedelta(days=60)
    )
    return initiative, milestone, later, coordinator, member


def test_figures_follow_the_creation_of_milestones(plan):
    initiative, *_ = plan
    initiative.refresh_from_db()
    assert initiative.health == m.Health.AT_RISK
    assert initiative.next_milestone_title == "Draft the statute"
    _stored_equals_fresh(initiative)


@pytest.mark.parametrize(
    "step", ["edit_weight", "replan", "start", "submit", "approve", "request_changes", "cancel", "comment"]
)
def test_figures_follow_every_kind_of_change(plan, step):
    initiative, milestone, _later, coordinator, member = plan
    if step == "edit_weight":
        services.edit_milestone(milestone=milestone, actor=member, weight=5)
    elif step == "replan":
        services.replan_milestone(
            milestone=milestone, actor=member, due_date=milestone.due_date + datetime.timedelta(days=30)
        )
    elif step == "start":
        services.start_milestone(milestone=milestone, actor=member)
    elif step in ("submit", "approve", "request_changes"):
        services.start_milestone(milestone=milestone, actor=member)
        services.submit_milestone(milestone=milestone, actor=member)
        if step == "approve":
            services.approve_milestone(milestone=milestone, actor=coordinator)
        elif step == "request_changes":
            services.request_changes(milestone=milestone, actor=coordinator, note="Add the annex.")
    elif step == "cancel":
        services.cancel_milestone(milestone=milestone, actor=coordinator)
    else:
        services.add_comment(initiative=initiative, actor=member, body="The annex is attached.")

    initiative.refresh_from_db()
    _stored_equals_fresh(initiative)
    if step == "approve":
        assert initiative.progress == pytest.approx(2 / 3)
    if step == "comment":
        assert (
            initiative.last_activity_at
            == m.Activity.objects.filter(initiative=initiative).latest("created_at").created_at
        )


def test_a_change_of_health_is_recorded_as_activity(plan):
    initiative, milestone, _later, _coordinator, member = plan
    services.start_milestone(milestone=milestone, actor=member)
    services.submit_milestone(milestone=milestone, actor=member)

    change = m.Activity.objects.get(initiative=initiative, verb=m.Activity.Verb.INITIATIVE_HEALTH_CHANGED)
    assert (change.details["old"], change.details["new"]) == (m.Health.AT_RISK, m.Health.ON_TRACK)
    assert change.actor == member


def test_the_turning_day_is_caught_by_the_hourly_refresh(plan):
    initiative, milestone, *_ = plan
    figures.refresh_all()  # every row computed once (factory-made rows never were)
    with time_machine.travel(
        datetime.datetime.combine(
            milestone.due_date + datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
        ),
        tick=False,
    ):
        initiative.refresh_from_db()
        assert initiative.health == m.Health.AT_RISK  # stored: nothing has refreshed it yet

        # Only the initiatives whose health the new day changed are rewritten; the others are confirmed for the day.
        assert m.Initiative.objects.exclude(pk=initiative.pk).exists()
        assert figures.refresh_all() == 1
        assert set(m.Initiative.objects.values_list("health_as_of", flat=True)) == {figures.programme_day()}

        initiative.refresh_from_db()
        assert initiative.health == m.Health.OFF_TRACK
        _stored_equals_fresh(initiative)
        change = m.Activity.objects.get(initiative=initiative, verb=m.Activity.Verb.INITIATIVE_HEALTH_CHANGED)
        assert change.actor is None
        assert figures.refresh_all() == 0


def test_rows_loaded_in_bulk_are_brought_up_to_date(world):
    initiative = world.initiative
    m.Milestone.objects.bulk_create(
        [m.Milestone(initiative=initiative, title="Loaded", weight=1, status=S.APPROVED, due_date=timezone.localdate())]
    )
    initiative.refresh_from_db()
    assert initiative.progress == 0.0

    figures.refresh_all()

    initiative.refresh_from_db()
    assert initiative.progress == 1.0
    _stored_equals_fresh(initiative)

"""Each side's own assessment: posting it, its due dates and the disagreement between the sides."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from proposals import figures, services, sides
from proposals.models import Activity, Assessment, Initiative, Milestone
from tests import factories
from tests.twosided.moments import NOW, TODAY


def post(initiative, actor, rating="on_track", **extra):
    extra.setdefault("rationale", "Both central banks have agreed the terms.")
    return services.post_assessment(initiative=initiative, actor=actor, rating=rating, **extra)


def fresh(initiative):
    return Initiative.objects.get(pk=initiative.pk)


def state(initiative):
    row = fresh(initiative)
    return (
        Assessment.objects.count(),
        Activity.objects.filter(verb="assessment.posted").count(),
        row.kr_rating,
        row.jp_rating,
        row.kr_assessment_due,
        row.disagreement_since,
        row.version,
    )


# --- posting ---------------------------------------------------------------------------------------


def test_owner_posts_for_the_side_they_own(clock, world):
    assessment = post(world.initiative, world.owner, "at_risk", confidence="medium")
    row = fresh(world.initiative)
    assert (assessment.side, assessment.rating, assessment.confidence) == ("KR", "at_risk", "medium")
    assert row.kr_rating == "at_risk" and row.jp_rating == ""
    assert row.kr_assessed_at == NOW
    assert row.kr_assessment_due == datetime.date(2026, 12, 2)  # monthly
    activity = Activity.objects.get(verb="assessment.posted")
    assert activity.details["side"] == "KR"
    assert activity.details["rating"] == "at_risk"
    assert activity.details["old_rating"] == ""


def test_owner_of_japan_with_a_korean_profile_posts_for_japan(clock, world):
    owner = factories.UserFactory(username="owner.dual", country="KR")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=owner, side="JP")
    assert post(world.initiative, owner).side == "JP"
    assert fresh(world.initiative).jp_rating == "on_track"


def test_coordinator_posts_for_their_country(clock, world):
    assert post(world.initiative, world.other_coordinator).side == "JP"
    assert post(world.initiative, world.coordinator).side == "KR"


def test_both_sides_post_and_the_old_rating_is_recorded(clock, world, japanese_owner):
    post(world.initiative, world.owner, "on_track")
    post(world.initiative, japanese_owner, "on_track")
    post(world.initiative, world.owner, "at_risk")
    row = fresh(world.initiative)
    assert (row.kr_rating, row.jp_rating) == ("at_risk", "on_track")
    latest = Activity.objects.filter(verb="assessment.posted").order_by("-pk").first()
    assert latest.details["old_rating"] == "on_track"
    assert Assessment.objects.filter(initiative=world.initiative).count() == 3


def test_next_update_date_sets_the_due_date(clock, world):
    post(world.initiative, world.owner, next_update_on=datetime.date(2026, 11, 20))
    assert fresh(world.initiative).kr_assessment_due == datetime.date(2026, 11, 20)


@pytest.mark.parametrize("role", ["member", "submitter", "stakeholder", "other_group_member"])
def test_members_and_readers_cannot_assess(clock, world, role):
    before = state(world.initiative)
    with pytest.raises(PermissionDenied):
        post(world.initiative, getattr(world, role))
    assert state(world.initiative) == before


def test_stakeholder_is_not_told_a_restricted_initiative_exists(clock, world):
    with pytest.raises(Http404):
        post(world.restricted, world.stakeholder)


def test_someone_of_neither_side_is_refused_with_a_reason(clock, world):
    before = state(world.initiative)
    with pytest.raises(PermissionDenied, match="neither country"):
        post(world.initiative, world.admin)  # an admin whose profile names no country and who owns no side
    assert state(world.initiative) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rating": "great"}, "rating"),
        ({"rationale": "   "}, "rationale"),
        ({"rationale": "x" * 2001}, "rationale"),
        ({"confidence": "total"}, "confidence"),
        ({"next_update_on": datetime.date(2026, 11, 1)}, "next_update_on"),
    ],
)
def test_invalid_assessment_names_the_field_and_changes_nothing(clock, world, changes, field):
    before = state(world.initiative)
    arguments = {"rating": "on_track", "rationale": "Fine.", **changes}
    with pytest.raises(ValidationError) as error:
        services.post_assessment(initiative=world.initiative, actor=world.owner, **arguments)
    assert field in error.value.message_dict
    assert state(world.initiative) == before


def test_history_is_never_edited(clock, world):
    post(world.initiative, world.owner)
    with pytest.raises(TypeError, match="append-only"):
        Assessment.objects.filter(initiative=world.initiative).update(rating="off_track")
    with pytest.raises(TypeError, match="append-only"):
        Assessment.objects.filter(initiative=world.initiative).delete()
    assert Assessment.objects.get().rating == "on_track"


# --- due dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "last", "due"),
    [
        ("weekly", datetime.date(2026, 11, 2), datetime.date(2026, 11, 9)),
        ("fortnightly", datetime.date(2026, 12, 24), datetime.date(2027, 1, 7)),
        ("monthly", datetime.date(2026, 11, 2), datetime.date(2026, 12, 2)),
        ("monthly", datetime.date(2027, 1, 31), datetime.date(2027, 2, 28)),
        ("monthly", datetime.date(2028, 1, 31), datetime.date(2028, 2, 29)),
        ("monthly", datetime.date(2026, 12, 15), datetime.date(2027, 1, 15)),
        ("quarterly", datetime.date(2026, 11, 30), datetime.date(2027, 2, 28)),
        ("quarterly", datetime.date(2026, 3, 31), datetime.date(2026, 6, 30)),
    ],
)
def test_next_assessment_due_follows_the_cadence(world, cadence, last, due):
    world.initiative.assessment_cadence = cadence
    assert sides.next_assessment_due(world.initiative, "KR", last) == due


def test_a_new_initiative_is_first_due_one_cadence_after_it_was_created(clock, world):
    initiative = services.create_initiative(
        actor=world.coordinator, working_group=world.group, title="Hydrogen", summary="Supply.", pillar="economy"
    )
    assert (initiative.kr_assessment_due, initiative.jp_assessment_due) == (datetime.date(2026, 12, 2),) * 2


def test_changing_the_cadence_recomputes_the_due_dates(clock, world, japanese_owner):
    post(world.initiative, world.owner)
    row = services.edit_initiative(initiative=fresh(world.initiative), actor=world.owner, assessment_cadence="weekly")
    assert row.kr_assessment_due == datetime.date(2026, 11, 9)
    created = sides.programme_day(row.created_at)
    assert row.jp_assessment_due == created + datetime.timedelta(days=7)


def test_the_hourly_refresh_fills_missing_due_dates(clock, world):
    Initiative.objects.filter(pk=world.initiative.pk).update(kr_assessment_due=None, jp_assessment_due=None)
    figures.refresh_all(today=TODAY)
    row = fresh(world.initiative)
    created = sides.programme_day(row.created_at)
    assert row.kr_assessment_due == sides.add_months(created, 1)
    assert row.jp_assessment_due == sides.add_months(created, 1)


def test_overdue_is_the_day_after_the_due_date(clock, world):
    post(world.initiative, world.owner, next_update_on=TODAY)
    row = fresh(world.initiative)
    assert sides.is_due(row, "KR", TODAY) and not sides.is_overdue(row, "KR", TODAY)
    assert sides.is_overdue(row, "KR", TODAY + datetime.timedelta(days=1))
    row.status = "completed"
    assert not sides.is_overdue(row, "KR", TODAY + datetime.timedelta(days=1))


# --- disagreement ---------------------------------------------------------------------------------------


def test_differing_ratings_are_flagged_after_more_than_fourteen_days(world, japanese_owner):
    with time_machine.travel(NOW, tick=False):
        post(world.initiative, world.owner, "on_track")
        post(world.initiative, japanese_owner, "at_risk")
    row = fresh(world.initiative)
    assert row.disagreement_since == TODAY
    assert not sides.is_flagged(row, TODAY + datetime.timedelta(days=13))
    assert not sides.is_flagged(row, TODAY + datetime.timedelta(days=14))
    assert sides.is_flagged(row, TODAY + datetime.timedelta(days=15))
    flagged = sides.flagged(Initiative.objects.all(), TODAY + datetime.timedelta(days=15))
    assert list(flagged) == [row]
    assert not sides.flagged(Initiative.objects.all(), TODAY + datetime.timedelta(days=13)).exists()


def test_the_flag_threshold_is_a_setting(world, japanese_owner, settings):
    settings.DISAGREEMENT_FLAG_DAYS = 3
    with time_machine.travel(NOW, tick=False):
        post(world.initiative, world.owner, "on_track")
        post(world.initiative, japanese_owner, "off_track")
    assert sides.is_flagged(fresh(world.initiative), TODAY + datetime.timedelta(days=4))


def test_the_start_of_a_disagreement_is_kept_while_it_holds_and_cleared_when_it_ends(world, japanese_owner):
    with time_machine.travel(NOW, tick=False):
        post(world.initiative, world.owner, "on_track")
        post(world.initiative, japanese_owner, "at_risk")
    with time_machine.travel(NOW + datetime.timedelta(days=10), tick=False):
        post(world.initiative, japanese_owner, "off_track")
        assert fresh(world.initiative).disagreement_since == TODAY
    with time_machine.travel(NOW + datetime.timedelta(days=20), tick=False):
        post(world.initiative, world.owner, "off_track")
    row = fresh(world.initiative)
    assert row.disagreement_since is None
    assert not sides.is_flagged(row, TODAY + datetime.timedelta(days=30))


def test_one_side_rating_alone_is_no_disagreement(clock, world):
    post(world.initiative, world.owner, "at_risk")
    assert fresh(world.initiative).disagreement_since is None


def test_on_track_against_an_off_track_computed_health_is_a_disagreement(world):
    with time_machine.travel(NOW, tick=False):
        post(world.initiative, world.owner, "on_track")
    factories.MilestoneFactory(
        initiative=world.initiative, title="Sign the swap", due_date=TODAY + datetime.timedelta(days=2)
    )
    figures.refresh([world.initiative.pk], today=TODAY)
    assert fresh(world.initiative).disagreement_since is None
    # The milestone falls overdue as days pass: the hourly refresh turns the health and starts the disagreement.
    later = TODAY + datetime.timedelta(days=3)
    figures.refresh_all(today=later)
    row = fresh(world.initiative)
    assert row.health == "off_track"
    assert row.disagreement_since == later
    assert sides.standing(row, later).disagreement_kind == "computed"
    assert sides.is_flagged(row, later + datetime.timedelta(days=15))
    assert not sides.is_flagged(row, later + datetime.timedelta(days=13))
    # Approving the milestone puts the health back on track and ends the disagreement in the same transaction.
    Milestone.objects.filter(initiative=world.initiative).update(status="approved")
    figures.refresh_all(today=later + datetime.timedelta(days=1))
    assert fresh(world.initiative).disagreement_since is None


def test_stored_disagreement_equals_a_fresh_computation(clock, world, japanese_owner):
    post(world.initiative, world.owner, "on_track")
    post(world.initiative, japanese_owner, "at_risk")
    for row in Initiative.objects.all():
        assert (row.disagreement_since is not None) == sides.initiative_disagrees(row)


def test_the_hourly_refresh_adds_no_query_per_row(clock, world, django_assert_max_num_queries):
    for n in range(6):
        initiative = factories.InitiativeFactory(working_group=world.group, kr_rating="on_track", jp_rating="at_risk")
        factories.MilestoneFactory(initiative=initiative, due_date=TODAY - datetime.timedelta(days=n + 1))
    Initiative.objects.update(disagreement_since=None, health_as_of=TODAY - datetime.timedelta(days=1))
    with django_assert_max_num_queries(8):
        figures.refresh_all(today=TODAY)
    assert Initiative.objects.filter(disagreement_since=TODAY).count() == 6

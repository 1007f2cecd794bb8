"""Selectors: visibility, derived figures, work lists, review queue, activity streams, query budgets."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.models import Membership, User
from proposals import figures, permissions, screens, selectors
from proposals.models import (
    Activity,
    Comment,
    CommentRevision,
    EvidenceLink,
    IndicatorReading,
    Initiative,
    InitiativeOwner,
    Milestone,
    ProgressUpdate,
    SourceReference,
)
from tests import factories

TODAY = datetime.date(2026, 3, 10)
PLANNED = Milestone.Status.PLANNED
IN_PROGRESS = Milestone.Status.IN_PROGRESS
SUBMITTED = Milestone.Status.SUBMITTED
CHANGES_REQUESTED = Milestone.Status.CHANGES_REQUESTED
APPROVED = Milestone.Status.APPROVED
CANCELLED = Milestone.Status.CANCELLED
RESTRICTED = Initiative.Visibility.RESTRICTED


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@dataclass
class People:
    group: object
    other_group: object
    admin: object
    coordinator: object
    member: object
    owner: object
    stakeholder: object
    other_coordinator: object
    inactive_member: object
    inactive_admin: object
    internal: Initiative
    restricted: Initiative
    restricted_unowned: Initiative
    other_restricted: Initiative

    def user(self, role: str):
        return AnonymousUser() if role == "anonymous" else getattr(self, role)


@pytest.fixture
def people(world) -> People:
    """The shared world, plus a coordinator of the other group, an inactive admin and two restricted initiatives."""
    other_coordinator = factories.UserFactory(username="coord.yamada")
    factories.MembershipFactory(
        user=other_coordinator, working_group=world.other_group, role=Membership.Role.COORDINATOR
    )
    inactive_admin = factories.UserFactory(username="gone.admin", is_superuser=True, is_active=False)
    restricted_unowned = factories.InitiativeFactory(
        title="Semiconductor supply chain", slug="semiconductors", working_group=world.group, visibility=RESTRICTED
    )
    other_restricted = factories.InitiativeFactory(
        title="Student exchange", slug="student-exchange", working_group=world.other_group, visibility=RESTRICTED
    )
    return People(
        world.group,
        world.other_group,
        world.admin,
        world.coordinator,
        world.member,
        world.owner,
        world.stakeholder,
        other_coordinator,
        world.inactive,
        inactive_admin,
        world.initiative,
        world.restricted,
        restricted_unowned,
        other_restricted,
    )


def slugs(queryset) -> set[str]:
    return {initiative.slug for initiative in queryset}


def annotated(initiative: Initiative, today: datetime.date = TODAY) -> Initiative:
    """The initiative with its stored figures brought up to date for ``today``."""
    figures.refresh([initiative.pk], today=today)
    return Initiative.objects.get(pk=initiative.pk)


# --- visibility ---------------------------------------------------------------------------------

ROLES = (
    "admin",
    "coordinator",
    "member",
    "owner",
    "stakeholder",
    "other_coordinator",
    "anonymous",
    "inactive_member",
    "inactive_admin",
)
SEES_INTERNAL = {"admin", "coordinator", "member", "owner", "stakeholder", "other_coordinator"}
SEES_RESTRICTED = {"admin", "coordinator", "member", "owner"}


@pytest.mark.parametrize("role", ROLES)
def test_internal_initiative_is_visible_to_every_active_signed_in_user(people, role):
    visible = slugs(selectors.initiatives_visible_to(people.user(role)))
    assert ("currency-swap" in visible) is (role in SEES_INTERNAL)


@pytest.mark.parametrize("role", ROLES)
def test_restricted_initiative_is_visible_to_its_group_owners_and_admins_only(people, role):
    visible = slugs(selectors.initiatives_visible_to(people.user(role)))
    assert ("whitelist" in visible) is (role in SEES_RESTRICTED)


def test_owner_sees_only_the_restricted_initiatives_they_own(people):
    visible = slugs(selectors.initiatives_visible_to(people.owner))
    assert visible == {"currency-swap", "whitelist"}


def test_coordinator_of_another_group_sees_that_groups_restricted_initiative_only(people):
    visible = slugs(selectors.initiatives_visible_to(people.other_coordinator))
    assert visible == {"currency-swap", "student-exchange"}


def test_admin_sees_every_initiative(people):
    assert selectors.initiatives_visible_to(people.admin).count() == Initiative.objects.count()


@pytest.mark.parametrize("role", ROLES)
def test_visibility_matches_the_permission_matrix(people, role):
    user = people.user(role)
    visible = slugs(selectors.initiatives_visible_to(user))
    allowed = {i.slug for i in Initiative.objects.all() if permissions.can(user, "view", i)}
    assert visible == allowed


def test_member_who_also_owns_an_initiative_gets_it_once(people):
    factories.InitiativeOwnerFactory(initiative=people.restricted, user=people.member, side="JP")
    factories.InitiativeOwnerFactory(initiative=people.restricted, user=people.coordinator, side="KR")
    rows = list(selectors.initiatives_visible_to(people.member))
    assert len(rows) == len({row.pk for row in rows}) == 3


def test_visible_initiatives_carry_their_owners_and_group(people, django_assert_num_queries):
    rows = list(selectors.initiatives_visible_to(people.owner))
    with django_assert_num_queries(0):
        owners = {row.slug: [o.user.username for o in row.ownerships.all()] for row in rows}
        groups = {row.working_group.slug for row in rows}
    assert owners == {"currency-swap": ["owner.choi"], "whitelist": ["owner.choi"]}
    assert groups == {"economic-security"}


# --- progress -----------------------------------------------------------------------------------


def test_progress_is_zero_without_milestones(people):
    assert annotated(people.internal).progress == 0.0


def test_progress_is_approved_weight_over_weight_not_cancelled(people):
    factories.MilestoneFactory(initiative=people.internal, weight=3, status=APPROVED, due_date=days(-5))
    factories.MilestoneFactory(initiative=people.internal, weight=1, status=IN_PROGRESS, due_date=days(30))
    factories.MilestoneFactory(initiative=people.internal, weight=5, status=CANCELLED, due_date=days(30))
    assert annotated(people.internal).progress == pytest.approx(0.75)


def test_progress_is_zero_when_every_milestone_is_cancelled(people):
    factories.MilestoneFactory(initiative=people.internal, weight=2, status=CANCELLED)
    assert annotated(people.internal).progress == 0.0


def test_progress_is_one_when_every_remaining_milestone_is_approved(people):
    factories.MilestoneFactory(initiative=people.internal, weight=2, status=APPROVED, due_date=days(-1))
    factories.MilestoneFactory(initiative=people.internal, weight=7, status=CANCELLED)
    assert annotated(people.internal).progress == 1.0


def test_progress_is_a_float_between_zero_and_one(people):
    factories.MilestoneFactory(initiative=people.internal, weight=1, status=APPROVED, due_date=days(-1))
    factories.MilestoneFactory(initiative=people.internal, weight=2, status=PLANNED, due_date=days(40))
    progress = annotated(people.internal).progress
    assert isinstance(progress, float)
    assert progress == pytest.approx(1 / 3)


# --- health -------------------------------------------------------------------------------------


def health_of(initiative, today=TODAY):
    row = annotated(initiative, today)
    with translation.override("en"):
        return row.health, row.health_rank, selectors.health_reason(row)


def test_initiative_without_milestones_is_on_track(people):
    assert health_of(people.internal) == ("on_track", 2, "All milestones are on schedule")


def test_overdue_milestone_puts_initiative_off_track(people):
    factories.MilestoneFactory(initiative=people.internal, title="Draft MOU", due_date=days(-12), status=PLANNED)
    assert health_of(people.internal) == ("off_track", 0, "Milestone “Draft MOU” is 12 days overdue")


def test_one_day_overdue_is_singular(people):
    factories.MilestoneFactory(initiative=people.internal, title="Draft MOU", due_date=days(-1), status=IN_PROGRESS)
    assert health_of(people.internal)[2] == "Milestone “Draft MOU” is 1 day overdue"


def test_submitted_milestone_past_its_due_date_is_still_overdue(people):
    factories.MilestoneFactory(initiative=people.internal, title="Draft MOU", due_date=days(-3), status=SUBMITTED)
    assert health_of(people.internal)[0] == "off_track"


@pytest.mark.parametrize("status", [APPROVED, CANCELLED])
def test_closed_milestone_past_its_due_date_is_not_overdue(people, status):
    factories.MilestoneFactory(initiative=people.internal, due_date=days(-30), status=status)
    assert health_of(people.internal)[0] == "on_track"


def test_reason_names_the_most_overdue_milestone(people):
    factories.MilestoneFactory(initiative=people.internal, title="Recent", due_date=days(-2))
    factories.MilestoneFactory(initiative=people.internal, title="Oldest", due_date=days(-40))
    factories.MilestoneFactory(initiative=people.internal, title="Due soon", due_date=days(3))
    assert health_of(people.internal) == ("off_track", 0, "Milestone “Oldest” is 40 days overdue")


@pytest.mark.parametrize("status", [PLANNED, IN_PROGRESS, CHANGES_REQUESTED])
def test_milestone_due_within_14_days_and_not_submitted_puts_initiative_at_risk(people, status):
    factories.MilestoneFactory(initiative=people.internal, title="X", due_date=days(3), status=status)
    assert health_of(people.internal) == ("at_risk", 1, "Milestone “X” is due in 3 days and not yet submitted")


@pytest.mark.parametrize("status", [SUBMITTED, APPROVED, CANCELLED])
def test_milestone_due_soon_that_is_submitted_or_closed_is_on_track(people, status):
    factories.MilestoneFactory(initiative=people.internal, due_date=days(3), status=status)
    assert health_of(people.internal)[0] == "on_track"


def test_milestone_due_in_exactly_14_days_is_at_risk(people):
    factories.MilestoneFactory(initiative=people.internal, title="Edge", due_date=days(14))
    assert health_of(people.internal)[0] == "at_risk"


def test_milestone_due_in_15_days_is_on_track(people):
    factories.MilestoneFactory(initiative=people.internal, due_date=days(15))
    assert health_of(people.internal)[0] == "on_track"


def test_milestone_due_today_is_at_risk_and_says_today(people):
    factories.MilestoneFactory(initiative=people.internal, title="Signing", due_date=TODAY)
    assert health_of(people.internal) == ("at_risk", 1, "Milestone “Signing” is due today and not yet submitted")


def test_milestone_due_tomorrow_is_singular(people):
    factories.MilestoneFactory(initiative=people.internal, title="Signing", due_date=days(1))
    assert health_of(people.internal)[2] == "Milestone “Signing” is due in 1 day and not yet submitted"


def test_at_risk_reason_names_the_soonest_milestone(people):
    factories.MilestoneFactory(initiative=people.internal, title="Later", due_date=days(10))
    factories.MilestoneFactory(initiative=people.internal, title="Sooner", due_date=days(4))
    factories.MilestoneFactory(initiative=people.internal, title="Submitted", due_date=days(1), status=SUBMITTED)
    assert health_of(people.internal)[2] == "Milestone “Sooner” is due in 4 days and not yet submitted"


def test_health_follows_the_day_passed_in(people):
    factories.MilestoneFactory(initiative=people.internal, due_date=days(20))
    assert health_of(people.internal, today=TODAY)[0] == "on_track"
    assert health_of(people.internal, today=days(10))[0] == "at_risk"
    assert health_of(people.internal, today=days(21))[0] == "off_track"


def test_stored_health_is_for_the_programme_day_of_the_last_refresh(people):
    factories.MilestoneFactory(initiative=people.internal, due_date=datetime.date(2026, 6, 1))
    with time_machine.travel(datetime.datetime(2026, 6, 2, 12, tzinfo=datetime.UTC), tick=False):
        figures.refresh_all()
        row = selectors.initiatives_visible_to(people.admin).get(pk=people.internal.pk)
        assert row.health == "off_track"
        assert row.health_as_of == datetime.date(2026, 6, 2)
        with translation.override("en"):
            assert selectors.health_reason(row).endswith("is 1 day overdue")


def test_health_reason_runs_no_query(people, django_assert_num_queries):
    factories.MilestoneFactory(initiative=people.internal, due_date=days(-3))
    row = annotated(people.internal)
    with django_assert_num_queries(0):
        selectors.health_reason(row)


def test_health_reason_is_translated(people):
    factories.MilestoneFactory(initiative=people.internal, title="Draft MOU", due_date=days(-2))
    row = annotated(people.internal)
    with translation.override("en"):
        english = selectors.health_reason(row)
    with translation.override("ko"):
        korean = selectors.health_reason(row)
    assert "Draft MOU" in english and "Draft MOU" in korean


def test_with_health_reasons_sets_the_text_on_each_row(people):
    factories.MilestoneFactory(initiative=people.internal, title="Draft MOU", due_date=days(-2))
    figures.refresh_all(today=TODAY)
    with translation.override("en"):
        rows = selectors.with_health_reasons(selectors.initiatives_visible_to(people.admin))
    reasons = {row.slug: row.health_reason for row in rows}
    assert reasons["currency-swap"] == "Milestone “Draft MOU” is 2 days overdue"
    assert reasons["whitelist"] == "All milestones are on schedule"


# --- next milestone and last activity -------------------------------------------------------------


def test_next_milestone_is_the_earliest_open_one_due_today_or_later(people):
    factories.MilestoneFactory(initiative=people.internal, title="Overdue", due_date=days(-2))
    factories.MilestoneFactory(initiative=people.internal, title="Approved early", due_date=days(1), status=APPROVED)
    factories.MilestoneFactory(initiative=people.internal, title="Cancelled", due_date=days(2), status=CANCELLED)
    factories.MilestoneFactory(initiative=people.internal, title="Later", due_date=days(40))
    factories.MilestoneFactory(initiative=people.internal, title="Next", due_date=days(5), status=SUBMITTED)
    row = annotated(people.internal)
    assert (row.next_milestone_title, row.next_milestone_due) == ("Next", days(5))


def test_next_milestone_is_none_without_upcoming_milestones(people):
    factories.MilestoneFactory(initiative=people.internal, due_date=days(-2))
    row = annotated(people.internal)
    assert (row.next_milestone_title, row.next_milestone_due) == ("", None)


def test_last_activity_is_the_newest_activity_of_the_initiative(people):
    moments = [datetime.datetime(2026, 3, d, 9, tzinfo=datetime.UTC) for d in (1, 8, 4)]
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            activity(initiative=people.internal, actor=people.member)
    with time_machine.travel(datetime.datetime(2026, 3, 9, tzinfo=datetime.UTC), tick=False):
        activity(initiative=people.restricted, actor=people.member)
    assert annotated(people.internal).last_activity_at == moments[1]


def test_last_activity_is_none_without_activity(people):
    assert annotated(people.internal).last_activity_at is None


# --- initiative detail --------------------------------------------------------------------------


def test_initiative_detail_of_a_restricted_initiative_is_404_for_a_stakeholder(people):
    with pytest.raises(Http404):
        selectors.initiative_detail(user=people.stakeholder, slug="whitelist")


def test_initiative_detail_is_404_for_anonymous_users(people):
    with pytest.raises(Http404):
        selectors.initiative_detail(user=AnonymousUser(), slug="currency-swap")


def test_initiative_detail_is_404_for_an_unknown_slug(people):
    with pytest.raises(Http404):
        selectors.initiative_detail(user=people.admin, slug="no-such-thing")


def test_initiative_detail_returns_the_annotated_initiative(people):
    factories.MilestoneFactory(initiative=people.restricted, title="Draft MOU", due_date=days(-12))
    initiative = selectors.initiative_detail(user=people.owner, slug="whitelist")
    assert initiative.pk == people.restricted.pk
    assert (initiative.health, initiative.health_milestone_title) == ("off_track", "Draft MOU")
    assert initiative.is_followed is False


def test_initiative_detail_says_whether_the_user_follows_it(people):
    factories.FollowFactory(user=people.stakeholder, initiative=people.internal)
    assert selectors.initiative_detail(user=people.stakeholder, slug="currency-swap").is_followed
    assert not selectors.initiative_detail(user=people.member, slug="currency-swap").is_followed


def test_initiative_detail_orders_milestones_by_due_date_and_readings_by_date(people):
    factories.MilestoneFactory(initiative=people.internal, title="B", due_date=days(20))
    factories.MilestoneFactory(initiative=people.internal, title="A", due_date=days(5))
    indicator = factories.IndicatorFactory(initiative=people.internal)
    factories.IndicatorReadingFactory(indicator=indicator, date=datetime.date(2025, 6, 1), value=20)
    factories.IndicatorReadingFactory(indicator=indicator, date=datetime.date(2025, 1, 1), value=15)
    initiative = selectors.initiative_detail(user=people.member, slug="currency-swap")
    assert [m.title for m in initiative.milestones.all()] == ["A", "B"]
    assert [r.date.month for r in initiative.indicators.all()[0].readings.all()] == [1, 6]


def test_a_screen_of_comments_shows_hidden_ones_to_moderators_and_authors_only(people):
    shown = factories.CommentFactory(initiative=people.internal, author=people.member)
    hidden = factories.CommentFactory(initiative=people.internal, author=people.stakeholder, is_hidden=True)
    factories.CommentRevisionFactory(comment=shown)
    factories.CommentRevisionFactory(comment=shown)

    def screen(user, can_moderate):
        comments, _earlier = screens.comments_screen(initiative=people.internal, user=user, can_moderate=can_moderate)
        return {c.pk: (c.is_hidden, c.revision_count) for c in comments}

    assert screen(people.coordinator, True) == {shown.pk: (False, 2), hidden.pk: (True, 0)}
    assert screen(people.stakeholder, False) == {shown.pk: (False, 2), hidden.pk: (True, 0)}
    assert screen(people.member, False) == {shown.pk: (False, 2)}


def test_comments_come_a_screen_at_a_time_oldest_first_with_a_cursor_for_earlier_ones(people):
    comments = [
        factories.CommentFactory(initiative=people.internal, author=people.member, body=f"Note {i}") for i in range(5)
    ]

    newest, earlier = screens.comments_screen(
        initiative=people.internal, user=people.member, can_moderate=False, size=2
    )
    before, earliest = screens.comments_screen(
        initiative=people.internal, user=people.member, can_moderate=False, size=2, before=earlier
    )
    first, none_left = screens.comments_screen(
        initiative=people.internal, user=people.member, can_moderate=False, size=2, before=earliest
    )

    assert [c.pk for c in newest] == [comments[3].pk, comments[4].pk]
    assert [c.pk for c in before] == [comments[1].pk, comments[2].pk]
    assert [c.pk for c in first] == [comments[0].pk]
    assert none_left is None


def fill_initiative(initiative, n: int, *, author) -> None:
    """Give an initiative n rows of every kind the detail page shows."""
    milestones = Milestone.objects.bulk_create(
        factories.MilestoneFactory.build(initiative=initiative, owner=author, due_date=days(i % 60 - 30))
        for i in range(n)
    )
    evidence = EvidenceLink.objects.bulk_create(
        factories.EvidenceLinkFactory.build(initiative=initiative, added_by=author, milestone=milestone)
        for milestone in milestones
    )
    indicators = [factories.IndicatorFactory(initiative=initiative) for _ in range(3)]
    IndicatorReading.objects.bulk_create(
        factories.IndicatorReadingFactory.build(
            indicator=indicators[i % 3],
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            evidence=evidence[i],
            recorded_by=author,
        )
        for i in range(n)
    )
    ProgressUpdate.objects.bulk_create(
        factories.ProgressUpdateFactory.build(
            initiative=initiative, author=author, milestone=milestones[i], evidence=evidence[i]
        )
        for i in range(n)
    )
    SourceReference.objects.bulk_create(factories.SourceReferenceFactory.build(initiative=initiative) for _ in range(n))
    comments = Comment.objects.bulk_create(
        factories.CommentFactory.build(initiative=initiative, author=author, milestone=milestones[i]) for i in range(n)
    )
    CommentRevision.objects.bulk_create(
        factories.CommentRevisionFactory.build(comment=comment, edited_by=author) for comment in comments
    )
    users = User.objects.bulk_create(
        factories.UserFactory.build(username=f"co-owner-{initiative.pk}-{i}") for i in range(n)
    )
    InitiativeOwner.objects.bulk_create(InitiativeOwner(initiative=initiative, user=user, side="JP") for user in users)


def render_detail(user, slug) -> None:
    initiative = selectors.initiative_detail(user=user, slug=slug)
    selectors.health_reason(initiative)
    _ = (initiative.working_group.name, initiative.progress, initiative.last_activity_at, initiative.is_followed)
    for ownership in initiative.ownerships.all():
        _ = ownership.user.username
    for milestone in initiative.milestones.all():
        _ = (milestone.owner and milestone.owner.username, milestone.submitted_by, milestone.decided_by)
    for indicator in initiative.indicators.all():
        for reading in indicator.readings.all():
            _ = (reading.evidence and reading.evidence.title, reading.recorded_by and reading.recorded_by.username)
    for link in initiative.evidence.all():
        _ = (link.added_by and link.added_by.username, link.milestone and link.milestone.title)
    for update in initiative.progress_updates.all():
        _ = (
            update.author.username,
            update.milestone and update.milestone.title,
            update.evidence and update.evidence.url,
        )
    for source in initiative.sources.all():
        _ = source.get_document_display()
    comments, _earlier = screens.comments_screen(initiative=initiative, user=user, can_moderate=True)
    for comment in comments:
        _ = (
            comment.author.username,
            comment.revision_count,
            comment.milestone and comment.milestone.title,
            comment.hidden_by,
        )
    activity, _older = screens.activity_screen(initiative=initiative)
    for item in activity:
        _ = (item.actor and item.actor.username, item.milestone and item.milestone.title)


def test_initiative_detail_query_count_does_not_grow_with_rows(people, django_assert_max_num_queries):
    fill_initiative(people.internal, 5, author=people.member)
    fill_initiative(people.restricted, 200, author=people.member)
    with CaptureQueriesContext(connection) as small:
        render_detail(people.member, "currency-swap")
    with django_assert_max_num_queries(len(small)):
        render_detail(people.member, "whitelist")
    # A fixed cost per page: one of the 14 reads the joint milestones' sign-offs.
    assert len(small) <= 14, [q["sql"][:80] for q in small.captured_queries]


# --- list query budget ----------------------------------------------------------------------------


def bulk_initiatives(n: int, *, group, owner, prefix: str) -> list[Initiative]:
    """n initiatives (every third restricted) with an owner, four milestones and two activity rows each."""
    initiatives = Initiative.objects.bulk_create(
        factories.InitiativeFactory.build(
            working_group=group,
            slug=f"{prefix}-{i}",
            title=f"{prefix} {i}",
            visibility=RESTRICTED if i % 3 == 0 else Initiative.Visibility.INTERNAL,
        )
        for i in range(n)
    )
    InitiativeOwner.objects.bulk_create(InitiativeOwner(initiative=i, user=owner, side="KR") for i in initiatives)
    statuses = [PLANNED, APPROVED, SUBMITTED, CANCELLED]
    Milestone.objects.bulk_create(
        factories.MilestoneFactory.build(
            initiative=initiative, owner=owner, status=statuses[k], due_date=days((i + k * 7) % 50 - 20)
        )
        for i, initiative in enumerate(initiatives)
        for k in range(4)
    )
    Activity.objects.bulk_create(
        Activity(actor=owner, verb=Activity.Verb.INITIATIVE_EDITED, initiative=initiative, working_group=group)
        for initiative in initiatives
        for _ in range(2)
    )
    figures.refresh([i.pk for i in initiatives], today=TODAY, record_changes=False)
    return initiatives


def render_list(user, params) -> int:
    queryset, filterset = selectors.initiative_list(user=user, params=params)
    assert filterset.is_valid(), filterset.errors
    rows = selectors.with_health_reasons(queryset)
    for row in rows:
        _ = (
            row.working_group.name,
            row.progress,
            row.health,
            row.health_rank,
            row.health_reason,
            row.last_activity_at,
            row.next_milestone_title,
            row.next_milestone_due,
        )
        _ = [ownership.user.username for ownership in row.ownerships.all()]
        permissions.can(user, "edit_initiative", row)
    return len(rows)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "health"},
        {"ordering": "-last_activity", "working_group": "economic-security"},
        {"owner": "owner.choi", "health": "off_track", "ordering": "-progress"},
    ],
)
def test_initiative_list_query_count_does_not_grow_with_rows(people, params, django_assert_max_num_queries):
    bulk_initiatives(5, group=people.group, owner=people.owner, prefix="small")
    with CaptureQueriesContext(connection) as small:
        few = render_list(people.member, params)
    bulk_initiatives(195, group=people.group, owner=people.owner, prefix="large")
    with django_assert_max_num_queries(len(small)):
        many = render_list(people.member, params)
    assert many > few
    assert len(small) <= 5


# --- my work --------------------------------------------------------------------------------------


def test_my_work_puts_each_milestone_in_its_bucket(people):
    mine = dict(initiative=people.internal, owner=people.member)
    overdue = factories.MilestoneFactory(**mine, title="overdue", due_date=days(-3))
    overdue_submitted = factories.MilestoneFactory(
        **mine, title="overdue, submitted", due_date=days(-1), status=SUBMITTED, submitted_by=people.member
    )
    due_today = factories.MilestoneFactory(**mine, title="due today", due_date=TODAY, status=IN_PROGRESS)
    due_soon = factories.MilestoneFactory(**mine, title="due in 14", due_date=days(14))
    factories.MilestoneFactory(**mine, title="due in 15", due_date=days(15))
    factories.MilestoneFactory(**mine, title="approved", due_date=days(-5), status=APPROVED)
    factories.MilestoneFactory(**mine, title="cancelled", due_date=days(2), status=CANCELLED)
    awaiting = factories.MilestoneFactory(
        initiative=people.internal,
        owner=people.coordinator,
        title="submitted by me",
        due_date=days(30),
        status=SUBMITTED,
        submitted_by=people.member,
    )
    changes_owned = factories.MilestoneFactory(
        **mine, title="changes, owned", due_date=days(40), status=CHANGES_REQUESTED
    )
    changes_submitted = factories.MilestoneFactory(
        initiative=people.internal,
        owner=people.coordinator,
        title="changes, submitted",
        due_date=days(20),
        status=CHANGES_REQUESTED,
        submitted_by=people.member,
    )
    factories.MilestoneFactory(
        initiative=people.internal, owner=people.coordinator, title="someone else's", due_date=days(-9)
    )

    work = selectors.my_work(user=people.member, today=TODAY)

    assert list(work["overdue"]) == [overdue, overdue_submitted]
    assert list(work["due_soon"]) == [due_today, due_soon]
    assert list(work["awaiting_review"]) == [overdue_submitted, awaiting]
    assert list(work["changes_requested"]) == [changes_submitted, changes_owned]


def test_my_work_leaves_out_initiatives_the_user_may_no_longer_read(people):
    factories.MilestoneFactory(initiative=people.other_restricted, owner=people.member, due_date=days(-3))
    visible = factories.MilestoneFactory(initiative=people.internal, owner=people.member, due_date=days(-3))
    assert list(selectors.my_work(user=people.member, today=TODAY)["overdue"]) == [visible]


def test_my_work_is_empty_for_anonymous_users(people):
    work = selectors.my_work(user=AnonymousUser(), today=TODAY)
    assert set(work) == set(selectors.MY_WORK_BUCKETS)
    assert all(not queryset.exists() for queryset in work.values())


def render_my_work(user) -> int:
    shown = 0
    for milestones in selectors.my_work(user=user, today=TODAY).values():
        for milestone in milestones:
            _ = (milestone.initiative.title, milestone.initiative.working_group.name, milestone.owner.username)
            shown += 1
    return shown


def bulk_milestones(n: int, *, initiative, owner, submitted_by=None) -> None:
    statuses = [PLANNED, IN_PROGRESS, SUBMITTED, CHANGES_REQUESTED]
    Milestone.objects.bulk_create(
        factories.MilestoneFactory.build(
            initiative=initiative,
            owner=owner,
            status=statuses[i % 4],
            due_date=days(i % 30 - 10),
            submitted_by=submitted_by or owner,
            submitted_at=timezone.now(),
        )
        for i in range(n)
    )


def test_my_work_query_count_does_not_grow_with_rows(people, django_assert_max_num_queries):
    bulk_milestones(5, initiative=people.internal, owner=people.member)
    with CaptureQueriesContext(connection) as small:
        few = render_my_work(people.member)
    bulk_milestones(195, initiative=people.restricted, owner=people.member)
    with django_assert_max_num_queries(len(small)):
        many = render_my_work(people.member)
    assert many > few
    assert len(small) == 4


# --- review queue -------------------------------------------------------------------------------


def submitted(initiative, *, by, at_hour: int, title: str = "") -> Milestone:
    return factories.MilestoneFactory(
        initiative=initiative,
        status=SUBMITTED,
        submitted_by=by,
        owner=by,
        title=title or f"at {at_hour}",
        submitted_at=datetime.datetime(2026, 3, 1, at_hour, tzinfo=datetime.UTC),
    )


def test_review_queue_lists_submissions_of_the_coordinators_groups_oldest_first(people):
    later = submitted(people.restricted, by=people.member, at_hour=12)
    earlier = submitted(people.internal, by=people.member, at_hour=8)
    submitted(people.other_restricted, by=people.other_coordinator, at_hour=9)
    factories.MilestoneFactory(initiative=people.internal, status=IN_PROGRESS)
    factories.MilestoneFactory(initiative=people.internal, status=CHANGES_REQUESTED, submitted_by=people.member)
    assert list(selectors.review_queue(user=people.coordinator)) == [earlier, later]


def test_review_queue_leaves_out_the_coordinators_own_submissions(people):
    submitted(people.internal, by=people.coordinator, at_hour=8)
    other = submitted(people.internal, by=people.member, at_hour=9)
    assert list(selectors.review_queue(user=people.coordinator)) == [other]


def test_review_queue_keeps_submissions_without_a_submitter(people):
    orphan = factories.MilestoneFactory(initiative=people.internal, status=SUBMITTED, submitted_by=None)
    assert list(selectors.review_queue(user=people.coordinator)) == [orphan]


def test_admin_review_queue_covers_every_group_but_their_own_submissions(people):
    one = submitted(people.internal, by=people.member, at_hour=8)
    two = submitted(people.other_restricted, by=people.other_coordinator, at_hour=9)
    submitted(people.internal, by=people.admin, at_hour=10)
    assert list(selectors.review_queue(user=people.admin)) == [one, two]


@pytest.mark.parametrize("role", ["member", "owner", "stakeholder", "anonymous", "inactive_admin"])
def test_review_queue_is_empty_for_anyone_who_may_not_review(people, role):
    submitted(people.internal, by=people.coordinator, at_hour=8)
    submitted(people.restricted, by=people.owner, at_hour=9)
    assert list(selectors.review_queue(user=people.user(role))) == []


def test_review_queue_count_is_one_query(people, django_assert_num_queries):
    submitted(people.internal, by=people.member, at_hour=8)
    submitted(people.restricted, by=people.member, at_hour=9)
    submitted(people.internal, by=people.coordinator, at_hour=10)
    with django_assert_num_queries(1):
        assert selectors.review_queue_count(user=people.coordinator) == 2


def test_review_queue_prefetches_the_evidence(people, django_assert_num_queries):
    milestone = submitted(people.internal, by=people.member, at_hour=8)
    link = factories.EvidenceLinkFactory(initiative=people.internal, milestone=milestone, added_by=people.member)
    queue = list(selectors.review_queue(user=people.coordinator))
    with django_assert_num_queries(0):
        assert [e.added_by.username for e in queue[0].evidence.all()] == ["member.park"]
    assert queue[0].evidence.all()[0] == link


def render_review_queue(user) -> int:
    queue = list(selectors.review_queue(user=user))
    for milestone in queue:
        _ = (
            milestone.initiative.title,
            milestone.initiative.working_group.name,
            milestone.owner.username,
            milestone.submitted_by.username,
            [(e.title, e.added_by.username) for e in milestone.evidence.all()],
        )
    return len(queue)


def test_review_queue_query_count_does_not_grow_with_rows(people, django_assert_max_num_queries):
    def add(n, initiative):
        bulk_milestones(n, initiative=initiative, owner=people.member, submitted_by=people.member)
        for milestone in Milestone.objects.filter(initiative=initiative, status=SUBMITTED, evidence__isnull=True):
            factories.EvidenceLinkFactory(initiative=initiative, milestone=milestone, added_by=people.owner)

    add(8, people.internal)
    with CaptureQueriesContext(connection) as small:
        few = render_review_queue(people.coordinator)
    add(200, people.restricted)
    with django_assert_max_num_queries(len(small)):
        many = render_review_queue(people.coordinator)
    assert many > few
    assert len(small) == 3  # milestones, their evidence, a joint milestone's signatures


# --- activity streams ------------------------------------------------------------------------------


def activity(*, initiative=None, group=None, actor=None, verb=Activity.Verb.INITIATIVE_EDITED) -> Activity:
    if initiative is not None and group is None:
        group = initiative.working_group
    return Activity.objects.create(actor=actor, verb=verb, initiative=initiative, working_group=group)


def test_activity_for_initiative_is_newest_first_and_limited(people):
    rows = [activity(initiative=people.internal, actor=people.member) for _ in range(4)]
    activity(initiative=people.restricted, actor=people.member)
    assert list(selectors.activity_for_initiative(initiative=people.internal, limit=3)) == rows[::-1][:3]
    assert list(selectors.activity_for_initiative(initiative=people.internal, limit=None)) == rows[::-1]


def test_activity_for_group_shows_only_what_the_user_may_read(people):
    on_internal = activity(initiative=people.internal)
    on_restricted = activity(initiative=people.restricted)
    on_unowned = activity(initiative=people.restricted_unowned)
    group_level = activity(group=people.group, verb=Activity.Verb.FOLLOW_ADDED)
    activity(initiative=people.other_restricted)
    activity(group=people.other_group, verb=Activity.Verb.FOLLOW_ADDED)

    def stream(user):
        return list(selectors.activity_for_group(user=user, group=people.group))

    assert stream(people.stakeholder) == [group_level, on_internal]
    assert stream(people.owner) == [group_level, on_restricted, on_internal]
    assert stream(people.member) == [group_level, on_unowned, on_restricted, on_internal]
    assert stream(people.admin) == [group_level, on_unowned, on_restricted, on_internal]
    assert stream(AnonymousUser()) == []


def test_activity_for_group_follows_the_initiatives_current_group(people):
    moved = activity(initiative=people.internal, group=people.other_group)
    assert list(selectors.activity_for_group(user=people.stakeholder, group=people.group)) == [moved]
    assert list(selectors.activity_for_group(user=people.stakeholder, group=people.other_group)) == []


def test_activity_for_follows_covers_followed_initiatives_and_groups(people):
    factories.FollowFactory(user=people.stakeholder, initiative=people.internal)
    factories.FollowFactory(user=people.stakeholder, initiative=None, working_group=people.other_group)
    on_followed = activity(initiative=people.internal)
    activity(initiative=people.restricted_unowned)
    other_group_internal = factories.InitiativeFactory(working_group=people.other_group, slug="fta")
    in_followed_group = activity(initiative=other_group_internal)
    activity(initiative=people.other_restricted)
    followed_group_level = activity(group=people.other_group, verb=Activity.Verb.FOLLOW_ADDED)
    activity(group=people.group, verb=Activity.Verb.FOLLOW_ADDED)

    rows = list(selectors.activity_for_follows(user=people.stakeholder))

    assert rows == [followed_group_level, in_followed_group, on_followed]


def test_activity_for_follows_drops_a_followed_initiative_the_user_may_not_read(people):
    factories.FollowFactory(user=people.stakeholder, initiative=people.restricted)
    activity(initiative=people.restricted)
    assert list(selectors.activity_for_follows(user=people.stakeholder)) == []


def test_admin_follow_stream_has_followed_restricted_rows_only(people):
    factories.FollowFactory(user=people.admin, initiative=people.other_restricted)
    row = activity(initiative=people.other_restricted)
    activity(initiative=people.restricted)
    assert list(selectors.activity_for_follows(user=people.admin)) == [row]


def test_activity_for_follows_is_empty_for_anonymous_users(people):
    activity(initiative=people.internal)
    assert list(selectors.activity_for_follows(user=AnonymousUser())) == []


def bulk_activity(n: int, *, initiatives, actor, milestone) -> None:
    Activity.objects.bulk_create(
        Activity(
            actor=actor,
            verb=Activity.Verb.MILESTONE_EDITED,
            initiative=initiatives[i % len(initiatives)],
            milestone=milestone,
            working_group=initiatives[i % len(initiatives)].working_group,
        )
        for i in range(n)
    )


def touch_activity(rows) -> int:
    rows = list(rows)
    for row in rows:
        _ = (
            row.actor.username,
            row.initiative and row.initiative.title,
            row.milestone and row.milestone.title,
            row.working_group and row.working_group.name,
            row.get_verb_display(),
        )
    return len(rows)


@pytest.mark.parametrize("stream", ["initiative", "group", "follows"])
def test_activity_stream_query_count_does_not_grow_with_rows(people, stream, django_assert_max_num_queries):
    factories.FollowFactory(user=people.member, initiative=None, working_group=people.group)
    milestone = factories.MilestoneFactory(initiative=people.internal)
    initiatives = [people.internal, people.restricted, people.restricted_unowned]

    def read():
        if stream == "initiative":
            return touch_activity(selectors.activity_for_initiative(initiative=people.internal, limit=None))
        if stream == "group":
            return touch_activity(selectors.activity_for_group(user=people.member, group=people.group, limit=None))
        return touch_activity(selectors.activity_for_follows(user=people.member, limit=None))

    bulk_activity(6, initiatives=initiatives, actor=people.owner, milestone=milestone)
    with CaptureQueriesContext(connection) as small:
        few = read()
    bulk_activity(200, initiatives=initiatives, actor=people.owner, milestone=milestone)
    with django_assert_max_num_queries(len(small)):
        many = read()
    assert many > few
    assert len(small) == (2 if stream == "follows" else 1)  # follows: what the user follows, then the rows


# --- follows and members ------------------------------------------------------------------------


def test_follows_of_lists_the_users_follows_with_their_targets(people, django_assert_num_queries):
    factories.FollowFactory(user=people.member, initiative=people.internal)
    factories.FollowFactory(user=people.member, initiative=None, working_group=people.other_group)
    factories.FollowFactory(user=people.stakeholder, initiative=people.internal)
    with django_assert_num_queries(1):
        targets = [
            (f.initiative.working_group.name if f.initiative else None, str(f.initiative or f.working_group))
            for f in selectors.follows_of(user=people.member)
        ]
    assert targets == [(None, "People & Mobility"), ("Economic Security", "Currency swap expansion")]


def test_follows_of_hides_initiatives_the_user_may_no_longer_read(people):
    factories.FollowFactory(user=people.stakeholder, initiative=people.restricted)
    kept = factories.FollowFactory(user=people.stakeholder, initiative=people.internal)
    assert list(selectors.follows_of(user=people.stakeholder)) == [kept]


def test_members_of_group_lists_coordinators_first_with_users(people, django_assert_num_queries):
    with django_assert_num_queries(1):
        members = [(m.role, m.user.username) for m in selectors.members_of_group(group=people.group)]
    assert members == [
        ("coordinator", "coord.kim"),
        ("coordinator", "coord.sato"),
        ("member", "gone.member"),
        ("member", "member.park"),
        ("member", "member.tanaka"),
    ]

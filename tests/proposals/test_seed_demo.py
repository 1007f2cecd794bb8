"""``manage.py seed_demo``: idempotent, faithful to the seeds, usable as a demo."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Membership, User
from proposals import seed_data
from proposals.models import (
    Activity,
    Comment,
    EvidenceLink,
    Follow,
    Indicator,
    Initiative,
    InitiativeOwner,
    Milestone,
    SeedDocument,
)

pytestmark = pytest.mark.django_db

FROZEN_NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
NAMED_FIVE = [
    "economic-security-council",
    "currency-swap-expansion",
    "student-exchange-erasmus",
    "pre-entry-immigration-screening",
    "quantum-technology-mou",
]


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for label in ("accounts", "proposals")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


def coordinator_ids(group) -> set[int]:
    coordinators = Membership.objects.filter(working_group=group, role=Membership.Role.COORDINATOR)
    return set(coordinators.values_list("user_id", flat=True))


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN_NOW, tick=False):
        yield


@pytest.fixture
def seeded(frozen):
    seed(quiet=True)


def test_second_run_creates_nothing(frozen):
    seed(quiet=True)
    first = row_counts()

    output = seed(quiet=True)

    assert row_counts() == first
    assert "nothing was created" in output


def test_run_on_a_later_day_creates_nothing():
    with time_machine.travel(FROZEN_NOW, tick=False):
        seed(quiet=True)
    first = row_counts()

    with time_machine.travel(FROZEN_NOW + datetime.timedelta(days=40), tick=False):
        seed(quiet=True)

    assert row_counts() == first


def test_seeds_at_least_15_initiatives_with_the_named_five_first(seeded):
    slugs = list(Initiative.objects.order_by("pk").values_list("slug", flat=True))

    assert len(slugs) >= 15
    assert slugs[:5] == NAMED_FIVE
    assert [spec["slug"] for spec in seed_data.INITIATIVES][:5] == NAMED_FIVE


def test_every_initiative_has_milestones_owners_on_both_sides_and_a_source(seeded):
    for initiative in Initiative.objects.prefetch_related("milestones", "ownerships", "sources"):
        assert 3 <= initiative.milestones.count() <= 6, initiative.slug
        assert {owner.side for owner in initiative.ownerships.all()} == {"KR", "JP"}, initiative.slug
        assert initiative.sources.count() in (1, 2, 3), initiative.slug
        assert all(source.document in SeedDocument.values for source in initiative.sources.all())


def test_owners_sides_match_their_country(seeded):
    for ownership in InitiativeOwner.objects.select_related("user"):
        assert ownership.user.country == ownership.side


def test_dates_are_relative_to_today_and_consistent(seeded):
    today = timezone.localdate()
    for initiative in Initiative.objects.prefetch_related("milestones"):
        assert initiative.start_date <= initiative.target_date, initiative.slug
        for milestone in initiative.milestones.all():
            assert milestone.due_date >= initiative.start_date, milestone.title
            assert milestone.weight in (1, 2, 3)
    assert Milestone.objects.filter(due_date__gt=today, status=Milestone.Status.PLANNED).exists()
    assert Milestone.objects.filter(status=Milestone.Status.IN_PROGRESS).exists()
    council = Initiative.objects.get(slug="economic-security-council")
    assert council.start_date == today - datetime.timedelta(days=300)


def test_milestone_owners_belong_to_the_initiative(seeded):
    for milestone in Milestone.objects.select_related("initiative", "owner"):
        is_owner = milestone.initiative.ownerships.filter(user=milestone.owner).exists()
        is_member = Membership.objects.filter(user=milestone.owner, working_group=milestone.initiative.working_group)
        assert is_owner or is_member.exists(), milestone.title


def test_each_named_initiative_has_a_submission_a_coordinator_can_approve(seeded):
    for slug in NAMED_FIVE:
        milestone = Milestone.objects.get(initiative__slug=slug, status=Milestone.Status.SUBMITTED)
        coordinators = coordinator_ids(milestone.initiative.working_group)

        assert milestone.submitted_by is not None and milestone.submitted_at <= timezone.now()
        assert milestone.submitted_by_id not in coordinators
        assert coordinators - {milestone.submitted_by_id}


def test_decisions_were_made_by_a_coordinator_who_did_not_submit(seeded):
    decided = Milestone.objects.filter(status__in=["approved", "changes_requested"]).select_related("initiative")

    assert decided.filter(status="approved").count() >= 10
    for milestone in decided:
        assert milestone.decided_by_id != milestone.submitted_by_id
        assert milestone.decided_by_id in coordinator_ids(milestone.initiative.working_group)
        assert milestone.submitted_at < milestone.decided_at <= timezone.now()


def test_several_initiatives_have_an_overdue_milestone(seeded):
    overdue = [milestone for milestone in Milestone.objects.all() if milestone.is_overdue]

    assert {milestone.status for milestone in overdue} <= {"planned", "in_progress"}
    assert len({milestone.initiative_id for milestone in overdue}) >= 5


def test_currency_swap_indicator_goes_from_10_to_30_billion(seeded):
    indicator = Indicator.objects.get(initiative__slug="currency-swap-expansion", name="Currency swap line")

    assert (indicator.unit, indicator.baseline, indicator.target) == ("USD billion", Decimal("10"), Decimal("30"))
    assert indicator.current_value == indicator.readings.latest("date").value


def test_every_indicator_shows_its_latest_reading(seeded):
    for indicator in Indicator.objects.all():
        assert indicator.readings.exists(), indicator.name
        assert indicator.current_value == indicator.readings.latest("date").value, indicator.name


def test_indicators_running_for_months_have_a_trend_and_say_which_figures_are_demo_tallies(seeded):
    """An indicator read over months has enough readings for its chart to draw a line; the
    first reading is the seed's figure, and each later one is marked as the group's demo tally."""
    today = timezone.localdate()
    long_running = [
        indicator
        for indicator in Indicator.objects.select_related("initiative")
        if indicator.initiative.start_date and (today - indicator.initiative.start_date).days > 90
    ]
    assert len(long_running) >= 5

    for indicator in long_running:
        readings = list(indicator.readings.order_by("date"))
        assert len(readings) >= 3, indicator.name
        assert readings[0].value == indicator.baseline, indicator.name
        assert (readings[-1].date - readings[0].date).days >= 90, indicator.name
        for reading in readings[1:]:
            assert reading.date <= today, indicator.name
            assert "demo" in reading.note or "unchanged" in reading.note.lower(), indicator.name


@pytest.mark.parametrize(
    ("slug", "name", "baseline", "target"),
    [
        ("basic-science-cooperation", "NRF–JSPS cooperative projects", "1", "5"),
        ("joint-stockpiling-key-resources", "Dependency on China: graphite", "67", None),
        ("joint-stockpiling-key-resources", "Dependency on China: rare earths", "70", None),
        ("joint-stockpiling-key-resources", "Dependency on China: germanium", "93", None),
        ("joint-stockpiling-key-resources", "Dependency on China: gallium", "98", None),
        ("youth-talent-labour-market", "Graduate employment rate in Korea", "69.6", None),
        ("youth-talent-labour-market", "Young people in Korea unemployed for three years or more", "238", None),
    ],
)
def test_indicator_figures_come_from_the_seminar_handout(seeded, slug, name, baseline, target):
    indicator = Indicator.objects.get(initiative__slug=slug, name=name)

    assert indicator.baseline == Decimal(baseline)
    if target is not None:
        assert indicator.target == Decimal(target)


def test_named_initiatives_have_http_evidence_added_by_members(seeded):
    for slug in NAMED_FIVE:
        evidence = EvidenceLink.objects.filter(initiative__slug=slug)
        assert evidence.count() >= 2, slug
        for link in evidence.select_related("initiative", "added_by"):
            assert link.url.startswith(("http://", "https://"))
            assert Membership.objects.filter(user=link.added_by, working_group=link.initiative.working_group).exists()


def test_two_initiatives_are_restricted_and_stakeholders_follow_only_what_they_can_read(seeded):
    restricted = set(Initiative.objects.filter(visibility="restricted").values_list("slug", flat=True))
    stakeholder_follows = Follow.objects.filter(user__memberships__isnull=True, user__is_staff=False)

    assert restricted == {"export-control-whitelist", "joint-stockpiling-key-resources"}
    assert not stakeholder_follows.filter(initiative__slug__in=restricted).exists()
    assert stakeholder_follows.filter(initiative__isnull=False, reason="manual").count() >= 4
    assert stakeholder_follows.filter(working_group__isnull=False).exists()


def test_owners_follow_their_initiatives(seeded):
    for ownership in InitiativeOwner.objects.all():
        assert Follow.objects.filter(
            user_id=ownership.user_id, initiative_id=ownership.initiative_id, reason="owner"
        ).exists()


def test_each_seeded_decision_is_recorded_once_as_activity(frozen):
    seed(quiet=True)
    seed(quiet=True)

    for verb, status in [
        ("milestone.submitted", "submitted"),
        ("milestone.approved", "approved"),
        ("milestone.changes_requested", "changes_requested"),
    ]:
        milestones = Milestone.objects.filter(status=status)
        activity = Activity.objects.filter(verb=verb)
        assert activity.count() == milestones.count() > 0, verb
        for entry in activity.select_related("milestone__initiative"):
            assert entry.working_group_id == entry.milestone.initiative.working_group_id
            assert entry.initiative_id == entry.milestone.initiative_id
            assert "note" in entry.details


def test_demo_users_can_sign_in_with_the_printed_passwords(frozen, rf):
    output = seed()
    printed = {line.split()[0]: line.split()[1] for line in output.splitlines() if len(line.split()) >= 2}

    for spec in seed_data.USERS:
        password = printed[spec["username"]]
        # A sign-in comes with a request: the lockout counts failures per user name and address.
        user = authenticate(rf.post("/accounts/login/"), username=spec["username"], password=password)
        assert user is not None, spec["username"]
        validate_password(password, user)
        assert user.email == f"{spec['username']}@demo.example"
        assert user.display_name and user.organisation


def test_demo_roles_languages_and_time_zones(seeded):
    admin = User.objects.get(username="admin")
    kim, sato = User.objects.get(username="coord.kim"), User.objects.get(username="coord.sato")
    lee, suzuki = User.objects.get(username="reader.lee"), User.objects.get(username="reader.suzuki")

    assert admin.is_superuser and admin.is_staff
    assert (kim.country, kim.language, kim.time_zone) == ("KR", "ko", "Asia/Seoul")
    assert (sato.country, sato.language, sato.time_zone) == ("JP", "ja", "Asia/Tokyo")
    assert (lee.language, lee.time_zone, suzuki.language, suzuki.time_zone) == ("ko", "Asia/Seoul", "ja", "Asia/Tokyo")
    assert not lee.memberships.exists() and not suzuki.memberships.exists()
    groups = apps.get_model("accounts", "WorkingGroup").objects.count()
    assert kim.memberships.filter(role="coordinator").count() == groups
    assert sato.memberships.filter(role="coordinator").count() == groups


def test_quiet_leaves_out_the_logins_table(frozen):
    output = seed(quiet=True)

    assert "demo-coordinator-kr" not in output
    assert "Demo data created" in output


def test_edits_made_on_the_site_survive_a_rerun(frozen, rf):
    seed(quiet=True)
    initiative = Initiative.objects.get(slug="currency-swap-expansion")
    initiative.title = "Currency swap line, enlarged"
    initiative.status = Initiative.Status.ON_HOLD
    initiative.save()
    milestone = initiative.milestones.get(status=Milestone.Status.SUBMITTED)
    milestone.status = Milestone.Status.APPROVED
    milestone.decided_by = User.objects.get(username="coord.kim")
    milestone.save()
    indicator = initiative.indicators.get()
    indicator.current_value = Decimal("12.5")
    indicator.save()
    user = User.objects.get(username="member.park")
    user.display_name = "J. Park"
    user.set_password("a-new-password-of-my-own")
    user.save()

    seed(quiet=True)

    initiative.refresh_from_db()
    milestone.refresh_from_db()
    indicator.refresh_from_db()
    assert (initiative.title, initiative.status) == ("Currency swap line, enlarged", "on_hold")
    assert milestone.status == "approved"
    assert not Activity.objects.filter(verb="milestone.approved", milestone=milestone).exists()
    assert indicator.current_value == Decimal("12.5")
    assert User.objects.get(username="member.park").display_name == "J. Park"
    sign_in = rf.post("/accounts/login/")
    assert authenticate(sign_in, username="member.park", password="a-new-password-of-my-own") is not None


def test_renamed_milestone_and_removed_owner_do_not_come_back(seeded):
    initiative = Initiative.objects.get(slug=seed_data.INITIATIVES[0]["slug"])
    milestone = initiative.milestones.order_by("pk").first()
    milestone.title = "Renamed by a coordinator"
    milestone.save()
    removed = initiative.ownerships.order_by("pk").first()
    removed.delete()
    count = Milestone.objects.count()

    seed(quiet=True)

    assert Milestone.objects.count() == count
    assert not initiative.ownerships.filter(user_id=removed.user_id, side=removed.side).exists()


def test_seeded_decisions_are_dated_when_they_happened(frozen):
    seed(quiet=True)
    for entry in Activity.objects.filter(verb__in=["milestone.submitted", "milestone.approved"]).select_related(
        "milestone"
    ):
        happened = entry.milestone.submitted_at if entry.verb == "milestone.submitted" else entry.milestone.decided_at
        assert entry.created_at == happened
    # So a reader's first weekly digest holds only what happened that week, not the whole seeded history.
    week_ago = FROZEN_NOW - datetime.timedelta(days=7)
    old = Activity.objects.filter(verb="milestone.approved", created_at__lt=week_ago)
    assert old.exists()
    assert (
        Activity.objects.filter(verb="milestone.approved").count()
        > Activity.objects.filter(verb="milestone.approved", created_at__gte=week_ago).count()
    )


def test_seeded_discussions_mention_people_and_are_dated_days_back(frozen):
    seed(quiet=True)
    comments = Comment.objects.filter(author__username__in=[d["author"] for d in seed_data.DISCUSSIONS])
    assert comments.count() == len(seed_data.DISCUSSIONS)
    for spec in seed_data.DISCUSSIONS:
        comment = comments.get(initiative__slug=spec["initiative"], body=spec["body"])
        assert comment.created_at == FROZEN_NOW + datetime.timedelta(days=spec["day"])
        named = {name for name in seed_data_mentions(spec["body"])}
        assert {person.username for person in comment.mentions.all()} == named
        added = Activity.objects.get(verb="comment.added", details__comment_id=comment.pk)
        assert added.created_at == comment.created_at


def seed_data_mentions(body: str) -> list[str]:
    from proposals.markup import mentioned_usernames

    return mentioned_usernames(body)

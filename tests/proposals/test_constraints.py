"""Each database constraint of proposals.models rejects a bad row that skipped validation."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from proposals import models as m
from tests import factories

pytestmark = pytest.mark.django_db


@contextmanager
def rejected(constraint: str | None = None):
    """Expect the database to refuse the write, naming ``constraint`` when given."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    if constraint is not None:
        assert constraint in str(excinfo.value)


def initiative_fields(**overrides):
    fields = {
        "title": "Currency swap expansion",
        "slug": "currency-swap-expansion",
        "summary": "Grow the swap line.",
        "pillar": m.Pillar.ECONOMY,
        "working_group": factories.WorkingGroupFactory(),
    }
    return {**fields, **overrides}


# Initiatives -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("pillar", "culture", "initiative_pillar_valid"),
        ("status", "paused", "initiative_status_valid"),
        ("lead_side", "US", "initiative_lead_side_valid"),
        ("visibility", "public", "initiative_visibility_valid"),
    ],
)
def test_initiative_with_unknown_choice_is_rejected(field, value, constraint):
    with rejected(constraint):
        m.Initiative.objects.create(**initiative_fields(**{field: value}))


def test_initiative_with_target_date_before_start_date_is_rejected():
    with rejected("initiative_target_not_before_start"):
        m.Initiative.objects.create(
            **initiative_fields(start_date=datetime.date(2026, 3, 1), target_date=datetime.date(2026, 2, 28))
        )


def test_initiative_moved_to_a_start_after_its_target_is_rejected():
    initiative = factories.InitiativeFactory()

    with rejected("initiative_target_not_before_start"):
        m.Initiative.objects.filter(pk=initiative.pk).update(start_date=initiative.target_date + datetime.timedelta(1))


@pytest.mark.parametrize(
    ("start_date", "target_date"),
    [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 1)),
        (datetime.date(2026, 3, 1), None),
        (None, datetime.date(2026, 3, 1)),
    ],
)
def test_initiative_with_target_on_start_or_an_open_date_is_stored(start_date, target_date):
    m.Initiative.objects.create(**initiative_fields(start_date=start_date, target_date=target_date))

    assert m.Initiative.objects.values_list("start_date", "target_date").get() == (start_date, target_date)


def test_duplicate_initiative_slug_is_rejected():
    factories.InitiativeFactory(slug="currency-swap-expansion")

    with rejected():
        m.Initiative.objects.create(**initiative_fields(slug="currency-swap-expansion"))


def test_second_ownership_of_a_user_on_the_same_initiative_is_rejected():
    owner = factories.InitiativeOwnerFactory(side=m.Side.KOREA)

    with rejected("owner_unique_initiative_user"):
        m.InitiativeOwner.objects.create(initiative=owner.initiative, user=owner.user, side=m.Side.JAPAN)


def test_owner_with_unknown_side_is_rejected():
    with rejected("owner_side_valid"):
        m.InitiativeOwner.objects.create(
            initiative=factories.InitiativeFactory(), user=factories.UserFactory(), side="CN"
        )


def test_source_reference_to_an_unknown_document_is_rejected():
    with rejected("source_document_valid"):
        m.SourceReference.objects.create(
            initiative=factories.InitiativeFactory(), document="999_0000000000000000", note="Not a seed."
        )


# Milestones ----------------------------------------------------------------------


def milestone_fields(**overrides):
    fields = {
        "initiative": factories.InitiativeFactory(),
        "title": "Council statute drafted",
        "due_date": datetime.date(2026, 6, 30),
    }
    return {**fields, **overrides}


def test_milestone_with_zero_weight_is_rejected():
    with rejected("milestone_weight_positive"):
        m.Milestone.objects.create(**milestone_fields(weight=0))


def test_milestone_with_negative_weight_is_rejected():
    with rejected():
        m.Milestone.objects.create(**milestone_fields(weight=-1))


def test_milestone_weight_updated_to_zero_is_rejected():
    milestone = factories.MilestoneFactory(weight=3)

    with rejected("milestone_weight_positive"):
        m.Milestone.objects.filter(pk=milestone.pk).update(weight=0)


def test_milestone_with_unknown_status_is_rejected():
    with rejected("milestone_status_valid"):
        m.Milestone.objects.create(**milestone_fields(status="done"))


# Evidence ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(document.cookie)", "ftp://example.org/report.pdf", "data:text/html,<script>x</script>"],
)
def test_evidence_with_a_non_http_url_is_rejected(url):
    with rejected("evidence_url_http"):
        m.EvidenceLink.objects.create(initiative=factories.InitiativeFactory(), url=url, title="Evidence")


@pytest.mark.parametrize("url", ["http://example.org/a", "https://example.org/a"])
def test_evidence_with_an_http_or_https_url_is_stored(url):
    m.EvidenceLink.objects.create(initiative=factories.InitiativeFactory(), url=url, title="Evidence")

    assert m.EvidenceLink.objects.values_list("url", flat=True).get() == url


def test_same_evidence_url_twice_on_one_initiative_is_rejected():
    evidence = factories.EvidenceLinkFactory(url="https://www.mofa.go.kr/press/1")

    with rejected("evidence_unique_url_per_initiative"):
        m.EvidenceLink.objects.create(initiative=evidence.initiative, url=evidence.url, title="Again")


def test_same_evidence_url_on_another_initiative_is_stored():
    evidence = factories.EvidenceLinkFactory(url="https://www.mofa.go.kr/press/1")

    m.EvidenceLink.objects.create(initiative=factories.InitiativeFactory(), url=evidence.url, title="Press release")

    assert m.EvidenceLink.objects.filter(url=evidence.url).values("initiative").distinct().count() == 2


def test_evidence_with_unknown_kind_is_rejected():
    with rejected("evidence_kind_valid"):
        m.EvidenceLink.objects.create(
            initiative=factories.InitiativeFactory(), url="https://example.org/a", title="Post", kind="tweet"
        )


# Indicators ----------------------------------------------------------------------


def test_second_indicator_with_the_same_name_on_one_initiative_is_rejected():
    indicator = factories.IndicatorFactory(name="Currency swap line")

    with rejected("indicator_unique_name_per_initiative"):
        m.Indicator.objects.create(
            initiative=indicator.initiative, name=indicator.name, unit="USD billion", baseline=0, target=1
        )


def test_indicator_with_the_same_name_on_another_initiative_is_stored():
    indicator = factories.IndicatorFactory(name="Currency swap line")

    m.Indicator.objects.create(
        initiative=factories.InitiativeFactory(), name=indicator.name, unit="USD billion", baseline=0, target=1
    )

    assert m.Indicator.objects.filter(name=indicator.name).values("initiative").distinct().count() == 2


def test_second_reading_of_an_indicator_on_the_same_date_is_rejected():
    reading = factories.IndicatorReadingFactory(date=datetime.date(2026, 1, 5))

    with rejected("reading_unique_date_per_indicator"):
        m.IndicatorReading.objects.create(indicator=reading.indicator, date=reading.date, value=20)


# Progress and discussion ---------------------------------------------------------------


def test_progress_above_100_percent_is_rejected():
    with rejected("progress_percent_range"):
        m.ProgressUpdate.objects.create(initiative=factories.InitiativeFactory(), note="Beyond done.", percent=101)


def test_negative_progress_percent_is_rejected():
    with rejected():
        m.ProgressUpdate.objects.create(initiative=factories.InitiativeFactory(), note="Backwards.", percent=-1)


@pytest.mark.parametrize("percent", [0, 100, None])
def test_progress_from_0_to_100_percent_or_none_is_stored(percent):
    m.ProgressUpdate.objects.create(initiative=factories.InitiativeFactory(), note="Moved.", percent=percent)

    assert m.ProgressUpdate.objects.values_list("percent", flat=True).get() == percent


def test_comment_body_longer_than_10000_characters_is_rejected():
    with rejected("comment_body_max_length"):
        m.Comment.objects.create(initiative=factories.InitiativeFactory(), body="x" * (m.COMMENT_MAX_LENGTH + 1))


def test_comment_body_of_exactly_10000_characters_is_stored():
    m.Comment.objects.create(initiative=factories.InitiativeFactory(), body="가" * m.COMMENT_MAX_LENGTH)

    assert m.Comment.objects.values_list("body", flat=True).get() == "가" * m.COMMENT_MAX_LENGTH


def test_comment_edited_past_10000_characters_is_rejected():
    comment = factories.CommentFactory()

    with rejected("comment_body_max_length"):
        m.Comment.objects.filter(pk=comment.pk).update(body="x" * (m.COMMENT_MAX_LENGTH + 1))


# Activity is append-only -----------------------------------------------------------


def test_activity_with_unknown_verb_is_rejected():
    with rejected("activity_verb_valid"):
        m.Activity.objects.create(initiative=factories.InitiativeFactory(), verb="initiative.deleted")


def test_activity_queryset_update_raises():
    activity = factories.ActivityFactory(verb=m.Activity.Verb.INITIATIVE_EDITED)

    with pytest.raises(TypeError):
        m.Activity.objects.filter(pk=activity.pk).update(verb=m.Activity.Verb.COMMENT_ADDED)

    activity.refresh_from_db()
    assert activity.verb == m.Activity.Verb.INITIATIVE_EDITED


def test_activity_manager_update_raises():
    factories.ActivityFactory()

    with pytest.raises(TypeError):
        m.Activity.objects.update(details={"rewritten": True})

    assert not m.Activity.objects.filter(details__rewritten=True).exists()


def test_activity_queryset_delete_raises():
    activity = factories.ActivityFactory()

    with pytest.raises(TypeError):
        m.Activity.objects.all().delete()

    assert m.Activity.objects.filter(pk=activity.pk).exists()


def test_saving_an_existing_activity_again_raises():
    activity = factories.ActivityFactory(verb=m.Activity.Verb.INITIATIVE_EDITED)
    activity.verb = m.Activity.Verb.COMMENT_ADDED

    with pytest.raises(TypeError):
        activity.save()

    activity.refresh_from_db()
    assert activity.verb == m.Activity.Verb.INITIATIVE_EDITED


def test_deleting_an_activity_raises():
    activity = factories.ActivityFactory()

    with pytest.raises(TypeError):
        activity.delete()

    assert m.Activity.objects.filter(pk=activity.pk).exists()


# Following -----------------------------------------------------------------------


def test_follow_of_both_an_initiative_and_a_group_is_rejected():
    with rejected("follow_exactly_one_target"):
        m.Follow.objects.create(
            user=factories.UserFactory(),
            initiative=factories.InitiativeFactory(),
            working_group=factories.WorkingGroupFactory(),
        )


def test_follow_of_nothing_is_rejected():
    with rejected("follow_exactly_one_target"):
        m.Follow.objects.create(user=factories.UserFactory())


def test_following_the_same_initiative_twice_is_rejected():
    follow = factories.FollowFactory()

    with rejected("follow_unique_initiative"):
        m.Follow.objects.create(user=follow.user, initiative=follow.initiative, reason=m.Follow.Reason.OWNER)


def test_following_the_same_group_twice_is_rejected():
    follow = m.Follow.objects.create(user=factories.UserFactory(), working_group=factories.WorkingGroupFactory())

    with rejected("follow_unique_working_group"):
        m.Follow.objects.create(user=follow.user, working_group=follow.working_group)


def test_following_an_initiative_and_its_group_is_stored():
    follow = factories.FollowFactory()

    m.Follow.objects.create(user=follow.user, working_group=follow.initiative.working_group)

    targets = m.Follow.objects.filter(user=follow.user).values_list("initiative", "working_group")
    assert set(targets) == {(follow.initiative.pk, None), (None, follow.initiative.working_group.pk)}


def test_follow_with_unknown_reason_is_rejected():
    with rejected("follow_reason_valid"):
        m.Follow.objects.create(user=factories.UserFactory(), initiative=factories.InitiativeFactory(), reason="bored")


# Digests and reminders -------------------------------------------------------------

PERIOD_START = datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
PERIOD_END = PERIOD_START + datetime.timedelta(days=7)


def test_second_digest_for_the_same_user_frequency_and_period_is_rejected():
    digest = factories.DigestFactory(period_start=PERIOD_START, period_end=PERIOD_END)

    with rejected("digest_unique_period"):
        m.Digest.objects.create(
            user=digest.user, frequency=digest.frequency, period_start=PERIOD_START, period_end=PERIOD_END
        )


def test_daily_and_weekly_digest_for_the_same_period_start_are_stored():
    weekly = factories.DigestFactory(frequency="weekly", period_start=PERIOD_START, period_end=PERIOD_END)

    m.Digest.objects.create(
        user=weekly.user, frequency="daily", period_start=PERIOD_START, period_end=PERIOD_START + datetime.timedelta(1)
    )

    stored = m.Digest.objects.filter(user=weekly.user, period_start=PERIOD_START).values_list("frequency", flat=True)
    assert sorted(stored) == ["daily", "weekly"]


def test_digest_with_frequency_off_is_rejected():
    with rejected("digest_frequency_valid"):
        m.Digest.objects.create(
            user=factories.UserFactory(), frequency="off", period_start=PERIOD_START, period_end=PERIOD_END
        )


@pytest.mark.parametrize("period_end", [PERIOD_START, PERIOD_START - datetime.timedelta(days=1)])
def test_digest_whose_period_does_not_end_after_it_starts_is_rejected(period_end):
    with rejected("digest_period_ordered"):
        m.Digest.objects.create(
            user=factories.UserFactory(), frequency="weekly", period_start=PERIOD_START, period_end=period_end
        )


def test_second_reminder_for_the_same_reason_and_due_date_is_rejected():
    reminder = factories.ReminderFactory()

    with rejected("reminder_unique_reason_per_due_date"):
        m.Reminder.objects.create(
            milestone=reminder.milestone,
            recipient=reminder.recipient,
            reason=reminder.reason,
            due_date=reminder.due_date,
            sent_at=timezone.now(),
        )


def test_reminder_for_a_replanned_due_date_is_stored():
    reminder = factories.ReminderFactory()

    m.Reminder.objects.create(
        milestone=reminder.milestone,
        recipient=reminder.recipient,
        reason=reminder.reason,
        due_date=reminder.due_date + datetime.timedelta(days=14),
    )

    stored = m.Reminder.objects.filter(milestone=reminder.milestone, reason=reminder.reason).order_by("due_date")
    assert list(stored.values_list("due_date", flat=True)) == [
        reminder.due_date,
        reminder.due_date + datetime.timedelta(days=14),
    ]


def test_reminder_with_unknown_reason_is_rejected():
    milestone = factories.MilestoneFactory()

    with rejected("reminder_reason_valid"):
        m.Reminder.objects.create(
            milestone=milestone, recipient=factories.UserFactory(), reason="due_30d", due_date=milestone.due_date
        )

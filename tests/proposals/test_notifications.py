"""Immediate notifications: who is told what, at once and once, in their language; the rest wait for the digest."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from proposals import digests, notifications, services
from proposals.models import Activity, Milestone, Notification
from tests import factories
from tests.celery.conftest import queue_length
from tests.mailbox import html_of, mails_to

S = Milestone.Status


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks, settings):
    """Run what services enqueue on commit, with Celery executing the task inline (publishing is tested elsewhere)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def in_progress(world):
    return factories.MilestoneFactory(
        initiative=world.initiative, title="Draft agreement", status=S.IN_PROGRESS, owner=world.owner
    )


def test_submission_asks_the_groups_coordinators_to_review(world, in_progress, on_commit):
    with on_commit():
        services.submit_milestone(milestone=in_progress, actor=world.member)
    for coordinator in (world.coordinator, world.other_coordinator):
        [message] = mails_to(coordinator)
        assert message.subject == "Review requested: Draft agreement"
        assert "Currency swap expansion" in message.body and "Currency swap expansion" in html_of(message)
        assert f"/initiatives/currency-swap/#milestone-{in_progress.pk}" in message.body
    assert mails_to(world.member) == [] and mails_to(world.stakeholder) == []


def test_coordinator_who_submitted_is_not_asked_to_review_it(world, in_progress, on_commit):
    with on_commit():
        services.submit_milestone(milestone=in_progress, actor=world.coordinator)
    assert mails_to(world.coordinator) == []
    assert len(mails_to(world.other_coordinator)) == 1


def test_approval_tells_submitter_and_owner_in_their_own_language(world, submitted_milestone, on_commit, catalogues):
    submitted_milestone.owner = world.owner
    submitted_milestone.save()
    world.owner.language = "ko"
    world.owner.save()
    with on_commit():
        services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator, note="Well done.")
    [to_submitter] = mails_to(world.submitter)
    [to_owner] = mails_to(world.owner)
    assert to_submitter.subject == "Approved: Draft agreement"
    assert "Coord.Kim approved “Draft agreement” (Currency swap expansion)." in to_submitter.body
    assert to_owner.subject == "승인됨: Draft agreement"
    assert "Well done." in to_owner.body and "Well done." in html_of(to_owner)
    assert mails_to(world.coordinator) == []


def test_changes_requested_carries_the_note(world, submitted_milestone, on_commit):
    with on_commit():
        services.request_changes(milestone=submitted_milestone, actor=world.coordinator, note="Add the annex.")
    [message] = mails_to(world.submitter)
    assert message.subject == "Changes requested: Draft agreement"
    assert "Add the annex." in message.body


def test_mention_is_emailed_at_once_in_japanese(world, on_commit, catalogues):
    world.stakeholder.language = "ja"
    world.stakeholder.save()
    with on_commit():
        services.add_comment(initiative=world.initiative, actor=world.member, body="@reader.lee see the new figure.")
    [message] = mails_to(world.stakeholder)
    assert message.subject == "Member.ParkさんがCurrency swap expansionであなたをメンションしました"
    assert "@reader.lee see the new figure." in message.body


def test_an_edit_tells_only_the_newly_mentioned(world, on_commit):
    with on_commit():
        comment = services.add_comment(initiative=world.initiative, actor=world.member, body="Ask @reader.lee")
    with on_commit():
        services.edit_comment(comment=comment, actor=world.member, body="Ask @reader.lee and @owner.choi")
    assert len(mails_to(world.stakeholder)) == 1
    assert len(mails_to(world.owner)) == 1


def test_delivering_the_same_event_twice_sends_once(world, submitted_milestone):
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)
    activity = Activity.objects.get(verb="milestone.approved")
    assert notifications.notify(activity.pk) == 1
    assert notifications.notify(activity.pk) == 0
    assert len(mails_to(world.submitter)) == 1
    assert Notification.objects.get(recipient=world.submitter, activity=activity).sent_at is not None


def test_recipient_with_notifications_off_waits_for_the_digest(world, on_commit):
    world.stakeholder.email_notifications = False
    world.stakeholder.save()
    with on_commit():
        services.add_comment(initiative=world.initiative, actor=world.member, body="@reader.lee see the new figure.")
    assert mails_to(world.stakeholder) == []
    assert not Notification.objects.filter(recipient=world.stakeholder).exists()
    end = timezone.now() + datetime.timedelta(hours=1)
    content = digests.build_contents(
        [world.stakeholder], period_end=end, starts={world.stakeholder.pk: end - datetime.timedelta(days=7)}
    )
    [item] = content[world.stakeholder.pk]["sections"]["discussion"]
    assert item["mentions_me"] is True


def test_inactive_user_is_not_notified(world, in_progress, on_commit):
    world.other_coordinator.is_active = False
    world.other_coordinator.save()
    with on_commit():
        services.submit_milestone(milestone=in_progress, actor=world.member)
    assert mails_to(world.other_coordinator) == []


def test_sweep_delivers_a_notification_whose_task_was_lost(world, submitted_milestone):
    # No on-commit execution here: the task was never published, as with Redis down.
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)
    assert mails_to(world.submitter) == []
    later = moment + notifications.SWEEP_SETTLE + datetime.timedelta(minutes=1)
    assert notifications.sweep(later) == 1
    assert notifications.sweep(later + datetime.timedelta(hours=1)) == 0
    assert len(mails_to(world.submitter)) == 1


def test_sweep_leaves_events_older_than_a_day_to_the_digest(world, submitted_milestone):
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)
    assert notifications.sweep(moment + notifications.SWEEP_WINDOW + datetime.timedelta(minutes=1)) == 0


def test_activity_that_is_no_event_enqueues_nothing(world, django_capture_on_commit_callbacks):
    before = queue_length()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(initiative=world.initiative, actor=world.member, body="No mention here.")
    assert queue_length() == before, "no notification, and no webhook fan-out for a group without webhooks"

"""Who hears of a joint milestone: the side still to sign gets the notification and the review reminder."""

import datetime
import zoneinfo

import pytest
import time_machine

from proposals import reminders, services
from proposals.models import Milestone, Notification, Reminder
from tests.mailbox import html_of, mails_to
from tests.twosided import joint as joint_milestone

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
S = Milestone.Status
R = Reminder.Reason


def seoul(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SEOUL)


def sweep(at):
    with time_machine.travel(at, tick=False):
        return reminders.send_due(at)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def in_seoul(world):
    for user in (world.coordinator, world.other_coordinator, world.submitter):
        user.time_zone = "Asia/Seoul"
        user.save()
    return world


def submitted(world, *, joint=True, at=None):
    return joint_milestone.submitted(world, joint=joint, at=at or seoul(2026, 11, 23, 10))


def test_one_sides_signature_tells_the_submitter_and_the_side_still_to_sign(world, on_commit):
    milestone = submitted(world)
    with on_commit():
        services.approve_milestone(milestone=milestone, actor=world.coordinator, note="Seoul agrees.")
    [to_submitter] = mails_to(world.submitter)
    assert to_submitter.subject == "Signed by Korea: Central bank letters"
    assert "for Korea. The sign-off of Japan is pending." in to_submitter.body
    assert "The sign-off of Japan is pending." in html_of(to_submitter)
    [to_japan] = mails_to(world.other_coordinator)
    assert to_japan.subject == "Signed by Korea: Central bank letters"
    assert mails_to(world.coordinator) == []  # the signer
    assert set(Notification.objects.filter(kind="signed").values_list("recipient__username", flat=True)) == {
        "member.tanaka",
        "coord.sato",
    }


def test_the_second_signature_tells_the_submitter_both_sides_signed(world, on_commit):
    milestone = submitted(world)
    services.approve_milestone(milestone=milestone, actor=world.coordinator)
    with on_commit():
        services.approve_milestone(milestone=milestone, actor=world.other_coordinator)
    approved = [m for m in mails_to(world.submitter) if m.subject.startswith("Approved")]
    assert len(approved) == 1 and "Both sides have signed it." in approved[0].body


def test_the_review_reminder_goes_only_to_the_side_that_has_not_signed(in_seoul):
    world = in_seoul
    milestone = submitted(world)
    with time_machine.travel(seoul(2026, 11, 23, 11), tick=False):
        services.approve_milestone(milestone=milestone, actor=world.other_coordinator)
    sweep(seoul(2026, 11, 25, 12))
    assert [m.subject for m in mails_to(world.coordinator)] == ["Waiting for your review: Central bank letters"]
    assert mails_to(world.other_coordinator) == []
    sweep(seoul(2026, 11, 26, 12))
    assert len(mails_to(world.coordinator)) == 1, "once"


def test_a_reminder_written_before_the_side_signed_is_not_sent(in_seoul):
    world = in_seoul
    milestone = submitted(world)
    with time_machine.travel(seoul(2026, 11, 25, 7), tick=False):
        Reminder.objects.create(
            milestone=milestone,
            recipient=world.coordinator,
            reason=R.REVIEW_WAITING,
            due_date=datetime.date(2026, 11, 25),
        )
        services.approve_milestone(milestone=milestone, actor=world.coordinator)
    sweep(seoul(2026, 11, 25, 12))
    assert mails_to(world.coordinator) == []


def test_the_review_reminder_waits_out_chuseok_for_a_korean_reviewer_only(in_seoul):
    world = in_seoul
    submitted(world, joint=False, at=seoul(2026, 9, 23, 10))  # the Wednesday before Chuseok
    sweep(seoul(2026, 9, 28, 12))  # Monday: two working days in Japan, one in Korea
    assert len(mails_to(world.other_coordinator)) == 1
    assert mails_to(world.coordinator) == []
    sweep(seoul(2026, 9, 29, 12))
    assert len(mails_to(world.coordinator)) == 1


def test_the_review_reminder_waits_out_golden_week_for_a_japanese_reviewer_only(in_seoul):
    world = in_seoul
    submitted(world, joint=False, at=seoul(2026, 4, 28, 10))  # Tuesday before Golden Week
    sweep(seoul(2026, 4, 30, 12))  # Thursday: two working days in Korea, one in Japan
    assert len(mails_to(world.coordinator)) == 1
    assert mails_to(world.other_coordinator) == []
    sweep(seoul(2026, 5, 7, 12))  # Japan rested 29 April and 4–6 May
    assert len(mails_to(world.other_coordinator)) == 1

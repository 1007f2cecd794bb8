"""Reminders: 7 days and 1 day before the due date, once overdue, and for reviews waiting 2 working days."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from proposals import reminders, services
from proposals.models import Milestone, Reminder
from tests import factories
from tests.mailbox import html_of, mails_to

UTC = datetime.UTC
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
S = Milestone.Status
R = Reminder.Reason
DUE = datetime.date(2026, 12, 10)


def seoul(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SEOUL)


def sweep(at: datetime.datetime):
    with time_machine.travel(at, tick=False):
        return reminders.send_due(at)


def in_seoul(user):
    user.time_zone = "Asia/Seoul"
    user.save()
    return user


@pytest.fixture
def owner(world):
    """The world's member, living in Seoul."""
    return in_seoul(world.member)


@pytest.fixture
def milestone(world, owner):
    with time_machine.travel(seoul(2026, 11, 1, 12), tick=False):
        return factories.MilestoneFactory(
            initiative=world.initiative, title="Central bank letters", status=S.IN_PROGRESS, owner=owner, due_date=DUE
        )


def reasons(user) -> list[str]:
    sent = Reminder.objects.filter(recipient=user, sent_at__isnull=False).order_by("pk")
    return list(sent.values_list("reason", flat=True))


def test_owner_is_reminded_7_days_before(milestone, owner):
    assert sweep(seoul(2026, 12, 3, 9)).sent == 1
    [message] = mails_to(owner)
    assert message.subject == "Due in 7 days: Central bank letters"
    assert "Dec. 10, 2026" in message.body and "Dec. 10, 2026" in html_of(message)
    assert f"/initiatives/currency-swap/#milestone-{milestone.pk}" in message.body


def test_one_day_before_and_when_overdue(milestone, owner):
    sweep(seoul(2026, 12, 9, 9))
    sweep(seoul(2026, 12, 11, 9))
    assert [m.subject for m in mails_to(owner)] == [
        "Due tomorrow: Central bank letters",
        "Overdue: Central bank letters",
    ]


def test_each_reason_fires_once_over_the_whole_countdown(milestone, owner):
    moment = seoul(2026, 11, 28, 0)
    while moment < seoul(2026, 12, 16, 0):
        sweep(moment)
        moment += datetime.timedelta(hours=3)
    assert reasons(owner) == [R.DUE_IN_7_DAYS, R.DUE_IN_1_DAY, R.OVERDUE]
    assert len(mails_to(owner)) == 3


def test_reminders_wait_until_0800_in_the_owners_time_zone(milestone, owner):
    assert sweep(seoul(2026, 12, 3, 7, 59)).sent == 0
    assert sweep(seoul(2026, 12, 3, 8, 0)).sent == 1


def test_replanning_re_arms_the_reminders(milestone, owner):
    sweep(seoul(2026, 12, 3, 9))
    with time_machine.travel(seoul(2026, 12, 4, 9), tick=False):
        services.replan_milestone(milestone=milestone, actor=owner, due_date=DUE + datetime.timedelta(days=3))
    sweep(seoul(2026, 12, 6, 9))
    sent = Reminder.objects.filter(recipient=owner).order_by("pk").values_list("reason", "due_date")
    assert list(sent) == [(R.DUE_IN_7_DAYS, DUE), (R.DUE_IN_7_DAYS, DUE + datetime.timedelta(days=3))]
    assert len(mails_to(owner)) == 2


def test_closed_milestone_is_not_reminded(milestone, owner):
    milestone.status = S.CANCELLED
    milestone.save()
    assert sweep(seoul(2026, 12, 11, 9)).sent == 0


def test_owner_with_digests_off_is_still_reminded(milestone, owner):
    owner.digest_frequency = "off"
    owner.save()
    assert sweep(seoul(2026, 12, 3, 9)).sent == 1


def test_owner_who_turned_reminders_off_is_not(milestone, owner):
    owner.email_reminders = False
    owner.save()
    assert sweep(seoul(2026, 12, 3, 9)).sent == 0
    assert not Reminder.objects.exists()


@pytest.mark.parametrize(
    ("language", "subject"),
    [("ko", "7일 후 마감: Central bank letters"), ("ja", "7日後に期日：Central bank letters")],
)
def test_reminder_is_written_in_the_owners_language(milestone, owner, catalogues, language, subject):
    owner.language = language
    owner.save()
    sweep(seoul(2026, 12, 3, 9))
    assert mails_to(owner)[0].subject == subject


def test_a_reminder_that_could_not_be_sent_goes_out_with_the_next_sweep(milestone, owner, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(reminders.mail, "send", refuse)
    assert sweep(seoul(2026, 12, 3, 9)).failed == 1
    monkeypatch.undo()
    assert sweep(seoul(2026, 12, 3, 10)).sent == 1
    assert sweep(seoul(2026, 12, 3, 11)).sent == 0
    assert len(mails_to(owner)) == 1


# --- reviews waiting ------------------------------------------------------------------------------


@pytest.fixture
def coordinators(world, milestone):
    """The group's two coordinators, both in Seoul."""
    return [in_seoul(world.coordinator), in_seoul(world.other_coordinator)]


def submit(milestone, actor, at):
    with time_machine.travel(at, tick=False):
        return services.submit_milestone(milestone=milestone, actor=actor)


def test_review_waiting_two_working_days_reminds_the_coordinators_once(milestone, owner, coordinators):
    submit(milestone, owner, seoul(2026, 11, 27, 15))  # a Friday afternoon
    assert sweep(seoul(2026, 11, 30, 16)).sent == 0  # Monday: one working day
    assert sweep(seoul(2026, 12, 1, 15, 30)).sent == 2  # Tuesday afternoon: two
    assert sweep(seoul(2026, 12, 1, 16, 30)).sent == 0
    for coordinator in coordinators:
        [message] = mails_to(coordinator)
        assert message.subject == "Waiting for your review: Central bank letters"
    assert [m.subject for m in mails_to(owner)] == []


def test_coordinator_who_submitted_is_not_reminded_to_review(milestone, coordinators):
    kim, sato = coordinators
    submit(milestone, kim, seoul(2026, 11, 23, 10))
    sweep(seoul(2026, 11, 26, 10))
    assert mails_to(kim) == [] and len(mails_to(sato)) == 1


def test_a_new_submission_is_reminded_of_again(milestone, owner, coordinators):
    kim, sato = coordinators
    submit(milestone, owner, seoul(2026, 11, 23, 10))
    sweep(seoul(2026, 11, 26, 10))
    with time_machine.travel(seoul(2026, 11, 26, 11), tick=False):
        services.request_changes(milestone=milestone, actor=kim, note="Add the annex.")
        services.start_milestone(milestone=milestone, actor=owner)
    submit(milestone, owner, seoul(2026, 11, 30, 10))
    sweep(seoul(2026, 12, 2, 10))
    assert len(mails_to(sato)) == 2


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (seoul(2026, 11, 23, 10), seoul(2026, 11, 25, 10)),  # Monday → Wednesday
        (seoul(2026, 11, 26, 10), seoul(2026, 11, 30, 10)),  # Thursday → Monday
        (seoul(2026, 11, 27, 15), seoul(2026, 12, 1, 15)),  # Friday → Tuesday
        (seoul(2026, 11, 28, 15), seoul(2026, 12, 2, 0)),  # Saturday counts from Monday 00:00
    ],
)
def test_working_days_skip_the_weekend(start, expected):
    assert reminders.add_working_days(start, 2, SEOUL) == expected


def test_send_reminders_command(milestone, owner, capsys):
    with time_machine.travel(seoul(2026, 12, 3, 9), tick=False):
        call_command("send_reminders", "--at", "2026-12-03T00:00:00")
    assert "Sent 1 reminder." in capsys.readouterr().out
    assert len(mails_to(owner)) == 1


def test_reminder_rows_are_written_before_sending(milestone, owner, monkeypatch):
    seen = []
    monkeypatch.setattr(
        reminders.mail,
        "send",
        lambda user, message, **kw: seen.append(
            list(Reminder.objects.filter(recipient=user).values_list("reason", "sent_at"))
        ),
    )
    sweep(seoul(2026, 12, 3, 9))
    [[(reason, sent_at)]] = seen
    assert reason == R.DUE_IN_7_DAYS and sent_at is not None

"""A side's owners are reminded once when that side's assessment of an initiative falls due."""

import datetime
import zoneinfo

import pytest
import time_machine

from proposals import assessment_reminders, services, tasks
from proposals.models import AssessmentReminder, Initiative
from tests import factories
from tests.mailbox import mails_to

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
DUE = datetime.date(2026, 12, 1)


def at(*args, zone=SEOUL) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=zone)


def sweep(moment: datetime.datetime):
    with time_machine.travel(moment, tick=False):
        return assessment_reminders.send_due(moment)


@pytest.fixture
def owners(world):
    """The world's Korean owner in Seoul, and a Japanese owner in Tokyo who reads Japanese."""
    korean = world.owner
    korean.time_zone = "Asia/Seoul"
    korean.save()
    japanese = factories.UserFactory(username="owner.ito", country="JP", time_zone="Asia/Tokyo", language="ja")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=japanese, side="JP")
    Initiative.objects.filter(pk=world.initiative.pk).update(
        kr_assessment_due=DUE, jp_assessment_due=DUE + datetime.timedelta(days=20)
    )
    Initiative.objects.exclude(pk=world.initiative.pk).update(
        kr_assessment_due=DUE + datetime.timedelta(days=60), jp_assessment_due=DUE + datetime.timedelta(days=60)
    )
    return korean, japanese


def test_the_due_side_owners_are_reminded_once(world, owners):
    korean, japanese = owners
    assert sweep(at(2026, 11, 30, 12)).sent == 0  # not due yet
    assert sweep(at(2026, 12, 1, 9)).sent == 1
    assert sweep(at(2026, 12, 1, 10)).sent == 0  # run twice: nothing more
    assert sweep(at(2026, 12, 3, 10)).sent == 0  # overdue: still the same due date, not again
    [message] = mails_to(korean)
    assert "Currency swap expansion" in message.subject
    assert "Korea" in message.body
    assert "#assessments" in message.body
    assert mails_to(japanese) == []  # Japan's assessment is not due
    assert AssessmentReminder.objects.get().side == "KR"


def test_not_before_eight_in_the_owners_time_zone(world, owners):
    assert sweep(at(2026, 12, 1, 7)).sent == 0
    assert sweep(at(2026, 12, 1, 8)).sent == 1


def test_posting_the_assessment_re_arms_the_reminder_for_the_next_due_date(world, owners):
    korean, _japanese = owners
    sweep(at(2026, 12, 1, 9))
    with time_machine.travel(at(2026, 12, 2, 9), tick=False):
        services.post_assessment(initiative=world.initiative, actor=korean, rating="on_track", rationale="Fine.")
    assert sweep(at(2026, 12, 5, 9)).sent == 0
    sweep(at(2027, 1, 2, 9))  # monthly: due again on 2 January
    assert len(mails_to(korean)) == 2
    assert sorted(AssessmentReminder.objects.filter(recipient=korean).values_list("due_date", flat=True)) == [
        DUE,
        datetime.date(2027, 1, 2),
    ]


def test_only_the_side_that_is_due_is_reminded(world, owners):
    korean, japanese = owners
    Initiative.objects.filter(pk=world.initiative.pk).update(kr_assessment_due=DUE + datetime.timedelta(days=9))
    Initiative.objects.filter(pk=world.initiative.pk).update(jp_assessment_due=DUE)
    sweep(at(2026, 12, 1, 9, zone=TOKYO))
    [message] = mails_to(japanese)
    assert "Currency swap expansion" in message.subject
    assert mails_to(korean) == []


def test_inactive_owners_are_not_reminded(world, owners):
    Initiative.objects.filter(pk=world.restricted.pk).update(jp_assessment_due=DUE)
    factories.InitiativeOwnerFactory(
        initiative=world.restricted, user=factories.UserFactory(country="JP", is_active=False), side="JP"
    )
    sweep(at(2026, 12, 1, 9))
    assert not AssessmentReminder.objects.filter(initiative=world.restricted).exists()


def test_completed_initiatives_are_not_assessed(world, owners):
    Initiative.objects.filter(pk=world.initiative.pk).update(status="completed")
    assert sweep(at(2026, 12, 1, 9)).sent == 0


def test_reminders_off_means_none(world, owners):
    korean, _japanese = owners
    korean.email_reminders = False
    korean.save()
    assert sweep(at(2026, 12, 1, 9)).sent == 0


def test_the_scheduled_sweep_sends_assessment_reminders_too(world, owners):
    korean, _japanese = owners
    moment = at(2026, 12, 1, 9)
    with time_machine.travel(moment, tick=False):
        outcome = tasks.send_reminders(moment.isoformat())
    assert outcome["sent"] >= 1
    assert len(mails_to(korean)) == 1

"""Digests, notifications and reminders speak the recipient's language version of titles where one exists."""

import datetime
import zoneinfo

import pytest
import time_machine

from proposals import digests, reminders, services
from proposals.models import Activity, Milestone
from tests import factories
from tests.mailbox import html_of, mails_to

S = Milestone.Status
UTC = datetime.UTC
START = datetime.datetime(2026, 11, 22, 23, tzinfo=UTC)
DURING = datetime.datetime(2026, 11, 25, 3, tzinfo=UTC)
END = datetime.datetime(2026, 11, 29, 23, tzinfo=UTC)
AT = datetime.datetime(2026, 11, 30, 0, 30, tzinfo=UTC)


@pytest.fixture
def translated(world):
    """The currency swap initiative (English) with Korean titles for it and one milestone, approved this week."""
    milestone = factories.MilestoneFactory(
        initiative=world.initiative,
        title="Central bank letters",
        status=S.IN_PROGRESS,
        owner=world.member,
        due_date=datetime.date(2027, 1, 20),
    )
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko", title="통화스와프 확대")
    factories.MilestoneTranslationFactory(milestone=milestone, language="ko", title="중앙은행 서한")
    with time_machine.travel(DURING, tick=False):
        services.submit_milestone(milestone=milestone, actor=world.member)
        services.approve_milestone(milestone=milestone, actor=world.coordinator)
    return milestone


def readers(world):
    korean = factories.UserFactory(username="reader.ko", language="ko", country="KR", digest_frequency="weekly")
    english = factories.UserFactory(username="reader.en", language="en", country="other", digest_frequency="weekly")
    japanese = factories.UserFactory(username="reader.ja", language="ja", country="JP", digest_frequency="weekly")
    for user in (korean, english, japanese):
        factories.FollowFactory(user=user, initiative=world.initiative)
    return korean, english, japanese


def approved(content):
    [item] = content["sections"]["approved"]
    return item["milestone"]["title"], item["initiative"]["title"]


def test_digest_content_uses_each_readers_language(world, translated):
    korean, english, japanese = readers(world)
    users = [korean, english, japanese]
    with time_machine.travel(AT, tick=False):
        contents = digests.build_contents(users, period_end=END, starts={u.pk: START for u in users})
    assert approved(contents[korean.pk]) == ("중앙은행 서한", "통화스와프 확대")
    assert approved(contents[english.pk]) == ("Central bank letters", "Currency swap expansion")
    # No Japanese version: the original.
    assert approved(contents[japanese.pk]) == ("Central bank letters", "Currency swap expansion")


def test_digest_mail_names_the_korean_titles_for_a_korean_reader(world, translated):
    korean, english, _japanese = readers(world)
    with time_machine.travel(AT, tick=False):
        digests.send_batch([korean.pk, english.pk], "weekly", END)
    [to_korean] = mails_to(korean)
    [to_english] = mails_to(english)
    assert "중앙은행 서한" in to_korean.body and "통화스와프 확대" in html_of(to_korean)
    assert "Central bank letters" not in to_korean.body
    assert "Central bank letters" in to_english.body and "중앙은행 서한" not in to_english.body


def test_notification_uses_the_recipients_language(world, translated):
    world.member.language = "ko"
    world.member.save()
    activity = Activity.objects.get(verb="milestone.approved")
    from proposals import notifications

    notifications.notify(activity.pk)
    [message] = mails_to(world.member)
    assert "중앙은행 서한" in message.subject
    assert "통화스와프 확대" in message.body and "통화스와프 확대" in html_of(message)


def test_notification_in_english_keeps_the_original(world, translated):
    activity = Activity.objects.get(verb="milestone.approved")
    from proposals import notifications

    notifications.notify(activity.pk)
    [message] = mails_to(world.member)
    assert "Central bank letters" in message.subject and "중앙은행" not in message.body


def test_reminder_uses_the_owners_language(world):
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    owner = world.member
    owner.language, owner.time_zone = "ko", "Asia/Seoul"
    owner.save()
    with time_machine.travel(datetime.datetime(2026, 11, 1, 12, tzinfo=seoul), tick=False):
        milestone = factories.MilestoneFactory(
            initiative=world.initiative,
            title="Central bank letters",
            status=S.IN_PROGRESS,
            owner=owner,
            due_date=datetime.date(2026, 12, 10),
        )
    factories.MilestoneTranslationFactory(milestone=milestone, language="ko", title="중앙은행 서한")
    at = datetime.datetime(2026, 12, 3, 9, tzinfo=seoul)
    with time_machine.travel(at, tick=False):
        reminders.send_due(at)
    [message] = mails_to(owner)
    assert "중앙은행 서한" in message.subject and "중앙은행 서한" in message.body

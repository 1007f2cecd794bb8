"""Exports, calendars and feeds use the reader's language version of titles where one exists."""

import csv
import io

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from accounts import feed_tokens
from accounts.models import User
from proposals import services
from tests import factories


def key_of(user: User) -> str:
    return feed_tokens.regenerate(User.objects.get(pk=user.pk))[1]


def korean_reader(world):
    reader = world.stakeholder  # Korean, in no group
    factories.FollowFactory(user=reader, initiative=world.initiative)
    return reader


def test_list_export_titles_are_in_the_readers_language(world):
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko", title="통화스와프 확대")
    response = world.client(world.stakeholder).get(reverse("proposals:initiative-list-export", args=["csv"]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert "통화스와프 확대" in [row[0] for row in rows[1:]]
    english = world.client(world.member).get(reverse("proposals:initiative-list-export", args=["csv"]))
    content = b"".join(english.streaming_content) if english.streaming else english.content
    assert "통화스와프 확대" not in content.decode("utf-8-sig")


def test_calendar_events_name_the_korean_titles(world):
    reader = korean_reader(world)
    milestone = factories.MilestoneFactory(initiative=world.initiative, title="Central bank letters")
    factories.MilestoneTranslationFactory(milestone=milestone, language="ko", title="중앙은행 서한")
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko", title="통화스와프 확대")
    response = Client().get(reverse("proposals:feed-calendar", kwargs={"key": key_of(reader)}))
    calendar = Calendar.from_ical(response.content)
    [event] = [c for c in calendar.walk("VEVENT")]
    assert "중앙은행 서한" in str(event["summary"])
    assert "통화스와프 확대" in str(event["description"])


def test_activity_feed_entries_name_the_korean_titles(world):
    reader = korean_reader(world)
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, title="Central bank letters", owner=world.member
    )
    factories.MilestoneTranslationFactory(milestone=milestone, language="ko", title="중앙은행 서한")
    factories.InitiativeTranslationFactory(initiative=world.initiative, language="ko", title="통화스와프 확대")
    services.start_milestone(milestone=milestone, actor=world.member)
    response = Client().get(reverse("proposals:feed-activity", kwargs={"key": key_of(reader)}))
    text = response.content.decode()
    assert "중앙은행 서한" in text and "통화스와프 확대" in text
    assert "Central bank letters" not in text

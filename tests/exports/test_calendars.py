"""Milestone calendars: what a calendar app subscribed to a feed address sees, parsed as it parses it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts import feed_tokens
from accounts.models import FeedToken, Membership, User
from proposals import models as m
from proposals import services
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.usefixtures("catalogues")


def my_calendar_url(key: str) -> str:
    return reverse("proposals:feed-calendar", kwargs={"key": key})


def initiative_calendar_url(key: str, slug: str) -> str:
    return reverse("proposals:feed-initiative-calendar", kwargs={"key": key, "slug": slug})


def fetch(url: str) -> Calendar:
    response = Client().get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, dict]:
    """Each event by UID: what an app shows of it."""
    return {
        str(event["UID"]): {
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "stamp": event.decoded("DTSTAMP"),
            "sequence": int(event["SEQUENCE"]),
            "status": str(event["STATUS"]),
            "description": str(event["DESCRIPTION"]),
            "url": str(event["URL"]),
        }
        for event in calendar.walk("VEVENT")
    }


def uid(milestone: m.Milestone) -> str:
    return f"milestone-{milestone.pk}@testserver"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def test_the_personal_calendar_holds_the_milestones_the_user_owns_or_follows(world: World):
    member = world.member
    owned = factories.MilestoneFactory(initiative=world.initiative, owner=member, title="Draft the statute")
    other = factories.InitiativeFactory(title="Youth exchange", working_group=world.other_group)
    followed = factories.MilestoneFactory(initiative=other, title="Host the forum")
    factories.FollowFactory(user=member, initiative=other)
    grouped = factories.InitiativeFactory(title="Port logistics", working_group=world.other_group)
    through_group = factories.MilestoneFactory(initiative=grouped, title="Survey the ports")
    m.Follow.objects.create(user=member, initiative=None, working_group=world.other_group)
    unrelated = factories.MilestoneFactory(initiative=world.initiative, title="Someone else's step")
    _token, key = feed_tokens.regenerate(member)

    found = events(fetch(my_calendar_url(key)))

    assert set(found) == {uid(owned), uid(followed), uid(through_group)}
    assert uid(unrelated) not in found
    event = found[uid(owned)]
    assert event["start"] == owned.due_date and not isinstance(event["start"], datetime.datetime)
    assert event["end"] == owned.due_date + datetime.timedelta(days=1)
    assert event["summary"] == "[Planned] Draft the statute"
    assert event["status"] == "TENTATIVE"
    link = f"http://testserver/initiatives/currency-swap/#milestone-{owned.pk}"
    assert event["url"] == link
    assert "Currency swap expansion" in event["description"] and link in event["description"]
    assert event["stamp"].utcoffset() == datetime.timedelta(0)


def test_the_calendar_names_itself_and_the_users_time_zone(world: World):
    User.objects.filter(pk=world.member.pk).update(time_zone="Asia/Tokyo")
    _token, key = feed_tokens.regenerate(User.objects.get(pk=world.member.pk))

    calendar = fetch(my_calendar_url(key))

    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Tokyo"
    assert "Milestones" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["VERSION"]) == "2.0"
    assert b"DTSTAMP:" in calendar.to_ical() or not calendar.walk("VEVENT")


def test_a_replanned_milestone_keeps_its_uid_and_moves(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, owner=world.member, title="Sign the MOU")
    _token, key = feed_tokens.regenerate(world.member)
    before = events(fetch(my_calendar_url(key)))[uid(milestone)]
    new_date = milestone.due_date + datetime.timedelta(days=20)

    services.replan_milestone(milestone=milestone, actor=world.coordinator, due_date=new_date, reason="Later")

    after = events(fetch(my_calendar_url(key)))
    assert list(after) == [uid(milestone)]
    assert after[uid(milestone)]["start"] == new_date
    assert after[uid(milestone)]["sequence"] > before["sequence"]
    assert after[uid(milestone)]["stamp"] >= before["stamp"]


def test_cancelled_milestones_leave_the_calendar_and_approved_ones_are_confirmed(world: World, submitted_milestone):
    cancelled = factories.MilestoneFactory(initiative=world.initiative, title="Dropped step")
    services.cancel_milestone(milestone=cancelled, actor=world.coordinator, note="No longer needed")
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)
    _token, key = feed_tokens.regenerate(world.coordinator)

    found = events(fetch(initiative_calendar_url(key, world.initiative.slug)))

    assert set(found) == {uid(submitted_milestone)}
    assert found[uid(submitted_milestone)]["summary"] == "[Approved] Draft agreement"
    assert found[uid(submitted_milestone)]["status"] == "CONFIRMED"


@pytest.mark.parametrize(("language", "words"), [("ko", ("계획됨", "마일스톤")), ("ja", ("予定", "マイルストーン"))])
def test_the_calendar_speaks_the_language_of_the_keys_owner(world: World, language, words):
    status, calendar_word = words
    User.objects.filter(pk=world.member.pk).update(language=language)
    factories.MilestoneFactory(initiative=world.initiative, owner=world.member, title="Draft the statute")
    _token, key = feed_tokens.regenerate(User.objects.get(pk=world.member.pk))

    calendar = fetch(my_calendar_url(key))

    [event] = events(calendar).values()
    assert event["summary"] == f"[{status}] Draft the statute"
    assert calendar_word in str(calendar["X-WR-CALNAME"])


def test_milestones_due_more_than_a_year_ago_are_left_out(world: World):
    today = timezone.localdate()
    old = factories.MilestoneFactory(
        initiative=world.initiative, owner=world.member, due_date=today - datetime.timedelta(days=400)
    )
    recent = factories.MilestoneFactory(
        initiative=world.initiative, owner=world.member, due_date=today - datetime.timedelta(days=300)
    )
    _token, key = feed_tokens.regenerate(world.member)

    found = events(fetch(my_calendar_url(key)))

    assert uid(recent) in found and uid(old) not in found


def test_regenerating_makes_the_old_addresses_answer_404(world: World):
    _token, old_key = feed_tokens.regenerate(world.member)
    assert Client().get(my_calendar_url(old_key)).status_code == 200

    _token, new_key = feed_tokens.regenerate(world.member)

    assert Client().get(my_calendar_url(old_key)).status_code == 404
    assert Client().get(initiative_calendar_url(old_key, world.initiative.slug)).status_code == 404
    assert Client().get(my_calendar_url(new_key)).status_code == 200
    assert FeedToken.objects.filter(user=world.member).count() == 1


def test_only_the_digest_of_the_key_is_stored(world: World):
    token, key = feed_tokens.regenerate(world.member)

    stored = FeedToken.objects.filter(pk=token.pk).values().get()
    assert key not in str(stored)
    assert len(key) >= 40


def test_an_inactive_users_key_answers_404(world: World):
    _token, key = feed_tokens.regenerate(world.member)
    User.objects.filter(pk=world.member.pk).update(is_active=False)

    assert Client().get(my_calendar_url(key)).status_code == 404
    assert Client().get(initiative_calendar_url(key, world.initiative.slug)).status_code == 404


def test_a_restricted_initiative_leaves_the_calendar_when_the_user_leaves_the_group(world: World):
    milestone = factories.MilestoneFactory(initiative=world.restricted, title="Restore the list")
    factories.FollowFactory(user=world.member, initiative=world.restricted)
    _token, key = feed_tokens.regenerate(world.member)
    assert uid(milestone) in events(fetch(my_calendar_url(key)))
    assert Client().get(initiative_calendar_url(key, world.restricted.slug)).status_code == 200

    Membership.objects.filter(user=world.member, working_group=world.group).delete()

    assert uid(milestone) not in events(fetch(my_calendar_url(key)))
    assert Client().get(initiative_calendar_url(key, world.restricted.slug)).status_code == 404


def test_unknown_and_unreadable_initiatives_answer_alike(world: World):
    factories.MilestoneFactory(initiative=world.restricted, title="Restore the list")
    _token, key = feed_tokens.regenerate(world.stakeholder)

    unreadable = Client().get(initiative_calendar_url(key, world.restricted.slug))
    unknown = Client().get(initiative_calendar_url(key, "no-such-initiative"))
    unknown_key = Client().get(initiative_calendar_url("x" * 40, world.initiative.slug))

    assert unreadable.status_code == unknown.status_code == unknown_key.status_code == 404
    assert unreadable.content == unknown.content == unknown_key.content
    # The same headers, but for each request's own id.
    assert {**unreadable.headers, "X-Request-ID": ""} == {**unknown.headers, "X-Request-ID": ""}


def test_the_feed_needs_no_session_and_sets_no_cookie(world: World):
    _token, key = feed_tokens.regenerate(world.member)
    signed_in = world.client(world.coordinator)

    for client in (Client(), signed_in):
        for url in (my_calendar_url(key), my_calendar_url("unknown-key")):
            response = client.get(url)
            assert not response.cookies, url
            assert "private" in response["Cache-Control"]


def test_the_calendar_is_the_keys_owner_not_the_signed_in_visitor(world: World):
    factories.MilestoneFactory(initiative=world.restricted, title="Restore the list")
    _token, key = feed_tokens.regenerate(world.stakeholder)

    response = world.client(world.admin).get(initiative_calendar_url(key, world.restricted.slug))

    assert response.status_code == 404


def test_the_calendar_costs_the_same_queries_for_few_and_many_milestones(world: World):
    other = factories.InitiativeFactory(working_group=world.other_group)
    factories.FollowFactory(user=world.member, initiative=other)
    factories.MilestoneFactory(initiative=world.initiative, owner=world.member)
    _token, key = feed_tokens.regenerate(world.member)
    client = Client()
    client.get(my_calendar_url(key))  # the first use is written down (at most every few minutes)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = (queries(my_calendar_url(key)), queries(initiative_calendar_url(key, world.initiative.slug)))
    for index in range(15):
        factories.MilestoneFactory(initiative=world.initiative, owner=world.member if index % 2 else None)
        factories.MilestoneFactory(initiative=other)
    many = (queries(my_calendar_url(key)), queries(initiative_calendar_url(key, world.initiative.slug)))

    assert many == few
    assert len(events(fetch(my_calendar_url(key)))) == 1 + 15 + 7  # owned on odd rounds, followed on all


def test_the_settings_card_shows_the_links_once(world: World):
    client = world.client(world.member)
    page = client.get(reverse("accounts:settings") + "?initiative=currency-swap").content.decode()
    assert "Create feed links" in page and "testserver/feeds/" not in page

    answer = client.post(reverse("accounts:feed-token-create"), {"initiative": "currency-swap"})

    text = answer.content.decode()
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    [calendar_url] = re.findall(r"http://testserver(/feeds/[-\w]+/calendar\.ics)<", text)
    assert Client().get(calendar_url).status_code == 200
    assert "/initiatives/currency-swap/calendar.ics" in text
    assert "/initiatives/currency-swap/activity.atom" in text
    later = client.get(reverse("accounts:settings")).content.decode()
    assert "Regenerate feed links" in later and "testserver/feeds/" not in later

    client.post(reverse("accounts:feed-token-create"))

    assert Client().get(calendar_url).status_code == 404


def test_the_initiative_and_group_pages_offer_their_feeds_through_the_settings_card(world: World):
    client = world.client(world.member)
    feed_token = feed_tokens.regenerate(world.member)[0]
    initiative_page = client.get(world.initiative.get_absolute_url()).content.decode()
    group_page = client.get(reverse("proposals:group-detail", args=[world.group.slug])).content.decode()

    assert f"{reverse('accounts:settings')}?initiative=currency-swap#feeds" in initiative_page
    assert f"{reverse('accounts:settings')}?group=economic-security#feeds" in group_page
    card = client.get(reverse("accounts:settings") + "?group=economic-security").content.decode()
    assert "/groups/economic-security/activity.atom" in card and "Regenerate feed links" in card
    assert FeedToken.objects.get(user=world.member) == feed_token  # looking changes nothing

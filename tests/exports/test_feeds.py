"""Activity as Atom feeds: what a feed reader polling a feed address sees, parsed as XML."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import feed_tokens
from accounts.models import Membership, User
from proposals import models as m
from proposals import services
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.usefixtures("catalogues")

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def followed_url(key: str) -> str:
    return reverse("proposals:feed-activity", kwargs={"key": key})


def initiative_url(key: str, slug: str) -> str:
    return reverse("proposals:feed-initiative-activity", kwargs={"key": key, "slug": slug})


def group_url(key: str, slug: str) -> str:
    return reverse("proposals:feed-group-activity", kwargs={"key": key, "slug": slug})


def fetch(url: str, client: Client | None = None) -> ET.Element:
    response = (client or Client()).get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert not response.cookies
    return ET.fromstring(response.content)


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title") or "",
            "id": entry.findtext(f"{ATOM}id") or "",
            "published": entry.findtext(f"{ATOM}published") or "",
            "updated": entry.findtext(f"{ATOM}updated") or "",
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "link": entry.find(f"{ATOM}link").get("href"),  # type: ignore[union-attr]
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def key_of(user: User) -> str:
    return feed_tokens.regenerate(User.objects.get(pk=user.pk))[1]


def test_the_followed_feed_words_entries_as_the_site_does(world: World):
    member = world.member
    services.follow_initiative(initiative=world.initiative, actor=member)
    milestone = services.create_milestone(
        initiative=world.initiative,
        actor=world.coordinator,
        title="Draft & sign",
        due_date=world.initiative.start_date + datetime.timedelta(days=90),
    )
    services.cancel_milestone(milestone=milestone, actor=world.coordinator, note="<b>Dropped</b> & replaced")

    feed = fetch(followed_url(key_of(member)))

    assert feed.get(XML_LANG) == "en"
    titles = [entry["title"] for entry in entries(feed)]
    assert titles == [
        "Coord.Kim cancelled a milestone “Draft & sign” · Currency swap expansion (Planned → Cancelled)",
        "Coord.Kim added a milestone “Draft & sign” · Currency swap expansion",
        "Member.Park started following · Currency swap expansion",
    ]
    newest = entries(feed)[0]
    assert newest["summary"] == "&lt;b&gt;Dropped&lt;/b&gt; &amp; replaced"  # HTML text that shows the note as typed
    assert newest["link"] == f"http://testserver/initiatives/currency-swap/#milestone-{milestone.pk}"
    assert newest["published"] == newest["updated"]
    assert len({entry["id"] for entry in entries(feed)}) == 3


def test_entries_are_in_the_language_and_time_zone_of_the_keys_owner(world: World):
    User.objects.filter(pk=world.stakeholder.pk).update(language="ja", time_zone="Asia/Tokyo")
    services.follow_initiative(initiative=world.initiative, actor=world.stakeholder)
    factories.MilestoneFactory(initiative=world.initiative)
    milestone = m.Milestone.objects.get()
    services.replan_milestone(
        milestone=milestone, actor=world.coordinator, due_date=datetime.date(2027, 3, 1), reason="Later"
    )

    response = world.client(world.coordinator).get(followed_url(key_of(world.stakeholder)))

    feed = ET.fromstring(response.content)
    assert feed.get(XML_LANG) == "ja" and response["Content-Language"] == "ja"
    newest = entries(feed)[0]
    assert "マイルストーンを再計画" in newest["title"]
    assert "2027年3月1日" in newest["title"]
    assert newest["published"].endswith("+09:00")


def test_a_hidden_comments_body_never_appears(world: World):
    services.follow_initiative(initiative=world.initiative, actor=world.member)
    comment = services.add_comment(initiative=world.initiative, actor=world.submitter, body="Confidential remark")
    services.edit_comment(comment=comment, actor=world.submitter, body="Confidential remark, edited")
    services.hide_comment(comment=comment, actor=world.coordinator, reason="Off topic remark")
    key = key_of(world.member)

    for url in (
        followed_url(key),
        initiative_url(key, world.initiative.slug),
        group_url(key, world.group.slug),
    ):
        text = Client().get(url).content.decode()
        assert "hid a comment" in text
        assert "Confidential" not in text and "Off topic" not in text


def test_the_group_feed_leaves_out_restricted_initiatives_the_user_may_not_read(world: World):
    factories.ActivityFactory(initiative=world.initiative, working_group=world.group, actor=world.coordinator)
    factories.ActivityFactory(initiative=world.restricted, working_group=world.group, actor=world.coordinator)

    outsider = [
        entry["title"] for entry in entries(fetch(group_url(key_of(world.other_group_member), "economic-security")))
    ]
    insider = [entry["title"] for entry in entries(fetch(group_url(key_of(world.member), "economic-security")))]

    assert outsider == ["Coord.Kim edited the initiative · Currency swap expansion"]
    assert sorted(insider) == [
        "Coord.Kim edited the initiative · Currency swap expansion",
        "Coord.Kim edited the initiative · Whitelist restoration",
    ]


def test_the_initiative_feed_follows_the_read_rule_at_every_request(world: World):
    factories.ActivityFactory(initiative=world.restricted, working_group=world.group, actor=world.coordinator)
    key = key_of(world.member)
    assert [entry["title"] for entry in entries(fetch(initiative_url(key, world.restricted.slug)))] == [
        "Coord.Kim edited the initiative"
    ]

    Membership.objects.filter(user=world.member, working_group=world.group).delete()

    assert Client().get(initiative_url(key, world.restricted.slug)).status_code == 404


def test_unknown_unreadable_replaced_and_inactive_all_answer_404_alike(world: World):
    old = key_of(world.stakeholder)
    key = key_of(world.stakeholder)
    inactive = key_of(world.inactive)

    answers = [
        Client().get(initiative_url(key, world.restricted.slug)),
        Client().get(initiative_url(key, "no-such-initiative")),
        Client().get(group_url(key, "no-such-group")),
        Client().get(followed_url(old)),
        Client().get(followed_url(inactive)),
        Client().get(initiative_url(inactive, world.initiative.slug)),
    ]

    assert {answer.status_code for answer in answers} == {404}
    assert len({answer.content for answer in answers}) == 1
    assert not any(answer.cookies for answer in answers)


def test_a_feed_carries_the_newest_fifty_entries(world: World):
    for number in range(55):
        factories.ActivityFactory(
            initiative=world.initiative,
            working_group=world.group,
            actor=world.coordinator,
            details={"note": f"#{number}"},
        )

    found = entries(fetch(initiative_url(key_of(world.member), world.initiative.slug)))

    assert len(found) == 50
    assert found[0]["summary"] == "#54"


def test_the_feeds_cost_the_same_queries_for_few_and_many_entries(world: World):
    services.follow_initiative(initiative=world.initiative, actor=world.member)
    key = key_of(world.member)
    client = Client()
    urls = (followed_url(key), initiative_url(key, world.initiative.slug), group_url(key, world.group.slug))
    client.get(urls[0])  # the first use is written down (at most every few minutes)

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries()
    for number in range(20):
        actor = factories.UserFactory()
        milestone = factories.MilestoneFactory(initiative=world.initiative)
        factories.ActivityFactory(
            initiative=world.initiative,
            working_group=world.group,
            milestone=milestone,
            actor=actor,
            verb=m.Activity.Verb.MILESTONE_REPLANNED,
            details={"old_due_date": "2027-01-01", "new_due_date": f"2027-02-{number + 1:02d}"},
        )
    many = queries()

    assert many == few
    assert len(entries(fetch(urls[0], client))) == 21

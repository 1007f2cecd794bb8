"""What new users tripped over, fixed: menus and dashboards by role, creating in a chosen group, owners who may
read, dates as each language writes them."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape

from proposals import models as m
from tests import factories

S = m.MilestoneStatus


def test_the_review_queue_is_in_the_menu_of_reviewers_only(world):
    queue = reverse("proposals:review-queue")
    for who, offered in (("coordinator", True), ("admin", True), ("member", False), ("stakeholder", False)):
        page = world.client(world.user(who)).get(reverse("proposals:initiative-list")).content.decode()
        assert (f'href="{queue}"' in page) is offered, who


def test_a_stakeholder_dashboard_shows_what_they_follow_not_member_cards(world):
    today = timezone.localdate()
    factories.FollowFactory(user=world.stakeholder, initiative=world.initiative)
    factories.MilestoneFactory(
        initiative=world.initiative, title="Customs pilot", status=S.IN_PROGRESS, due_date=today + datetime.timedelta(3)
    )
    factories.ActivityFactory(
        initiative=world.initiative,
        working_group=world.group,
        actor=world.coordinator,
        verb=m.Activity.Verb.MILESTONE_APPROVED,
        details={"old": "submitted", "new": "approved"},
    )
    digest = factories.DigestFactory(user=world.stakeholder, subject="Weekly digest, 23–30 November")
    client = world.client(world.stakeholder)
    with translation.override("en"):
        world.stakeholder.language = "en"
        world.stakeholder.save()
        page = client.get(reverse("proposals:dashboard")).content.decode()

    assert "My submissions waiting for review" not in page and "Changes requested" not in page
    assert "Decisions and changes of course" in page
    assert "Customs pilot" in page
    assert reverse("digests:detail", args=[digest.pk]) in page


def test_a_member_dashboard_keeps_the_work_cards(world):
    page = world.client(world.member).get(reverse("proposals:dashboard")).content.decode()
    assert "My submissions waiting for review" in page and "Changes requested" in page
    assert "Decisions and changes of course" not in page


def test_new_initiative_asks_for_one_of_the_groups_the_user_coordinates(world):
    factories.MembershipFactory(user=world.coordinator, working_group=world.other_group, role="member")
    client = world.client(world.coordinator)
    form_page = client.get(reverse("proposals:initiative-new"))
    assert form_page.status_code == 200
    offered = [slug for slug, _label in form_page.context["form"].fields["working_group"].choices if slug]
    assert [str(slug) for slug in offered] == [world.group.slug]  # a member elsewhere, coordinator here only

    data = {
        "working_group": world.group.slug,
        "title": "Hydrogen supply chain",
        "summary": "Joint sourcing.",
        "pillar": m.Pillar.values[0],
        "lead_side": "joint",
        "status": "proposed",
        "visibility": "internal",
    }
    created = client.post(reverse("proposals:initiative-new"), data)
    initiative = m.Initiative.objects.get(title="Hydrogen supply chain")
    assert created.status_code == 302 and initiative.working_group == world.group

    elsewhere = client.post(reverse("proposals:initiative-new"), {**data, "working_group": world.other_group.slug})
    assert elsewhere.status_code == 400 and "working_group" in elsewhere.context["form"].errors
    assert not m.Initiative.objects.filter(working_group=world.other_group).exists()


def test_new_initiative_is_refused_to_those_who_coordinate_nothing(world):
    assert world.client(world.member).get(reverse("proposals:initiative-new")).status_code == 403


def test_no_initiative_takes_the_new_address(world):
    from proposals import services

    initiative = services.create_initiative(
        actor=world.coordinator, working_group=world.group, title="New", summary="s", pillar=m.Pillar.values[0]
    )
    assert initiative.slug != "new"


def test_milestone_owner_suggestions_are_the_initiatives_readers_its_own_people_first(world):
    client = world.client(world.coordinator)
    url = reverse("proposals:people-search")
    restricted = client.get(url, {"field": "owner", "owner": "", "initiative": world.restricted.slug}).content.decode()
    internal = client.get(url, {"field": "owner", "owner": "", "initiative": world.initiative.slug}).content.decode()

    assert 'value="reader.lee"' not in restricted  # a stakeholder cannot read the restricted initiative
    assert 'value="owner.choi"' in restricted and 'value="member.park"' in restricted
    close = {"coord.kim", "coord.sato", "member.park", "member.tanaka", "owner.choi"}  # group and owners, active
    assert set(re.findall(r'value="([^"]+)"', internal)[: len(close)]) == close
    assert client.get(url, {"initiative": "no-such-thing"}).status_code == 404


def test_a_milestone_cannot_be_given_to_someone_who_may_not_read_it(world):
    response = world.client(world.coordinator).post(
        reverse("proposals:milestone-create", args=[world.restricted.slug]),
        {"title": "Draft", "owner": world.stakeholder.username, "weight": 1, "due_date": "2027-01-10"},
    )
    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert not m.Milestone.objects.filter(initiative=world.restricted).exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ko", "2026년 11월 30일 오전 8:00"), ("ja", "2026年11月30日 8:00"), ("en", "Nov. 30, 2026, 8 a.m.")],
)
def test_dates_and_times_are_written_as_each_language_writes_them(language, expected):
    moment = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Seoul"))
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Seoul")):
        assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == expected


def test_mentions_link_to_the_people_told_and_the_author_hears_of_the_others(world):
    client = world.client(world.coordinator)
    response = client.post(
        reverse("proposals:comment-create", args=[world.restricted.slug]),
        {"body": "@member.park please check; @reader.lee and @nobody.here too. `@member.park` in code."},
        follow=True,
    )
    page = response.content.decode()
    person = reverse("proposals:person", args=["member.park"])

    assert page.count(f'<a class="mention" href="{person}">@member.park</a>') == 1  # not inside the code span
    assert "<code>@member.park</code>" in page
    assert "@reader.lee and @nobody.here" in page  # plain text: neither may read it, or exists
    assert "@reader.lee, @nobody.here were not notified" in page


def test_a_persons_page_shows_who_they_are_and_only_readable_activity(world):
    factories.MembershipFactory(user=world.owner, working_group=world.other_group, role="member")
    for initiative in (world.initiative, world.restricted):
        factories.ActivityFactory(
            initiative=initiative, working_group=world.group, actor=world.owner, verb=m.Activity.Verb.COMMENT_ADDED
        )
    page = world.client(world.stakeholder).get(reverse("proposals:person", args=["owner.choi"]))
    body = page.content.decode()

    assert page.status_code == 200
    assert world.owner.name in body and escape(world.other_group.name) in body
    assert world.initiative.title in body and world.restricted.title not in body
    assert world.client(world.stakeholder).get(reverse("proposals:person", args=["gone.member"])).status_code == 404

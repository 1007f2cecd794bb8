"""Controls and lists that stay the same size however large the programme grows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from proposals import models as m
from proposals.views.pages import PAGE_SIZE
from tests import factories

S = m.MilestoneStatus


def test_the_owner_filter_lists_nobody_up_front(world):
    client = world.client(world.member)
    few = client.get(reverse("proposals:initiative-list")).content
    factories.UserFactory.create_batch(200, display_name="Registered Person")

    many = client.get(reverse("proposals:initiative-list")).content

    assert b"Registered Person" not in many
    assert len(many) == len(few)
    assert b'list="id_owner-suggestions"' in many


def test_people_search_suggests_a_few_matches_prefix_first(world):
    factories.UserFactory(username="kim.minji", display_name="Kim Minji")
    factories.UserFactory(username="park.kim", display_name="Park Kim")
    factories.UserFactory(username="kim.gone", display_name="Kim Gone", is_active=False)
    factories.UserFactory.create_batch(12, display_name="Kimura Taro")

    response = world.client(world.member).get(reverse("proposals:people-search"), {"field": "owner", "owner": "kim"})

    options = response.content.decode().count("<option")
    assert response.status_code == 200
    assert options == 8
    body = response.content.decode()
    assert body.index('value="kim.minji"') < body.index("Kimura Taro")
    assert "kim.gone" not in body


def test_people_search_needs_a_signed_in_user(client, world):
    response = client.get(reverse("proposals:people-search"), {"q": "kim"})
    assert response.status_code == 302


def test_the_owner_filter_takes_a_typed_user_name(world):
    client = world.client(world.member)
    owned = client.get(reverse("proposals:initiative-list"), {"owner": world.owner.username})
    unknown = client.get(reverse("proposals:initiative-list"), {"owner": "nobody.here"})

    assert [row.pk for row in owned.context["rows"]] == [world.initiative.pk, world.restricted.pk]
    assert unknown.status_code == 400
    assert unknown.context["filter"].errors["owner"]


@pytest.fixture
def queue(world):
    other = factories.WorkingGroupFactory(name="Science & Technology", slug="science-technology")
    factories.MembershipFactory(user=world.coordinator, working_group=other, role=Membership.Role.COORDINATOR)
    elsewhere = factories.InitiativeFactory(working_group=other, title="Quantum MOU")
    now = timezone.now()
    for i in range(PAGE_SIZE + 5):
        factories.MilestoneFactory(
            initiative=world.initiative,
            status=S.SUBMITTED,
            submitted_by=world.member,
            submitted_at=now - datetime.timedelta(hours=i),
            title=f"Recent {i}",
        )
    old = factories.MilestoneFactory(
        initiative=elsewhere,
        status=S.SUBMITTED,
        submitted_by=world.member,
        submitted_at=now - datetime.timedelta(days=10),
        title="Waiting long",
    )
    return other, old


def test_the_review_queue_comes_a_page_at_a_time(world, queue):
    client = world.client(world.coordinator)
    first = client.get(reverse("proposals:review-queue"))
    second = client.get(reverse("proposals:review-queue"), {"page": 2})

    assert first.context["page"].paginator.count == PAGE_SIZE + 6
    assert len(first.context["milestones"]) == PAGE_SIZE
    assert first.context["milestones"][0].title == "Waiting long"  # the oldest submission first
    assert len(second.context["milestones"]) == 6


def test_the_review_queue_filters_by_group_and_waiting_time(world, queue):
    other, old = queue
    client = world.client(world.coordinator)

    by_group = client.get(reverse("proposals:review-queue"), {"group": other.slug})
    waiting = client.get(reverse("proposals:review-queue"), {"waiting": "7"})
    wrong = client.get(reverse("proposals:review-queue"), {"waiting": "3"})

    assert [m.pk for m in by_group.context["milestones"]] == [old.pk]
    assert [m.pk for m in waiting.context["milestones"]] == [old.pk]
    assert wrong.status_code == 400
    assert wrong.context["filters"].errors["waiting"]


def test_a_group_a_coordinator_does_not_coordinate_is_not_offered(world, queue):
    response = world.client(world.coordinator).get(reverse("proposals:review-queue"), {"group": world.other_group.slug})
    assert response.status_code == 400


def test_the_initiative_page_shows_the_newest_comments_and_loads_earlier_ones(world):
    for i in range(PAGE_SIZE + 3):
        factories.CommentFactory(
            initiative=world.initiative,
            author=world.member,
            body=f"Remark number {i}",
            body_html=f"<p>Remark number {i}</p>",
        )
    client = world.client(world.member)

    page = client.get(world.initiative.get_absolute_url()).content.decode()
    earlier_url = reverse("proposals:initiative-comments", args=[world.initiative.slug])
    cursor = client.get(world.initiative.get_absolute_url()).context["earlier_comments"]
    earlier = client.get(earlier_url, {"before": cursor}).content.decode()

    assert "Remark number 22" in page and "Remark number 3<" in page
    assert "Remark number 2<" not in page
    assert "Show earlier comments" in page
    assert "Remark number 0<" in earlier and "Remark number 2<" in earlier
    assert "Remark number 3<" not in earlier
    assert "Show earlier comments" not in earlier


def test_the_initiative_page_shows_recent_activity_and_loads_older(world):
    for _i in range(25):
        factories.ActivityFactory(
            initiative=world.initiative,
            actor=world.member,
            verb=m.Activity.Verb.INITIATIVE_EDITED,
            details={"changes": {}},
        )
    client = world.client(world.member)

    response = client.get(world.initiative.get_absolute_url())
    older = client.get(
        reverse("proposals:initiative-activity", args=[world.initiative.slug]),
        {"before": response.context["older_activity"]},
    )

    assert len(response.context["activity"]) == 20
    assert len(older.context["activity"]) == 5
    assert older.context["older_activity"] is None


def test_earlier_comments_of_a_restricted_initiative_are_not_found_by_a_stakeholder(world):
    factories.CommentFactory(initiative=world.restricted, author=world.member)
    client = world.client(world.stakeholder)
    for name in ("proposals:initiative-comments", "proposals:initiative-activity"):
        assert client.get(reverse(name, args=[world.restricted.slug])).status_code == 404

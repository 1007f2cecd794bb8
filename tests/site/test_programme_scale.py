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
    for name in ("proposals:initiative-comments", "proposals:initiative-activity", "proposals:initiative-milestones"):
        assert client.get(reverse(name, args=[world.restricted.slug])).status_code == 404


@pytest.fixture
def long_plan(world):
    """An initiative with 30 approved milestones behind it and 25 open ones ahead."""
    today = timezone.localdate()
    done = [
        factories.MilestoneFactory(
            initiative=world.initiative,
            title=f"Done step {i:02d}",
            status=S.APPROVED,
            due_date=today - datetime.timedelta(days=60 - i),
        )
        for i in range(30)
    ]
    ahead = [
        factories.MilestoneFactory(
            initiative=world.initiative,
            title=f"Next step {i:02d}",
            status=S.PLANNED,
            due_date=today + datetime.timedelta(days=i + 1),
        )
        for i in range(25)
    ]
    return done, ahead


def test_the_initiative_page_shows_a_screen_of_open_milestones_and_the_rest_on_demand(world, long_plan):
    done, ahead = long_plan
    total = m.Milestone.objects.filter(initiative=world.initiative).count()
    client = world.client(world.coordinator)

    page = client.get(world.initiative.get_absolute_url()).content.decode()
    everything = client.get(reverse("proposals:initiative-milestones", args=[world.initiative.slug]))
    without_script = client.get(world.initiative.get_absolute_url(), {"milestones": "all"}).content.decode()

    shown = [title for title in (m.title for m in [*done, *ahead]) if f"<h3>{title}</h3>" in page]
    assert shown == [m.title for m in ahead[:20]]  # the open ones, soonest first, a screen of them
    assert f"Show all {total} milestones" in page
    assert f"({total - 20} approved, cancelled or later milestones not shown)" in page
    assert everything.status_code == 200
    body = everything.content.decode()
    assert all(f"<h3>{x.title}</h3>" in body for x in [*done, *ahead])
    assert "Show all" not in body and 'id="milestone-timeline"' in body
    assert all(f"<h3>{x.title}</h3>" in without_script for x in [*done, *ahead])


def test_a_short_plan_is_shown_whole(world):
    factories.MilestoneFactory(initiative=world.initiative, title="Only approved step", status=S.APPROVED)
    page = world.client(world.member).get(world.initiative.get_absolute_url()).content.decode()
    assert "<h3>Only approved step</h3>" in page
    assert "Show all" not in page


def test_the_initiative_forms_offer_every_milestone_without_listing_them_again(
    world, long_plan, django_assert_max_num_queries
):
    client = world.client(world.coordinator)
    page = client.get(world.initiative.get_absolute_url()).content.decode()
    # The evidence and comment forms offer every milestone, the progress form the open ones, from the rows
    # the page loaded once; the number of queries does not depend on how many milestones there are.
    assert page.count(">Done step 00</option>") == 2
    assert page.count(">Next step 24</option>") == 3
    with django_assert_max_num_queries(25) as captured:
        client.get(world.initiative.get_absolute_url())
    rows = 'SELECT "proposals_milestone"."id", "proposals_milestone"."created_at"'
    assert sum(q["sql"].startswith(rows) for q in captured.captured_queries) == 1


def test_a_posted_milestone_of_another_initiative_is_refused(world, long_plan):
    stranger = factories.MilestoneFactory(initiative=world.restricted, title="Elsewhere")
    response = world.client(world.coordinator).post(
        reverse("proposals:evidence-create", args=[world.initiative.slug]),
        {"url": "https://example.org/report", "title": "Report", "kind": "official", "milestone": stranger.pk},
    )
    assert response.status_code == 400
    assert "milestone" in response.context["form"].errors
    assert not m.EvidenceLink.objects.filter(url="https://example.org/report").exists()


def test_the_review_queue_is_counted_once(world, django_assert_max_num_queries):
    for i in range(3):
        factories.MilestoneFactory(
            initiative=world.initiative,
            title=f"Waiting {i}",
            status=S.SUBMITTED,
            submitted_by=world.member,
            submitted_at=timezone.now(),
        )
    client = world.client(world.coordinator)
    response = client.get(reverse("proposals:review-queue"))
    with django_assert_max_num_queries(20) as captured:
        client.get(reverse("proposals:review-queue"))
    counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1
    assert '<span class="count"' in response.content.decode() and ">3</span>" in response.content.decode()

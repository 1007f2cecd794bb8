"""Query budgets: every page renders in a fixed number of queries, whatever the number of rows it shows.

Each test renders a page with a few rows of everything it shows, adds many more, and checks the second
render runs no more queries than the first.
"""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from proposals.models import Activity, Follow, Milestone
from proposals.views.pages import PAGE_SIZE
from tests import factories

S = Milestone.Status
FEW, MANY = 3, 40
_serial = itertools.count()


def measure(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def assert_budget_holds(client, url, add_rows, django_assert_max_num_queries, report):
    """Render with FEW rows, add up to MANY, render again: no more queries than the first time."""
    add_rows(FEW)
    few = measure(client, url)
    add_rows(MANY - FEW)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200
    report(url, few)
    return response


@pytest.fixture
def report(request):
    def record(url, count):
        print(f"\nquery budget {request.node.name}: {url} -> {count} queries")

    return record


def person():
    return factories.UserFactory(username=f"person{next(_serial)}")


def milestone(initiative, **kwargs):
    kwargs.setdefault("due_date", timezone.localdate() + datetime.timedelta(days=5 + next(_serial) % 20))
    return factories.MilestoneFactory(initiative=initiative, **kwargs)


# --- the initiative list ----------------------------------------------------------------------------------


def add_initiatives(world):
    def add(count):
        for _ in range(count):
            initiative = factories.InitiativeFactory(working_group=world.group)
            factories.InitiativeOwnerFactory(initiative=initiative, user=person(), side="KR")
            factories.InitiativeOwnerFactory(initiative=initiative, user=person(), side="JP")
            milestone(initiative, status=S.APPROVED)
            milestone(
                initiative, status=S.PLANNED, owner=person(), due_date=timezone.localdate() - datetime.timedelta(days=3)
            )
            factories.ActivityFactory(initiative=initiative, actor=person())

    return add


@pytest.mark.parametrize(
    "query", ["", "?ordering=-health", "?status=active&pillar=economy&page=2", "?owner=owner.choi&q=Initiative"]
)
def test_initiative_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report, query):
    url = reverse("proposals:initiative-list") + query
    assert_budget_holds(world.client(world.member), url, add_initiatives(world), django_assert_max_num_queries, report)


def test_initiative_list_with_an_invalid_filter_query_count_does_not_grow_with_rows(
    world, django_assert_max_num_queries
):
    add = add_initiatives(world)
    client = world.client(world.member)
    url = reverse("proposals:initiative-list") + "?status=nonsense"
    add(FEW)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 400
    add(MANY - FEW)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 400


# --- the initiative page ----------------------------------------------------------------------------------


def add_to_initiative(world):
    initiative = world.initiative
    today = timezone.localdate()
    indicator = factories.IndicatorFactory(initiative=initiative, name="Swap line")

    def add(count):
        for _ in range(count):
            author = person()
            factories.InitiativeOwnerFactory(initiative=initiative, user=author, side="JP")
            step = milestone(
                initiative,
                owner=author,
                status=S.SUBMITTED,
                submitted_by=person(),
                submitted_at=timezone.now(),
                decided_by=person(),
            )
            milestone(initiative, status=S.IN_PROGRESS, due_date=today - datetime.timedelta(days=2))
            evidence = factories.EvidenceLinkFactory(initiative=initiative, milestone=step, added_by=person())
            factories.ProgressUpdateFactory(
                initiative=initiative, milestone=step, evidence=evidence, author=author, percent=50
            )
            factories.IndicatorReadingFactory(indicator=indicator, evidence=evidence, recorded_by=author)
            other = factories.IndicatorFactory(initiative=initiative)
            factories.IndicatorReadingFactory(indicator=other, evidence=evidence)
            comment = factories.CommentFactory(initiative=initiative, milestone=step, author=author)
            factories.CommentRevisionFactory(comment=comment)
            factories.CommentFactory(
                initiative=initiative, author=person(), is_hidden=True, hidden_by=world.coordinator
            )
            factories.SourceReferenceFactory(initiative=initiative)
            factories.ActivityFactory(
                initiative=initiative,
                milestone=step,
                actor=author,
                working_group=world.group,
                details={"old": "planned", "new": "in_progress", "note": "n"},
            )

    return add


@pytest.mark.parametrize("role", ["coordinator", "member", "stakeholder"])
def test_initiative_page_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report, role):
    assert_budget_holds(
        world.client(world.user(role)),
        world.initiative.get_absolute_url(),
        add_to_initiative(world),
        django_assert_max_num_queries,
        report,
    )


def test_initiative_page_with_a_redisplayed_form_query_count_does_not_grow_with_rows(
    world, django_assert_max_num_queries
):
    add = add_to_initiative(world)
    client = world.client(world.member)
    url = reverse("proposals:evidence-create", args=[world.initiative.slug])
    data = {"url": "javascript:alert(1)", "title": "Bad", "kind": "news"}
    add(FEW)
    with CaptureQueriesContext(connection) as few:
        assert client.post(url, data).status_code == 400
    add(MANY - FEW)
    with django_assert_max_num_queries(len(few)):
        assert client.post(url, data).status_code == 400


# --- the dashboard ----------------------------------------------------------------------------------------


def add_work(world):
    user, today = world.coordinator, timezone.localdate()
    factories.FollowFactory(user=user, initiative=world.initiative)
    Follow.objects.create(user=user, working_group=world.other_group)

    def add(count):
        for _ in range(count):
            initiative = factories.InitiativeFactory(working_group=world.group)
            factories.FollowFactory(user=user, initiative=initiative)
            milestone(initiative, owner=user, due_date=today - datetime.timedelta(days=1 + next(_serial) % 30))
            milestone(initiative, owner=user, due_date=today + datetime.timedelta(days=next(_serial) % 14))
            milestone(initiative, status=S.SUBMITTED, submitted_by=user, submitted_at=timezone.now(), owner=person())
            milestone(initiative, status=S.CHANGES_REQUESTED, owner=user)
            milestone(initiative, status=S.SUBMITTED, submitted_by=person(), submitted_at=timezone.now())
            factories.ActivityFactory(initiative=initiative, actor=person(), details={"note": "x"})
            factories.ActivityFactory(
                initiative=world.initiative,
                milestone=milestone(world.initiative),
                actor=person(),
                details={"old_due_date": "2026-01-01", "new_due_date": "2026-02-01"},
            )
            factories.ActivityFactory(
                initiative=None, working_group=world.other_group, actor=person(), verb="follow.added"
            )

    return add


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_dashboard_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report, role):
    response = assert_budget_holds(
        world.client(world.user(role)),
        reverse("proposals:dashboard"),
        add_work(world),
        django_assert_max_num_queries,
        report,
    )
    if role == "coordinator":
        assert len(response.context["work"]["overdue"]) == MANY and len(response.context["queue"]) == 10


# --- the review queue -------------------------------------------------------------------------------------


def add_submissions(world):
    def add(count):
        for _ in range(count):
            initiative = factories.InitiativeFactory(working_group=world.group)
            step = milestone(
                initiative,
                status=S.SUBMITTED,
                submitted_by=person(),
                submitted_at=timezone.now(),
                owner=person(),
                description="Please review",
            )
            factories.EvidenceLinkFactory(initiative=initiative, milestone=step, added_by=person())
            factories.EvidenceLinkFactory(initiative=initiative, milestone=step, added_by=person())

    return add


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_review_queue_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report, role):
    response = assert_budget_holds(
        world.client(world.user(role)),
        reverse("proposals:review-queue"),
        add_submissions(world),
        django_assert_max_num_queries,
        report,
    )
    # A page of the queue is shown, and the count tells how many wait in all.
    assert len(response.context["milestones"]) == min(MANY, PAGE_SIZE)
    assert response.context["page"].paginator.count == MANY


# --- working groups and settings --------------------------------------------------------------------------


def test_group_page_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report):
    initiatives = add_initiatives(world)

    def add(count):
        initiatives(count)
        for _ in range(count):
            factories.MembershipFactory(user=person(), working_group=world.group, role=Membership.Role.MEMBER)

    assert_budget_holds(
        world.client(world.member),
        reverse("proposals:group-detail", args=[world.group.slug]),
        add,
        django_assert_max_num_queries,
        report,
    )


def test_group_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report):
    def add(count):
        for _ in range(count):
            group = factories.WorkingGroupFactory()
            factories.MembershipFactory(user=world.member, working_group=group)
            Follow.objects.create(user=world.member, working_group=group)

    assert_budget_holds(
        world.client(world.member), reverse("proposals:group-list"), add, django_assert_max_num_queries, report
    )


def test_settings_page_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report):
    def add(count):
        for _ in range(count):
            initiative = factories.InitiativeFactory(working_group=world.group)
            factories.FollowFactory(user=world.member, initiative=initiative)
            Follow.objects.create(user=world.member, working_group=factories.WorkingGroupFactory())

    assert_budget_holds(
        world.client(world.member), reverse("accounts:settings"), add, django_assert_max_num_queries, report
    )


def test_owners_page_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report):
    def add(count):
        for _ in range(count):
            factories.InitiativeOwnerFactory(initiative=world.initiative, user=person(), side="JP")

    assert_budget_holds(
        world.client(world.coordinator),
        reverse("proposals:initiative-owners", args=[world.initiative.slug]),
        add,
        django_assert_max_num_queries,
        report,
    )


def test_comment_edit_page_query_count_does_not_grow_with_revisions(world, django_assert_max_num_queries, report):
    comment = factories.CommentFactory(initiative=world.initiative, author=world.member)

    def add(count):
        for _ in range(count):
            factories.CommentRevisionFactory(comment=comment, edited_by=world.member)

    assert_budget_holds(
        world.client(world.member),
        reverse("proposals:comment-edit", args=[comment.pk]),
        add,
        django_assert_max_num_queries,
        report,
    )


# --- the stakeholder's dashboard, a person's page, every milestone ---------------------------------------


def add_followed_news(world):
    factories.FollowFactory(user=world.stakeholder, initiative=world.initiative)
    today = timezone.localdate()

    def add(count):
        for _ in range(count):
            step = milestone(
                world.initiative, status=S.IN_PROGRESS, owner=person(), due_date=today + datetime.timedelta(3)
            )
            factories.ActivityFactory(
                initiative=world.initiative,
                milestone=step,
                actor=person(),
                working_group=world.group,
                verb=Activity.Verb.MILESTONE_APPROVED,
                details={"old": "submitted", "new": "approved"},
            )
            factories.DigestFactory(user=world.stakeholder)

    return add


def test_stakeholder_dashboard_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report):
    response = assert_budget_holds(
        world.client(world.stakeholder),
        reverse("proposals:dashboard"),
        add_followed_news(world),
        django_assert_max_num_queries,
        report,
    )
    assert len(response.context["decisions"]) == 10 and len(response.context["due_soon"]) == 10


def test_person_page_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report):
    def add(count):
        for _ in range(count):
            factories.MembershipFactory(user=world.member, working_group=factories.WorkingGroupFactory())
            factories.ActivityFactory(initiative=world.initiative, working_group=world.group, actor=world.member)

    response = assert_budget_holds(
        world.client(world.stakeholder),
        reverse("proposals:person", args=[world.member.username]),
        add,
        django_assert_max_num_queries,
        report,
    )
    assert len(response.context["activity"]) == 20


def test_every_milestone_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries, report):
    def add(count):
        for _ in range(count):
            milestone(world.initiative, status=S.SUBMITTED, owner=person(), submitted_by=person())

    assert_budget_holds(
        world.client(world.coordinator),
        reverse("proposals:initiative-milestones", args=[world.initiative.slug]),
        add,
        django_assert_max_num_queries,
        report,
    )

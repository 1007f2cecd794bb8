"""Twenty people act on one initiative at the same moment, through its pages and the API: never a 5xx, and what
is stored agrees with the activity log.

Each client is a Django test client in its own thread, with its own database connection. The test holds the
initiative's row lock while the twenty requests start; every one of them writes something that touches the
initiative (a milestone decision, an edit, a comment, a follow), so all twenty are queued on a lock when it is
released and then race for real: approvals of the same submitted milestone, edits from the same version,
comments, and a reader following (and another unfollowing) through the page and the API at once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client

from accounts import tokens
from accounts.models import Membership
from proposals import services
from proposals.models import Activity, Comment, Follow, Initiative, Milestone
from tests import factories
from tests.conftest import World

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CLIENTS = 20
WAIT_SECONDS = 20

Verb = Activity.Verb


@dataclass
class Call:
    """One client's request: what it is, who sends it, and what may answer it."""

    kind: str
    who: str
    send: Callable[[], int]
    wins: frozenset[int]
    refusals: frozenset[int] = frozenset()


@dataclass
class Outcome:
    call: Call
    status: int

    @property
    def won(self) -> bool:
        return self.status in self.call.wins

    @property
    def expected(self) -> bool:
        return self.status in self.call.wins | self.call.refusals


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> Client:
    _token, key = tokens.issue(user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def _locked_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is otherwise read once per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def all_at_once(initiative: Initiative, calls: list[Call]) -> list[Outcome]:
    """Start every call while holding the initiative's lock; release it once all of them wait; collect answers."""
    outcomes: list[Outcome] = []
    failures: list[BaseException] = []

    def run(call: Call) -> None:
        try:
            outcomes.append(Outcome(call, call.send()))
        except BaseException as error:  # a view that raised: surfaced below with the call it came from
            failures.append(error)
            outcomes.append(Outcome(call, 599))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    queued = 0
    try:
        with transaction.atomic():
            Initiative.objects.select_for_update().get(pk=initiative.pk)
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + WAIT_SECONDS
            # A refusal that needs no lock (the submitter's own approval, found first) may finish meanwhile.
            while (queued := _locked_waiters()) + len(outcomes) < len(calls) and time.monotonic() < deadline:
                time.sleep(0.02)
    finally:
        for thread in threads:
            thread.join(timeout=WAIT_SECONDS * 2)
    assert queued + len(outcomes) >= len(calls), f"only {queued} of {len(calls)} requests queued up"
    assert not failures, failures
    assert len(outcomes) == len(calls), "a request did not finish"
    return outcomes


@pytest.fixture
def cast(world: World):
    """Two more coordinators, and a reader who already follows the initiative (and will unfollow it)."""
    extra = []
    for name in ("coord.lee", "coord.ito"):
        user = factories.UserFactory(username=name)
        factories.MembershipFactory(user=user, working_group=world.group, role=Membership.Role.COORDINATOR)
        extra.append(user)
    leaving = factories.UserFactory(username="reader.sato", language="ja")
    services.follow_initiative(initiative=world.initiative, actor=leaving)
    return extra[0], extra[1], leaving


def test_twenty_clients_at_once_never_get_a_server_error_and_the_log_matches_what_is_stored(
    world: World, submitted_milestone: Milestone, cast
):
    coord_lee, coord_ito, leaving = cast
    initiative, milestone = world.initiative, submitted_milestone
    slug, pk = initiative.slug, milestone.pk
    initiative_version, milestone_version = initiative.version, milestone.version
    first_new_activity = (Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    leaving_follow = Follow.objects.get(user=leaving, initiative=initiative)

    def approve_page(user) -> Call:
        client = page(user)
        form = {"version": milestone_version, "note": f"Approved by {user.username}."}
        return Call(
            "approve",
            user.username,
            lambda: client.post(f"/milestones/{pk}/approve/", form).status_code,
            frozenset({302}),
            frozenset({409, 412}),
        )

    def approve_api(user, *, if_match: bool, refusals: frozenset[int]) -> Call:
        client = api(user)
        headers = {"If-Match": f'"{milestone_version}"'} if if_match else {}
        url = f"/api/v1/milestones/{pk}/approve/"
        return Call(
            "approve",
            user.username,
            lambda: client.post(url, {"note": "Agreed."}, content_type="application/json", headers=headers).status_code,
            frozenset({200}),
            refusals,
        )

    def edit_page(user) -> Call:
        client = page(user)
        form = {
            "title": f"Currency swap expansion ({user.username})",
            "summary": initiative.summary or "A larger swap line.",
            "description": initiative.description,
            "pillar": initiative.pillar,
            "lead_side": initiative.lead_side,
            "start_date": initiative.start_date.isoformat() if initiative.start_date else "",
            "target_date": initiative.target_date.isoformat() if initiative.target_date else "",
            "version": initiative_version,
        }
        return Call(
            "edit",
            user.username,
            lambda: client.post(f"/initiatives/{slug}/edit/", form).status_code,
            frozenset({302}),
            frozenset({412}),
        )

    def edit_api(user, *, in_body: bool) -> Call:
        client = api(user)
        body: dict = {"title": f"Currency swap expansion ({user.username})"}
        headers = {}
        if in_body:
            body["version"] = initiative_version
        else:
            headers["If-Match"] = f'"{initiative_version}"'
        url = f"/api/v1/initiatives/{slug}/"
        return Call(
            "edit",
            user.username,
            lambda: client.patch(url, body, content_type="application/json", headers=headers).status_code,
            frozenset({200}),
            frozenset({412}),
        )

    def comment_page(user) -> Call:
        client = page(user)
        form = {"body": f"Noted by {user.username}."}
        return Call(
            "comment",
            user.username,
            lambda: client.post(f"/initiatives/{slug}/comments/new/", form).status_code,
            frozenset({302}),
        )

    def comment_api(user, *, on_milestone: bool = False) -> Call:
        client = api(user)
        body = {"initiative": slug, "body": f"Noted by {user.username}.", "milestone": pk if on_milestone else None}
        return Call(
            "comment",
            user.username,
            lambda: client.post("/api/v1/comments/", body, content_type="application/json").status_code,
            frozenset({201}),
        )

    def follow_page(user, *, follow: bool) -> Call:
        client = page(user)
        form = {"follow": "1" if follow else "0"}
        return Call(
            "follow" if follow else "unfollow",
            user.username,
            lambda: client.post(f"/initiatives/{slug}/follow/", form).status_code,
            frozenset({302}),
        )

    def follow_api(user) -> Call:
        client = api(user)
        body = {"initiative": slug}
        return Call(
            "follow",
            user.username,
            lambda: client.post("/api/v1/follows/", body, content_type="application/json").status_code,
            frozenset({200, 201}),
        )

    def unfollow_api(user, follow_id: int) -> Call:
        client = api(user)
        return Call(
            "unfollow",
            user.username,
            lambda: client.delete(f"/api/v1/follows/{follow_id}/").status_code,
            frozenset({204}),
            frozenset({404}),  # the page's unfollow went first
        )

    calls = [
        approve_page(world.coordinator),
        approve_page(coord_lee),
        approve_api(world.other_coordinator, if_match=True, refusals=frozenset({412})),
        approve_api(coord_ito, if_match=False, refusals=frozenset({409})),
        approve_api(world.submitter, if_match=False, refusals=frozenset({403})),  # four eyes, whoever wins
        edit_page(world.owner),
        edit_api(world.coordinator, in_body=False),
        edit_api(world.other_coordinator, in_body=True),
        edit_api(world.admin, in_body=False),
        comment_page(world.member),
        comment_page(world.submitter),
        comment_page(coord_lee),
        comment_api(world.other_group_member),
        comment_api(world.owner),
        comment_api(coord_ito, on_milestone=True),
        comment_api(world.admin),
        follow_page(world.stakeholder, follow=True),
        follow_api(world.stakeholder),
        follow_page(leaving, follow=False),
        unfollow_api(leaving, leaving_follow.pk),
    ]
    assert len(calls) == CLIENTS

    outcomes = all_at_once(initiative, calls)

    unexpected = [
        (o.call.kind, o.call.who, o.status) for o in outcomes if o.status not in o.call.wins | o.call.refusals
    ]
    assert not unexpected, unexpected
    won = Counter(o.call.kind for o in outcomes if o.won)

    new = Activity.objects.filter(pk__gte=first_new_activity)
    verbs = Counter(new.values_list("verb", flat=True))
    initiative.refresh_from_db()
    milestone.refresh_from_db()

    assert won["approve"] == 1
    assert verbs[Verb.MILESTONE_APPROVED] == 1
    assert (milestone.status, milestone.version) == (Milestone.Status.APPROVED, milestone_version + 1)
    winner = next(o.call.who for o in outcomes if o.call.kind == "approve" and o.won)
    assert milestone.decided_by.username == winner

    assert won["edit"] == 1
    assert verbs[Verb.INITIATIVE_EDITED] == won["edit"]
    assert initiative.version == initiative_version + won["edit"]
    editor = next(o.call.who for o in outcomes if o.call.kind == "edit" and o.won)
    assert initiative.title == f"Currency swap expansion ({editor})"

    assert won["comment"] == 7
    assert Comment.objects.filter(initiative=initiative).count() == verbs[Verb.COMMENT_ADDED] == 7

    assert Follow.objects.filter(user=world.stakeholder, initiative=initiative).count() == 1
    assert new.filter(verb=Verb.FOLLOW_ADDED, actor=world.stakeholder).count() == 1
    assert not Follow.objects.filter(user=leaving, initiative=initiative).exists()
    assert new.filter(verb=Verb.FOLLOW_REMOVED, actor=leaving).count() == 1

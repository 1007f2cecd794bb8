"""API v1: the activity log (cursor pages), working groups, the caller's digests, and PATCH me/."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import Membership, User
from proposals import models as m
from tests import factories
from tests.conftest import World

V = m.Activity.Verb


def api(user, *, read_only: bool = False) -> Client:
    _token, key = tokens.issue(user, name="script", read_only=read_only)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    client.get(reverse("api:me"))  # the token's first use is recorded once
    return client


def rows(client: Client, name: str, **params) -> list[dict]:
    response = client.get(reverse(f"api:{name}-list"), params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


# --- activity -----------------------------------------------------------------------------------------


def test_activity_shows_only_what_the_caller_may_read(world: World):
    factories.ActivityFactory(initiative=world.initiative, actor=world.member, verb=V.INITIATIVE_EDITED)
    factories.ActivityFactory(initiative=world.restricted, actor=world.member, verb=V.INITIATIVE_EDITED)

    seen_by_stakeholder = {row["initiative"] for row in rows(api(world.stakeholder), "activity")}
    seen_by_member = {row["initiative"] for row in rows(api(world.member), "activity")}

    assert seen_by_stakeholder == {world.initiative.slug}
    assert seen_by_member == {world.initiative.slug, world.restricted.slug}


def test_activity_says_what_changed_in_the_callers_language(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative, title="Sign the annex")
    factories.ActivityFactory(
        initiative=world.initiative,
        milestone=milestone,
        actor=world.coordinator,
        verb=V.MILESTONE_APPROVED,
        details={"old": "submitted", "new": "approved", "note": "Both sides agree."},
    )

    english = rows(api(world.member), "activity")[0]
    korean = rows(api(world.stakeholder), "activity")[0]

    assert english["change"] == ["Submitted for review", "Approved"]
    assert korean["change"][1] != "Approved" and korean["change"][1]
    assert english["note"] == "Both sides agree."
    assert english["milestone"] == {"id": milestone.pk, "title": "Sign the annex"}
    assert english["actor"] == world.coordinator.username and english["verb"] == "milestone.approved"


def test_activity_filters(world: World):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        old = factories.ActivityFactory(initiative=world.initiative, actor=world.member, verb=V.INITIATIVE_EDITED)
    new = factories.ActivityFactory(initiative=world.initiative, actor=world.coordinator, verb=V.MILESTONE_APPROVED)
    client = api(world.member)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    assert [row["id"] for row in rows(client, "activity", since=since)] == [new.pk]
    assert [row["id"] for row in rows(client, "activity", actor=world.member.username)] == [old.pk]
    assert [row["id"] for row in rows(client, "activity", verb="milestone.approved")] == [new.pk]
    assert [row["id"] for row in rows(client, "activity", initiative=world.initiative.slug)] == [new.pk, old.pk]
    assert rows(client, "activity", working_group=world.other_group.slug) == []


@pytest.mark.parametrize(
    ("params", "field"), [({"verb": "exploded"}, "verb"), ({"since": "last week"}, "since"), ({"page": "2"}, "page")]
)
def test_bad_activity_filters_are_400(world: World, params, field):
    response = api(world.member).get(reverse("api:activity-list"), params)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_activity_cursor_pages_neither_repeat_nor_skip_when_rows_arrive(world: World):
    for _number in range(5):
        factories.ActivityFactory(initiative=world.initiative, actor=world.member)
    client = api(world.member)
    first = client.get(reverse("api:activity-list"), {"page_size": 2}).json()

    factories.ActivityFactory(initiative=world.initiative, actor=world.member)  # arrives between two pages
    seen = [row["id"] for row in first["results"]]
    following = first["next"]
    while following:
        page = client.get(following).json()
        seen += [row["id"] for row in page["results"]]
        following = page["next"]

    older_five = list(
        m.Activity.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)[1:6]
    )  # all but the newcomer
    assert seen == older_five


def _count(client: Client, name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(f"api:{name}-list"), {"page_size": 50}).status_code == 200
    return len(captured)


def test_activity_and_group_lists_cost_the_same_queries_for_few_and_many_rows(world: World):
    client = api(world.member)
    factories.ActivityFactory(initiative=world.initiative, actor=world.member)
    few = (_count(client, "activity"), _count(client, "working-group"))
    for number in range(8):
        group = factories.WorkingGroupFactory()
        factories.MembershipFactory(working_group=group, user=factories.UserFactory(username=f"extra{number}"))
        initiative = factories.InitiativeFactory(working_group=group)
        factories.ActivityFactory(
            initiative=initiative,
            actor=factories.UserFactory(),
            milestone=factories.MilestoneFactory(initiative=initiative),
        )

    assert (_count(client, "activity"), _count(client, "working-group")) == few


# --- working groups -----------------------------------------------------------------------------------


def test_working_groups_list_their_active_members_with_roles(world: World):
    group = api(world.stakeholder).get(reverse("api:working-group-detail", args=[world.group.slug]))

    assert group.status_code == 200
    members = {row["username"]: row["role"] for row in group.json()["members"]}
    assert members[world.coordinator.username] == Membership.Role.COORDINATOR
    assert members[world.member.username] == Membership.Role.MEMBER
    assert world.inactive.username not in members


# --- digests ------------------------------------------------------------------------------------------


def test_callers_see_only_their_own_digests(world: World):
    mine = factories.DigestFactory(
        user=world.member, subject="Your week", body_text="Plain week", body_html="<p>week</p>"
    )
    theirs = factories.DigestFactory(user=world.coordinator, subject="Their week")
    client = api(world.member)

    assert [row["subject"] for row in rows(client, "digest")] == ["Your week"]
    detail = client.get(reverse("api:digest-detail", args=[mine.pk]))
    assert detail.status_code == 200
    assert (detail.json()["text"], detail.json()["html"]) == ("Plain week", "<p>week</p>")
    assert client.get(reverse("api:digest-detail", args=[theirs.pk])).status_code == 404


# --- me -----------------------------------------------------------------------------------------------


def patch_me(client: Client, body, **headers):
    return client.patch(reverse("api:me"), body, content_type="application/json", headers=headers)


def test_a_user_changes_their_preferences_through_the_api(world: World):
    client = api(world.member)
    etag = client.get(reverse("api:me"))["ETag"]

    changed = patch_me(
        client, {"language": "ja", "time_zone": "Asia/Tokyo", "email_reminders": False}, **{"If-Match": etag}
    )

    assert changed.status_code == 200, changed.json()
    user = User.objects.get(pk=world.member.pk)
    assert (user.language, user.time_zone, user.email_reminders) == ("ja", "Asia/Tokyo", False)
    assert changed["ETag"] == f'"{user.version}"'


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"language": "fr"}, "language"),
        ({"username": "someone.else"}, "username"),
        ({"email_reminders": "perhaps"}, "email_reminders"),
    ],
)
def test_bad_preferences_are_400_and_change_nothing(world: World, body, field):
    before = User.objects.get(pk=world.member.pk)

    response = patch_me(api(world.member), body)

    assert response.status_code == 400
    assert field in response.json()["fields"]
    after = User.objects.get(pk=world.member.pk)
    assert (after.username, after.language, after.time_zone, after.version) == (
        before.username,
        before.language,
        before.time_zone,
        before.version,
    )


def test_a_stale_preferences_edit_is_412(world: World):
    response = patch_me(api(world.member), {"language": "ko"}, **{"If-Match": '"99"'})

    assert response.status_code == 412
    assert User.objects.get(pk=world.member.pk).language == world.member.language


def test_a_read_only_token_cannot_change_preferences(world: World):
    response = patch_me(api(world.member, read_only=True), {"language": "ko"})

    assert response.status_code == 403
    assert User.objects.get(pk=world.member.pk).language == world.member.language

"""API v1 comments and follows: writes through the services, the read rule, hidden comments, strict input, budgets."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import tokens
from proposals import models as m
from tests import factories
from tests.conftest import World

V = m.Activity.Verb


def api(user, *, read_only: bool = False) -> Client:
    _token, key = tokens.issue(user, name="script", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def comment_url(comment, step: str | None = None) -> str:
    return reverse(f"api:comment-{step or 'detail'}", args=[comment.pk])


def add(client: Client, body: dict):
    return client.post(reverse("api:comment-list"), body, content_type="application/json")


def patch(client: Client, comment, body: dict, **headers):
    return client.patch(comment_url(comment), body, content_type="application/json", headers=headers)


def post(client: Client, comment, step: str, body: dict | None = None, **headers):
    return client.post(comment_url(comment, step), body or {}, content_type="application/json", headers=headers)


def ids(client: Client, name: str, **params) -> list[int]:
    response = client.get(reverse(f"api:{name}-list"), params)
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def stored(comment) -> tuple[str, bool, int]:
    comment.refresh_from_db()
    return comment.body, comment.is_hidden, comment.version


def follow(client: Client, body: dict):
    return client.post(reverse("api:follow-list"), body, content_type="application/json")


# --- comments: writing --------------------------------------------------------------------------------


def test_a_comment_is_posted_with_its_markdown_and_sanitized_html_side_by_side(world: World):
    created = add(
        api(world.stakeholder),
        {"initiative": world.initiative.slug, "body": "**Agreed**, @member.park. <script>alert(1)</script>"},
    )

    assert created.status_code == 201, created.json()
    data = created.json()
    comment = m.Comment.objects.get(pk=data["id"])
    assert comment.author == world.stakeholder and comment.initiative == world.initiative
    assert data["body"] == "**Agreed**, @member.park. <script>alert(1)</script>" == comment.body
    assert "<strong>Agreed</strong>" in data["body_html"] and "<script" not in data["body_html"]
    assert data["body_html"] == comment.body_html
    assert data["author"] == world.stakeholder.username and data["initiative"] == world.initiative.slug
    assert data["mentions"] == [world.member.username]
    assert (data["milestone"], data["is_hidden"], data["version"]) == (None, False, 1)
    assert created["ETag"] == '"1"'
    assert m.Follow.objects.filter(user=world.stakeholder, initiative=world.initiative).exists()
    assert m.Activity.objects.filter(initiative=world.initiative, verb=V.COMMENT_ADDED).count() == 1


def test_a_comment_on_a_milestone_names_it_and_one_of_another_initiative_is_400(world: World):
    milestone = factories.MilestoneFactory(initiative=world.initiative)
    elsewhere = factories.MilestoneFactory(initiative=world.restricted)
    client = api(world.member)

    on_milestone = add(client, {"initiative": world.initiative.slug, "milestone": milestone.pk, "body": "Done?"})
    wrong = add(client, {"initiative": world.initiative.slug, "milestone": elsewhere.pk, "body": "Done?"})

    assert on_milestone.status_code == 201 and on_milestone.json()["milestone"] == milestone.pk
    assert m.Comment.objects.get().milestone == milestone
    assert wrong.status_code == 400 and list(wrong.json()["fields"]) == ["milestone"]
    assert m.Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"initiative": "currency-swap", "body": "   "}, {"body"}),
        ({"initiative": "currency-swap", "body": "x" * (m.COMMENT_MAX_LENGTH + 1)}, {"body"}),
        ({"initiative": "currency-swap"}, {"body"}),
        ({"body": "No initiative"}, {"initiative"}),
        ({"initiative": "currency-swap", "body": "Hi", "milestone": "first"}, {"milestone"}),
        ({"initiative": "currency-swap", "body": "Hi", "milestone": 10**12}, {"milestone"}),
        ({"initiative": "currency-swap", "body": "Hi", "author": "coord.kim"}, {"author"}),
        ({"initiative": "currency-swap", "body": 5, "is_hidden": True, "colour": "red"}, {"is_hidden", "colour"}),
        (["currency-swap", "Hi"], {"__all__"}),
    ],
)
def test_posting_bad_input_is_400_naming_the_fields_and_posts_nothing(world: World, body, fields):
    response = add(api(world.member), body)

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert fields <= set(response.json()["fields"])
    assert not m.Comment.objects.exists()
    assert not m.Follow.objects.filter(user=world.member).exists()


def test_the_author_edits_with_if_match_and_a_stale_version_is_412(world: World):
    comment = factories.CommentFactory(initiative=world.initiative, author=world.member, body="First draft.")
    client = api(world.member)
    read = client.get(comment_url(comment))
    assert read.status_code == 200 and read["ETag"] == '"1"'

    edited = patch(client, comment, {"body": "Second *draft*."}, **{"If-Match": read["ETag"]})

    assert edited.status_code == 200, edited.json()
    assert edited.json()["body"] == "Second *draft*." and "<em>draft</em>" in edited.json()["body_html"]
    assert edited.json()["edited_at"] is not None and edited["ETag"] == '"2"'
    assert stored(comment) == ("Second *draft*.", False, 2)
    assert list(comment.revisions.values_list("body", flat=True)) == ["First draft."]

    stale_header = patch(client, comment, {"body": "Third."}, **{"If-Match": read["ETag"]})
    stale_body = patch(client, comment, {"body": "Third.", "version": 1})

    assert (stale_header.status_code, stale_body.status_code) == (412, 412)
    assert stale_header.json()["code"] == "stale_edit"
    assert stored(comment) == ("Second *draft*.", False, 2)
    assert comment.revisions.count() == 1


def test_only_the_author_edits_and_put_is_not_offered(world: World):
    comment = factories.CommentFactory(initiative=world.initiative, author=world.member, body="Mine.")

    refused = patch(api(world.coordinator), comment, {"body": "Not yours."})
    put = api(world.member).put(comment_url(comment), {"body": "Whole."}, content_type="application/json")

    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert put.status_code == 405
    assert stored(comment) == ("Mine.", False, 1)


@pytest.mark.parametrize(
    ("body", "headers", "field"),
    [
        ({"body": ""}, {}, "body"),
        ({}, {}, "body"),
        ({"body": "New.", "initiative": "whitelist"}, {}, "initiative"),
        ({"body": "New.", "version": "two"}, {}, "version"),
        ({"body": "New."}, {"If-Match": "latest"}, "If-Match"),
    ],
)
def test_a_bad_edit_is_400_and_changes_nothing(world: World, body, headers, field):
    comment = factories.CommentFactory(initiative=world.initiative, author=world.member, body="Mine.")

    response = patch(api(world.member), comment, body, **headers)

    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert stored(comment) == ("Mine.", False, 1)
    assert not comment.revisions.exists()


# --- comments: hiding ---------------------------------------------------------------------------------


def test_a_coordinator_hides_a_comment_and_readers_no_longer_see_it(world: World):
    comment = factories.CommentFactory(initiative=world.initiative, author=world.member, body="Off topic.")

    hidden = post(api(world.coordinator), comment, "hide", {"reason": "Off topic."})

    assert hidden.status_code == 200, hidden.json()
    assert hidden.json()["is_hidden"] is True and hidden.json()["hidden_at"] is not None
    assert hidden["ETag"] == '"2"'
    assert stored(comment) == ("Off topic.", True, 2)
    assert comment.hidden_by == world.coordinator
    assert m.Activity.objects.get(verb=V.COMMENT_HIDDEN).details["reason"] == "Off topic."
    for reader in (world.stakeholder, world.submitter, world.owner):
        client = api(reader)
        assert ids(client, "comment") == []
        assert client.get(comment_url(comment)).status_code == 404


def test_a_hidden_comment_is_shown_flagged_to_moderators_and_its_author_only(world: World):
    comment = factories.CommentFactory(
        initiative=world.initiative, author=world.member, body="Secret text.", is_hidden=True
    )
    factories.CommentFactory(initiative=world.initiative, author=world.submitter, body="Visible text.")

    for who in (world.member, world.coordinator, world.other_coordinator, world.admin):
        client = api(who)
        detail = client.get(comment_url(comment))
        assert detail.status_code == 200 and detail.json()["is_hidden"] is True, who
        assert comment.pk in ids(client, "comment"), who
    for who in (world.stakeholder, world.submitter, world.owner, world.other_group_member):
        client = api(who)
        listed = client.get(reverse("api:comment-list"), {"author": world.member.username})
        everything = client.get(reverse("api:comment-list")).content.decode()
        assert listed.json()["results"] == [], who
        assert "Secret text" not in everything and "Visible text" in everything, who
        assert client.get(comment_url(comment)).status_code == 404, who


def test_those_who_may_not_see_a_hidden_comment_cannot_touch_it_either(world: World):
    comment = factories.CommentFactory(initiative=world.initiative, author=world.member, body="Gone.", is_hidden=True)
    client = api(world.submitter)

    responses = [
        patch(client, comment, {"body": "Found it."}),
        post(client, comment, "unhide"),
        post(client, comment, "hide"),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert all("Gone." not in response.content.decode() for response in responses)
    assert stored(comment) == ("Gone.", True, 1)


def test_readers_and_authors_may_not_moderate(world: World):
    shown = factories.CommentFactory(initiative=world.initiative, author=world.submitter)
    hidden = factories.CommentFactory(initiative=world.initiative, author=world.member, is_hidden=True)

    by_member = post(api(world.member), shown, "hide", {"reason": "I disagree."})
    by_author = post(api(world.member), hidden, "unhide")
    by_other_group = post(api(world.other_group_member), shown, "hide")

    assert (by_member.status_code, by_author.status_code, by_other_group.status_code) == (403, 403, 403)
    assert stored(shown)[1:] == (False, 1) and stored(hidden)[1:] == (True, 1)
    assert not m.Activity.objects.exists()


def test_unhide_shows_the_comment_again_and_a_stale_if_match_is_412(world: World):
    comment = factories.CommentFactory(initiative=world.initiative, author=world.member, is_hidden=True, version=3)
    coordinator = api(world.coordinator)

    stale = post(coordinator, comment, "unhide", **{"If-Match": '"2"'})
    assert stale.status_code == 412 and stored(comment)[1:] == (True, 3)
    shown = post(coordinator, comment, "unhide", {"version": 3})

    assert shown.status_code == 200, shown.json()
    assert shown.json()["is_hidden"] is False and shown["ETag"] == '"4"'
    assert stored(comment)[1:] == (False, 4)
    assert comment.pk in ids(api(world.stakeholder), "comment")


@pytest.mark.parametrize(
    ("body", "field"), [({"reason": "x" * 501}, "reason"), ({"note": "Why"}, "note"), ({"version": 0}, "version")]
)
def test_a_bad_hide_is_400_and_hides_nothing(world: World, body, field):
    comment = factories.CommentFactory(initiative=world.initiative, author=world.member)

    response = post(api(world.coordinator), comment, "hide", body)

    assert response.status_code == 400 and field in response.json()["fields"]
    assert stored(comment)[1:] == (False, 1)


# --- comments: reading --------------------------------------------------------------------------------


def test_comments_on_what_the_caller_may_not_read_are_404_and_never_listed(world: World):
    secret = factories.CommentFactory(initiative=world.restricted, author=world.member, body="Restricted talk.")
    stakeholder = api(world.stakeholder)

    assert stakeholder.get(comment_url(secret)).status_code == 404
    assert "Restricted talk" not in stakeholder.get(reverse("api:comment-list")).content.decode()
    assert ids(stakeholder, "comment", initiative=world.restricted.slug) == []
    assert post(api(world.other_group_member), secret, "hide").status_code == 404
    refused = add(stakeholder, {"initiative": world.restricted.slug, "body": "Let me in."})
    assert refused.status_code == 404
    assert m.Comment.objects.count() == 1
    assert ids(api(world.owner), "comment") == [secret.pk]


def test_comments_filter_by_initiative_milestone_and_author(world: World):
    other = factories.InitiativeFactory(working_group=world.group)
    milestone = factories.MilestoneFactory(initiative=world.initiative)
    first = factories.CommentFactory(initiative=world.initiative, author=world.member)
    on_milestone = factories.CommentFactory(initiative=world.initiative, milestone=milestone, author=world.submitter)
    elsewhere = factories.CommentFactory(initiative=other, author=world.member)
    client = api(world.stakeholder)

    assert ids(client, "comment") == [first.pk, on_milestone.pk, elsewhere.pk]
    assert ids(client, "comment", initiative=world.initiative.slug) == [first.pk, on_milestone.pk]
    assert ids(client, "comment", milestone=milestone.pk) == [on_milestone.pk]
    assert ids(client, "comment", author=world.member.username) == [first.pk, elsewhere.pk]
    assert ids(client, "comment", initiative=other.slug, author=world.submitter.username) == []


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"colour": "red"}, ["colour"]),
        ({"milestone": "first"}, ["milestone"]),
        ({"milestone": "1.5"}, ["milestone"]),
        ({"milestone": str(10**20)}, ["milestone"]),
        ({"initiative": "currency-swap", "hidden": "1", "search": "x"}, ["hidden", "search"]),
    ],
)
def test_bad_comment_filters_are_400_naming_them(world: World, params, fields):
    response = api(world.member).get(reverse("api:comment-list"), params)

    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == fields


def test_an_unknown_or_huge_comment_id_is_404(world: World):
    client = api(world.member)

    assert client.get("/api/v1/comments/999999/").status_code == 404
    assert client.get(f"/api/v1/comments/{10**20}/").status_code == 404
    assert client.get("/api/v1/comments/abc/").status_code == 404


def test_a_read_only_token_reads_comments_but_writes_none(world: World):
    comment = factories.CommentFactory(initiative=world.initiative, author=world.coordinator, body="Mine.")
    client = api(world.coordinator, read_only=True)

    assert client.get(comment_url(comment)).status_code == 200
    refused = [
        add(client, {"initiative": world.initiative.slug, "body": "Hello."}),
        patch(client, comment, {"body": "Changed."}),
        post(client, comment, "hide"),
        post(client, comment, "unhide"),
    ]

    assert [response.status_code for response in refused] == [403, 403, 403, 403]
    assert "read-only" in refused[0].json()["message"]
    assert m.Comment.objects.count() == 1 and stored(comment) == ("Mine.", False, 1)


def _queries(client: Client, name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(f"api:{name}-list"), {"page_size": 100}).status_code == 200
    return len(captured)


def test_the_comment_list_costs_the_same_queries_for_few_and_many_rows(world: World):
    client = api(world.member)
    client.get(reverse("api:me"))  # the token's first use records it
    factories.CommentFactory(initiative=world.initiative, author=world.member)
    few = _queries(client, "comment")
    milestone = factories.MilestoneFactory(initiative=world.restricted)
    for initiative in factories.InitiativeFactory.create_batch(4, working_group=world.group):
        for comment in factories.CommentFactory.create_batch(5, initiative=initiative):
            comment.mentions.set([world.member, world.submitter])
    factories.CommentFactory.create_batch(3, initiative=world.restricted, milestone=milestone, is_hidden=True)

    assert _queries(client, "comment") == few


# --- follows ------------------------------------------------------------------------------------------


def test_following_an_initiative_is_201_then_200_and_listed(world: World):
    client = api(world.stakeholder)

    first = follow(client, {"initiative": world.initiative.slug})
    again = follow(client, {"initiative": world.initiative.slug})

    assert first.status_code == 201, first.json()
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    row = m.Follow.objects.get(user=world.stakeholder)
    assert (row.initiative, row.working_group, row.reason) == (world.initiative, None, m.Follow.Reason.MANUAL)
    assert first.json() | {"created_at": None} == {
        "id": row.pk,
        "initiative": world.initiative.slug,
        "working_group": None,
        "reason": "manual",
        "created_at": None,
    }
    assert m.Activity.objects.filter(verb=V.FOLLOW_ADDED, actor=world.stakeholder).count() == 1
    assert ids(client, "follow") == [row.pk]


def test_following_a_working_group(world: World):
    client = api(world.stakeholder)

    response = follow(client, {"working_group": world.other_group.slug, "initiative": None})

    assert response.status_code == 201, response.json()
    assert response.json()["working_group"] == world.other_group.slug and response.json()["initiative"] is None
    assert m.Follow.objects.get(user=world.stakeholder).working_group == world.other_group
    assert ids(client, "follow", working_group=world.other_group.slug) == [response.json()["id"]]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"__all__"}),
        ({"initiative": None, "working_group": None}, {"__all__"}),
        ({"initiative": "currency-swap", "working_group": "economic-security"}, {"__all__"}),
        ({"initiative": "currency-swap", "reason": "owner"}, {"reason"}),
        ({"initiative": "currency swap!"}, {"initiative"}),
        ({"working_group": 7, "user": "coord.kim"}, {"user"}),
        ('"currency-swap"', {"__all__"}),  # a JSON string, not an object
    ],
)
def test_a_bad_follow_is_400_and_follows_nothing(world: World, body, fields):
    response = follow(api(world.stakeholder), body)

    assert response.status_code == 400, response.json()
    assert fields <= set(response.json()["fields"])
    assert not m.Follow.objects.exists()


def test_following_what_the_caller_may_not_read_or_what_does_not_exist_is_404(world: World):
    client = api(world.stakeholder)

    responses = [
        follow(client, {"initiative": world.restricted.slug}),
        follow(client, {"initiative": "no-such-initiative"}),
        follow(client, {"working_group": "no-such-group"}),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert not m.Follow.objects.exists()
    assert follow(api(world.owner), {"initiative": world.restricted.slug}).status_code == 201


def test_callers_list_and_unfollow_only_their_own_follows(world: World):
    mine = factories.FollowFactory(user=world.member, initiative=world.initiative)
    my_group = factories.FollowFactory(user=world.member, initiative=None, working_group=world.other_group)
    theirs = factories.FollowFactory(user=world.submitter, initiative=world.initiative)
    client = api(world.member)

    assert sorted(ids(client, "follow")) == sorted([mine.pk, my_group.pk])
    assert client.get(reverse("api:follow-detail", args=[theirs.pk])).status_code == 404
    assert client.delete(reverse("api:follow-detail", args=[theirs.pk])).status_code == 404
    assert m.Follow.objects.filter(pk=theirs.pk).exists()

    assert client.delete(reverse("api:follow-detail", args=[mine.pk])).status_code == 204
    assert client.delete(reverse("api:follow-detail", args=[my_group.pk])).status_code == 204
    assert not m.Follow.objects.filter(user=world.member).exists()
    assert m.Activity.objects.filter(verb=V.FOLLOW_REMOVED, actor=world.member).count() == 2
    assert client.delete(reverse("api:follow-detail", args=[mine.pk])).status_code == 404


def test_a_follow_of_an_initiative_no_longer_readable_is_not_listed(world: World):
    kept = factories.FollowFactory(user=world.other_group_member, initiative=world.initiative)
    lost = factories.FollowFactory(user=world.other_group_member, initiative=world.restricted)
    client = api(world.other_group_member)

    listed = client.get(reverse("api:follow-list"))

    assert [row["id"] for row in listed.json()["results"]] == [kept.pk]
    assert world.restricted.slug not in listed.content.decode()
    assert client.get(reverse("api:follow-detail", args=[lost.pk])).status_code == 404


def test_a_read_only_token_lists_follows_but_changes_none(world: World):
    mine = factories.FollowFactory(user=world.member, initiative=world.initiative)
    client = api(world.member, read_only=True)

    assert ids(client, "follow") == [mine.pk]
    assert follow(client, {"working_group": world.group.slug}).status_code == 403
    assert client.delete(reverse("api:follow-detail", args=[mine.pk])).status_code == 403
    assert list(m.Follow.objects.values_list("pk", flat=True)) == [mine.pk]


@pytest.mark.parametrize(("params", "fields"), [({"user": "coord.kim"}, ["user"]), ({"page": "2", "x": "1"}, ["x"])])
def test_unknown_follow_filters_are_400_naming_them(world: World, params, fields):
    response = api(world.member).get(reverse("api:follow-list"), params)

    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == fields


def test_the_follow_list_costs_the_same_queries_for_few_and_many_rows(world: World):
    client = api(world.member)
    client.get(reverse("api:me"))  # the token's first use records it
    factories.FollowFactory(user=world.member, initiative=world.initiative)
    few = _queries(client, "follow")
    factories.FollowFactory(user=world.member, initiative=None, working_group=world.other_group)
    factories.FollowFactory(user=world.member, initiative=world.restricted)
    for initiative in factories.InitiativeFactory.create_batch(6, working_group=world.other_group):
        factories.FollowFactory(user=world.member, initiative=initiative)

    assert _queries(client, "follow") == few

"""API v1 initiatives: created, edited, re-stated, restricted and given owners through the services."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts import tokens
from proposals import models as m
from tests.conftest import World


def api(user) -> Client:
    _token, key = tokens.issue(user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def send(client: Client, method: str, url: str, body: dict, **headers):
    return getattr(client, method)(url, body, content_type="application/json", headers=headers)


def detail(initiative) -> str:
    return reverse("api:initiative-detail", args=[initiative.slug])


NEW = {
    "title": "Joint hydrogen corridor",
    "summary": "A shipping corridor for clean hydrogen.",
    "pillar": m.Pillar.ECONOMY,
}


def test_a_coordinator_creates_an_initiative_with_owners_on_both_sides(world: World):
    body = {
        **NEW,
        "working_group": world.group.slug,
        "owners": [
            {"username": world.member.username, "side": "KR"},
            {"username": world.submitter.username, "side": "JP"},
        ],
    }

    response = send(api(world.coordinator), "post", reverse("api:initiative-list"), body)

    assert response.status_code == 201, response.json()
    initiative = m.Initiative.objects.get(slug=response.json()["slug"])
    assert (initiative.title, initiative.working_group, initiative.created_by) == (
        "Joint hydrogen corridor",
        world.group,
        world.coordinator,
    )
    assert set(initiative.ownerships.values_list("user__username", "side")) == {
        (world.member.username, "KR"),
        (world.submitter.username, "JP"),
    }
    assert m.Activity.objects.filter(initiative=initiative, verb="initiative.created").count() == 1
    assert response["ETag"] == f'"{initiative.version}"'


@pytest.mark.parametrize(
    ("role", "extra", "status", "field"),
    [
        ("member", {}, 403, None),
        ("coordinator", {"working_group": "no-such-group"}, 400, "working_group"),
        ("coordinator", {"pillar": "astrology"}, 400, "pillar"),
        ("coordinator", {"colour": "blue"}, 400, "colour"),
        ("coordinator", {"owners": [{"username": "nobody.here", "side": "KR"}]}, 400, "owners"),
        ("coordinator", {"target_date": "soon"}, 400, "target_date"),
    ],
)
def test_refused_or_bad_creations_change_nothing(world: World, role, extra, status, field):
    body = {**NEW, "working_group": world.group.slug, **extra}

    response = send(api(world.user(role)), "post", reverse("api:initiative-list"), body)

    assert response.status_code == status
    if field:
        assert field in response.json()["fields"]
    assert not m.Initiative.objects.filter(title=NEW["title"]).exists()


def test_an_owner_edits_with_if_match_and_a_stale_edit_is_412(world: World):
    client = api(world.owner)
    etag = client.get(detail(world.initiative))["ETag"]

    edited = send(
        client,
        "patch",
        detail(world.initiative),
        {"summary": "A larger line, usable in a crisis."},
        **{"If-Match": etag},
    )
    stale = send(client, "patch", detail(world.initiative), {"summary": "Overwritten?"}, **{"If-Match": etag})

    assert edited.status_code == 200, edited.json()
    assert stale.status_code == 412
    world.initiative.refresh_from_db()
    assert world.initiative.summary == "A larger line, usable in a crisis."
    assert edited["ETag"] == f'"{world.initiative.version}"'


def test_fields_the_edit_does_not_take_are_400(world: World):
    response = send(api(world.owner), "patch", detail(world.initiative), {"progress": 100})

    assert response.status_code == 400
    assert "progress" in response.json()["fields"]
    world.initiative.refresh_from_db()
    assert world.initiative.version == 1


def test_a_put_is_405(world: World):
    assert send(api(world.owner), "put", detail(world.initiative), NEW).status_code == 405


def test_status_changes_with_a_note_and_a_bad_status_is_400(world: World):
    client = api(world.coordinator)
    url = reverse("api:initiative-status", args=[world.initiative.slug])

    assert send(client, "post", url, {"status": "someday"}).status_code == 400
    changed = send(client, "post", url, {"status": "on_hold", "note": "Waiting for the budget."})

    assert changed.status_code == 200, changed.json()
    world.initiative.refresh_from_db()
    assert world.initiative.status == "on_hold"
    row = m.Activity.objects.get(initiative=world.initiative, verb="initiative.status_changed")
    assert row.details["note"] == "Waiting for the budget."


def test_restricting_hides_the_initiative_from_a_stakeholder(world: World):
    stakeholder = api(world.stakeholder)
    assert stakeholder.get(detail(world.initiative)).status_code == 200
    url = reverse("api:initiative-visibility", args=[world.initiative.slug])

    assert send(stakeholder, "post", url, {"visibility": "restricted"}).status_code == 403
    assert send(api(world.coordinator), "post", url, {"visibility": "restricted"}).status_code == 200

    assert stakeholder.get(detail(world.initiative)).status_code == 404


def test_owners_are_added_and_removed_but_never_the_last(world: World):
    client = api(world.coordinator)
    add = reverse("api:initiative-owners", args=[world.initiative.slug])
    only = world.initiative.ownerships.get()

    added = send(client, "post", add, {"username": world.submitter.username, "side": "JP"})
    assert added.status_code == 201
    assert world.initiative.ownerships.filter(user=world.submitter, side="JP").exists()
    assert send(client, "post", add, {"username": world.submitter.username, "side": "JP"}).status_code == 400

    removed = client.delete(reverse("api:initiative-owner", args=[world.initiative.slug, world.submitter.username]))
    assert removed.status_code == 204
    last = client.delete(reverse("api:initiative-owner", args=[world.initiative.slug, only.user.username]))
    assert last.status_code == 400
    assert list(world.initiative.ownerships.values_list("pk", flat=True)) == [only.pk]


def test_writes_on_an_initiative_the_caller_may_not_read_are_404(world: World):
    client = api(world.stakeholder)

    assert send(client, "patch", detail(world.restricted), {"title": "Mine now"}).status_code == 404
    url = reverse("api:initiative-owners", args=[world.restricted.slug])
    assert send(client, "post", url, {"username": world.stakeholder.username, "side": "KR"}).status_code == 404
    world.restricted.refresh_from_db()
    assert world.restricted.version == 1

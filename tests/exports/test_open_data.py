"""Open data: a working group publishes selected initiatives; anyone, signed out, reads only those."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import tokens
from proposals import models as m
from proposals import services
from tests import factories
from tests.conftest import World


def published(client: Client | None = None) -> tuple[str, list[str]]:
    """The page's text and the published titles, from the JSON and the CSV downloads (which must agree)."""
    client = client or Client()
    page = client.get(reverse("open-data:list"))
    data = b"".join(client.get(reverse("open-data:json")).streaming_content)
    table = b"".join(client.get(reverse("open-data:csv")).streaming_content).decode("utf-8-sig")
    assert page.status_code == 200
    titles = [row["title"] for row in json.loads(data)["initiatives"]]
    assert [line[0] for line in list(csv.reader(io.StringIO(table)))[1:]] == titles
    return page.content.decode(), titles


def test_a_coordinator_publishes_an_initiative_and_anyone_reads_it_signed_out(world: World):
    page, titles = published()
    assert titles == [] and "Currency swap expansion" not in page

    answer = world.client(world.coordinator).post(
        reverse("proposals:initiative-publication", args=[world.initiative.slug]), {"public": "1", "version": 1}
    )

    assert answer.status_code == 302
    page, titles = published()
    assert titles == ["Currency swap expansion"] and "Currency swap expansion" in page
    assert "Whitelist restoration" not in page
    activity = m.Activity.objects.filter(verb="initiative.published").get()
    assert activity.actor == world.coordinator and activity.initiative == world.initiative


def test_what_the_download_carries_and_what_it_never_does(world: World):
    services.publish_initiative(initiative=world.initiative, actor=world.coordinator, public=True)
    factories.CommentFactory(initiative=world.initiative, body="Internal remark", author=world.member)

    data = json.loads(b"".join(Client().get(reverse("open-data:json")).streaming_content))

    [row] = data["initiatives"]
    assert {"title", "progress", "health", "health_reason", "next_milestone", "target_date"} <= set(row)
    text = json.dumps(data) + b"".join(Client().get(reverse("open-data:csv")).streaming_content).decode()
    assert "owner.choi" not in text and "Internal remark" not in text and "Whitelist" not in text
    assert world.owner.name not in text


@pytest.mark.parametrize("who", ["member", "owner", "stakeholder"])
def test_only_coordinators_and_admins_publish(world: World, who):
    answer = world.client(world.user(who)).post(
        reverse("proposals:initiative-publication", args=[world.initiative.slug]), {"public": "1"}
    )

    assert answer.status_code == 403
    assert not m.Initiative.objects.filter(is_public=True).exists()


def test_a_restricted_initiative_cannot_be_published_and_restricting_withdraws_it(world: World):
    refused = world.client(world.coordinator).post(
        reverse("proposals:initiative-publication", args=[world.restricted.slug]), {"public": "1"}
    )
    assert refused.status_code == 400 and "Only an internal initiative" in refused.content.decode()
    with pytest.raises(ValidationError):
        services.publish_initiative(initiative=world.restricted, actor=world.admin, public=True)

    services.publish_initiative(initiative=world.initiative, actor=world.coordinator, public=True)
    services.change_initiative_visibility(initiative=world.initiative, actor=world.owner, visibility="restricted")

    world.initiative.refresh_from_db()
    assert not world.initiative.is_public
    assert published()[1] == []
    assert m.Activity.objects.filter(verb="initiative.unpublished", initiative=world.initiative).exists()


def test_the_database_refuses_a_public_restricted_initiative(world: World):
    with pytest.raises(IntegrityError), transaction.atomic():
        m.Initiative.objects.filter(pk=world.restricted.pk).update(is_public=True)


def test_a_stale_publication_is_refused(world: World):
    services.edit_initiative(initiative=world.initiative, actor=world.owner, title="Swap line expansion")

    stale = world.client(world.coordinator).post(
        reverse("proposals:initiative-publication", args=[world.initiative.slug]), {"public": "1", "version": 1}
    )

    assert stale.status_code == 412
    assert not m.Initiative.objects.get(pk=world.initiative.pk).is_public


def test_the_page_and_download_cost_the_same_with_more_published_initiatives(world: World):
    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            published()
        return len(queries)

    services.publish_initiative(initiative=world.initiative, actor=world.coordinator, public=True)
    few = cost()
    for _ in range(30):
        factories.InitiativeFactory(working_group=world.group, is_public=True)

    assert cost() == few


def test_a_script_publishes_through_the_api_with_the_same_rules(world: World):
    def api(user) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Token {tokens.issue(user, name='script')[1]}")

    url = reverse("api:initiative-publication", args=[world.initiative.slug])
    assert api(world.member).post(url, {"public": True}, content_type="application/json").status_code == 403
    refused = api(world.coordinator).post(
        reverse("api:initiative-publication", args=[world.restricted.slug]),
        {"public": True},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "is_public" in refused.json()["fields"]

    done = api(world.coordinator).post(
        url, {"public": True}, content_type="application/json", headers={"If-Match": '"1"'}
    )

    assert done.status_code == 200 and done.json()["is_public"] is True
    assert published()[1] == ["Currency swap expansion"]

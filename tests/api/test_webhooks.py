"""API v1 webhooks: a coordinator's script registers, edits, tests and redelivers; everyone else is refused."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import tokens
from proposals import models as m
from proposals import services
from tests import factories
from tests.conftest import World

URL = "http://127.0.0.1:9/hooks"


def api(user, *, read_only: bool = False) -> Client:
    _token, key = tokens.issue(user, name="script", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def create(client: Client, **body):
    payload = {"working_group": "economic-security", "url": URL, "events": ["milestone.approved"], **body}
    return client.post(reverse("api:webhook-list"), payload, content_type="application/json")


def test_a_coordinator_registers_a_webhook_and_sees_its_secret_once(world: World):
    client = api(world.coordinator)

    made = create(client, events=["comment.added", "milestone.approved"], description="Ministry tracker")

    assert made.status_code == 201, made.json()
    body = made.json()
    hook = m.Webhook.objects.get(pk=body["id"])
    assert body["secret"] == hook.secret and hook.secret.startswith("whsec_") and len(hook.secret) > 40
    assert hook.events == ["milestone.approved", "comment.added"] and hook.created_by == world.coordinator
    assert body["registered_by"] == "coord.kim" and made["ETag"] == '"1"'
    shown = client.get(reverse("api:webhook-detail", args=[hook.pk]))
    assert shown.status_code == 200 and "secret" not in shown.json() and shown["ETag"] == '"1"'


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": []}, "events"),
        ({"events": ["milestone.exploded"]}, "events"),
        ({"url": "ftp://example.org/"}, "url"),
        ({"url": "https://user:pw@example.org/"}, "url"),
        ({"secret": "short"}, "secret"),
        ({"working_group": "no-such-group"}, "working_group"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_made(world: World, body, field):
    answer = create(api(world.coordinator), **body)

    named = {key.split(".")[0] for key in answer.json()["fields"]}  # a list's element is named "events.0"
    assert answer.status_code == 400 and field in named, answer.json()
    assert answer.json()["code"] == "invalid"
    assert not m.Webhook.objects.exists()


def test_a_private_address_is_refused_when_the_setting_is_off(world: World, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    answer = create(api(world.coordinator), url="http://169.254.169.254/latest/meta-data/")

    assert answer.status_code == 400 and "url" in answer.json()["fields"]
    assert not m.Webhook.objects.exists()


@pytest.mark.parametrize("who", ["member", "owner", "stakeholder", "other_group_member"])
def test_only_the_groups_coordinators_and_admins_see_and_manage_its_webhooks(world: World, who):
    hook = services.register_webhook(
        working_group=world.group, actor=world.coordinator, url=URL, events=["comment.added"]
    )
    client = api(world.user(who))

    assert create(client).status_code == 403
    assert client.get(reverse("api:webhook-list")).json()["results"] == []
    for answer in (
        client.get(reverse("api:webhook-detail", args=[hook.pk])),
        client.patch(reverse("api:webhook-detail", args=[hook.pk]), {"url": URL}, content_type="application/json"),
        client.post(reverse("api:webhook-test", args=[hook.pk])),
        client.get(reverse("api:webhook-deliveries", args=[hook.pk])),
        client.delete(reverse("api:webhook-detail", args=[hook.pk])),
    ):
        assert answer.status_code == 404
    assert m.Webhook.objects.filter(pk=hook.pk, url=URL, version=1).exists()
    assert not m.WebhookDelivery.objects.exists()
    admin = api(world.admin)
    assert [row["id"] for row in admin.get(reverse("api:webhook-list")).json()["results"]] == [hook.pk]


def test_an_edit_with_a_stale_version_changes_nothing(world: World):
    client = api(world.coordinator)
    made = create(client).json()
    url = reverse("api:webhook-detail", args=[made["id"]])
    first = client.patch(url, {"description": "Renamed"}, content_type="application/json", headers={"If-Match": '"1"'})
    assert first.status_code == 200 and first["ETag"] == '"2"'

    stale = client.patch(
        url, {"url": "https://8.8.8.8/x"}, content_type="application/json", headers={"If-Match": '"1"'}
    )

    assert stale.status_code == 412 and stale.json()["code"] == "stale_edit"
    assert m.Webhook.objects.get(pk=made["id"]).url == URL


def test_turning_a_webhook_off_and_on_through_the_api(world: World):
    client = api(world.coordinator)
    made = create(client).json()
    url = reverse("api:webhook-detail", args=[made["id"]])
    m.Webhook.objects.filter(pk=made["id"]).update(consecutive_failures=7)

    off = client.patch(url, {"is_active": False}, content_type="application/json")
    on = client.patch(url, {"is_active": True}, content_type="application/json")

    assert off.json()["is_active"] is False and off.json()["disabled_reason"] == "manual"
    assert on.json()["is_active"] is True and on.json()["consecutive_failures"] == 0


def test_test_event_delivery_log_and_redelivery(world: World):
    client = api(world.coordinator)
    hook_id = create(client).json()["id"]

    queued = client.post(reverse("api:webhook-test", args=[hook_id]))
    assert queued.status_code == 202 and queued.json()["event"] == "ping" and queued.json()["status"] == "pending"
    refused = client.post(reverse("api:webhook-redeliver", args=[hook_id, queued.json()["id"]]))
    assert refused.status_code == 409 and refused.json()["code"] == "conflict"
    m.WebhookDelivery.objects.filter(pk=queued.json()["id"]).update(status="failed", attempts=3)

    again = client.post(reverse("api:webhook-redeliver", args=[hook_id, queued.json()["id"]]))

    assert again.status_code == 202 and again.json()["redelivery_of"] == queued.json()["id"]
    log = client.get(reverse("api:webhook-deliveries", args=[hook_id])).json()
    assert [row["id"] for row in log["results"]] == [again.json()["id"], queued.json()["id"]]
    missing = client.post(reverse("api:webhook-redeliver", args=[hook_id, 999999]))
    assert missing.status_code == 404


def test_a_read_only_token_reads_webhooks_but_cannot_change_them(world: World):
    hook = services.register_webhook(
        working_group=world.group, actor=world.coordinator, url=URL, events=["comment.added"]
    )
    client = api(world.coordinator, read_only=True)

    assert client.get(reverse("api:webhook-detail", args=[hook.pk])).status_code == 200
    assert create(client).status_code == 403
    assert client.post(reverse("api:webhook-test", args=[hook.pk])).status_code == 403
    assert m.Webhook.objects.count() == 1 and not m.WebhookDelivery.objects.exists()


def test_deleting_a_webhook_removes_it_and_its_log(world: World):
    client = api(world.coordinator)
    hook_id = create(client).json()["id"]
    client.post(reverse("api:webhook-test", args=[hook_id]))

    assert client.delete(reverse("api:webhook-detail", args=[hook_id])).status_code == 204
    assert not m.Webhook.objects.exists() and not m.WebhookDelivery.objects.exists()


def test_a_group_has_at_most_ten_webhooks(world: World):
    client = api(world.coordinator)
    for _ in range(10):
        assert create(client).status_code == 201

    eleventh = create(client)

    assert eleventh.status_code == 400 and "url" in eleventh.json()["fields"]
    assert m.Webhook.objects.count() == 10


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_cost_the_same_with_more_rows(world: World):
    client = Client()
    client.force_login(world.coordinator)
    hook = services.register_webhook(
        working_group=world.group, actor=world.coordinator, url=URL, events=["comment.added"]
    )
    services.send_test_event(webhook=hook, actor=world.coordinator)
    few = (
        _count(client, reverse("api:webhook-list")),
        _count(client, reverse("api:webhook-deliveries", args=[hook.pk])),
    )
    for _ in range(4):
        services.register_webhook(working_group=world.group, actor=world.coordinator, url=URL, events=["comment.added"])
        services.send_test_event(webhook=hook, actor=world.coordinator)
    factories.UserFactory()

    many = (
        _count(client, reverse("api:webhook-list")),
        _count(client, reverse("api:webhook-deliveries", args=[hook.pk])),
    )

    assert many == few

"""The webhook pages: a coordinator registers, edits, tests, redelivers and removes; nobody else gets in."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import models as m
from proposals import services
from tests.conftest import World

URL = "http://127.0.0.1:9/hooks"
ALL_EVENTS = list(m.WebhookEvent.values)


def test_a_coordinator_finds_webhooks_on_the_group_page_and_registers_one(world: World):
    client = world.client(world.coordinator)
    group_page = client.get(reverse("proposals:group-detail", args=[world.group.slug])).content.decode()
    assert reverse("proposals:webhook-list", args=[world.group.slug]) in group_page

    added = client.post(
        reverse("proposals:webhook-create", args=[world.group.slug]),
        {"url": URL, "description": "Ministry tracker", "events": ["milestone.approved", "comment.added"]},
    )

    hook = m.Webhook.objects.get()
    assert added.status_code == 302 and added["Location"] == hook.get_absolute_url()
    page = client.get(hook.get_absolute_url()).content.decode()
    assert URL in page and "Ministry tracker" in page and hook.secret in page
    assert "Milestone approved" in page and "Comment added" in page and "Evidence added" not in page
    listing = client.get(reverse("proposals:webhook-list", args=[world.group.slug])).content.decode()
    assert URL in listing


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"url": "ftp://example.org/x", "events": ["comment.added"]}, "Only http and https"),
        ({"url": URL, "events": []}, "This field is required"),
        ({"url": URL, "events": ["comment.added"], "secret": "short"}, "A secret is 16 to 100 characters"),
    ],
)
def test_bad_input_redisplays_the_form_with_the_fields_error_and_makes_nothing(world: World, data, field_message):
    response = world.client(world.coordinator).post(reverse("proposals:webhook-create", args=[world.group.slug]), data)

    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not m.Webhook.objects.exists()


def test_a_private_address_is_refused_on_the_form_when_the_setting_is_off(world: World, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    response = world.client(world.coordinator).post(
        reverse("proposals:webhook-create", args=[world.group.slug]),
        {"url": "http://10.0.0.7/hook", "events": ALL_EVENTS},
    )

    assert response.status_code == 400 and "only go to public addresses" in response.content.decode()
    assert not m.Webhook.objects.exists()


@pytest.mark.parametrize("who", ["member", "owner", "stakeholder", "other_group_member"])
def test_nobody_but_coordinators_reaches_the_webhook_pages(world: World, who):
    hook = services.register_webhook(working_group=world.group, actor=world.coordinator, url=URL, events=ALL_EVENTS)
    client = world.client(world.user(who))

    group_page = client.get(reverse("proposals:group-detail", args=[world.group.slug])).content.decode()
    assert reverse("proposals:webhook-list", args=[world.group.slug]) not in group_page
    assert client.get(reverse("proposals:webhook-list", args=[world.group.slug])).status_code == 403
    assert client.post(reverse("proposals:webhook-create", args=[world.group.slug]), {"url": URL}).status_code == 403
    for name in ("webhook-detail", "webhook-edit", "webhook-delete"):
        assert client.get(reverse(f"proposals:{name}", args=[hook.pk])).status_code == 404
    assert client.post(reverse("proposals:webhook-test", args=[hook.pk])).status_code == 404
    assert not m.WebhookDelivery.objects.exists() and m.Webhook.objects.get().version == 1


def test_send_test_event_and_redeliver_from_the_log(world: World):
    client = world.client(world.coordinator)
    hook = services.register_webhook(working_group=world.group, actor=world.coordinator, url=URL, events=ALL_EVENTS)

    sent = client.post(reverse("proposals:webhook-test", args=[hook.pk]), follow=True)
    ping = m.WebhookDelivery.objects.get()
    assert sent.status_code == 200 and "Test event" in sent.content.decode() and "Waiting" in sent.content.decode()
    refused = client.post(reverse("proposals:webhook-redeliver", args=[hook.pk, ping.pk]))
    assert refused.status_code == 409 and "still being attempted" in refused.content.decode()
    m.WebhookDelivery.objects.filter(pk=ping.pk).update(status="failed", attempts=2, response_status=500)

    again = client.post(reverse("proposals:webhook-redeliver", args=[hook.pk, ping.pk]))

    assert again.status_code == 302
    assert m.WebhookDelivery.objects.filter(redelivery_of=ping).count() == 1


def test_an_edit_over_someone_elses_change_is_refused_and_shows_theirs(world: World):
    hook = services.register_webhook(working_group=world.group, actor=world.coordinator, url=URL, events=ALL_EVENTS)
    services.edit_webhook(webhook=hook, actor=world.other_coordinator, changes={"description": "Sato's receiver"})

    stale = world.client(world.coordinator).post(
        reverse("proposals:webhook-edit", args=[hook.pk]),
        {"url": "https://8.8.8.8/new", "events": ["comment.added"], "is_active": "on", "version": 1},
    )

    assert stale.status_code == 412 and "Sato&#x27;s receiver" in stale.content.decode()
    assert m.Webhook.objects.get().url == URL


def test_turning_off_and_removing(world: World):
    client = world.client(world.coordinator)
    hook = services.register_webhook(working_group=world.group, actor=world.coordinator, url=URL, events=ALL_EVENTS)

    off = client.post(
        reverse("proposals:webhook-edit", args=[hook.pk]), {"url": URL, "events": ALL_EVENTS, "version": 1}
    )
    assert off.status_code == 302
    assert "This webhook is disabled" in client.get(hook.get_absolute_url()).content.decode()
    removed = client.post(reverse("proposals:webhook-delete", args=[hook.pk]), {})

    assert removed.status_code == 302 and not m.Webhook.objects.exists()


def test_the_delivery_log_costs_the_same_with_more_rows(world: World):
    client = world.client(world.coordinator)
    hook = services.register_webhook(working_group=world.group, actor=world.coordinator, url=URL, events=ALL_EVENTS)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(hook.get_absolute_url()).status_code == 200
            assert client.get(reverse("proposals:webhook-list", args=[world.group.slug])).status_code == 200
        return len(queries)

    services.send_test_event(webhook=hook, actor=world.coordinator)
    few = cost()
    for _ in range(30):
        services.send_test_event(webhook=hook, actor=world.coordinator)
    services.register_webhook(working_group=world.group, actor=world.coordinator, url=URL, events=ALL_EVENTS)

    assert cost() == few

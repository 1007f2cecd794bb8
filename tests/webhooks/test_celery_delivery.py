"""Webhooks through the real path: a script's writes, the broker, a real worker, a receiver on loopback."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from proposals import models as m
from proposals.tasks import sweep_webhooks
from proposals.webhooks import signing
from tests.celery.conftest import started, wait_for, wait_until_idle
from tests.conftest import World

from .conftest import Receiver

pytestmark = [pytest.mark.celery_delivery, pytest.mark.django_db(transaction=True)]


def api(user) -> Client:
    _token, key = tokens.issue(user, name="ministry system")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_a_receiver_sees_each_event_once_signed_and_a_failed_one_again_after_a_retry(
    world: World, submitted_milestone, receiver: Receiver, tracker_worker, settings
):
    settings.WEBHOOK_FIRST_RETRY_SECONDS = 0  # a retry falls due at once, so the sweep sends it now
    coordinator = api(world.coordinator)
    made = coordinator.post(
        reverse("api:webhook-list"),
        {"working_group": world.group.slug, "url": receiver.url, "events": ["milestone.approved", "comment.added"]},
        content_type="application/json",
    )
    assert made.status_code == 201
    secret = made.json()["secret"]

    before = started()
    approved = coordinator.post(
        reverse("api:milestone-approve", args=[submitted_milestone.pk]),
        {"note": "Agreed."},
        content_type="application/json",
    )
    assert approved.status_code == 200
    wait_until_idle(before, fan_out_webhooks=1, deliver_webhook=1)

    [request] = receiver.received
    assert signing.verify(
        secret, request.headers["X-Tracker-Signature"], request.body, now=int(timezone.now().timestamp())
    )
    assert request.json["event"] == "milestone.approved" and request.json["object"]["status"] == "approved"

    receiver.answers = [500]
    before = started()
    api(world.member).post(
        reverse("api:comment-list"),
        {"initiative": world.initiative.slug, "body": "Minutes attached."},
        content_type="application/json",
    )
    wait_until_idle(before, fan_out_webhooks=1, deliver_webhook=1)
    failed = m.WebhookDelivery.objects.get(event="comment.added")
    assert failed.status == m.WebhookDelivery.Status.RETRYING and failed.response_status == 500

    before = started()
    sweep_webhooks.delay(at_iso=(timezone.now() + datetime.timedelta(minutes=5)).isoformat())
    wait_until_idle(before, sweep_webhooks=1, deliver_webhook=1)

    wait_for(lambda: m.WebhookDelivery.objects.get(pk=failed.pk).status == "delivered", "the retry to succeed")
    assert receiver.events() == ["milestone.approved", "comment.added", "comment.added"]
    assert m.WebhookDelivery.objects.count() == 2, "the sweep added no second delivery of either event"
    assert {r.json["id"] for r in receiver.received[1:]} == {f"evt_{failed.activity_id}"}

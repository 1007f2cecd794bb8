"""Webhook deliveries against a real receiver on loopback: what is sent, signed, retried, withheld, disabled.

The fan-out and each attempt are called as the tasks call them; ``test_celery_delivery.py``
runs the same path through a real worker.
"""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from core.errors import Conflict
from proposals import figures, services
from proposals import models as m
from proposals.webhooks import delivery, signing
from tests import factories
from tests.conftest import World

from .conftest import SECRET, Receiver, register

S = m.WebhookDelivery.Status


def latest(verb: str) -> m.Activity:
    return m.Activity.objects.filter(verb=verb).order_by("-pk").first()


def send(activity: m.Activity) -> list[m.WebhookDelivery]:
    """What the tasks do: fan the event out, then one attempt at each delivery."""
    return [delivery.attempt(pk) for pk in delivery.fan_out(activity.pk)]


def test_an_approved_milestone_reaches_the_receiver_once_signed_and_as_the_api_shows_it(
    world: World, submitted_milestone, receiver: Receiver
):
    hook = register(world, receiver.url)
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator, note="Agreed text.")

    [done] = send(latest("milestone.approved"))

    assert done.status == S.DELIVERED and done.attempts == 1 and done.response_status == 200
    assert done.response_ms is not None
    [request] = receiver.received
    assert request.path == "/hooks/tracker"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Tracker-Event"] == "milestone.approved"
    assert request.headers["X-Tracker-Delivery"] == str(done.pk)
    now = int(timezone.now().timestamp())
    assert signing.verify(SECRET, request.headers["X-Tracker-Signature"], request.body, now=now)
    assert not signing.verify("another-secret-entirely", request.headers["X-Tracker-Signature"], request.body, now=now)
    body = request.json
    assert body["event"] == "milestone.approved" and body["note"] == "Agreed text."
    assert body["actor"] == world.coordinator.username and body["working_group"] == world.group.slug
    assert body["initiative"]["slug"] == world.initiative.slug
    assert body["initiative"]["url"].startswith("http") and body["initiative"]["url"].endswith("/currency-swap/")
    api = Client()
    api.force_login(world.coordinator)
    shown = api.get(reverse("api:milestone-detail", args=[submitted_milestone.pk])).json()
    assert body["object_type"] == "milestone" and body["object"] == shown
    assert hook.deliveries.count() == 1

    assert delivery.fan_out(latest("milestone.approved").pk) == [], "an event is delivered once per webhook"
    assert delivery.attempt(done.pk) is None, "a delivered delivery is not attempted again"
    assert len(receiver.received) == 1


def test_the_signature_covers_the_time_so_an_old_or_altered_request_is_refused(world: World, receiver: Receiver):
    body = b'{"event":"ping"}'
    header = signing.signature(SECRET, 1_800_000_000, body)

    assert signing.verify(SECRET, header, body, now=1_800_000_100)
    assert not signing.verify(SECRET, header, body, now=1_800_000_000 + signing.TOLERANCE_SECONDS + 1)
    assert not signing.verify(SECRET, header, body + b" ", now=1_800_000_100)
    assert not signing.verify(SECRET, header.replace("t=1800000000", "t=1800000050"), body, now=1_800_000_100)
    assert not signing.verify(SECRET, "v1=abc", body, now=1_800_000_100)


@pytest.mark.parametrize(
    "event",
    ["evidence.added", "indicator.reading_added", "comment.added", "initiative.status_changed", "milestone.cancelled"],
)
def test_each_event_carries_its_object(world: World, receiver: Receiver, event: str):
    register(world, receiver.url)
    initiative, actor = world.initiative, world.coordinator
    if event == "evidence.added":
        services.add_evidence(initiative=initiative, actor=actor, url="https://www.mofa.go.kr/a", title="Statement")
        expected_type = "evidence"
    elif event == "indicator.reading_added":
        indicator = factories.IndicatorFactory(initiative=initiative, name="Swap line")
        services.add_reading(indicator=indicator, actor=actor, date=timezone.localdate(), value="12.5")
        expected_type = "reading"
    elif event == "comment.added":
        services.add_comment(initiative=initiative, actor=actor, body="**Bold** step")
        expected_type = "comment"
    elif event == "initiative.status_changed":
        old_status = initiative.status
        services.change_initiative_status(initiative=initiative, actor=actor, status="on_hold", note="Paused")
        expected_type = "initiative"
    else:
        milestone = factories.MilestoneFactory(initiative=initiative)
        services.cancel_milestone(milestone=milestone, actor=actor, note="Merged into another")
        expected_type = "milestone"

    [done] = send(latest(event))

    assert done.status == S.DELIVERED
    body = receiver.received[0].json
    assert body["event"] == event and body["object_type"] == expected_type
    if event == "indicator.reading_added":
        assert body["object"]["value"] == "12.5000" or float(body["object"]["value"]) == 12.5
        assert body["object"]["indicator"]["name"] == "Swap line"
    if event == "comment.added":
        assert body["object"]["body"] == "**Bold** step" and "<strong>Bold</strong>" in body["object"]["body_html"]
    if event == "initiative.status_changed":
        assert body["change"] == {"old": old_status, "new": "on_hold"} and body["object"]["status"] == "on_hold"


def test_only_the_events_a_webhook_takes_are_sent(world: World, submitted_milestone, receiver: Receiver):
    register(world, receiver.url, events=["comment.added"])
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)

    assert delivery.fan_out(latest("milestone.approved").pk) == []
    assert not m.WebhookDelivery.objects.exists() and receiver.received == []


def test_a_change_of_health_from_the_daily_refresh_is_an_event(world: World, receiver: Receiver):
    register(world, receiver.url, events=["initiative.health_changed"])
    factories.MilestoneFactory(initiative=world.initiative, due_date=timezone.localdate() + datetime.timedelta(days=2))
    figures.refresh([world.initiative.pk], record_changes=False)  # the first computation is no news
    later = timezone.localdate() + datetime.timedelta(days=10)  # the milestone is now overdue

    figures.refresh([world.initiative.pk], today=later)

    [done] = send(latest("initiative.health_changed"))
    body = receiver.received[0].json
    assert done.status == S.DELIVERED and body["change"]["new"] == body["initiative"]["health"]
    assert body["change"]["old"] != body["change"]["new"]


def test_a_failed_attempt_is_retried_with_backoff_and_then_delivered(world: World, submitted_milestone, receiver):
    register(world, receiver.url)
    receiver.answers = [500, 503]
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)
    [first] = send(latest("milestone.approved"))
    assert first.status == S.RETRYING and first.response_status == 500 and first.error == "HTTP 500"
    assert first.next_attempt_at == first.last_attempt_at + datetime.timedelta(minutes=1)

    assert delivery.attempt(first.pk) is None, "not before its time"
    second = delivery.attempt(first.pk, now=first.next_attempt_at)
    assert second.status == S.RETRYING and second.attempts == 2
    assert second.next_attempt_at == second.last_attempt_at + datetime.timedelta(minutes=2)
    third = delivery.attempt(first.pk, now=second.next_attempt_at)

    assert third.status == S.DELIVERED and third.attempts == 3
    assert len(receiver.received) == 3
    assert len({r.json["id"] for r in receiver.received}) == 1, "every attempt carries the same event id"
    assert m.Webhook.objects.get().consecutive_failures == 0


def test_a_receiver_that_never_answers_well_is_given_up_on_after_a_day(world: World, submitted_milestone, receiver):
    register(world, receiver.url)
    receiver.answers = [500] * 30
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)
    [row] = send(latest("milestone.approved"))
    while row.status == S.RETRYING:
        row = delivery.attempt(row.pk, now=row.next_attempt_at)

    assert row.status == S.FAILED and row.next_attempt_at is None
    assert row.last_attempt_at - row.created_at < datetime.timedelta(hours=24)
    assert row.attempts == 11  # at 0, 1, 3, 7, … 1023 minutes


def test_an_unreachable_receiver_is_a_failure_with_its_reason(world: World, submitted_milestone):
    register(world, "http://127.0.0.1:9/closed")  # the discard port: nothing listens
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)

    [row] = send(latest("milestone.approved"))

    assert row.status == S.RETRYING and row.response_status is None and "Connection" in row.error


def test_a_webhook_failing_for_long_is_disabled_and_its_coordinators_told(
    world: World, submitted_milestone, receiver, settings
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    settings.WEBHOOK_DISABLE_AFTER_HOURS = 1
    world.coordinator.language = "ja"
    world.coordinator.save()
    hook = register(world, receiver.url)
    receiver.answers = [500] * 10
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)
    [row] = send(latest("milestone.approved"))
    row = delivery.attempt(row.pk, now=row.next_attempt_at)
    hook.refresh_from_db()
    assert hook.is_active and hook.consecutive_failures == 2, "two failures within minutes are not enough"
    assert mail.outbox == []

    with time_machine.travel(row.next_attempt_at + datetime.timedelta(hours=1)):
        row = delivery.attempt(row.pk, now=timezone.now())

    hook.refresh_from_db()
    assert not hook.is_active and hook.disabled_reason == "failures" and hook.consecutive_failures == 3
    told = {message.to[0].split("<")[-1].rstrip(">"): message for message in mail.outbox}
    assert set(told) == {world.coordinator.email, world.other_coordinator.email}
    assert "無効" in told[world.coordinator.email].subject  # Japanese for the Japanese-speaking coordinator
    assert hook.url in told[world.other_coordinator.email].body
    assert delivery.attempt(row.pk, now=row.next_attempt_at) is None, "a disabled webhook gets nothing"
    assert len(receiver.received) == 3

    services.edit_webhook(webhook=hook, actor=world.other_coordinator, changes={"is_active": True})
    hook.refresh_from_db()
    assert hook.is_active and hook.consecutive_failures == 0 and hook.disabled_at is None
    assert delivery.attempt(row.pk, now=row.next_attempt_at).status == S.RETRYING, "waiting retries resume"


def test_another_groups_webhook_never_receives_a_restricted_initiatives_event(world: World, receiver: Receiver):
    theirs = factories.UserFactory(username="coord.mori")
    factories.MembershipFactory(user=theirs, working_group=world.other_group, role="coordinator")
    register(world, receiver.url, group=world.other_group, by=theirs)
    ours = register(world, receiver.url)
    services.add_comment(initiative=world.restricted, actor=world.coordinator, body="Only for the group")

    send(latest("comment.added"))

    assert [d.webhook_id for d in m.WebhookDelivery.objects.all()] == [ours.pk]
    assert len(receiver.received) == 1 and receiver.received[0].json["initiative"]["slug"] == "whitelist"


def test_a_webhook_carries_only_what_its_registrant_may_read(world: World, receiver: Receiver):
    hook = register(world, receiver.url)
    services.add_comment(initiative=world.restricted, actor=world.member, body="Before they left")
    activity = latest("comment.added")
    Membership.objects.filter(user=world.coordinator).delete()  # the registrant leaves the group

    assert send(activity) == []
    [row] = hook.deliveries.all()
    assert row.status == S.WITHHELD and row.body == "" and receiver.received == []


def test_a_delivery_waiting_for_a_retry_is_withheld_once_its_comment_is_hidden(world: World, receiver: Receiver):
    register(world, receiver.url)
    receiver.answers = [500]
    comment = services.add_comment(initiative=world.initiative, actor=world.member, body="Off-topic remark")
    [row] = send(latest("comment.added"))
    services.hide_comment(comment=comment, actor=world.coordinator, reason="Off topic")

    row = delivery.attempt(row.pk, now=row.next_attempt_at)

    assert row.status == S.WITHHELD and len(receiver.received) == 1


def test_the_sweep_fans_out_an_event_whose_task_was_lost_and_publishes_due_retries(world: World, receiver):
    hook = register(world, receiver.url)
    services.add_comment(initiative=world.initiative, actor=world.member, body="Lost with the broker")
    activity = latest("comment.added")

    assert delivery.sweep(timezone.now())["events"] == 0, "the newest events are left to their own task"
    outcome = delivery.sweep(timezone.now() + delivery.SETTLE)

    assert outcome["events"] == 1
    [row] = hook.deliveries.all()
    assert row.activity_id == activity.pk and row.status == S.PENDING
    assert delivery.sweep(timezone.now() + delivery.SETTLE) == {"retries": 1, "events": 0}


def test_events_before_a_webhook_was_registered_are_not_sent_to_it(world: World, receiver: Receiver):
    services.add_comment(initiative=world.initiative, actor=world.member, body="Old news")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        register(world, receiver.url)
        assert delivery.fan_out(latest("comment.added").pk) == []
        assert delivery.sweep(timezone.now() + delivery.SETTLE)["events"] == 0


def test_a_test_event_carries_nothing_from_any_initiative_and_goes_to_a_disabled_webhook(world, receiver):
    hook = register(world, receiver.url)
    services.edit_webhook(webhook=hook, actor=world.coordinator, changes={"is_active": False})

    ping = services.send_test_event(webhook=hook, actor=world.coordinator)
    done = delivery.attempt(ping.pk)

    assert done.status == S.DELIVERED
    body = receiver.received[0].json
    assert body["event"] == "ping" and set(body) == {"id", "event", "created_at", "working_group", "webhook"}
    assert body["webhook"]["id"] == hook.pk


def test_a_redelivery_sends_the_same_event_again_as_a_new_delivery(world: World, submitted_milestone, receiver):
    register(world, receiver.url)
    receiver.answers = [500]
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator)
    [row] = send(latest("milestone.approved"))

    with pytest.raises(Conflict):
        services.redeliver(delivery=row, actor=world.coordinator)
    row = delivery.attempt(row.pk, now=row.next_attempt_at)
    again = services.redeliver(delivery=row, actor=world.coordinator)
    done = delivery.attempt(again.pk)

    assert done.status == S.DELIVERED and done.redelivery_of_id == row.pk
    first, _second, third = (json.loads(r.body) for r in receiver.received)
    assert first == third


def test_only_coordinators_of_the_group_manage_its_webhooks(world: World, receiver: Receiver):
    for who in (world.member, world.other_group_member, world.stakeholder, world.owner):
        with pytest.raises(PermissionDenied):
            register(world, receiver.url, by=who)
    assert register(world, receiver.url, by=world.admin).created_by == world.admin


def test_a_failed_test_event_is_not_retried_and_does_not_count_against_the_webhook(world: World, receiver):
    hook = register(world, receiver.url)
    receiver.answers = [500]

    done = delivery.attempt(services.send_test_event(webhook=hook, actor=world.coordinator).pk)

    assert done.status == S.FAILED and done.response_status == 500 and done.next_attempt_at is None
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0 and hook.failing_since is None

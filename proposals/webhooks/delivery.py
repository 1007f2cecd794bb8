"""Fan-out of events to webhooks, attempts, retries, automatic disabling, and the sweep.

An event (an Activity whose verb is a ``WebhookEvent``) is delivered to every active
webhook of its initiative's working group that takes it and was registered before it,
once (``webhook_delivery_once_per_event``), and only when the webhook's registrant may
read the initiative (``access.ReadIndex``); that is asked again before every attempt,
so a delivery waiting for a retry is withheld once its initiative is out of sight.

A failed attempt is retried after 1, 2, 4, 8… minutes (``WEBHOOK_FIRST_RETRY_SECONDS``)
until a day after the delivery was made (``WEBHOOK_RETRY_FOR_HOURS``), except a test event, which is
tried once; the per-minute
``sweep`` publishes the retries that fell due and fans out events whose task was lost.
A webhook that keeps failing (``WEBHOOK_DISABLE_AFTER_FAILURES`` in a row over at least
``WEBHOOK_DISABLE_AFTER_HOURS``) is disabled, and its group's coordinators get an e-mail.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership, User

from .. import enqueue, mail
from ..access import ReadIndex
from ..models import PING, Activity, Comment, Webhook, WebhookDelivery, WebhookEvent
from . import payloads, signing, transport

logger = logging.getLogger(__name__)

DELIVER_TASK = "proposals.tasks.deliver_webhook"
Status = WebhookDelivery.Status
WAITING = (Status.PENDING, Status.RETRYING)
# An attempt in flight keeps other workers off its delivery this long (well past the request's time limit).
LEASE = datetime.timedelta(minutes=2)
# The sweep leaves the newest events to the tasks published when they were recorded.
SETTLE = datetime.timedelta(minutes=2)
SWEEP_BATCH = 500
DISABLED_FOR_FAILURES = "failures"


def retry_for() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.WEBHOOK_RETRY_FOR_HOURS)


def backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 1, 2, 4, 8… minutes."""
    return datetime.timedelta(seconds=settings.WEBHOOK_FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def _load_activity(activity_id: int) -> Activity | None:
    return (
        Activity.objects.select_related("actor", "initiative", "initiative__working_group", "milestone")
        .filter(pk=activity_id)
        .first()
    )


def fan_out(activity_id: int) -> list[int]:
    """Make the deliveries of one event (once per webhook) and publish them; the ids of those to send."""
    activity = _load_activity(activity_id)
    if (
        activity is None
        or activity.initiative is None
        or activity.verb not in WebhookEvent.values
        or (activity.details or {}).get("seeded")
    ):
        return []
    hooks = [
        hook
        for hook in Webhook.objects.filter(
            working_group_id=activity.initiative.working_group_id, is_active=True, created_at__lte=activity.created_at
        ).select_related("created_by")
        if hook.takes(activity.verb)
    ]
    if not hooks:
        return []
    initiative_id = activity.initiative.pk
    index = ReadIndex([hook.created_by for hook in hooks if hook.created_by is not None], [activity.initiative])
    payload = payloads.for_activity(activity)
    body = signing.encode(payload) if payload is not None else ""
    rows = []
    for hook in hooks:
        allowed = bool(body) and hook.created_by_id is not None and index.can_read(hook.created_by_id, initiative_id)
        rows.append(
            WebhookDelivery(
                webhook=hook,
                event=activity.verb,
                activity=activity,
                initiative_id=initiative_id,
                body=body if allowed else "",
                status=Status.PENDING if allowed else Status.WITHHELD,
                next_attempt_at=activity.created_at if allowed else None,
            )
        )
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    to_send = list(
        WebhookDelivery.objects.filter(
            activity=activity, redelivery_of__isnull=True, status=Status.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )
    for delivery_id in to_send:
        enqueue.publish_on_commit(DELIVER_TASK, delivery_id=delivery_id)
    return to_send


def deliverable(delivery: WebhookDelivery) -> bool:
    """May this delivery still be sent? Its registrant still reads the initiative, a comment is still shown."""
    if delivery.initiative is None:
        return delivery.event == PING
    registrant = delivery.webhook.created_by
    if registrant is None:
        return False
    if not ReadIndex([registrant], [delivery.initiative]).can_read(registrant.pk, delivery.initiative.pk):
        return False
    comment_id = (delivery.activity.details or {}).get("comment_id") if delivery.activity else None
    return not (comment_id and Comment.objects.filter(pk=comment_id, is_hidden=True).exists())


def _claim(delivery_id: int, now: datetime.datetime) -> bool:
    """Take the delivery for one attempt; False when it is not due, already taken, or its webhook is off."""
    return bool(
        WebhookDelivery.objects.filter(
            Q(webhook__is_active=True) | Q(event=PING),
            pk=delivery_id,
            status__in=WAITING,
            next_attempt_at__lte=now,
        ).update(next_attempt_at=now + LEASE)
    )


def attempt(delivery_id: int, now: datetime.datetime | None = None) -> WebhookDelivery | None:
    """One attempt at one delivery, when it is due; the delivery as it stands after it (None if not attempted)."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("webhook", "webhook__created_by", "initiative", "activity").get(
        pk=delivery_id
    )
    if delivery.attempts and now >= delivery.created_at + retry_for():
        delivery.status, delivery.next_attempt_at = Status.FAILED, None
        delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
        return delivery
    if not deliverable(delivery):
        delivery.status, delivery.next_attempt_at = Status.WITHHELD, None
        delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
        return delivery
    body = delivery.body.encode()
    sent_at = int(timezone.now().timestamp())
    answer = transport.post(
        delivery.webhook.url,
        body,
        {
            signing.HEADER: signing.signature(delivery.webhook.secret, sent_at, body),
            "X-Tracker-Event": delivery.event,
            "X-Tracker-Delivery": str(delivery.pk),
        },
    )
    _record(delivery, answer, now)
    return delivery


def _record(delivery: WebhookDelivery, answer: transport.Answer, now: datetime.datetime) -> None:
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.response_status, delivery.response_ms = answer.status, answer.milliseconds
    hooks = Webhook.objects.filter(pk=delivery.webhook_id)
    if answer.ok:
        delivery.status, delivery.next_attempt_at, delivery.delivered_at, delivery.error = (
            Status.DELIVERED,
            None,
            now,
            "",
        )
        hooks.update(consecutive_failures=0, failing_since=None)
    else:
        delivery.error = answer.error or f"HTTP {answer.status}"
        retry_at = now + backoff(delivery.attempts)
        # A test event is a check made while someone watches the log: it is not retried.
        if delivery.event == PING or retry_at >= delivery.created_at + retry_for():
            delivery.status, delivery.next_attempt_at = Status.FAILED, None
        else:
            delivery.status, delivery.next_attempt_at = Status.RETRYING, retry_at
        if delivery.event != PING:
            hooks.update(
                consecutive_failures=F("consecutive_failures") + 1, failing_since=Coalesce("failing_since", now)
            )
            _disable_if_failing(delivery.webhook_id, now)
    delivery.save()


def _disable_if_failing(webhook_id: int, now: datetime.datetime) -> None:
    hook = Webhook.objects.select_related("working_group").get(pk=webhook_id)
    failing_for = datetime.timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS)
    if (
        hook.consecutive_failures < settings.WEBHOOK_DISABLE_AFTER_FAILURES
        or hook.failing_since is None
        or now - hook.failing_since < failing_for
    ):
        return
    turned_off = Webhook.objects.filter(pk=webhook_id, is_active=True).update(
        is_active=False, disabled_at=now, disabled_reason=DISABLED_FOR_FAILURES, version=F("version") + 1
    )
    if turned_off:
        hook.refresh_from_db()
        tell_coordinators(hook)


def people_to_tell(hook: Webhook) -> list[User]:
    """The group's active coordinators and the webhook's registrant, with an e-mail address."""
    coordinators = Membership.objects.filter(
        working_group_id=hook.working_group_id, role=Membership.Role.COORDINATOR
    ).values("user_id")
    return list(
        User.objects.filter(Q(pk__in=coordinators) | Q(pk=hook.created_by_id), is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def tell_coordinators(hook: Webhook) -> int:
    """E-mail that ``hook`` was disabled, to each person of ``people_to_tell`` in their language; how many went."""
    sent = 0
    page = mail.absolute_url(hook.get_absolute_url())
    for user in people_to_tell(hook):
        message = mail.render(user, "webhook_disabled", {"webhook": hook, "group": hook.working_group, "url": page})
        try:
            mail.send(user, message)
        except Exception:
            logger.exception("Could not tell user %s that webhook %s was disabled", user.pk, hook.pk)
            continue
        sent += 1
    return sent


def sweep(at: datetime.datetime) -> dict[str, int]:
    """Publish the retries that are due, and fan out the last day's events that have no delivery yet."""
    due = list(
        WebhookDelivery.objects.filter(Q(webhook__is_active=True) | Q(event=PING), status__in=WAITING)
        .filter(next_attempt_at__lte=at)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for delivery_id in due:
        enqueue.publish(DELIVER_TASK, delivery_id=delivery_id)
    fanned = 0
    for hook in Webhook.objects.filter(is_active=True):
        missed = (
            Activity.objects.filter(
                initiative__working_group_id=hook.working_group_id,
                verb__in=[event for event in hook.events if event in WebhookEvent.values],
                created_at__gte=max(hook.created_at, at - retry_for()),
                created_at__lte=at - SETTLE,
            )
            .exclude(details__has_key="seeded")
            .exclude(pk__in=WebhookDelivery.objects.filter(webhook=hook, activity__isnull=False).values("activity_id"))
            .order_by("created_at")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        for activity_id in missed:
            try:
                fan_out(activity_id)
            except enqueue.TimeLimitReached:
                raise
            except Exception:
                logger.exception("Could not fan out activity %s to webhooks", activity_id)
            fanned += 1
    return {"retries": len(due), "events": fanned}

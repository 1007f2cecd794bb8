"""Celery tasks: thin, keyed by ids, idempotent, with time limits.

The beat schedule (``CELERY_BEAT_SCHEDULE`` in settings) runs ``dispatch_digests``
at minute 0 of every hour, ``send_reminders`` at minute 5 and
``sweep_notifications`` at minute 10, and ``sweep_webhooks`` every minute. Every instant crosses the broker as an
ISO 8601 string; a batch gets its period end passed in and never reads the
clock to decide what it covers.
"""

from __future__ import annotations

import dataclasses
import datetime

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import assessment_reminders, digests, figures, notifications, reminders
from .enqueue import publish
from .webhooks import delivery as webhooks


def parse_instant(value: str | None) -> datetime.datetime:
    """An ISO 8601 instant (naive means UTC); now when empty."""
    if not value:
        return timezone.now()
    moment = parse_datetime(value)
    if moment is None:
        raise ValueError(f"Not an ISO 8601 date and time: {value!r}")
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)


@shared_task(name="proposals.tasks.dispatch_digests", time_limit=120, soft_time_limit=100)
def dispatch_digests(at_iso: str | None = None, frequency: str | None = None) -> int:
    """Find the readers whose digest is due (one query) and fan out one batch task per ``digests.BATCH_SIZE``.

    Returns how many batches were published. Running it twice is harmless: a
    batch records and sends only what is missing.
    """
    at = parse_instant(at_iso)
    batches = digests.plan_batches(at, frequency)
    for batch in batches:
        publish(
            send_digest_batch.name,
            user_ids=batch.user_ids,
            frequency=batch.frequency,
            period_end_iso=batch.period_end.isoformat(),
        )
    return len(batches)


@shared_task(name="proposals.tasks.send_digest_batch", time_limit=300, soft_time_limit=270)
def send_digest_batch(user_ids: list[int], frequency: str, period_end_iso: str) -> dict:
    """Record, then mail once, the digests of these readers for the period ending at ``period_end_iso``."""
    outcome = digests.send_batch(user_ids, frequency, parse_instant(period_end_iso))
    return dataclasses.asdict(outcome)


@shared_task(name="proposals.tasks.send_reminders", time_limit=300, soft_time_limit=270)
def send_reminders(at_iso: str | None = None) -> dict:
    """The reminder sweep: record what became due (milestones, then the sides' assessments) and mail each once."""
    at = parse_instant(at_iso)
    outcome = reminders.send_due(at)
    assessments = assessment_reminders.send_due(at)
    outcome.sent += assessments.sent
    outcome.failed += assessments.failed
    return dataclasses.asdict(outcome)


@shared_task(name="proposals.tasks.refresh_figures", time_limit=600, soft_time_limit=540)
def refresh_figures(at_iso: str | None = None) -> int:
    """Bring every initiative's stored progress and health up to date for the programme's day; how many changed."""
    return figures.refresh_all(today=figures.programme_day(parse_instant(at_iso)))


@shared_task(name="proposals.tasks.deliver_notification", time_limit=60, soft_time_limit=50)
def deliver_notification(activity_id: int) -> int:
    """E-mail one event (an Activity) to the recipients who take immediate notifications, once each."""
    return notifications.notify(activity_id)


@shared_task(name="proposals.tasks.sweep_notifications", time_limit=300, soft_time_limit=270)
def sweep_notifications(at_iso: str | None = None) -> int:
    """Deliver the events of the last day whose ``deliver_notification`` was lost."""
    return notifications.sweep(parse_instant(at_iso))


@shared_task(name="proposals.tasks.fan_out_webhooks", time_limit=60, soft_time_limit=50)
def fan_out_webhooks(activity_id: int) -> int:
    """Make one event's deliveries to its group's webhooks and publish each; how many will be sent."""
    return len(webhooks.fan_out(activity_id))


@shared_task(name="proposals.tasks.deliver_webhook", time_limit=60, soft_time_limit=50)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at one webhook delivery when it is due; its status afterwards ("" when not attempted)."""
    delivery = webhooks.attempt(delivery_id)
    return delivery.status if delivery is not None else ""


@shared_task(name="proposals.tasks.sweep_webhooks", time_limit=60, soft_time_limit=50)
def sweep_webhooks(at_iso: str | None = None) -> dict:
    """Every minute: publish the webhook retries that fell due, and fan out events whose task was lost."""
    return webhooks.sweep(parse_instant(at_iso))

"""What the staff's status page shows: task runs, deliveries, the broker's queues, the workers, the database.

``gather`` costs a fixed number of queries however large the programme or the failure log, and
waits on the broker and the workers for a bounded time: connecting to the broker and reading each
queue's length within ``BROKER_TIMEOUT`` seconds (a broker that refuses or never answers is shown
as unreachable, and the workers are then not asked), and the workers' answers to a ping for
``PING_TIMEOUT`` seconds.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from celery import Celery, current_app
from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from kombu import Connection

from accounts.models import User
from tracker.redaction import mask_credentials

from ..models import (
    AssessmentReminder,
    Digest,
    Initiative,
    Notification,
    Reminder,
    TaskFailure,
    TaskRun,
    WebhookDelivery,
)
from .recording import periodic_task_names

#: The task that sends every digest; its last success tells whether beat and the workers are running.
DISPATCHER = "proposals.tasks.dispatch_digests"
#: The dispatcher runs every hour: no success for this long means beat or the workers are not running.
DISPATCHER_STALE_AFTER = datetime.timedelta(hours=2)
#: The window of the failure and delivery figures.
WINDOW = datetime.timedelta(hours=24)
#: Every sender gives up on a recorded row well within this (digests 24 h, reminders 2 days), so rows
#: sent in the window were recorded within it: the delivery figures read this much of each table.
RECORDED_WITHIN = datetime.timedelta(days=3)
#: How many of the window's failures are listed one by one.
RECENT_FAILURES = 20
BROKER_TIMEOUT = 2
PING_TIMEOUT = 1.0

TASK_LABELS: dict[str, Promise] = {
    DISPATCHER: _("Digest dispatcher"),
    "proposals.tasks.send_reminders": _("Reminders"),
    "proposals.tasks.refresh_figures": _("Progress and health refresh"),
    "proposals.tasks.sweep_notifications": _("Missed notifications sweep"),
    "proposals.tasks.sweep_webhooks": _("Webhook retries sweep"),
}


#: What the counts a periodic task returns mean: the key in the dict it returns ("" for a bare count),
#: and the words for it.
RESULT_WORDING: dict[str, tuple[tuple[str, Promise], ...]] = {
    "dispatch_digests": (
        ("", ngettext_lazy("%(count)d digest batch published", "%(count)d digest batches published", "count")),
    ),
    "send_reminders": (
        ("sent", ngettext_lazy("%(count)d reminder sent", "%(count)d reminders sent", "count")),
        ("failed", ngettext_lazy("%(count)d failed", "%(count)d failed", "count")),
    ),
    "refresh_figures": (
        (
            "",
            ngettext_lazy(
                "figures changed for %(count)d initiative", "figures changed for %(count)d initiatives", "count"
            ),
        ),
    ),
    "sweep_notifications": (
        ("", ngettext_lazy("%(count)d missed notification sent", "%(count)d missed notifications sent", "count")),
    ),
    "sweep_webhooks": (
        ("retries", ngettext_lazy("%(count)d webhook retry published", "%(count)d webhook retries published", "count")),
        ("events", ngettext_lazy("%(count)d missed event fanned out", "%(count)d missed events fanned out", "count")),
    ),
}


@dataclass
class PeriodicTask:
    name: str
    label: str
    run: TaskRun | None
    result: str


@dataclass
class FailureCount:
    name: str
    label: str
    count: int
    last_at: datetime.datetime


@dataclass
class Deliveries:
    digests_sent: int
    digests_unsent: int
    notifications_sent: int
    notifications_unsent: int
    reminders_sent: int
    reminders_unsent: int
    webhooks_waiting: int
    webhooks_retrying: int
    webhooks_failed: int


@dataclass
class QueueLength:
    name: str
    #: Messages waiting; None when the broker has no such queue (RabbitMQ, before any worker declared it).
    messages: int | None


@dataclass
class Broker:
    address: str
    reachable: bool
    error: str = ""
    queues: list[QueueLength] = field(default_factory=list)


@dataclass
class Workers:
    #: False when the broker is unreachable: nobody could be asked.
    asked: bool
    names: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class Database:
    vendor: str
    version: str
    size: int | None
    initiatives: int
    users: int


@dataclass
class OperationsStatus:
    now: datetime.datetime
    periodic: list[PeriodicTask]
    dispatcher_last_success: datetime.datetime | None
    dispatcher_stale: bool
    failure_counts: list[FailureCount]
    failures_total: int
    recent_failures: list[TaskFailure]
    deliveries: Deliveries
    broker: Broker
    workers: Workers
    database: Database


def label_of(task_name: str) -> str:
    return str(TASK_LABELS.get(task_name, task_name.rpartition(".")[2]))


def described_result(task_name: str, result: Any) -> str:
    """What a successful run did, in words, for the tasks the page knows; the raw value otherwise."""
    wording = RESULT_WORDING.get(task_name.rpartition(".")[2], ())
    counts = result if isinstance(result, dict) else {"": result}
    parts = [
        str(phrase % {"count": counts[key]})
        for key, phrase in wording
        if isinstance(counts.get(key), int) and not isinstance(counts[key], bool)
    ]
    if parts and len(parts) == len(wording):
        return " · ".join(parts)
    return "" if result is None else str(result)


def queue_names(app: Celery) -> list[str]:
    """The queues the site publishes to: the default one, any declared, and any a route names."""
    names = [app.conf.task_default_queue]
    names += [queue.name for queue in app.conf.task_queues or ()]
    routes = app.conf.task_routes or ()
    for routing in [routes] if isinstance(routes, dict) else routes:
        if not isinstance(routing, dict):
            continue  # a router function: its queues cannot be known in advance
        for route in routing.values():
            queue = route.get("queue") if isinstance(route, dict) else route
            if queue:
                names.append(getattr(queue, "name", queue))
    return list(dict.fromkeys(str(name) for name in names))


def _queue_length(broker: Connection, name: str) -> int | None:
    # A passive declare reads a queue's length without creating it, on Redis (the lengths of its
    # priority lists) and on RabbitMQ alike.
    channel: Any  # kombu types it as its abstract channel, which lacks the AMQP methods every transport has
    with broker.channel() as channel:
        try:
            return channel.queue_declare(queue=name, passive=True).message_count
        except broker.channel_errors:
            # Redis drops an empty list, so "no such queue" means empty; RabbitMQ has never declared it.
            return 0 if broker.transport.driver_type == "redis" else None


def broker_status(app: Celery) -> Broker:
    """The broker's address (without its password) and each queue's length, or why it cannot be read."""
    broker = app.connection_for_read(connect_timeout=BROKER_TIMEOUT)
    address = mask_credentials(str(app.conf.broker_url or ""))
    try:
        with broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
            queues = [QueueLength(name, _queue_length(broker, name)) for name in queue_names(app)]
    except Exception as error:  # refused, timed out, bad credentials: all mean "cannot be read now"
        return Broker(address=address, reachable=False, error=type(error).__name__)
    return Broker(address=address, reachable=True, queues=queues)


def worker_status(app: Celery, broker: Broker) -> Workers:
    """The workers that answered a ping within ``PING_TIMEOUT`` (only asked when the broker answers)."""
    if not broker.reachable:
        return Workers(asked=False)
    try:
        replies = app.control.ping(timeout=PING_TIMEOUT) or []
    except Exception as error:
        return Workers(asked=False, error=type(error).__name__)
    return Workers(asked=True, names=sorted({name for reply in replies for name in reply}))


def deliveries(now: datetime.datetime) -> Deliveries:
    """Digests, notifications and reminders sent in the window, those recorded in it but not sent, and webhooks."""
    since = now - WINDOW
    sent = Count("pk", filter=Q(sent_at__gte=since))
    unsent = Count("pk", filter=Q(sent_at__isnull=True, created_at__gte=since))
    recent = Q(created_at__gte=now - RECORDED_WITHIN)
    digests = Digest.objects.filter(recent).aggregate(
        sent=sent, unsent=Count("pk", filter=Q(sent_at__isnull=True, is_empty=False, created_at__gte=since))
    )
    notifications = Notification.objects.filter(recent).aggregate(sent=sent, unsent=unsent)
    reminders = Reminder.objects.filter(recent).aggregate(sent=sent, unsent=unsent)
    assessment_reminders = AssessmentReminder.objects.filter(recent).aggregate(sent=sent, unsent=unsent)
    status = WebhookDelivery.Status
    webhooks = WebhookDelivery.objects.filter(status__in=[status.PENDING, status.RETRYING, status.FAILED]).aggregate(
        waiting=Count("pk", filter=Q(status=status.PENDING)),
        retrying=Count("pk", filter=Q(status=status.RETRYING)),
        failed=Count("pk", filter=Q(status=status.FAILED, updated_at__gte=since)),
    )
    return Deliveries(
        digests_sent=digests["sent"],
        digests_unsent=digests["unsent"],
        notifications_sent=notifications["sent"],
        notifications_unsent=notifications["unsent"],
        reminders_sent=reminders["sent"] + assessment_reminders["sent"],
        reminders_unsent=reminders["unsent"] + assessment_reminders["unsent"],
        webhooks_waiting=webhooks["waiting"],
        webhooks_retrying=webhooks["retrying"],
        webhooks_failed=webhooks["failed"],
    )


def database() -> Database:
    """The database's kind, version and size on disk, and how many initiatives and users it holds."""
    size: int | None = None
    version = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        number = connection.pg_version  # type: ignore[attr-defined]  # PostgreSQL's backend only
        version = f"{number // 10000}.{number % 10000}"
    elif connection.vendor == "sqlite":
        version = sqlite3.sqlite_version
        path = str(connection.settings_dict["NAME"])
        size = os.path.getsize(path) if os.path.isfile(path) else None
    return Database(
        vendor=connection.display_name,
        version=version,
        size=size,
        initiatives=Initiative.objects.count(),
        users=User.objects.count(),
    )


def gather(*, now: datetime.datetime | None = None, app: Celery | None = None) -> OperationsStatus:
    """Everything the status page shows, read now: a fixed number of queries and bounded waits."""
    now = now or timezone.now()
    app = app or current_app
    names = periodic_task_names(app)
    runs = {run.task_name: run for run in TaskRun.objects.filter(task_name__in=names)}
    periodic = [
        PeriodicTask(
            name=name,
            label=label_of(name),
            run=runs.get(name),
            result=described_result(name, runs[name].result) if name in runs else "",
        )
        for name in names
    ]
    dispatcher = runs.get(DISPATCHER)
    last_success = dispatcher.last_succeeded_at if dispatcher else None
    since = now - WINDOW
    counts = [
        FailureCount(name=row["task_name"], label=label_of(row["task_name"]), count=row["count"], last_at=row["last"])
        for row in TaskFailure.objects.filter(created_at__gte=since)
        .values("task_name")
        .annotate(count=Count("pk"), last=Max("created_at"))
        .order_by("-count", "task_name")
    ]
    broker = broker_status(app)
    return OperationsStatus(
        now=now,
        periodic=periodic,
        dispatcher_last_success=last_success,
        dispatcher_stale=last_success is None or now - last_success > DISPATCHER_STALE_AFTER,
        failure_counts=counts,
        failures_total=sum(count.count for count in counts),
        recent_failures=list(TaskFailure.objects.filter(created_at__gte=since)[:RECENT_FAILURES]),
        deliveries=deliveries(now),
        broker=broker,
        workers=worker_status(app, broker),
        database=database(),
    )

"""The operations status page: who may open it, and what it tells an operator about the machinery.

Its figures come from the real thing: a Celery worker (``tracker_worker``) running tasks against
Redis and the suite's database, messages waiting in this run's own queue, a broker that refuses or
never answers, and RabbitMQ when one listens on 127.0.0.1:5672.
"""

import datetime
import html
import itertools
import re
import time

import pytest
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext
from kombu import Connection, Exchange, Queue

from proposals import digests
from proposals.enqueue import publish
from proposals.models import Digest, TaskFailure, TaskRun, WebhookDelivery
from proposals.models.operations import FAILURES_KEPT
from proposals.operations import recording
from proposals.operations.status import DISPATCHER
from tests import factories
from tests.celery.conftest import queue_length, started, tracker_worker, wait_for, wait_until_idle
from tests.celery.test_broker_down import broker_at, silent_broker
from tests.site.test_query_budgets import assert_budget_holds, report
from tracker.celery import app

__all__ = ["report", "tracker_worker"]  # fixtures borrowed from their own modules

URL = "/ops/status/"
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"
_serial = itertools.count()


def text_of(page: str) -> str:
    """The page's words as a reader sees them: no tags (inline ones join their text), entities decoded."""
    inline = re.sub(r"</?(?:code|span|a|strong|em)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def part(page: str, start: str, end: str) -> str:
    """The words of the page from the element whose id is ``start`` to the next ``end`` tag."""
    begin = page.index(f'id="{start}"')
    return text_of(page[begin : page.index(end, begin)])


def read_page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def task_row(page: str, task_name: str) -> str:
    return part(page, f"task-{task_name}", "</tr>")


@pytest.fixture
def staff(db):
    return factories.UserFactory(username="ops.han", is_staff=True)


@pytest.fixture
def staff_client(world, staff):
    return world.client(staff)


# --- who may open it ----------------------------------------------------------------------------------


def test_signed_out_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/ops/status/")


@pytest.mark.parametrize("role", ["member", "coordinator", "stakeholder"])
def test_users_who_are_not_staff_are_refused(world, role):
    user = world.user(role)
    response = world.client(user).get(URL)
    assert response.status_code == 403
    with translation.override(user.language):
        assert gettext("The operations status page is for staff and site admins.") in response.content.decode()


def test_navigation_offers_the_page_to_staff_only(world, staff):
    link = f'href="{URL}"'
    assert link in world.client(staff).get("/").content.decode()
    assert link not in world.client(world.coordinator).get("/").content.decode()


def test_staff_see_every_section(staff_client):
    page = text_of(read_page(staff_client))
    for heading in (
        "Operations status",
        "Periodic tasks",
        "Failed tasks (last 24 hours)",
        "Sent in the last 24 hours",
        "Broker and queues",
        "Workers",
        "Database",
    ):
        assert heading in page
    assert "Digest dispatcher proposals.tasks.dispatch_digests No run recorded yet" in page
    assert "No task failed in the last 24 hours." in page
    assert f"PostgreSQL {connection.pg_version // 10000}." in page


def test_a_site_admin_who_is_not_staff_sees_the_page(world):
    admin = factories.UserFactory(username="admin.park", is_superuser=True, is_staff=False)
    assert "Periodic tasks" in read_page(world.client(admin))


# --- periodic tasks -----------------------------------------------------------------------------------


def dispatcher_run(succeeded_ago: datetime.timedelta | None) -> TaskRun:
    now = timezone.now()
    return TaskRun.objects.create(
        task_name=DISPATCHER,
        task_id="dispatch-1",
        started_at=now - datetime.timedelta(minutes=1),
        finished_at=now,
        outcome=TaskRun.Outcome.SUCCEEDED if succeeded_ago is not None else TaskRun.Outcome.FAILED,
        result=0,
        last_succeeded_at=now - succeeded_ago if succeeded_ago is not None else None,
    )


@pytest.mark.parametrize(
    "succeeded_ago, warning",
    [
        (datetime.timedelta(hours=3), "The digest dispatcher last succeeded 3 hours ago, more than 2 hours ago"),
        (None, "The digest dispatcher has never succeeded since runs were first recorded"),
    ],
)
def test_a_dispatcher_without_a_recent_success_is_a_warning(staff_client, succeeded_ago, warning):
    dispatcher_run(succeeded_ago)
    warnings = part(read_page(staff_client), "warnings", "</ul>")
    assert warning in warnings and "Celery beat or the workers may not be running." in warnings


def test_a_dispatcher_that_succeeded_within_the_hour_is_no_warning(staff_client):
    dispatcher_run(datetime.timedelta(minutes=30))
    assert 'id="dispatcher-stale"' not in read_page(staff_client)


@pytest.mark.slow
@pytest.mark.celery_delivery
@pytest.mark.django_db(transaction=True)
def test_a_dispatcher_run_by_the_worker_shows_when_it_ran_and_what_it_published(world, staff, tracker_worker):
    at = timezone.now()
    expected = len(digests.plan_batches(at))
    assert expected >= 1  # the world's readers are due for their weekly digest
    before = started()
    publish(DISPATCHER, at_iso=at.isoformat())
    wait_until_idle(before, dispatch_digests=1, send_digest_batch=expected)
    run = TaskRun.objects.get(task_name=DISPATCHER)
    assert run.outcome == TaskRun.Outcome.SUCCEEDED and run.finished_at >= run.started_at

    page = read_page(world.client(staff))
    row = task_row(page, DISPATCHER)
    assert f"Succeeded {expected} digest batch" in row and row.endswith("0 minutes ago")
    assert 'id="dispatcher-stale"' not in page


@pytest.mark.slow
@pytest.mark.celery_delivery
@pytest.mark.django_db(transaction=True)
def test_a_failed_dispatcher_run_shows_its_error_and_keeps_the_last_success(world, staff, tracker_worker):
    last_success = timezone.now() - datetime.timedelta(minutes=50)
    TaskRun.objects.create(
        task_name=DISPATCHER, started_at=last_success, outcome=TaskRun.Outcome.SUCCEEDED, last_succeeded_at=last_success
    )
    publish(DISPATCHER, at_iso="yesterday")
    wait_for(lambda: TaskRun.objects.filter(task_name=DISPATCHER, outcome="failed").exists(), "the failed run")

    row = task_row(read_page(world.client(staff)), DISPATCHER)
    assert "Failed ValueError: Not an ISO 8601 date and time: 'yesterday'" in row
    assert "50 minutes ago" in row


# --- failed tasks -------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.celery_delivery
@pytest.mark.django_db(transaction=True)
def test_a_task_that_fails_in_the_worker_is_listed_with_its_error(world, staff, tracker_worker):
    publish("proposals.tasks.send_digest_batch", user_ids=[], frequency="weekly", period_end_iso="not a date")
    wait_for(lambda: TaskFailure.objects.exists(), "the failure to be recorded")

    failed = part(read_page(world.client(staff)), "failed-tasks", "</section>")
    assert "1 task failed." in failed
    assert "send_digest_batch 1 failure, the last at" in failed
    failure = TaskFailure.objects.get()
    assert f"proposals.tasks.send_digest_batch {failure.task_id}" in failed
    assert "ValueError: Not an ISO 8601 date and time: 'not a date'" in failed


@pytest.mark.slow
@pytest.mark.celery_delivery
@pytest.mark.django_db(transaction=True)
def test_a_run_that_cannot_be_recorded_still_does_its_work(world, tracker_worker, caplog):
    at = timezone.now()
    due = digests.due_readers(at)
    batches = len(digests.plan_batches(at))
    before = started()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE proposals_taskrun RENAME TO proposals_taskrun_away")
    try:
        publish(DISPATCHER, at_iso=at.isoformat())
        wait_until_idle(before, dispatch_digests=1, send_digest_batch=batches)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE proposals_taskrun_away RENAME TO proposals_taskrun")
    # The dispatcher published its batches, and they recorded every due reader's digest.
    assert Digest.objects.filter(user_id__in=[reader["id"] for reader in due]).count() == len(due) > 0
    assert "Could not record the start of proposals.tasks.dispatch_digests" in caplog.text
    assert "Could not record the end of proposals.tasks.dispatch_digests" in caplog.text
    assert not TaskFailure.objects.exists()


def test_a_failure_message_is_stored_short_and_without_credentials(db):
    error = ConnectionError("Error connecting to redis://:hunter2@cache.internal:6379/0. " + "x" * 1000)
    recording.record_failure(task_name="proposals.tasks.deliver_webhook", task_id="abc", error=error)
    failure = TaskFailure.objects.get()
    assert failure.error_class == "ConnectionError"
    assert failure.error_message.startswith("Error connecting to redis://:***@cache.internal:6379/0. xxx")
    assert "hunter2" not in failure.error_message and len(failure.error_message) == 500


def test_old_failures_are_pruned_as_new_ones_are_recorded(db):
    now = timezone.now()
    week_old = TaskFailure.objects.create(task_name="proposals.tasks.deliver_webhook", error_class="ValueError")
    TaskFailure.objects.filter(pk=week_old.pk).update(created_at=now - datetime.timedelta(days=8))
    TaskFailure.objects.bulk_create(
        TaskFailure(task_name="proposals.tasks.deliver_notification", error_class="SMTPException")
        for _ in range(FAILURES_KEPT)
    )
    oldest_kept_before = TaskFailure.objects.order_by("pk").values_list("pk", flat=True)[1]
    recording.record_failure(task_name="proposals.tasks.fan_out_webhooks", task_id="t1", error=KeyError("x"))
    assert not TaskFailure.objects.filter(pk__in=[week_old.pk, oldest_kept_before]).exists()
    assert TaskFailure.objects.count() == FAILURES_KEPT


# --- deliveries ---------------------------------------------------------------------------------------


def test_deliveries_count_what_was_sent_and_what_waits(staff_client, world):
    now = timezone.now()
    for user in (world.member, world.submitter):
        factories.DigestFactory(user=user, sent_at=now - datetime.timedelta(hours=2))
    factories.DigestFactory(user=world.owner)  # recorded, not sent
    factories.DigestFactory(user=world.coordinator, is_empty=True)  # empty digests are never mailed
    factories.DigestFactory(
        user=world.stakeholder,
        sent_at=now - datetime.timedelta(hours=30),
        period_start=now - datetime.timedelta(days=9),
    )  # sent before the window
    factories.NotificationFactory(recipient=world.member, sent_at=now)
    factories.NotificationFactory(recipient=world.submitter)
    factories.WebhookDeliveryFactory(status=WebhookDelivery.Status.RETRYING)
    factories.WebhookDeliveryFactory(status=WebhookDelivery.Status.FAILED)

    sent = part(read_page(staff_client), "deliveries", "</section>")
    assert "Digests 2 sent · 1 recorded, not sent" in sent
    assert "Notifications 1 sent · 1 recorded, not sent" in sent
    assert "Reminders 0 sent · 0 recorded, not sent" in sent
    assert "Webhook deliveries 0 waiting · 1 failing, will retry · 1 given up" in sent


# --- broker, queues and workers -----------------------------------------------------------------------


def test_queue_length_counts_the_messages_waiting_for_a_worker(staff_client):
    queue = app.conf.task_default_queue
    app.control.purge()
    try:
        for _ in range(3):
            assert publish("proposals.tasks.refresh_figures")
        assert queue_length() == 3
        queues = part(read_page(staff_client), "queues", "</section>")
    finally:
        app.control.purge()
    assert f"{queue} 3 messages waiting" in queues
    assert "127.0.0.1:6379" in queues


@pytest.mark.slow
@pytest.mark.celery_delivery
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_answers_the_heartbeat(world, staff, tracker_worker):
    page = read_page(world.client(staff))
    assert tracker_worker.hostname in part(page, "workers", "</section>")
    assert 'id="no-workers"' not in page


def test_no_worker_answering_is_a_warning(staff_client, settings):
    # A database of Redis no worker listens on (broadcasts are per database), so no other run's worker answers.
    with broker_at(settings, "redis://127.0.0.1:6379/14"):
        page = read_page(staff_client)
    assert "No worker answered: queued tasks wait until a worker runs." in part(page, "warnings", "</ul>")
    assert "No worker answered" in part(page, "workers", "</section>")


def test_a_refusing_broker_is_shown_unreachable_and_the_page_still_answers(staff_client, settings):
    with broker_at(settings, "redis://:hunter2@127.0.0.1:1/0"):  # nothing listens on port 1
        started_at = time.monotonic()
        page = read_page(staff_client)
        elapsed = time.monotonic() - started_at
    assert elapsed < 4
    assert "Broker unreachable: nothing can be queued" in part(page, "warnings", "</ul>")
    queues = part(page, "queues", "</section>")
    assert "Broker redis://:***@127.0.0.1:1/0 State Broker unreachable" in queues and "hunter2" not in page
    assert "Not asked: the broker is unreachable." in part(page, "workers", "</section>")


def test_a_broker_that_never_answers_costs_the_page_a_few_seconds_at_most(staff_client, settings):
    with silent_broker() as url, broker_at(settings, url):
        started_at = time.monotonic()
        page = read_page(staff_client)
        elapsed = time.monotonic() - started_at
    assert elapsed < 5
    assert "Broker unreachable" in part(page, "queues", "</section>")


def test_queue_length_on_rabbitmq(staff_client, settings):
    name = app.conf.task_default_queue
    queue = Queue(name, Exchange(name), routing_key=name)
    with broker_at(settings, RABBITMQ):
        try:
            assert f"{name} not declared yet" in part(read_page(staff_client), "queues", "</section>")
            with Connection(RABBITMQ) as broker:
                producer = broker.Producer()
                for _ in range(2):
                    producer.publish({"waiting": True}, exchange=queue.exchange, routing_key=name, declare=[queue])
            assert f"{name} 2 messages waiting" in part(read_page(staff_client), "queues", "</section>")
        finally:
            with Connection(RABBITMQ) as broker:
                queue(broker.default_channel).delete()


# --- cost ---------------------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_however_much_it_counts(
    staff_client, world, django_assert_max_num_queries, report
):
    now = timezone.now()
    for name in app.conf.beat_schedule.values():
        TaskRun.objects.create(task_name=name["task"], started_at=now, outcome="succeeded", last_succeeded_at=now)

    def add(count):
        for _ in range(count):
            n = next(_serial)
            TaskFailure.objects.create(task_name=f"proposals.tasks.task_{n}", task_id=str(n), error_class="KeyError")
            TaskRun.objects.create(task_name=f"proposals.tasks.other_{n}", started_at=now)
            factories.DigestFactory(sent_at=now)
            factories.NotificationFactory(recipient=world.member)
            factories.WebhookDeliveryFactory(status=WebhookDelivery.Status.RETRYING)

    assert_budget_holds(staff_client, URL, add, django_assert_max_num_queries, report)

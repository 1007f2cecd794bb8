"""An embedded Celery worker on the project's own app, against the real Redis.

The worker runs in threads of the test process (so ``mail.outbox`` sees what it
sends) and consumes the queue of this test run only (``CELERY_TASK_DEFAULT_QUEUE``
in ``tracker.settings_test`` is named after the test database), purged first.
Tests that use it are transactional, so the worker's threads see committed rows.
"""

import time
from collections import Counter

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.worker import state
from django.conf import settings

from tracker.celery import app

WAIT_SECONDS = 20


@pytest.fixture
def tracker_worker(settings):
    settings.CELERY_WORKER_HIJACK_ROOT_LOGGER = False
    app.loader.import_default_modules()
    app.control.purge()
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30
    ) as worker:
        yield worker


def queue_length() -> int:
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2)
    return client.llen(app.conf.task_default_queue)


def started() -> Counter:
    """How many tasks of each name the worker has started so far (across the whole session)."""
    return Counter(state.total_count)


def wait_for(condition, what: str, timeout: float = WAIT_SECONDS) -> None:
    """Poll ``condition`` until it holds (bounded; the worker runs in other threads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


def wait_until_idle(after: Counter, **at_least: int) -> None:
    """Wait until the worker has started at least these many tasks since ``after`` and nothing is left to do."""

    def idle() -> bool:
        now = started()
        if any(now[f"proposals.tasks.{name}"] - after[f"proposals.tasks.{name}"] < n for name, n in at_least.items()):
            return False
        return not state.active_requests and not state.reserved_requests and queue_length() == 0

    wait_for(idle, f"the worker to run {at_least} and go idle")
    time.sleep(0.2)  # a message popped from Redis but not yet reserved would show up now
    wait_for(idle, "the worker to stay idle")

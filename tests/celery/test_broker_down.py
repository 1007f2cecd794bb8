"""With Redis unreachable, writes still succeed within a bounded time; digests still tell the story."""

import datetime
import logging
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.utils import timezone

from proposals import digests, services
from proposals.models import Digest, Milestone
from tests.mailbox import mails_to
from tracker.celery import app

pytestmark = pytest.mark.django_db(transaction=True)

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


def forget_broker_connections():
    """Make the app look up its connection pools again, for the broker the settings name now.

    (kombu keeps one pool per broker address; closing one would break it for the rest of the run.)
    """
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(settings, url: str) -> Iterator[None]:
    """The app publishes to the broker at ``url`` inside the block; its connections are looked up again after."""
    settings.CELERY_BROKER_URL = url
    forget_broker_connections()
    try:
        yield
    finally:
        forget_broker_connections()


@contextmanager
def silent_broker() -> Iterator[str]:
    """The address of a broker that accepts connections and never answers (for the block's length)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections complete in the kernel's backlog; nothing ever replies
        yield f"redis://127.0.0.1:{silent.getsockname()[1]}/0"


@pytest.fixture
def redis_down(settings):
    with broker_at(settings, NOTHING_LISTENS):
        yield


def test_broker_is_configured_to_fail_fast():
    assert app.conf.broker_connection_timeout <= 2
    options = app.conf.broker_transport_options
    assert options["socket_connect_timeout"] <= 2 and options["socket_timeout"] <= 2
    assert options["max_retries"] <= 2


def test_approval_is_saved_and_the_error_logged_when_redis_is_unreachable(
    redis_down, world, submitted_milestone, caplog
):
    milestone = submitted_milestone
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="proposals.enqueue"):
        services.approve_milestone(milestone=milestone, actor=world.coordinator, note="Well done.")
    assert time.monotonic() - started < 3
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.APPROVED
    assert "Could not publish proposals.tasks.deliver_notification" in caplog.text


def test_next_dispatcher_run_still_puts_the_approval_in_the_digest(redis_down, world, submitted_milestone):
    member = world.submitter
    services.approve_milestone(milestone=submitted_milestone, actor=world.coordinator, note="Well done.")
    assert mails_to(member) == []
    next_monday = digests.period_end_for(timezone.now() + datetime.timedelta(days=7), "UTC", "weekly")
    digests.run(next_monday + datetime.timedelta(minutes=5))
    digest = Digest.objects.get(user=member)
    [approved] = digest.content["sections"]["approved"]
    assert approved["milestone"]["title"] == "Draft agreement" and approved["mine"] is True
    assert "Draft agreement" in mails_to(member)[0].body


def test_a_broker_that_accepts_but_never_answers_costs_at_most_a_few_seconds(
    settings, world, submitted_milestone, caplog
):
    milestone = submitted_milestone
    with silent_broker() as url, broker_at(settings, url):
        started = time.monotonic()
        with caplog.at_level(logging.ERROR, logger="proposals.enqueue"):
            services.approve_milestone(milestone=milestone, actor=world.coordinator)
        elapsed = time.monotonic() - started
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.APPROVED
    assert elapsed < 4 and "Could not publish" in caplog.text


def test_approving_on_the_site_redirects_and_saves_when_redis_is_unreachable(
    redis_down, world, submitted_milestone, caplog
):
    milestone = submitted_milestone
    client = world.client(world.coordinator)
    with caplog.at_level(logging.ERROR, logger="proposals.enqueue"):
        response = client.post(
            f"/milestones/{milestone.pk}/approve/", {"version": milestone.version, "note": "Well done."}
        )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.APPROVED
    assert "Could not publish" in caplog.text
    page = client.get(response["Location"])
    assert "The milestone is approved." in page.content.decode()

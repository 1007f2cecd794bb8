"""The mail server down, then silent, then back: nothing is marked sent meanwhile, and then each e-mail leaves once.

Mail goes over SMTP to one address on 127.0.0.1 for the whole test, as a deployment's ``EMAIL_URL`` names one
server: first nothing listens there (connections are refused), then a socket accepts connections and never
answers the greeting (``EMAIL_TIMEOUT`` is one second here), then a real SMTP server (aiosmtpd) takes the
mail and counts what each recipient received. Once it is back, a real Celery worker on the project's app
runs the hourly dispatcher and the notification sweep.
"""

from __future__ import annotations

import datetime
import socket
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db.models import F
from django.utils import timezone

from proposals import digests, services
from proposals.digests import periods
from proposals.models import Digest, Milestone, Notification
from proposals.notifications import SWEEP_SETTLE
from proposals.tasks import deliver_notification, dispatch_digests, send_digest_batch, sweep_notifications
from tests import factories
from tests.celery.conftest import started, tracker_worker, wait_until_idle
from tests.celery.test_delivery import readers_following_an_overdue_milestone

__all__ = ["tracker_worker"]  # a fixture borrowed from tests/celery

pytestmark = [
    pytest.mark.celery_delivery,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("tracker_worker"),
]

#: Seconds before a silent mail server counts as down (20 by default).
TIMEOUT = 1


class Inbox:
    """aiosmtpd's handler: every message accepted, by envelope recipient."""

    def __init__(self) -> None:
        self.recipients: Counter[str] = Counter()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.recipients.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


class MailServer:
    """One SMTP address whose server a test takes down, makes silent or brings back."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()

    @contextmanager
    def silent(self) -> Iterator[None]:
        """Connections are accepted (by the kernel, into the queue) and never greeted."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        try:
            yield
        finally:
            listener.close()

    @contextmanager
    def up(self) -> Iterator[Inbox]:
        controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        controller.start()
        try:
            yield self.inbox
        finally:
            controller.stop()


@pytest.fixture
def mail_server(settings) -> MailServer:
    """The site's SMTP settings pointing at a free port on 127.0.0.1 where nothing listens yet."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, TIMEOUT
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return MailServer(port)


def unsent(model) -> int:
    return model.objects.filter(sent_at__isnull=True).count()


def send_due_batches_inline(at: datetime.datetime) -> dict[str, int]:
    """What the dispatcher's batch tasks do, run here so their answer is seen (and anything raised)."""
    outcomes: Counter[str] = Counter()
    for batch in digests.plan_batches(at):
        outcomes.update(send_digest_batch(batch.user_ids, batch.frequency, batch.period_end.isoformat()))
    return dict(outcomes)


def test_digests_wait_while_the_mail_server_is_down_or_silent_then_each_leaves_once(mail_server):
    readers, now = readers_following_an_overdue_milestone(3)
    addresses = {reader.email for reader in readers}

    # Down: the batch records the digests and mails none; nothing is raised.
    assert send_due_batches_inline(now) == {"sent": 0, "empty": 0, "failed": 3}
    assert Digest.objects.filter(user__in=readers).count() == 3
    assert unsent(Digest) == 3

    # An hour later (their rows older than STALE_AFTER), the next run finds them again; the server is silent.
    Digest.objects.update(created_at=F("created_at") - periods.STALE_AFTER - datetime.timedelta(minutes=1))
    with mail_server.silent():
        began = time.monotonic()
        assert send_due_batches_inline(now) == {"sent": 0, "empty": 0, "failed": 3}
        assert time.monotonic() - began < 2 * TIMEOUT, "each digest waited for the silent server"
    assert Digest.objects.filter(user__in=readers).count() == 3
    assert unsent(Digest) == 3

    # Back: the next dispatcher run, through the worker, mails each digest once; a further run mails nothing.
    with mail_server.up() as inbox:
        for _ in range(2):
            before = started()
            dispatch_digests.delay(at_iso=timezone.now().isoformat())
            wait_until_idle(before, dispatch_digests=1)
        assert {address: inbox.recipients[address] for address in addresses} == dict.fromkeys(addresses, 1)
    assert sum(inbox.recipients.values()) == 3
    assert unsent(Digest) == 0


def test_notifications_wait_while_the_mail_server_is_down_or_silent_then_the_sweep_sends_each_once(mail_server, world):
    for user in (world.coordinator, world.other_coordinator, world.member):
        user.email_notifications = True
        user.save(update_fields=["email_notifications"])
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, title="Draft agreement", status=Milestone.Status.IN_PROGRESS
    )

    # Down: the worker's delivery of the review request (both coordinators) sends nothing and marks nothing.
    before = started()
    services.submit_milestone(milestone=milestone, actor=world.member)
    wait_until_idle(before, deliver_notification=1)
    assert Notification.objects.count() == 2
    assert unsent(Notification) == 2
    submitted = milestone.activities.get(verb="milestone.submitted")
    assert deliver_notification(submitted.pk) == 0, "tried again, still down: nothing raised"

    # Silent: the approval's notice to the member, and the sweep over both events, each fail within the timeout.
    with mail_server.silent():
        before = started()
        services.approve_milestone(milestone=milestone, actor=world.coordinator, note="Agreed.")
        wait_until_idle(before, deliver_notification=1)
        began = time.monotonic()
        assert sweep_notifications((timezone.now() + SWEEP_SETTLE).isoformat()) == 0
        assert time.monotonic() - began < 3 * TIMEOUT + 2
    assert Notification.objects.count() == 3
    assert unsent(Notification) == 3

    # Back: the hourly sweep, through the worker, sends each once; another sweep sends nothing more.
    with mail_server.up() as inbox:
        for _ in range(2):
            before = started()
            sweep_notifications.delay(at_iso=(timezone.now() + SWEEP_SETTLE).isoformat())
            wait_until_idle(before, sweep_notifications=1)
    assert dict(inbox.recipients) == {
        world.coordinator.email: 1,
        world.other_coordinator.email: 1,
        world.member.email: 1,
    }
    assert unsent(Notification) == 0

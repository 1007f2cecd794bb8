"""Delivery through a real Celery worker and the real Redis: dispatcher → batch tasks → mails, each once."""

import datetime
import threading

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from proposals import digests, services
from proposals.digests import periods
from proposals.models import Digest, Milestone
from proposals.tasks import dispatch_digests
from tests import factories
from tests.celery.conftest import started, wait_for, wait_until_idle
from tests.mailbox import mails_to

pytestmark = [pytest.mark.celery_delivery, pytest.mark.django_db(transaction=True)]


def readers_following_an_overdue_milestone(count: int) -> tuple[list, datetime.datetime]:
    """``count`` weekly readers in UTC whose current digest is due now and has something to say."""
    now = timezone.now()
    period_end = digests.period_end_for(now, "UTC", "weekly")
    initiative = factories.InitiativeFactory(title="Currency swap expansion", slug="currency-swap")
    factories.MilestoneFactory(
        initiative=initiative,
        title="Legal opinion",
        status=Milestone.Status.IN_PROGRESS,
        due_date=period_end.date() - datetime.timedelta(days=1),
    )
    readers = factories.UserFactory.create_batch(count, time_zone="UTC", digest_frequency="weekly")
    for reader in readers:
        factories.FollowFactory(user=reader, initiative=initiative)
    return readers, now


def assert_one_digest_each(readers) -> None:
    counts = {reader.username: len(mails_to(reader)) for reader in readers}
    assert set(counts.values()) == {1}, {name: n for name, n in counts.items() if n != 1}
    assert Digest.objects.filter(user__in=readers, sent_at__isnull=False).count() == len(readers)


@pytest.mark.slow
def test_dispatcher_fans_out_batches_that_mail_each_reader_once(tracker_worker):
    readers, now = readers_following_an_overdue_milestone(digests.BATCH_SIZE + 10)
    before = started()
    dispatch_digests.delay(at_iso=now.isoformat())
    wait_until_idle(before, dispatch_digests=1, send_digest_batch=2)
    assert_one_digest_each(readers)
    message = mails_to(readers[0])[0]
    assert "Legal opinion" in message.body and message.extra_headers["List-Unsubscribe-Post"]

    before = started()
    dispatch_digests.delay(at_iso=(now + datetime.timedelta(hours=1)).isoformat())
    wait_until_idle(before, dispatch_digests=1)
    assert started()["proposals.tasks.send_digest_batch"] == before["proposals.tasks.send_digest_batch"]
    assert_one_digest_each(readers)


@pytest.mark.slow
def test_two_dispatcher_runs_at_once_still_mail_each_reader_once(tracker_worker):
    readers, now = readers_following_an_overdue_milestone(12)
    before = started()
    dispatch_digests.delay(at_iso=now.isoformat())
    dispatch_digests.delay(at_iso=now.isoformat())
    wait_until_idle(before, dispatch_digests=2, send_digest_batch=1)
    assert_one_digest_each(readers)


@pytest.mark.slow
def test_redispatch_after_a_worker_died_mid_batch_sends_the_rest_once(tracker_worker):
    readers, now = readers_following_an_overdue_milestone(10)
    [batch] = digests.plan_batches(now)
    # The killed worker had recorded the batch and mailed four digests.
    pending, _ = digests.record(batch.user_ids, batch.frequency, batch.period_end)
    for digest in pending[:4]:
        digests.deliver(digest)
    Digest.objects.update(created_at=F("created_at") - periods.STALE_AFTER - datetime.timedelta(minutes=1))
    assert len(mails_to(readers[0])) + sum(len(mails_to(r)) for r in readers[1:]) == 4

    before = started()
    dispatch_digests.delay(at_iso=now.isoformat())
    wait_until_idle(before, dispatch_digests=1, send_digest_batch=1)
    assert_one_digest_each(readers)


@pytest.mark.slow
def test_approval_notification_is_mailed_by_the_worker_after_commit(tracker_worker, world):
    coordinator, member = world.coordinator, world.member
    milestone = factories.MilestoneFactory(
        initiative=world.initiative, title="Draft agreement", status=Milestone.Status.IN_PROGRESS
    )
    services.submit_milestone(milestone=milestone, actor=member)
    wait_for(lambda: len(mails_to(coordinator)) == 1, "the review request")
    services.approve_milestone(milestone=milestone, actor=coordinator, note="Well done.")
    wait_for(lambda: len(mails_to(member)) == 1, "the approval notice")
    assert mails_to(member)[0].subject == "Approved: Draft agreement"


def test_two_workers_on_the_same_batch_mail_each_reader_once():
    """Row locks, not luck: two threads run the same batch at the same moment."""
    readers, now = readers_following_an_overdue_milestone(8)
    [batch] = digests.plan_batches(now)
    barrier, errors = threading.Barrier(2), []

    def worker():
        try:
            barrier.wait(timeout=10)
            digests.send_batch(batch.user_ids, batch.frequency, batch.period_end)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert_one_digest_each(readers)

"""The tasks themselves: registered, scheduled by beat from settings, time-limited, taking ids and ISO times."""

import datetime

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings

from proposals import tasks
from proposals.models import Digest, Follow, Milestone
from tests import factories
from tests.mailbox import mails_to
from tracker.celery import app

TASKS = ("dispatch_digests", "send_digest_batch", "send_reminders", "deliver_notification", "sweep_notifications")


def test_beat_runs_the_dispatcher_on_the_hour_and_the_sweeps_after_it():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["proposals.tasks.dispatch_digests"] == crontab(minute=0)
    assert schedule["proposals.tasks.send_reminders"] == crontab(minute=5)
    assert schedule["proposals.tasks.sweep_notifications"] == crontab(minute=10)
    app.loader.import_default_modules()
    assert set(schedule) <= set(app.tasks)


@pytest.mark.parametrize("name", TASKS)
def test_every_task_has_time_limits(name):
    task = getattr(tasks, name)
    assert task.time_limit and task.soft_time_limit and task.soft_time_limit < task.time_limit


def test_instants_cross_the_broker_as_iso_strings():
    assert tasks.parse_instant("2026-11-30T23:00:00") == datetime.datetime(2026, 11, 30, 23, tzinfo=datetime.UTC)
    assert tasks.parse_instant("2026-12-01T08:00:00+09:00") == datetime.datetime(2026, 11, 30, 23, tzinfo=datetime.UTC)
    with pytest.raises(ValueError):
        tasks.parse_instant("next monday")


def test_dispatcher_fans_out_and_batches_send_when_run_inline(db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    initiative = factories.InitiativeFactory()
    factories.MilestoneFactory(
        initiative=initiative, status=Milestone.Status.IN_PROGRESS, due_date=datetime.date(2026, 11, 20)
    )
    readers = factories.UserFactory.create_batch(3, time_zone="Asia/Seoul")
    Follow.objects.bulk_create([Follow(user=reader, initiative=initiative) for reader in readers])
    at = datetime.datetime(2026, 11, 30, 0, 5, tzinfo=datetime.UTC)
    with time_machine.travel(at, tick=False):
        assert tasks.dispatch_digests(at_iso=at.isoformat()) == 1
        assert tasks.dispatch_digests(at_iso=at.isoformat()) == 0
    assert [len(mails_to(reader)) for reader in readers] == [1, 1, 1]
    assert Digest.objects.filter(sent_at__isnull=False).count() == 3

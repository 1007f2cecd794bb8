"""Publishing Celery work by task name after a transaction commits, without ever failing the write.

The write path names the task it wants run (``"proposals.tasks.deliver_notification"``)
and never imports the module that defines it; ``proposals.tasks`` is the only other
module that knows Celery.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction

logger = logging.getLogger(__name__)

#: Raised inside a task close to its time limit; loops that survive one item's failure must let it through.
TimeLimitReached = SoftTimeLimitExceeded

# A broker that is down must not keep a request waiting: a short, bounded publish retry.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def task_named(task_name: str) -> Any:
    """The registered task, loading the apps' task modules first where nothing has yet (a web process).

    A worker imports every app's ``tasks`` module when it starts; a web process never imports them
    itself, so without this its first publish would find no task of that name and fall to the sweep.
    """
    if task_name not in current_app.tasks:
        current_app.loader.import_default_modules()  # runs the app's autodiscovery (tracker/celery.py)
    return current_app.tasks[task_name]


def publish(task_name: str, **kwargs: Any) -> bool:
    """Send the task now; log and return False if the broker cannot take it."""
    try:
        task_named(task_name).apply_async(kwargs=kwargs, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:  # kombu.exceptions.OperationalError, redis errors, timeouts: all mean "not sent"
        logger.exception("Could not publish %s(%s); a periodic sweep will pick the work up.", task_name, kwargs)
        return False
    return True


def publish_on_commit(task_name: str, **kwargs: Any) -> None:
    """Publish the task once the surrounding transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: publish(task_name, **kwargs))

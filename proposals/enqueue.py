"""Publishing Celery tasks after a transaction commits, without ever failing the write."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

# A broker that is down must not keep a request waiting: a short, bounded publish retry.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def publish(task, **kwargs) -> bool:
    """Send the task now; log and return False if the broker cannot take it."""
    try:
        task.apply_async(kwargs=kwargs, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:  # kombu.exceptions.OperationalError, redis errors, timeouts: all mean "not sent"
        logger.exception("Could not publish %s(%s); a periodic sweep will pick the work up.", task.name, kwargs)
        return False
    return True


def enqueue_on_commit(task, **kwargs) -> None:
    """Publish the task once the surrounding transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: publish(task, **kwargs))

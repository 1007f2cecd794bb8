"""Task runs recorded from Celery's signals: each periodic task's last run, and every failure of any task.

A periodic task is one the beat schedule names (``CELERY_BEAT_SCHEDULE``). When one starts
(``task_prerun``) its ``TaskRun`` row is written over in one upsert; when it ends
(``task_postrun``) the same row, if it still belongs to this run, gets the finish time, the
outcome and what the task returned. A failure (``task_failure``: an exception, a hard time limit
or a lost worker, the last two reported by the worker's main process where no ``task_postrun``
follows) adds a ``TaskFailure`` row, prunes old ones, and marks the periodic task's run failed.

Recording never makes a task fail or slows it by more than a write: each write runs in its own
savepoint, and any error (the database down, the table missing) is logged and swallowed. Runs in
the caller's own process (``CELERY_TASK_ALWAYS_EAGER``, ``Task.apply``) are not recorded: the
page they feed is about the workers.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import Celery, Task, states
from celery.signals import task_failure, task_postrun, task_prerun
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tracker.redaction import mask_credentials

from ..models import TaskFailure, TaskRun
from ..models.operations import (
    ERROR_CLASS_MAX_LENGTH,
    ERROR_MESSAGE_MAX_LENGTH,
    FAILURE_RETENTION,
    FAILURES_KEPT,
    TASK_NAME_MAX_LENGTH,
)

logger = logging.getLogger(__name__)

#: A returned value whose JSON is longer than this is kept as a shortened text instead.
RESULT_MAX_LENGTH = 500
Outcome = TaskRun.Outcome


def periodic_task_names(app: Celery) -> list[str]:
    """The tasks the beat schedule runs, in its order, each once."""
    names = [entry["task"] for entry in (app.conf.beat_schedule or {}).values() if "task" in entry]
    return list(dict.fromkeys(names))


def one_line(text: str) -> str:
    """``text`` on one line, without control characters (a message may carry a traceback or terminal colours)."""
    return "".join(char for char in " ".join(text.split()) if char.isprintable())


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_error(exception: BaseException | None) -> tuple[str, str]:
    """The exception's class (with its module, unless a built-in) and its message, credentials masked, shortened."""
    if exception is None:
        return "", ""
    kind = type(exception)
    # Celery wraps an exception it cannot pickle, keeping the original class's name.
    name = getattr(exception, "exc_cls_name", None) or (
        kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    )
    message = one_line(mask_credentials(str(exception)))
    return shortened(name, ERROR_CLASS_MAX_LENGTH), shortened(message, ERROR_MESSAGE_MAX_LENGTH)


def summarised(result: Any) -> Any:
    """What a task returned, as small JSON (counts), or a shortened text of it."""
    try:
        encoded = json.dumps(result)
    except (TypeError, ValueError):
        return shortened(repr(result), RESULT_MAX_LENGTH)
    return result if len(encoded) <= RESULT_MAX_LENGTH else shortened(encoded, RESULT_MAX_LENGTH)


def _worker_run(task: Task | None) -> Task | None:
    """The task, when a worker runs it (not the caller's own process)."""
    return None if task is None or task.request.is_eager else task


@contextmanager
def _never_failing(what: str) -> Iterator[None]:
    """Run the writes in a savepoint; log any error and carry on."""
    try:
        with transaction.atomic():
            yield
    except Exception:
        logger.exception("Could not record %s; the task itself is not affected.", what)


def record_start(*, task_name: str, task_id: str) -> None:
    """A periodic task started: its row now describes this run (its last success is kept)."""
    now = timezone.now()
    run = TaskRun(task_name=task_name, task_id=task_id or "", started_at=now, outcome=Outcome.RUNNING)
    with _never_failing(f"the start of {task_name}"):
        TaskRun.objects.bulk_create(
            [run],
            update_conflicts=True,
            unique_fields=["task_name"],
            update_fields=[
                "task_id",
                "started_at",
                "finished_at",
                "outcome",
                "result",
                "error_class",
                "error_message",
                "updated_at",
            ],
        )


def record_end(
    *, task_name: str, task_id: str, outcome: str, result: Any = None, error: BaseException | None = None
) -> None:
    """A periodic task ended. Its row is updated only if it still describes this run; a success counts regardless."""
    now = timezone.now()
    error_class, error_message = describe_error(error)
    ended = {
        "finished_at": now,
        "outcome": outcome,
        "result": summarised(result) if outcome == Outcome.SUCCEEDED else None,
        "error_class": error_class,
        "error_message": error_message,
        "updated_at": now,
    }
    if outcome == Outcome.SUCCEEDED:
        ended["last_succeeded_at"] = now
    with _never_failing(f"the end of {task_name}"):
        updated = TaskRun.objects.filter(task_name=task_name, task_id=task_id or "").update(**ended)
        if not updated and outcome == Outcome.SUCCEEDED:
            # A later run of the same task has started since: keep its row, but not a stale "last success".
            TaskRun.objects.filter(task_name=task_name).update(last_succeeded_at=now, updated_at=now)


def record_failure(*, task_name: str, task_id: str, error: BaseException | None) -> None:
    """Any task failed: one row, and the old ones pruned (by age, and to a fixed number)."""
    error_class, error_message = describe_error(error)
    with _never_failing(f"the failure of {task_name}"):
        failure = TaskFailure.objects.create(
            task_name=shortened(task_name, TASK_NAME_MAX_LENGTH),
            task_id=task_id or "",
            error_class=error_class,
            error_message=error_message,
        )
        TaskFailure.objects.filter(
            Q(created_at__lt=failure.created_at - FAILURE_RETENTION) | Q(pk__lte=failure.pk - FAILURES_KEPT)
        ).delete()


# --- Celery's signals ---------------------------------------------------------------------------------


def on_task_prerun(sender: Task | None = None, task_id: str = "", task: Task | None = None, **kwargs: Any) -> None:
    task = _worker_run(task)
    if task is not None and task.name in periodic_task_names(task.app):
        record_start(task_name=task.name, task_id=task_id)


def on_task_postrun(
    sender: Task | None = None,
    task_id: str = "",
    task: Task | None = None,
    retval: Any = None,
    state: str | None = None,
    **kwargs: Any,
) -> None:
    task = _worker_run(task)
    if task is None or task.name not in periodic_task_names(task.app):
        return
    if state == states.SUCCESS:
        record_end(task_name=task.name, task_id=task_id, outcome=Outcome.SUCCEEDED, result=retval)
    elif state == states.RETRY:
        # ``retval`` is the ``Retry`` the task raised; ``exc`` the error that led to it, if any.
        error = getattr(retval, "exc", None) or (retval if isinstance(retval, BaseException) else None)
        record_end(task_name=task.name, task_id=task_id, outcome=Outcome.RETRYING, error=error)
    # A failure was recorded by ``on_task_failure``, which Celery sends first.


def on_task_failure(
    sender: Task | None = None, task_id: str = "", exception: BaseException | None = None, **kwargs: Any
) -> None:
    task = _worker_run(sender)
    if task is None:
        return
    record_failure(task_name=task.name, task_id=task_id, error=exception)
    if task.name in periodic_task_names(task.app):
        record_end(task_name=task.name, task_id=task_id, outcome=Outcome.FAILED, error=exception)


def connect() -> None:
    """Listen to Celery's task signals in this process (once, however often it is called)."""
    task_prerun.connect(on_task_prerun, weak=False, dispatch_uid="proposals.operations.prerun")
    task_postrun.connect(on_task_postrun, weak=False, dispatch_uid="proposals.operations.postrun")
    task_failure.connect(on_task_failure, weak=False, dispatch_uid="proposals.operations.failure")

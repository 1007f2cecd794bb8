"""What the people who run the site watch: each periodic task's last run, and recent task failures.

Both tables stay small. ``TaskRun`` holds one row per periodic task (a task named in the beat
schedule), updated in place at each run. ``TaskFailure`` holds one row per failed task of any
kind; each new failure prunes those older than ``FAILURE_RETENTION`` and all but the newest
``FAILURES_KEPT``. Rows are written from Celery's signals by ``proposals.operations.recording``
and read by the staff's status page (``proposals.operations.status``).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line
from core.models import TimestampedModel

#: Failures older than this are deleted as new ones are recorded.
FAILURE_RETENTION = datetime.timedelta(days=7)
#: However many tasks fail, no more rows than this are kept.
FAILURES_KEPT = 5000

TASK_NAME_MAX_LENGTH = 200
ERROR_CLASS_MAX_LENGTH = 200
ERROR_MESSAGE_MAX_LENGTH = 500


class TaskRun(TimestampedModel):
    """The last run of one periodic task: when it started and finished, and how it ended."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        RETRYING = "retrying", _("Failed, will retry")

    task_name = models.CharField(
        _("task"), max_length=TASK_NAME_MAX_LENGTH, unique=True, validators=[validate_single_line]
    )
    task_id = models.CharField(_("task id"), max_length=64, blank=True, validators=[validate_single_line])
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    #: What the task returned (small JSON: a count or a few counts), for a successful run.
    result = models.JSONField(_("result"), null=True, blank=True)
    error_class = models.CharField(
        _("error"), max_length=ERROR_CLASS_MAX_LENGTH, blank=True, validators=[validate_single_line]
    )
    error_message = models.CharField(
        _("error message"), max_length=ERROR_MESSAGE_MAX_LENGTH, blank=True, validators=[validate_single_line]
    )
    #: Kept across failed runs: how long ago the task last did its work.
    last_succeeded_at = models.DateTimeField(_("last succeeded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task run")
        verbose_name_plural = _("task runs")
        ordering = ["task_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["running", "succeeded", "failed", "retrying"]), name="task_run_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_name} · {self.outcome}"


class TaskFailure(TimestampedModel):
    """One task that raised (or hit its time limit, or lost its worker); ``created_at`` is when."""

    task_name = models.CharField(_("task"), max_length=TASK_NAME_MAX_LENGTH, validators=[validate_single_line])
    task_id = models.CharField(_("task id"), max_length=64, blank=True, validators=[validate_single_line])
    error_class = models.CharField(
        _("error"), max_length=ERROR_CLASS_MAX_LENGTH, blank=True, validators=[validate_single_line]
    )
    error_message = models.CharField(
        _("error message"), max_length=ERROR_MESSAGE_MAX_LENGTH, blank=True, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = _("task failure")
        verbose_name_plural = _("task failures")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_name} · {self.error_class}"

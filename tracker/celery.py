"""The one Celery app. Configuration comes from Django settings (prefix CELERY_)."""

import os

from celery import Celery, signals

from tracker import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The request id travels with each task into the worker; each run logs a line when it starts and when it
# ends (tracker/logs.py).
signals.before_task_publish.connect(logs.add_request_id_header, weak=False, dispatch_uid="tracker.request_id")
signals.task_prerun.connect(logs.task_started, weak=False, dispatch_uid="tracker.task_started")
signals.task_failure.connect(logs.task_failed, weak=False, dispatch_uid="tracker.task_failed")
signals.task_retry.connect(logs.task_retried, weak=False, dispatch_uid="tracker.task_retried")
signals.task_postrun.connect(logs.task_finished, weak=False, dispatch_uid="tracker.task_finished")


@signals.setup_logging.connect(weak=False, dispatch_uid="tracker.setup_logging")
def keep_the_sites_logging(**kwargs: object) -> None:
    """The worker and beat log as the web process does: through ``settings.LOGGING`` (LOG_FORMAT, LOG_LEVEL).

    Django applies it (Celery's Django fixup calls ``django.setup()`` before the task modules are imported);
    a receiver here stops Celery from replacing it with its own handler and format.
    """

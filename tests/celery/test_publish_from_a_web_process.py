"""A web process publishes tasks by name although nothing in it imports ``proposals.tasks``."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FRESH_PROCESS = """
import django
django.setup()
from celery import current_app
from proposals import enqueue
before = "proposals.tasks.deliver_notification" in current_app.tasks
print(before, enqueue.task_named("proposals.tasks.deliver_notification").name)
"""


@pytest.mark.slow
def test_the_first_publish_of_a_fresh_process_finds_the_task():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    # Not registered until asked for (what broke immediate notifications), then found by name.
    assert result.stdout.split() == ["False", "proposals.tasks.deliver_notification"]

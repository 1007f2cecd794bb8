"""A broker or database password never appears in a message or a log line."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import current_app
from kombu.exceptions import OperationalError

from proposals import enqueue
from tracker.redaction import CredentialMaskingFormatter, mask_credentials

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cret-broker-pass"


def redis_check(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tracker.redis_check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "REDIS_URL": "", "CELERY_BROKER_URL": "", **env},
    )


@pytest.mark.slow
def test_redis_check_masks_the_password_of_an_unreachable_broker():
    result = redis_check(REDIS_URL=f"redis://:{PASSWORD}@127.0.0.1:1/0")
    assert result.returncode == 1
    assert "Redis is not reachable at redis://:***@127.0.0.1:1/0" in result.stderr
    assert PASSWORD not in result.stderr + result.stdout


@pytest.mark.slow
def test_redis_check_masks_a_user_and_password_in_the_celery_broker_url():
    result = redis_check(CELERY_BROKER_URL=f"redis://tracker:{PASSWORD}@127.0.0.1:1/2")
    assert "redis://tracker:***@127.0.0.1:1/2" in result.stderr
    assert PASSWORD not in result.stderr + result.stdout


@pytest.mark.parametrize(
    "text, masked",
    [
        ("redis://:pw@cache:6379/0", "redis://:***@cache:6379/0"),
        ("postgres://tracker:pw@db.internal:5432/tracker", "postgres://tracker:***@db.internal:5432/tracker"),
        ("rediss://token-only@cache:6380/0", "rediss://***@cache:6380/0"),
        ("redis://:p@ss@cache:6379/0", "redis://:***@cache:6379/0"),
        ("smtp+tls://mailer:pw@mail.example.org:587", "smtp+tls://mailer:***@mail.example.org:587"),
        ("a redis://:one@x/0 and postgres://u:two@y/db", "a redis://:***@x/0 and postgres://u:***@y/db"),
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        (
            "mail reader@example.org about https://example.org/a@b",
            "mail reader@example.org about https://example.org/a@b",
        ),
    ],
)
def test_credentials_in_urls_are_masked_and_nothing_else_changes(text, masked):
    assert mask_credentials(text) == masked


def site_formatter() -> logging.Formatter:
    """The formatter of the console handler that settings.LOGGING gives the root logger."""
    formatters = [
        handler.formatter
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, CredentialMaskingFormatter)
    ]
    assert formatters, "settings.LOGGING does not use the masking formatter"
    return formatters[0]


def test_log_lines_mask_credentials_in_the_message_and_the_traceback():
    try:
        raise OperationalError(f"Cannot connect to redis://:{PASSWORD}@cache:6379/0")
    except OperationalError:
        record = logging.LogRecord(
            "proposals.enqueue",
            logging.ERROR,
            __file__,
            1,
            "Broker %s is down",
            (f"redis://:{PASSWORD}@cache:6379/0",),
            sys.exc_info(),
        )
    line = site_formatter().format(record)
    assert PASSWORD not in line
    assert "Broker redis://:***@cache:6379/0 is down" in line
    assert "Cannot connect to redis://:***@cache:6379/0" in line


class UnreachableBrokerTask:
    """A task whose broker refuses the connection, with the password in the error as kombu words it."""

    name = "tests.unreachable_broker"

    def apply_async(self, **kwargs):
        raise OperationalError(f"Error connecting to redis://:{PASSWORD}@cache:6379/0: connection refused")


def test_failed_publish_is_logged_without_the_broker_password(caplog, monkeypatch):
    monkeypatch.setitem(current_app.tasks, UnreachableBrokerTask.name, UnreachableBrokerTask())
    with caplog.at_level(logging.ERROR, logger="proposals.enqueue"):
        assert enqueue.publish(UnreachableBrokerTask.name, milestone_id=1) is False
    lines = [site_formatter().format(record) for record in caplog.records]
    assert lines and all(PASSWORD not in line for line in lines)

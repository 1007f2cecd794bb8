"""Error reporting to Sentry, started by the settings only when ``SENTRY_DSN`` is set.

Without a DSN this module is never imported: nothing of ``sentry_sdk`` is loaded and nothing leaves the
machine. With one, errors of the web process (Django) and of the worker (Celery) are reported without personal
data (``send_default_pii=False``), every event is tagged with the request id its log lines carry
(``tracker.logs``), and credentials in URLs are masked in the event as they are in log lines.
"""

from __future__ import annotations

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.types import Event, Hint

from tracker.logs import current_request_id
from tracker.redaction import mask_credentials


def start_error_reporting(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    """Initialise the Sentry client for this process (the web process and the Celery worker and beat)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=_before_send,
    )


def _before_send(event: Event, hint: Hint) -> Event:
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    masked: Event = _masked(event)
    return masked


def _masked(value: Any) -> Any:
    """``value`` with every string in it masked (messages, exception values, breadcrumbs, local variables)."""
    if isinstance(value, str):
        return mask_credentials(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return value

"""A webhook receiver on 127.0.0.1 (``tests/receiver.py``), the worker, and the webhooks the tests register."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from proposals import services
from proposals.models import Webhook, WebhookEvent
from tests.conftest import World
from tests.receiver import Receiver, receiving

SECRET = "whsec_test-secret-for-the-suite-0123456789"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as box:
        yield box


def register(world: World, url: str, *, events: list[str] | None = None, group=None, by=None) -> Webhook:
    return services.register_webhook(
        working_group=group or world.group,
        actor=by or world.coordinator,
        url=url,
        events=events or list(WebhookEvent.values),
        secret=SECRET,
    )


# The embedded Celery worker of the delivery tests (tests/celery/conftest.py).
from tests.celery.conftest import tracker_worker as tracker_worker  # noqa: E402

"""Two identical creations at the same moment: one is made, the other gets a field error, never a 500.

The initiative's row is held locked while both requests start, so both are past their own checks
of the input and waiting when it is released: without the services' lock on the initiative, both
would pass the "already there?" check and the second would hit the database's unique constraint.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts import tokens
from proposals import models as m
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


def twice_at_once(user, url: str, body: dict, initiative) -> list[int]:
    _token, key = tokens.issue(user, name="script")
    statuses: list[int] = []

    def post() -> None:
        try:
            answer = Client(HTTP_AUTHORIZATION=f"Token {key}").post(url, body, content_type="application/json")
            statuses.append(answer.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    with transaction.atomic():
        m.Initiative.objects.select_for_update().get(pk=initiative.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while _waiting_backends() < 2:  # both requests are queued behind the lock
            assert time.monotonic() < deadline, "the two requests never waited for the initiative's lock"
            time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=20)
    return sorted(statuses)


def test_the_same_evidence_added_twice_at_once(world: World):
    body = {"initiative": world.initiative.slug, "url": "https://www.mof.go.jp/swap.html", "title": "Swap terms"}

    statuses = twice_at_once(world.member, reverse("api:evidence-list"), body, world.initiative)

    assert statuses == [201, 400]
    assert m.EvidenceLink.objects.filter(initiative=world.initiative).count() == 1


def test_the_same_indicator_created_twice_at_once(world: World):
    body = {"initiative": world.initiative.slug, "name": "Swap line", "unit": "USD bn", "baseline": 10, "target": 20}

    statuses = twice_at_once(world.member, reverse("api:indicator-list"), body, world.initiative)

    assert statuses == [201, 400]
    assert m.Indicator.objects.filter(initiative=world.initiative).count() == 1

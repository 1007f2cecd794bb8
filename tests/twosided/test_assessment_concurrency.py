"""The two sides post their assessments at the same moment: both are recorded and the stored state is consistent.

The initiative's row is held locked while both requests start, so both are past their own checks and waiting
when it is released; the service locks the row before reading the other side's rating, so the second writer
sees the first one's and the disagreement between them is stored.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts import tokens
from proposals import sides
from proposals.models import Activity, Assessment, Initiative
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


def test_both_sides_posting_at_once_are_both_recorded(world):
    japanese = factories.UserFactory(username="owner.ito", country="JP")
    factories.InitiativeOwnerFactory(initiative=world.initiative, user=japanese, side="JP")
    statuses: list[int] = []

    def post(user, rating) -> None:
        _token, key = tokens.issue(user, name="script")
        try:
            answer = Client(HTTP_AUTHORIZATION=f"Token {key}").post(
                reverse("api:assessment-list"),
                {"initiative": world.initiative.slug, "rating": rating, "rationale": f"{user.username} reads it so."},
                content_type="application/json",
            )
            statuses.append(answer.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(world.owner, "on_track")),
        threading.Thread(target=post, args=(japanese, "off_track")),
    ]
    with transaction.atomic():
        Initiative.objects.select_for_update().get(pk=world.initiative.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while _waiting_backends() < 2:  # both requests are queued behind the lock
            assert time.monotonic() < deadline, "the two requests never waited for the initiative's lock"
            time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=20)

    assert statuses == [201, 201]
    row = Initiative.objects.get(pk=world.initiative.pk)
    assert (row.kr_rating, row.jp_rating) == ("on_track", "off_track")
    assert row.disagreement_since is not None and sides.initiative_disagrees(row)
    assert sorted(Assessment.objects.values_list("side", flat=True)) == ["JP", "KR"]
    assert Activity.objects.filter(verb="assessment.posted").count() == 2

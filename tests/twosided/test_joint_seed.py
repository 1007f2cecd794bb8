"""The demo data's joint milestones: one signed by Korea waiting for Japan, one the other way round; idempotent."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import User
from proposals import permissions, selectors
from proposals.models import Activity, Milestone, MilestoneSignoff

pytestmark = pytest.mark.django_db


def waiting() -> dict[str, tuple[list[str], list[str]]]:
    rows = Milestone.objects.filter(is_joint=True, status=Milestone.Status.SUBMITTED).prefetch_related("signoffs")
    return {m.title: (sorted(permissions.signed_sides(m)), permissions.pending_sides(m)) for m in rows}


@time_machine.travel(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_seed_has_joint_milestones_waiting_for_each_side_and_adds_nothing_the_second_time():
    call_command("seed_demo", stdout=io.StringIO())
    assert waiting() == {
        "Agree a step-up schedule with both central banks": (["KR"], ["JP"]),
        "Agree a joint grant formula": (["JP"], ["KR"]),
    }
    signoffs, signed = MilestoneSignoff.objects.count(), Activity.objects.filter(verb="milestone.signed").count()
    assert signed == 2
    # Each side's coordinator finds in the queue the one that waits for their side.
    kim, sato = User.objects.get(username="coord.kim"), User.objects.get(username="coord.sato")
    assert "Agree a joint grant formula" in {m.title for m in selectors.review_queue(user=kim)}
    assert "Agree a step-up schedule with both central banks" not in {m.title for m in selectors.review_queue(user=kim)}
    assert "Agree a step-up schedule with both central banks" in {m.title for m in selectors.review_queue(user=sato)}

    call_command("seed_demo", stdout=io.StringIO())
    assert MilestoneSignoff.objects.count() == signoffs
    assert Activity.objects.filter(verb="milestone.signed").count() == signed

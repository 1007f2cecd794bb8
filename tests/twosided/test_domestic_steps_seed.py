"""The demo data's domestic steps: the currency swap's central-bank and ministry steps on each side, idempotent."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from proposals.models import DomesticStep, Milestone

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_seed_gives_each_side_its_swap_steps_and_adds_nothing_the_second_time():
    call_command("seed_demo", stdout=io.StringIO())
    steps = {
        step.title: step
        for step in DomesticStep.objects.filter(initiative__slug="currency-swap-expansion").select_related(
            "milestone", "owner"
        )
    }
    signing = Milestone.objects.get(
        initiative__slug="currency-swap-expansion", title="Sign the enlarged swap agreement"
    )
    assert {title: (step.side, step.status) for title, step in steps.items()} == {
        "Bank of Korea board approval": ("KR", "done"),
        "Ministry of Economy and Finance agreement": ("KR", "in_progress"),
        "Bank of Japan policy board approval": ("JP", "planned"),
        "Ministry of Finance agreement": ("JP", "done"),
    }
    assert steps["Ministry of Economy and Finance agreement"].milestone == signing
    assert steps["Bank of Japan policy board approval"].milestone == signing
    assert steps["Bank of Korea board approval"].done_on is not None
    assert DomesticStep.objects.filter(kind__in=["legislative_consent", "cabinet_decision"]).exists()
    count = DomesticStep.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert DomesticStep.objects.count() == count

"""The demo data's assessments: both sides on the named initiatives, one clear disagreement, one side overdue."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from proposals import figures, sides
from proposals.models import Assessment, Initiative

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)


@time_machine.travel(NOW, tick=False)
def test_seed_shows_both_sides_one_disagreement_and_one_overdue_side_and_adds_nothing_the_second_time():
    call_command("seed_demo", stdout=io.StringIO())
    today = sides.programme_day()
    swap = Initiative.objects.get(slug="currency-swap-expansion")
    assert (swap.kr_rating, swap.jp_rating) == ("on_track", "at_risk")
    assert sides.is_flagged(swap, today)
    assert [i.slug for i in sides.flagged(Initiative.objects.all(), today)] == ["currency-swap-expansion"]
    both = Initiative.objects.exclude(kr_rating="").exclude(jp_rating="")
    assert both.count() >= 4
    erasmus = Initiative.objects.get(slug="student-exchange-erasmus")
    assert sides.is_overdue(erasmus, "JP", today) and not sides.is_overdue(erasmus, "KR", today)
    assert Assessment.objects.filter(initiative=swap, created_at__lt=NOW - datetime.timedelta(days=15)).count() == 2
    # Every initiative has due dates, and what is stored is what the rule says.
    assert not Initiative.objects.filter(kr_assessment_due__isnull=True).exists()
    for initiative in Initiative.objects.all():
        assert (initiative.disagreement_since is not None) == sides.initiative_disagrees(initiative)

    count, swap_since = Assessment.objects.count(), swap.disagreement_since
    call_command("seed_demo", stdout=io.StringIO())
    figures.refresh_all()
    assert Assessment.objects.count() == count
    assert Initiative.objects.get(pk=swap.pk).disagreement_since == swap_since

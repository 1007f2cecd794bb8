"""Health has one definition (``proposals.health``); its SQL form and its in-memory form agree."""

import datetime
import itertools

import pytest

from proposals import figures, health
from proposals import models as m
from tests import factories

S = m.MilestoneStatus
TODAY = datetime.date(2026, 11, 30)
# Around each edge of the rule: overdue yesterday, due today, the last and the first day past the window.
OFFSETS = (-30, -1, 0, 1, health.AT_RISK_WINDOW_DAYS, health.AT_RISK_WINDOW_DAYS + 1, 60)


def _sql_health(initiative: m.Initiative, today: datetime.date) -> str:
    return figures.fresh(m.Initiative.objects.filter(pk=initiative.pk), today=today).get().fresh_health


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(S))
def test_one_milestone_has_the_same_health_in_sql_and_in_memory(status):
    cases = []
    for offset in OFFSETS:
        initiative = factories.InitiativeFactory(start_date=None)
        factories.MilestoneFactory(
            initiative=initiative, status=status, due_date=TODAY + datetime.timedelta(days=offset)
        )
        cases.append(initiative)

    for initiative in cases:
        milestones = list(initiative.milestones.all())
        assert _sql_health(initiative, TODAY) == health.evaluate(milestones, TODAY), (status, milestones[0].due_date)


@pytest.mark.django_db
def test_mixed_milestones_have_the_same_health_in_sql_and_in_memory():
    pairs = list(
        itertools.combinations(
            [
                (S.APPROVED, -5),
                (S.SUBMITTED, -1),
                (S.SUBMITTED, 3),
                (S.PLANNED, 3),
                (S.CANCELLED, -9),
                (S.IN_PROGRESS, 40),
            ],
            2,
        )
    )
    initiatives = []
    for pair in pairs:
        initiative = factories.InitiativeFactory(start_date=None)
        for status, offset in pair:
            factories.MilestoneFactory(
                initiative=initiative, status=status, due_date=TODAY + datetime.timedelta(days=offset)
            )
        initiatives.append(initiative)

    seen = set()
    for initiative in initiatives:
        expected = health.evaluate(list(initiative.milestones.all()), TODAY)
        seen.add(expected)
        assert _sql_health(initiative, TODAY) == expected
    assert seen == {m.Health.OFF_TRACK, m.Health.AT_RISK, m.Health.ON_TRACK}


def test_the_rule_reads_as_the_product_says():
    def milestone(status, offset):
        return m.Milestone(status=status, due_date=TODAY + datetime.timedelta(days=offset))

    assert health.evaluate([milestone(S.SUBMITTED, -1)], TODAY) == m.Health.OFF_TRACK
    assert health.evaluate([milestone(S.APPROVED, -1)], TODAY) == m.Health.ON_TRACK
    assert health.evaluate([milestone(S.PLANNED, health.AT_RISK_WINDOW_DAYS)], TODAY) == m.Health.AT_RISK
    assert health.evaluate([milestone(S.PLANNED, health.AT_RISK_WINDOW_DAYS + 1)], TODAY) == m.Health.ON_TRACK
    assert health.evaluate([milestone(S.SUBMITTED, 3)], TODAY) == m.Health.ON_TRACK
    assert health.evaluate([], TODAY) == m.Health.ON_TRACK

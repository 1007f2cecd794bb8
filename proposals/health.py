"""An initiative's health, defined once, in the two forms its readers need.

- ``off_track``: one of its milestones is overdue (due before today, neither
  approved nor cancelled);
- ``at_risk``: otherwise, one that is not yet submitted (planned, in progress or
  changes requested) falls due within ``AT_RISK_WINDOW_DAYS`` from today;
- ``on_track``: otherwise.

``evaluate`` applies the rule to milestones held in memory (digests replaying a
period); ``overdue_q`` and ``at_risk_q`` are the same rule as filters on
``Milestone`` rows (list annotations). ``tests/proposals/test_health.py`` checks
that both give the same answer on the same milestones.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Protocol

from django.db.models import Q

from .models import Health, Milestone, MilestoneStatus

#: A milestone not yet submitted that falls due within this many days puts its initiative at risk;
#: the same window is "due soon" on the dashboard and in digests.
AT_RISK_WINDOW_DAYS = 14

CLOSED_STATUSES = frozenset(Milestone.CLOSED_STATUSES)
NOT_YET_SUBMITTED_STATUSES = frozenset(
    {MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.CHANGES_REQUESTED}
)
#: Ascending sorts put the worst first.
RANK = {Health.OFF_TRACK: 0, Health.AT_RISK: 1, Health.ON_TRACK: 2}


class MilestoneLike(Protocol):
    status: str
    due_date: datetime.date


def at_risk_until(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=AT_RISK_WINDOW_DAYS)


def is_overdue(milestone: MilestoneLike, today: datetime.date) -> bool:
    return milestone.status not in CLOSED_STATUSES and milestone.due_date < today


def is_at_risk(milestone: MilestoneLike, today: datetime.date) -> bool:
    return milestone.status in NOT_YET_SUBMITTED_STATUSES and today <= milestone.due_date <= at_risk_until(today)


def evaluate(milestones: Iterable[MilestoneLike], today: datetime.date) -> str:
    """The health of an initiative with these milestones on ``today``."""
    at_risk = False
    for milestone in milestones:
        if is_overdue(milestone, today):
            return Health.OFF_TRACK.value
        at_risk = at_risk or is_at_risk(milestone, today)
    return Health.AT_RISK.value if at_risk else Health.ON_TRACK.value


def overdue_q(today: datetime.date) -> Q:
    """``is_overdue`` as a filter on Milestone rows."""
    return ~Q(status__in=CLOSED_STATUSES) & Q(due_date__lt=today)


def at_risk_q(today: datetime.date) -> Q:
    """``is_at_risk`` as a filter on Milestone rows."""
    return Q(status__in=NOT_YET_SUBMITTED_STATUSES, due_date__gte=today, due_date__lte=at_risk_until(today))

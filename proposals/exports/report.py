"""The status report for ministers: the programme's (or one working group's) figures, then a block per initiative.

What goes in is what the reader may read (``selectors.initiatives_visible_to``, the read rule's filter),
and it costs a fixed number of queries however many initiatives it covers: the initiatives in one query,
then for all of them at once their next open milestones (a sliced prefetch, three per initiative), their
indicators with each one's latest reading (sliced too), the decisions since the chosen day (one query on
Activity) and the milestone counts (one aggregate). What can be counted from the initiatives already
loaded (status, health, average progress) is counted in memory.

Words and days are the site's, in the active language and time zone (the caller activates the reader's):
health with its reason (``selectors.health_reason``), decisions as the activity lists word them.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User, WorkingGroup

from .. import figures, health, selectors
from .. import translations as texts
from ..models import (
    Activity,
    Health,
    Indicator,
    IndicatorReading,
    Initiative,
    InitiativeStatus,
    Milestone,
    MilestoneStatus,
)

#: What a status report counts as decided: milestones approved, sent back or cancelled, and changes of status.
DECISION_VERBS = (
    Activity.Verb.MILESTONE_APPROVED,
    Activity.Verb.MILESTONE_CHANGES_REQUESTED,
    Activity.Verb.MILESTONE_CANCELLED,
    Activity.Verb.INITIATIVE_STATUS_CHANGED,
)
#: How many open milestones a block lists, soonest (or most overdue) first.
NEXT_MILESTONES = 3
#: The window of "due soon" on the report's first page.
DUE_SOON_DAYS = 30
#: How far back decisions go unless the reader chooses a day.
DEFAULT_SINCE_DAYS = 30
#: The most initiatives one report covers: a PDF page takes WeasyPrint some 70 ms, and a request must end
#: well within the server's 30 seconds. A larger programme is reported a working group at a time.
MAX_INITIATIVES = 200


@dataclass(frozen=True)
class IndicatorLine:
    """An indicator against its target, with its latest reading (``value`` and ``date`` None when it has none)."""

    name: str
    unit: str
    target: Decimal
    value: Decimal | None
    date: datetime.date | None


@dataclass(frozen=True)
class InitiativeBlock:
    """What the report says about one initiative."""

    initiative: Initiative
    health_reason: str
    decisions: list[Activity]
    next_milestones: list[Milestone]
    indicators: list[IndicatorLine]

    @property
    def percent(self) -> int:
        return round(self.initiative.progress * 100)


@dataclass(frozen=True)
class Tally:
    """One line of a breakdown: the stored code (for the badge's class), its label and how many."""

    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Totals:
    """The report's first page."""

    initiatives: int
    by_status: list[Tally]
    by_health: list[Tally]
    average_percent: int
    milestones: int
    approved: int
    overdue: int
    due_soon: int


@dataclass(frozen=True)
class StatusReport:
    group: WorkingGroup | None
    since: datetime.date
    today: datetime.date
    due_soon_until: datetime.date
    totals: Totals
    blocks: list[InitiativeBlock] = field(default_factory=list)


def default_since(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=DEFAULT_SINCE_DAYS)


def initiatives_in(*, user: User | AnonymousUser, group: WorkingGroup | None) -> QuerySet[Initiative]:
    """The initiatives a report of ``group`` (the whole programme when None) covers: those ``user`` may read."""
    initiatives = selectors.initiatives_visible_to(user)
    return initiatives if group is None else initiatives.filter(working_group=group)


def build_status_report(
    *,
    user: User | AnonymousUser,
    group: WorkingGroup | None = None,
    since: datetime.date,
    today: datetime.date | None = None,
) -> StatusReport:
    """The status report of ``group`` (the whole programme when None) as ``user`` may read it.

    Decisions are those recorded from the start of ``since`` in the active time zone; overdue and due
    soon are judged on ``today`` (the programme day, as health is). Six queries whatever the number of
    initiatives: the initiatives, their next milestones, indicators, latest readings, decisions, counts.
    """
    today = today or figures.programme_day()
    due_soon_until = today + datetime.timedelta(days=DUE_SOON_DAYS)
    initiatives = initiatives_in(user=user, group=group).defer("description", "description_html")
    # Sliced prefetches: Django reads the first rows of every initiative (indicator) in one query, by window.
    next_milestones = (
        Milestone.objects.exclude(status__in=health.CLOSED_STATUSES)
        .only("initiative", "title", "due_date", "status")
        .order_by("due_date", "pk")[:NEXT_MILESTONES]
    )
    latest_reading = IndicatorReading.objects.only("indicator", "date", "value").order_by("-date", "-pk")[:1]
    indicators = Indicator.objects.order_by("name", "pk").prefetch_related(
        Prefetch("readings", queryset=latest_reading, to_attr="report_latest")
    )
    rows: list[Initiative] = list(
        initiatives.prefetch_related(None)
        .prefetch_related(
            Prefetch("milestones", queryset=next_milestones, to_attr="report_next_milestones"),
            Prefetch("indicators", queryset=indicators, to_attr="report_indicators"),
        )
        .order_by("working_group__name", "title", "pk")
    )
    # Titles in the reader's language: a fixed number of queries for the whole report.
    language = get_language() or ""
    titled = [*rows, *(m for row in rows for m in row.report_next_milestones)]  # type: ignore[attr-defined]
    texts.attach(titled, language)
    ids = [row.pk for row in rows]
    decisions = _decisions(ids, since)
    texts.attach_to_activity([row for rows_of in decisions.values() for row in rows_of], language)
    blocks = [
        InitiativeBlock(
            initiative=row,
            health_reason=selectors.health_reason(row),
            decisions=decisions.get(row.pk, []),
            next_milestones=list(row.report_next_milestones),  # type: ignore[attr-defined]  # prefetched above
            indicators=[_indicator_line(indicator) for indicator in row.report_indicators],  # type: ignore[attr-defined]
        )
        for row in rows
    ]
    return StatusReport(
        group=group,
        since=since,
        today=today,
        due_soon_until=due_soon_until,
        totals=_totals(rows, ids, today=today, due_soon_until=due_soon_until),
        blocks=blocks,
    )


def _indicator_line(indicator: Indicator) -> IndicatorLine:
    latest = indicator.report_latest[0] if indicator.report_latest else None  # type: ignore[attr-defined]
    return IndicatorLine(
        name=indicator.name,
        unit=indicator.unit,
        target=indicator.target,
        value=latest.value if latest else None,
        date=latest.date if latest else None,
    )


def _decisions(initiative_ids: list[int], since: datetime.date) -> dict[int, list[Activity]]:
    """The decisions on these initiatives from the start of ``since`` (active time zone), newest first, by initiative.

    The ids are those of initiatives the reader may read, so every row here is readable too.
    """
    if not initiative_ids:
        return {}
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    rows = (
        Activity.objects.filter(initiative_id__in=initiative_ids, verb__in=DECISION_VERBS, created_at__gte=start)
        .select_related("actor", "milestone")
        .order_by("-created_at", "-pk")
    )
    by_initiative: dict[int, list[Activity]] = defaultdict(list)
    for row in rows:
        assert row.initiative_id is not None  # filtered on it
        by_initiative[row.initiative_id].append(row)
    return by_initiative


def _totals(
    rows: Sequence[Initiative], ids: list[int], *, today: datetime.date, due_soon_until: datetime.date
) -> Totals:
    statuses = Counter(row.status for row in rows)
    healths = Counter(row.health for row in rows)
    milestones = {"total": 0, "approved": 0, "overdue": 0, "due_soon": 0}
    if ids:
        milestones = Milestone.objects.filter(initiative_id__in=ids).aggregate(
            total=Count("pk"),
            approved=Count("pk", filter=Q(status=MilestoneStatus.APPROVED)),
            overdue=Count("pk", filter=health.overdue_q(today)),
            due_soon=Count(
                "pk",
                filter=~Q(status__in=health.CLOSED_STATUSES) & Q(due_date__gte=today, due_date__lte=due_soon_until),
            ),
        )
    average = sum(row.progress for row in rows) / len(rows) if rows else 0.0
    return Totals(
        initiatives=len(rows),
        by_status=[Tally(code, str(label), statuses[code]) for code, label in InitiativeStatus.choices],
        by_health=[Tally(code, str(label), healths[code]) for code, label in Health.choices],
        average_percent=round(average * 100),
        milestones=milestones["total"],
        approved=milestones["approved"],
        overdue=milestones["overdue"],
        due_soon=milestones["due_soon"],
    )

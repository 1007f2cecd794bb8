"""An initiative's derived figures, stored on the row and kept equal to a computation from its milestones.

Stored (``Initiative``): ``progress`` (approved weight / weight of the milestones
not cancelled, 0 when there are none), ``health`` and ``health_rank`` with the
milestone behind it (``health_milestone_title`` / ``_due``, the reason's
ingredients), the next open milestone, ``last_activity_at`` and ``health_as_of``
(the programme day the figures were computed for).

- ``refresh`` recomputes some initiatives in the caller's transaction; every
  service that changes a milestone calls it, so a write and its figures commit
  together. A change of health is recorded as ``initiative.health_changed``.
- ``refresh_all`` recomputes every initiative whose stored figures differ from a
  fresh computation, in chunks; the hourly task runs it for what time alone
  changes (a milestone falling due soon or becoming overdue as the day turns).
- ``fresh`` is the computation itself, in SQL, so lists never compute it.

The programme day is the date in ``PROGRAMME_TIME_ZONE`` (Seoul and Tokyo share it).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from accounts.models import User

from . import events, health, sides
from .models import Activity, Health, Initiative, Milestone, MilestoneStatus

STORED = (
    "progress",
    "health",
    "health_rank",
    "health_milestone_title",
    "health_milestone_due",
    "next_milestone_title",
    "next_milestone_due",
    "last_activity_at",
)
CHUNK = 1000


def programme_day(at: datetime.datetime | None = None) -> datetime.date:
    """Today in the programme's time zone."""
    moment = at or timezone.now()
    return moment.astimezone(zoneinfo.ZoneInfo(settings.PROGRAMME_TIME_ZONE)).date()


def fresh(queryset: QuerySet[Initiative], *, today: datetime.date) -> QuerySet[Initiative]:
    """``queryset`` annotated with ``fresh_<figure>`` for every stored figure, computed from the milestones.

    Every annotation is a correlated subquery, so rows are never multiplied.
    """
    milestones = Milestone.objects.filter(initiative=OuterRef("pk")).order_by()
    overdue = milestones.filter(health.overdue_q(today)).order_by("due_date", "pk")
    at_risk = milestones.filter(health.at_risk_q(today)).order_by("due_date", "pk")
    upcoming = (
        milestones.exclude(status__in=health.CLOSED_STATUSES).filter(due_date__gte=today).order_by("due_date", "pk")
    )
    progress = (
        milestones.exclude(status=MilestoneStatus.CANCELLED)
        .values("initiative")
        .annotate(
            ratio=Coalesce(Cast(Sum("weight", filter=Q(status=MilestoneStatus.APPROVED)), FloatField()), Value(0.0))
            / NullIf(Cast(Sum("weight"), FloatField()), Value(0.0))
        )
        .values("ratio")
    )
    is_overdue, is_at_risk = Exists(overdue), Exists(at_risk)
    last_activity = Activity.objects.filter(initiative=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    return queryset.annotate(
        fresh_progress=Coalesce(Subquery(progress, output_field=FloatField()), Value(0.0)),
        fresh_health=Case(
            When(is_overdue, then=Value(Health.OFF_TRACK.value)),
            When(is_at_risk, then=Value(Health.AT_RISK.value)),
            default=Value(Health.ON_TRACK.value),
            output_field=CharField(),
        ),
        fresh_health_rank=Case(
            When(is_overdue, then=Value(health.RANK[Health.OFF_TRACK])),
            When(is_at_risk, then=Value(health.RANK[Health.AT_RISK])),
            default=Value(health.RANK[Health.ON_TRACK]),
            output_field=IntegerField(),
        ),
        # Coalesce stops at the first non-null subquery: an overdue milestone wins over an at-risk one.
        fresh_health_milestone_title=Coalesce(
            Subquery(overdue.values("title")[:1]),
            Subquery(at_risk.values("title")[:1]),
            Value(""),
            output_field=CharField(),
        ),
        fresh_health_milestone_due=Coalesce(
            Subquery(overdue.values("due_date")[:1]),
            Subquery(at_risk.values("due_date")[:1]),
            output_field=DateField(),
        ),
        fresh_next_milestone_title=Coalesce(
            Subquery(upcoming.values("title")[:1]), Value(""), output_field=CharField()
        ),
        fresh_next_milestone_due=Subquery(upcoming.values("due_date")[:1], output_field=DateField()),
        fresh_last_activity_at=Subquery(last_activity),
    )


def _differs(row: Initiative) -> bool:
    if row.health_as_of is None:  # never computed
        return True
    return any(_stored_value(row, name) != getattr(row, f"fresh_{name}") for name in STORED)


def _stored_value(row: Initiative, name: str) -> Any:
    value = getattr(row, name)
    return round(value, 12) if name == "progress" else value


def _apply(
    rows: Iterable[Initiative], *, today: datetime.date, actor: User | None, record_changes: bool
) -> list[Initiative]:
    """Write the fresh figures of the rows that differ; record each change of health. Returns the changed rows.

    A row whose figures are unchanged is not rewritten: its ``health_as_of`` moves to ``today`` in one
    UPDATE for all of them, so the hourly refresh after the day turns writes one narrow column, not every row.
    """
    changed, activities, confirmed, sides_changed = [], [], [], []
    for row in rows:
        if not _differs(row):
            # The sides' disagreement and due dates (``proposals.sides``) follow the stored health.
            if sides.refresh_row(row, today):
                row.health_as_of = today
                sides_changed.append(row)
            elif row.health_as_of != today:
                confirmed.append(row.pk)
            continue
        old_health, first_time = row.health, row.health_as_of is None
        for name in STORED:
            setattr(row, name, getattr(row, f"fresh_{name}"))
        row.progress = round(row.progress, 12)
        row.health_as_of = today
        sides.refresh_row(row, today)
        changed.append(row)
        # The first computation of a row (new, imported, migrated) is not a change anyone should hear of.
        if record_changes and row.health != old_health and not first_time:
            activities.append(
                Activity(
                    actor=actor,
                    verb=Activity.Verb.INITIATIVE_HEALTH_CHANGED,
                    initiative=row,
                    working_group_id=row.working_group_id,
                    details={
                        "old": old_health,
                        "new": row.health,
                        "milestone": row.health_milestone_title,
                        "due_date": row.health_milestone_due.isoformat() if row.health_milestone_due else None,
                    },
                )
            )
    if changed:
        Initiative.objects.bulk_update(changed, [*STORED, "health_as_of", *sides.STORED])
    if sides_changed:
        Initiative.objects.bulk_update(sides_changed, ["health_as_of", *sides.STORED])
    if confirmed:
        Initiative.objects.filter(pk__in=confirmed).update(health_as_of=today)
    if activities:
        created = Activity.objects.bulk_create(activities)
        for activity in created:
            events.publish_on_commit(activity)  # webhooks take changes of health
        # A change of health is itself the initiative's latest activity.
        Initiative.objects.filter(pk__in=[a.initiative_id for a in created]).update(
            last_activity_at=created[0].created_at
        )
    return changed


def refresh(
    initiative_ids: Iterable[int],
    *,
    actor: User | None = None,
    today: datetime.date | None = None,
    record_changes: bool = True,
) -> int:
    """Recompute and store the figures of these initiatives (one query when nothing changed).

    Runs in the caller's transaction (services call it after changing a milestone);
    rows are locked while their figures are written. A change of health is recorded
    as activity unless ``record_changes`` is off (bulk loads, which are not news).
    Returns how many changed.
    """
    ids = list(initiative_ids)
    if not ids:
        return 0
    today = today or programme_day()
    with transaction.atomic():
        # FOR NO KEY UPDATE: the figures are not a key, so comments, follows and activity being added to these
        # initiatives (whose foreign keys hold KEY SHARE on the row) go on, and a writer that already touched the
        # row cannot deadlock with them here.
        locked = Initiative.objects.filter(pk__in=ids).select_for_update(of=("self",), no_key=True)
        rows = fresh(locked, today=today)
        return len(_apply(list(rows), today=today, actor=actor, record_changes=record_changes))


def refresh_all(*, today: datetime.date | None = None, record_changes: bool = True) -> int:
    """Bring every initiative's stored figures up to date, a chunk at a time. Returns how many changed."""
    today = today or programme_day()
    changed, last_pk = 0, 0
    while True:
        ids = list(Initiative.objects.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return changed
        changed += refresh(ids, today=today, record_changes=record_changes)
        last_pk = ids[-1]


def touch(initiative_id: int, at: datetime.datetime) -> None:
    """Record that the initiative had activity at ``at`` (one UPDATE, in the writer's transaction)."""
    Initiative.objects.filter(pk=initiative_id).update(last_activity_at=at)

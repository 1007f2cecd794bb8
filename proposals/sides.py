"""Each side's own assessment beside the computed health: when the next one is due, and when the sides disagree.

One definition, every caller asks it: the assessment service, the hourly figures
refresh (``proposals.figures``), the pages, the digests, the reminders, the API
and the exports.

- A side's next assessment is due one cadence (``Initiative.assessment_cadence``)
  after its latest one (or after the initiative was created), unless the latest
  one named the date of its next update. It is *due* on that date and *overdue*
  the day after, while the initiative is still open (proposed, active or on hold).
- The sides *disagree* while both have a rating and the two differ, or while a
  side's latest rating is "on track" and the computed health is "off track".
  ``Initiative.disagreement_since`` is the day that started, kept while it holds
  and cleared when it stops; a disagreement is *flagged* once it has lasted more
  than ``settings.DISAGREEMENT_FLAG_DAYS`` days.

Days are programme days (``programme_day``, the same day as ``figures.programme_day``).
"""

from __future__ import annotations

import calendar
import datetime
import operator
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone

from .models import Assessment, AssessmentCadence, Health, Initiative, InitiativeStatus, Side

#: Initiatives whose sides are asked to assess them (a completed or dropped one is not assessed any more).
ASSESSED_STATUSES = (InitiativeStatus.PROPOSED, InitiativeStatus.ACTIVE, InitiativeStatus.ON_HOLD)
#: The stored columns this module keeps (``figures`` writes them with its own).
STORED = ("disagreement_since", "kr_assessment_due", "jp_assessment_due")

SIDE_PREFIX = {Side.KOREA.value: "kr", Side.JAPAN.value: "jp"}


def programme_day(at: datetime.datetime | None = None) -> datetime.date:
    """Today in the programme's time zone (as ``figures.programme_day``, which imports this module)."""
    moment = at or timezone.now()
    return moment.astimezone(zoneinfo.ZoneInfo(settings.PROGRAMME_TIME_ZONE)).date()


def flag_days() -> int:
    return int(getattr(settings, "DISAGREEMENT_FLAG_DAYS", 14))


# --- due dates ------------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months later, clamped to the end of a shorter month (31 Jan → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def after_cadence(cadence: str, last: datetime.date) -> datetime.date:
    """The day one ``cadence`` after ``last``: weekly +7 days, fortnightly +14, monthly +1 month, quarterly +3."""
    if cadence == AssessmentCadence.WEEKLY:
        return last + datetime.timedelta(days=7)
    if cadence == AssessmentCadence.FORTNIGHTLY:
        return last + datetime.timedelta(days=14)
    if cadence == AssessmentCadence.QUARTERLY:
        return add_months(last, 3)
    return add_months(last, 1)


def rating_of(initiative: Initiative, side: str) -> str:
    return getattr(initiative, f"{SIDE_PREFIX[side]}_rating")


def assessed_at(initiative: Initiative, side: str) -> datetime.datetime | None:
    return getattr(initiative, f"{SIDE_PREFIX[side]}_assessed_at")


def due_of(initiative: Initiative, side: str) -> datetime.date | None:
    return getattr(initiative, f"{SIDE_PREFIX[side]}_assessment_due")


def next_assessment_due(initiative: Initiative, side: str, last: datetime.date | None = None) -> datetime.date:
    """When ``side`` next assesses ``initiative``: one cadence after ``last``.

    Without ``last``: after the side's latest assessment, or after the initiative was created when the side
    has not assessed it yet.
    """
    if last is None:
        latest = assessed_at(initiative, side)
        last = programme_day(latest or initiative.created_at)
    return after_cadence(initiative.assessment_cadence, last)


def fill_due_dates(initiative: Initiative) -> bool:
    """Give each side without a due date its first one (in memory); True when one was set."""
    changed = False
    for side, prefix in SIDE_PREFIX.items():
        if getattr(initiative, f"{prefix}_assessment_due") is None:
            setattr(initiative, f"{prefix}_assessment_due", next_assessment_due(initiative, side))
            changed = True
    return changed


def recompute_due_dates(initiative: Initiative) -> None:
    """Both sides' due dates from the initiative's (new) cadence, after each side's latest assessment (in memory)."""
    for side, prefix in SIDE_PREFIX.items():
        setattr(initiative, f"{prefix}_assessment_due", next_assessment_due(initiative, side))


def is_assessed(initiative: Initiative) -> bool:
    return initiative.status in ASSESSED_STATUSES


def is_due(initiative: Initiative, side: str, today: datetime.date) -> bool:
    """The side's assessment is due (its due date is today or past): its owners are reminded."""
    due = due_of(initiative, side)
    return is_assessed(initiative) and due is not None and due <= today


def is_overdue(initiative: Initiative, side: str, today: datetime.date) -> bool:
    """The side's assessment was due before today and has not been posted."""
    due = due_of(initiative, side)
    return is_assessed(initiative) and due is not None and due < today


def overdue_q(today: datetime.date) -> Q:
    """``is_overdue`` for either side, as a filter on Initiative rows."""
    return Q(status__in=ASSESSED_STATUSES) & (Q(kr_assessment_due__lt=today) | Q(jp_assessment_due__lt=today))


def due_q(side: str, today: datetime.date) -> Q:
    """``is_due`` for one side, as a filter on Initiative rows."""
    return Q(status__in=ASSESSED_STATUSES, **{f"{SIDE_PREFIX[side]}_assessment_due__lte": today})


# --- disagreement ---------------------------------------------------------------------------------


def disagrees(*, kr_rating: str, jp_rating: str, health: str) -> bool:
    """The condition itself: the two ratings differ, or a side says on track while the computed health is off."""
    if kr_rating and jp_rating and kr_rating != jp_rating:
        return True
    return health == Health.OFF_TRACK and Health.ON_TRACK in (kr_rating, jp_rating)


def initiative_disagrees(initiative: Initiative) -> bool:
    return disagrees(kr_rating=initiative.kr_rating, jp_rating=initiative.jp_rating, health=initiative.health)


def refresh_disagreement(initiative: Initiative, today: datetime.date) -> bool:
    """Bring ``disagreement_since`` in line with the stored ratings and health (in memory); True when it changed.

    Kept while the condition holds, set to ``today`` when it starts, cleared when it stops.
    """
    since = initiative.disagreement_since
    if initiative_disagrees(initiative):
        new = since or today
    else:
        new = None
    initiative.disagreement_since = new
    return new != since


def refresh_row(initiative: Initiative, today: datetime.date) -> bool:
    """Everything this module stores on a row (``STORED``), brought up to date in memory; True when one changed.

    ``figures`` calls it for every row it recomputes, after setting the fresh health, and writes the
    row in its own bulk update.
    """
    filled = fill_due_dates(initiative)
    return refresh_disagreement(initiative, today) or filled


def is_flagged(initiative: Initiative, today: datetime.date | None = None) -> bool:
    """Has the disagreement lasted more than ``DISAGREEMENT_FLAG_DAYS`` days on ``today``?"""
    return flagged_since(initiative.disagreement_since, today)


def flagged_since(since: datetime.date | None, today: datetime.date | None = None) -> bool:
    """``is_flagged`` for a disagreement that started on ``since`` (rows loaded as values: digests)."""
    today = today or programme_day()
    return since is not None and (today - since).days > flag_days()


def flagged_q(today: datetime.date | None = None) -> Q:
    """``is_flagged`` as a filter on Initiative rows."""
    today = today or programme_day()
    return Q(disagreement_since__lt=today - datetime.timedelta(days=flag_days()))


def flagged(queryset: QuerySet[Initiative], today: datetime.date | None = None) -> QuerySet[Initiative]:
    """The initiatives of ``queryset`` whose disagreement is flagged."""
    return queryset.filter(flagged_q(today))


# --- what readers see -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SideStanding:
    """One side's declared reading of an initiative, from the stored columns (no query)."""

    side: str
    label: str
    rating: str
    rating_label: str
    assessed_at: datetime.datetime | None
    due: datetime.date | None
    overdue: bool


@dataclass(frozen=True)
class Standing:
    """Both sides' readings beside the computed health, and whether they disagree."""

    kr: SideStanding
    jp: SideStanding
    disagreement_since: datetime.date | None
    flagged: bool
    # "ratings": the two sides differ; "computed": a side says on track while the computed health is off track.
    disagreement_kind: str
    on_track_sides: tuple[str, ...]

    @property
    def sides(self) -> tuple[SideStanding, SideStanding]:
        return (self.kr, self.jp)


def side_standing(initiative: Initiative, side: str, today: datetime.date) -> SideStanding:
    rating = rating_of(initiative, side)
    return SideStanding(
        side=side,
        label=str(Side(side).label),
        rating=rating,
        rating_label=str(Health(rating).label) if rating else "",
        assessed_at=assessed_at(initiative, side),
        due=due_of(initiative, side),
        overdue=is_overdue(initiative, side, today),
    )


def standing(initiative: Initiative, today: datetime.date | None = None) -> Standing:
    """What the page, the list, the digests and the API show of the two sides' readings (no query)."""
    today = today or programme_day()
    kind = ""
    if initiative.disagreement_since is not None:
        ratings = [initiative.kr_rating, initiative.jp_rating]
        kind = "ratings" if all(ratings) and ratings[0] != ratings[1] else "computed"
    return Standing(
        kr=side_standing(initiative, Side.KOREA, today),
        jp=side_standing(initiative, Side.JAPAN, today),
        disagreement_since=initiative.disagreement_since,
        flagged=is_flagged(initiative, today),
        disagreement_kind=kind,
        on_track_sides=tuple(
            str(Side(side).label) for side in SIDE_PREFIX if rating_of(initiative, side) == Health.ON_TRACK
        ),
    )


def with_standings(initiatives: Iterable[Initiative], today: datetime.date | None = None) -> list[Initiative]:
    """Set ``initiative.standing`` on each row (for templates); no query."""
    today = today or programme_day()
    rows = list(initiatives)
    for initiative in rows:
        initiative.standing = standing(initiative, today)  # type: ignore[attr-defined]  # for templates only
    return rows


def latest_assessments(*, initiative: Initiative) -> dict[str, Assessment]:
    """Each side's latest assessment of an initiative (one query), by side."""
    of_initiative = Assessment.objects.filter(initiative=initiative)

    def latest(side: str) -> Subquery:
        return Subquery(of_initiative.filter(side=side).order_by("-created_at", "-pk").values("pk")[:1])

    # A subquery per side rather than DISTINCT ON: the embedded SQLite database has no DISTINCT ON.
    rows = Assessment.objects.filter(reduce(operator.or_, (Q(pk=latest(side)) for side in Side.values)))
    return {row.side: row for row in rows.select_related("author")}

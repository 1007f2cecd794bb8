"""The tables a coordinator exports, as rows and typed columns that the CSV and Excel writers share.

Each table is a list of ``Column``s (a header in the reader's language, how to read the cell from a
row, what kind of value it is) over rows read lazily from the database in key-ordered chunks of
``CHUNK_SIZE`` (``QuerySet.iterator`` with the prefetches done per chunk), so a table of 20,000 rows
is never in memory at once and costs a number of queries that follows the chunks, not the rows.

Who may read what is the read rule's: the initiatives list is the list page's selector and FilterSet
(``selectors.initiative_list``), activity comes through ``selectors.activity_for_initiative`` and
``activity_for_group``; an initiative's milestones and readings are asked for only after the caller
has established that the reader may read it. Values are worded as the site words them, in the active
language and time zone (the caller activates the reader's): choices by their labels, health with its
reason (``selectors.health_reason``), activity as the activity lists say it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User, WorkingGroup

from .. import permissions, selectors, sides, translations
from ..filters import InitiativeFilter
from ..models import Activity, Health, IndicatorReading, Initiative, Milestone, MilestoneSignoff, Side
from . import import_sheets

R = TypeVar("R")

#: Rows read from the database at a time (and prefetched for at a time).
CHUNK_SIZE = 500

# What a cell holds: the CSV writes each as text, the Excel writer as a typed cell.
TEXT = "text"
NUMBER = "number"
DATE = "date"
DATETIME = "datetime"  # shown in the reader's time zone, named in the header


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header, how to read its value from a row, the kind of value, its width in Excel."""

    header: StrOrPromise
    value: Callable[[R], Any]
    kind: str = TEXT
    width: int = 16
    #: Excel's number format for a ``NUMBER`` column.
    number_format: str = "0.##"


@dataclass
class Table(Generic[R]):
    """What an export writes: a sheet's name, the file's name (no extension), the columns and the lazy rows."""

    name: StrOrPromise
    file_stem: str
    columns: Sequence[Column[R]]
    rows: Iterable[R]

    def headers(self) -> list[str]:
        zone = timezone.get_current_timezone_name()
        return [
            f"{column.header} ({zone})" if column.kind == DATETIME else str(column.header) for column in self.columns
        ]

    def records(self) -> Iterator[list[Any]]:
        """Each row's values, typed: text, a number, a ``date``, a local naive ``datetime``, or None."""
        for row in self.rows:
            yield [typed(column.kind, column.value(row)) for column in self.columns]


def typed(kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind == DATETIME:
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)
    if kind in (DATE, NUMBER):
        return value
    return str(value)


def chunked(queryset: QuerySet[Any]) -> Iterator[Any]:
    """The queryset's rows ``CHUNK_SIZE`` at a time, its prefetches done for each chunk."""
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def _name(user: User | None) -> str:
    return user.name if user is not None else ""


# --- initiatives ----------------------------------------------------------------------------------


def _owners(side: str) -> Callable[[Initiative], str]:
    def owners(initiative: Initiative) -> str:
        return "; ".join(o.user.name for o in initiative.ownerships.all() if o.side == side)

    return owners


def _percent(initiative: Initiative) -> float:
    """Progress from 0 to 100, as the list's bar shows it (stored from 0 to 1)."""
    return round(float(initiative.progress or 0) * 100, 1)


def _rating(side: str) -> Callable[[Initiative], str]:
    def rating(initiative: Initiative) -> str:
        code = sides.rating_of(initiative, side)
        return str(Health(code).label) if code else ""

    return rating


def _disagreement(initiative: Initiative) -> datetime.date | None:
    """The disagreement flag as the list shows it: the day it started, when it is flagged (``proposals.sides``)."""
    return initiative.disagreement_since if sides.is_flagged(initiative) else None


#: Each side's own reading and the flag: the two governments' internal view, not open data.
SIDE_COLUMNS: list[Column[Initiative]] = [
    Column(_("Korea says"), _rating(Side.KOREA), width=12),
    Column(_("Japan says"), _rating(Side.JAPAN), width=12),
    Column(_("Sides disagree since"), _disagreement, DATE, width=14),
]
KOREAN_OWNERS: Column[Initiative] = Column(_("Owners, Korean side"), _owners(Side.KOREA), width=28)
JAPANESE_OWNERS: Column[Initiative] = Column(_("Owners, Japanese side"), _owners(Side.JAPAN), width=28)
INITIATIVE_COLUMNS: list[Column[Initiative]] = [
    # In the reader's language where a translation exists (``initiative_table`` attaches it).
    Column(_("Title"), translations.title_of, width=40),
    Column(_("Working group"), lambda i: i.working_group.name, width=24),
    Column(_("Pillar"), lambda i: i.get_pillar_display()),
    Column(_("Status"), lambda i: i.get_status_display(), width=12),
    Column(_("Lead side"), lambda i: i.get_lead_side_display(), width=10),
    Column(_("Progress (%)"), _percent, NUMBER, width=12, number_format="0.0"),
    Column(_("Health"), lambda i: i.get_health_display(), width=12),
    Column(_("Health reason"), selectors.health_reason, width=48),
    *SIDE_COLUMNS,
    KOREAN_OWNERS,
    JAPANESE_OWNERS,
    Column(_("Start date"), lambda i: i.start_date, DATE, width=12),
    Column(_("Target date"), lambda i: i.target_date, DATE, width=12),
    Column(_("Next milestone"), lambda i: i.next_milestone_title, width=32),
    Column(_("Next milestone due"), lambda i: i.next_milestone_due, DATE, width=12),
    Column(_("Last activity"), lambda i: i.last_activity_at, DATETIME, width=18),
]


def initiative_table(
    *, user: User | AnonymousUser, params: Mapping[str, Any]
) -> tuple[Table[Initiative], InitiativeFilter]:
    """The initiatives list as the list page shows it for ``params``: same selector, FilterSet and order.

    Check ``filterset.is_valid()`` before writing: when it is False the rows are empty.
    """
    initiatives, filterset = selectors.initiative_list(user=user, params=params)
    stem = f"initiatives-{timezone.localdate().isoformat()}"
    rows = translations.attach_in_chunks(chunked(initiatives), get_language(), size=CHUNK_SIZE)
    return Table(_("Initiatives"), stem, INITIATIVE_COLUMNS, rows), filterset


# --- milestones and readings ----------------------------------------------------------------------


def _milestone_key(milestone: Milestone) -> str:
    """Its import key; for one made on the site (or keyed like a site key before they existed), ``#<id>``."""
    key = milestone.import_key
    return key if key and not key.startswith(import_sheets.SITE_KEY_PREFIX) else import_sheets.site_key(milestone.pk)


#: The milestone import's columns under its own headers in the reader's language (so the file imports back as it
#: is), then what the import ignores.
MILESTONE_COLUMNS: list[Column[Milestone]] = [
    Column(import_sheets.lazy_header("key"), _milestone_key, width=12),
    Column(import_sheets.lazy_header("initiative"), lambda m: m.initiative.slug, width=24),
    Column(import_sheets.lazy_header("title"), lambda m: m.title, width=40),
    Column(import_sheets.lazy_header("due_date"), lambda m: m.due_date, DATE, width=12),
    Column(import_sheets.lazy_header("weight"), lambda m: m.weight, NUMBER, width=8, number_format="0"),
    Column(import_sheets.lazy_header("owner"), lambda m: m.owner.username if m.owner is not None else "", width=20),
    Column(import_sheets.lazy_header("description"), lambda m: m.description, width=48),
    Column(import_sheets.lazy_header("version"), lambda m: m.version, NUMBER, width=8, number_format="0"),
    Column(_("Status"), lambda m: m.get_status_display(), width=20),
    Column(_("Owner's name"), lambda m: _name(m.owner), width=24),
    Column(_("Submitted by"), lambda m: _name(m.submitted_by), width=24),
    Column(_("Submitted at"), lambda m: m.submitted_at, DATETIME, width=18),
    Column(_("Decided by"), lambda m: _name(m.decided_by), width=24),
    Column(_("Decided at"), lambda m: m.decided_at, DATETIME, width=18),
    Column(_("Joint"), lambda m: gettext("Yes") if m.is_joint else "", width=8),
    Column(_("Sign-offs"), lambda m: _signoffs(m), width=48),
]


def _signoffs(milestone: Milestone) -> str:
    """A joint milestone's signatures, Korea first: "Korea: Kim Minji, 2026-11-20; Japan: pending"."""
    parts = []
    for item in permissions.side_signoffs(milestone):
        if item.signoff is None:
            parts.append(gettext("%(side)s: pending") % {"side": item.label})
        else:
            when = timezone.localtime(item.signoff.created_at).date().isoformat()
            parts.append(f"{item.label}: {_name(item.signoff.signed_by)}, {when}")
    return "; ".join(parts)


def milestone_table(*, initiative: Initiative) -> Table[Milestone]:
    """The milestones of an initiative the caller has established the reader may read, by due date."""
    milestones = (
        Milestone.objects.filter(initiative=initiative)
        .select_related("initiative", "owner", "submitted_by", "decided_by")
        .prefetch_related(Prefetch("signoffs", MilestoneSignoff.objects.select_related("signed_by")))
        .order_by("due_date", "pk")
    )
    return Table(_("Milestones"), f"{initiative.slug}-milestones", MILESTONE_COLUMNS, chunked(milestones))


READING_COLUMNS: list[Column[IndicatorReading]] = [
    Column(_("Indicator"), lambda r: r.indicator.name, width=32),
    Column(_("Unit"), lambda r: r.indicator.unit, width=12),
    Column(_("Date"), lambda r: r.date, DATE, width=12),
    Column(_("Value"), lambda r: r.value, NUMBER, width=12, number_format="#,##0.00"),
    Column(_("Target"), lambda r: r.indicator.target, NUMBER, width=12, number_format="#,##0.00"),
    Column(_("Note"), lambda r: r.note, width=48),
]


def reading_table(*, initiative: Initiative) -> Table[IndicatorReading]:
    """The readings of every indicator of an initiative the reader may read, by indicator then date."""
    readings = (
        IndicatorReading.objects.filter(indicator__initiative=initiative)
        .select_related("indicator")
        .order_by("indicator__name", "indicator_id", "date", "pk")
    )
    return Table(_("Indicator readings"), f"{initiative.slug}-readings", READING_COLUMNS, chunked(readings))


# --- activity -------------------------------------------------------------------------------------


def what_happened(activity: Activity) -> str:
    """The activity as the site's activity lists word it (``includes/activity_item.html``), without the actor."""
    text = activity.get_verb_display()
    if activity.milestone is not None:
        text = f"{text} “{activity.milestone.title}”"
    if activity.side_detail:
        text = f"{text} ({activity.side_detail})"
    change = activity.change
    if change:
        text = f"{text} ({change[0]} → {change[1]})"
    return text


def _note(activity: Activity) -> str:
    note = (activity.details or {}).get("note")
    return str(note) if note else ""


ACTIVITY_COLUMNS: list[Column[Activity]] = [
    Column(_("Time"), lambda a: a.created_at, DATETIME, width=18),
    Column(_("Actor"), lambda a: a.actor.name if a.actor is not None else gettext("Someone"), width=24),
    Column(_("What happened"), what_happened, width=48),
    Column(_("Initiative"), lambda a: a.initiative.title if a.initiative is not None else "", width=36),
    Column(_("Note"), _note, width=48),
]


ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: The days an activity export may ask for (beyond them a day's midnight is no longer a valid instant).
EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(2999, 12, 31)


@dataclass(frozen=True)
class DateRange:
    """Days in the reader's time zone, both ends included; an end that is None is open."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    def stem(self) -> str:
        return "-".join(day.isoformat() for day in (self.start, self.end) if day is not None)

    def narrow(self, activity: QuerySet[Activity]) -> QuerySet[Activity]:
        if self.start is not None:
            activity = activity.filter(created_at__gte=_midnight(self.start))
        if self.end is not None:
            activity = activity.filter(created_at__lt=_midnight(self.end + datetime.timedelta(days=1)))
        return activity


def date_range(params: Mapping[str, Any]) -> DateRange:
    """The ``from`` and ``to`` days of query parameters (``YYYY-MM-DD``, either may be empty or absent).

    Raises ``ValidationError`` with a message for the reader when a day is not a date, is out of range,
    or the range ends before it starts.
    """
    days: dict[str, datetime.date | None] = {}
    for name in ("from", "to"):
        text = str(params.get(name) or "").strip()
        if not text:
            days[name] = None
            continue
        try:
            if not ISO_DAY.fullmatch(text):
                raise ValueError(text)
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                gettext("“%(value)s” is not a date. Write dates as YYYY-MM-DD, for example 2026-11-23.")
                % {"value": text[:40]}
            ) from None
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise ValidationError(
                gettext("%(day)s is outside the days that can be exported (%(earliest)s to %(latest)s).")
                % {"day": day.isoformat(), "earliest": EARLIEST_DAY.isoformat(), "latest": LATEST_DAY.isoformat()}
            )
        days[name] = day
    start, end = days["from"], days["to"]
    if start is not None and end is not None and end < start:
        raise ValidationError(
            gettext("The range ends (%(to)s) before it starts (%(from)s): the “to” day must not come before “from”.")
            % {"from": start.isoformat(), "to": end.isoformat()}
        )
    return DateRange(start, end)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _activity_table(rows: QuerySet[Activity], stem: str, days: DateRange) -> Table[Activity]:
    # Oldest first: a log for a period reads from its beginning.
    rows = days.narrow(rows).order_by("created_at", "pk")
    stem = f"{stem}-activity-{days.stem()}".rstrip("-")
    return Table(_("Activity"), stem, ACTIVITY_COLUMNS, chunked(rows))


def initiative_activity_table(*, initiative: Initiative, days: DateRange) -> Table[Activity]:
    """The activity of an initiative the caller has established the reader may read, within ``days``."""
    return _activity_table(selectors.activity_for_initiative(initiative=initiative, limit=None), initiative.slug, days)


def group_activity_table(*, user: User | AnonymousUser, group: WorkingGroup, days: DateRange) -> Table[Activity]:
    """The activity of a working group that ``user`` may read (``selectors.activity_for_group``), within ``days``."""
    return _activity_table(selectors.activity_for_group(user=user, group=group, limit=None), group.slug, days)


# --- open data ------------------------------------------------------------------------------------

#: What a published initiative shows of itself to anyone: the list's columns without its people.
PUBLIC_COLUMNS: list[Column[Initiative]] = [
    column
    for column in INITIATIVE_COLUMNS
    if column is not KOREAN_OWNERS and column is not JAPANESE_OWNERS and column not in SIDE_COLUMNS
]


def public_initiative_table(rows: Iterable[Initiative]) -> Table[Initiative]:
    """The initiatives published as open data (``rows``: ``selectors.public_initiatives()`` in chunks)."""
    return Table(_("Open data"), "open-data-initiatives", PUBLIC_COLUMNS, rows)

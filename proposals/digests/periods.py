"""When a digest is due, and which period it covers.

A digest goes out at 08:00 in the reader's time zone: every day for ``daily``,
on Mondays for ``weekly``. For an instant ``at``:

- ``period_end`` is the most recent local 08:00 (a Monday for weekly) at or
  before ``at``, as a UTC instant. Every batch task gets it passed in; nothing
  reads the clock again.
- ``period_start`` is the end of the reader's previous digest (of either
  frequency) when it lies within ``LOOKBACK`` before ``period_end``, so
  consecutive digests neither overlap nor leave a gap, even after a missed run or
  a change of frequency; otherwise (a first digest, digests switched back on after
  a long pause) it is one period earlier: the local 08:00 one day or one week
  before.

A reader is *due* when they have no digest ending at or after their
``period_end`` (so a missed run, a new reader or digests switched on mid-week
are served by the next hourly run, and never twice), or when a non-empty digest
of theirs recorded within the last ``RESEND_WINDOW`` is still unsent
``STALE_AFTER`` after it was recorded (a worker died before sending it).
``due_readers`` answers both in one query.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from collections import defaultdict

from django.db.models import Case, DateTimeField, Exists, OuterRef, Value, When

from accounts.models import DigestFrequency, User

from ..mail import UTC, zone
from ..models import Digest

SEND_HOUR = 8
FREQUENCIES = (DigestFrequency.DAILY.value, DigestFrequency.WEEKLY.value)
# Keyed by str: a frequency arrives as the plain text stored on the user or the digest.
PERIOD_DAYS: dict[str, int] = {DigestFrequency.DAILY: 1, DigestFrequency.WEEKLY: 7}
LOOKBACK: dict[str, datetime.timedelta] = {
    DigestFrequency.DAILY: datetime.timedelta(days=7),
    DigestFrequency.WEEKLY: datetime.timedelta(days=35),
}
# An unsent, non-empty digest is sent again by a later run if it was recorded at least
# STALE_AFTER ago (its task has died, not merely not finished) and at most RESEND_WINDOW ago.
STALE_AFTER = datetime.timedelta(minutes=10)
RESEND_WINDOW = datetime.timedelta(hours=24)


def _send_time(day: datetime.date, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(SEND_HOUR), tzinfo=tz)


def period_end_for(at: datetime.datetime, time_zone: str, frequency: str) -> datetime.datetime:
    """The most recent local 08:00 (Monday's for weekly) at or before ``at``, in UTC."""
    tz = zone(time_zone)
    day = at.astimezone(tz).date()
    step = PERIOD_DAYS[frequency]
    if step == 7:
        day -= datetime.timedelta(days=day.weekday())
    end = _send_time(day, tz)
    while end > at:
        day -= datetime.timedelta(days=step)
        end = _send_time(day, tz)
    return end.astimezone(UTC)


def default_period_start(period_end: datetime.datetime, time_zone: str, frequency: str) -> datetime.datetime:
    """The local 08:00 one period (day or week) before ``period_end``, in UTC (DST-safe)."""
    tz = zone(time_zone)
    day = period_end.astimezone(tz).date() - datetime.timedelta(days=PERIOD_DAYS[frequency])
    return _send_time(day, tz).astimezone(UTC)


def period_start_for(
    period_end: datetime.datetime, time_zone: str, frequency: str, previous_end: datetime.datetime | None
) -> datetime.datetime:
    """Where the digest ending at ``period_end`` starts, given the end of the reader's previous digest."""
    if previous_end is not None and period_end - LOOKBACK[frequency] <= previous_end < period_end:
        return previous_end
    return default_period_start(period_end, time_zone, frequency)


@functools.lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones() | {"UTC"}))


def _period_end_case(at: datetime.datetime, frequencies) -> Case:
    """Each user's ``period_end`` at ``at``, from their frequency and time zone, as one SQL CASE.

    Zones that share a period end (about forty UTC offsets) share one WHEN; a
    zone the system does not know counts as UTC, as everywhere else.
    """
    whens = []
    for frequency in frequencies:
        zones_by_end: dict[datetime.datetime, list[str]] = defaultdict(list)
        for name in _zone_names():
            zones_by_end[period_end_for(at, name, frequency)].append(name)
        for end, names in sorted(zones_by_end.items()):
            whens.append(When(digest_frequency=frequency, time_zone__in=names, then=Value(end)))
        whens.append(When(digest_frequency=frequency, then=Value(period_end_for(at, "UTC", frequency))))
    return Case(*whens, output_field=DateTimeField())


def due_readers(at: datetime.datetime, frequency: str | None = None) -> list[dict]:
    """The readers whose digest is due at ``at``: ``[{"id", "frequency", "period_end"}]``, in one query.

    Active users with an e-mail address and digests on (``frequency`` narrows to
    one of them) who either have no digest ending at or after their current
    period end, or have a non-empty digest that should have left by now and did
    not.
    """
    frequencies = FREQUENCIES if frequency is None else (frequency,)
    digests = Digest.objects.filter(user=OuterRef("pk"))
    missing = ~Exists(digests.filter(period_end__gte=OuterRef("digest_period_end")))
    unsent = Exists(
        digests.filter(
            sent_at__isnull=True,
            is_empty=False,
            created_at__lte=at - STALE_AFTER,
            created_at__gt=at - RESEND_WINDOW,
            period_end__lte=OuterRef("digest_period_end"),
        )
    )
    rows = (
        User.objects.filter(is_active=True, digest_frequency__in=frequencies)
        .exclude(email="")
        .annotate(digest_period_end=_period_end_case(at, frequencies))
        .filter(missing | unsent)
        .order_by("digest_frequency", "digest_period_end", "pk")
        .values_list("pk", "digest_frequency", "digest_period_end")
    )
    return [{"id": pk, "frequency": freq, "period_end": end} for pk, freq, end in rows]

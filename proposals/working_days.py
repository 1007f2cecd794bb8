"""Working days of the two countries: Monday to Friday, less the public holidays of the person's country.

Korean reviewers skip Korean public holidays (``holidays.KR``: Seollal, Chuseok, substitute days…),
Japanese reviewers skip Japanese ones (``holidays.JP``: Golden Week…); anyone else skips weekends
only. The calendars come from the ``holidays`` package and need no network.
"""

from __future__ import annotations

import datetime
import functools

import holidays

#: The countries whose public holidays are known; anyone else works Monday to Friday.
CALENDARS = {"KR": holidays.KR, "JP": holidays.JP}


@functools.cache
def public_holidays(country: str, year: int) -> frozenset[datetime.date]:
    """The public holidays of ``country`` ("KR" or "JP") in ``year``; empty for any other country."""
    calendar = CALENDARS.get(country)
    if calendar is None:
        return frozenset()
    return frozenset(calendar(years=year))


def is_working_day(day: datetime.date, country: str | None) -> bool:
    return day.weekday() < 5 and day not in public_holidays(country or "", day.year)


def working_days_between(start: datetime.date, end: datetime.date, country: str | None) -> int:
    """How many working days of ``country`` follow ``start``, up to and including ``end``.

    0 when ``end`` is not later than ``start``."""
    count = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        count += is_working_day(day, country)
        day += datetime.timedelta(days=1)
    return count


def add_working_days(
    start: datetime.datetime, days: int, tz: datetime.tzinfo, country: str | None
) -> datetime.datetime:
    """``start`` moved ``days`` working days of ``country`` later, at the same local time of day.

    A start outside working days (a weekend, a public holiday) counts from the next working day at 00:00.
    """
    moment = start.astimezone(tz)
    if not is_working_day(moment.date(), country):
        day = moment.date() + datetime.timedelta(days=1)
        while not is_working_day(day, country):
            day += datetime.timedelta(days=1)
        moment = datetime.datetime.combine(day, datetime.time(0), tzinfo=tz)
    for _ in range(days):
        moment += datetime.timedelta(days=1)
        while not is_working_day(moment.date(), country):
            moment += datetime.timedelta(days=1)
    return moment

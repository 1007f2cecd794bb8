"""The moment the tests of the two sides stand at: 09:00 in Seoul on Monday 2 November 2026."""

import datetime

NOW = datetime.datetime(2026, 11, 2, 0, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 2)


def utc(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


#: A weekly digest period for readers in Seoul (Monday 08:00 to Monday 08:00), a moment inside it, and when
#: the digest is built.
WEEK_START = utc(2026, 11, 22, 23)
WEEK_END = utc(2026, 11, 29, 23)
DURING_WEEK = utc(2026, 11, 25, 3)
BUILT_AT = utc(2026, 11, 30, 0, 30)

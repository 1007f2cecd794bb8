"""The moment the tests of the two sides stand at: 09:00 in Seoul on Monday 2 November 2026."""

import datetime

NOW = datetime.datetime(2026, 11, 2, 0, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 2)

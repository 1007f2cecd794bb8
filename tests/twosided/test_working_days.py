"""Working days of each country: weekends and that country's public holidays are skipped."""

import datetime
import zoneinfo

import pytest

from proposals import working_days

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "country", "expected"),
    [
        # Chuseok 2026: Thursday 24 and Friday 25 September are days off in Korea, not in Japan.
        (D(2026, 9, 23), D(2026, 9, 28), "KR", 1),
        (D(2026, 9, 23), D(2026, 9, 28), "JP", 3),
        (D(2026, 9, 23), D(2026, 9, 28), "other", 3),
        # Golden Week 2026: Wednesday 29 April and 4–6 May are days off in Japan; Korea rests on 1 and 5 May.
        (D(2026, 4, 28), D(2026, 5, 8), "JP", 4),
        (D(2026, 4, 28), D(2026, 5, 8), "KR", 6),
        (D(2026, 4, 28), D(2026, 5, 8), None, 8),
        (D(2026, 5, 8), D(2026, 5, 8), "KR", 0),
    ],
)
def test_working_days_between_skip_the_countrys_holidays(start, end, country, expected):
    assert working_days.working_days_between(start, end, country) == expected


def test_two_working_days_after_the_eve_of_chuseok_are_monday_and_tuesday_in_korea():
    start = datetime.datetime(2026, 9, 23, 10, tzinfo=SEOUL)
    assert working_days.add_working_days(start, 2, SEOUL, "KR") == datetime.datetime(2026, 9, 29, 10, tzinfo=SEOUL)
    # 23 September is Autumnal Equinox Day in Japan: a Japanese reviewer counts from Thursday.
    assert working_days.add_working_days(start, 2, SEOUL, "JP") == datetime.datetime(2026, 9, 28, 0, tzinfo=SEOUL)
    assert working_days.add_working_days(start, 2, SEOUL, "other") == datetime.datetime(2026, 9, 25, 10, tzinfo=SEOUL)


def test_a_submission_on_a_japanese_holiday_counts_from_the_next_working_day():
    start = datetime.datetime(2026, 5, 4, 15, tzinfo=TOKYO)  # Greenery Day
    assert working_days.add_working_days(start, 2, TOKYO, "JP") == datetime.datetime(2026, 5, 11, 0, tzinfo=TOKYO)
    assert working_days.add_working_days(start, 2, TOKYO, "KR") == datetime.datetime(2026, 5, 7, 15, tzinfo=TOKYO)

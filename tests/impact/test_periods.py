"""Periods are whole WITA days; buckets start on Mondays or on the 1st."""

import datetime

import time_machine

from impact.periods import (
    CUSTOM,
    LAST_3_MONTHS,
    LAST_12_MONTHS,
    MONTH,
    THIS_MONTH,
    WEEK,
    WITA,
    make_period,
    today_wita,
)

D = datetime.date


def test_today_is_the_wita_date():
    # 17:00 UTC on 31 January is 01:00 WITA on 1 February.
    with time_machine.travel(
        datetime.datetime(2026, 1, 31, 17, 0, tzinfo=datetime.UTC), tick=False
    ):
        assert today_wita() == D(2026, 2, 1)
        assert make_period(THIS_MONTH).first_day == D(2026, 2, 1)


def test_period_boundaries_are_wita_midnights():
    period = make_period(THIS_MONTH, today=D(2026, 2, 10))
    assert period.start_at == datetime.datetime(2026, 2, 1, tzinfo=WITA)
    assert period.end_at == datetime.datetime(2026, 2, 11, tzinfo=WITA)
    assert period.start_at.astimezone(datetime.UTC) == datetime.datetime(
        2026, 1, 31, 16, 0, tzinfo=datetime.UTC
    )


def test_the_named_periods():
    today = D(2026, 3, 15)
    assert (make_period(LAST_3_MONTHS, today=today).first_day) == D(2026, 1, 1)
    year = make_period(LAST_12_MONTHS, today=today)
    assert (year.first_day, year.last_day, year.granularity) == (D(2025, 4, 1), today, MONTH)
    assert make_period(THIS_MONTH, today=today).granularity == WEEK


def test_custom_period_is_ordered_and_unknown_keys_fall_back():
    period = make_period(CUSTOM, D(2026, 2, 28), D(2026, 2, 1), today=D(2026, 3, 15))
    assert (period.first_day, period.last_day) == (D(2026, 2, 1), D(2026, 2, 28))
    assert make_period("forever", today=D(2026, 3, 15)).key == THIS_MONTH
    assert make_period(CUSTOM, None, None, today=D(2026, 3, 15)).key == THIS_MONTH


def test_buckets_include_empty_ones():
    weeks = make_period(CUSTOM, D(2026, 3, 1), D(2026, 3, 15), WEEK).bucket_starts()
    assert weeks == [D(2026, 2, 23), D(2026, 3, 2), D(2026, 3, 9)]
    months = make_period(CUSTOM, D(2025, 11, 20), D(2026, 2, 3), MONTH).bucket_starts()
    assert months == [D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)]


def test_long_periods_are_never_weekly():
    period = make_period(CUSTOM, D(2020, 1, 1), D(2026, 1, 1), WEEK)
    assert period.granularity == MONTH

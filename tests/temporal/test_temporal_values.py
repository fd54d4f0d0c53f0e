"""The value helpers: TIMEX3 value -> granularity and interval; precision order."""

from datetime import date

import pytest

from app.temporal.timex import finer, granularity_rank, interval_of


@pytest.mark.parametrize(
    "value,gran,start,end",
    [
        ("2019-03-07", "day", date(2019, 3, 7), date(2019, 3, 7)),
        ("2019-W10", "week", date(2019, 3, 4), date(2019, 3, 10)),
        ("2019-W10-WE", "weekend", date(2019, 3, 9), date(2019, 3, 10)),
        ("2019-02", "month", date(2019, 2, 1), date(2019, 2, 28)),
        ("2019-Q1", "quarter", date(2019, 1, 1), date(2019, 3, 31)),
        ("2019-H2", "half", date(2019, 7, 1), date(2019, 12, 31)),
        ("2018-WI", "season", date(2018, 12, 1), date(2019, 2, 28)),
        ("2019", "year", date(2019, 1, 1), date(2019, 12, 31)),
        ("199", "decade", date(1990, 1, 1), date(1999, 12, 31)),
        ("19", "century", date(1900, 1, 1), date(1999, 12, 31)),
        ("2019-03-12T15:00", "time", date(2019, 3, 12), date(2019, 3, 12)),
        ("2019-03-12TEV", "time", date(2019, 3, 12), date(2019, 3, 12)),
    ],
)
def test_interval_of(value, gran, start, end):
    assert interval_of(value) == (gran, start, end)


@pytest.mark.parametrize("value", ["PRESENT_REF", "P3M", "XXXX-WXX-1", "", None, "2019-02-30", "garbage"])
def test_no_interval(value):
    assert interval_of(value) == (None, None, None)


def test_precision_order():
    assert finer("day", "week") and finer("week", "month") and finer("month", "year")
    assert not finer("year", "month")
    assert granularity_rank(None) > granularity_rank("century")

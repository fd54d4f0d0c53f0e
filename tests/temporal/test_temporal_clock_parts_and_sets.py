"""A clock time with a part of a day after it, and sets said with "basis" or "bi-"."""

import pytest

from app.temporal import resolve
from tests.temporal.helpers import one


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # a clock time before "last night", "this morning", "yesterday morning": one TIME on that day
        ("The fire started at about 11 p.m. last night, firefighters said.", "11 p.m. last night", "2011-05-19T23:00"),
        ("The ferry docked at 9:40 this morning.", "9:40 this morning", "2011-05-20T09:40"),
        ("He left his house at 7 a.m. yesterday morning.", "7 a.m. yesterday morning", "2011-05-19T07:00"),
        # and before a weekday with its part of the day
        ("Police were called at 10 p.m. Tuesday night.", "10 p.m. Tuesday night", "2011-05-17T22:00"),
        ("The talks resume at 10:30 Friday morning.", "10:30 Friday morning", "2011-05-20T10:30"),
    ],
)
def test_clock_then_part_of_day(text, expr, value):
    t = one(text, expr, "2011-05-20")
    assert (t.type, t.value) == ("TIME", value)


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # "on a daily basis": the adjective is the expression, as "daily" alone is
        ("Prices are reviewed on an annual basis.", "annual", "P1Y"),
        ("The border is patrolled on a daily basis.", "daily", "P1D"),
        ("The newsletter appears bi-monthly.", "bi-monthly", "P2M"),
        ("The board meets bi-weekly and pays dividends semi-annually.", "semi-annually", "P6M"),
    ],
)
def test_sets(text, expr, value):
    t = one(text, expr, "2011-05-20")
    assert (t.type, t.value) == ("SET", value)


def test_annual_alone_is_no_set():
    assert [t.text for t in resolve("The annual report was late.", "2011-05-20")] == []

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


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # a clock time without a day, joined to one with a day, is on that day
        ("Polling stations open at 7 a.m. and close at 8 p.m. Thursday.", "7 a.m.", "2011-05-19T07:00"),
        ("The embassy will be open from 9 a.m. to 5 p.m. on May 24.", "9 a.m.", "2011-05-24T09:00"),
        ("He phoned at 9 a.m. and again at 3 p.m. yesterday.", "9 a.m.", "2011-05-19T09:00"),
        # a stretch through the night starts the evening before
        ("The curfew lasted from 10 p.m. to 6 a.m. Tuesday.", "10 p.m.", "2011-05-16T22:00"),
    ],
)
def test_clock_joined_to_a_dated_clock(text, expr, value):
    assert one(text, expr, "2011-05-20").value == value


def test_clock_in_another_sentence_keeps_its_own_day():
    text = "The shop opened at 8 a.m. Police arrived at 9 a.m. Tuesday."
    assert one(text, "8 a.m.", "2011-05-20").value == "2011-05-20T08:00"


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # "each of the last three years": once in every one of those years, a set of the unit
        ("The group has marched on the capital in each of the last three years.", "last three years", "P1Y"),
        ("Exports fell in each of the past six months.", "past six months", "P1M"),
    ],
)
def test_each_of_a_counted_stretch(text, expr, value):
    t = one(text, expr, "2011-05-20")
    assert (t.type, t.value, t.extra.get("quant")) == ("SET", value, "EACH")


def test_counted_stretch_without_each_stays_a_duration():
    t = one("Exports fell over the past six months.", "past six months", "2011-05-20")
    assert (t.type, t.value) == ("DURATION", "P6M")


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # an ordinal after "every" counts the units, it is not the unit "second"
        ("The committee meets every second Tuesday.", "every second Tuesday", "XXXX-WXX-2"),
        ("The fair is held every second month.", "every second month", "P2M"),
        ("The games take place every fourth year.", "every fourth year", "P4Y"),
    ],
)
def test_every_ordinal(text, expr, value):
    t = one(text, expr, "2011-05-20")
    assert (t.type, t.value) == ("SET", value)


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # a clock time without a day is on the day named a few words on in its clause
        ("A jogger saw the van at 6 a.m. near the depot on Monday.", "6 a.m.", "2011-05-16T06:00"),
        ("He was shot at 10 p.m. in his kitchen on May 3.", "10 p.m.", "2011-05-03T22:00"),
        # not across a conjunction or a comma: the day there may be another happening's
        ("The shop opened at 9 a.m. and the protest began on Monday.", "9 a.m.", "2011-05-20T09:00"),
        ("The shop opened at 9 a.m., police said on Monday.", "9 a.m.", "2011-05-20T09:00"),
    ],
)
def test_clock_on_the_day_of_its_clause(text, expr, value):
    assert one(text, expr, "2011-05-20").value == value

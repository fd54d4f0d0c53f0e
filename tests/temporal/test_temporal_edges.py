"""The edges of the calendar and of the lexicon: values keep four-digit years, ISO week-years, and a
lexicon bug is an error rather than a silently dropped expression."""

from datetime import date

import pytest

from app.temporal import resolve
from app.temporal.calendar import week_value, year_str
from app.temporal.lexicon import lexicon
from app.temporal.timex import interval_of
from tests.temporal.helpers import one


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # a publication date before the year 1000: every value still has a four-digit year
        ("Prices rose last month.", "last month", "0999-05-12", "0999-04"),
        ("Prices rose last week.", "last week", "0999-05-12", "0999-W18"),
        ("Prices rose last year.", "last year", "0999-05-12", "0998"),
        ("Prices rose in the third quarter.", "the third quarter", "0999-05-12", "0998-Q3"),
        ("The river flooded last summer.", "last summer", "0999-05-12", "0998-SU"),
        ("The harvest failed in March.", "March", "0999-05-12", "0999-03"),
        ("Sales fell in the first half of last year.", "the first half of last year", "0999-05-12", "0998-H1"),
        ("Sales fell from the year-earlier quarter.", "the year-earlier quarter", "0999-05-12", "0998-Q2"),
        ("Net income for the quarter rose.", "the quarter", "0999-05-12", "0999-Q1"),
        ("The fire broke out two hours ago.", "two hours ago", "0999-05-12T10:00", "0999-05-12T08:00"),
        # counted back from a modern date into the first millennium
        ("The abbey was founded 1,100 years ago.", "1,100 years ago", "2019-03-12", "0919"),
        # ISO week-years around New Year: 1 January 2021 is in week 53 of 2020
        ("Markets were calm this week.", "this week", "2021-01-01", "2020-W53"),
        ("Markets fell last week.", "last week", "2021-01-01", "2020-W52"),
        ("Talks resume next week.", "next week", "2021-01-01", "2021-W01"),
        ("Markets fell last week.", "last week", "2021-01-04", "2020-W53"),
        ("Markets were calm this week.", "this week", "2019-12-31", "2020-W01"),
        ("Shops closed in the last week of December.", "the last week of December", "2021-01-15", "2020-W53"),
    ],
)
def test_four_digit_years_and_iso_week_years(text, expr, dct, value):
    assert one(text, expr, dct).value == value


def test_year_and_week_formats():
    assert year_str(999) == "0999" and year_str(19) == "0019" and year_str(2019) == "2019"
    assert year_str(-981) == "-0981"  # before 1 CE: ISO 8601's expanded year
    assert week_value(date(999, 5, 12)) == "0999-W19"
    assert week_value(date(2021, 1, 3)) == "2020-W53" and week_value(date(2021, 1, 4)) == "2021-W01"
    assert interval_of("0999-W18") == ("week", date(999, 4, 29), date(999, 5, 5))
    assert interval_of("0999-04") == ("month", date(999, 4, 1), date(999, 4, 30))
    assert interval_of("2020-W53") == ("week", date(2020, 12, 28), date(2021, 1, 3))


def test_impossible_days_are_no_dates():
    assert [t.text for t in resolve("The deadline was February 30.", "2019-03-12")] == []
    assert [t.text for t in resolve("It opens tomorrow.", "9999-12-31")] == []


def test_a_word_the_grammar_matches_but_the_lexicon_lacks_is_an_error(monkeypatch):
    """A lexicon bug surfaces as an error; it must not silently drop the expression."""
    lx = lexicon("en")
    assert one("The vote was held on March 3.", "March 3").value == "2019-03-03"
    monkeypatch.setattr(lx, "months", {k: v for k, v in lx.months.items() if k != "march"})
    with pytest.raises(KeyError):
        resolve("The vote was held on March 3.", "2019-03-12")

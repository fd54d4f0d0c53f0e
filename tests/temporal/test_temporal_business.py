"""Business and earnings copy: quarters named by their last month, the latest quarter, year end."""

import pytest

from app.temporal import resolve
from tests.temporal.helpers import one


@pytest.mark.parametrize(
    "text,expr,dct,value,mod",
    [
        ("The thrift's loss in the September quarter widened.", "the September quarter", "1989-11-02", "1989-Q3", None),
        ("Sales fell in the June quarter, the company said.", "the June quarter", "2011-08-20", "2011-Q2", None),
        ("Sales in the March quarter will rise.", "the March quarter", "1989-11-02", "1990-Q1", None),
        ("The company reported a loss for the latest quarter.", "latest quarter", "1989-11-02", "1989-Q3", None),
        # the year end the tense points to: a past balance is last year's, a plan this year's
        ("The bank had $4 billion in assets at year-end.", "year-end", "1989-11-02", "1988", "END"),
        ("Mr. Jones will retire at year end.", "year end", "1989-11-02", "1989", "END"),
        ("Debt will fall by year-end 1990.", "year-end 1990", "1989-11-02", "1990", "END"),
    ],
)
def test_business_periods(text, expr, dct, value, mod):
    t = one(text, expr, dct)
    assert (t.value, t.mod) == (value, mod)


def test_year_end_as_an_adjective_is_not_a_date():
    assert [t.text for t in resolve("Year-end bonuses rose sharply.", "1989-11-02")] == []


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # a quarter told in the past tense is one that is over: in October, last year's fourth quarter
        ("Profit rose in the fourth quarter, the company said.", "the fourth quarter", "2009-10-20", "2008-Q4"),
        ("Profit rose in the third quarter, the company said.", "the third quarter", "2009-10-20", "2009-Q3"),
        # a year before the part itself, never a year before its own year-ago
        ("Third-quarter profit fell from a year ago, and sales in the year-earlier quarter were lower.",
         "the year-earlier quarter", "2009-10-20", "2008-Q3"),
        # "the same month" after a quarter: the publication's month, a year before
        ("Third-quarter profit fell 10% from a year ago. Revenue in the same month a year ago was higher.",
         "the same month a year ago", "2009-10-20", "2008-10"),
    ],
)
def test_quarters_and_year_ago(text, expr, dct, value):
    assert one(text, expr, dct).value == value


@pytest.mark.parametrize(
    "text,expr,value,freq",
    [
        ("The committee meets twice monthly.", "twice monthly", "P1M", "2X"),
        ("A new model appears every few months.", "every few months", "PXM", None),
        ("He travels there several times a year.", "several times a year", "P1Y", None),
        ("She calls three times weekly.", "three times weekly", "P1W", "3X"),
    ],
)
def test_sets_with_frequencies(text, expr, value, freq):
    t = one(text, expr, "1998-02-13")
    assert (t.type, t.value, t.extra.get("freq")) == ("SET", value, freq)


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # the quarter a business story reports on: the one it named, else the last one over
        ("Third-quarter sales rose 4%. For the quarter, profit was $3 million.", "the quarter", "1989-Q3"),
        ("Net income for the quarter rose 5% to $20 million, the company said.", "the quarter", "1989-Q3"),
        ("Sales of the second quarter were flat. In the quarter, costs rose.", "the quarter", "1989-Q2"),
    ],
)
def test_the_quarter_a_business_story_reports_on(text, expr, value):
    assert one(text, expr, "1989-10-20").value == value


@pytest.mark.parametrize(
    "text", ["The Bulls scored 30 points in the quarter and won the game.", "He lives in the French Quarter."],
)
def test_quarters_outside_business(text):
    assert [t.text for t in resolve(text, "1989-10-20")] == []

"""Dates written day first, as British, Australian and Wikinews copy writes them, and the days they anchor."""

import pytest

from app.temporal import resolve
from tests.temporal.helpers import one


def _found(text, dct):
    return [(t.text, t.value) for t in resolve(text, dct)]


@pytest.mark.parametrize(
    "text,dct,expected",
    [
        ("The festival returns on 12-14 June.", "2009-06-03", [("12", "2009-06-12"), ("14 June", "2009-06-14")]),
        (
            "The summit was held on 3 and 4 May 2009 in Prague.",
            "2009-06-03",
            [("3", "2009-05-03"), ("4 May 2009", "2009-05-04")],
        ),
        ("Voting on 28 to 30 May was calm.", "2009-06-03", [("28", "2009-05-28"), ("30 May", "2009-05-30")]),
        # a score is not the first day of a range
        ("The team won 2-1 on 30 May.", "2009-06-03", [("30 May", "2009-05-30")]),
    ],
)
def test_day_first_ranges(text, dct, expected):
    assert _found(text, dct) == expected


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("The game, played on Saturday 30 May, ended 2-1.", "Saturday 30 May", "2009-05-30"),
        (
            "The accident happened on 1 June. Earlier that day, the pilot had reported problems.",
            "Earlier that day",
            "2009-06-01",
        ),
        (
            "On 28 May the rebels attacked the town. The next morning, troops arrived.",
            "The next morning",
            "2009-05-29TMO",
        ),
    ],
)
def test_day_first_dates_anchor_what_follows(text, expr, value):
    assert one(text, expr, "2009-06-03").value == value


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("The treaty will take effect on the 15th of this month.", "the 15th of this month", "2009-06-15"),
        ("The lease expires on the first of next month.", "the first of next month", "2009-07-01"),
        ("Rent was due on the 20th of last month.", "the 20th of last month", "2009-05-20"),
    ],
)
def test_a_day_of_a_named_month(text, expr, value):
    assert one(text, expr, "2009-06-03").value == value


def test_a_day_of_the_month_in_a_past_clause_is_not_ahead():
    assert one("The treaty, signed on the 3rd, takes effect in July.", "the 3rd", "2009-06-01").value == "2009-05-03"

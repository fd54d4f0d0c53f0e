"""Clock times as wire and broadcast news write them: restated in another zone, with the part of the day in words,
before a full date."""

import pytest

from tests.temporal.helpers import one


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # a time and its restatement in another zone are on the day named after the brackets
        (
            "The quake struck at 3:45 p.m. (0745 GMT) Saturday, officials said.",
            "3:45 p.m.",
            "2009-06-01",
            "2009-05-30T15:45",
        ),
        (
            "The quake struck at 3:45 p.m. (0745 GMT) Saturday, officials said.",
            "0745 GMT",
            "2009-06-01",
            "2009-05-30T07:45Z",
        ),
        (
            "The plane left Rio at 19:03 local time (22:03 UTC) on Sunday.",
            "22:03 UTC",
            "2009-06-01",
            "2009-05-31T22:03Z",
        ),
        ("The ferry sank at 6:15 a.m. EDT (1015 GMT) Tuesday.", "6:15 a.m. EDT", "2011-03-10", "2011-03-08T06:15"),
        # with no day after the brackets, the day the discourse is about
        (
            "On Monday, the launch took place at 6:15 a.m. EDT (1015 GMT).",
            "1015 GMT",
            "2011-03-10",
            "2011-03-07T10:15Z",
        ),
        # the part of the day in words says which half of the clock
        ("We will be back at 3:00 in the afternoon.", "3:00 in the afternoon", "2009-06-01", "2009-06-01T15:00"),
        ("The polls close at eight o'clock tonight.", "eight o'clock tonight", "2009-06-01", "2009-06-01T20:00"),
        ("The curfew begins at 10 at night.", "10 at night", "2009-06-01", "2009-06-01T22:00"),
        ("The market opens at 9:30 in the morning.", "9:30 in the morning", "2009-06-01", "2009-06-01T09:30"),
        # a clock time before a full date is one TIME on that date
        (
            "The results were announced at 17:45 UTC on Monday, June 1, 2009.",
            "17:45 UTC on Monday, June 1, 2009",
            "2009-06-03",
            "2009-06-01T17:45Z",
        ),
        ("The president will speak at 11:00 Eastern time.", "11:00 Eastern time", "2009-06-01", "2009-06-01T11:00"),
    ],
)
def test_clock_times(text, expr, dct, value):
    assert one(text, expr, dct).value == value

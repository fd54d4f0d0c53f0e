"""Offsets from the discourse's date, centuries written as hundreds, bracketed local times, durations after
duration verbs."""

import pytest

from app.temporal import resolve
from tests.temporal.helpers import one, values


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # "N units after that" counts from the date the discourse is at, as "N units later" does
        ("The mine opened in 1987. A year after that, it flooded.", "A year after that", "2011-05-20", "1988"),
        ("Troops crossed the border on March 3. Two days after that, the capital fell.",
         "Two days after that", "2011-05-20", "2011-03-05"),
        ("The company was founded in 1990. About five years before then, its owner had emigrated.",
         "five years before then", "2011-05-20", "1985"),
    ],
)
def test_offset_after_that(text, expr, dct, value):
    assert one(text, expr, dct).value == value


def test_sentence_opening_a_year_is_no_rate():
    # "$5 billion a year" is a rate; "... in 1987. A year after that" is not
    found = {
        t.text: (t.type, t.value) for t in resolve("Output reached 1987. A year after that, it fell.", "2011-05-20")
    }
    assert found["A year after that"] == ("DATE", "1988")
    assert values("The plant makes $5 billion a year.", "2011-05-20")["a year"] == "P1Y"


@pytest.mark.parametrize(
    "text,dct,expected",
    [
        # the verb "last" is no part of the duration
        ("The hearing, which opened on Monday, is expected to last two weeks.", "2011-05-20", {"two weeks": "P2W"}),
        ("The strike could last three days.", "2011-05-20", {"three days": "P3D"}),
        # the adjective is
        ("Prices fell over the last two weeks.", "2011-05-20", {"last two weeks": "P2W"}),
    ],
)
def test_verb_last(text, dct, expected):
    found = values(text, dct)
    for k, v in expected.items():
        assert found.get(k) == v, found


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # a year ending in 00 with "s" is the century once that century is more than half over
        ("Most of the mills were built in the 1800s.", "1800s", "2011-05-20", "18"),
        ("The harbor was dredged in the early 1900s.", "early 1900s", "1999-02-10", "19"),
        # and the decade while it is young
        ("Growth was fast in the 2000s.", "2000s", "2011-05-20", "200X"),
        ("The 1960s were turbulent.", "1960s", "2011-05-20", "196X"),
    ],
)
def test_hundreds(text, expr, dct, value):
    assert one(text, expr, dct).value == value


def test_zone_time_then_bracketed_local_time_then_day():
    # "at 0600 GMT (1000 local time) on Thursday": both clocks are on that Thursday
    text = "The truce took effect at 0600 GMT (1000 local time) on Thursday, the army said."
    found = {t.text: t.value for t in resolve(text, "2011-05-20")}
    assert found["0600 GMT"] == "2011-05-19T06:00Z"
    assert found["1000 local time"] == "2011-05-19T10:00"
    assert found["Thursday"] == "2011-05-19"


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # a bare plural after a verb of duration is a vague duration, as after "for"
        ("The feud has lasted centuries.", "centuries", "PXCE"),
        ("Rebuilding the bridge took years.", "years", "PXY"),
        ("She spent months in hiding.", "months", "PXM"),
        ("Residents waited hours for water.", "hours", "PTXH"),
    ],
)
def test_vague_after_duration_verbs(text, expr, value):
    assert one(text, expr, "2011-05-20").value == value


def test_no_vague_duration_without_its_verb():
    assert "years" not in values("The years of war left scars.", "2011-05-20")


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # a follow-up story dates its event once, then tells a moment of it without the day
        (
            (
                "The mayor was stabbed on the evening of Jan. 14 outside city hall. The knife was found on March 2. "
                "Witnesses said the mayor was stabbed at 8:40 p.m. as he left a meeting."
            ),
            "8:40 p.m.",
            "2011-01-14T20:40",
        ),
        # a moment counted from the event: "ten days before the bombing"
        (
            (
                "The March 5 bombing killed nine. Police named a suspect on Monday. A guard saw a van at 3 a.m. "
                "outside the market two days before the blast."
            ),
            "3 a.m.",
            "2011-03-03T03:00",
        ),
        # the word of the event need not be the same: one class holds "killing", "murder", "shot"
        (
            (
                "She was shot dead on Feb. 9 in her office. The gun was recovered on April 1. A neighbor heard a car "
                "at 6 a.m. three days before the murder."
            ),
            "6 a.m.",
            "2011-02-06T06:00",
        ),
    ],
)
def test_clock_time_of_a_dated_event(text, expr, value):
    assert one(text, expr, "2011-05-20").value == value


def test_offset_phrase_does_not_date_the_event():
    # "Feb. 3, the day before the election" does not make Feb. 3 the election's day
    text = (
        "Officials met on Feb. 3, a week before the election. Polls closed on Feb. 10 at 8 p.m. "
        "Turnout was low and the election ended at 8 p.m. quietly."
    )
    found = [t for t in resolve(text, "2011-05-20") if t.type == "TIME"]
    assert [t.value for t in found] == ["2011-02-10T20:00", "2011-02-10T20:00"]


def test_clock_time_without_an_event_keeps_the_discourse_day():
    text = "Talks began on May 3 in Geneva. They ended at 11 p.m. without a deal."
    assert one(text, "11 p.m.", "2011-05-20").value == "2011-05-03T23:00"


@pytest.mark.parametrize(
    "text,expr,typ,value",
    [
        # "and a half" after the unit
        ("The plant closed a year and a half ago.", "a year and a half ago", "DATE", "2009-11"),
        (
            "Negotiations took two and a half years and a day and a half of voting.",
            "a day and a half",
            "DURATION",
            "P1DT12H",
        ),
        ("The siege lasted two years and a half.", "two years and a half", "DURATION", "P2Y6M"),
        # "later" with no date told before, in a past-tense clause: not after the publication; a duration
        ("A year and a half later, the case was closed.", "A year and a half", "DURATION", "P1Y6M"),
        ("Two years later, the troops left.", "Two years", "DURATION", "P2Y"),
        # with a date told before it counts from that date
        ("The war began in 1990. Two years later, the troops left.", "Two years later", "DATE", "1992"),
        # and about the future from the publication
        ("Two years later, the troops will leave.", "Two years later", "DATE", "2013"),
    ],
)
def test_half_units_and_unanchored_later(text, expr, typ, value):
    t = one(text, expr, "2011-05-20")
    assert (t.type, t.value) == (typ, value)


def test_a_sentence_with_its_own_day_keeps_it():
    text = (
        "The bombing on May 3 killed five. Police named a suspect on May 8. "
        "On May 10, another blast hit the market at 3 p.m."
    )
    assert one(text, "3 p.m.", "2011-05-20").value == "2011-05-10T15:00"


def test_retold_moment_of_the_first_event():
    text = (
        "The bombing on May 3 killed five. Police named a suspect on May 8. "
        "Witnesses said the blast hit the market at 3 p.m."
    )
    assert one(text, "3 p.m.", "2011-05-20").value == "2011-05-03T15:00"


def test_emphasis_before_ago_stays_outside():
    found = {
        t.text: (t.value, t.mod)
        for t in resolve("Just a decade ago they were allies; almost four years ago the war ended.", "1999-03-12")
    }
    assert found["a decade ago"] == ("1989", None)
    assert found["almost four years ago"] == ("1995", "APPROX")


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # "the day before the election" counts from the day the text gave the election, not the latest date
        (
            "The election was held on March 3. Police arrested him on March 10. The day before the election, he fled.",
            "The day before",
            "2011-03-02",
        ),
        (
            (
                "The bombing on May 3 killed five. On May 10 police named a suspect, who had left the city the day "
                "after the deadly blast."
            ),
            "the day after",
            "2011-05-04",
        ),
        # an event the text never dated: the discourse's date, as before
        ("Police arrested him on March 10. The day before the election, he fled.", "The day before", "2011-03-09"),
    ],
)
def test_day_before_a_dated_event(text, expr, value):
    assert one(text, expr, "2011-05-20").value == value

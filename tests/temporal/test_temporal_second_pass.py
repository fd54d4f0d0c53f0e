"""Offsets from a following date, deadlines set in the past, holiday weeks, day + clock time, plans, reference
adjectives."""

import pytest

from app.temporal import resolve
from tests.temporal.helpers import one, values


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # the offset counts from the date that follows, not from the discourse or the publication date
        (
            "The day before last Tuesday's hearing, he flew home.",
            "The day before last Tuesday",
            "2000-02-24",
            "2000-02-21",
        ),
        ("Two days after March 3, 2018, the talks failed.", "Two days after March 3, 2018", "2019-03-12", "2018-03-05"),
        ("The week after Easter 2019 was quiet.", "The week after Easter 2019", "2020-01-10", "2019-W17"),
        ("It rained three days before Jan. 2, 2019.", "three days before Jan. 2, 2019", "2019-03-12", "2018-12-30"),
        ("The month after June 2018 was hot.", "The month after June 2018", "2019-03-12", "2018-07"),
    ],
)
def test_offset_from_the_following_date(text, expr, dct, value):
    t = one(text, expr, dct)
    assert (t.value, t.anchor) == (value, "expression")


def test_offset_needs_a_date_precise_enough():
    # a day before a whole year says no day: the year stays its own expression
    found = {t.text: t.value for t in resolve("The day before 2018 ended, he quit.", "2019-03-12")}
    assert found.get("2018") == "2018"
    assert "The day before 2018" not in found


def test_offset_before_an_event_keeps_the_discourse_anchor():
    text = "The attack happened on March 3. The day before the attack, police arrested two suspects."
    assert one(text, "The day before", "2019-03-12").value == "2019-03-02"


def test_the_day_before_in_apposition_restates_the_date():
    text = "He was last seen Nov. 3, the day before authorities issued a warrant."
    t = one(text, "the day before", "1999-05-07")
    assert t.value == "1998-11-03"


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # dct Thursday 2000-03-30: a deadline set or an action put off points ahead of the event
        (
            "Officials postponed until Tuesday morning any action on the case.",
            "Tuesday morning",
            "2000-03-30",
            "2000-04-04TMO",
        ),
        ("The judge gave the relatives until Tuesday to respond.", "Tuesday", "2000-03-30", "2000-04-04"),
        ("The court adjourned the hearing until Monday.", "Monday", "2000-03-30", "2000-04-03"),
        # without such a word "until" keeps the nearest reading
        ("The curfew lasted until Tuesday.", "Tuesday", "2000-03-30", "2000-03-28"),
        ("The court extended the deadline through Friday.", "Friday", "2000-03-29", "2000-03-31"),
        # "through" without one keeps the verb's tense: past
        ("The protests continued through Tuesday.", "Tuesday", "2000-03-27", "2000-03-21"),
    ],
)
def test_until_after_a_deferral(text, expr, dct, value):
    assert one(text, expr, dct).value == value


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        ("Protesters prayed as Easter week began.", "Easter week", "2000-04-17", "2000-W16"),
        ("Pilgrims arrived in Jerusalem for Holy Week.", "Holy Week", "2000-04-17", "2000-W16"),
        ("Shops closed during Christmas week.", "Christmas week", "2019-01-10", "2018-W52"),
        ("They sang on Easter.", "Easter", "2000-04-25", "2000-04-23"),
    ],
)
def test_holiday_weeks(text, expr, dct, value):
    assert one(text, expr, dct).value == value


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        (
            "The vote is set for Tuesday at 9 a.m. in the capital.",
            "Tuesday at 9 a.m.",
            "2019-03-13",
            "2019-03-19T09:00",
        ),
        ("Police arrived Monday at about 3 p.m. and left.", "Monday at about 3 p.m.", "2019-03-13", "2019-03-11T15:00"),
        ("He spoke yesterday at noon.", "yesterday at noon", "2019-03-13", "2019-03-12T12:00"),
        ("The relatives have until 9 a.m. Tuesday to sign.", "9 a.m. Tuesday", "2000-04-03", "2000-04-04T09:00"),
    ],
)
def test_day_and_clock_time_are_one_expression(text, expr, dct, value):
    t = one(text, expr, dct)
    assert (t.type, t.value) == ("TIME", value)


def test_the_sunday_times_at_noon_is_no_weekday():
    assert "The Sunday" not in values("The Sunday Times at noon said so.")


def _tokens(text, tags):
    """Penn tags for a whitespace-tokenised text."""
    out, pos = [], 0
    for word, tag in zip(text.split(), tags):
        pos = text.index(word, pos)
        out.append((pos, pos + len(word), tag))
        pos += len(word)
    return out


def test_a_plan_reported_in_the_past_takes_the_nearest_day():
    from app.temporal.timex import Hints

    # dct Friday 2000-01-07: the planned rally is tomorrow, not last Saturday
    text = "Protesters planned a rally on Saturday ."
    hints = Hints(tokens=_tokens(text, ["NNS", "VBD", "DT", "NN", "IN", "NNP", "."]))
    assert {t.text: t.value for t in resolve(text, "2000-01-07", hints)}["Saturday"] == "2000-01-08"
    # a day named before the plan verb is when the plan was made
    text = "On Friday , the government planned to pay ."
    hints = Hints(tokens=_tokens(text, ["IN", "NNP", ",", "DT", "NN", "VBD", "TO", "VB", "."]))
    assert {t.text: t.value for t in resolve(text, "1998-09-30", hints)}["Friday"] == "1998-09-25"


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("We want to help Kenya meet future medical disasters.", "future", "FUTURE_REF"),
        ("Future generations will judge.", "Future", "FUTURE_REF"),
        ("He traveled with his current wife.", "current", "PRESENT_REF"),
    ],
)
def test_reference_adjectives(text, expr, value):
    assert one(text, expr).value == value


@pytest.mark.parametrize(
    "text",
    [
        "The current account deficit grew.",
        "We face a future in which weapons rule.",
        "The current in the river is strong.",
        "Current events.",
    ],
)
def test_reference_adjective_negatives(text):
    assert values(text) == {}


def test_a_great_day_is_the_day_told_about():
    text = 'Poland joined NATO on Friday. Geremek said it was "a great day for Poland."'
    t = one(text, "day", "1999-03-13")
    assert (t.value, t.anchor) == ("1999-03-12", "previous")
    assert one("Officials said this is a sad day.", "day", "1999-03-13").value == "1999-03-13"


@pytest.mark.parametrize("text", ["It was a two-day visit.", "It was a day-long strike.", "Every day is a gift."])
def test_day_predicate_negatives(text):
    assert all(t.value.startswith("P") for t in resolve(text, "1999-03-13"))


def test_that_same_day_after_a_month_keeps_the_month():
    text = "He spoke Thursday. The doctor was shot last October at home. His name was crossed out that same day."
    t = one(text, "that same day", "1999-02-06")
    assert (t.value, t.anchor) == ("1998-10", "previous")
    # a day-precise antecedent still gives the day
    assert (
        one(
            "The doctor was shot on Oct. 23. His name was crossed out that same day.", "that same day", "1999-02-06"
        ).value
        == "1998-10-23"
    )


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("Five years after 1990, the wall was gone.", "Five years after 1990", "1995"),
        ("A week before Christmas 2018 they met.", "A week before Christmas 2018", "2018-W51"),
        ("The strike ended a day after Tuesday's vote.", "a day after Tuesday", "2019-03-13"),
    ],
)
def test_offsets_from_years_holidays_and_weekdays(text, expr, value):
    assert one(text, expr, "2019-03-13").value == value


def test_a_duration_stays_a_duration_before_a_date():
    found = {
        t.text: (t.type, t.value) for t in resolve("He was held for three days after March 3, 2018.", "2019-03-13")
    }
    assert found["three days"] == ("DURATION", "P3D")
    assert found["March 3, 2018"] == ("DATE", "2018-03-03")


def test_no_offset_from_a_year_in_a_name():
    found = {t.text: t.type for t in resolve("The law passed two years after the 2017 Act was signed.", "2019-03-13")}
    assert found.get("two years") == "DURATION"


def test_todays_youth_is_the_present_era():
    found = [(t.text, t.value) for t in resolve("Today's vote was close. It matters for today's youth.", "2000-01-07")]
    assert found == [("Today", "2000-01-07"), ("today", "PRESENT_REF")]


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("The polls close at 8 p.m. on March 7.", "8 p.m. on March 7", "2019-03-07T20:00"),
        ("Voting starts at 7 a.m. on Jan. 4, 2020.", "7 a.m. on Jan. 4, 2020", "2020-01-04T07:00"),
        ("The blast came at 10:35 a.m. March 3, police said.", "10:35 a.m. March 3", "2019-03-03T10:35"),
    ],
)
def test_clock_time_on_a_named_day_is_one_time_on_that_day(text, expr, value):
    t = one(text, expr, published_at="2019-03-14")
    assert (t.type, t.value) == ("TIME", value)


def test_clock_time_and_a_later_date_stay_apart():
    v = values("He woke at 6 a.m. and on March 3 he left.", "2019-03-14")
    assert v == {"6 a.m.": "2019-03-14T06:00", "March 3": "2019-03-03"}


@pytest.mark.parametrize(
    "text,expr,value,first,last",
    [
        ("Earlier in the week the minister resigned.", "Earlier in the week", "2019-W11", "2019-03-11", "2019-03-14"),
        ("Talks will resume later in the year.", "later in the year", "2019", "2019-03-14", "2019-12-31"),
    ],
)
def test_earlier_or_later_in_the_unit_is_this_unit_narrowed(text, expr, value, first, last):
    t = one(text, expr, published_at="2019-03-14")
    assert (t.value, t.interval_start.isoformat(), t.interval_end.isoformat()) == (value, first, last)


def test_the_unit_alone_is_no_date():
    assert values("The week was long and the month was longer.", "2019-03-14") == {}

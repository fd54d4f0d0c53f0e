"""One or more sentences per class of expression that news outside the development set uses."""

import pytest

from app.temporal import resolve
from tests.temporal.helpers import one, values


def _v(text, expr, dct):
    return one(text, expr, dct).value


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # a headline over its body: its present tense does not push the body's dates forward
        (
            "Germany bans Huawei\nOn Tuesday, Berlin announced the ban, officials said.",
            "Tuesday",
            "2019-03-14",
            "2019-03-12",
        ),
        (
            "Parliament passes budget\nLawmakers approved the plan in February after weeks of talks.",
            "February",
            "2019-03-14",
            "2019-02",
        ),
        # and hard-wrapped text is not split at its line ends
        (
            "The ministry will ask\nParliament to vote on the plan on Tuesday and\nWednesday.",
            "Tuesday",
            "2019-03-14",
            "2019-03-19",
        ),
    ],
)
def test_headline_lines(text, expr, dct, value):
    assert _v(text, expr, dct) == value


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # "until" after a plain auxiliary or a reporting verb is not a deadline
        ("Officials have said the border stayed closed until Tuesday.", "Tuesday", "2019-03-14", "2019-03-12"),
        (
            "The curfew, which has been in place since Sunday, lasted until Tuesday.",
            "Tuesday",
            "2019-03-14",
            "2019-03-12",
        ),
        # a holder right before "until", or a phrase that defers, is
        ("The relatives have until Tuesday to sign.", "Tuesday", "2019-03-14", "2019-03-19"),
        ("The vote was put off until Tuesday.", "Tuesday", "2019-03-14", "2019-03-19"),
        # "since" points back
        ("Prices have risen since March.", "March", "2019-05-10", "2019-03"),
        ("Prices have risen steadily since September.", "September", "2019-05-10", "2018-09"),
    ],
)
def test_direction_cues(text, expr, dct, value):
    assert _v(text, expr, dct) == value


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        ("The talks dragged on for weeks.", "weeks", "2019-03-12", "PXW"),
        ("Relatives waited for months.", "months", "2019-03-12", "PXM"),
        ("The monastery stood there for centuries.", "centuries", "2019-03-12", "PXCE"),
        ("In the years that followed, the rebels won.", "years", "2019-03-12", "PXY"),
        ("Prices recently rose.", "recently", "2019-03-12", "PAST_REF"),
        ("Shares have been falling lately.", "lately", "2019-03-12", "PAST_REF"),
        ("The results will be announced later.", "later", "2019-03-12", "FUTURE_REF"),
        ("A decision is expected soon.", "soon", "2019-03-12", "FUTURE_REF"),
        ("Prices are now higher than a year ago.", "now", "2019-03-12", "PRESENT_REF"),
        ("The plant is currently closed.", "currently", "2019-03-12", "PRESENT_REF"),
        ("The day before Beijing announced the sanctions, talks failed.", "The day before", "2019-03-12", "2019-03-11"),
    ],
)
def test_vague_durations_and_references(text, expr, dct, value):
    assert _v(text, expr, dct) == value


@pytest.mark.parametrize(
    "text",
    ["He later said he had been wrong.", "Soon after, the army withdrew.", "They left as soon as they could."],
)
def test_soon_and_later_in_a_past_narrative_are_not_tagged(text):
    assert [t.value for t in resolve(text, "2019-03-12")] == []


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # spelled-out numbers, as broadcast transcripts write them
        (
            "The president was first elected in nineteen ninety-six, officials said.",
            "nineteen ninety-six",
            "1998-05-10",
            "1996",
        ),
        ("The wall fell in nineteen eighty-nine.", "nineteen eighty-nine", "1999-11-09", "1989"),
        ("In the year two thousand the company moved to Ohio.", "two thousand", "2001-05-10", "2000"),
        ("By two thousand and one the firm had collapsed.", "two thousand and one", "2003-05-10", "2001"),
        ("He was born in nineteen oh five.", "nineteen oh five", "1990-05-10", "1905"),
        ("He left the country twenty years ago.", "twenty years ago", "2000-05-10", "1980"),
        ("The castle was built two hundred years ago.", "two hundred years ago", "2000-05-10", "1800"),
        ("He has lived there for a dozen years.", "a dozen years", "2000-05-10", "P12Y"),
        ("The war lasted a hundred and sixteen years.", "a hundred and sixteen years", "2000-05-10", "P116Y"),
        # decades and short years
        ("Music of the '70s came back.", "'70s", "2009-05-10", "197X"),
        ("Music of the 70s came back.", "70s", "2009-05-10", "197X"),
        ("He was born in '82.", "'82", "2009-05-10", "1982"),
        ("In the early nineties the economy grew.", "the early nineties", "2009-05-10", "199X"),
        ("In the mid-1980s the economy grew.", "mid-1980s", "2009-05-10", "198X"),
        ("The project will be finished by the end of the decade.", "the end of the decade", "2012-05-10", "201X"),
    ],
)
def test_spoken_numbers_decades_and_short_years(text, expr, dct, value):
    assert _v(text, expr, dct) == value


@pytest.mark.parametrize(
    "text",
    [
        "In two thousand cases the police did nothing.",
        "He scored twenty-one points in nineteen games.",
        "He is in his 70s.",
        "Temperatures were in the 70s degrees.",
    ],
)
def test_numbers_that_are_not_years(text):
    assert [t.value for t in resolve(text, "2009-05-10") if t.type == "DATE"] == []


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # a clock time in UTC/GMT or with a stated offset carries its zone
        ("The plane disappeared at 12:00 UTC on Monday.", "12:00 UTC on Monday", "2009-06-01", "2009-06-01T12:00Z"),
        ("The quake struck at 16:15 UTC, Monday.", "16:15 UTC, Monday", "2009-06-02", "2009-06-01T16:15Z"),
        (
            "The quake struck at 9 a.m. local time (GMT +8) on Monday.",
            "9 a.m. local time (GMT +8) on Monday",
            "2009-06-02",
            "2009-06-01T09:00+08:00",
        ),
        ("The alarm sounded at 10:30 UTC+3.", "10:30 UTC+3", "2009-06-02", "2009-06-02T10:30+03:00"),
        ("The vote will close at 3 p.m. EST Monday.", "3 p.m. EST Monday", "2009-06-02", "2009-06-08T15:00"),
        # a time without a day is on the last day the text named
        (
            "The ship sank on June 1. The alarm had sounded at 10:30 GMT.",
            "10:30 GMT",
            "2009-06-05",
            "2009-06-01T10:30Z",
        ),
        # sets
        ("The festival is held each July.", "each July", "2009-03-12", "XXXX-07"),
        ("The market opens every Monday.", "every Monday", "2009-03-12", "XXXX-WXX-1"),
        ("The market opens on Mondays.", "Mondays", "2009-03-12", "XXXX-WXX-1"),
        ("The herds move north every summer.", "every summer", "2009-03-12", "XXXX-SU"),
        ("The report is published annually.", "annually", "2009-03-12", "P1Y"),
        ("The board meets twice a year.", "twice a year", "2009-03-12", "P1Y"),
        ("Elections are held every four years.", "every four years", "2009-03-12", "P4Y"),
    ],
)
def test_times_with_zones_and_sets(text, expr, dct, value):
    assert _v(text, expr, dct) == value


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # parts of a year, month or decade keep their own granularity
        ("Profit fell in the last quarter.", "the last quarter", "2010-02-10", "2009-Q4"),
        ("Profit fell in the final quarter of 2009.", "the final quarter of 2009", "2010-02-10", "2009-Q4"),
        ("The company reported a loss in the fourth quarter.", "the fourth quarter", "2010-02-10", "2009-Q4"),
        ("The plant opened in the first week of June 2009.", "the first week of June 2009", "2010-04-10", "2009-W23"),
        ("Sales rose in the first half of the year.", "the first half of the year", "2010-04-10", "2010-H1"),
        ("Sales will rise in the second half.", "the second half", "2010-04-10", "2010-H2"),
        ("Sales fell in the second half.", "the second half", "2010-04-10", "2009-H2"),
        ("The plant closed late last year.", "late last year", "2010-04-10", "2009"),
        ("The plant will close early next month.", "early next month", "2010-04-10", "2010-05"),
        # a year before a named part of the year is that part, a year earlier
        (
            "The company said third-quarter profit fell 10 percent from a year ago.",
            "a year ago",
            "2009-10-20",
            "2008-Q3",
        ),
        ("Sales in the same month a year ago were higher.", "the same month a year ago", "2009-10-20", "2008-10"),
        (
            "Sales rose 5 percent in September from the same month last year.",
            "the same month last year",
            "2009-10-20",
            "2008-09",
        ),
        (
            "Net income in the third quarter rose from the year-earlier period.",
            "the year-earlier period",
            "2009-10-20",
            "2008-Q3",
        ),
        ("Third-quarter sales rose. A year earlier, the bank lost money.", "A year earlier", "2009-10-20", "2008-Q3"),
        ("He left the firm a year ago.", "a year ago", "2009-10-20", "2008"),
    ],
)
def test_parts_and_year_ago(text, expr, dct, value):
    assert _v(text, expr, dct) == value


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # anaphora count from the last date the text named
        (
            "The quake struck on June 1. Earlier in the day, a smaller tremor hit.",
            "Earlier in the day",
            "2009-06-05",
            "2009-06-01",
        ),
        (
            "The quake struck on June 1. Rescuers arrived the next morning.",
            "the next morning",
            "2009-06-05",
            "2009-06-02TMO",
        ),
        (
            "The quake struck on Monday. By the following week, aid had arrived.",
            "the following week",
            "2009-06-05",
            "2009-W24",
        ),
        (
            "The quake struck at 16:15 UTC, Monday. That day, the ground shook again.",
            "That day",
            "2009-06-05",
            "2009-06-01",
        ),
        ("The quake struck on June 1. The same day, a dam broke.", "The same day", "2009-06-05", "2009-06-01"),
        (
            "The pilot radioed at 2:10 GMT. Just over an hour later, the plane vanished.",
            "Just over an hour",
            "2009-06-05",
            "PT1H",
        ),
        # a future in a past-tense report
        ("The parliament said it would vote on Friday.", "Friday", "2009-05-13", "2009-05-15"),
        ("Officials said the ministers would meet on Tuesday.", "Tuesday", "2009-05-13", "2009-05-19"),
        # seasons (northern hemisphere; winter belongs to the year it starts in)
        ("Tourists flocked to the coast last summer.", "last summer", "2009-03-12", "2008-SU"),
        ("The plant will open this spring.", "this spring", "2009-03-12", "2009-SP"),
    ],
)
def test_anaphora_direction_and_seasons(text, expr, dct, value):
    assert _v(text, expr, dct) == value


def test_approximation_is_a_mod_outside_the_span():
    t = one("Albright spent about 5 1/2 hours there.", "5 1/2 hours", "1998-08-17")
    assert (t.value, t.mod) == ("PT5H30M", "APPROX")
    assert one("The blast occurred at about 10:35 a.m. Friday.", "10:35 a.m. Friday", "1998-08-08").mod == "APPROX"
    assert one("The dispute has lasted more than four years.", "more than four years", "2019-03-12").mod == "MORE_THAN"


@pytest.mark.parametrize(
    "text,expr,typ,value",
    [
        ("The program costs $5 billion a year.", "a year", "SET", "P1Y"),
        ("About 500 people a day cross the border.", "a day", "SET", "P1D"),
        ("The shop is closed on weekends.", "weekends", "SET", "XXXX-WXX-WE"),
        ("He was sentenced to a year in prison.", "a year", "DURATION", "P1Y"),
    ],
)
def test_rates_are_sets(text, expr, typ, value):
    t = one(text, expr, "2009-03-12")
    assert (t.type, t.value) == (typ, value)


@pytest.mark.parametrize(
    "text",
    [
        "Smith scored twice in the second half.",
        "Highs will be in the 70s.",
        "The team rallied in the last quarter of the game.",
    ],
)
def test_halves_decades_and_quarters_outside_dates(text):
    assert [t.value for t in resolve(text, "2010-04-10") if t.type == "DATE"] == []


def test_now_as_a_discourse_marker_is_not_tagged():
    assert values("Now the alliance's mission is less clear.", "2019-03-12") == {}
    assert values("Now, officials said, the plan will change.", "2019-03-12") == {}
    assert values("The embassy is now operating from a hotel.", "2019-03-12") == {"now": "PRESENT_REF"}


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("The vote was held on March third.", "March third", "1998-03-03"),
        ("The talks open on the first of April.", "the first of April", "1998-04-01"),
        ("By June first, the firm had closed.", "June first", "1998-06-01"),
        ("Prices soared in the nineteen-seventies.", "the nineteen-seventies", "197X"),
    ],
)
def test_spoken_dates_and_decades(text, expr, value):
    assert _v(text, expr, "1998-03-12") == value


_HEADLINE_WORDS = [("Talks", "NNS"), ("to", "TO"), ("resume", "VB"), ("Tuesday", "NNP"), ("Negotiators", "NNS"),
                   ("said", "VBD"), ("they", "PRP"), ("had", "VBD"), ("made", "VBN"), ("progress", "NN"), (".", ".")]


def _tagged(text, words):
    """(start, end, tag) of each word, in order, as a tagger gives them."""
    toks, pos = [], 0
    for w, tag in words:
        pos = text.index(w, pos)
        toks.append((pos, pos + len(w), tag))
        pos += len(w)
    return toks


def test_a_headline_infinitive_is_its_future():
    from app.temporal import Hints

    text = "Talks to resume Tuesday\nNegotiators said they had made progress."
    (t,) = resolve(text, "2009-03-12", Hints(tokens=_tagged(text, _HEADLINE_WORDS)))
    assert (t.text, t.value) == ("Tuesday", "2009-03-17")


@pytest.mark.parametrize("blank", ["\n\n", "\n \n\n"])
def test_a_headline_over_a_blank_line_is_a_headline(blank):
    from app.temporal import Hints

    text = f"Talks to resume Tuesday{blank}Negotiators said they had made progress."
    body = text.index("Negotiators")
    sentences = [(0, len("Talks to resume Tuesday")), (body, len(text))]  # a tagger's sentences end before the blank
    (t,) = resolve(text, "2009-03-12", Hints(sentences=sentences, tokens=_tagged(text, _HEADLINE_WORDS)))
    assert (t.text, t.value) == ("Tuesday", "2009-03-17")


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # broadcast phrasing: vague past references and "couple of" as two
        ("Good evening. A short time ago, the president spoke to reporters.", "A short time ago", "PAST_REF"),
        ("It was some time ago that the talks broke down.", "some time ago", "PAST_REF"),
        ("The last couple of years have been hard for farmers.", "last couple of years", "P2Y"),
        ("It has rained for the past couple of days.", "past couple of days", "P2D"),
    ],
)
def test_broadcast_vague_references(text, expr, value):
    assert _v(text, expr, "1998-02-13") == value

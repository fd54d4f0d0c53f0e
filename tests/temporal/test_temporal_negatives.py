"""Words that look like time expressions but are not, and bad input."""

import time
from datetime import date, datetime, timedelta, timezone

import pytest

from app.temporal import resolve
from app.temporal.errors import TemporalInputError
from tests.temporal.helpers import values


@pytest.mark.parametrize(
    "text",
    [
        "Officials may decide to act.",
        "Thousands will march to the capital.",
        "The Sunday Times reported the story.",
        "More than 2,000 people attended.",
        "The fund raised 100M dollars.",
        "Prime Minister Theresa May spoke.",
        "He won a second term.",
        "Jan Kavan of the Czech Republic attended.",
        "The film High Noon was shown.",
        "The 6-year-old boy was returned.",
        "He said it on CBS's 60 Minutes program.",
    ],
)
def test_not_time_expressions(text):
    assert values(text) == {}


def test_negatives_keep_the_real_ones():
    v = values("Thousands will march on the capital in May.")
    assert v == {"May": "2019-05"}


def test_empty_text_gives_nothing():
    assert resolve("", "2019-03-12") == []
    assert resolve("   ", "2019-03-12") == []


@pytest.mark.parametrize("bad", [None, "", "yesterday", "2019-13-45", "12/03/2019", 12345])
def test_bad_published_at_names_the_field(bad):
    with pytest.raises(TemporalInputError, match="published_at"):
        resolve("He left on Friday.", bad)


def test_bad_text_names_the_field():
    with pytest.raises(TemporalInputError, match="text"):
        resolve(123, "2019-03-12")


def test_published_at_types():
    tz = timezone(timedelta(hours=-5))
    for p in ("2019-03-12", date(2019, 3, 12), datetime(2019, 3, 12, 23, 30, tzinfo=tz), "2019-03-12T23:30:00-05:00"):
        assert values("He spoke Monday.", p) == {"Monday": "2019-03-11"}


def _time(text):
    """CPU seconds of one resolution: a bound on the work done (no catastrophic backtracking, no quadratic pass),
    which other jobs sharing the machine's cores do not change as they change the wall time."""
    t0 = time.process_time()
    resolve(text, "2019-03-12")
    return time.process_time() - t0


def test_one_megabyte_scales_linearly():
    para = "On Friday, March 8, the minister said last week that 2,000 troops would leave in the next three months. "
    small = para * 1000
    big = para * 10000  # about 1 MB
    assert len(big) > 1_000_000
    _time(small)  # warm caches
    ts, tb = _time(small), _time(big)
    assert tb < 30 * ts + 0.5, (ts, tb)  # 10x the text, far less than quadratic time


@pytest.mark.parametrize(
    "evil",
    [
        "1" * 50000,
        "the " * 20000,
        "last " * 20000,
        "March " * 20000,
        "a" * 100000,
        "1/" * 30000,
        ("more than " * 5000) + "years ago",
        "early late mid " * 10000,
        "9 9 9 9 a.m. " * 10000,
    ],
)
def test_adversarial_strings_are_fast(evil):
    assert _time(evil) < 5.0


@pytest.mark.parametrize(
    "text,expected",
    [
        ("He lives at 1600 Pennsylvania Avenue.", {}),
        ("In 1998 Main Street flooded.", {"1998": "1998"}),
        ("Athletes arrived for the Summer Olympics.", {}),
        ("Minutes later, he was dead.", {"Minutes": "PTXM"}),
        ("He waited for hours.", {"hours": "PTXH"}),
    ],
)
def test_names_addresses_and_vague_time_units(text, expected):
    assert values(text) == expected


def test_day_before_a_clause_is_not_anaphora():
    assert "the day before" not in values("He spent hours there, later in the day before returning home.")


def test_malformed_hints_name_the_field():
    from app.temporal import Hints

    with pytest.raises(TemporalInputError, match="hints"):
        resolve("He left on Friday.", "2019-03-12", Hints(tokens=[(0, 2)]))
    with pytest.raises(TemporalInputError, match="hints"):
        resolve("He left on Friday.", "2019-03-12", {"tokens": []})

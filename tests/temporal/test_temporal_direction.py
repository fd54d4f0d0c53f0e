"""Direction of underspecified days: the tense of the clause, and cues that override it."""

import pytest

from app.temporal import Hints, resolve
from tests.temporal.helpers import one


def _tagged(text, tags):
    out, pos = [], 0
    for word, tag in zip(text.split(), tags):
        pos = text.index(word, pos)
        out.append((pos, pos + len(word), tag))
        pos += len(word)
    return Hints(tokens=out)


def _value(text, tags, dct, expr):
    return {t.text: t.value for t in resolve(text, dct, _tagged(text, tags))}[expr]


@pytest.mark.parametrize(
    "text,tags,dct,expr,value",
    [
        # in the past tense, the last one (read on Thursday 1989-10-26)
        ("The talks resumed on Monday .", ["DT", "NNS", "VBD", "IN", "NNP", "."], "1989-10-26", "Monday", "1989-10-23"),
        # "until" with nothing deferred takes the nearest day, whatever the tense after it
        (
            "Until Thursday , they had not called him a suspect .",
            ["IN", "NNP", ",", "PRP", "VBD", "RB", "VBN", "PRP", "DT", "NN", "."],
            "1999-05-07",
            "Thursday",
            "1999-05-06",
        ),
    ],
)
def test_weekday_direction(text, tags, dct, expr, value):
    assert _value(text, tags, dct, expr) == value


@pytest.mark.parametrize(
    "text,expr,mod,value",
    [
        ("Late yesterday, the company said its chairman had resigned.", "Late yesterday", "END", "1989-10-25"),
        ("Shares fell early today in Tokyo.", "early today", "START", "1989-10-26"),
    ],
)
def test_early_and_late_days(text, expr, mod, value):
    t = one(text, expr, "1989-10-26")
    assert (t.value, t.mod) == (value, mod)


def test_a_contracted_future_modal_points_ahead_without_hints():
    # "she'll" is one word to the word-list tense finder; its clitic is the modal (read on Tuesday 1998-10-13)
    assert one("She'll meet the Palestinian leader on Thursday.", "Thursday", "1998-10-13").value == "1998-10-15"
    assert one("He'd left on Friday.", "Friday", "1998-10-13").value == "1998-10-09"


@pytest.mark.parametrize(
    "text,tags,expr,value",
    [
        # a day between a verb of planning and its "to" + verb dates the promise or the plan, made in the past
        (
            "The minister promised on Monday to visit Kenya .",
            ["DT", "NN", "VBD", "IN", "NNP", "TO", "VB", "NNP", "."],
            "Monday",
            "2023-12-11",
        ),
        (
            "The union vowed on Tuesday , to strike again .",
            ["DT", "NN", "VBD", "IN", "NNP", ",", "TO", "VB", "RB", "."],
            "Tuesday",
            "2023-12-12",
        ),
        # the same day after the plan's verb is when the plan is for
        (
            "The minister promised to visit Kenya on Monday .",
            ["DT", "NN", "VBD", "TO", "VB", "NNP", "IN", "NNP", "."],
            "Monday",
            "2023-12-18",
        ),
    ],
)
def test_a_day_between_a_promise_and_its_plan_is_the_promises(text, tags, expr, value):
    assert _value(text, tags, "2023-12-15", expr) == value


def test_a_possessive_or_the_sentence_before_is_no_auxiliary_of_the_verb_after_it():
    # "... the child's return. Found clinging ...": the "'s" three words back is no "is"
    text = "They fought the child 's return . Found in late November , the boy has been in Miami ."
    tags = [
        "PRP",
        "VBD",
        "DT",
        "NN",
        "POS",
        "NN",
        ".",
        "VBN",
        "IN",
        "JJ",
        "NNP",
        ",",
        "DT",
        "NN",
        "VBZ",
        "VBN",
        "IN",
        "NNP",
        ".",
    ]
    assert _value(text, tags, "2000-01-06", "late November") == "1999-11"

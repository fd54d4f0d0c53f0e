"""One or more sentences per class of expression that news outside the development set uses."""

import pytest

from app.temporal import resolve
from tests.temporal.helpers import one


def _v(text, expr, dct):
    return one(text, expr, dct).value


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # a headline over its body: its present tense does not push the body's dates forward
        ("Germany bans Huawei\nOn Tuesday, Berlin announced the ban, officials said.", "Tuesday", "2019-03-14", "2019-03-12"),
        ("Parliament passes budget\nLawmakers approved the plan in February after weeks of talks.", "February", "2019-03-14", "2019-02"),
        # and hard-wrapped text is not split at its line ends
        ("The ministry will ask\nParliament to vote on the plan on Tuesday and\nWednesday.", "Tuesday", "2019-03-14", "2019-03-19"),
    ],
)
def test_headline_lines(text, expr, dct, value):
    assert _v(text, expr, dct) == value


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        # "until" after a plain auxiliary or a reporting verb is not a deadline
        ("Officials have said the border stayed closed until Tuesday.", "Tuesday", "2019-03-14", "2019-03-12"),
        ("The curfew, which has been in place since Sunday, lasted until Tuesday.", "Tuesday", "2019-03-14", "2019-03-12"),
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

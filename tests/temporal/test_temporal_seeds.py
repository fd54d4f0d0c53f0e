"""The seed sentences (published Tuesday 2019-03-12)."""

from tests.temporal.helpers import one


def test_last_week_is_the_week_before():
    t = one(
        "Richard Grenell sent a letter to the German government last week threatening to curtail access.", "last week"
    )
    assert (t.value, t.granularity, str(t.interval_start), str(t.interval_end)) == (
        "2019-W10",
        "week",
        "2019-03-04",
        "2019-03-10",
    )


def test_last_friday():
    assert one("In a letter dated last Friday, Mr Grenell warned Berlin.", "last Friday").value == "2019-03-08"


def test_announced_month_day():
    t = one("Germany announced March 7 that it wouldn't ban any company.", "March 7")
    assert t.value == "2019-03-07" and t.anchor == "publication"


def test_possessive_month_day():
    assert one("Germany's March 7 announcement was criticised.", "March 7").value == "2019-03-07"


def test_in_february_and_in_march():
    assert one("In February, Secretary of State Mike Pompeo warned allies.", "February").value == "2019-02"
    assert one("In March, he fleshed that out in Iowa.", "March").value == "2019-03"


def test_earlier_this_year_narrows_interval():
    t = one("Earlier this year the German government discussed the matter.", "Earlier this year")
    assert t.value == "2019"
    assert (str(t.interval_start), str(t.interval_end)) == ("2019-01-01", "2019-03-12")


def test_reported_monday():
    assert one("CNN reported Monday that the letter had arrived.", "Monday").value == "2019-03-11"


def test_year_in_a_name_is_flagged():
    t = one("Congress passed the 2019 National Defense Authorization Act.", "2019")
    assert t.in_name is True
    assert one("The law was passed in 2019 by Congress.", "2019").in_name is False

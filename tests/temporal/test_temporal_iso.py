"""The one ISO 8601 reader of publication dates (app.temporal.iso), used by the resolver, the extractor and the API."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.temporal.iso import parse_iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-03-12", date(2019, 3, 12)),
        (" 2019-03-12 ", date(2019, 3, 12)),
        ("20190312", date(2019, 3, 12)),  # the basic format is a day, not midnight
        ("2019-03-12T09:30", datetime(2019, 3, 12, 9, 30)),
        ("2019-03-12 09:30", datetime(2019, 3, 12, 9, 30)),
        ("2019-03-12T09:30:00Z", datetime(2019, 3, 12, 9, 30, tzinfo=UTC)),
        ("2019-03-12T23:30:00-05:00", datetime(2019, 3, 12, 23, 30, tzinfo=timezone(timedelta(hours=-5)))),
    ],
)
def test_dates_and_date_times(text, expected):
    got = parse_iso(text)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize("text", ["", "2019-03", "2019-13-01", "March 12, 2019", "2019-03-12T25:00", "yesterday"])
def test_what_is_no_iso_date_is_a_value_error(text):
    with pytest.raises(ValueError):
        parse_iso(text)


def test_parsed_values_pass_through_and_other_types_are_refused():
    d, dt = date(2019, 3, 12), datetime(2019, 3, 12, 9, 30, tzinfo=UTC)
    assert parse_iso(d) is d and parse_iso(dt) is dt
    with pytest.raises(TypeError, match="int"):
        parse_iso(20190312)

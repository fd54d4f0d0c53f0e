"""A listing's date window on the link tables: on PostgreSQL their ranges start at date_from less the longest event's
length (migration 0012), which must not lose a long event that started well before date_from; a name a few actors
share probes each event's country links."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from app.db import get_engine
from app.store.articles import store_article
from tests.api.factories import actor, article, event, result

TEXT = (
    "Germany and Israel traded in the 1990s. Mr Dietrich met Israeli officials in June 1999. "
    "Ivo Dietrich and Israel signed in 1999. Dietrich visited Israel on 3 January 2000."
)


def _events() -> list:
    dietrich = [actor("Ivo Dietrich", "person", "source", "DE"), actor("Israel", "country", "target", "IL")]
    twin = [actor("Ivo Dietrich 2", "person", "source", "DE"), actor("Israel", "country", "target", "IL")]
    return [
        event(TEXT, "Germany and Israel traded in the 1990s.", "the 1990s", "199", "1990-01-01", "1999-12-31",
              granularity="decade", trigger="trade", actors=dietrich, countries=["DE", "IL"]),
        event(TEXT, "Mr Dietrich met Israeli officials in June 1999.", "June 1999", "1999-06", "1999-06-01",
              "1999-06-30", granularity="month", trigger="meet", actors=twin, countries=["IL"]),
        event(TEXT, "Ivo Dietrich and Israel signed in 1999.", "1999", "1999", "1999-01-01", "1999-12-31",
              granularity="year", trigger="sign", actors=dietrich, countries=["IL"]),
        event(TEXT, "Dietrich visited Israel on 3 January 2000.", "3 January 2000", "2000-01-03", "2000-01-03",
              trigger="visit", actors=dietrich, countries=["IL"]),
    ]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"date_from": "1999-12-31", "date_to": "2000-12-31"}, ["trade", "sign", "visit"]),
        ({"date_from": "1999-07-01"}, ["trade", "sign", "visit"]),
        ({"date_from": "1999-06-30", "date_to": "1999-06-30"}, ["trade", "sign", "meet"]),
        ({"date_from": "2000-01-04"}, []),
        ({"date_to": "1990-01-01"}, ["trade"]),
    ],
)
@pytest.mark.parametrize("filters", [
    {}, {"actor": "dietrich"}, {"actor": "ivo dietrich"}, {"country": "IL"}, {"actor": "dietrich", "country": "IL"},
    {"actor": "ivo dietrich", "country": "IL"},
])
def test_a_long_event_started_before_the_window_is_listed(client, session, params, expected, filters):
    store_article(session, article(TEXT), result(TEXT, *_events(), published="2000-01-04"), merge=False)
    got = [e["trigger"] for e in client.get("/v1/events", params={**params, **filters}).json()["items"]]
    assert got == expected, (params, filters)
    # page by page, the same events
    walked, cursor = [], None
    while True:
        page = client.get("/v1/events", params={**params, **filters, "limit": 1, **({"cursor": cursor} if cursor
                                                                                      else {})}).json()
        walked += [e["trigger"] for e in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert walked == expected


def test_the_span_index_is_postgresql_only(db_url, backend):
    names = {ix["name"] for ix in inspect(get_engine(db_url)).get_indexes("event")}
    assert ("ix_event_span" in names) == (backend == "postgres")

"""The listing writes EventPage's JSON from plain values, without building the models: the bytes must be the ones the
models would write, and the schema must still type the answer as EventPage."""

from __future__ import annotations

from pydantic_core import to_json

from app.api.deps import EventFilters
from app.api.queries import page_events
from app.api.serialize import event_values, events_public
from app.db import get_engine
from app.models import EventPage, EventPublic
from app.store.articles import store_article
from tests.api.factories import actor, article, event, result, sayer

TEXT = (
    "Officials said the troops withdrew from Kenya on Friday. The ministry has confirmed the plan. "
    "Talks resumed in March 2019."
)


def _store(session) -> None:
    withdrew = event(
        TEXT, "Officials said the troops withdrew from Kenya on Friday.", "Friday", "2019-03-08", "2019-03-08",
        trigger="withdraw", trigger_word="withdrew", countries=["KE"],
        actors=[actor("troops", "group", "source"), actor("Kenya", "country", "target", "KE")],
        reported_by=sayer("Officials", aliases=["officials"]),
    )
    confirmed = event(
        TEXT, "The ministry has confirmed the plan.", "has confirmed", "2019-03-12", "2019-03-12", trigger="confirm",
        trigger_word="confirmed", dated_by="publication", actors=[actor("ministry", "organization", "source")],
    )
    resumed = event(  # no actor, no country, a month
        TEXT, "Talks resumed in March 2019.", "March 2019", "2019-03", "2019-03-01", "2019-03-31",
        granularity="month", trigger="resume", dated_by="narrative",
    )
    resumed.confidence = 1.0  # an integral float stays a float in JSON
    store_article(session, article(TEXT, source="Wire", url="https://example.com/1", title="Withdrawal"),
                  result(TEXT, withdrew, confirmed, resumed))
    # a second report of the withdrawal: one event, two sources (one without url or title)
    store_article(session, article(TEXT + " Again.", source="Other"), result(TEXT + " Again.", withdrew))


def test_the_listing_bytes_are_the_models_json(client, session):
    _store(session)
    for params in ({}, {"limit": 1}, {"actor": "troops"}, {"country": "KE"}, {"sort": "-date"}):
        r = client.get("/v1/events", params=params)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/json"
        body = r.json()
        assert body["items"], params
        # validated by the model and written again: the same bytes, field order, nulls and number formats included
        assert r.content == EventPage.model_validate_json(r.content).model_dump_json().encode(), params
    merged = next(e for e in client.get("/v1/events").json()["items"] if e["trigger"] == "withdraw")
    assert len(merged["sources"]) == 2 and merged["sources"][0]["reported_by"]["name"] == "Officials"
    assert [s["url"] for s in merged["sources"]] == ["https://example.com/1", None]
    assert client.get(f"/v1/events/{merged['id']}").json() == merged


def test_event_values_are_what_the_models_serialize(client, session):
    _store(session)
    rows, nxt, as_of = page_events(session, EventFilters(), "date", 2, None)
    values = event_values(session, rows)
    assert nxt is not None and len(values) == 2
    fast = to_json({"items": values, "next_cursor": nxt, "as_of": as_of})
    slow = EventPage(items=events_public(session, rows), next_cursor=nxt, as_of=as_of).model_dump_json().encode()
    assert fast == slow
    for v in values:  # every field of the model, in its order
        assert list(v) == list(EventPublic.model_fields)
        assert to_json(v) == EventPublic.model_validate(v).model_dump_json().encode()


def test_the_schema_still_types_the_listing(client):
    op = client.get("/openapi.json").json()["paths"]["/v1/events"]["get"]
    assert op["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/EventPage"
    }


def test_the_listing_reads_in_autocommit_on_postgresql_only(db_url, backend):
    from sqlmodel import Session

    from app.api.deps import read_engine

    engine = get_engine(db_url)
    reads = read_engine(engine)
    assert reads is read_engine(engine)
    with Session(reads) as s:
        raw = s.connection().connection.driver_connection
        # psycopg's autocommit; SQLite keeps its transaction (one snapshot for a page's statements)
        assert (backend == "postgres") == bool(getattr(raw, "autocommit", False) is True)
    with Session(engine) as s:  # the engine itself is left as it was: writes keep their transactions
        assert getattr(s.connection().connection.driver_connection, "autocommit", False) is not True

"""What a dashboard needs, over HTTP on both databases: repeated filters, event type, number of sources, publication
date and language, the change feed, unknown parameters refused, the histogram, the streamed exports, CORS, offline
docs and readiness."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from app.models import EvidenceRow
from app.store.articles import delete_article, store_article
from app.store.bulk import bulk_store
from tests.api.factories import actor, article, event, result, synthetic

A1 = "Germany announced March 7 that it would not ban Huawei. Mr Grenell wrote to Berlin on March 8."
A2 = "France and Germany signed the accord on April 1. Mr Grenell wrote to Berlin on March 8."
A3 = "Zürich hosted the talks on May 5."


def _e(text, sentence, expr, value, start, end=None, *, event_type, **kw):
    ev = event(text, sentence, expr, value, start, end, **kw)
    ev.event_type = event_type
    return ev


def _store_a1_a2(session):
    s1, s2 = A1.split(". ")[0] + ".", A1.split(". ")[1]
    a1 = store_article(
        session,
        article(A1, source="CNN", external_id="a1", language="en", published_at="2019-03-12T09:30:00-05:00"),
        result(
            A1,
            _e(
                A1,
                s1,
                "March 7",
                "2019-03-07",
                "2019-03-07",
                event_type="statement",
                summary="Germany will not ban Huawei",
                actors=[actor("Germany", country="DE"), actor("Huawei", "organization", "target", "CN")],
                countries=["DE", "CN"],
            ),
            _e(
                A1,
                s2,
                "March 8",
                "2019-03-08",
                "2019-03-08",
                event_type="communication",
                summary="Grenell wrote to Berlin",
                trigger="write",
                actors=[actor("Richard Grenell", "person", "source", "US", aliases=["Mr Grenell"])],
                countries=["US", "DE"],
            ),
        ),
        merge=False,
    )
    t1 = A2.split(". ")[0] + "."
    a2 = store_article(
        session,
        article(A2, source="Le Monde", external_id="a2", language="fr", published_at="2019-04-02"),
        result(
            A2,
            _e(
                A2,
                t1,
                "April 1",
                "2019-04-01",
                "2019-04-01",
                event_type="agreement",
                summary="France and Germany signed",
                trigger="sign",
                actors=[actor("France", country="FR"), actor("Germany", "country", "other", "DE")],
                countries=["FR", "DE"],
            ),
            published="2019-04-02",
        ),
        merge=False,
    )
    # the second article reports Grenell's letter too: a second source for that event
    grenell = a1.event_ids[1]
    x = session.execute(select(EvidenceRow).where(EvidenceRow.event_id == grenell)).scalar_one()
    at = A2.index("Mr Grenell")
    session.add(
        EvidenceRow(
            **{
                **x.model_dump(exclude={"id"}),
                "article_id": a2.article.id,
                "sentence_start": at,
                "sentence_end": at + len(x.sentence),
                "expression_start": at + 29,
                "expression_end": at + 36,
            }
        )
    )
    session.commit()
    return a1, a2


@pytest.fixture
def two(client, session):
    a1, a2 = _store_a1_a2(session)
    return client, a1, a2


def ids(client, path="/v1/events", **params):
    r = client.get(path, params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return [e["id"] for e in r.json()["items"]]


def test_repeated_filters_mean_any_of(two):
    client, a1, a2 = two
    statement, letter = a1.event_ids
    (signing,) = a2.event_ids
    assert ids(client, country=["FR", "CN"]) == [statement, signing]
    assert ids(client, country=["France"]) == [signing]
    assert ids(client, actor=["huawei", "france"]) == [statement, signing]
    assert ids(client, actor=["grenell"]) == [letter]
    assert ids(client, source=["cnn", "Le Monde"]) == [statement, letter, signing]
    assert ids(client, source=["Le Monde"]) == [letter, signing]
    assert ids(client, event_type=["agreement", "communication"]) == [letter, signing]
    # values of different filters must all hold
    assert ids(client, country=["FR", "CN"], event_type=["agreement"]) == [signing]


def test_event_type_min_sources_publication_date_and_language(two):
    client, a1, a2 = two
    statement, letter = a1.event_ids
    (signing,) = a2.event_ids
    assert ids(client, event_type="statement") == [statement]
    assert ids(client, min_sources=2) == [letter]
    assert ids(client, min_sources=1) == [statement, letter, signing]
    # the publisher's local date: 2019-03-12 in New York, whatever the instant in UTC
    assert ids(client, published_from="2019-03-12", published_to="2019-03-12") == [statement, letter]
    assert ids(client, published_from="2019-03-13") == [letter, signing]
    assert ids(client, language="FR") == [letter, signing]
    assert ids(client, language="en", min_sources=2) == [letter]
    assert ids(client, language="de") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_sources": 0}, "min_sources"),
        ({"published_from": "2019-13-01"}, "published_from"),
        ({"published_from": "2019-04-01", "published_to": "2019-03-01"}, "published_from"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"country": ["DE", "Narnia"]}, "country"),
        ({"actor": ["x" * 301]}, "actor"),
        ({"country": ["DE"] * 21}, "country"),
        ({"sort": "newest"}, "sort"),
    ],
)
def test_bad_new_filters_are_422_naming_the_field(two, params, field):
    client, *_ = two
    for path in ("/v1/events", "/v1/events.csv", "/v1/events.ndjson", "/v1/events/histogram", "/v1/timeline.json"):
        r = client.get(path, params=params)
        assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json"), (path, r.text)
        assert r.json()["errors"][0]["loc"] == ["query", field], (path, r.json())


def test_unknown_query_parameters_are_422_naming_them(two):
    client, *_ = two
    r = client.get("/v1/events", params={"contry": "DE", "limt": 5})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert [e["loc"] for e in body["errors"]] == [["query", "contry"], ["query", "limt"]]
    assert body["detail"].startswith("contry, limt: unknown query parameters") and "country" in body["detail"]
    r = client.get("/v1/events", params={"format": "csv"})
    assert r.status_code == 422 and "/v1/events.csv" in r.json()["detail"]
    for path in ("/v1/actors", "/v1/countries", "/v1/articles", "/v1/events/1", "/healthz", "/v1/events/histogram"):
        r = client.get(path, params={"nope": "1"})
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "nope"], path


def test_change_feed_lists_what_changed_in_the_order_it_changed(client, session):
    a1, a2 = _store_a1_a2(session)
    statement, letter = a1.event_ids
    time.sleep(0.01)
    since = datetime.now(UTC)
    time.sleep(0.01)
    assert ids(client, updated_since=since.isoformat()) == []
    a3 = store_article(
        session,
        article(A3, source="SRF", external_id="a3"),
        result(
            A3,
            _e(
                A3,
                A3,
                "May 5",
                "2019-05-05",
                "2019-05-05",
                event_type="meeting",
                summary="Zürich hosted talks",
                trigger="host",
                countries=["CH"],
            ),
        ),
        merge=False,
    )
    (talks,) = a3.event_ids
    delete_article(
        session, a2.article.id
    )  # the letter loses a source and is re-dated; the signing goes with its article
    feed = client.get("/v1/events", params={"updated_since": since.isoformat()}).json()["items"]
    assert [e["id"] for e in feed] == [talks, letter]
    assert feed[0]["updated_at"] <= feed[1]["updated_at"] and all(e["updated_at"] >= since.isoformat() for e in feed)
    # the feed pages on its own cursor, one change at a time
    first = client.get("/v1/events", params={"updated_since": since.isoformat(), "limit": 1}).json()
    second = client.get(
        "/v1/events", params={"updated_since": since.isoformat(), "limit": 1, "cursor": first["next_cursor"]}
    ).json()
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [talks, letter] and second["next_cursor"] is None
    # a date-order cursor is not a change-feed cursor
    date_cursor = client.get("/v1/events", params={"limit": 1}).json()["next_cursor"]
    r = client.get("/v1/events", params={"updated_since": since.isoformat(), "cursor": date_cursor})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "cursor"]
    # a zone-less instant is UTC; `sort=date` orders the same feed by date
    naive = since.astimezone(UTC).replace(tzinfo=None).isoformat()
    assert ids(client, updated_since=naive, sort="date") == [letter, talks]
    assert statement not in ids(client, updated_since=naive)


# --------------------------------------------------------------------------- histogram


def test_histogram_counts_per_interval_split_by_country_with_top_and_other(two):
    client, _a1, _a2 = two
    r = client.get("/v1/events/histogram", params={"interval": "month", "by": "country", "top": 2})
    assert r.status_code == 200, r.text
    h = r.json()
    assert h["interval"] == "month" and h["by"] == "country"
    assert [(b["start"], b["end"], b["count"]) for b in h["buckets"]] == [
        ("2019-03-01", "2019-03-31", 2),
        ("2019-04-01", "2019-04-30", 1),
    ]
    # DE in all three events; then CN, FR, US once each: the first by key is named, the others are `other`
    assert [(g["key"], g["label"], g["count"]) for g in h["groups"]] == [
        ("DE", "Germany", 3),
        ("CN", "China", 1),
        ("other", "Other", 2),
    ]
    march, april = h["buckets"]
    assert march["groups"] == [{"key": "DE", "count": 2}, {"key": "CN", "count": 1}, {"key": "other", "count": 1}]
    assert april["groups"] == [{"key": "DE", "count": 1}, {"key": "other", "count": 1}]


def test_histogram_by_actor_and_event_type_with_filters(two):
    client, *_ = two
    h = client.get("/v1/events/histogram", params={"interval": "year", "by": "actor", "country": "DE"}).json()
    assert [b["count"] for b in h["buckets"]] == [3]
    assert {g["label"]: g["count"] for g in h["groups"]} == {
        "Germany": 2,
        "Huawei": 1,
        "Richard Grenell": 1,
        "France": 1,
    }
    h = client.get("/v1/events/histogram", params={"interval": "day", "by": "event_type", "min_sources": 2}).json()
    assert h["buckets"] == [
        {"start": "2019-03-08", "end": "2019-03-08", "count": 1, "groups": [{"key": "communication", "count": 1}]}
    ]
    h = client.get("/v1/events/histogram", params={"interval": "week"}).json()
    # ISO weeks start on Monday: 7 and 8 March 2019 are in the week of the 4th, 1 April is a Monday
    assert [(b["start"], b["end"], b["count"], b["groups"]) for b in h["buckets"]] == [
        ("2019-03-04", "2019-03-10", 2, []),
        ("2019-04-01", "2019-04-07", 1, []),
    ]
    assert h["groups"] == [] and h["by"] is None
    assert client.get("/v1/events/histogram", params={"interval": "hour"}).status_code == 422
    assert client.get("/v1/events/histogram", params={"top": 0}).status_code == 422


def test_histogram_matches_the_listing_on_many_events(client, session):
    bulk_store(session, [synthetic(i) for i in range(120)])
    h = client.get("/v1/events/histogram", params={"interval": "week", "by": "country", "top": 3}).json()
    events = []
    cursor = None
    while True:
        page = client.get("/v1/events", params={"limit": 200, **({"cursor": cursor} if cursor else {})}).json()
        events += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sum(b["count"] for b in h["buckets"]) == len(events) == 120
    per_country: dict[str, int] = {}
    for e in events:
        for c in e["countries"]:
            per_country[c] = per_country.get(c, 0) + 1
    named = {g["key"]: g["count"] for g in h["groups"]}
    assert named["other"] == sum(per_country.values()) - sum(v for k, v in named.items() if k != "other")
    assert all(per_country[k] == v for k, v in named.items() if k != "other")


# --------------------------------------------------------------------------- exports


def test_exports_stream_every_matching_event_past_any_page_size(client, session):
    n = 1234  # more than two of the export's internal pages
    bulk_store(session, [synthetic(i) for i in range(n)])
    listed = []
    cursor = None
    while True:
        page = client.get(
            "/v1/events", params={"limit": 200, "country": ["DE", "FR"], **({"cursor": cursor} if cursor else {})}
        ).json()
        listed += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    r = client.get("/v1/events.csv", params={"country": ["DE", "FR"]})
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8"))))
    assert [int(row["id"]) for row in rows] == listed and len(listed) == sum(
        1 for i in range(n) if i % 4 < 2
    )  # DE, FR of four
    r = client.get("/v1/events.ndjson", params={"country": ["DE", "FR"], "sort": "-date"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/x-ndjson"
    lines = [json.loads(x) for x in r.text.splitlines()]
    assert sorted(e["id"] for e in lines) == sorted(listed) and lines[0]["date"]["start"] >= lines[-1]["date"]["start"]
    assert set(lines[0]) >= {"id", "date", "actors", "countries", "sources", "updated_at"}
    assert len(client.get("/v1/events.ndjson", params={"limit": 7}).text.splitlines()) == 7
    assert client.get("/v1/events.csv", params={"limit": 0}).status_code == 422


def test_csv_export_is_utf8_with_a_header_row_even_when_empty(two):
    client, *_ = two
    r = client.get("/v1/events.csv", params={"country": "JP"})
    assert (
        r.status_code == 200 and r.text.splitlines() == [r.text.splitlines()[0]] and r.text.startswith("id,date_value,")
    )
    assert client.get("/v1/events.ndjson", params={"country": "JP"}).text == ""


def test_exports_keep_non_ascii_text(client, session):
    store_article(
        session,
        article(A3, source="SRF"),
        result(
            A3,
            _e(
                A3,
                A3,
                "May 5",
                "2019-05-05",
                "2019-05-05",
                event_type="meeting",
                summary="Zürich hosted the talks",
                countries=["CH"],
            ),
        ),
        merge=False,
    )
    (row,) = csv.DictReader(io.StringIO(client.get("/v1/events.csv").content.decode("utf-8")))
    assert row["summary"] == "Zürich hosted the talks"
    assert json.loads(client.get("/v1/events.ndjson").content.decode("utf-8"))["summary"] == "Zürich hosted the talks"


def test_timeline_json_refuses_more_than_it_shows_instead_of_cutting(make_client, session):
    bulk_store(session, [synthetic(i) for i in range(12)])
    c = make_client(export_max=10)
    r = c.get("/v1/timeline.json")
    assert r.status_code == 422 and "12 events match" in r.json()["detail"]
    assert len(c.get("/v1/timeline.json", params={"country": "DE"}).json()["events"]) == 3
    assert len(c.get("/v1/events.ndjson").text.splitlines()) == 12  # the exports have no cap


# --------------------------------------------------------------------------- CORS, docs, readiness


def test_cors_preflight_and_simple_requests_for_configured_origins(make_client):
    c = make_client(cors_origins="https://dash.example.org, http://localhost:3000")
    pre = c.options(
        "/v1/events",
        headers={
            "Origin": "https://dash.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == "https://dash.example.org"
    assert (
        "GET" in pre.headers["access-control-allow-methods"]
        and "authorization" in pre.headers["access-control-allow-headers"].lower()
    )
    r = c.get("/v1/events", headers={"Origin": "http://localhost:3000"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "content-disposition" in r.headers["access-control-expose-headers"].lower()
    bad = c.get("/v1/events", params={"country": "XX"}, headers={"Origin": "https://dash.example.org"})
    assert bad.status_code == 422 and bad.headers["access-control-allow-origin"] == "https://dash.example.org"
    other = c.options("/v1/events", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert other.status_code == 400 and "access-control-allow-origin" not in other.headers
    assert "access-control-allow-origin" not in c.get("/v1/events", headers={"Origin": "https://evil.example"}).headers


def test_no_cors_headers_by_default(client):
    r = client.get("/v1/events", headers={"Origin": "https://dash.example.org"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = client.options(
        "/v1/events", headers={"Origin": "https://dash.example.org", "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in pre.headers


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_every_asset_from_the_server_itself(client, page):
    r = client.get(page)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text), "an asset from another host"
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", r.text)
    scripts = [a for a in assets if a.endswith(".js")]
    assert scripts and "/openapi.json" in r.text
    for a in assets:
        got = client.get(a)
        assert got.status_code == 200 and len(got.content) > 1000, a


def test_readyz_waits_for_the_model_and_a_migrated_database(make_client, tmp_path):
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    cold = make_client()
    r = cold.get("/readyz")  # the app's start-up (lifespan) has not run: the model is not loaded
    assert r.status_code == 503 and r.json()["model"] == "not loaded" and r.json()["database"] == "ok"
    assert cold.get("/healthz").status_code == 200  # liveness does not wait for the model
    with TestClient(make_client().app) as c:
        deadline = time.monotonic() + 120
        while (r := c.get("/readyz")).status_code != 200 and time.monotonic() < deadline:
            assert r.status_code == 503 and r.json()["model"] == "loading"
            time.sleep(0.2)
        assert r.status_code == 200 and r.json() == {
            **r.json(),
            "status": "ready",
            "model": "loaded",
            "database": "ok",
            "schema_version": "current",
        }
    blank = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'blank.db'}"))
    with TestClient(blank, raise_server_exceptions=False) as c:
        deadline = time.monotonic() + 120
        while c.app.state.model_state == "loading" and time.monotonic() < deadline:
            time.sleep(0.2)
        r = c.get("/readyz")
        assert r.status_code == 503 and r.json()["schema_version"] == "outdated" and r.json()["model"] == "loaded"


def test_readyz_is_503_when_the_database_is_down(tmp_path):
    import socket

    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(database_url=f"postgresql+psycopg://nobody@127.0.0.1:{port}/none"))
    r = TestClient(app, raise_server_exceptions=False).get("/readyz")
    assert r.status_code == 503 and r.json()["database"] == "unavailable" and r.json()["status"] == "not ready"

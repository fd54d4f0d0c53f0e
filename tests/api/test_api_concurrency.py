"""Concurrent retries and inserts during pagination, over HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from app.store.articles import store_article
from tests.api.factories import actor, event, result, synthetic

TEXT = "Germany announced March 7 that it would not ban any company."


def _slow(extractor, seconds=0.3):
    inner = extractor.__call__

    def call(article_in):
        time.sleep(seconds)  # every retry passes the "already stored?" check before any commits
        return inner(article_in)

    return call


def test_concurrent_retries_store_one_article(make_client, extractor, monkeypatch):
    extractor.register(
        result(
            TEXT,
            event(
                TEXT,
                TEXT,
                "March 7",
                "2019-03-07",
                "2019-03-07",
                actors=[actor("Germany", country="DE")],
                countries=["DE"],
            ),
        )
    )
    monkeypatch.setattr("app.ingest.run_extraction", _slow(extractor))
    app = make_client().app
    body = {"external_id": "same-1", "source": "S", "published_at": "2019-03-12", "text": TEXT}
    barrier = threading.Barrier(6)

    def post(_):
        with TestClient(app) as c:
            barrier.wait()
            r = c.post("/v1/articles", json=body)
            return r.status_code, r.json()["id"]

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(post, range(6)))
    assert sorted(s for s, _ in answers) == [200] * 5 + [201], answers
    assert len({i for _, i in answers}) == 1
    with TestClient(app) as c:
        assert len(c.get("/v1/articles").json()["items"]) == 1
        (ev,) = c.get("/v1/events").json()["items"]
        assert len(ev["sources"]) == 1


def _post_all_at_once(app, texts) -> list[int]:
    """POST one article per text from as many threads, released together; their status codes in order."""
    barrier = threading.Barrier(len(texts))

    def post(t):
        with TestClient(app) as c:
            barrier.wait()
            return c.post("/v1/articles", json={"source": "S", "published_at": "2019-03-12", "text": t}).status_code

    with ThreadPoolExecutor(len(texts)) as pool:
        return list(pool.map(post, texts))


def test_concurrent_articles_share_one_actor(make_client, extractor, monkeypatch):
    texts = [f"Report {i}: Germany announced March {i + 1} that it would act." for i in range(6)]
    for i, t in enumerate(texts):
        sent = t.split(": ", 1)[1]
        extractor.register(
            result(
                t,
                event(
                    t,
                    sent,
                    f"March {i + 1}",
                    f"2019-03-0{i + 1}",
                    f"2019-03-0{i + 1}",
                    actors=[actor("Germany", country="DE", aliases=["Berlin"])],
                    countries=["DE"],
                ),
            )
        )
    monkeypatch.setattr("app.ingest.run_extraction", _slow(extractor, 0.1))
    app = make_client().app
    assert _post_all_at_once(app, texts) == [201] * len(texts)
    with TestClient(app) as c:
        actors = c.get("/v1/actors").json()["items"]
        assert [(a["name"], a["event_count"]) for a in actors] == [("Germany", len(texts))]
        assert len(c.get("/v1/events", params={"actor": "berlin"}).json()["items"]) == len(texts)


def test_pagination_while_inserting_loses_nothing_and_repeats_nothing(client, session):
    for i in range(30):
        store_article(session, *synthetic(i), merge=False)
    before = {e["id"] for e in client.get("/v1/events", params={"limit": 200}).json()["items"]}
    assert len(before) == 30
    seen, cursor, n = [], None, 100
    while True:
        page = client.get("/v1/events", params={"limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        seen += [e["id"] for e in page["items"]]
        for _ in range(3):  # new events on dates before, inside and after the page just read
            store_article(session, *synthetic(n), merge=False)
            n += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)), "an event came twice"
    assert before <= set(seen), "an event was lost"
    dates = [client.get(f"/v1/events/{i}").json()["date"]["start"] for i in seen]
    assert dates == sorted(dates)


def test_concurrent_reports_of_one_happening_become_one_event(make_client, extractor, monkeypatch):
    texts = [f"Wire {i}: Richard Grenell sent a letter to the German government on March 8." for i in range(4)]
    for t in texts:
        sent = t.split(": ", 1)[1]
        e = event(
            t,
            sent,
            "March 8",
            "2019-03-08",
            "2019-03-08",
            summary="Grenell sent a letter to the German government",
            trigger="send",
            actors=[actor("Richard Grenell", "person", "source", "US"), actor("Germany", "country", "target", "DE")],
            countries=["DE", "US"],
        )
        e.keywords = ["send", "letter"]
        extractor.register(result(t, e))
    monkeypatch.setattr("app.ingest.run_extraction", _slow(extractor, 0.2))
    app = make_client().app
    assert _post_all_at_once(app, texts) == [201] * len(texts)
    with TestClient(app) as c:
        (ev,) = c.get("/v1/events").json()["items"]
        assert len(ev["sources"]) == len(texts)

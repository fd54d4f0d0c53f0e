"""bulk_store (corpus loading, the benchmark) stores what store_article stores, faster."""

from __future__ import annotations

from app.store.articles import store_article
from app.store.bulk import bulk_store
from tests.api.factories import synthetic


def _read(client):
    items = client.get("/v1/events", params={"limit": 200}).json()["items"]
    return sorted(
        (
            e["date"]["value"],
            e["summary"],
            tuple(e["countries"]),
            tuple(a["name"] for a in e["actors"]),
            tuple(s["sentence"] for s in e["sources"]),
        )
        for e in items
    )


def test_bulk_store_matches_store_article(client, session):
    pairs = [synthetic(i) for i in range(12)]
    assert bulk_store(session, pairs[:6], chunk=4) == 6
    for a, r in pairs[6:]:
        store_article(session, a, r, merge=False)
    got = _read(client)
    assert len(got) == 12
    by_filter = client.get(
        "/v1/events", params={"actor": "germany", "country": "DE", "date_from": "2019-01-01", "date_to": "2019-01-31"}
    ).json()
    assert {e["summary"] for e in by_filter["items"]} == {r.events[0].summary for a, r in pairs if "Germany" in a.text}
    actors = client.get("/v1/actors").json()["items"]
    assert [(a["name"], a["event_count"]) for a in actors] == [
        ("Brazil", 3),
        ("France", 3),
        ("Germany", 3),
        ("Japan", 3),
    ]

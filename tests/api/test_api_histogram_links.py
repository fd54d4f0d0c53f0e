"""The link tables' copies of each event's dates and modality, the per-month counts the triggers keep, and the histogram
read from them, on both databases:
the copies follow the event through ingest, bulk loading, merging, re-dating and deletes; the histogram answered from
the links equals the one counted from the events themselves and the one counted from the listing."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import Event, EventActor, EventCountry, EventMonthCount
from app.store.articles import store_article
from app.store.bulk import bulk_store
from tests.api.factories import actor, article, event, result
from tests.api.test_api_merge import BBC, CNN, bbc_event, cnn_event

PLANNED = "Germany will sign the treaty with France on Friday."


def _planned():
    e = event(
        PLANNED,
        PLANNED,
        "Friday",
        "2019-03-15",
        "2019-03-15",
        summary="Germany will sign the treaty",
        trigger="sign",
        actors=[actor("Germany", "country", "source", "DE"), actor("France", "country", "target", "FR")],
        countries=["DE", "FR"],
    )
    e.modality = "planned"
    return e


def _links_out_of_step(session) -> list:
    """Link rows whose dates or modality differ from their event's."""
    session.expire_all()
    bad = []
    for table in (EventActor, EventCountry):
        for link, ev in session.execute(select(table, Event).join(Event, Event.id == table.event_id)):
            if (link.date_start, link.date_end, link.modality) != (ev.date_start, ev.date_end, ev.modality):
                bad.append((table.__tablename__, ev.id, link.date_start, link.date_end, link.modality))
    session.rollback()
    return bad


def _month_counts_out_of_step(session) -> dict:
    """event_month_count (kept by the database's triggers) against the counts recomputed from the rows."""
    session.expire_all()
    kept = {
        (str(m)[:7], mod, c): n
        for m, mod, c, n in session.execute(
            select(EventMonthCount.month, EventMonthCount.modality, EventMonthCount.country, EventMonthCount.n)
        )
        if n
    }
    want: dict = {}
    for ev in session.execute(select(Event)).scalars():
        key = (ev.date_start.isoformat()[:7], ev.modality, "")
        want[key] = want.get(key, 0) + 1
    for link in session.execute(select(EventCountry)).scalars():
        key = (link.date_start.isoformat()[:7], link.modality, link.country)
        want[key] = want.get(key, 0) + 1
    session.rollback()
    return {k: (kept.get(k), want.get(k)) for k in set(kept) | set(want) if kept.get(k) != want.get(k)}


def _links(session, event_id) -> set:
    session.expire_all()
    rows = {
        ("actor", ea.actor_id, ea.date_start, ea.modality)
        for ea in session.execute(select(EventActor).where(EventActor.event_id == event_id)).scalars()
    }
    rows |= {
        ("country", ec.country, ec.date_start, ec.modality)
        for ec in session.execute(select(EventCountry).where(EventCountry.event_id == event_id)).scalars()
    }
    session.rollback()
    return rows


def test_link_copies_follow_the_event_through_merge_re_dating_and_delete(client, session):
    a = store_article(session, article(CNN, source="CNN", external_id="cnn"), result(CNN, cnn_event()))
    (ev_id,) = a.event_ids
    assert {d for _, _, d, _ in _links(session, ev_id)} == {date(2019, 3, 4)}  # the week's first day
    b = store_article(session, article(BBC, source="BBC", external_id="bbc"), result(BBC, bbc_event()))
    assert b.event_ids == [ev_id], "merged"
    assert {d for _, _, d, _ in _links(session, ev_id)} == {date(2019, 3, 8)}, "re-dated by the precise report"
    p = store_article(session, article(PLANNED, source="Wire", external_id="planned"), result(PLANNED, _planned()))
    (planned_id,) = p.event_ids
    assert {m for *_, m in _links(session, planned_id)} == {"planned"} and {m for *_, m in _links(session, ev_id)} == {
        "asserted"
    }
    assert _links_out_of_step(session) == [] and _month_counts_out_of_step(session) == {}
    # what the filters read from the links: the planned signing only when asked for
    assert client.get("/v1/events", params={"country": "FR"}).json()["items"] == []
    assert [
        e["id"] for e in client.get("/v1/events", params={"country": "FR", "modality": "planned"}).json()["items"]
    ] == [planned_id]
    h = client.get("/v1/events/histogram", params={"interval": "day", "by": "country"}).json()
    assert [(b["start"], b["count"]) for b in h["buckets"]] == [("2019-03-08", 1)]
    h = client.get(
        "/v1/events/histogram", params={"interval": "day", "by": "country", "modality": "planned", "actor": "france"}
    ).json()
    assert [(b["start"], b["count"], b["groups"]) for b in h["buckets"]] == [
        ("2019-03-15", 1, [{"key": "DE", "count": 1}, {"key": "FR", "count": 1}])
    ]

    assert client.delete(f"/v1/articles/{b.article.id}").status_code == 204
    assert {d for _, _, d, _ in _links(session, ev_id)} == {date(2019, 3, 4)}, "re-dated back to the week"
    assert _links_out_of_step(session) == [] and _month_counts_out_of_step(session) == {}
    h = client.get("/v1/events/histogram", params={"interval": "week", "by": "actor", "country": "DE"}).json()
    assert [(b["start"], b["count"]) for b in h["buckets"]] == [("2019-03-04", 1)]
    assert client.delete(f"/v1/articles/{a.article.id}").status_code == 204
    assert _links(session, ev_id) == set()
    assert client.delete(f"/v1/articles/{p.article.id}").status_code == 204
    assert (
        _links(session, planned_id) == set()
        and _links_out_of_step(session) == []
        and _month_counts_out_of_step(session) == {}
    )
    assert client.get("/v1/events/histogram", params={"by": "country", "modality": "planned"}).json()["buckets"] == []


NAMES = [("Germany", "DE"), ("France", "FR"), ("Japan", "JP"), ("Brazil", "BR"), ("Kenya", "KE")]
TYPES = ["meeting", "statement", None]
MODALITIES = ["asserted", "asserted", "asserted", "planned", "negated"]


def _mixed(n: int, seed: int = 5):
    """`n` articles of one event each: two or three actors (one of them sometimes in two roles), one to three
    countries, several modalities and event types, dates over two years at day, week and month precision."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        d0 = date(2018, 1, 1) + timedelta(days=rng.randrange(700))
        gran = rng.choice(["day", "day", "week", "month"])
        d1 = d0 + timedelta(days={"day": 0, "week": 6, "month": 29}[gran])
        people = rng.sample(NAMES, rng.choice([2, 3]))
        sentence = f"{people[0][0]} met {people[1][0]} about item {i} on {d0.isoformat()}."
        text = f"Item {i}. {sentence}"
        roles = ["source", "target", "other"]
        actors = [actor(name, country=code, role=roles[k]) for k, (name, code) in enumerate(people)]
        if rng.random() < 0.2:
            actors.append(actor(people[0][0], country=people[0][1], role="other"))  # one actor in two roles
        countries = sorted({code for _, code in people[: rng.choice([1, 2, 3])]})
        ev = event(
            text,
            sentence,
            d0.isoformat(),
            d0.isoformat(),
            d0.isoformat(),
            d1.isoformat(),
            granularity=gran,
            trigger="meet",
            actors=actors,
            countries=countries,
        )
        ev.modality = rng.choice(MODALITIES)
        ev.event_type = rng.choice(TYPES)
        out.append((article(text, external_id=f"mixed-{i}"), result(text, ev)))
    return out


def _listing(client, params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = client.get("/v1/events", params={**params, "limit": 200, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return items


def _start(d: str, interval: str) -> str:
    x = date.fromisoformat(d)
    if interval == "week":
        x -= timedelta(days=x.weekday())
    elif interval == "month":
        x = x.replace(day=1)
    elif interval == "year":
        x = x.replace(month=1, day=1)
    return x.isoformat()


def _group_keys(event, by) -> set[str]:
    """The groups a listed event counts in when the histogram is split `by` (none when it is not split)."""
    if by == "country":
        return set(event["countries"])
    if by == "actor":
        return {str(a["id"]) for a in event["actors"]}
    if by == "event_type":
        return {event["event_type"] or "none"}
    return set()


def _expected(events, interval, by):
    """The histogram counted from listed events: per bucket, its events and each group's events (every group named)."""
    buckets: dict[str, dict] = {}
    for e in events:
        b = buckets.setdefault(_start(e["date"]["start"], interval), {"count": 0, "groups": {}})
        b["count"] += 1
        for k in _group_keys(e, by):
            b["groups"][k] = b["groups"].get(k, 0) + 1
    return {k: (v["count"], v["groups"]) for k, v in buckets.items()}


FILTERS = [
    {},
    {"country": "DE"},
    {"country": ["DE", "JP"]},
    {"actor": "germany"},
    {"actor": ["germany", "kenya"]},
    {"actor": "france", "country": "BR"},
    {"actor": "france", "country": ["BR", "JP"]},
    {"date_from": "2018-06-01", "date_to": "2019-02-15"},
    {"country": "FR", "date_from": "2018-03-01", "date_to": "2018-12-31"},
    {"actor": "japan", "date_to": "2018-09-30"},
    {"modality": "planned"},
    {"modality": ["asserted", "negated"], "country": "KE"},
    {"modality": ["asserted", "negated", "hypothetical", "planned"], "actor": "brazil"},
]


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "none")
def test_the_histogram_from_the_links_counts_what_the_listing_lists(client, session, params):
    data = _mixed(90)
    bulk_store(session, data[:45])
    for a, r in data[45:]:  # the other write path
        store_article(session, a, r, merge=False)
    assert _links_out_of_step(session) == [] and _month_counts_out_of_step(session) == {}
    events = _listing(client, params)
    assert events or params.get("modality") == "planned"
    for interval in ("month", "week"):
        for by in (None, "country", "actor", "event_type"):
            q = {**params, "interval": interval, "top": 50, **({"by": by} if by else {})}
            h = client.get("/v1/events/histogram", params=q)
            assert h.status_code == 200, h.text
            h = h.json()
            got = {b["start"]: (b["count"], {g["key"]: g["count"] for g in b["groups"]}) for b in h["buckets"]}
            assert got == _expected(events, interval, by), (interval, by)
            # the same request with a filter the links cannot answer (every event has a source) is counted from the
            # events themselves: the same answer, `other` and ranking included
            for top in (50, 2):
                one = client.get("/v1/events/histogram", params={**q, "top": top}).json()
                assert client.get("/v1/events/histogram", params={**q, "top": top, "min_sources": 1}).json() == one

"""Writers lock their candidate groups, not the database, and readers never wait for them (PostgreSQL): two stores
with no actor in common run at once, two that could report one happening take turns, a listing's first page does not
wait for a store in flight and its `as_of` is not after that store's start, a deadlock PostgreSQL breaks is retried,
an actor named meanwhile by another writer makes a store lock again."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import text
from sqlmodel import Session

import app.store.articles as stored_articles
from app.db import get_engine
from app.store import locks
from app.store.articles import store_article
from tests.api.factories import actor, article, event, result

pytestmark = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


def _report(i: int, who: str, *, kind: str = "person", day: str = "2019-03-08"):
    t = f"Report {i}: {who} sent a letter to the ministry on March 8."
    sent = t.split(": ", 1)[1]
    e = event(
        t,
        sent,
        "March 8",
        day,
        day,
        summary=f"{who} sent a letter",
        trigger="send",
        actors=[actor(who, kind, "source", "US")],
        countries=["US"],
    )
    e.keywords = ["send", "letter"]
    return article(t, source=f"Wire {i}", external_id=f"r-{i}"), result(t, e)


class Held:
    """Stores whose article text contains `marker` stop after their events are written, before commit, until
    released: a store transaction held open with all its locks."""

    def __init__(self, monkeypatch, marker: str):
        self.marker, self.inside, self.release = marker, threading.Event(), threading.Event()
        self.xact_start: datetime | None = None
        inner = stored_articles.store_events

        def store_events(session, article_id, events, merge):
            out = inner(session, article_id, events, merge)
            if any(self.marker in x.sentence for ev in events for x in ev.evidence):
                self.xact_start = session.execute(text("SELECT now()")).scalar_one()
                self.inside.set()
                assert self.release.wait(60), "never released"
            return out

        monkeypatch.setattr(stored_articles, "store_events", store_events)


def _in_thread(fn, *args):
    box: dict = {}

    def run():
        try:
            box["value"] = fn(*args)
        except BaseException as e:  # noqa: BLE001  handed to the test
            box["error"] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, box


def _store(db_url, pair):
    with Session(get_engine(db_url), expire_on_commit=False) as s:
        return store_article(s, *pair)


def test_stores_with_no_actor_in_common_run_at_once_and_those_sharing_one_take_turns(client, db_url, monkeypatch):
    held = Held(monkeypatch, "Alma Abbot")
    first, box = _in_thread(_store, db_url, _report(1, "Alma Abbot"))
    try:
        assert held.inside.wait(30), box
        # another actor: its store runs to the end while the first holds its locks open
        other, other_box = _in_thread(_store, db_url, _report(2, "Boris Baker"))
        other.join(timeout=20)
        assert not other.is_alive(), "a store with no actor in common waited for the open one"
        assert other_box["value"].created, other_box
        # the same actor (could be the same happening): it waits for the first to commit
        same, same_box = _in_thread(_store, db_url, _report(3, "Alma Abbot"))
        same.join(timeout=2)
        assert same.is_alive(), "a store sharing an actor with the open one did not wait for it"
    finally:
        held.release.set()
    first.join(timeout=30)
    same.join(timeout=30)
    assert box["value"].created and same_box["value"].created, (box, same_box)
    events = {e["summary"]: e for e in client.get("/v1/events").json()["items"]}
    assert len(events) == 2, events  # the two reports of Alma Abbot's letter are one event
    assert len(events["Alma Abbot sent a letter"]["sources"]) == 2
    assert len(events["Boris Baker sent a letter"]["sources"]) == 1


def test_a_first_page_does_not_wait_for_a_store_in_flight(client, db_url, monkeypatch):
    assert _store(db_url, _report(1, "Boris Baker")).created
    held = Held(monkeypatch, "Alma Abbot")
    first, box = _in_thread(_store, db_url, _report(2, "Alma Abbot"))
    try:
        assert held.inside.wait(30), box
        reader, page = _in_thread(lambda: client.get("/v1/events", params={"limit": 1}))
        reader.join(timeout=10)
        assert not reader.is_alive(), "the first page waited for the store in flight"
        body = page["value"].json()
        assert [e["summary"] for e in body["items"]] == ["Boris Baker sent a letter"]
        as_of = datetime.fromisoformat(body["as_of"])
        assert as_of < held.xact_start, (as_of, held.xact_start)
        # the walk goes on past the open store: its second page has nothing stamped after as_of
        assert body["next_cursor"] is None
    finally:
        held.release.set()
    first.join(timeout=30)
    assert box["value"].created
    feed = client.get("/v1/events", params={"updated_since": body["as_of"]}).json()["items"]
    assert "Alma Abbot sent a letter" in [e["summary"] for e in feed], (
        "the store in flight is not in the feed since as_of"
    )


def test_a_walk_leaves_out_what_a_store_in_flight_at_its_start_wrote(client, db_url, monkeypatch):
    for i, who in enumerate(["Clara Cole", "Dmitri Dunn", "Elena Eyre"]):
        assert _store(db_url, _report(10 + i, who, day=f"2019-03-0{i + 1}")).created
    held = Held(monkeypatch, "Alma Abbot")
    first, box = _in_thread(_store, db_url, _report(1, "Alma Abbot", day="2019-03-09"))
    try:
        assert held.inside.wait(30), box
        page = client.get("/v1/events", params={"limit": 2}).json()
    finally:
        held.release.set()
    first.join(timeout=30)
    assert box["value"].created
    rest = client.get("/v1/events", params={"limit": 2, "cursor": page["next_cursor"]}).json()
    # committed after the first page, stamped after as_of: not on the later pages (the feed has it)
    assert [e["summary"] for e in page["items"] + rest["items"]] == [
        "Clara Cole sent a letter",
        "Dmitri Dunn sent a letter",
        "Elena Eyre sent a letter",
    ]


def test_a_deadlock_is_retried(client, db_url, monkeypatch):
    pair = _report(1, "Alma Abbot")
    with Session(get_engine(db_url)) as s:
        keys = stored_articles.lock_plan(s, pair[0], pair[1].events).hashed()
    assert len(keys) >= 2
    attempts = []
    inner = stored_articles._store_once
    monkeypatch.setattr(stored_articles, "_store_once", lambda *a: attempts.append(1) or inner(*a))
    engine = get_engine(db_url)
    with engine.connect() as other:
        # the other side waits long before looking for a deadlock: the store is the one PostgreSQL fails
        other.execute(text("SET deadlock_timeout = '20s'"))
        other.execute(text("SELECT pg_advisory_xact_lock(:s, :k)"), {"s": locks._PG_GROUP_SPACE, "k": keys[-1]})
        store, box = _in_thread(_store, db_url, pair)
        with engine.connect() as probe:
            for _ in range(200):
                waiting = probe.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory' "
                        "AND datname = current_database()"
                    )
                ).scalar_one()
                probe.rollback()
                if waiting:
                    break
                threading.Event().wait(0.05)
        assert waiting, "the store did not wait for the key held"
        # the store holds keys[0] and waits for keys[-1]; taking keys[0] here closes the cycle
        other.execute(text("SELECT pg_advisory_xact_lock(:s, :k)"), {"s": locks._PG_GROUP_SPACE, "k": keys[0]})
        other.commit()
    store.join(timeout=30)
    assert box.get("value") is not None and box["value"].created, box
    assert len(attempts) == 2, "the store failed by the deadlock ran once more"
    assert len(client.get("/v1/events").json()["items"]) == 1


def test_an_actor_named_meanwhile_makes_a_store_lock_again(client, db_url, monkeypatch):
    """Between the store's look-up of its actors and its locks, another writer stores the actor: the store resolves
    it under its locks, takes them again with that actor's key, and merges with the other writer's event."""
    second = _report(2, "Alma Abbot")
    inner, attempts = stored_articles.lock_plan, []

    def lock_plan(session, article_in, events):
        plan = inner(session, article_in, events)
        if article_in.external_id == "r-2":
            assert plan.actor_ids == set()
            assert _store(db_url, _report(1, "Alma Abbot")).created
        return plan

    once = stored_articles._store_once
    monkeypatch.setattr(stored_articles, "lock_plan", lock_plan)
    monkeypatch.setattr(
        stored_articles, "_store_once", lambda *a: attempts.append(a[4] and set(a[4].actor_ids)) or once(*a)
    )
    assert _store(db_url, second).created
    assert len(attempts) == 3 and attempts[1] == set() and len(attempts[2]) == 1, attempts
    (ev,) = client.get("/v1/events").json()["items"]
    assert len(ev["sources"]) == 2


def test_a_reader_that_may_not_see_the_writers_sessions_waits_for_them(db_url, monkeypatch):
    """A role without pg_read_all_stats sees no `xact_start` of another role's sessions: the first page then waits
    for the write in flight (it cannot know when it started), so what that write stamped before `as_of` is committed
    when `as_of` is known."""
    from sqlalchemy.engine import make_url

    from app.store.locks import writes_settled

    with get_engine(db_url).connect() as c:
        c.execute(
            text("DO $$ BEGIN CREATE ROLE dateline_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        )
        c.commit()
    reader_url = make_url(db_url).set(username="dateline_reader").render_as_string(hide_password=False)
    held = Held(monkeypatch, "Alma Abbot")
    first, box = _in_thread(_store, db_url, _report(1, "Alma Abbot"))

    def settled():
        with Session(get_engine(reader_url)) as s:
            as_of = writes_settled(s)
        with Session(get_engine(db_url)) as s:  # what is stamped at or before as_of is visible once it is known
            return as_of, s.execute(
                text("SELECT count(*) FROM event WHERE updated_at <= :t"), {"t": as_of}
            ).scalar_one()

    try:
        assert held.inside.wait(30), box
        reader, answer = _in_thread(settled)
        reader.join(timeout=2)
        assert reader.is_alive(), "the reader did not wait for a writer whose start it cannot see"
    finally:
        held.release.set()
    first.join(timeout=30)
    reader.join(timeout=30)
    assert not reader.is_alive() and "error" not in answer, answer
    assert box["value"].created
    as_of, visible = answer["value"]
    with Session(get_engine(db_url)) as s:
        stamped = s.execute(text("SELECT updated_at FROM event")).scalar_one()
    assert stamped <= as_of and visible == 1, (stamped, as_of, visible)


def test_two_events_of_an_article_merged_into_one_stored_event_keep_every_link_and_piece_of_evidence(client, db_url):
    """A store keeps the links and evidence of the events it merged into (read once under its locks): a second event
    of the same article merging into the same stored event adds only the links it still lacks, and the event is dated
    by all of its evidence, the first event's included."""
    first = _report(1, "Alma Abbot")
    first[1].events[0].evidence[0].dated_by = first[1].events[0].dated_by = "publication"
    assert _store(db_url, first).created
    t = "Alma Abbot sent a letter on March 8. Alma Abbot sent the letter to Berlin on March 8, with Bruno Berg."
    one, two = t.split(". ", 1)
    evs = []
    bruno = actor("Bruno Berg", "person", "other", "DE")
    for sentence, extra, country in [(one + ".", [], "FR"), (two, [bruno], "DE")]:
        e = event(t, sentence, "March 8", "2019-03-08", "2019-03-08", summary="Alma Abbot sent a letter",
                  trigger="send", actors=[actor("Alma Abbot", "person", "source", "US"), *extra],
                  countries=["US", country])
        e.keywords = ["send", "letter"]
        evs.append(e)
    stored = _store(db_url, (article(t, source="Wire 2", external_id="r-2"), result(t, *evs)))
    assert stored.created and len(stored.event_ids) == 1, stored.event_ids
    (ev,) = client.get("/v1/events").json()["items"]
    assert len(ev["sources"]) == 3
    assert ev["dated_by"] == "text", "dated by the text's evidence, not the publication's"
    assert sorted(c for c in ev["countries"]) == ["DE", "FR", "US"]
    assert sorted((a["name"], a["role"]) for a in ev["actors"]) == [("Alma Abbot", "source"), ("Bruno Berg", "other")]
    with get_engine(db_url).connect() as c:
        links = c.execute(
            text("SELECT count(*), count(DISTINCT (date_start, date_end, modality)) FROM event_actor")
        ).one()
        countries = c.execute(text("SELECT count(*) FROM event_country")).scalar_one()
    assert tuple(links) == (2, 1) and countries == 3

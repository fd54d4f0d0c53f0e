"""The pagination guarantee while others merge and delete (sort by date), over HTTP on SQLite and PostgreSQL:
an event unchanged from the first page to the last appears exactly once; one changed meanwhile appears at most
once, and the change feed since the page's `as_of` lists it."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from app.store.articles import delete_article, store_article
from tests.api.factories import actor, article, event, result

NAMES = ["Alma Abbot", "Boris Baker", "Clara Cole", "Dmitri Dunn", "Elena Eyre", "Felix Ford"]


def _envoy_reports(i: int, monday: date):
    """Two reports of one happening: a week-precise one, and a day-precise one (the Friday) that re-dates it later."""
    name = NAMES[i]
    week = f"{name} sent a letter to the German government last week."
    day = f"{name} warned Berlin in a letter dated last Friday."
    wk, fri = monday.isocalendar(), monday + timedelta(days=4)
    e1 = event(
        week,
        week,
        "last week",
        f"{wk[0]}-W{wk[1]:02d}",
        monday.isoformat(),
        (monday + timedelta(days=6)).isoformat(),
        granularity="week",
        summary=f"{name} sent a letter",
        trigger="send",
        actors=[actor(name, "person", "source", "US"), actor("Germany", "country", "target", "DE")],
        countries=["US", "DE"],
    )
    e1.keywords = ["send", "letter"]
    e2 = event(
        day,
        day,
        "last Friday",
        fri.isoformat(),
        fri.isoformat(),
        summary=f"{name} warned Berlin in a letter",
        trigger="warn",
        actors=[actor(name, "person", "source", "US"), actor("Germany", "country", "target", "DE")],
        countries=["DE", "US"],
    )
    e2.keywords = ["warn", "letter"]
    return (article(week, source="Wire A", external_id=f"week-{i}"), result(week, e1)), (
        article(day, source="Wire B", external_id=f"day-{i}"),
        result(day, e2),
    )


def _stable(i: int, d: date):
    text = f"Minister Number{i} opened bridge {i} on {d.isoformat()}."
    e = event(
        text,
        text,
        d.isoformat(),
        d.isoformat(),
        d.isoformat(),
        trigger="open",
        summary=f"bridge {i} opened",
        actors=[actor(f"Minister Number{i}", "person", "source", "FR")],
        countries=["FR"],
    )
    e.keywords = [f"bridge{i}"]
    return article(text, source="Wire C", external_id=f"stable-{i}"), result(text, e)


def _walk(client, limit, between):
    """Every page in date order; `between(n, last date read)` runs after page n."""
    seen, cursor, as_of, n = [], None, None, 0
    while True:
        page = client.get(
            "/v1/events", params={"limit": limit, "sort": "date", **({"cursor": cursor} if cursor else {})}
        )
        assert page.status_code == 200, page.text
        body = page.json()
        as_of = as_of or body["as_of"]
        seen += [e["id"] for e in body["items"]]
        between(n, body["items"][-1]["date"]["start"] if body["items"] else None)
        n += 1
        cursor = body["next_cursor"]
        if not cursor:
            return seen, as_of


def test_unchanged_events_once_changed_ones_at_most_once_and_in_the_feed(client, session):
    mondays = [date(2019, 3, 4) + timedelta(weeks=k % 4) for k in range(len(NAMES))]
    pairs = [_envoy_reports(i, m) for i, m in enumerate(mondays)]
    week_ids, day_articles = [], []
    for i, (week, day) in enumerate(pairs):
        week_ids += store_article(session, *week).event_ids
        if i % 2:  # half are merged already: deleting their day report re-dates them earlier
            day_articles.append(store_article(session, *day).article.id)
    stable = [store_article(session, *_stable(i, date(2019, 3, 1) + timedelta(days=i)), merge=False) for i in range(28)]
    stable_ids = {s.event_ids[0]: s.article.id for s in stable}
    first_dates = {e["id"]: e["date"]["start"] for e in client.get("/v1/events", params={"limit": 200}).json()["items"]}
    assert len(first_dates) == len(NAMES) + 28

    deleted_stable: set[int] = set()
    # (monday, what): applied once the walk has read past that Monday but not yet the Friday, where a re-dating moves
    # an event from behind the cursor to ahead of it (a merge) or the other way (an un-merge)
    todo = [(mondays[i].isoformat(), "merge", p[1]) for i, p in enumerate(pairs) if not i % 2]
    todo += [(mondays[i].isoformat(), "unmerge", a) for i, a in zip(range(1, len(NAMES), 2), day_articles)]
    victims = list(stable_ids.items())[5::6]
    done = []

    def between(n, last):  # after each page: the re-datings due, and the delete of a stable event
        for item in todo:
            monday, what, x = item
            friday = (date.fromisoformat(monday) + timedelta(days=4)).isoformat()
            if item not in done and last and monday <= last < friday:
                done.append(item)
                if what == "merge":
                    assert store_article(session, *x).created
                else:
                    assert delete_article(session, x)
        if n < len(victims):
            ev, art = victims[n]
            assert delete_article(session, art)
            deleted_stable.add(ev)

    seen, as_of = _walk(client, 3, between)
    assert len(done) == len(todo), "every re-dating happened mid-walk"
    assert len(seen) == len(set(seen)), "an event came twice"
    unchanged = set(stable_ids) - deleted_stable
    assert unchanged <= set(seen), f"unchanged events lost: {sorted(unchanged - set(seen))}"
    changed = set(week_ids)
    now = {e["id"]: e for e in client.get("/v1/events", params={"limit": 200}).json()["items"]}
    assert all(now[i]["date"]["start"] != first_dates[i] for i in changed), "every envoy event was re-dated"
    feed = {e["id"] for e in client.get("/v1/events", params={"updated_since": as_of, "limit": 200}).json()["items"]}
    assert changed <= feed, "a changed event is missing from the change feed since as_of"
    assert not (unchanged & feed), "an unchanged event is in the feed"


def test_a_concurrent_writer_never_makes_an_event_come_twice(client, session, db_url):
    from sqlmodel import Session

    from app.db import get_engine

    for i in range(40):
        store_article(session, *_stable(i, date(2019, 3, 1) + timedelta(days=i % 30)), merge=False)
    pairs = [_envoy_reports(i, date(2019, 3, 4) + timedelta(weeks=i % 4)) for i in range(len(NAMES))]
    for week, _ in pairs:
        store_article(session, *week)
    stop = threading.Event()

    def writer():  # merges then un-merges the day reports, over and over, while the reader pages
        with Session(get_engine(db_url), expire_on_commit=False) as s:
            while not stop.is_set():
                for _, day in pairs:
                    stored = store_article(s, *day)
                    delete_article(s, stored.article.id)

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    try:
        for _ in range(4):
            seen, _ = _walk(client, 4, lambda n, last: None)
            assert len(seen) == len(set(seen)), "an event came twice"
            assert len(seen) >= 40, "an unchanged event was lost"
    finally:
        stop.set()
        t.join(timeout=60)

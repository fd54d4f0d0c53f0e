"""Latency and throughput of GET /v1/events with actor + country + date filters over 100,000 stored events, and the
latency of GET /v1/events/histogram (per country, per month of all events; per actor within a country; per week of an
actor).

    python bench/api.py                                   # a fresh SQLite file in a temporary folder
    python bench/api.py --database-url postgresql+psycopg://user@127.0.0.1:5432/db   # an EMPTY PostgreSQL database

Loads synthetic events (actors, countries, evidence) straight into the tables (COPY on PostgreSQL, multi-row inserts on
SQLite; the rows the storage layer would write for `generate`'s extraction results),
serves them with a real uvicorn on localhost and measures with an httpx client: p50 and p99 latency
of sequential requests, and requests/s sequentially and with concurrent clients.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction.types import Actor, Event, Evidence, ExtractionResult
from app.models import ArticleCreate

# Synthetic vocabulary for generated data (not language knowledge: names only need to be distinct).
FIRST = [
    "Anna", "Boris", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lena", "Mateo",
    "Nadia", "Omar", "Petra", "Quinn", "Rosa", "Sami", "Tomas"
]
LAST = [
    "Adler", "Baptiste", "Castro", "Dietrich", "Eriksen", "Fontaine", "Grenville", "Horvat", "Ibarra", "Jovanovic",
    "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quintero", "Rahman", "Sato", "Takahashi",
    "Uribe", "Varga", "Weber", "Xu", "Yilmaz"
]
COUNTRIES = [
    "US", "DE", "FR", "GB", "CN", "JP", "RU", "IN", "BR", "ZA", "NG", "EG", "TR", "IR", "IL", "SA", "AU", "CA", "MX",
    "AR", "IT", "ES", "PL", "UA", "SE", "NO", "FI", "NL", "BE", "CH", "AT", "KR", "KP", "VN", "TH", "ID", "PH", "PK",
    "AF", "IQ"
]
START, DAYS = date(2000, 1, 1), 25 * 365


def actors_pool(n: int, rng: random.Random) -> list[tuple[str, str]]:
    names = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(names)
    return [
        (names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}"), rng.choice(COUNTRIES))
        for i in range(n)
    ]


def generate(n_events: int, per_article: int, n_actors: int, seed: int = 7):
    rng = random.Random(seed)
    pool = actors_pool(n_actors, rng)
    pairs = []
    for a in range(0, n_events, per_article):
        events, parts, pos = [], [], 0
        for k in range(min(per_article, n_events - a)):
            d0 = START + timedelta(days=rng.randrange(DAYS))
            gran = rng.choices(["day", "week", "month", "year"], [70, 10, 15, 5])[0]
            d1 = {
                "day": d0,
                "week": d0 + timedelta(days=6),
                "month": d0 + timedelta(days=29),
                "year": d0 + timedelta(days=364),
            }[gran]
            src, tgt = rng.sample(pool, 2)
            sentence = f"{src[0]} met {tgt[0]} on {d0.isoformat()} about matter {a + k}."
            expr_at = sentence.index(d0.isoformat())
            ev = Evidence(
                sentence,
                pos,
                pos + len(sentence),
                d0.isoformat(),
                pos + expr_at,
                pos + expr_at + 10,
                d0.isoformat(),
                gran,
                d0,
                d1,
            )
            countries = sorted({src[1], tgt[1], *rng.sample(COUNTRIES, rng.choice([0, 0, 1]))})
            events.append(Event(d0.isoformat(), d0, d1, gran, f"{src[0]} met {tgt[0]} about matter {a + k}", "meet",
                                [Actor(src[0], "person", "source", src[1], [src[0].split()[-1]]),
                                 Actor(tgt[0], "person", "target", tgt[1])], countries, evidence=[ev]))
            parts.append(sentence)
            pos += len(sentence) + 1
        text = " ".join(parts)
        pairs.append(
            (
                ArticleCreate(
                    external_id=f"bench-{a}",
                    source=rng.choice(["Wire A", "Wire B", "Daily C"]),
                    published_at="2025-01-01",
                    text=text,
                ),
                ExtractionResult(text=text, published_at=date(2025, 1, 1), language="en", events=events),
            )
        )
    return pairs, pool


# the last day of a date of each granularity, in days after its first
_SPAN_DAYS = {"day": 0, "week": 6, "month": 29, "year": 364}


def _event_row(event_id: int, d0: date, d1: date, gran: str, summary: str, now: datetime) -> dict:
    return {"id": event_id, "value": d0.isoformat(), "date_start": d0, "date_end": d1, "granularity": gran,
            "summary": summary, "trigger": "meet", "event_type": None, "location": None, "confidence": 0.5,
            "keywords": None, "dated_by": "text", "modality": "asserted", "created_at": now, "updated_at": now}


def _evidence_row(event_id: int, sentence: str, pos: int, expr_at: int, d0: date, d1: date, gran: str) -> dict:
    return {"event_id": event_id, "sentence": sentence, "sentence_start": pos, "sentence_end": pos + len(sentence),
            "expression": d0.isoformat(), "expression_start": expr_at, "expression_end": expr_at + 10,
            "value": d0.isoformat(), "granularity": gran, "date_start": d0, "date_end": d1, "trigger_text": "",
            "trigger_start": 0, "trigger_end": 0, "dated_by": "text", "reported_by_id": None}


def rows(n_events: int, per_article: int, n_actors: int, seed: int = 7):
    """The articles of `generate` (the same random draws, so the same data), as table rows rather than extraction
    results: per article, its row and its events' rows, with every link carrying its event's dates and modality as
    the storage layer writes them. Actor ids are pool positions + 1."""
    from app.store.articles import content_hash

    rng = random.Random(seed)
    pool = actors_pool(n_actors, rng)
    ids = {name: i + 1 for i, (name, _) in enumerate(pool)}
    now = datetime.now(UTC)
    event_id = 0
    for a in range(0, n_events, per_article):
        events, links, countries, evidence, parts, pos = [], [], [], [], [], 0
        for k in range(min(per_article, n_events - a)):
            d0 = START + timedelta(days=rng.randrange(DAYS))
            gran = rng.choices(["day", "week", "month", "year"], [70, 10, 15, 5])[0]
            d1 = d0 + timedelta(days=_SPAN_DAYS[gran])
            src, tgt = rng.sample(pool, 2)
            sentence = f"{src[0]} met {tgt[0]} on {d0.isoformat()} about matter {a + k}."
            expr_at = pos + sentence.index(d0.isoformat())
            codes = sorted({src[1], tgt[1], *rng.sample(COUNTRIES, rng.choice([0, 0, 1]))})
            event_id += 1
            events.append(_event_row(event_id, d0, d1, gran, f"{src[0]} met {tgt[0]} about matter {a + k}", now))
            copy = {"date_start": d0, "date_end": d1, "modality": "asserted"}
            links += [{"event_id": event_id, "actor_id": ids[src[0]], "role": "source", **copy},
                      {"event_id": event_id, "actor_id": ids[tgt[0]], "role": "target", **copy}]
            countries += [{"event_id": event_id, "country": c, **copy} for c in codes]
            evidence.append(_evidence_row(event_id, sentence, pos, expr_at, d0, d1, gran))
            parts.append(sentence)
            pos += len(sentence) + 1
        text, source = " ".join(parts), rng.choice(["Wire A", "Wire B", "Daily C"])
        article = {"id": a // per_article + 1, "external_id": f"bench-{a}", "content_hash": content_hash(source, text),
                   "source": source, "title": None, "url": None, "language": "en", "published_at": "2025-01-01",
                   "text": text, "ingested_at": now}
        for x in evidence:
            x["article_id"] = article["id"]
        yield article, events, links, countries, evidence


def _actor_rows(n_actors: int, seed: int = 7):
    from app.store.actors import name_key

    pool = actors_pool(n_actors, random.Random(seed))
    actors = [
        {"id": i + 1, "name": name, "norm_name": name_key(name), "kind": "person", "country": c}
        for i, (name, c) in enumerate(pool)
    ]
    aliases = [
        {"actor_id": i + 1, "norm_alias": name_key(name.split()[1]), "alias": name.split()[1]}
        for i, (name, _) in enumerate(pool)
    ]
    return actors, aliases


def load(url: str, n_events: int, n_actors: int, chunk: int = 20_000) -> list[tuple[str, str]]:
    """Write the synthetic events straight into the tables: PostgreSQL's COPY, SQLite's multi-row executemany, a
    transaction per `chunk` events. Then statistics (and on PostgreSQL the visibility map, as autovacuum would after a
    bulk load) are brought up to date."""
    from sqlalchemy import func, select

    from app import models
    from app.db import get_engine, migrate

    migrate(url)
    engine = get_engine(url)
    with engine.connect() as c:
        if c.execute(select(func.count()).select_from(models.Event)).scalar_one():
            raise SystemExit("the database already holds events: give an empty one")
    write = _write_copy if engine.dialect.name == "postgresql" else _write_executemany
    t = time.perf_counter()
    actors, aliases = _actor_rows(n_actors)
    write(engine, {models.Actor: actors, models.ActorAlias: aliases})
    stored = _write_events(engine, write, n_events, n_actors, chunk)
    _bring_statistics_up_to_date(engine)
    engine.dispose()
    print(f"loaded {stored} events ({n_actors} actors) in {time.perf_counter() - t:.1f} s")
    return actors_pool(n_actors, random.Random(7))


def _write_events(engine, write, n_events: int, n_actors: int, chunk: int) -> int:
    """The generated articles' rows, written a `chunk` of events at a time; returns the number of events."""
    from app import models

    tables = [models.Article, models.Event, models.EventActor, models.EventCountry, models.EvidenceRow]
    batch: dict = {table: [] for table in tables}
    stored = pending = 0
    for article, events, links, countries, evidence in rows(n_events, 50, n_actors):
        for table, values in zip(tables, ([article], events, links, countries, evidence)):
            batch[table] += values
        stored += len(events)
        pending += len(events)
        if pending >= chunk:
            write(engine, batch)
            batch, pending = {table: [] for table in tables}, 0
    write(engine, batch)
    return stored


def _write_copy(engine, batches: dict) -> None:
    """PostgreSQL: each table's rows by COPY, in one transaction."""
    raw = engine.raw_connection()
    try:
        with raw.driver_connection.cursor() as cur:
            for table, values in batches.items():
                if not values:
                    continue
                cols = list(values[0])
                quoted = ", ".join(f'"{c}"' for c in cols)
                with cur.copy(f"COPY {table.__tablename__} ({quoted}) FROM STDIN") as cp:
                    for v in values:
                        cp.write_row([v[col] for col in cols])
        raw.driver_connection.commit()
    finally:
        raw.close()


def _sqlite_value(v):
    """SQLite stores dates and instants as ISO text, as the models' types write them."""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")
    return v.isoformat() if isinstance(v, date) else v


def _write_executemany(engine, batches: dict) -> None:
    """SQLite: each table's rows by one multi-row executemany, in one transaction."""
    raw = engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor()
        for table, values in batches.items():
            if values:
                cols = list(values[0])
                marks = ", ".join("?" * len(cols))
                cur.executemany(
                    f"INSERT INTO {table.__tablename__} ({', '.join(cols)}) VALUES ({marks})",
                    [[_sqlite_value(v[col]) for col in cols] for v in values],
                )
        raw.driver_connection.commit()
    finally:
        raw.close()


def _bring_statistics_up_to_date(engine) -> None:
    """The planner's statistics; on PostgreSQL the id sequences past the rows written and the visibility map too."""
    from app import models

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        if engine.dialect.name == "postgresql":
            for table in (models.Article, models.Event, models.Actor):
                name = table.__tablename__
                c.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
                )
            c.exec_driver_sql("VACUUM ANALYZE")
        else:
            c.exec_driver_sql("ANALYZE")


@contextmanager
def running_server(url: str, tmp: str):
    """A real uvicorn serving the database at `url` (no API keys) once it is ready (its NLP model loaded), stopped on
    exit; yields its base URL and its process. Its log is `server.log` in `tmp`."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "DATELINE_API_KEYS": ""}
    log = Path(tmp) / "server.log"
    with log.open("w") as err:
        server = subprocess.Popen(
            [sys.executable, "-c", "from app.cli import main; main()", "serve", "--no-migrate", "--port", str(port)],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, log)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_ready(base: str, log: Path) -> None:
    for _ in range(720):
        try:
            # the NLP model loaded: no start-up load left
            if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit("server did not become ready: " + log.read_text()[-3000:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def queries(pool, n: int, seed: int = 11):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        name, country = rng.choice(pool)
        d0 = START + timedelta(days=rng.randrange(DAYS - 3 * 365))
        out.append(
            {
                "actor": name.split()[-1] if rng.random() < 0.3 else name.lower(),
                "country": country,
                "date_from": d0.isoformat(),
                "date_to": (d0 + timedelta(days=rng.choice([365, 3 * 365]))).isoformat(),
                "limit": 50,
            }
        )
    return out


SHAPES = ["month by country, every event", "year by actor within a country", "week of one actor",
          "month by event type within a country and five years"]


def histogram_queries(pool, n: int, seed: int = 13):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name, country = rng.choice(pool)
        out.append(
            [
                {"interval": "month", "by": "country"},
                {"interval": "year", "by": "actor", "country": country},
                {"interval": "week", "actor": name.lower()},
                {
                    "interval": "month",
                    "by": "event_type",
                    "country": country,
                    "date_from": "2010-01-01",
                    "date_to": "2014-12-31",
                },
            ][i % 4]
        )
    return out


def measure(base: str, params: list[dict], threads: int, path: str = "/v1/events") -> tuple[list[float], float, int]:
    lat: list[float] = []
    hits = [0]
    lock = threading.Lock()
    chunks = [params[i::threads] for i in range(threads)]

    def worker(chunk):
        with httpx.Client(base_url=base, timeout=30) as c:
            for p in chunk:
                t = time.perf_counter()
                r = c.get(path, params=p)
                dt = time.perf_counter() - t
                r.raise_for_status()
                with lock:
                    lat.append(dt)
                    body = r.json()
                    hits[0] += len(body["items"] if "items" in body else body["buckets"])

    t0 = time.perf_counter()
    ts = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return lat, len(params) / (time.perf_counter() - t0), hits[0]


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--actors", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=4, help="concurrent clients for the throughput run")
    ap.add_argument("--loaded", action="store_true",
                    help="measure a database an earlier run loaded with the same --events and --actors (no loading)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="dateline-bench-")
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    pool = actors_pool(args.actors, random.Random(7)) if args.loaded else load(url, args.events, args.actors)
    with running_server(url, tmp) as (base, _):
        measure(base, queries(pool, 100, seed=3), 1)  # warm-up
        load_before = os.getloadavg()
        lat, rps, hits = measure(base, queries(pool, args.requests), 1)
        _, rps_conc, _ = measure(base, queries(pool, args.requests, seed=5), args.threads)
        measure(base, histogram_queries(pool, 20, seed=3), 1, "/v1/events/histogram")  # warm-up
        hist = histogram_queries(pool, args.requests // 4)
        hlat, _, _ = measure(base, hist, 1, "/v1/events/histogram")  # one client: latencies in request order
        load_after = os.getloadavg()
    print(f"{backend}: {args.events} events; GET /v1/events?actor=&country=&date_from=&date_to=&limit=50, "
          f"{args.requests} requests")
    print(f"  p50 {pct(lat, 50):.1f} ms   p99 {pct(lat, 99):.1f} ms   {rps:.0f} req/s sequential   "
          f"{rps_conc:.0f} req/s with {args.threads} clients   ({hits / len(lat):.1f} events per answer)")
    print(f"GET /v1/events/histogram, {len(hlat)} requests (a mix of four shapes): p50 {pct(hlat, 50):.1f} ms   "
          f"p99 {pct(hlat, 99):.1f} ms")
    for k, shape in enumerate(SHAPES):
        mine = hlat[k::len(SHAPES)]
        print(f"  {shape}: p50 {pct(mine, 50):.1f} ms   p99 {pct(mine, 99):.1f} ms")
    print(
        "load average (1, 5, 15 min) before the timed runs {:.2f} {:.2f} {:.2f}, after {:.2f} {:.2f} {:.2f}".format(
            *load_before, *load_after
        )
    )


if __name__ == "__main__":
    main()

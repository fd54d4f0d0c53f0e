#!/usr/bin/env python3
"""Queued ingest throughput with 1 and 2 workers, and read latency while workers ingest (PostgreSQL).

    python bench/ingest.py [--database-url URL] [--repeat K] [--workers 1,2] [--gold DIR]

The AQUAINT TimeML texts (tags stripped), each repeated K times under distinct ids and sources (so that every copy
is stored, and its events merge with the other copies' reports of the same happenings), go on the job queue at once;
N `dateline worker` processes, started and warmed up beforehand, run them. Prints articles/s and tokens/s (spaCy
tokens) from the moment the jobs are queued to the last job's end, the rows PostgreSQL took (rows/s, commits/s), how
often a writer waited on the writers' locks (advisory) or on a row lock, and the CPU seconds per article the workers
(with their extraction children) and the database's PostgreSQL backends spent meanwhile (from /proc: the load of
other jobs does not change them as it changes the wall time). A last run with the largest N also serves
the API (a real uvicorn) and reads `GET /v1/events?limit=50` (and with `country=US`) in a loop from one client while
the workers ingest: p50 and p99 latency.

Each run gets a fresh database on the server (`--database-url` names a server and a database it may create others
from; without it a throwaway server is started with scripts/pg.sh).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from extract import DEFAULT_GOLD, load_tml  # bench/extract.py: the same texts, read the same way

ROW_TABLES = ["article", "event", "event_actor", "event_country", "evidence", "actor", "actor_alias"]


def corpus(gold: Path, repeat: int) -> list[dict]:
    docs = []
    for path in sorted(gold.glob("*.tml")):
        stem, dct, text = load_tml(path)
        if text.strip() and dct:
            docs.append((stem, dct, text))
    return [{"external_id": f"aquaint-{stem}-{k}", "source": f"AQUAINT copy {k}", "published_at": dct, "text": text}
            for k in range(repeat) for stem, dct, text in docs]


def spacy_tokens(articles: list[dict]) -> int:
    from app.extraction import nlp

    tokenizer = nlp.load().tokenizer
    return sum(len(tokenizer(a["text"])) for a in articles)


def fresh_database(server_url: str, name: str) -> str:
    """Database `name` on the server, created anew and migrated; its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    from app.db import migrate

    u = make_url(server_url)
    with psycopg.connect(u.set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = u.set(database=name).render_as_string(hide_password=False)
    migrate(url)
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Procs:
    def __init__(self, folder: Path):
        self.folder, self.procs = folder, []

    def start(self, name: str, args: list[str], url: str) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115  closed in stop()
        env = {**os.environ, "DATABASE_URL": url, "DATELINE_API_KEYS": ""}
        p = subprocess.Popen([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=env, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True)
        p.log, p.log_path = log, self.folder / f"{name}.log"
        self.procs.append(p)
        return p

    def wait_for(self, p, text: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while text not in p.log_path.read_text():
            if p.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{p.args}: did not start:\n{p.log_path.read_text()[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            p.log.close()
        self.procs = []


def db_counters(engine, name: str) -> dict:
    from sqlalchemy import text

    with engine.connect() as c:
        row = c.execute(text("SELECT tup_inserted, tup_updated, tup_deleted, xact_commit FROM pg_stat_database "
                             "WHERE datname = :n"), {"n": name}).one()
        rows = {t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ROW_TABLES}
    return {"inserted": row[0], "updated": row[1], "deleted": row[2], "commits": row[3], "rows": rows}


def probe_reads(api: str, stop: threading.Event, out: list[float]) -> None:
    params = [{"limit": 50}, {"limit": 50, "country": "US"}]
    with httpx.Client(base_url=api, timeout=60) as http:
        i = 0
        while not stop.is_set():
            t = time.perf_counter()
            r = http.get("/v1/events", params=params[i % 2])
            out.append(time.perf_counter() - t)
            if r.status_code != 200:
                raise SystemExit(f"GET /v1/events answered {r.status_code}: {r.text[:500]}")
            i += 1


def lock_waits(engine, name: str, stop: threading.Event, out: list[tuple[int, int, int]]) -> None:
    """Samples pg_stat_activity: (backends waiting on an advisory lock, the writers' locks; backends waiting on another
    lock, a row another transaction holds; backends running a query) of the database."""
    from sqlalchemy import text

    q = text("SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'), "
             "count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event <> 'advisory'), "
             "count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity "
             "WHERE datname = :n AND pid <> pg_backend_pid()")
    with engine.connect() as c:
        while not stop.is_set():
            out.append(tuple(c.execute(q, {"n": name}).one()))
            c.rollback()
            time.sleep(0.05)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def run(server_url: str, n_workers: int, articles: list[dict], tokens: int, folder: Path, probe: bool) -> dict:
    """One run on a fresh database: `n_workers` workers ingest `articles` from the queue (with `probe`, while the
    API serves reads); the rates, the lock waits and the read latencies."""
    from sqlalchemy.engine import make_url

    from app import jobs
    from app.db import get_engine

    name = f"bench_ingest_{n_workers}{'_probe' if probe else ''}"
    url = fresh_database(server_url, name)
    engine = get_engine(url)
    database = make_url(url).database
    procs = Procs(folder)
    try:
        api = start_api(procs, name, url) if probe else None
        workers = [procs.start(f"{name}-worker{i}", ["worker", "--concurrency", "1"], url) for i in range(n_workers)]
        for w in workers:
            procs.wait_for(w, "running jobs of queue")
        before = db_counters(engine, database)
        stop, latencies, waits = threading.Event(), [], []
        threads = [threading.Thread(target=lock_waits, args=(engine, database, stop, waits), daemon=True)]
        if api:
            threads.append(threading.Thread(target=probe_reads, args=(api, stop, latencies), daemon=True))
        idle = quiet_reads(api) if api else []
        t0 = db_clock(engine)
        cpu0 = cpu_now(engine, database, [w.pid for w in workers])
        jobs.enqueue_many(url, [[a] for a in articles])
        for t in threads:
            t.start()
        failed = wait_for_jobs(engine, workers, len(articles))
        cpu1 = cpu_now(engine, database, [w.pid for w in workers])
        stop.set()
        for t in threads:
            t.join(timeout=60)
        t1 = last_job_end(engine)
        after = db_counters(engine, database)
    finally:
        procs.stop()
    seconds = (t1 - t0).total_seconds()
    written = sum(after[k] - before[k] for k in ("inserted", "updated", "deleted"))
    return {
        "workers": n_workers, "articles": len(articles), "failed": failed, "seconds": seconds,
        "articles_s": len(articles) / seconds, "tokens_s": tokens / seconds,
        "rows": after["rows"], "rows_written_s": written / seconds,
        "commits_s": (after["commits"] - before["commits"]) / seconds,
        "lock_wait_share": sum(1 for w, _, _ in waits if w) / max(1, len(waits)),
        "row_wait_share": sum(1 for _, w, _ in waits if w) / max(1, len(waits)),
        "latency": latencies, "idle_latency": idle,
        "cpu_workers": (cpu1[0] - cpu0[0]) / len(articles),
        "cpu_postgres": sum(v - cpu0[1].get(pid, 0.0) for pid, v in cpu1[1].items()) / len(articles),
    }


def _cpu(pid: int) -> float:
    """CPU seconds of a live process, with those of its children it has waited for (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime, stime, cutime, cstime


def _descendants(pids: list[int]) -> set[int]:
    parent = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parent[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, todo = set(pids), list(pids)
    while todo:
        p = todo.pop()
        for child, ppid in parent.items():
            if ppid == p and child not in found:
                found.add(child)
                todo.append(child)
    return found


def cpu_now(engine, name: str, workers: list[int]) -> tuple[float, dict[int, float]]:
    """(CPU seconds so far of the workers and their extraction children; {backend pid: CPU seconds} of the database's
    PostgreSQL backends): read from /proc, so only where the bench, the workers and the server share the machine."""
    from sqlalchemy import text

    with engine.connect() as c:
        backends = c.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = :n"), {"n": name}).scalars().all()
    return sum(_cpu(p) for p in _descendants(workers)), {p: _cpu(p) for p in backends}


def start_api(procs: Procs, name: str, url: str) -> str:
    """Serve the API (a real uvicorn) on a free port; its URL once ready."""
    port = free_port()
    server = procs.start(f"{name}-api", ["serve", "--no-migrate", "--port", str(port)], url)
    api = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:  # ready: the model loaded (the reads do not need it, but its loading takes a core)
        try:
            if httpx.get(api + "/readyz", timeout=5).status_code == 200:
                return api
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the API did not start:\n" + server.log_path.read_text()[-3000:])
        time.sleep(0.5)


def quiet_reads(api: str) -> list[float]:
    """The latencies of the probe's reads for 10 s with nothing ingesting, for comparison."""
    quiet, idle = threading.Event(), []
    reader = threading.Thread(target=probe_reads, args=(api, quiet, idle), daemon=True)
    reader.start()
    time.sleep(10)
    quiet.set()
    reader.join(timeout=60)
    return idle


def db_clock(engine):
    from sqlalchemy import text

    with engine.connect() as c:
        return c.execute(text("SELECT clock_timestamp()")).scalar_one()


def last_job_end(engine):
    from sqlalchemy import text

    with engine.connect() as c:
        return c.execute(text("SELECT max(finished_at) FROM job_outcome")).scalar_one()


def wait_for_jobs(engine, workers: list, n_jobs: int) -> int:
    """Wait until `n_jobs` jobs are done or failed (a worker dying ends the run); the number failed."""
    from sqlalchemy import text

    while True:
        with engine.connect() as c:
            done, failed = c.execute(text("SELECT count(*) FILTER (WHERE status = 'done'), count(*) FILTER "
                                          "(WHERE status = 'failed') FROM job_outcome")).one()
        if done + failed >= n_jobs:
            return failed
        if any(w.poll() is not None for w in workers):
            raise SystemExit("a worker died:\n" + "\n".join(w.log_path.read_text()[-2000:] for w in workers))
        time.sleep(0.2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", help="a PostgreSQL server (a database on it); default: a throwaway server")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--repeat", type=int, default=3, help="copies of each text, under distinct ids and sources")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    ap.add_argument("--no-probe", action="store_true", help="skip the run that reads while the workers ingest")
    args = ap.parse_args()

    articles = corpus(args.gold, args.repeat)
    tokens = spacy_tokens(articles)
    print(f"corpus: {len(articles)} articles ({len(articles) // args.repeat} texts x {args.repeat}), "
          f"{tokens} spaCy tokens; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="dateline-bench-ingest-"))
    pgdir = None
    server_url = args.database_url
    if not server_url:
        pgdir = tempfile.mkdtemp(prefix="dateline-bench-pg-")
        os.chmod(pgdir, 0o755)
        out = subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "start", pgdir, str(free_port())], check=True,
                             capture_output=True, text=True)
        server_url = out.stdout.strip().splitlines()[-1]
    try:
        counts = [int(x) for x in args.workers.split(",")]
        results = []
        for n in counts:
            r = run(server_url, n, articles, tokens, folder, probe=False)
            results.append(r)
            print_run(n, r)
        if len(results) > 1:
            print(f"speed-up with {counts[-1]} workers: x{results[-1]['articles_s'] / results[0]['articles_s']:.2f}")
        if not args.no_probe:
            n = max(counts)
            print_probe(n, run(server_url, n, articles, tokens, folder, probe=True))
    finally:
        if pgdir:
            subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "stop", pgdir], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def print_run(n: int, r: dict) -> None:
    print(f"{n} worker(s): {r['articles_s']:.2f} articles/s, {r['tokens_s']:.0f} tokens/s ({r['seconds']:.1f} s, "
          f"{r['failed']} failed); PostgreSQL took {r['rows_written_s']:.0f} rows/s in {r['commits_s']:.1f} "
          f"commits/s; a writer waited on the writers' locks in {100 * r['lock_wait_share']:.0f}% of samples, on a "
          f"row lock in {100 * r['row_wait_share']:.0f}%; "
          f"stored {r['rows']['article']} articles, {r['rows']['event']} events; CPU per article: workers "
          f"{r['cpu_workers']:.3f} s, PostgreSQL {r['cpu_postgres']:.3f} s; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)


def print_probe(n: int, r: dict) -> None:
    lat = [x * 1000 for x in r["latency"]]
    quiet = [x * 1000 for x in r["idle_latency"]]
    print(f"GET /v1/events (limit 50; and country=US) with nothing ingesting: {len(quiet)} requests, "
          f"p50 {statistics.median(quiet):.1f} ms, p99 {pct(quiet, 99):.1f} ms", flush=True)
    print(f"GET /v1/events (limit 50; and country=US) while {n} workers ingest: {len(lat)} requests, "
          f"p50 {statistics.median(lat):.1f} ms, p99 {pct(lat, 99):.1f} ms, max {max(lat):.1f} ms; "
          f"ingest meanwhile {r['articles_s']:.2f} articles/s; load average {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()

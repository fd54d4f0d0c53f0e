"""Queued ingest on PostgreSQL, end to end with real worker processes (`dateline worker`) and the real extractor:
async ingest over HTTP, two workers racing on two reports of one happening, a worker killed with SIGKILL in the
middle of a job, bulk loading interrupted and run again; and the clear 422 on SQLite."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text

from app.db import get_engine
from app.models import Article, Event, EvidenceRow

ROOT = Path(__file__).resolve().parents[2]
SEED = json.loads((ROOT / "seeds" / "cnn-2019-03-12-us-germany-huawei.json").read_text())
STALLED_AFTER = 3  # seconds: short, so that a lost worker's job is run again within the test
QUEUE_TABLES = (
    "procrastinate_events, procrastinate_periodic_defers, job_outcome, procrastinate_jobs, procrastinate_workers"
)

# two reports of one happening (merged into one event when stored one after the other)
GRENELL = [
    (
        "Richard Grenell, the US ambassador to Germany, sent a letter to the German economy minister on Friday, "
        "warning against Huawei."
    ),
    "US Ambassador Richard Grenell sent a letter to Germany's economy minister last Friday, officials said.",
]

postgres_only = pytest.mark.parametrize("backend", ["postgres"], indirect=True)


def _article(text: str, external_id: str, source: str = "Wire", published_at: str = "2019-03-12") -> dict:
    return {"external_id": external_id, "source": source, "published_at": published_at, "text": text}


@pytest.fixture
def queue_url(db_url):
    """The test's PostgreSQL database with an empty queue."""
    with get_engine(db_url).begin() as conn:
        conn.execute(text(f"TRUNCATE {QUEUE_TABLES} RESTART IDENTITY CASCADE"))
    return db_url


class Workers:
    """`dateline worker` processes on the test database, each in its own process group (its extraction children too)."""

    def __init__(self, url: str, folder: Path):
        self.url, self.folder, self.procs = url, folder, []

    def start(self, concurrency: int = 1) -> subprocess.Popen:
        n = len(self.procs)
        log = open(self.folder / f"worker{n}.log", "w")  # noqa: SIM115  closed at stop
        env = {**os.environ, "DATABASE_URL": self.url}
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "worker",
                "--concurrency",
                str(concurrency),
                "--stalled-after",
                str(STALLED_AFTER),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc.log, proc.log_path = log, self.folder / f"worker{n}.log"
        self.procs.append(proc)
        return proc

    def wait_ready(self, proc, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while "running jobs of queue" not in proc.log_path.read_text():
            assert proc.poll() is None, "the worker died: " + proc.log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, "the worker did not start: " + proc.log_path.read_text()[-3000:]
            time.sleep(0.1)

    def logs(self) -> str:
        return "\n".join(p.log_path.read_text()[-2000:] for p in self.procs)

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(p.pid, signal.SIGKILL)  # whatever is left in its group (an orphaned extraction child)
            except ProcessLookupError:
                pass
            p.wait(timeout=10)
            p.log.close()


@pytest.fixture
def workers(queue_url, tmp_path):
    w = Workers(queue_url, tmp_path)
    yield w
    w.stop()


def _job(url: str, job_id: int) -> dict:
    """The job as GET /v1/jobs/{id} answers it."""
    from sqlmodel import Session

    from app import jobs
    from app.api.serialize import job_public

    with Session(get_engine(url)) as session:
        return job_public(jobs.job_state(session, job_id)).model_dump(mode="json")


def _wait(get, done, timeout: float, what: str, logs=lambda: ""):
    deadline = time.monotonic() + timeout
    while True:
        value = get()
        if done(value):
            return value
        assert time.monotonic() < deadline, f"{what}: still {value!r}\n{logs()}"
        time.sleep(0.05)


def _count(url: str, table, *where) -> int:
    with get_engine(url).connect() as c:
        return c.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


# --------------------------------------------------------------------------- asynchronous ingest over HTTP


@postgres_only
def test_async_ingest_over_http_is_run_by_a_worker(live_server, workers, queue_url):
    worker = workers.start()
    seed = {k: SEED[k] for k in ("external_id", "source", "title", "url", "published_at", "language", "text")}
    with httpx.Client(base_url=live_server, timeout=60) as http:
        r = http.post("/v1/articles", json=seed, headers={"Prefer": "respond-async"})
        assert r.status_code == 202, r.text
        job = r.json()
        assert r.headers["Location"] == f"/v1/jobs/{job['id']}" and r.headers["Preference-Applied"] == "respond-async"
        assert job["status"] in ("queued", "running") and job["kind"] == "article" and job["article_count"] == 1
        assert job["result"] is None and job["problem"] is None

        # a batch whose second article's external_id is the seed's with another text: the job fails with the 409
        clash = {
            "articles": [
                _article("Germany announced March 7 that it would act.", "other-1"),
                _article("A different text.", seed["external_id"], source=seed["source"]),
            ]
        }
        bad = http.post("/v1/articles/batch", json=clash, headers={"Prefer": "respond-async"})
        assert bad.status_code == 202 and bad.json()["kind"] == "batch"

        workers.wait_ready(worker)
        done = _wait(
            lambda: http.get(r.headers["Location"]).json(),
            lambda j: j["status"] in ("done", "failed"),
            180,
            "the job",
            workers.logs,
        )
        assert done["status"] == "done", done
        (item,) = done["result"]["items"]
        assert item["created"] is True and item["index"] == 0 and done["finished_at"] and done["attempts"] == 1
        article = http.get(f"/v1/articles/{item['article_id']}").json()
        assert article["external_id"] == seed["external_id"] and article["event_count"] == len(item["event_ids"]) > 0
        listed = http.get(
            "/v1/events",
            params={
                "article_id": item["article_id"],
                "limit": 200,
                "modality": ["asserted", "negated", "hypothetical", "planned"],
            },
        ).json()
        assert sorted(e["id"] for e in listed["items"]) == sorted(item["event_ids"])

        failed = _wait(
            lambda: http.get(f"/v1/jobs/{bad.json()['id']}").json(),
            lambda j: j["status"] in ("done", "failed"),
            120,
            "the batch job",
            workers.logs,
        )
        assert failed["status"] == "failed" and failed["result"] is None
        problem = failed["problem"]
        assert problem["status"] == 409 and problem["instance"] == "/v1/articles/batch"
        assert problem["errors"][0]["loc"] == ["body", "articles", 1, "external_id"] and "request_id" not in problem
        assert _count(queue_url, Article, Article.external_id == "other-1") == 0, "a refused batch stores nothing"

        # the same article again: done, not created, the same article
        again = http.post("/v1/articles", json=seed, headers={"Prefer": "wait=5, respond-async"})
        assert again.status_code == 202
        redo = _wait(
            lambda: http.get(again.headers["Location"]).json(),
            lambda j: j["status"] == "done",
            120,
            "the repeat",
            workers.logs,
        )
        assert (
            redo["result"]["items"][0]["article_id"] == item["article_id"]
            and redo["result"]["items"][0]["created"] is False
        )
        assert _count(queue_url, Article) == 1
        assert http.get("/v1/jobs/999999").status_code == 404


# --------------------------------------------------------------------------- concurrency and faults


@postgres_only
def test_two_workers_racing_on_two_reports_of_one_happening_make_one_event_with_both(workers, queue_url):
    from app import jobs

    a, b = workers.start(), workers.start()
    workers.wait_ready(a)
    workers.wait_ready(b)
    # Each round is another happening (the same letter, told in another week) by other sources. A loaded machine can
    # let one worker take both reports before the other wakes: then that round raced nothing, and the next one runs.
    for round_, published in enumerate(["2019-03-12", "2019-04-16", "2019-05-14"]):
        wires = [f"Wire {round_}-{i}" for i in range(len(GRENELL))]
        ids = [
            jobs.enqueue(queue_url, [_article(t, f"grenell-{round_}-{i}", source=w, published_at=published)], False)
            for i, (t, w) in enumerate(zip(GRENELL, wires))
        ]
        states = [
            _wait(
                lambda i=i: _job(queue_url, i),
                lambda j: j["status"] in ("done", "failed"),
                180,
                f"job {i}",
                workers.logs,
            )
            for i in ids
        ]
        assert [s["status"] for s in states] == ["done", "done"], states
        events = [set(s["result"]["items"][0]["event_ids"]) for s in states]
        shared = events[0] & events[1]
        assert len(shared) == 1, f"the happening was stored twice: {events}"
        (event_id,) = shared
        with get_engine(queue_url).connect() as c:
            sources = (
                c.execute(
                    select(Article.source)
                    .join(EvidenceRow, EvidenceRow.article_id == Article.id)
                    .where(EvidenceRow.event_id == event_id)
                    .distinct()
                )
                .scalars()
                .all()
            )
            ran_on = c.execute(
                text("SELECT count(DISTINCT worker_id) FROM procrastinate_jobs WHERE id = ANY(:ids)"), {"ids": ids}
            ).scalar_one()
        assert sorted(sources) == wires
        if ran_on == 2:  # each worker took one report: the two stores raced
            break
    else:
        pytest.fail("in three rounds one worker took both reports each time: the race never ran")

    # bulk loading onto the queue: the workers store what waits; a second load queues nothing again
    lines = [
        json.dumps(_article(f"Japan announced March {i + 1} that it would act on plan {i}.", f"enq-{i}"))
        for i in range(3)
    ]
    data = Path(workers.folder) / "enqueue.jsonl"
    data.write_text("\n".join(lines + ["[]"]) + "\n")
    runs = []
    for _ in range(2):
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "app.cli",
                "ingest",
                str(data),
                "--enqueue",
                "--no-progress",
                "--rejects",
                str(Path(workers.folder) / "rejected.jsonl"),
            ],
            check=False,
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": queue_url},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr[-3000:]
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    assert runs[0]["queued"] == 3 and runs[0]["rejected"] == 1
    assert runs[1]["queued"] == 0 and runs[1]["already_queued"] + runs[1]["duplicates"] == 3, runs
    _wait(
        lambda: _count(queue_url, Article, Article.external_id.like("enq-%")),
        lambda n: n == 3,
        120,
        "the queued articles",
        workers.logs,
    )


def _long_text() -> str:
    """The seed article twice over, as one article: a job that takes a few seconds to extract."""
    return "\n\n".join([SEED["text"]] * 2)


@postgres_only
def test_a_worker_killed_mid_job_loses_and_duplicates_nothing(workers, queue_url):
    from app import jobs

    first = workers.start()
    workers.wait_ready(first)
    job_id = jobs.enqueue(queue_url, [_article(_long_text(), "long-1", source="CNN")], False)
    _wait(lambda: _job(queue_url, job_id), lambda j: j["status"] == "running", 60, "the job to start", workers.logs)
    second = workers.start()  # another worker, starting while the first runs the job
    os.kill(first.pid, signal.SIGKILL)  # kill -9, in the middle of the job
    first.wait(timeout=10)
    assert _job(queue_url, job_id)["status"] == "running", (
        "the dead worker's job looks running until it is taken for lost"
    )
    done = _wait(
        lambda: _job(queue_url, job_id),
        lambda j: j["status"] in ("done", "failed"),
        180,
        "the job on the other worker",
        workers.logs,
    )
    assert done["status"] == "done" and done["attempts"] == 2, done
    assert "queued again" in second.log_path.read_text()
    assert _count(queue_url, Article) == 1, "stored exactly once"
    (item,) = done["result"]["items"]
    with get_engine(queue_url).connect() as c:
        stored_events = c.execute(select(EvidenceRow.event_id).distinct()).scalars().all()
        repeated = c.execute(
            text(
                "SELECT count(*) FROM (SELECT event_id, sentence_start, expression_start, trigger_start "
                "FROM evidence GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d"
            )
        ).scalar_one()
    assert sorted(stored_events) == sorted(item["event_ids"]) and repeated == 0
    assert _count(queue_url, Event) == len(item["event_ids"])


# --------------------------------------------------------------------------- bulk loading


def _ingest(url: str, path: Path, *args: str, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "ingest",
            str(path),
            "--no-progress",
            "--rejects",
            str(folder / "rejected.jsonl"),
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@postgres_only
def test_bulk_ingest_rerun_after_an_interruption_stores_only_the_rest(queue_url, tmp_path):
    n = 24
    lines = [
        json.dumps(
            {
                "id": f"bulk-{i}",
                "source": "Wire",
                "published_at": "2019-03-12",
                "text": f"Report {i}. The mayor of town {i} opened bridge number {i} on March {i % 9 + 1}.",
            }
        )
        for i in range(n)
    ]
    lines.insert(5, "{not json")
    lines.insert(9, json.dumps({"id": "late", "source": "Wire", "published_at": "someday", "text": "x"}))
    data = tmp_path / "articles.jsonl"
    data.write_text("\n".join(lines) + "\n")

    proc = _ingest(queue_url, data, folder=tmp_path)
    stored = _wait(
        lambda: _count(queue_url, Article), lambda k: k >= 3 or proc.poll() is not None, 180, "the first articles"
    )
    os.killpg(proc.pid, signal.SIGKILL)  # the machine goes down in the middle of the load
    proc.communicate(timeout=30)
    stored = _count(queue_url, Article)
    assert 0 < stored < n, f"the load was not interrupted in the middle ({stored} of {n} stored)"

    rerun = _ingest(queue_url, data, folder=tmp_path)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err[-3000:]
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["stored"] == n - stored and summary["duplicates"] == stored and summary["rejected"] == 2, summary
    assert _count(queue_url, Article) == n
    with get_engine(queue_url).connect() as c:
        assert c.execute(select(func.count(func.distinct(Article.external_id)))).scalar_one() == n
    rejects = [json.loads(x) for x in (tmp_path / "rejected.jsonl").read_text().splitlines()]
    assert [(r["line"], r["reason"].split(":")[0]) for r in rejects] == [(6, "not JSON"), (10, "published_at")]
    assert f"stored {n - stored}" in err and "duplicates" in err


# --------------------------------------------------------------------------- SQLite: no queue


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_async_ingest_on_sqlite_is_a_422_naming_the_setting(client, db_url):
    body = _article("Germany announced March 7 that it would act.", "sq-1")
    r = client.post("/v1/articles", json=body, headers={"Prefer": "respond-async"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"].startswith("Prefer: ") and "DATABASE_URL" in r.json()["detail"]
    assert r.json()["errors"][0]["loc"] == ["header", "Prefer"]
    batch = client.post("/v1/articles/batch", json={"articles": [body]}, headers={"Prefer": "respond-async"})
    assert batch.status_code == 422 and "DATABASE_URL" in batch.json()["detail"]
    assert client.get("/v1/articles").json()["items"] == [], "nothing stored"
    assert client.get("/v1/jobs/1").status_code == 404
    # other preferences leave ingest synchronous
    assert client.post("/v1/articles", json=body, headers={"Prefer": "return=minimal"}).status_code == 201
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "worker"],
        check=False,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and "DATABASE_URL" in out.stderr


@postgres_only
def test_a_queued_job_waits_for_a_worker(client, queue_url):
    r = client.post(
        "/v1/articles/batch",
        json={"articles": [_article("Germany announced March 7 that it would act.", "q-1")]},
        headers={"Prefer": "respond-async"},
    )
    assert r.status_code == 202
    job = client.get(r.headers["Location"]).json()
    assert (job["status"], job["kind"], job["attempts"], job["started_at"]) == ("queued", "batch", 0, None)
    assert client.get("/v1/articles").json()["items"] == []


# --------------------------------------------------------------------------- a database outage


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_database_outage_makes_a_worker_wait_and_carry_on(tmp_path):
    """A server of its own (the suite's is shared): stopped at once under a running worker, then started again."""
    import tempfile

    from app import jobs
    from app.db import migrate

    pg = ["bash", str(ROOT / "scripts" / "pg.sh")]
    folder, port = tempfile.mkdtemp(prefix="dateline-outage-"), str(_free_port())
    os.chmod(folder, 0o755)
    url = subprocess.run(
        [*pg, "start", folder, port], check=True, capture_output=True, text=True, timeout=300
    ).stdout.split()[-1]
    w = Workers(url, tmp_path)
    try:
        migrate(url)
        worker = w.start()
        w.wait_ready(worker)
        first = jobs.enqueue(url, [_article("Germany announced March 7 that it would act.", "before")], False)
        _wait(lambda: _job(url, first)["status"], lambda s: s == "done", 120, "the job before the outage", w.logs)

        get_engine(url).dispose()
        subprocess.run([*pg, "halt", folder], check=True, capture_output=True, timeout=120)
        _wait(lambda: worker.log_path.read_text(), lambda t: "database unavailable" in t, 60, "the worker to notice")
        time.sleep(3)
        assert worker.poll() is None, "the worker gave up: " + w.logs()
        with pytest.raises(jobs.QueueDown):
            jobs.enqueue(url, [_article("Nothing is queued while the database is away.", "during")], False)
        subprocess.run([*pg, "resume", folder, port], check=True, capture_output=True, timeout=120)

        second = jobs.enqueue(url, [_article("France announced March 8 that it would act.", "after")], False)
        _wait(lambda: _job(url, second)["status"], lambda s: s == "done", 120, "the job after the outage", w.logs)
        assert worker.poll() is None and _count(url, Article) == 2
        assert "running jobs of queue" in worker.log_path.read_text().split("database unavailable", 1)[1], (
            "it started again"
        )
    finally:
        w.stop()
        jobs.queue_app(url).close()
        get_engine(url).dispose()
        subprocess.run([*pg, "stop", folder], capture_output=True, timeout=120, check=False)


# --------------------------------------------------------------------------- the workers' extraction children


def _pid() -> int:
    return os.getpid()


def _niceness() -> int:
    return os.nice(0)


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _boom() -> None:
    raise ValueError("boom")


def _gone(pid: int, within: float = 10) -> bool:
    """Whether process `pid` has exited (a zombie not yet reaped counts) within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def kept_children():
    """The extraction budget as a worker sets it: 30 s, children kept for the next article."""
    from app import budget

    tokens = [budget.budget_s.set(30), budget.reuse.set(True)]
    yield budget
    budget.reuse.reset(tokens[1])
    budget.budget_s.reset(tokens[0])


def test_a_worker_extracts_article_after_article_in_one_kept_child_at_its_lower_priority(kept_children):
    budget = kept_children
    first = budget.call(_pid)
    assert first != os.getpid() and budget.call(_pid) == first, "the same child served both calls"
    token = budget.nice.set(5)
    try:
        assert budget.call(_niceness) == min(19, _niceness() + 5)
        assert budget.call(_pid) != first, "a child of another priority is another child"
    finally:
        budget.nice.reset(token)
    assert budget.call(_pid) == first
    with pytest.raises(budget.WorkerFailed, match="boom"):
        budget.call(_boom)
    assert budget.call(_pid) != first, "a child that failed is not kept"


def test_a_kept_child_over_its_budget_is_killed_and_the_next_article_gets_another(kept_children):
    budget = kept_children
    before = budget.call(_pid)
    token = budget.budget_s.set(1)
    try:
        started = time.monotonic()
        with pytest.raises(budget.BudgetExceeded):
            budget.call(_sleep, 60)
        assert time.monotonic() - started < 10
    finally:
        budget.budget_s.reset(token)
    assert _gone(before), "the child over its budget still runs"
    after = budget.call(_pid)
    assert after != before and budget.call(_pid) == after


def test_a_kept_child_ends_when_its_worker_is_killed(tmp_path):
    """kill -9 of a worker leaves no extraction child behind: a kept child waiting for work sees its parent gone."""
    script = (
        "import os, sys\n"
        "from app import budget\n"
        "budget.budget_s.set(30); budget.reuse.set(True)\n"
        "print(budget.call(os.getpid), flush=True)\n"
        "sys.stdin.read()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    try:
        child = int(proc.stdout.readline())
        assert not _gone(child, within=0.5), "the kept child waits for the next article"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert _gone(child), "the kept child outlived its worker"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@postgres_only
def test_a_worker_told_to_stop_stops_at_once_with_its_kept_child(workers, queue_url):
    """SIGTERM stops a worker that keeps an extraction child: the child does not take the worker's signal handlers
    with it (it would ignore the termination the worker sends it on the way out)."""
    from app import jobs

    w = workers.start()
    workers.wait_ready(w)
    job_id = jobs.enqueue(queue_url, [_article(GRENELL[0], "g-1")], False)
    done = _wait(lambda: _job(queue_url, job_id), lambda j: j["status"] in ("done", "failed"), 180, "the job",
                 workers.logs)
    assert done["status"] == "done", done
    started = time.monotonic()
    w.send_signal(signal.SIGTERM)
    w.wait(timeout=60)
    assert w.returncode == 0 and time.monotonic() - started < 10, time.monotonic() - started

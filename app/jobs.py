"""The ingest job queue on PostgreSQL (procrastinate): the task workers run, putting articles on the queue, a job's
state for `GET /v1/jobs/{id}`, and the worker loop (`dateline worker`).

A job holds the articles of one request (`POST /v1/articles` or `/v1/articles/batch` with `Prefer: respond-async`,
or one line of `dateline ingest --enqueue`). A worker runs it through the same `ingest` path as a synchronous
request: the writers' lock, merging and the unique external_id / content hash apply alike, so a job run twice (a
worker killed after it stored, and the job retried) stores its articles once. What the job ended with (the stored
ids, or the problem a synchronous request would have answered) goes to `job_outcome`.

Faults: a worker that stops sending heartbeats (killed, its machine gone) has its running jobs put back on the
queue by the other workers (`recover_stalled`); a worker that loses the database waits, with growing pauses,
and carries on once it answers again.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import text as sql
from sqlalchemy.engine import make_url
from sqlmodel import Session

log = logging.getLogger("dateline.jobs")

QUEUE = "ingest"
TASK = "dateline.ingest"
DB_ERRORS_RETRIED = 12  # attempts of a job whose database calls fail (an outage), with growing pauses up to a minute
STALLED_AFTER_S = 30.0  # a worker silent for this long is taken for dead and its jobs are run again


class QueueUnavailable(Exception):
    """The job queue needs PostgreSQL (DATABASE_URL); the embedded SQLite keeps ingest in-process."""


def is_postgres(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "postgresql"


def conninfo(database_url: str) -> str:
    """The libpq connection string of a SQLAlchemy URL (procrastinate speaks psycopg directly)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


# --------------------------------------------------------------------------- the task


class _RetryDatabaseErrors:
    """procrastinate retry strategy: run the job again when the database failed it (an outage), never for a bug."""

    def get_retry_exception(self, exception: BaseException, job):
        from procrastinate import exceptions, retry

        if not _is_connection_error(exception) or job.attempts + 1 >= DB_ERRORS_RETRIED:
            return None
        return exceptions.JobRetry(retry.RetryDecision(retry_in={"seconds": min(60, 2 ** job.attempts)}))


def _is_connection_error(e: BaseException) -> bool:
    import psycopg
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(e, (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError))


@lru_cache(maxsize=8)
def queue_app(database_url: str):
    """The procrastinate App for `database_url`, with the ingest task registered (one per URL and process)."""
    if not is_postgres(database_url):
        raise QueueUnavailable(database_url)
    import procrastinate

    # a short wait for a connection: a lost database shows within seconds (the worker then starts over, see _serve)
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(database_url), min_size=1, max_size=8, timeout=5,
                                                 kwargs={"connect_timeout": 5}),
    )

    def ingest_job(context, articles: list[dict], batch: bool = False) -> dict:
        return run_job(database_url, context.job.id, articles, batch)

    app.task(name=TASK, queue=QUEUE, pass_context=True, retry=_RetryDatabaseErrors())(ingest_job)
    return app


def run_job(database_url: str, job_id: int, articles: list[dict], batch: bool) -> dict:
    """Ingest the job's articles as the synchronous request would, and record what it ended with."""
    from app import budget
    from app.api.articles import ingest_problem
    from app.config import get_settings
    from app.db import get_engine
    from app.ingest import ingest, ingest_many
    from app.models import ArticleCreate
    from app.store.jobs import record_outcome

    budget.budget_s.set(get_settings().extract_budget_s)
    budget.nice.set(get_settings().worker_nice)
    budget.reuse.set(True)  # one extraction child serves the worker's articles in turn
    models = [ArticleCreate.model_validate(a) for a in articles]
    instance = "/v1/articles/batch" if batch else "/v1/articles"
    with Session(get_engine(database_url), expire_on_commit=False) as session:
        try:
            stored = ingest_many(session, models) if batch else [ingest(session, models[0])]
        except Exception as e:  # the input errors become the job's problem; anything else propagates
            problem = ingest_problem(e, batch)
            if problem is None:
                raise
            outcome = {"status": "failed", "result": None, "problem": {
                "type": "about:blank", "title": _title(problem.status), "status": problem.status,
                "detail": problem.detail, "instance": instance,
                **({"errors": problem.errors} if problem.errors else {})}}
        else:
            items = [{"index": i, "article_id": s.article.id, "created": s.created, "event_ids": list(s.event_ids)}
                     for i, s in enumerate(stored)]
            outcome = {"status": "done", "result": {"items": items}, "problem": None}
        record_outcome(session, job_id, outcome)
    return {"status": outcome["status"]}


def _title(status: int) -> str:
    from http import HTTPStatus

    return HTTPStatus(status).phrase


# --------------------------------------------------------------------------- putting articles on the queue


class AlreadyQueued(Exception):
    """The same article waits on the queue already (its queueing lock is taken)."""


def _opened(database_url: str):
    app = queue_app(database_url)
    app.open()  # the synchronous pool, opened once (a no-op after the first call)
    return app


class QueueDown(Exception):
    """The database holding the queue did not answer."""


def enqueue(database_url: str, articles: list[dict], batch: bool, queueing_lock: str | None = None) -> int:
    """Put one job on the queue; its id. With `queueing_lock`, AlreadyQueued while a job holding it waits;
    QueueDown when the database does not answer."""
    from procrastinate import exceptions

    try:
        deferrer = _opened(database_url).configure_task(TASK, queue=QUEUE, queueing_lock=queueing_lock)
        return deferrer.defer(articles=articles, batch=batch)
    except exceptions.AlreadyEnqueued:
        raise AlreadyQueued(queueing_lock) from None
    except exceptions.ConnectorException as e:
        raise QueueDown(str(e.__cause__ or e)) from e


def enqueue_many(database_url: str, article_lists: list[list[dict]]) -> list[int]:
    """One job per list of articles (each a single article's job), queued in one transaction; their ids."""
    from procrastinate import exceptions

    try:
        deferrer = _opened(database_url).configure_task(TASK, queue=QUEUE)
        return deferrer.batch_defer(*({"articles": a, "batch": False} for a in article_lists))
    except exceptions.ConnectorException as e:
        raise QueueDown(str(e.__cause__ or e)) from e


# --------------------------------------------------------------------------- a job's state


@dataclass
class JobState:
    id: int
    batch: bool
    articles: int
    status: str  # queued | running | done | failed
    attempts: int
    created_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    result: dict | None
    problem: dict | None


_STATE = sql(
    "SELECT j.id, j.status::text AS queue_status, j.attempts, "
    "COALESCE((j.args->>'batch')::boolean, false) AS batch, jsonb_array_length(j.args->'articles') AS articles, "
    "(SELECT min(e.at) FROM procrastinate_events e WHERE e.job_id = j.id AND e.type = 'deferred') AS created_at, "
    "(SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id AND e.type = 'started') AS started_at, "
    "(SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id "
    "   AND e.type IN ('succeeded', 'failed', 'cancelled', 'aborted')) AS ended_at, "
    "o.status AS outcome, o.result, o.problem, o.finished_at "
    "FROM procrastinate_jobs j LEFT JOIN job_outcome o ON o.job_id = j.id "
    "WHERE j.id = :id AND j.task_name = :task"
)


def job_state(session: Session, job_id: int) -> JobState | None:
    row = session.execute(_STATE, {"id": job_id, "task": TASK}).mappings().first()
    session.rollback()
    if row is None:
        return None
    problem, finished = row["problem"], row["finished_at"]
    if row["outcome"] is not None:  # recorded: the articles are stored (or refused) whatever the queue says since
        status = row["outcome"]
    elif row["queue_status"] == "todo":
        status = "queued"
    elif row["queue_status"] in ("doing", "aborting"):
        status = "running"
    else:  # the task itself failed (a bug, or the database through every retry) or the job was cancelled
        status, finished = "failed", row["ended_at"]
        cancelled = row["queue_status"] in ("cancelled", "aborted")
        problem = {"type": "about:blank", "title": _title(500), "status": 500, "instance": f"/v1/jobs/{job_id}",
                   "detail": f"job {job_id} was cancelled" if cancelled else
                   f"internal error: the job failed in its worker after {row['attempts'] + 1} attempt(s); the worker's "
                   f"log names job {job_id}"}
    return JobState(id=row["id"], batch=row["batch"], articles=row["articles"] or 0, status=status,
                    attempts=row["attempts"] + (1 if row["queue_status"] in ("doing", "aborting") else 0),
                    created_at=row["created_at"], started_at=row["started_at"], finished_at=finished,
                    result=row["result"] if status == "done" else None, problem=problem if status == "failed" else None)


# --------------------------------------------------------------------------- workers


async def recover_stalled(app, stalled_after: float) -> list[int]:
    """Put back on the queue the running jobs of workers silent for `stalled_after` seconds (killed, or cut off):
    any live worker does it, and a job another worker put back first is left alone."""
    from procrastinate import exceptions

    again = []
    for job in await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_after):
        try:
            await app.job_manager.retry_job(job)
        except exceptions.ConnectorException:  # not running any more: another worker took care of it
            continue
        log.warning("job %s was running on a worker silent for %.0f s: queued again", job.id, stalled_after)
        again.append(job.id)
    return again


async def _recovery_loop(app, stalled_after: float) -> None:
    while True:
        await asyncio.sleep(max(1.0, stalled_after / 3))
        try:
            await recover_stalled(app, stalled_after)
        except Exception as e:  # noqa: BLE001  the database may be away: the worker loop handles that
            log.warning("stalled-job check failed: %s", e)


def run_worker(database_url: str, concurrency: int = 1, stalled_after: float = STALLED_AFTER_S,
               wait: bool = True, poll_s: float = 5.0) -> None:
    """Run jobs until SIGTERM or SIGINT (then the running jobs finish first). A lost database is waited for."""
    from app.extraction import warm_up

    app = queue_app(database_url)
    warm_up()
    name = f"{socket.gethostname()}:{os.getpid()}"
    asyncio.run(_serve(app, name, concurrency, stalled_after, wait, poll_s))


async def _serve(app, name: str, concurrency: int, stalled_after: float, wait: bool, poll_s: float) -> None:
    from procrastinate.worker import Worker

    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    current: list[Worker] = []

    def stop() -> None:
        stopping.set()
        for w in current:
            w.stop()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    pause = 1.0
    while not stopping.is_set():
        recovery = None
        try:
            async with app.open_async():
                await app.check_connection_async()
                await recover_stalled(app, stalled_after)
                recovery = asyncio.create_task(_recovery_loop(app, stalled_after))
                worker = Worker(app, queues=[QUEUE], name=name, concurrency=concurrency, wait=wait,
                                install_signal_handlers=False, update_heartbeat_interval=max(0.5, stalled_after / 5),
                                stalled_worker_timeout=stalled_after, fetch_job_polling_interval=poll_s,
                                delete_jobs="never")
                current[:] = [worker]
                log.info("worker %s: running jobs of queue %r, %d at a time", name, QUEUE, concurrency)
                pause = 1.0
                await worker.run()
                if not wait:
                    return
                if not stopping.is_set():  # it stopped by itself: a side task lost the database
                    raise ConnectionError("the worker stopped: its database connection failed")
        except Exception as e:  # noqa: BLE001  the database is away: wait for it, then start again
            if stopping.is_set():
                break
            log.warning("worker %s: database unavailable (%s); trying again in %.0f s", name, _short(e), pause)
            try:
                await asyncio.wait_for(stopping.wait(), timeout=pause)
            except TimeoutError:
                pass
            pause = min(10.0, pause * 2)
        finally:
            current.clear()
            if recovery is not None:
                recovery.cancel()
    log.info("worker %s: stopped", name)


def _short(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0] if text else ''}"[:200]

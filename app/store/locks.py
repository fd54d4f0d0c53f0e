"""The writers' locks and `writes_settled`: the instant up to which every write is committed.

An article's events are matched against stored ones, so two articles that could report one happening must not both
miss each other, and a listing's `as_of` needs to know which writes are in flight.

SQLite: one process lock (it has one writer anyway; taking it up front avoids "database is locked").

PostgreSQL, across processes and machines (transaction-scoped advisory locks, released at commit or rollback):
- a store locks its candidate groups, exclusively: a key per name an actor of its events goes by (name, aliases and
  a person's surname: every way `find_actor` can match a stored actor or one this store creates), a key per stored
  actor those names resolve to, and the article's external_id and content hash. All keys are taken in one statement,
  in sorted order (no lock-order deadlock between two stores). Two articles whose events could merge share an actor,
  hence a key, and take turns; articles with no actor in common store in parallel.
- then it holds the writers' marker `_PG_WRITE_LOCK` shared ("a write is in flight"), and reads its stamp for
  `created_at` / `updated_at` from the database's clock after that: `writes_settled` relies on both. The marker
  comes after the group keys, so that a store still waiting for another's keys does not hold readers' `as_of` back.
- deletes and bulk loads hold the marker exclusively (rare; one at a time, no store meanwhile); readers never take it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import column, func, literal, select, true
from sqlalchemy import text as sql
from sqlmodel import Session

from app.models import Actor, _utcnow
from app.store.sql import is_sqlite

log = logging.getLogger("dateline.ingest")

_sqlite_write_lock = threading.Lock()
_PG_WRITE_LOCK = 0x44415445  # the writers' marker: one bigint advisory key shared by all writers
_PG_GROUP_SPACE = 0x444C4752  # candidate-group keys: advisory (space, hash of the key) pairs, apart from the marker
_STAMP = "dateline.write_stamp"  # session.info: the stamp of the write transaction in progress (PostgreSQL)
_LOCKED = "dateline.locked_actors"  # session.info: the stored actors whose keys the store holds (PostgreSQL)
_CACHE = "dateline.store_cache"  # session.info: what the write transaction in progress read under its locks


@dataclass
class LockPlan:
    """The candidate-group keys one store takes on PostgreSQL (see the module's docstring)."""

    keys: set[str] = field(default_factory=set)
    actor_ids: set[int] = field(default_factory=set)

    def hashed(self) -> list[int]:
        names = self.keys | {f"actor:{i}" for i in self.actor_ids}
        return sorted(
            {int.from_bytes(hashlib.blake2b(k.encode(), digest_size=4).digest(), "big", signed=True) for k in names}
        )


@dataclass
class ActorIndex:
    """The stored actors some names may resolve to, read together (`app.store.actors.load_names`) and answered from
    memory (`find`): by normalised name (every kind), by alias, and the persons a one-word name is the surname of.
    `loaded` and `loaded_surnames` say which names it holds every stored actor for."""

    names: dict = field(default_factory=dict)  # norm_name -> [Actor], by id
    aliases: dict = field(default_factory=dict)  # norm_alias -> [Actor], by id
    surnames: dict = field(default_factory=dict)  # surname -> [Actor] (persons), by id
    loaded: set[str] = field(default_factory=set)
    loaded_surnames: set[str] = field(default_factory=set)


@dataclass
class StoreCache:
    """What a write transaction read under its locks, kept until it ends so that an article's events do not read it
    again each: the stored actors its names resolve to (`ActorIndex`, read for every name of the article at once),
    the (actor, alias key) pairs known stored, and stored events as the extractor's `Event` with their links and
    evidence rows (by id). The locks make it hold: every name an answer depends on is one of the store's keys, so no
    other writer adds an actor or alias by it meanwhile. The store's own writes keep it true: a new actor or alias is
    added to the index, a new alias or country drops the events that show that actor (their copy reads its names),
    and an event merged into has its links and evidence brought up to date and its copy dropped."""

    index: ActorIndex = field(default_factory=ActorIndex)
    aliases: set[tuple[int, str]] = field(default_factory=set)
    events: dict = field(default_factory=dict)  # event id -> xt.Event
    links: dict = field(default_factory=dict)  # event id -> {(actor id, role)}
    countries: dict = field(default_factory=dict)  # event id -> {country}
    evidence: dict = field(default_factory=dict)  # event id -> [EvidenceRow], in id order
    shows: dict = field(default_factory=dict)  # event id -> ids of the actors its copy shows (its actors and sayers)

    def actor_changed(self, actor_id: int) -> None:
        """An actor's names or country changed: the copies of the events showing it are read again when asked."""
        for event_id in [e for e, ids in self.shows.items() if actor_id in ids]:
            self.events.pop(event_id, None)


def store_cache(session: Session) -> StoreCache | None:
    """The cache of the write transaction in progress (`write_lock`), None outside one."""
    return session.info.get(_CACHE)


class Relock(Exception):
    """Under its locks, a store resolved an actor whose key it does not hold (named meanwhile by another writer)."""

    def __init__(self, actor_ids: set[int]):
        super().__init__(f"actors {sorted(actor_ids)} resolved outside the locked set")
        self.actor_ids = actor_ids


def retryable(e: BaseException) -> bool:
    """A deadlock or serialization failure PostgreSQL broke by failing this transaction: run it again."""
    import psycopg

    return isinstance(getattr(e, "orig", None), (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure))


def stamp(session: Session) -> datetime:
    """The instant a write stamps (`created_at`, `updated_at`): on PostgreSQL the database's clock, read once the
    transaction holds the writers' marker (see `writes_settled`); on SQLite, now."""
    return session.info.get(_STAMP) or _utcnow()


def check_locked(session: Session, known: list[Actor | None]) -> None:
    """On PostgreSQL, a store holds the key of every stored actor its events resolve to (so that every writer linking
    an event to an actor holds that actor's key); one resolved outside the set (another writer named it meanwhile)
    makes the store take its locks again with it (Relock)."""
    locked = session.info.get(_LOCKED)
    if locked is not None:
        missing = {k.id for k in known if k is not None} - locked
        if missing:
            raise Relock(missing)


def created_under_lock(session: Session, actor_id: int) -> None:
    """An actor this store created: new in its transaction, no other writer sees it before the commit, so the store
    counts it as locked."""
    if session.info.get(_LOCKED) is not None:
        session.info[_LOCKED].add(actor_id)


@contextmanager
def write_lock(session: Session, plan: LockPlan | None = None):
    """Hold the writers' locks for the transaction that follows (released at commit or rollback on PostgreSQL).
    With a `plan` (a store): its candidate-group keys, then the writers' marker shared. Without (a delete, a bulk
    load): the marker exclusively, so no store runs meanwhile."""
    session.info[_CACHE] = StoreCache()
    try:
        if is_sqlite(session):
            with _sqlite_write_lock:
                yield
        else:
            with _pg_locks(session, plan):
                yield
    finally:
        session.info.pop(_CACHE, None)


@contextmanager
def _pg_locks(session: Session, plan: LockPlan | None):
    if plan is not None:  # PostgreSQL calls a volatile function of the select list after ORDER BY: in key order
        session.execute(
            sql("SELECT pg_advisory_xact_lock(:space, k) FROM unnest(CAST(:keys AS integer[])) AS k ORDER BY k"),
            {"space": _PG_GROUP_SPACE, "keys": plan.hashed()},
        )
        session.execute(sql("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": _PG_WRITE_LOCK})
        session.info[_LOCKED] = set(plan.actor_ids)
    else:
        session.execute(sql("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
    session.info[_STAMP] = session.execute(sql("SELECT clock_timestamp()")).scalar_one()
    try:
        yield
    finally:
        session.info.pop(_STAMP, None)
        session.info.pop(_LOCKED, None)


# the writers in flight: backends of this database holding the marker, with the start of their transaction (unknown
# when this role may not read their activity: another role, without pg_read_all_stats)
_IN_FLIGHT = (
    "SELECT l.virtualtransaction, a.pid IS NOT NULL AND a.xact_start IS NULL AS hidden, a.xact_start "
    "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
    f"AND l.classid = CAST({_PG_WRITE_LOCK >> 32} AS oid) AND l.objid = CAST({_PG_WRITE_LOCK & 0xFFFFFFFF} AS oid) "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND l.pid <> pg_backend_pid()"
)
# the database's clock at the statement's arrival (before it reads the locks) and the writers in flight, in one
# round trip: one row with nulls when none is; `also`, a scalar subquery the caller needs, rides along
def _settled(also=None):
    flight = sql(_IN_FLIGHT).columns(column("virtualtransaction"), column("hidden"), column("xact_start")).subquery("f")
    one = select(literal(1).label("one")).subquery("one")
    cols = [func.statement_timestamp().label("now"), flight.c.virtualtransaction, flight.c.hidden, flight.c.xact_start]
    if also is not None:
        cols.append(also.label("also"))
    return select(*cols).select_from(one.outerjoin(flight, true()))


_STILL_RUNNING = sql("SELECT count(*) FROM pg_locks WHERE locktype = 'virtualxid' AND virtualtransaction = ANY(:vxids)")
_hidden_warned = False


def writes_settled(session: Session, also=None):
    """An instant `as_of` such that every change stamped (updated_at) at or before it is committed and visible to a
    query that starts after this returns, and every write not yet visible stamps a later instant. On PostgreSQL the
    session's transaction goes on (each later statement of it, at READ COMMITTED, sees what was committed before it
    started): a listing reads `as_of`, its page and the page's actors and evidence in one transaction.

    SQLite: now, read under the process lock (no writer in flight).

    PostgreSQL, without waiting for writers, in one statement: the database's clock when the statement arrived
    (`now`), then the writers in flight, those holding the writers' marker, and the start of each one's transaction;
    `as_of` is the earliest of `now` and those starts, less a microsecond. Why it holds:
    - a writer stamps from the database's clock after it holds the marker, so its stamps come after its transaction's
      start: one in flight stamps after `as_of`;
    - a writer that did not hold the marker when the locks were read either had committed (PostgreSQL releases a
      transaction's locks after its commit is visible) or takes it later, after the statement arrived, and so stamps
      after `now`;
    - `now`, the stamps and `xact_start` come from one clock, the database server's: the clocks of the API's and the
      workers' machines play no part. It assumes that clock does not step back (NTP slews it).
    `as_of` may precede the first page by the length of the writes in flight: their events are left out of the walk's
    later pages and listed by the change feed since `as_of`, as the guarantee says.

    PostgreSQL reads pg_stat_activity once per transaction: a session that already ran a statement has its
    transaction ended first (a session that ran none pays no round trip for it).

    A writer whose activity this role may not read (another role, without pg_read_all_stats) has no known start: then
    this waits for that transaction to end, as every read did before.

    With `also` (a scalar subquery: PostgreSQL only), (as_of, its value), read in the same statement: a listing's
    first page reads the ids of the actors it filters on with `as_of`, one round trip less."""
    if is_sqlite(session):
        with _sqlite_write_lock:
            return _utcnow()
    session.rollback()  # a no-op unless the session ran a statement: pg_stat_activity as of now, not as of then
    rows = session.execute(_settled(also)).all()
    starts = [r.xact_start for r in rows if r.xact_start is not None]
    _wait_for_hidden(session, tuple({r.virtualtransaction for r in rows if r.hidden}))
    as_of = min([rows[0].now, *starts]) - timedelta(microseconds=1)
    return as_of if also is None else (as_of, rows[0].also)


def _wait_for_hidden(session: Session, hidden: tuple[str, ...]) -> None:
    """Wait for the writers in flight whose start this role may not read (warned about once per process)."""
    global _hidden_warned
    if not hidden:
        return
    if not _hidden_warned:
        _hidden_warned = True
        log.warning("listings wait for writers whose sessions this database role may not see: grant it "
                    "pg_read_all_stats (or use the writers' role) so that they do not")
    while session.execute(_STILL_RUNNING, {"vxids": list(hidden)}).scalar_one():
        session.rollback()
        time.sleep(0.005)

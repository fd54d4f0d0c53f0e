"""Article -> extraction -> storage: idempotent, one transaction per article, merging across articles.

Extraction (CPU-bound) runs before the transaction opens; storage takes its `ExtractionResult`.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from app.extraction import types as xt
from app.models import Actor, ActorAlias, Article, ArticleCreate, Event, EventActor, EventCountry, EvidenceRow, _utcnow

log = logging.getLogger("dateline.ingest")

# Writers and the merge decision. An article's events are matched against stored ones, so two articles that could
# report one happening must not both miss each other, and a listing's `as_of` needs to know which writes are in flight.
#
# SQLite: one process lock (it has one writer anyway; taking it up front avoids "database is locked").
#
# PostgreSQL, across processes and machines (transaction-scoped advisory locks, released at commit or rollback):
# - a store locks its candidate groups, exclusively: a key per name an actor of its events goes by (name, aliases and
#   a person's surname: every way `find_actor` can match a stored actor or one this store creates), a key per stored
#   actor those names resolve to, and the article's external_id and content hash. All keys are taken in one statement,
#   in sorted order (no lock-order deadlock between two stores). Two articles whose events could merge share an actor,
#   hence a key, and take turns; articles with no actor in common store in parallel.
# - then it holds the writers' marker `_PG_WRITE_LOCK` shared ("a write is in flight"), and reads its stamp for
#   `created_at` / `updated_at` from the database's clock after that: `writes_settled` relies on both. The marker
#   comes after the group keys, so that a store still waiting for another's keys does not hold readers' `as_of` back.
# - deletes and bulk loads hold the marker exclusively (rare; one at a time, no store meanwhile); readers never take it.
_sqlite_write_lock = threading.Lock()
_PG_WRITE_LOCK = 0x44415445  # the writers' marker: one bigint advisory key shared by all writers
_PG_GROUP_SPACE = 0x444C4752  # candidate-group keys: advisory (space, hash of the key) pairs, apart from the marker
STORE_ATTEMPTS = 6  # tries of one store when PostgreSQL breaks a deadlock (40P01) or a serialization failure (40001)
_STAMP = "dateline.write_stamp"  # session.info: the stamp of the write transaction in progress (PostgreSQL)
_LOCKED = "dateline.locked_actors"  # session.info: the stored actors whose keys the store holds (PostgreSQL)


class ExtractionFailed(Exception):
    """The extractor refused this article's input (an ExtractionInputError): a 422 naming `field`. Any other
    exception from the extractor is a bug and propagates (a logged 500)."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field, self.problem = field, problem


class ExternalIdConflict(Exception):
    """An article with this external_id is stored with a different source or text: external_id names one article,
    and an edit is not applied silently (a 409; delete the stored article to replace it)."""

    def __init__(self, external_id: str, article_id: int):
        super().__init__(f"external_id {external_id!r} is article {article_id}, stored with a different source or text")
        self.external_id, self.article_id = external_id, article_id


@dataclass
class Stored:
    article: Article
    created: bool
    event_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def norm(name: str) -> str:
    """The key actors are matched on: casefolded, whitespace collapsed."""
    return " ".join(name.split()).casefold()


def content_hash(source: str, text: str) -> str:
    return hashlib.sha256(f"{norm(source)}\n{text}".encode()).hexdigest()


def published_value(published_at: str) -> date | datetime:
    return date.fromisoformat(published_at) if len(published_at) == 10 else datetime.fromisoformat(published_at)


@dataclass
class LockPlan:
    """The candidate-group keys one store takes on PostgreSQL (see the comment on the locks above)."""

    keys: set[str] = field(default_factory=set)
    actor_ids: set[int] = field(default_factory=set)

    def hashed(self) -> list[int]:
        names = self.keys | {f"actor:{i}" for i in self.actor_ids}
        return sorted({int.from_bytes(hashlib.blake2b(k.encode(), digest_size=4).digest(), "big", signed=True) for k in names})


def actor_keys(actor: xt.Actor) -> set[str]:
    """The name keys of an extracted actor: every normalized name `find_actor` may match it by, or match it to once
    stored (its name and aliases; for a person, the surname too: a later "Grenell" finds "Richard Grenell")."""
    keys = set()
    for name in (actor.name, *actor.aliases):
        key = norm(name)[:300]
        if key:
            keys.add(f"name:{key}")
            if actor.kind == "person" and " " in key:
                keys.add(f"name:{key.rsplit(' ', 1)[1]}")
    return keys


def lock_plan(session: Session, article_in: ArticleCreate, events: list[xt.Event]) -> LockPlan:
    """The keys a store of this article takes: its dedup keys, its actors' name keys and the stored actors they
    resolve to now (read in a short transaction of its own, ended here; a store that resolves an actor outside this
    set under the locks takes them again with that actor added)."""
    plan = LockPlan({f"hash:{content_hash(article_in.source, article_in.text)}"})
    if article_in.external_id:
        plan.keys.add(f"external_id:{article_in.external_id}")
    seen = set()
    for ev in events:
        for a in ev.actors:
            ident = (a.name, a.kind, tuple(a.aliases))
            if ident in seen:
                continue
            seen.add(ident)
            plan.keys |= actor_keys(a)
            found = find_actor(session, a)
            if found is not None:
                plan.actor_ids.add(found.id)
    session.rollback()
    return plan


class _Relock(Exception):
    """Under its locks, a store resolved an actor whose key it does not hold (named meanwhile by another writer)."""

    def __init__(self, actor_ids: set[int]):
        super().__init__(f"actors {sorted(actor_ids)} resolved outside the locked set")
        self.actor_ids = actor_ids


def _retryable(e: BaseException) -> bool:
    """A deadlock or serialization failure PostgreSQL broke by failing this transaction: run it again."""
    import psycopg

    return isinstance(getattr(e, "orig", None), (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure))


def stamp(session: Session) -> datetime:
    """The instant a write stamps (`created_at`, `updated_at`): on PostgreSQL the database's clock, read once the
    transaction holds the writers' marker (see `writes_settled`); on SQLite, now."""
    return session.info.get(_STAMP) or _utcnow()


@contextmanager
def write_lock(session: Session, plan: LockPlan | None = None):
    """Hold the writers' locks for the transaction that follows (released at commit or rollback on PostgreSQL).
    With a `plan` (a store): its candidate-group keys, then the writers' marker shared. Without (a delete, a bulk
    load): the marker exclusively, so no store runs meanwhile."""
    if session.get_bind().dialect.name == "sqlite":
        with _sqlite_write_lock:
            yield
        return
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
_IN_FLIGHT = sql(
    "SELECT l.virtualtransaction, a.pid IS NOT NULL AND a.xact_start IS NULL AS hidden, a.xact_start "
    "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
    f"AND l.classid = CAST({_PG_WRITE_LOCK >> 32} AS oid) AND l.objid = CAST({_PG_WRITE_LOCK & 0xFFFFFFFF} AS oid) "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND l.pid <> pg_backend_pid()"
)
_STILL_RUNNING = sql("SELECT count(*) FROM pg_locks WHERE locktype = 'virtualxid' AND virtualtransaction = ANY(:vxids)")
_hidden_warned = False


def writes_settled(session: Session) -> datetime:
    """An instant `as_of` such that every change stamped (updated_at) at or before it is committed and visible to a
    query that starts after this returns, and every write not yet visible stamps a later instant. Ends the session's
    transaction.

    SQLite: now, read under the process lock (no writer in flight).

    PostgreSQL, without waiting for writers: read the database's clock (`now`), then the writers in flight, those
    holding the writers' marker, and the start of each one's transaction; `as_of` is the earliest of `now` and those
    starts, less a microsecond. Why it holds:
    - a writer stamps from the database's clock after it holds the marker, so its stamps come after its transaction's
      start: one in flight stamps after `as_of`;
    - a writer that did not hold the marker when it was read either had committed (PostgreSQL releases a transaction's
      locks after its commit is visible) or takes it later, and so stamps after `now`;
    - `now`, the stamps and `xact_start` come from one clock, the database server's: the clocks of the API's and the
      workers' machines play no part. It assumes that clock does not step back (NTP slews it).
    `as_of` may precede the first page by the length of the writes in flight: their events are left out of the walk's
    later pages and listed by the change feed since `as_of`, as the guarantee says.

    A writer whose activity this role may not read (another role, without pg_read_all_stats) has no known start: then
    this waits for that transaction to end, as every read did before."""
    global _hidden_warned
    if session.get_bind().dialect.name == "sqlite":
        with _sqlite_write_lock:
            return _utcnow()
    session.rollback()  # a transaction of its own: PostgreSQL reads pg_stat_activity once per transaction
    try:
        now = session.execute(sql("SELECT clock_timestamp()")).scalar_one()
        rows = session.execute(_IN_FLIGHT).all()
        starts = [r.xact_start for r in rows if r.xact_start is not None]
        hidden = tuple({r.virtualtransaction for r in rows if r.hidden})
        if hidden:
            if not _hidden_warned:
                _hidden_warned = True
                log.warning("listings wait for writers whose sessions this database role may not see: grant it "
                            "pg_read_all_stats (or use the writers' role) so that they do not")
            while session.execute(_STILL_RUNNING, {"vxids": list(hidden)}).scalar_one():
                session.rollback()
                time.sleep(0.005)
        return min([now, *starts]) - timedelta(microseconds=1)
    finally:
        session.rollback()


def find_existing(session: Session, article_in: ArticleCreate) -> Article | None:
    """The stored article with the same external_id, or the same source and text. The rule: external_id wins.
    The same external_id with another source or text raises ExternalIdConflict; the same source and text under
    another (or no) external_id is the stored article."""
    digest = content_hash(article_in.source, article_in.text)
    conds = [Article.content_hash == digest]
    if article_in.external_id:
        conds.append(Article.external_id == article_in.external_id)
    rows = session.execute(select(Article).where(or_(*conds)).order_by(Article.id)).scalars().all()
    by_ext = [r for r in rows if article_in.external_id and r.external_id == article_in.external_id]
    if by_ext and by_ext[0].content_hash != digest:
        raise ExternalIdConflict(article_in.external_id, by_ext[0].id)
    return (by_ext or rows or [None])[0]


def _input_error(e: Exception) -> ExtractionFailed:
    return ExtractionFailed(getattr(e, "field", "text"), getattr(e, "problem", str(e)))


def run_extraction(article_in: ArticleCreate) -> xt.ExtractionResult:
    """The extractor on one article: ExtractionFailed for input it refuses; anything else it raises propagates."""
    from app.extraction import extract
    from app.extraction.errors import ExtractionInputError

    from app import budget

    try:
        return budget.call(
            extract,
            article_in.text,
            published_value(article_in.published_at),
            source=article_in.source,
            language=article_in.language,
            content_type=article_in.content_type,
        )
    except ExtractionInputError as e:
        raise _input_error(e) from None


def run_extractions(articles: list[ArticleCreate]) -> list[xt.ExtractionResult | ExtractionFailed]:
    """Several articles through the extractor in one batch (spaCy parses them together). An article whose input
    the extractor refuses gives its ExtractionFailed; any other failure propagates."""
    from app.extraction import extract_many
    from app.extraction.errors import ExtractionInputError

    docs = [
        {"text": a.text, "published_at": published_value(a.published_at), "source": a.source, "language": a.language,
         "content_type": a.content_type}
        for a in articles
    ]
    from app import budget

    out = []
    for r in budget.call(extract_many, docs, per=len(docs)):
        if isinstance(r, ExtractionInputError):
            out.append(_input_error(r))
        elif isinstance(r, BaseException):
            raise r
        else:
            out.append(r)
    return out


class BatchExtractionFailed(ExtractionFailed):
    def __init__(self, index: int, failed: ExtractionFailed):
        super().__init__(failed.field, failed.problem)
        self.index = index


class BatchConflict(ExternalIdConflict):
    def __init__(self, index: int, conflict: ExternalIdConflict):
        super().__init__(conflict.external_id, conflict.article_id)
        self.index = index


def _batch_conflicts(articles: list[ArticleCreate]) -> None:
    """Two articles of one batch under one external_id with different source or text: the later one conflicts."""
    first: dict[str, tuple[int, str]] = {}
    for i, a in enumerate(articles):
        if a.external_id:
            digest = content_hash(a.source, a.text)
            j, d = first.setdefault(a.external_id, (i, digest))
            if d != digest:
                raise BatchConflict(i, ExternalIdConflict(a.external_id, 0))


def ingest_many(session: Session, articles: list[ArticleCreate]) -> list[Stored]:
    """Store several articles, each in its own transaction, in order. Extraction runs first, as one batch;
    if it fails on any article, nothing is stored (BatchExtractionFailed names the first); an external_id
    conflict (BatchConflict) stores nothing either."""
    _batch_conflicts(articles)
    existing = []
    for i, a in enumerate(articles):
        try:
            existing.append(find_existing(session, a))
        except ExternalIdConflict as c:
            session.rollback()
            raise BatchConflict(i, c) from None
    session.rollback()
    todo = [i for i, e in enumerate(existing) if e is None]
    results = dict(zip(todo, run_extractions([articles[i] for i in todo]))) if todo else {}
    for i, r in results.items():
        if isinstance(r, ExtractionFailed):
            raise BatchExtractionFailed(i, r)
    out = []
    for i, a in enumerate(articles):
        if existing[i] is not None:
            out.append(Stored(existing[i], False, event_ids_of(session, existing[i].id)))
        else:
            out.append(store_article(session, a, results[i]))
    return out


def ingest(session: Session, article_in: ArticleCreate) -> Stored:
    """Store one article and its events, or return the stored one (created=False). ExternalIdConflict when its
    external_id is stored with another source or text."""
    try:
        existing = find_existing(session, article_in)
    except ExternalIdConflict:
        session.rollback()
        raise
    if existing is not None:
        session.rollback()
        return Stored(existing, False, event_ids_of(session, existing.id))
    session.rollback()  # no transaction stays open while the extractor runs
    result = run_extraction(article_in)
    return store_article(session, article_in, result)


def store_article(session: Session, article_in: ArticleCreate, result: xt.ExtractionResult, merge: bool = True) -> Stored:
    """One transaction: the article, its events (merged into stored ones where they report the same happening)
    and their evidence. A concurrent duplicate (unique external_id / content_hash) yields the stored article.

    On PostgreSQL it locks its candidate groups (`lock_plan`) rather than every writer; a transaction PostgreSQL
    fails to break a deadlock or a serialization failure (two stores updating the same counter rows of
    event_month_count, or merging into the same events, in different orders) runs again, STORE_ATTEMPTS times."""
    plan = lock_plan(session, article_in, result.events) if session.get_bind().dialect.name == "postgresql" else None
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            return _store_once(session, article_in, result, merge, plan)
        except _Relock as r:
            session.rollback()
            plan.actor_ids |= r.actor_ids
        except OperationalError as e:
            session.rollback()
            if not _retryable(e) or attempt == STORE_ATTEMPTS:
                raise
            log.info("store of %r: %s; again (attempt %d)", article_in.external_id or article_in.source,
                     type(e.orig).__name__, attempt + 1)
            time.sleep(random.uniform(0, 0.02 * attempt))
    raise RuntimeError(f"the actors of {article_in.external_id or article_in.source!r} kept changing under the store")


def _store_once(session: Session, article_in: ArticleCreate, result: xt.ExtractionResult, merge: bool, plan: LockPlan | None) -> Stored:
    with write_lock(session, plan):
        try:
            article = Article(
                external_id=article_in.external_id,
                content_hash=content_hash(article_in.source, article_in.text),
                source=article_in.source,
                title=article_in.title or result.title,
                url=article_in.url,
                language=article_in.language or result.language,
                published_at=article_in.published_at,
                text=result.text,
                ingested_at=stamp(session),
            )
            session.add(article)
            session.flush()
            event_ids, warnings = _store_events(session, article.id, result.events, merge)
            session.commit()
        except IntegrityError:
            session.rollback()
            try:
                existing = find_existing(session, article_in)
            finally:
                session.rollback()
            if existing is None:
                raise
            return Stored(existing, False, event_ids_of(session, existing.id))
    return Stored(article, True, event_ids, list(result.warnings) + warnings)


def event_ids_of(session: Session, article_id: int) -> list[int]:
    q = select(EvidenceRow.event_id).where(EvidenceRow.article_id == article_id).distinct()
    return sorted(session.execute(q).scalars().all())


# --------------------------------------------------------------------------- events and merging


def _fit(ev: xt.Event) -> xt.Event:
    """`ev` cut to the column widths (a longer value from the extractor must not fail the whole article)."""
    from dataclasses import replace

    def cut(v, n):
        return v[:n] if isinstance(v, str) else v

    def code(c):
        return c.upper() if isinstance(c, str) and len(c) == 2 and c.isalpha() else None

    def sayer(r):
        return None if r is None or not (r.name or "").strip() else replace(r, kind=cut(r.kind, 32), country=code(r.country))

    return replace(
        ev,
        value=cut(ev.value, 40), granularity=cut(ev.granularity, 16), trigger=cut(ev.trigger, 200),
        event_type=cut(ev.event_type, 64), location=cut(ev.location, 300), dated_by=dated_by(ev.dated_by),
        modality=modality(ev.modality),
        countries=[c for c in (code(c) for c in ev.countries) if c],
        actors=[replace(a, kind=cut(a.kind, 32), role=cut(a.role, 16), country=code(a.country)) for a in ev.actors],
        evidence=[
            replace(x, value=cut(x.value, 40), granularity=cut(x.granularity, 16), dated_by=dated_by(x.dated_by),
                    reported_by=sayer(x.reported_by))
            for x in ev.evidence
        ],
    )


def modality(value) -> str:
    """A stored or extracted modality, read safely: anything unknown is "asserted"."""
    return value if value in xt.MODALITIES else "asserted"


def dated_by(value) -> str:
    """One of xt.DATED_BY; anything else the extractor might hand over reads as "text"."""
    return value if value in xt.DATED_BY else "text"


def _merge_functions():
    from app.extraction.merge import merge_into, same_happening  # part of the project: a failed import is a bug

    return same_happening, merge_into


def _store_events(session: Session, article_id: int, events: list[xt.Event], merge: bool) -> tuple[list[int], list[str]]:
    fns = _merge_functions() if merge else None
    warnings: list[str] = []
    touched: list[int] = []
    new_ids: set[int] = set()
    for ev in map(_fit, events):
        if not ev.evidence:
            warnings.append(f"event without evidence skipped: {ev.summary[:80]!r}")
            continue
        known = [find_actor(session, a) for a in ev.actors]
        _check_locked(session, known)
        target = None
        if fns is not None and any(known):
            target = _find_same(session, ev, {k.id for k in known if k}, new_ids, fns[0])
        if target is not None:
            known = _match_target_actors(session, target, ev.actors, known)
        actor_ids = [(ensure_actor(session, a, k), a.role) for a, k in zip(ev.actors, known)]
        if target is None:
            row = Event(
                value=ev.value,
                date_start=ev.date_start,
                date_end=ev.date_end,
                granularity=ev.granularity,
                summary=ev.summary,
                trigger=ev.trigger,
                event_type=ev.event_type,
                location=ev.location,
                confidence=float(ev.confidence),
                keywords=list(ev.keywords) or None,
                dated_by=ev.dated_by,
                modality=ev.modality,
                created_at=(now := stamp(session)),
                updated_at=now,
            )
            session.add(row)
            session.flush()
            new_ids.add(row.id)
        else:
            row = target
            merged = fns[1](to_dataclass(session, row), ev)
            row.summary = merged.summary or row.summary
            row.confidence = float(merged.confidence)
            row.event_type = row.event_type or merged.event_type
            row.location = row.location or merged.location
            row.keywords = sorted(set(row.keywords or []) | set(merged.keywords or []) | set(ev.keywords)) or None
        _link(session, row, actor_ids, ev.countries)
        for x in ev.evidence:
            session.add(EvidenceRow(event_id=row.id, article_id=article_id, **_evidence_values(x), reported_by_id=resolve_sayer(session, x.reported_by)))
        session.flush()
        if target is not None:
            redate(session, row)
        if row.id not in touched:
            touched.append(row.id)
    return touched, warnings


def _check_locked(session: Session, known: list[Actor | None]) -> None:
    """On PostgreSQL, a store holds the key of every stored actor its events resolve to (so that every writer linking
    an event to an actor holds that actor's key); one resolved outside the set (another writer named it meanwhile)
    makes the store take its locks again with it (_Relock)."""
    locked = session.info.get(_LOCKED)
    if locked is not None:
        missing = {k.id for k in known if k is not None} - locked
        if missing:
            raise _Relock(missing)


def _match_target_actors(session: Session, target: Event, actors: list[xt.Actor], known: list[Actor | None]) -> list[Actor | None]:
    """Actors not yet known, matched to the merged event's actors by the extractor's `same_actor`."""
    from app.extraction.merge import same_actor
    stored = session.execute(
        select(Actor).join(EventActor, EventActor.actor_id == Actor.id).where(EventActor.event_id == target.id).distinct()
    ).scalars().all()
    out = list(known)
    for i, (a, k) in enumerate(zip(actors, known)):
        if k is None:
            for row in stored:
                as_xt = xt.Actor(name=row.name, kind=row.kind, role="other", country=row.country, aliases=_aliases(session, row.id))
                if row.kind in _kinds(a.kind) and same_actor(as_xt, a):
                    out[i] = row
                    break
    return out


def _find_same(session: Session, ev: xt.Event, actor_ids: set[int], exclude: set[int], same_happening) -> Event | None:
    """A stored event that reports the same happening as `ev`, the first stored that `same_happening` accepts among
    every plausible candidate: each stored event of the same modality whose interval overlaps `ev`'s and that shares
    an actor with it (same_happening asks for all three; without a main actor, for the same trigger too). No cap: a
    candidate missed is a happening stored twice."""
    if not actor_ids:  # nobody named: same_happening accepts nothing
        return None
    linked = select(EventActor.event_id).where(
        EventActor.actor_id.in_(actor_ids), EventActor.date_start <= ev.date_end, EventActor.date_end >= ev.date_start
    )
    q = (
        select(Event)
        .where(
            Event.id.in_(linked),
            Event.modality == ev.modality,
            Event.date_start <= ev.date_end,
            Event.date_end >= ev.date_start,
        )
        .order_by(Event.id)
    )
    for cand in session.execute(q).scalars().all():
        if cand.id in exclude:
            continue
        if same_happening(to_dataclass(session, cand), ev):
            # a store reaching this event through another of its actors may merge into it at the same moment: lock
            # its row, and judge it again if it changed since it was read (FOR UPDATE: PostgreSQL only)
            seen = cand.updated_at
            cand = session.execute(
                select(Event).where(Event.id == cand.id).with_for_update().execution_options(populate_existing=True)
            ).scalar_one_or_none()
            if cand is not None and (cand.updated_at == seen or same_happening(to_dataclass(session, cand), ev)):
                return cand
    return None


def to_dataclass(session: Session, row: Event) -> xt.Event:
    """A stored event as the extractor's `Event`, for `same_happening` / `merge_into`."""
    actors = [
        xt.Actor(name=a.name, kind=a.kind, role=ea.role, country=a.country, aliases=_aliases(session, a.id))
        for ea, a in session.execute(
            select(EventActor, Actor).join(Actor, Actor.id == EventActor.actor_id).where(EventActor.event_id == row.id)
        )
    ]
    countries = sorted(session.execute(select(EventCountry.country).where(EventCountry.event_id == row.id)).scalars())
    rows = session.execute(select(EvidenceRow).where(EvidenceRow.event_id == row.id).order_by(EvidenceRow.id)).scalars().all()
    sayers = _attributions(session, {x.reported_by_id for x in rows if x.reported_by_id is not None})
    evidence = [
        xt.Evidence(
            **{**_evidence_values(x), "trigger_start": x.trigger_start or 0, "trigger_end": x.trigger_end or 0},
            reported_by=sayers.get(x.reported_by_id),
        )
        for x in rows
    ]
    return xt.Event(
        value=row.value,
        date_start=row.date_start,
        date_end=row.date_end,
        granularity=row.granularity,
        summary=row.summary,
        trigger=row.trigger,
        actors=actors,
        countries=countries,
        location=row.location,
        event_type=row.event_type,
        confidence=row.confidence,
        evidence=evidence,
        keywords=list(row.keywords or []),
        dated_by=row.dated_by,
        modality=modality(row.modality),
    )


# the evidence table has these columns too; the sayer is stored as a reference to an actor (reported_by_id)
_EVIDENCE_FIELDS = tuple(f.name for f in fields(xt.Evidence) if f.name != "reported_by")


def _evidence_values(x) -> dict:
    """The evidence columns of an extractor Evidence or a stored evidence row, but for the sayer."""
    return {f: getattr(x, f) for f in _EVIDENCE_FIELDS}


def resolve_sayer(session: Session, sayer: xt.Attribution | None) -> int | None:
    """The stored actor who reported a happening (found or created like any actor), or None."""
    if sayer is None:
        return None
    return resolve_actor(session, xt.Actor(name=sayer.name, kind=sayer.kind, role="other", country=sayer.country, aliases=list(sayer.aliases)))


def _attributions(session: Session, actor_ids: set[int]) -> dict[int, xt.Attribution]:
    if not actor_ids:
        return {}
    aliases: dict[int, list[str]] = {}
    for aid, alias in session.execute(
        select(ActorAlias.actor_id, ActorAlias.alias).where(ActorAlias.actor_id.in_(actor_ids)).order_by(ActorAlias.alias)
    ):
        aliases.setdefault(aid, []).append(alias)
    return {
        a.id: xt.Attribution(name=a.name, kind=a.kind, country=a.country, aliases=aliases.get(a.id, []))
        for a in session.execute(select(Actor).where(Actor.id.in_(actor_ids))).scalars()
    }


def _aliases(session: Session, actor_id: int) -> list[str]:
    return list(session.execute(select(ActorAlias.alias).where(ActorAlias.actor_id == actor_id).order_by(ActorAlias.alias)).scalars())


def _link(session: Session, row: Event, actor_ids: list[tuple[int, str]], countries: list[str]) -> None:
    have_actors = set(session.execute(select(EventActor.actor_id, EventActor.role).where(EventActor.event_id == row.id)))
    dates = link_copy(row)
    for aid, role in dict.fromkeys(actor_ids):
        if (aid, role) not in have_actors:
            session.add(EventActor(event_id=row.id, actor_id=aid, role=role, **dates))
    have_countries = set(session.execute(select(EventCountry.country).where(EventCountry.event_id == row.id)).scalars())
    for code in dict.fromkeys(c.upper() for c in countries if c):
        if code not in have_countries:
            session.add(EventCountry(event_id=row.id, country=code, **dates))
    session.flush()


_DATED_BY_RANK = {d: i for i, d in enumerate(xt.DATED_BY)}


def redate(session: Session, row: Event) -> None:
    """Date an event by its most precise evidence: the shortest interval; on a tie, a date the text states before
    one taken from the narrative or the publication, then the earliest stored. `dated_by` follows that evidence."""
    rows = session.execute(select(EvidenceRow).where(EvidenceRow.event_id == row.id)).scalars().all()
    if not rows:
        return
    x = min(rows, key=lambda e: ((e.date_end - e.date_start).days, _DATED_BY_RANK.get(e.dated_by, 0), e.id))
    row.value, row.date_start, row.date_end, row.granularity = x.value, x.date_start, x.date_end, x.granularity
    row.dated_by = x.dated_by
    row.updated_at = stamp(session)
    session.add(row)
    sync_links(session, row)


def link_copy(row: Event) -> dict:
    """The event's columns copied onto its event_actor and event_country rows (filters and the histogram read them
    there without joining back to `event`)."""
    return {"date_start": row.date_start, "date_end": row.date_end, "modality": modality(row.modality)}


def sync_links(session: Session, row: Event) -> None:
    """Copy the event's dates and modality onto its links again: after anything that changes them."""
    values = link_copy(row)
    session.execute(update(EventActor).where(EventActor.event_id == row.id).values(**values))
    session.execute(update(EventCountry).where(EventCountry.event_id == row.id).values(**values))


# --------------------------------------------------------------------------- actors


def find_actor(session: Session, actor: xt.Actor) -> Actor | None:
    """The stored actor `actor` names: same normalised name and kind; else its name is a stored actor's alias,
    or one of its aliases is a stored actor's name (unique matches only); else, for a person named by surname
    only, the one stored person with that surname. Alias never meets alias: two Webers are two people."""
    key, kind = norm(actor.name), actor.kind
    found = _actor_by_name(session, key, kind)
    if found is None:
        found = _unique(
            session.execute(
                select(Actor)
                .join(ActorAlias, ActorAlias.actor_id == Actor.id)
                .where(ActorAlias.norm_alias == key, Actor.kind.in_(_kinds(kind)))
                .distinct()
            ).scalars().all()
        )
    if found is None:
        keys = {norm(a) for a in actor.aliases} - {key}
        if keys:
            found = _unique(session.execute(select(Actor).where(Actor.norm_name.in_(keys), Actor.kind.in_(_kinds(kind)))).scalars().all())
    if found is None and kind == "person" and len(key.split()) == 1 and len(key) > 2:
        found = _unique(
            session.execute(
                select(Actor).where(Actor.kind == "person", Actor.norm_name.like(f"% {_escape_like(key)}", escape="\\")).limit(2)
            ).scalars().all()
        )
    return found


def ensure_actor(session: Session, actor: xt.Actor, found: Actor | None = None) -> int:
    """The id of `found` (or of a new actor for `actor`), with `actor`'s names added as aliases."""
    key, kind = norm(actor.name)[:300], actor.kind
    if found is None:
        created = _insert_ignore(session, Actor, {"name": actor.name.strip()[:300], "norm_name": key, "kind": kind, "country": actor.country}, ["norm_name", "kind"])
        found = _actor_by_name(session, key, kind)
        if created and session.info.get(_LOCKED) is not None:
            session.info[_LOCKED].add(found.id)  # new in this transaction: no other writer sees it before the commit
    elif found.country is None and actor.country:
        found.country = actor.country
        session.add(found)
    for alias in dict.fromkeys([actor.name, *actor.aliases]):
        a_key = norm(alias)[:300]
        if a_key and a_key != found.norm_name:
            _insert_ignore(session, ActorAlias, {"actor_id": found.id, "norm_alias": a_key, "alias": alias.strip()[:300]}, ["actor_id", "norm_alias"])
    return found.id


def resolve_actor(session: Session, actor: xt.Actor) -> int:
    """The stored actor for `actor`, created when new."""
    return ensure_actor(session, actor, find_actor(session, actor))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# A country and its government are one actor ("United States" the country, and Washington acting as it);
# the kind it was first stored with is kept.
_STATE_KINDS = ("country", "government")


def _kinds(kind: str) -> tuple[str, ...]:
    return _STATE_KINDS if kind in _STATE_KINDS else (kind,)


def _actor_by_name(session: Session, key: str, kind: str) -> Actor | None:
    stmt = select(Actor).where(Actor.norm_name == key, Actor.kind.in_(_kinds(kind))).order_by(Actor.id)
    return session.execute(stmt).scalars().first()


def _unique(rows):
    return rows[0] if len(rows) == 1 else None


def _insert_ignore(session: Session, table, values: dict, keys: list[str]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING (SQLite and PostgreSQL), safe under concurrent writers; True if inserted."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
    return session.execute(stmt.returning(*table.__table__.primary_key.columns)).first() is not None


# --------------------------------------------------------------------------- bulk loading


def bulk_store(session: Session, pairs, chunk: int = 500) -> int:
    """Store many (ArticleCreate, ExtractionResult) pairs fast: no merging, multi-row inserts, one
    transaction per `chunk` articles. For loading corpora and benchmarks; returns the number of events."""
    from sqlalchemy import insert

    actor_ids: dict[tuple[str, str], int] = {}
    pairs = list(pairs)
    total = 0
    for at in range(0, len(pairs), chunk):
        part = pairs[at : at + chunk]
        with write_lock(session):
            articles = [
                Article(external_id=a.external_id, content_hash=content_hash(a.source, a.text), source=a.source, title=a.title,
                        url=a.url, language=a.language or r.language, published_at=a.published_at, text=r.text,
                        ingested_at=stamp(session))
                for a, r in part
            ]
            session.add_all(articles)
            session.flush()
            rows, evs = [], []
            for art, (_, r) in zip(articles, part):
                for ev in map(_fit, r.events):
                    if not ev.evidence:
                        continue
                    rows.append(Event(value=ev.value, date_start=ev.date_start, date_end=ev.date_end, granularity=ev.granularity,
                                      summary=ev.summary, trigger=ev.trigger, event_type=ev.event_type, location=ev.location,
                                      confidence=float(ev.confidence), keywords=list(ev.keywords) or None,
                                      dated_by=ev.dated_by, modality=ev.modality, created_at=(now := stamp(session)),
                                      updated_at=now))
                    evs.append((art.id, ev))
            session.add_all(rows)
            session.flush()
            links, countries, evidence = [], [], []

            def sayer_id(r: xt.Attribution | None) -> int | None:
                if r is None:
                    return None
                key = (norm(r.name), r.kind)
                if key not in actor_ids:
                    actor_ids[key] = resolve_sayer(session, r)
                return actor_ids[key]

            for row, (article_id, ev) in zip(rows, evs):
                seen = set()
                dates = link_copy(row)
                for a in ev.actors:
                    key = (norm(a.name), a.kind)
                    if key not in actor_ids:
                        actor_ids[key] = resolve_actor(session, a)
                    if (actor_ids[key], a.role) not in seen:
                        seen.add((actor_ids[key], a.role))
                        links.append({"event_id": row.id, "actor_id": actor_ids[key], "role": a.role, **dates})
                countries += [{"event_id": row.id, "country": c, **dates} for c in dict.fromkeys(c.upper() for c in ev.countries if c)]
                evidence += [
                    {"event_id": row.id, "article_id": article_id, **_evidence_values(x), "reported_by_id": sayer_id(x.reported_by)}
                    for x in ev.evidence
                ]
            for table, values in ((EventActor, links), (EventCountry, countries), (EvidenceRow, evidence)):
                if values:
                    session.execute(insert(table), values)
            session.commit()
            total += len(rows)
    return total


# --------------------------------------------------------------------------- deletes


def delete_article(session: Session, article_id: int) -> bool:
    """Remove an article and its evidence; events left without evidence go, the others are re-dated."""
    with write_lock(session):
        article = session.get(Article, article_id)
        if article is None:
            session.rollback()
            return False
        event_ids = event_ids_of(session, article_id)
        actor_ids = set(
            session.execute(select(EventActor.actor_id).where(EventActor.event_id.in_(event_ids))).scalars()
        ) if event_ids else set()
        actor_ids |= set(
            session.execute(
                select(EvidenceRow.reported_by_id).where(EvidenceRow.article_id == article_id, EvidenceRow.reported_by_id.is_not(None))
            ).scalars()
        )
        session.execute(delete(EvidenceRow).where(EvidenceRow.article_id == article_id))
        session.delete(article)
        session.flush()
        if event_ids:
            kept = set(
                session.execute(select(EvidenceRow.event_id).where(EvidenceRow.event_id.in_(event_ids)).distinct()).scalars()
            )
            gone = [i for i in event_ids if i not in kept]
            if gone:
                session.execute(delete(EventActor).where(EventActor.event_id.in_(gone)))
                session.execute(delete(EventCountry).where(EventCountry.event_id.in_(gone)))
                session.execute(delete(Event).where(Event.id.in_(gone)))
            for ev in session.execute(select(Event).where(Event.id.in_(kept))).scalars():
                redate(session, ev)
        if actor_ids:  # actors no event names and no evidence cites as its sayer any more
            used = set(session.execute(select(EventActor.actor_id).where(EventActor.actor_id.in_(actor_ids))).scalars())
            used |= set(session.execute(select(EvidenceRow.reported_by_id).where(EvidenceRow.reported_by_id.in_(actor_ids))).scalars())
            orphans = [a for a in actor_ids if a not in used]
            if orphans:
                session.execute(delete(ActorAlias).where(ActorAlias.actor_id.in_(orphans)))
                session.execute(delete(Actor).where(Actor.id.in_(orphans)))
        session.commit()
    return True


def count_rows(session: Session, table) -> int:
    return session.execute(select(func.count()).select_from(table)).scalar_one()

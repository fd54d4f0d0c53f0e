"""Articles: stored once each (the unique external_id and content hash), with their events, in one transaction;
found again as duplicates; deleted with what only they reported."""

from __future__ import annotations

import hashlib
import logging
import random
import time
from dataclasses import dataclass, field

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from app.extraction import types as xt
from app.models import Actor, ActorAlias, Article, ArticleCreate, Event, EventActor, EventCountry, EvidenceRow
from app.store.actors import actor_keys, indexed, load_names, name_key
from app.store.events import redate, store_events
from app.store.locks import ActorIndex, LockPlan, Relock, retryable, stamp, write_lock
from app.store.sql import is_postgres

log = logging.getLogger("dateline.ingest")

STORE_ATTEMPTS = 6  # tries of one store when PostgreSQL breaks a deadlock (40P01) or a serialization failure (40001)


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


def content_hash(source: str, text: str) -> str:
    return hashlib.sha256(f"{name_key(source)}\n{text}".encode()).hexdigest()


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


def event_ids_of(session: Session, article_id: int) -> list[int]:
    q = select(EvidenceRow.event_id).where(EvidenceRow.article_id == article_id).distinct()
    return sorted(session.execute(q).scalars().all())


def lock_plan(session: Session, article_in: ArticleCreate, events: list[xt.Event]) -> LockPlan:
    """The keys a store of this article takes: its dedup keys, its actors' name keys and the stored actors they
    resolve to now (read together in a short transaction of its own, ended here; a store that resolves an actor
    outside this set under the locks takes them again with that actor added)."""
    plan = LockPlan({f"hash:{content_hash(article_in.source, article_in.text)}"})
    if article_in.external_id:
        plan.keys.add(f"external_id:{article_in.external_id}")
    actors = [a for ev in events for a in ev.actors]
    index = ActorIndex()
    load_names(session, index, actors)
    for a in actors:
        plan.keys |= actor_keys(a)
        found = indexed(index, a)
        if found is not None:
            plan.actor_ids.add(found.id)
    session.rollback()
    return plan


def store_article(session: Session, article_in: ArticleCreate, result: xt.ExtractionResult,
                  merge: bool = True) -> Stored:
    """One transaction: the article, its events (merged into stored ones where they report the same happening)
    and their evidence. A concurrent duplicate (unique external_id / content_hash) yields the stored article.

    On PostgreSQL it locks its candidate groups (`lock_plan`) rather than every writer; a transaction PostgreSQL
    fails to break a deadlock or a serialization failure (two stores updating the same counter rows of
    event_month_count, or merging into the same events, in different orders) runs again, STORE_ATTEMPTS times."""
    plan = lock_plan(session, article_in, result.events) if is_postgres(session) else None
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            return _store_once(session, article_in, result, merge, plan)
        except Relock as r:
            session.rollback()
            plan.actor_ids |= r.actor_ids
        except OperationalError as e:
            session.rollback()
            if not retryable(e) or attempt == STORE_ATTEMPTS:
                raise
            log.info("store of %r: %s; again (attempt %d)", article_in.external_id or article_in.source,
                     type(e.orig).__name__, attempt + 1)
            time.sleep(random.uniform(0, 0.02 * attempt))
    raise RuntimeError(f"the actors of {article_in.external_id or article_in.source!r} kept changing under the store")


def _store_once(session: Session, article_in: ArticleCreate, result: xt.ExtractionResult, merge: bool,
                plan: LockPlan | None) -> Stored:
    with write_lock(session, plan):
        try:
            article = new_article(session, article_in, result)
            session.add(article)
            session.flush()
            event_ids, warnings = store_events(session, article.id, result.events, merge)
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


def new_article(session: Session, article_in: ArticleCreate, result: xt.ExtractionResult) -> Article:
    """The stored article for `article_in` and its extraction (not yet added to the session), stamped now."""
    return Article(
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


def delete_article(session: Session, article_id: int) -> bool:
    """Remove an article and its evidence; events left without evidence go, the others are re-dated."""
    with write_lock(session):
        article = session.get(Article, article_id)
        if article is None:
            session.rollback()
            return False
        event_ids = event_ids_of(session, article_id)
        actor_ids = _actors_of(session, article_id, event_ids)
        session.execute(delete(EvidenceRow).where(EvidenceRow.article_id == article_id))
        session.delete(article)
        session.flush()
        if event_ids:
            _drop_or_redate(session, event_ids)
        if actor_ids:
            _drop_orphans(session, actor_ids)
        session.commit()
    return True


def _actors_of(session: Session, article_id: int, event_ids: list[int]) -> set[int]:
    """The actors the article's events name, and those its evidence cites as sayers."""
    actor_ids = set(
        session.execute(select(EventActor.actor_id).where(EventActor.event_id.in_(event_ids))).scalars()
    ) if event_ids else set()
    actor_ids |= set(
        session.execute(
            select(EvidenceRow.reported_by_id)
            .where(EvidenceRow.article_id == article_id, EvidenceRow.reported_by_id.is_not(None))
        ).scalars()
    )
    return actor_ids


def _drop_or_redate(session: Session, event_ids: list[int]) -> None:
    """Once an article's evidence is gone: its events left without evidence go, the others are re-dated."""
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


def _drop_orphans(session: Session, actor_ids: set[int]) -> None:
    """The actors among `actor_ids` that no event names and no evidence cites as its sayer any more go."""
    used = set(session.execute(select(EventActor.actor_id).where(EventActor.actor_id.in_(actor_ids))).scalars())
    used |= set(
        session.execute(select(EvidenceRow.reported_by_id).where(EvidenceRow.reported_by_id.in_(actor_ids))).scalars()
    )
    orphans = [a for a in actor_ids if a not in used]
    if orphans:
        session.execute(delete(ActorAlias).where(ActorAlias.actor_id.in_(orphans)))
        session.execute(delete(Actor).where(Actor.id.in_(orphans)))

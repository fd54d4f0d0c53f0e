"""Rows -> API schemas. Pages are loaded with one query per related table (no N+1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlmodel import Session

from app.extraction.serialize import evidence_api_values
from app.ingest import dated_by, modality
from app.models import (
    Actor,
    ActorKind,
    ActorRole,
    Granularity,
    Article,
    ArticlePublic,
    Event,
    EventActor,
    EventActorPublic,
    EventCountry,
    EventDate,
    EventPublic,
    EventSource,
    EvidenceRow,
    ReportedBy,
)


def _enum(cls, value, fallback):
    """`value` as a member of `cls`; a value outside the vocabulary (an extractor's newer word) reads as `fallback`."""
    return cls._value2member_map_.get(value, fallback)  # a dict look-up: this runs for every row of an export


def kind(value) -> ActorKind:
    return _enum(ActorKind, value, ActorKind.group)


def role(value) -> ActorRole:
    return _enum(ActorRole, value, ActorRole.other)


def granularity(value) -> Granularity:
    return _enum(Granularity, value, Granularity.unknown)


def event_fields(e) -> dict:
    """The fields every event shape shares, from a stored event or an extracted one (same attribute names)."""
    return {
        "date": EventDate(value=e.value, start=e.date_start, end=e.date_end, granularity=granularity(e.granularity)),
        "dated_by": dated_by(e.dated_by),
        "modality": modality(getattr(e, "modality", None)),
        "summary": e.summary,
        "trigger": e.trigger,
        "event_type": e.event_type,
        "location": e.location,
        "confidence": e.confidence,
    }


def evidence_fields(x, reported_by) -> dict:
    """The fields every evidence shape shares, from a stored evidence row or an extracted one, with the sayer."""
    return {**evidence_api_values(x, reported_by), "dated_by": dated_by(x.dated_by), "granularity": granularity(x.granularity)}


def events_public(session: Session, events: Sequence[Event]) -> list[EventPublic]:
    """Serialize `events` in their order, batch-loading actors, countries and evidence."""
    ids = [e.id for e in events]
    if not ids:
        return []
    actors: dict[int, list[EventActorPublic]] = defaultdict(list)
    # plain column rows, not ORM objects: this runs on every page read
    for event_id, role_, actor_id, name, kind_, country in session.execute(
        select(EventActor.event_id, EventActor.role, Actor.id, Actor.name, Actor.kind, Actor.country)
        .join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id.in_(ids))
        .order_by(EventActor.event_id, Actor.name, EventActor.role)
    ):
        actors[event_id].append(EventActorPublic(id=actor_id, name=name, kind=kind(kind_), country=country, role=role(role_)))
    countries: dict[int, list[str]] = defaultdict(list)
    for event_id, code in session.execute(
        select(EventCountry.event_id, EventCountry.country).where(EventCountry.event_id.in_(ids)).order_by(EventCountry.country)
    ):
        countries[event_id].append(code)
    sources: dict[int, list[EventSource]] = defaultdict(list)
    evidence = session.execute(
        select(*EvidenceRow.__table__.c).where(EvidenceRow.event_id.in_(ids)).order_by(EvidenceRow.event_id, EvidenceRow.id)
    ).all()
    # articles apart, without their text: joining them in made PostgreSQL hash whole tables
    arts = {
        row.id: row
        for row in session.execute(
            select(Article.id, Article.external_id, Article.source, Article.url, Article.title, Article.published_at).where(
                Article.id.in_({ev.article_id for ev in evidence})
            )
        )
    } if evidence else {}
    sayer_ids = {ev.reported_by_id for ev in evidence if ev.reported_by_id is not None}
    sayers = {
        row.id: ReportedBy(id=row.id, name=row.name, kind=kind(row.kind), country=row.country)
        for row in session.execute(select(Actor.id, Actor.name, Actor.kind, Actor.country).where(Actor.id.in_(sayer_ids)))
    } if sayer_ids else {}
    for ev in evidence:
        art = arts[ev.article_id]
        sources[ev.event_id].append(
            EventSource(
                article_id=art.id,
                external_id=art.external_id,
                source=art.source,
                url=art.url,
                title=art.title,
                published_at=art.published_at,
                **evidence_fields(ev, sayers.get(ev.reported_by_id)),
            )
        )
    return [
        EventPublic(
            id=e.id,
            **event_fields(e),
            actors=actors[e.id],
            countries=countries[e.id],
            sources=sources[e.id],
            created_at=e.created_at,
            updated_at=e.updated_at,
        )
        for e in events
    ]


def articles_public(session: Session, articles: Sequence[Article]) -> list[ArticlePublic]:
    """Serialize articles with the number of events each gave evidence for (one counting query)."""
    ids = [a.id for a in articles]
    counts: dict[int, int] = {}
    if ids:
        counts = dict(
            session.execute(
                select(EvidenceRow.article_id, func.count(func.distinct(EvidenceRow.event_id)))
                .where(EvidenceRow.article_id.in_(ids))
                .group_by(EvidenceRow.article_id)
            ).all()
        )
    return [article_public(a, counts.get(a.id, 0)) for a in articles]


def article_public(a: Article, event_count: int = 0) -> ArticlePublic:
    return ArticlePublic(
        id=a.id,
        external_id=a.external_id,
        source=a.source,
        title=a.title,
        url=a.url,
        published_at=a.published_at,
        language=a.language,
        content_hash=a.content_hash,
        ingested_at=a.ingested_at,
        event_count=event_count,
    )


def job_public(state) -> "Job":
    """A job's state (app.jobs.JobState) as the API's Job."""
    from app.models import Job, JobKind, JobResult, JobStatus, Problem

    return Job(
        id=state.id, kind=JobKind.batch if state.batch else JobKind.article, status=JobStatus(state.status),
        article_count=state.articles, attempts=state.attempts, created_at=state.created_at, started_at=state.started_at,
        finished_at=state.finished_at,
        result=JobResult.model_validate(state.result) if state.result is not None else None,
        problem=Problem.model_validate(state.problem) if state.problem is not None else None,
    )

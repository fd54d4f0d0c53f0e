"""Rows -> API schemas. Pages are loaded with one query per related table (no N+1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.extraction.serialize import evidence_api_values
from app.models import (
    Actor,
    ActorAlias,
    ActorKind,
    ActorPublic,
    ActorRole,
    Article,
    ArticlePublic,
    Event,
    EventActor,
    EventCountry,
    EventDate,
    EventPublic,
    EventSource,
    EvidenceRow,
    Granularity,
    Job,
    JobKind,
    JobResult,
    JobStatus,
    Problem,
)
from app.store.events import dated_by, modality
from app.store.sql import among_ids


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
    return {
        **evidence_api_values(x, reported_by),
        "dated_by": dated_by(x.dated_by),
        "granularity": granularity(x.granularity),
    }


def events_public(session: Session, events: Sequence[Event]) -> list[EventPublic]:
    """Serialize `events` in their order, batch-loading actors, countries and evidence."""
    return [EventPublic.model_validate(d) for d in event_values(session, events)]


def event_values(session: Session, events: Sequence[Event]) -> list[dict]:
    """`events` in their order as EventPublic's JSON values (plain dicts, its fields in its order): what
    `EventPublic.model_validate` takes, and what `pydantic_core.to_json` writes as that model's JSON without building
    it (the listing's hot path; a test checks the two agree). Actors, countries and evidence: one query each, sent
    together on PostgreSQL."""
    ids = [e.id for e in events]
    if not ids:
        return []
    rows = _read(session, ids)
    actors, countries, sources = _event_actors(rows[0]), _event_countries(rows[1]), _event_sources(rows[2])
    return [
        {
            "id": e.id,
            "date": {"value": e.value, "start": e.date_start, "end": e.date_end,
                     "granularity": granularity(e.granularity)},
            "dated_by": dated_by(e.dated_by),
            "modality": modality(e.modality),
            "summary": e.summary,
            "trigger": e.trigger,
            "event_type": e.event_type,
            "location": e.location,
            "confidence": e.confidence,
            "actors": actors.get(e.id, []),
            "countries": countries.get(e.id, []),
            "sources": sources.get(e.id, []),
            "created_at": e.created_at,
            "updated_at": e.updated_at,
        }
        for e in events
    ]


@lru_cache(maxsize=16)
def _statement(name: str, dialect: str):
    """The page-serialization statement `name` for `dialect`, built once: the page's event ids are its `ids`
    parameter (see app.store.sql.among_ids)."""
    if name == "actors":
        return (
            select(EventActor.event_id, EventActor.role, Actor.id, Actor.name, Actor.kind, Actor.country)
            .join(Actor, Actor.id == EventActor.actor_id)
            .where(among_ids(dialect, EventActor.event_id))
            .order_by(EventActor.event_id, Actor.name, EventActor.role)
        )
    if name == "countries":
        return (
            select(EventCountry.event_id, EventCountry.country)
            .where(among_ids(dialect, EventCountry.event_id))
            .order_by(EventCountry.country)
        )
    return (
        select(*_SOURCE_COLUMNS)
        .join(Article, Article.id == EvidenceRow.article_id)
        .outerjoin(_SAYER, _SAYER.id == EvidenceRow.reported_by_id)
        .where(among_ids(dialect, EvidenceRow.event_id))
        .order_by(EvidenceRow.event_id, EvidenceRow.id)
    )


_SERIALIZED = ("actors", "countries", "sources")


@lru_cache(maxsize=16)
def _sql(name: str, dialect) -> str:
    """Statement `name` compiled for `dialect` (its text with the `ids` placeholder), once."""
    return str(_statement(name, dialect.name).compile(dialect=dialect))


def _read(session: Session, ids: list[int]) -> list[list]:
    """The rows (plain tuples, no ORM objects) of the actors, countries and sources statements for the events `ids`.
    On PostgreSQL the three go in one pipeline (psycopg), in the session's transaction: one round trip, not three."""
    dialect = session.get_bind().dialect
    if dialect.name != "postgresql":
        return [list(session.execute(_statement(name, dialect.name), {"ids": ids})) for name in _SERIALIZED]
    conn = session.connection().connection.driver_connection
    with conn.pipeline():
        cursors = [conn.execute(_sql(name, dialect), {"ids": ids}) for name in _SERIALIZED]
    return [c.fetchall() for c in cursors]


def _event_actors(rows) -> dict[int, list[dict]]:
    actors: dict[int, list[dict]] = defaultdict(list)
    for event_id, role_, actor_id, name, kind_, country in rows:
        actors[event_id].append({"id": actor_id, "name": name, "kind": kind(kind_), "country": country,
                                 "role": role(role_)})
    return actors


def _event_countries(rows) -> dict[int, list[str]]:
    countries: dict[int, list[str]] = defaultdict(list)
    for event_id, code in rows:
        countries[event_id].append(code)
    return countries


# EventSource's article fields, read with each evidence row (the article's text is not read)
_SOURCE_ARTICLE = (Article.external_id, Article.source, Article.url, Article.title, Article.published_at)
_SAYER = aliased(Actor, name="sayer")
_SAYER_FIELDS = (_SAYER.id.label("sayer_id"), _SAYER.name.label("sayer_name"), _SAYER.kind.label("sayer_kind"),
                 _SAYER.country.label("sayer_country"))
_SOURCE_COLUMNS = (*EvidenceRow.__table__.c, *_SOURCE_ARTICLE, *_SAYER_FIELDS)
_AT = {c.key: i for i, c in enumerate(_SOURCE_COLUMNS)}
# EventSource's fields in its order: where each comes from in a row of _SOURCE_COLUMNS, and how it is read
# (`reported_by` is the sayer's columns; the vocabularies are read as members, like the model's validation does)
_READ = {"dated_by": dated_by, "granularity": granularity}
_SOURCE_FIELDS = tuple(
    (name, None if name == "reported_by" else _AT[{"start": "date_start", "end": "date_end"}.get(name, name)],
     _READ.get(name))
    for name in EventSource.model_fields
)
_EVENT_ID, _SAYER_AT = _AT["event_id"], _AT["sayer_id"]


def _event_sources(rows) -> dict[int, list[dict]]:
    """Every article's evidence for the events, in the order it was stored, with its article and its sayer (rows of
    _SOURCE_COLUMNS: each evidence row finds its article and sayer by primary key)."""
    sources: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        source = {}
        for name, at, read in _SOURCE_FIELDS:
            if at is None:
                source[name] = _sayer(row)
            else:
                source[name] = row[at] if read is None else read(row[at])
        sources[row[_EVENT_ID]].append(source)
    return sources


def _sayer(row) -> dict | None:
    """The sayer of an evidence row of _SOURCE_COLUMNS as ReportedBy's values (None when it has none, or its actor is
    gone)."""
    at = _SAYER_AT
    if row[at] is None:
        return None
    return {"id": row[at], "name": row[at + 1], "kind": kind(row[at + 2]), "country": row[at + 3]}


def distinct_counts(session: Session, key, counted, *where) -> dict[int, int]:
    """{key: how many distinct `counted` values} over the rows matching `where`, in one grouped query."""
    return dict(session.execute(select(key, func.count(func.distinct(counted))).where(*where).group_by(key)).all())


def articles_public(session: Session, articles: Sequence[Article]) -> list[ArticlePublic]:
    """Serialize articles with the number of events each gave evidence for (one counting query)."""
    ids = [a.id for a in articles]
    counts: dict[int, int] = {}
    if ids:
        counts = distinct_counts(session, EvidenceRow.article_id, EvidenceRow.event_id, EvidenceRow.article_id.in_(ids))
    return [article_public(a, counts.get(a.id, 0)) for a in articles]


# ArticlePublic's fields that are the article's own columns (event_count is counted)
_ARTICLE_COLUMNS = tuple(name for name in ArticlePublic.model_fields if name != "event_count")


def article_public(a: Article, event_count: int = 0) -> ArticlePublic:
    return ArticlePublic(**{name: getattr(a, name) for name in _ARTICLE_COLUMNS}, event_count=event_count)


def actors_public(session: Session, actors: Sequence[Actor]) -> list[ActorPublic]:
    """Serialize actors with their aliases and the number of asserted events each takes part in."""
    ids = [a.id for a in actors]
    counts, aliases = {}, defaultdict(list)
    if ids:
        # what the timeline lists: asserted events (the link's copy of the modality)
        counts = distinct_counts(session, EventActor.actor_id, EventActor.event_id, EventActor.actor_id.in_(ids),
                                 EventActor.modality == "asserted")
        for aid, alias in session.execute(
            select(ActorAlias.actor_id, ActorAlias.alias).where(ActorAlias.actor_id.in_(ids)).order_by(ActorAlias.alias)
        ):
            aliases[aid].append(alias)
    return [
        ActorPublic(id=a.id, name=a.name, kind=kind(a.kind), country=a.country, aliases=aliases[a.id],
                    event_count=counts.get(a.id, 0))
        for a in actors
    ]


def job_public(state) -> Job:
    """A job's state (app.jobs.JobState) as the API's Job."""
    return Job(
        id=state.id, kind=JobKind.batch if state.batch else JobKind.article, status=JobStatus(state.status),
        article_count=state.articles, attempts=state.attempts, created_at=state.created_at, started_at=state.started_at,
        finished_at=state.finished_at,
        result=JobResult.model_validate(state.result) if state.result is not None else None,
        problem=Problem.model_validate(state.problem) if state.problem is not None else None,
    )

"""One filter-sort-paginate helper for events (list, CSV and TimelineJS exports share it)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

from sqlalchemy import Date, Select, func, literal, select, union
from sqlmodel import Session

from app.api.deps import MAX_ID, EventFilters
from app.api.errors import field_error
from app.api.listing import Keyset, bad_cursor, keyset_page, start_after
from app.models import Actor, ActorAlias, Article, Event, EventActor, EventCountry, EvidenceRow
from app.store.actors import name_key
from app.store.locks import writes_settled
from app.store.sql import is_postgres, is_sqlite, like_pattern


def actor_id(value: str, param: str = "actor") -> int | None:
    """The actor id `value` names (ASCII digits), None for a name; 422 naming `param` for an id out of range."""
    if not (value.isascii() and value.isdigit()):
        return None
    ident = int(value)
    if not 1 <= ident <= MAX_ID:
        raise field_error(["query", param], f"id {value[:20]} out of range (1..{MAX_ID})")
    return ident


def _actor_id_selects(value: str, param: str) -> list[Select]:
    ident = actor_id(value, param)
    if ident is not None:
        return [select(Actor.id).where(Actor.id == ident)]
    pat = like_pattern(name_key(value))
    return [
        select(Actor.id).where(Actor.norm_name.like(pat, escape="\\")),
        select(ActorAlias.actor_id).where(ActorAlias.norm_alias.like(pat, escape="\\")),
    ]


def actor_ids_matching(*values: str, param: str = "actor"):
    """Ids of actors whose canonical name or an alias contains one of `values` (casefolded), or the actor with that
    id."""
    selects = [q for v in values for q in _actor_id_selects(v, param)]
    return selects[0] if len(selects) == 1 else union(*selects)  # one flat UNION: SQLite takes no nested compounds


MODALITIES = ("asserted", "negated", "hypothetical", "planned")


def modality_condition(f: EventFilters, column):
    """`column` (the event's modality or a link's copy of it) among the modalities asked for; None when all are."""
    return None if not f.modality or set(f.modality) >= set(MODALITIES) else column.in_(f.modality)


def link_conditions(f: EventFilters, table) -> list:
    """The event-level filters a link table answers from its copies of the event's dates and modality."""
    conds = []
    if (m := modality_condition(f, table.modality)) is not None:
        conds.append(m)
    if f.date_from:
        conds.append(table.date_end >= f.date_from)
    if f.date_to:
        conds.append(table.date_start <= f.date_to)
    return conds


def started_since(f: EventFilters, table) -> list:
    """The window's lower bound on a link table's `date_start` (PostgreSQL, migration 0012): an event ending on or
    after date_from starts on or after date_from less the longest event's length, read in the statement itself (a
    step down `ix_event_span`), so that it holds whatever was stored meanwhile. `date_end >= date_from` does not bound
    the range read in the link's (..., date_start, date_end, event_id) index; this does: an actor's links are read from
    the window's start, not from its first event on (at 1,000,000 events, a surname's listing 12 to 18 ms -> 5 ms,
    EXPLAIN ANALYZE median)."""
    if not f.date_from:
        return []
    longest = select(func.max(Event.date_end - Event.date_start)).correlate(None).scalar_subquery()
    return [table.date_start >= literal(f.date_from, Date) - longest]


MAX_LISTED_ACTORS = 1000


def actor_ids(session: Session, f: EventFilters) -> list[int] | None:
    """The ids of the actors `f.actor` names, read before the events: given as a list, they let the planner estimate
    the actor's rows from the link's statistics (it cannot see through a name pattern), and PostgreSQL reads an
    actor's few events first instead of walking every event in date order. None without an actor filter, or when
    more than MAX_LISTED_ACTORS match (the filter then keeps its subquery)."""
    if not f.actor:
        return None
    return _listed(session.execute(_actor_ids_query(f)).scalars())


def _actor_ids_query(f: EventFilters) -> Select:
    return actor_ids_matching(*f.actor).limit(MAX_LISTED_ACTORS + 1)


def _listed(ids) -> list[int] | None:
    ids = list(dict.fromkeys(ids or []))
    return ids if len(ids) <= MAX_LISTED_ACTORS else None


def settled_and_actor_ids(session: Session, f: EventFilters) -> tuple[datetime, list[int] | None]:
    """A first page's `as_of` (writes_settled) and `actor_ids`: on PostgreSQL in one statement (the ids as an array
    beside the clock and the writers in flight), one round trip less per page."""
    if not f.actor or is_sqlite(session):
        return writes_settled(session), actor_ids(session, f)
    sub = _actor_ids_query(f).subquery()
    as_of, ids = writes_settled(session, select(func.array_agg(sub.c[0])).scalar_subquery())
    return as_of, _listed(ids)


def actor_condition(f: EventFilters, column, ids: list[int] | None):
    """`column` (an actor id) among the actors `f.actor` names: the listed `ids` when read, else the subquery."""
    if ids is not None:
        return column.in_(ids)
    sub = actor_ids_matching(*f.actor).subquery()
    return column.in_(select(sub.c[0]))


def filtered(f: EventFilters, actor_ids: list[int] | None = None, started: bool = False) -> Select:
    """The events `f` selects (`actor_ids`: the ids of the actors `f.actor` names, when read first; `started`: the
    link tables' ranges bounded below too, see `started_since`)."""
    q = _linked(select(Event), f, actor_ids, started).where(*_event_conditions(f))
    if f.source or f.article_id or f.published_from or f.published_to or f.language:
        # one article giving evidence meets every article condition
        q = q.where(Event.id.in_(_evidence_from_articles(f)))
    return q


def _linked(q: Select, f: EventFilters, actor_ids: list[int] | None, started: bool = False) -> Select:
    """`q` narrowed to the events of the actors and countries `f` names, read from the link tables."""

    # the link tables carry the event's dates and modality: the filter narrows inside their index
    def dated(sub, table):
        return sub.where(*link_conditions(f, table), *(started_since(f, table) if started else ()))

    if f.actor:
        actors = select(EventActor.event_id).where(actor_condition(f, EventActor.actor_id, actor_ids))
        q = q.where(Event.id.in_(dated(actors, EventActor)))
    if f.country and f.actor:
        q = q.where(_in_countries_of_actor(f, actor_ids, dated))
    elif f.country:
        countries = select(EventCountry.event_id).where(EventCountry.country.in_(f.country))
        q = q.where(Event.id.in_(dated(countries, EventCountry)))
    return q


FEW_ACTORS = 4  # actor ids up to which the country filter probes each event's links


def _in_countries_of_actor(f: EventFilters, actor_ids: list[int] | None, dated):
    """The country filter when an actor filter narrows the events first: the event has a link to one of `f.country`.

    One actor has a few hundred events in a window: probing the (event_id, country) key per candidate (an index-only
    read) beats listing a whole country. Several actors (a surname names dozens) have thousands, and PostgreSQL then
    hashes the country's links: given the link's dates and modality as well it reads only the window of them from the
    (country, modality, date_start, ...) index (at 1,000,000 events, 70,000 rows down to 9,000: a surname's query
    about three times faster), which for a single actor would only turn each key probe into a table read. A name a few
    actors share ('Ivo Dietrich' and 'Ivo Dietrich 2', up to FEW_ACTORS) is probed like one actor: at 1,000,000 events
    two actors' 500 events probed took 2.3 to 2.5 ms (EXPLAIN ANALYZE, median), the country's window hashed 5 to 6."""
    linked = select(EventCountry.event_id).where(EventCountry.event_id == Event.id, EventCountry.country.in_(f.country))
    if actor_ids is None or len(actor_ids) > FEW_ACTORS:
        linked = dated(linked, EventCountry)
    return linked.exists()


def _event_conditions(f: EventFilters) -> list:
    """The conditions of `f` on the event's own columns."""
    conds = []
    if f.date_from:
        conds.append(Event.date_end >= f.date_from)
    if f.date_to:
        conds.append(Event.date_start <= f.date_to)
    if f.q:
        conds.append(func.lower(Event.summary).like(like_pattern(f.q.lower()), escape="\\"))
    if f.granularity:
        conds.append(Event.granularity == f.granularity)
    if f.dated_by:
        conds.append(Event.dated_by == f.dated_by)
    if (m := modality_condition(f, Event.modality)) is not None:
        conds.append(m)
    if f.event_type:
        conds.append(Event.event_type.in_(f.event_type))
    if f.updated_since:
        conds.append(Event.updated_at >= f.updated_since)
    if f.min_sources:
        n = (
            select(func.count(func.distinct(EvidenceRow.article_id)))
            .where(EvidenceRow.event_id == Event.id)
            .scalar_subquery()
        )
        conds.append(n >= f.min_sources)
    return conds


def _evidence_from_articles(f: EventFilters) -> Select:
    """The events with evidence from one article meeting every article condition of `f`."""
    ev = select(EvidenceRow.event_id)
    if f.source or f.published_from or f.published_to or f.language:
        ev = ev.join(Article, Article.id == EvidenceRow.article_id)
    if f.source:
        ev = ev.where(func.lower(Article.source).in_([s.lower() for s in f.source]))
    if f.published_from:  # published_at is ISO 8601 as given: its first ten characters are the publisher's date
        ev = ev.where(func.substr(Article.published_at, 1, 10) >= f.published_from.isoformat())
    if f.published_to:
        ev = ev.where(func.substr(Article.published_at, 1, 10) <= f.published_to.isoformat())
    if f.language:
        ev = ev.where(func.lower(Article.language) == f.language.lower())
    if f.article_id:
        ev = ev.where(EvidenceRow.article_id == f.article_id)
    return ev


def _day(raw) -> date:
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise bad_cursor() from None


def _instant(raw) -> datetime:
    try:
        key = datetime.fromisoformat(raw)
        if key.tzinfo is None:
            raise ValueError
        return key.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        raise bad_cursor() from None


BY_DATE = Keyset("events", Event.id, Event.date_start, read_key=_day)
BY_DATE_DESC = Keyset("events-desc", Event.id, Event.date_start, desc=True, read_key=_day)
BY_CHANGE = Keyset("events-updated", Event.id, Event.updated_at, read_key=_instant)
SORTS = {"date": BY_DATE, "asc": BY_DATE, "-date": BY_DATE_DESC, "desc": BY_DATE_DESC, "updated": BY_CHANGE}


def page_events(
    session: Session, f: EventFilters, sort: str, limit: int, cursor: str | None
) -> tuple[list, str | None, datetime]:
    """One page in date order (or change order), then id; keyset-paginated. Returns the rows (the events' columns),
    the next cursor and `as_of`, the instant the walk started (its first page).

    The guarantee, in date order, while others ingest, merge and delete: an event that exists unchanged from the
    first page to the last appears exactly once (its key, date and id, does not move). An event created or changed
    after `as_of` is left out of the later pages: it appears at most once (on a page read before it changed), and the
    change feed (`updated_since=as_of`) has it. `as_of` is read while no write is in flight, so every change stamped
    before it was visible to the first page. In change order (`updated`) a changed event moves to the end, where the
    feed shows it again: that is the feed's purpose."""
    keyset = SORTS[sort]
    # a first page reads `as_of` first, in the transaction its queries then run in (see writes_settled)
    as_of, ids = settled_and_actor_ids(session, f) if not cursor else (None, actor_ids(session, f))
    q, at = start_after(filtered(f, ids, started=is_postgres(session)), keyset, cursor)
    if at is not None:
        as_of = _instant(at.as_of) if at.as_of is not None else None
        if as_of is not None and keyset is not BY_CHANGE:
            q = q.where(Event.updated_at <= as_of)
    # the event's columns, not ORM objects (nothing in a page is changed): rows with the same attributes, built faster
    q = q.with_only_columns(*Event.__table__.c)
    rows, nxt = keyset_page(session, q, keyset, limit, as_of.isoformat() if as_of else None, scalars=False)
    return rows, nxt, as_of


def iter_events(session: Session, f: EventFilters, sort: str, cursor: str | None = None, limit: int | None = None,
                chunk: int = 500) -> Iterator[list]:
    """Every matching event (or the first `limit`), in chunks read one keyset page at a time: memory stays constant."""
    left = limit
    while left is None or left > 0:
        rows, cursor, _ = page_events(session, f, sort, chunk if left is None else min(chunk, left), cursor)
        if rows:
            yield rows
        if left is not None:
            left -= len(rows)
        if not cursor:
            break
        session.expunge_all()  # rows already sent are not kept by the session


def count_events(session: Session, f: EventFilters) -> int:
    q = filtered(f, actor_ids(session, f)).with_only_columns(Event.id)
    return session.execute(select(func.count()).select_from(q.subquery())).scalar_one()

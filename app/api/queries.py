"""One filter-sort-paginate helper for events (list, CSV and TimelineJS exports share it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, and_, func, or_, select, union
from sqlmodel import Session

from app.api.deps import EventFilters, decode_cursor, encode_cursor
from app.api.errors import field_error
from app.ingest import norm
from app.models import Actor, ActorAlias, Article, Event, EventActor, EventCountry, EvidenceRow


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def actor_ids_matching(value: str) -> Select:
    """Ids of actors whose canonical name or an alias contains `value` (casefolded), or the actor with that id."""
    if value.isdigit() and len(value) <= 10:
        return select(Actor.id).where(Actor.id == int(value))
    pat = like_pattern(norm(value))
    return union(
        select(Actor.id).where(Actor.norm_name.like(pat, escape="\\")),
        select(ActorAlias.actor_id).where(ActorAlias.norm_alias.like(pat, escape="\\")),
    )


def filtered(f: EventFilters) -> Select:
    q = select(Event)

    def dated(sub, table):  # the link tables carry the event's dates: the filter narrows inside their index
        if f.date_from:
            sub = sub.where(table.date_end >= f.date_from)
        if f.date_to:
            sub = sub.where(table.date_start <= f.date_to)
        return sub

    if f.actor:
        ids = actor_ids_matching(f.actor).subquery()
        q = q.where(Event.id.in_(dated(select(EventActor.event_id).where(EventActor.actor_id.in_(select(ids.c[0]))), EventActor)))
    if f.country and f.actor:
        # with an actor, probing the (event_id, country) key per candidate beats listing a whole country
        q = q.where(select(EventCountry.event_id).where(EventCountry.event_id == Event.id, EventCountry.country == f.country).exists())
    elif f.country:
        q = q.where(Event.id.in_(dated(select(EventCountry.event_id).where(EventCountry.country == f.country), EventCountry)))
    if f.date_from:
        q = q.where(Event.date_end >= f.date_from)
    if f.date_to:
        q = q.where(Event.date_start <= f.date_to)
    if f.q:
        q = q.where(func.lower(Event.summary).like(like_pattern(f.q.lower()), escape="\\"))
    if f.granularity:
        q = q.where(Event.granularity == f.granularity)
    if f.dated_by:
        q = q.where(Event.dated_by == f.dated_by)
    if f.source or f.article_id:
        ev = select(EvidenceRow.event_id)
        if f.source:
            ev = ev.join(Article, Article.id == EvidenceRow.article_id).where(func.lower(Article.source) == f.source.lower())
        if f.article_id:
            ev = ev.where(EvidenceRow.article_id == f.article_id)
        q = q.where(Event.id.in_(ev))
    return q


def page_events(session: Session, f: EventFilters, sort: str, limit: int, cursor: str | None) -> tuple[list[Event], str | None]:
    """One page in date order (then id), keyset-paginated: stable while events are inserted."""
    desc = sort in ("-date", "desc")
    q = filtered(f)
    if cursor:
        raw, ident = decode_cursor(cursor, "events-desc" if desc else "events")
        try:
            d = date.fromisoformat(raw)
        except (TypeError, ValueError):
            raise field_error(["query", "cursor"], "not a cursor from this listing (use next_cursor as given)") from None
        q = q.where(or_(Event.date_start < d, and_(Event.date_start == d, Event.id < ident)) if desc
                    else or_(Event.date_start > d, and_(Event.date_start == d, Event.id > ident)))
    q = q.order_by(Event.date_start.desc(), Event.id.desc()) if desc else q.order_by(Event.date_start, Event.id)
    rows = list(session.execute(q.limit(limit + 1)).scalars())
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        nxt = encode_cursor("events-desc" if desc else "events", last.date_start.isoformat(), last.id)
    return rows, nxt


def all_events(session: Session, f: EventFilters, sort: str, cap: int) -> list[Event]:
    """Every matching event up to `cap`, in pages of 500."""
    out: list[Event] = []
    cursor = None
    while len(out) < cap:
        rows, cursor = page_events(session, f, sort, min(500, cap - len(out)), cursor)
        out += rows
        if not cursor:
            break
    return out

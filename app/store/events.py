"""An article's events into storage: each merged into the stored event that reports the same happening (the
extractor's `same_happening` / `merge_into` decide), or stored new; re-dating by the evidence; the copies of an
event's dates and modality on its actor and country links."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace

from sqlalchemy import insert, literal, select, union_all, update
from sqlmodel import Session

from app.extraction import types as xt
from app.extraction.serialize import evidence_values
from app.models import Actor, Event, EventActor, EventCountry, EvidenceRow
from app.store.actors import (
    aliases_by_actor,
    aliases_of,
    attributions,
    ensure_actor,
    find_actor,
    kinds,
    load_names,
    resolve_sayer,
)
from app.store.locks import check_locked, stamp, store_cache

_DATED_BY_RANK = {d: i for i, d in enumerate(xt.DATED_BY)}


def modality(value) -> str:
    """A stored or extracted modality, read safely: anything unknown is "asserted"."""
    return value if value in xt.MODALITIES else "asserted"


def dated_by(value) -> str:
    """One of xt.DATED_BY; anything else the extractor might hand over reads as "text"."""
    return value if value in xt.DATED_BY else "text"


def fit(ev: xt.Event) -> xt.Event:
    """`ev` cut to the column widths (a longer value from the extractor must not fail the whole article)."""

    def cut(v, n):
        return v[:n] if isinstance(v, str) else v

    def code(c):
        return c.upper() if isinstance(c, str) and len(c) == 2 and c.isalpha() else None

    def sayer(r):
        if r is None or not (r.name or "").strip():
            return None
        return replace(r, kind=cut(r.kind, 32), country=code(r.country))

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


def new_event(session: Session, ev: xt.Event) -> Event:
    """A new stored event for `ev` (not yet added to the session), stamped now."""
    now = stamp(session)
    return Event(value=ev.value, date_start=ev.date_start, date_end=ev.date_end, granularity=ev.granularity,
                 summary=ev.summary, trigger=ev.trigger, event_type=ev.event_type, location=ev.location,
                 confidence=float(ev.confidence), keywords=list(ev.keywords) or None, dated_by=ev.dated_by,
                 modality=ev.modality, created_at=now, updated_at=now)


def _merge_functions():
    from app.extraction.merge import merge_into, same_happening  # part of the project: a failed import is a bug

    return same_happening, merge_into


def store_events(session: Session, article_id: int, events: list[xt.Event], merge: bool) -> tuple[list[int], list[str]]:
    """Store an article's events with their evidence (merged into stored events when `merge`); the ids of the events
    it touched, in order, and the warnings for events skipped.

    The stored actors every name of the article may resolve to are read first, together (`load_names`), then the
    first candidates of every event (`_read_candidates`); the links and evidence of the events it creates are written
    at the end, together (nothing the store reads meanwhile can show them: no later event of the article merges into
    an event it created)."""
    fns = _merge_functions() if merge else None
    warnings: list[str] = []
    touched: list[int] = []
    new_ids: set[int] = set()
    events = list(map(fit, events))
    if (cache := store_cache(session)) is not None:
        load_names(session, cache.index, [a for ev in events if ev.evidence for a in ev.actors]
                   + [x.reported_by for ev in events for x in ev.evidence if x.reported_by is not None])
        if merge:
            _read_candidates(session, events)
    pending = _NewRows()
    for ev in events:
        if not ev.evidence:
            warnings.append(f"event without evidence skipped: {ev.summary[:80]!r}")
            continue
        row = _store_event(session, article_id, ev, fns, new_ids, pending)
        if row.id not in touched:
            touched.append(row.id)
    pending.write(session)
    return touched, warnings


class _NewRows:
    """The links and evidence of the events a store created, written together once its events are stored."""

    def __init__(self):
        self.actors: list[dict] = []
        self.countries: list[dict] = []
        self.evidence: list[dict] = []

    def add(self, row: Event, actor_ids: list[tuple[int, str]], countries: list[str], evidence: list[dict]) -> None:
        dates = link_copy(row)
        self.actors += [{"event_id": row.id, "actor_id": aid, "role": role, **dates}
                        for aid, role in dict.fromkeys(actor_ids)]
        self.countries += [{"event_id": row.id, "country": code, **dates}
                           for code in dict.fromkeys(c.upper() for c in countries if c)]
        self.evidence += [{"event_id": row.id, **x} for x in evidence]

    def write(self, session: Session) -> None:
        for model, rows in ((EventActor, self.actors), (EventCountry, self.countries), (EvidenceRow, self.evidence)):
            if rows:
                session.execute(insert(model.__table__), rows)


def _store_event(session: Session, article_id: int, ev: xt.Event, fns, new_ids: set[int], pending: _NewRows) -> Event:
    """One event: merged into the stored event reporting the same happening (none is looked for without `fns`),
    else stored new (its id added to `new_ids`: no later event of the article merges into it, and its links and
    evidence go to `pending`); its links and evidence added."""
    known = [find_actor(session, a) for a in ev.actors]
    check_locked(session, known)
    target = None
    if fns is not None and any(known):
        target = _find_same(session, ev, {k.id for k in known if k}, new_ids, fns[0])
    if target is not None:
        known = _match_target_actors(session, target, ev.actors, known)
    actor_ids = [(ensure_actor(session, a, k), a.role) for a, k in zip(ev.actors, known)]
    evidence = [
        {**evidence_values(x), "article_id": article_id, "reported_by_id": resolve_sayer(session, x.reported_by)}
        for x in ev.evidence
    ]
    if target is None:
        row = new_event(session, ev)
        session.add(row)
        session.flush()
        new_ids.add(row.id)
        pending.add(row, actor_ids, ev.countries, evidence)
        return row
    row = target
    merged = merge_into_copy(session, row, ev, fns[1])
    _link(session, row, actor_ids, ev.countries)
    added = [EvidenceRow(event_id=row.id, **x) for x in evidence]
    session.add_all(added)
    session.flush()
    _apply_merge(row, merged, ev)  # written with the new dates in one UPDATE, at the next flush
    cache = store_cache(session)
    if cache is not None and row.id in cache.evidence:
        cache.evidence[row.id] = cache.evidence[row.id] + added
        cache.shows.setdefault(row.id, set()).update(x.reported_by_id for x in added if x.reported_by_id)
        redate(session, row, cache.evidence[row.id])
    else:
        redate(session, row)
    if cache is not None:
        cache.events.pop(row.id, None)
    return row


def merge_into_copy(session: Session, row: Event, ev: xt.Event, merge_into) -> xt.Event:
    """`ev` merged into a copy of the stored event `row` as judged (`merge_into` folds into what it is given)."""
    return merge_into(deepcopy(as_extracted(session, [row])[row.id]), ev)


def _apply_merge(row: Event, merged: xt.Event, ev: xt.Event) -> None:
    """The stored event `row` with what `merged` says of it (its dates follow its evidence: `redate`)."""
    row.summary = merged.summary or row.summary
    row.confidence = float(merged.confidence)
    row.event_type = row.event_type or merged.event_type
    row.location = row.location or merged.location
    row.keywords = sorted(set(row.keywords or []) | set(merged.keywords or []) | set(ev.keywords)) or None


def _match_target_actors(session: Session, target: Event, actors: list[xt.Actor],
                         known: list[Actor | None]) -> list[Actor | None]:
    """Actors not yet known, matched to the merged event's actors by the extractor's `same_actor`."""
    from app.extraction.merge import same_actor
    if all(k is not None for k in known):
        return list(known)
    stored = session.execute(
        select(Actor).join(EventActor, EventActor.actor_id == Actor.id)
        .where(EventActor.event_id == target.id).distinct()
    ).scalars().all()
    out = list(known)
    for i, (a, k) in enumerate(zip(actors, known)):
        if k is None:
            for row in stored:
                as_xt = xt.Actor(name=row.name, kind=row.kind, role="other", country=row.country,
                                 aliases=aliases_of(session, row.id))
                if row.kind in kinds(a.kind) and same_actor(as_xt, a):
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
    q = select(Event).where(*_candidate(ev, actor_ids)).order_by(Event.id)
    cands = [c for c in session.execute(q).scalars().all() if c.id not in exclude]
    for start in range(0, len(cands), _JUDGED_AT_ONCE):
        chunk = cands[start:start + _JUDGED_AT_ONCE]
        stored = as_extracted(session, chunk)
        for cand in chunk:
            if same_happening(stored[cand.id], ev):
                cand = _locked_if_same(session, cand, ev, same_happening)
                if cand is not None:
                    return cand
    return None


_JUDGED_AT_ONCE = 32  # candidates read together (the first accepted ends the search)


def _candidate(ev: xt.Event, actor_ids: set[int]) -> list:
    """The conditions on a stored event `ev` may be merged into (`_find_same`)."""
    linked = select(EventActor.event_id).where(
        EventActor.actor_id.in_(sorted(actor_ids)), EventActor.date_start <= ev.date_end,
        EventActor.date_end >= ev.date_start,
    )
    return [Event.id.in_(linked), Event.modality == ev.modality, Event.date_start <= ev.date_end,
            Event.date_end >= ev.date_start]


def _read_candidates(session: Session, events: list[xt.Event]) -> None:
    """Inside a write transaction, before its events are judged one by one: the first candidates of each event (as
    many as `_find_same` judges at once), read together as the extractor sees them (kept in `StoreCache`), in two
    statements and one `_read_as_extracted` instead of one for each event. Each event still asks for its candidates
    when its turn comes (what the article's earlier events merged into may have become one)."""
    asks = []
    for ev in events:
        known = {k.id for k in (find_actor(session, a) for a in ev.actors) if k is not None}
        if ev.evidence and known:
            asks.append(select(Event.id, literal(len(asks)).label("k")).where(*_candidate(ev, known)))
    if not asks:
        return
    firsts: dict[int, list[int]] = {}
    for event_id, k in session.execute(union_all(*asks) if len(asks) > 1 else asks[0]):
        firsts.setdefault(k, []).append(event_id)
    wanted = sorted({i for ids in firsts.values() for i in sorted(ids)[:_JUDGED_AT_ONCE]})
    if wanted:
        as_extracted(session, list(session.execute(select(Event).where(Event.id.in_(wanted))).scalars()))


def _locked_if_same(session: Session, cand: Event, ev: xt.Event, same_happening) -> Event | None:
    """A store reaching this event through another of its actors may merge into it at the same moment: lock its row,
    and judge it again if it changed since it was read (FOR UPDATE: PostgreSQL only)."""
    seen = cand.updated_at
    cand = session.execute(
        select(Event).where(Event.id == cand.id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if cand is None or cand.updated_at == seen:
        return cand
    fresh = to_dataclass(session, cand)
    if (cache := store_cache(session)) is not None:
        cache.events[cand.id] = fresh
    return cand if same_happening(fresh, ev) else None


def to_dataclass(session: Session, row: Event) -> xt.Event:
    """A stored event as the extractor's `Event`, for `same_happening` / `merge_into`."""
    return _read_as_extracted(session, [row])[row.id]


def as_extracted(session: Session, rows: list[Event]) -> dict[int, xt.Event]:
    """Stored events as the extractor's `Event`, by id: inside a write transaction those read before are not read
    again (see `StoreCache`), the others are read together."""
    cache = store_cache(session)
    if cache is None:
        return _read_as_extracted(session, rows)
    missing = [r for r in rows if r.id not in cache.events]
    if missing:
        cache.events.update(_read_as_extracted(session, missing))
    return {r.id: cache.events[r.id] for r in rows}


def _read_as_extracted(session: Session, rows: list[Event]) -> dict[int, xt.Event]:
    """`rows` as the extractor's `Event`, read in five queries whatever their number: their actors (in key order),
    the actors' aliases, countries, evidence (in the order stored) and its sayers. Inside a write transaction their
    links, evidence rows and the actors they show are kept too (see `StoreCache`)."""
    ids = [r.id for r in rows]
    links = session.execute(
        select(EventActor.event_id, EventActor.role, Actor).join(Actor, Actor.id == EventActor.actor_id)
        .where(EventActor.event_id.in_(ids)).order_by(EventActor.event_id, EventActor.actor_id, EventActor.role)
    ).all()
    aliases = aliases_by_actor(session, {a.id for _, _, a in links})
    actors: dict[int, list[xt.Actor]] = {i: [] for i in ids}
    for event_id, role, a in links:
        actors[event_id].append(xt.Actor(name=a.name, kind=a.kind, role=role, country=a.country,
                                         aliases=list(aliases.get(a.id, []))))
    countries: dict[int, list[str]] = {i: [] for i in ids}
    for event_id, code in session.execute(
        select(EventCountry.event_id, EventCountry.country).where(EventCountry.event_id.in_(ids))
        .order_by(EventCountry.country)
    ):
        countries[event_id].append(code)
    evidence, evidence_rows = _evidence_of(session, ids)
    if (cache := store_cache(session)) is not None:
        for i in ids:
            cache.links[i] = set()
            cache.shows[i] = {x.reported_by_id for x in evidence_rows[i] if x.reported_by_id is not None}
            cache.countries[i] = set(countries[i])
            cache.evidence[i] = evidence_rows[i]
        for event_id, role, a in links:
            cache.links[event_id].add((a.id, role))
            cache.shows[event_id].add(a.id)
    return {r.id: _as_extracted(r, actors[r.id], countries[r.id], evidence[r.id]) for r in rows}


def _evidence_of(session: Session, ids: list[int]) -> tuple[dict[int, list[xt.Evidence]], dict[int, list[EvidenceRow]]]:
    """The evidence of the events `ids` as the extractor's, and as stored rows (both in the order stored)."""
    rows = session.execute(
        select(EvidenceRow).where(EvidenceRow.event_id.in_(ids)).order_by(EvidenceRow.id)
    ).scalars().all()
    sayers = attributions(session, {x.reported_by_id for x in rows if x.reported_by_id is not None})
    out: dict[int, list[xt.Evidence]] = {i: [] for i in ids}
    stored: dict[int, list[EvidenceRow]] = {i: [] for i in ids}
    for x in rows:
        out[x.event_id].append(xt.Evidence(
            **{**evidence_values(x), "trigger_start": x.trigger_start or 0, "trigger_end": x.trigger_end or 0},
            reported_by=sayers.get(x.reported_by_id),
        ))
        stored[x.event_id].append(x)
    return out, stored


def _as_extracted(row: Event, actors: list[xt.Actor], countries: list[str], evidence: list[xt.Evidence]) -> xt.Event:
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


def _link(session: Session, row: Event, actor_ids: list[tuple[int, str]], countries: list[str]) -> None:
    """The stored event's links to `actor_ids` (with roles) and `countries` that it lacks (added to the session; the
    links it has are read once inside a write transaction, see `StoreCache`)."""
    cache = store_cache(session)
    if cache is not None and row.id in cache.links:
        have_actors, have_countries = cache.links[row.id], cache.countries[row.id]
    else:
        have_actors = set(
            session.execute(select(EventActor.actor_id, EventActor.role).where(EventActor.event_id == row.id))
        )
        have_countries = set(
            session.execute(select(EventCountry.country).where(EventCountry.event_id == row.id)).scalars()
        )
    dates = link_copy(row)
    for aid, role in dict.fromkeys(actor_ids):
        if (aid, role) not in have_actors:
            session.add(EventActor(event_id=row.id, actor_id=aid, role=role, **dates))
            have_actors.add((aid, role))
            if cache is not None:
                cache.shows.setdefault(row.id, set()).add(aid)
    for code in dict.fromkeys(c.upper() for c in countries if c):
        if code not in have_countries:
            session.add(EventCountry(event_id=row.id, country=code, **dates))
            have_countries.add(code)


def redate(session: Session, row: Event, evidence: list[EvidenceRow] | None = None) -> None:
    """Date an event by its most precise evidence: the shortest interval; on a tie, a date the text states before
    one taken from the narrative or the publication, then the earliest stored. `dated_by` follows that evidence.
    `evidence`: the event's evidence rows, all of them, when the caller holds them (else they are read)."""
    if evidence is None:
        evidence = session.execute(select(EvidenceRow).where(EvidenceRow.event_id == row.id)).scalars().all()
    if not evidence:
        return
    x = min(evidence, key=lambda e: ((e.date_end - e.date_start).days, _DATED_BY_RANK.get(e.dated_by, 0), e.id))
    copied = link_copy(row)
    row.value, row.date_start, row.date_end, row.granularity = x.value, x.date_start, x.date_end, x.granularity
    row.dated_by = x.dated_by
    row.updated_at = stamp(session)
    session.add(row)
    if link_copy(row) != copied:  # the links carry the copy of the dates they were written or last synced with
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

"""Stored actors: found by name, created when new, with the names they go by kept as aliases."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import null, or_, select, union_all
from sqlmodel import Session

from app.extraction import types as xt
from app.models import Actor, ActorAlias
from app.store.locks import ActorIndex, created_under_lock, store_cache
from app.store.sql import escape_like, insert_ignore

# A country and its government are one actor ("United States" the country, and Washington acting as it);
# the kind it was first stored with is kept.
_STATE_KINDS = ("country", "government")


def name_key(name: str) -> str:
    """The key actors are matched on: casefolded, whitespace collapsed."""
    return " ".join(name.split()).casefold()


def actor_keys(actor: xt.Actor) -> set[str]:
    """The name keys of an extracted actor: every normalized name `find_actor` may match it by, or match it to once
    stored (its name and aliases; for a person, the surname too: a later "Grenell" finds "Richard Grenell")."""
    keys = set()
    for name in (actor.name, *actor.aliases):
        key = name_key(name)[:300]
        if key:
            keys.add(f"name:{key}")
            if actor.kind == "person" and " " in key:
                keys.add(f"name:{key.rsplit(' ', 1)[1]}")
    return keys


def find_actor(session: Session, actor: xt.Actor) -> Actor | None:
    """The stored actor `actor` names: same normalised name and kind; else its name is a stored actor's alias,
    or one of its aliases is a stored actor's name (unique matches only); else, for a person named by surname
    only, the one stored person with that surname. Alias never meets alias: two Webers are two people.

    Inside a write transaction it is answered from the transaction's `ActorIndex` (its names read once, see
    `load_names`)."""
    cache = store_cache(session)
    if cache is None:
        return _find_actor(session, actor)
    load_names(session, cache.index, [actor])
    return indexed(cache.index, actor)


def _surname_asked(key: str, kind: str) -> bool:
    return kind == "person" and len(key.split()) == 1 and len(key) > 2


def load_names(session: Session, index: ActorIndex, actors: Iterable[xt.Actor | xt.Attribution]) -> None:
    """Read into `index` every stored actor the names of `actors` may resolve to (`find_actor`'s rules), for the names
    it does not hold yet: one statement for names and aliases, one more when a person is named by a surname only."""
    keys, surnames = set(), set()
    for a in actors:
        key = name_key(a.name)
        keys.add(key)
        keys.update(name_key(x) for x in a.aliases)
        if _surname_asked(key, a.kind):
            surnames.add(key)
    keys -= index.loaded
    surnames -= index.loaded_surnames
    if keys:
        ordered = sorted(keys)
        by = union_all(
            select(Actor.id.label("id"), null().label("alias")).where(Actor.norm_name.in_(ordered)),
            select(ActorAlias.actor_id.label("id"), ActorAlias.norm_alias.label("alias"))
            .where(ActorAlias.norm_alias.in_(ordered)),
        ).subquery()
        rows = session.execute(select(Actor, by.c.alias).join(by, by.c.id == Actor.id).order_by(Actor.id)).all()
        for key in keys:
            index.names.setdefault(key, [])
            index.aliases.setdefault(key, [])
        for row, alias in rows:
            if alias is None:
                _add(index.names, row.norm_name, row)
            else:
                _add(index.aliases, alias, row)
        index.loaded |= keys
    if surnames:
        ordered = sorted(surnames)
        like = [Actor.norm_name.like(f"% {escape_like(s)}", escape="\\") for s in ordered]
        rows = session.execute(select(Actor).where(Actor.kind == "person", or_(*like)).order_by(Actor.id)).scalars()
        for s in ordered:
            index.surnames.setdefault(s, [])
        for row in rows:
            for s in ordered:
                if row.norm_name.endswith(f" {s}"):
                    _add(index.surnames, s, row)
        index.loaded_surnames |= surnames


def _add(table: dict, key: str, row: Actor) -> None:
    rows = table.setdefault(key, [])
    if all(r.id != row.id for r in rows):
        rows.append(row)
        rows.sort(key=lambda r: r.id)


def indexed(index: ActorIndex, actor: xt.Actor | xt.Attribution) -> Actor | None:
    """`find_actor`'s answer from an index holding `actor`'s names (`load_names`)."""
    key, ks = name_key(actor.name), kinds(actor.kind)
    by_name = [a for a in index.names.get(key, ()) if a.kind in ks]
    if by_name:
        return by_name[0]
    found = _unique([a for a in index.aliases.get(key, ()) if a.kind in ks])
    if found is None:
        others = sorted({name_key(x) for x in actor.aliases} - {key})
        found = _unique([a for k in others for a in index.names.get(k, ()) if a.kind in ks])
    if found is None and _surname_asked(key, actor.kind):
        found = _unique(index.surnames.get(key, []))
    return found


def index_actor(index: ActorIndex, row: Actor) -> None:
    """A stored actor this transaction created (or found created meanwhile), added where the index holds its name."""
    if row.norm_name in index.loaded:
        _add(index.names, row.norm_name, row)
    if row.kind == "person":
        for s in index.loaded_surnames:
            if row.norm_name.endswith(f" {s}"):
                _add(index.surnames, s, row)


def _find_actor(session: Session, actor: xt.Actor) -> Actor | None:
    key, kind = name_key(actor.name), actor.kind
    found = _actor_by_name(session, key, kind)
    if found is None:
        found = _by_alias(session, key, kind)
    if found is None:
        found = _by_name_of_alias(session, {name_key(a) for a in actor.aliases} - {key}, kind)
    if found is None and kind == "person" and len(key.split()) == 1 and len(key) > 2:
        found = _by_surname(session, key)
    return found


def _by_alias(session: Session, key: str, kind: str) -> Actor | None:
    """The one stored actor of a matching kind with `key` among its aliases."""
    stmt = (
        select(Actor)
        .join(ActorAlias, ActorAlias.actor_id == Actor.id)
        .where(ActorAlias.norm_alias == key, Actor.kind.in_(kinds(kind)))
        .distinct()
    )
    return _unique(session.execute(stmt).scalars().all())


def _by_name_of_alias(session: Session, keys: set[str], kind: str) -> Actor | None:
    """The one stored actor of a matching kind whose name is one of `keys` (the other names an actor goes by)."""
    if not keys:
        return None
    stmt = select(Actor).where(Actor.norm_name.in_(keys), Actor.kind.in_(kinds(kind)))
    return _unique(session.execute(stmt).scalars().all())


def _by_surname(session: Session, surname: str) -> Actor | None:
    """The one stored person whose name ends in `surname`."""
    stmt = select(Actor).where(Actor.kind == "person", Actor.norm_name.like(f"% {escape_like(surname)}", escape="\\"))
    return _unique(session.execute(stmt.limit(2)).scalars().all())


def ensure_actor(session: Session, actor: xt.Actor, found: Actor | None = None) -> int:
    """The id of `found` (or of a new actor for `actor`), with `actor`'s names added as aliases (inside a write
    transaction, only those not known stored already)."""
    key, kind = name_key(actor.name)[:300], actor.kind
    cache = store_cache(session)
    if found is None:
        values = {"name": actor.name.strip()[:300], "norm_name": key, "kind": kind, "country": actor.country}
        created = insert_ignore(session, Actor, values, ["norm_name", "kind"])
        found = _actor_by_name(session, key, kind)
        if created:
            created_under_lock(session, found.id)
        if cache is not None:
            index_actor(cache.index, found)
    elif found.country is None and bool(actor.country):
        found.country = actor.country
        session.add(found)
        if cache is not None:
            cache.actor_changed(found.id)
    for alias in dict.fromkeys([actor.name, *actor.aliases]):
        a_key = name_key(alias)[:300]
        if not a_key or a_key == found.norm_name or (cache is not None and _alias_known(cache, found, a_key)):
            continue
        values = {"actor_id": found.id, "norm_alias": a_key, "alias": alias.strip()[:300]}
        added = insert_ignore(session, ActorAlias, values, ["actor_id", "norm_alias"])
        if cache is not None:
            cache.aliases.add((found.id, a_key))
            if a_key in cache.index.loaded:
                _add(cache.index.aliases, a_key, found)
            if added:
                cache.actor_changed(found.id)
    return found.id


def _alias_known(cache, found: Actor, a_key: str) -> bool:
    """The store knows `found` has the alias `a_key` stored: added by it, or read with the index."""
    if (found.id, a_key) in cache.aliases:
        return True
    return a_key in cache.index.loaded and any(r.id == found.id for r in cache.index.aliases.get(a_key, ()))


def resolve_actor(session: Session, actor: xt.Actor) -> int:
    """The stored actor for `actor`, created when new."""
    return ensure_actor(session, actor, find_actor(session, actor))


def resolve_sayer(session: Session, sayer: xt.Attribution | None) -> int | None:
    """The stored actor who reported a happening (found or created like any actor), or None."""
    if sayer is None:
        return None
    as_actor = xt.Actor(name=sayer.name, kind=sayer.kind, role="other", country=sayer.country,
                        aliases=list(sayer.aliases))
    return resolve_actor(session, as_actor)


def aliases_by_actor(session: Session, actor_ids: set[int]) -> dict[int, list[str]]:
    """The aliases of the stored actors `actor_ids` (each actor's in order), by id; an actor without any is absent."""
    aliases: dict[int, list[str]] = {}
    if actor_ids:
        stmt = select(ActorAlias.actor_id, ActorAlias.alias).where(ActorAlias.actor_id.in_(actor_ids))
        for aid, alias in session.execute(stmt.order_by(ActorAlias.alias)):
            aliases.setdefault(aid, []).append(alias)
    return aliases


def attributions(session: Session, actor_ids: set[int]) -> dict[int, xt.Attribution]:
    """The stored actors `actor_ids` as the extractor's sayers (`Attribution`), by id."""
    if not actor_ids:
        return {}
    aliases = aliases_by_actor(session, actor_ids)
    return {
        a.id: xt.Attribution(name=a.name, kind=a.kind, country=a.country, aliases=aliases.get(a.id, []))
        for a in session.execute(select(Actor).where(Actor.id.in_(actor_ids))).scalars()
    }


def aliases_of(session: Session, actor_id: int) -> list[str]:
    stmt = select(ActorAlias.alias).where(ActorAlias.actor_id == actor_id).order_by(ActorAlias.alias)
    return list(session.execute(stmt).scalars())


def kinds(kind: str) -> tuple[str, ...]:
    """The kinds a stored actor may have to be the actor of kind `kind` (a country is its government)."""
    return _STATE_KINDS if kind in _STATE_KINDS else (kind,)


def _actor_by_name(session: Session, key: str, kind: str) -> Actor | None:
    stmt = select(Actor).where(Actor.norm_name == key, Actor.kind.in_(kinds(kind))).order_by(Actor.id)
    return session.execute(stmt).scalars().first()


def _unique(rows):
    return rows[0] if len(rows) == 1 else None

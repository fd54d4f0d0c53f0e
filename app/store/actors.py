"""Stored actors: found by name, created when new, with the names they go by kept as aliases."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from app.extraction import types as xt
from app.models import Actor, ActorAlias
from app.store.locks import created_under_lock, store_cache
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

    Inside a write transaction the answer is read once per names and kind (see `StoreCache`)."""
    cache = store_cache(session)
    if cache is None:
        return _find_actor(session, actor)
    asked = (name_key(actor.name), actor.kind, frozenset(name_key(a) for a in actor.aliases))
    if asked not in cache.actors:
        cache.actors[asked] = _find_actor(session, actor)
    return cache.actors[asked]


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
    changed = found is None or (found.country is None and bool(actor.country))
    if found is None:
        values = {"name": actor.name.strip()[:300], "norm_name": key, "kind": kind, "country": actor.country}
        created = insert_ignore(session, Actor, values, ["norm_name", "kind"])
        found = _actor_by_name(session, key, kind)
        if created:
            created_under_lock(session, found.id)
    elif changed:
        found.country = actor.country
        session.add(found)
    for alias in dict.fromkeys([actor.name, *actor.aliases]):
        a_key = name_key(alias)[:300]
        if not a_key or a_key == found.norm_name or (cache is not None and (found.id, a_key) in cache.aliases):
            continue
        values = {"actor_id": found.id, "norm_alias": a_key, "alias": alias.strip()[:300]}
        changed |= insert_ignore(session, ActorAlias, values, ["actor_id", "norm_alias"])
        if cache is not None:
            cache.aliases.add((found.id, a_key))
    if changed and cache is not None:
        cache.actors_changed()
    return found.id


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

"""Actors (with event counts) and countries (with event counts)."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import and_, func, or_, select

from app.api.countries_data import country_info
from app.api.deps import (
    IdPath,
    Cursor,
    Limit,
    SessionDep,
    clean_query,
    decode_cursor,
    encode_cursor,
    not_found,
    require_read,
)
from app.api.errors import field_error
from app.api.queries import actor_ids_matching
from app.api.responses import errors
from app.api.serialize import kind
from app.models import Actor, ActorAlias, ActorKind, ActorPage, ActorPublic, CountryList, CountryPublic, EventActor, EventCountry

router = APIRouter(dependencies=[Depends(require_read)])


def _public(session, actors: list[Actor]) -> list[ActorPublic]:
    ids = [a.id for a in actors]
    counts, aliases = {}, defaultdict(list)
    if ids:
        counts = dict(
            session.execute(
                select(EventActor.actor_id, func.count(func.distinct(EventActor.event_id)))
                .where(EventActor.actor_id.in_(ids), EventActor.modality == "asserted")  # what the timeline lists (the link's copy)
                .group_by(EventActor.actor_id)
            ).all()
        )
        for aid, alias in session.execute(
            select(ActorAlias.actor_id, ActorAlias.alias).where(ActorAlias.actor_id.in_(ids)).order_by(ActorAlias.alias)
        ):
            aliases[aid].append(alias)
    return [
        ActorPublic(id=a.id, name=a.name, kind=kind(a.kind), country=a.country, aliases=aliases[a.id], event_count=counts.get(a.id, 0))
        for a in actors
    ]


@router.get("/v1/actors", operation_id="listActors", tags=["actors"], response_model=ActorPage,
            summary="List actors", description="Actors by name, with their aliases and event counts, a page at a time.", responses=errors(401, 422))
def list_actors(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=300, description="Part of a name or alias (any case).", examples=["grenell"])] = None,
    kind: Annotated[ActorKind | None, Query(description="Only actors of this kind.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ActorPage:
    stmt = select(Actor)
    q = clean_query("q", q)
    if q:
        stmt = stmt.where(Actor.id.in_(select(actor_ids_matching(q, param="q").subquery().c[0])))
    if kind:
        stmt = stmt.where(Actor.kind == kind.value)
    if cursor:
        key, after = decode_cursor(cursor, "actors")
        if not isinstance(key, str):
            raise field_error(["query", "cursor"], "not a cursor from this listing (use next_cursor as given)")
        stmt = stmt.where(or_(Actor.norm_name > key, and_(Actor.norm_name == key, Actor.id > after)))
    rows = list(session.execute(stmt.order_by(Actor.norm_name, Actor.id).limit(limit + 1)).scalars())
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        nxt = encode_cursor("actors", rows[-1].norm_name, rows[-1].id)
    return ActorPage(items=_public(session, rows), next_cursor=nxt)


@router.get("/v1/actors/{id}", operation_id="getActor", tags=["actors"], response_model=ActorPublic,
            summary="Get one actor", description="An actor with its aliases and event count.", responses=errors(401, 404, 422))
def get_actor(session: SessionDep, id: IdPath) -> ActorPublic:
    row = session.get(Actor, id)
    if row is None:
        raise not_found("actor", id)
    return _public(session, [row])[0]


@router.get("/v1/countries", operation_id="listCountries", tags=["countries"], response_model=CountryList,
            summary="List countries", description="Countries involved in events, with event counts, most events first.", responses=errors(401, 422))
def list_countries(session: SessionDep) -> CountryList:
    rows = session.execute(
        select(EventCountry.country, func.count().label("n"))
        .where(EventCountry.modality == "asserted")  # what the timeline lists (the link's copy: no join to event)
        .group_by(EventCountry.country).order_by(func.count().desc(), EventCountry.country)
    )
    items = []
    for code, n in rows:
        name, a3 = country_info(code)
        items.append(CountryPublic(code=code, alpha_3=a3, name=name, event_count=n))
    return CountryList(items=items)

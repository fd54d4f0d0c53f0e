"""Actors (with event counts) and countries (with event counts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select

from app.api.countries_data import country_info
from app.api.deps import (
    Cursor,
    IdPath,
    Limit,
    SessionDep,
    clean_query,
    get_or_404,
    require_read,
)
from app.api.listing import Keyset, list_page, text_key
from app.api.queries import actor_ids_matching
from app.api.responses import errors
from app.api.serialize import actors_public
from app.models import Actor, ActorKind, ActorPage, ActorPublic, CountryList, CountryPublic, EventCountry

router = APIRouter(dependencies=[Depends(require_read)])


# by normalised name
ACTORS = Keyset("actors", Actor.id, Actor.norm_name, read_key=text_key)


@router.get("/v1/actors", operation_id="listActors", tags=["actors"], response_model=ActorPage, summary="List actors",
            description="Actors by name, with their aliases and event counts, a page at a time.",
            responses=errors(401, 422))
def list_actors(
    session: SessionDep,
    q: Annotated[
        str | None, Query(max_length=300, description="Part of a name or alias (any case).", examples=["grenell"])
    ] = None,
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
    rows, nxt = list_page(session, stmt, ACTORS, limit, cursor)
    return ActorPage(items=actors_public(session, rows), next_cursor=nxt)


@router.get("/v1/actors/{id}", operation_id="getActor", tags=["actors"], response_model=ActorPublic,
            summary="Get one actor", description="An actor with its aliases and event count.",
            responses=errors(401, 404, 422))
def get_actor(session: SessionDep, id: IdPath) -> ActorPublic:
    return actors_public(session, [get_or_404(session, Actor, id, "actor")])[0]


@router.get("/v1/countries", operation_id="listCountries", tags=["countries"], response_model=CountryList,
            summary="List countries", description="Countries involved in events, with event counts, most events first.",
            responses=errors(401, 422))
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

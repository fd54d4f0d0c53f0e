"""Shared dependencies: settings, the session, API-key auth, cursors and the event filters."""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated
from weakref import WeakKeyDictionary

from fastapi import Depends, Path, Query, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.api.countries_data import country_code
from app.api.errors import ProblemException, field_error
from app.config import Settings
from app.models import DatedBy, Granularity, Modality, _clean

MAX_ID = 2**31 - 1  # ids are 32-bit integers on every backend


# Dependencies that do no I/O are coroutines: FastAPI runs a plain function in a worker thread, one hop to the thread
# pool and back per dependency and request (a listing had six, four of them doing no I/O).


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

_read_engines: WeakKeyDictionary = WeakKeyDictionary()


def read_engine(engine: Engine) -> Engine:
    """`engine` for the listing's reads: on PostgreSQL its connections in autocommit. At READ COMMITTED each statement
    of a transaction sees what was committed before it started, as a statement on its own does, so a read-only
    listing sees the same rows without the BEGIN and ROLLBACK round trips. SQLite keeps its transaction (there it
    holds one snapshot for all of a page's statements)."""
    if engine.dialect.name != "postgresql":
        return engine
    if engine not in _read_engines:
        _read_engines[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return _read_engines[engine]


def get_read_session(request: Request) -> Iterator[Session]:
    with Session(read_engine(request.app.state.engine), expire_on_commit=False) as session:
        yield session


ReadSessionDep = Annotated[Session, Depends(get_read_session)]

BEARER = "bearerAuth"
_bearer = HTTPBearer(auto_error=False, scheme_name=BEARER, description="One of the keys in DATELINE_API_KEYS.")


def _check_key(settings: Settings, authorization: str | None) -> None:
    keys = settings.keys
    if not keys:
        return
    scheme, _, given = (authorization or "").partition(" ")
    ok = False
    for k in keys:  # compare with every key, in constant time
        ok |= hmac.compare_digest(given.strip().encode() if scheme.lower() == "bearer" else b"", k.encode())
    if not ok:
        raise ProblemException(
            401,
            "Authorization: a valid 'Bearer <key>' is required" if authorization else "Authorization: header missing",
            [{"loc": ["header", "Authorization"], "msg": "missing or invalid API key"}],
            headers={"WWW-Authenticate": 'Bearer realm="dateline"'},
        )


async def require_write(
    request: Request, settings: SettingsDep, _: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Writes need a key when keys are configured (declared as bearer security in the schema)."""
    _check_key(settings, request.headers.get("authorization"))


async def require_read(request: Request, settings: SettingsDep) -> None:
    """Reads need a key only with DATELINE_READ_AUTH; the schema declares it then (see app.main)."""
    if settings.read_auth:
        _check_key(settings, request.headers.get("authorization"))


def _query_names(dependant, out: set[str]) -> set[str]:
    for p in dependant.query_params:
        out.add(p.alias)
    for sub in dependant.dependencies:
        _query_names(sub, out)
    return out


_known_query: dict[int, frozenset[str]] = {}

# parameters that once existed, with where to go instead
_MOVED = {("/v1/events", "format"): "exports are GET /v1/events.csv and GET /v1/events.ndjson"}


async def reject_unknown_query(request: Request) -> None:
    """A query parameter the operation does not declare answers 422 naming it (a typo must not widen a filter)."""
    route = request.scope.get("route")
    # pages keep their own
    if not isinstance(route, APIRoute) or not route.include_in_schema or not request.query_params:
        return
    known = _known_query.get(id(route))
    if known is None:
        known = _known_query[id(route)] = frozenset(_query_names(route.dependant, set()))
    unknown = sorted({k for k in request.query_params if k not in known})
    if unknown:
        hint = "; ".join(_MOVED[(route.path, k)] for k in unknown if (route.path, k) in _MOVED)
        allowed = ", ".join(sorted(known)) or "none"
        errors = [{"loc": ["query", k], "msg": "unknown query parameter"} for k in unknown]
        raise ProblemException(
            422, f"{', '.join(unknown)}: unknown query parameter{'s' if len(unknown) > 1 else ''} "
            f"({hint or f'this operation takes: {allowed}'})", errors,
        )


# --------------------------------------------------------------------------- listings (app.api.listing pages them)


Limit = Annotated[int, Query(ge=1, le=200, description="Page size (1..200).")]
Cursor = Annotated[str | None, Query(max_length=512, description="next_cursor of the previous page.")]


def clean_query(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return _clean(value)
    except ValueError as e:
        raise field_error(["query", name], str(e)) from None


# --------------------------------------------------------------------------- event filters

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|z|[+-]\d{2}:?\d{2})?")


def _iso_date(v):
    """A day written as ISO 8601 (2019-03-12): a number (a unix timestamp to pydantic) is no day."""
    if isinstance(v, str) and not _ISO_DATE.fullmatch(v):
        raise ValueError("must be an ISO 8601 date (2019-03-12)")
    return v


def _iso_datetime(v):
    if isinstance(v, str) and not _ISO_DATETIME.fullmatch(v):
        raise ValueError("must be an ISO 8601 date-time (2019-03-12T09:30:00Z)")
    return v


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]


def as_utc(name: str, value: datetime | None) -> datetime | None:
    """`value` in UTC (a value without a zone is read as UTC); 422 naming `name` when UTC has no such instant."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise field_error(["query", name], "out of range: the instant in UTC is before year 1 or after 9999") from None

MAX_VALUES = 20  # values of one repeated filter


@dataclass
class EventFilters:
    actor: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    source: list[str] = field(default_factory=list)
    article_id: int | None = None
    granularity: str | None = None
    dated_by: str | None = None
    modality: list[str] = field(default_factory=lambda: ["asserted"])
    event_type: list[str] = field(default_factory=list)
    min_sources: int | None = None
    published_from: date | None = None
    published_to: date | None = None
    language: str | None = None
    updated_since: datetime | None = None


def _values(name: str, values: list[str] | None, max_length: int, keep_blank: bool = False) -> list[str]:
    """The distinct non-empty values of a repeated filter, in order (blank ones too with `keep_blank`)."""
    if not values:
        return []
    if len(values) > MAX_VALUES:
        raise field_error(["query", name], f"{len(values)} values, at most {MAX_VALUES}")
    out: list[str] = []
    for v in values:
        if len(v) > max_length:
            raise field_error(["query", name], f"a value longer than {max_length} characters")
        v = clean_query(name, v) or ""
        v = v if keep_blank and not v.strip() else v.strip()
        if (v or keep_blank) and v not in out:
            out.append(v)
    return out


ANY_OF = " Repeat for any of several (`{0}=a&{0}=b`)."


async def event_filters(
    actor: Annotated[list[str] | None, Query(
        description="Actor id, or part of a name or alias (any case)." + ANY_OF.format("actor"),
        examples=[["Grenell"]])] = None,
    country: Annotated[list[str] | None, Query(
        description="ISO 3166-1 alpha-2 or alpha-3 code, or a country name." + ANY_OF.format("country"),
        examples=[["DE", "FR"]])] = None,
    date_from: Annotated[IsoDate | None, Query(description="Events whose interval ends on or after this day.")] = None,
    date_to: Annotated[IsoDate | None, Query(description="Events whose interval starts on or before this day.")] = None,
    q: Annotated[str | None, Query(max_length=300, description="Text in the summary (any case).")] = None,
    source: Annotated[list[str] | None, Query(
        description="Source of an article giving evidence (any case)." + ANY_OF.format("source"),
        examples=[["CNN"]])] = None,
    article_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="An article giving evidence.")] = None,
    granularity: Annotated[Granularity | None, Query(description="Granularity of the event's date.")] = None,
    dated_by: Annotated[DatedBy | None, Query(
        description="How the event's date was found: text, narrative or publication.")] = None,
    modality: Annotated[list[Modality] | None, Query(
        description="Whether the event happened: asserted (the default), negated, hypothetical or planned."
        + ANY_OF.format("modality"), examples=[["asserted", "planned"]])] = None,
    event_type: Annotated[list[str] | None, Query(
        description="Coarse event type (statement, meeting, agreement, ...)." + ANY_OF.format("event_type"),
        examples=[["meeting"]])] = None,
    min_sources: Annotated[int | None, Query(
        ge=1, le=1000, description="Events reported by at least this many articles.")] = None,
    published_from: Annotated[IsoDate | None, Query(
        description="Evidence from an article published on or after this day (the publisher's local date).")] = None,
    published_to: Annotated[IsoDate | None, Query(
        description="Evidence from an article published on or before this day.")] = None,
    language: Annotated[str | None, Query(
        max_length=16, description="Evidence from an article in this language (as given at ingest, any case).",
        examples=["en"])] = None,
    updated_since: Annotated[IsoDateTime | None, Query(
        description="Events created or changed at or after this instant (ISO 8601; without a zone, UTC). Orders by "
        "change unless `sort` says otherwise: a change feed.")] = None,
) -> EventFilters:
    q = clean_query("q", q)
    codes = _country_codes(country)
    if date_from and date_to and date_from > date_to:
        raise field_error(["query", "date_from"], f"date_from ({date_from}) is after date_to ({date_to})")
    if published_from and published_to and published_from > published_to:
        raise field_error(["query", "published_from"],
                          f"published_from ({published_from}) is after published_to ({published_to})")
    updated_since = as_utc("updated_since", updated_since)
    language = (clean_query("language", language) or "").strip() or None
    return EventFilters(
        actor=_values("actor", actor, 300), country=codes, date_from=date_from, date_to=date_to, q=q or None,
        source=_values("source", source, 200), article_id=article_id,
        granularity=granularity.value if granularity else None, dated_by=dated_by.value if dated_by else None,
        modality=list(dict.fromkeys(m.value for m in modality)) if modality else ["asserted"],
        event_type=_values("event_type", event_type, 64), min_sources=min_sources,
        published_from=published_from, published_to=published_to, language=language, updated_since=updated_since,
    )


def _country_codes(country: list[str] | None) -> list[str]:
    """The distinct ISO alpha-2 codes the `country` values name, in order; 422 for a value naming no country."""
    codes: list[str] = []
    for c in _values("country", country, 100, keep_blank=True):
        code = country_code(c)
        if code is None:
            raise field_error(["query", "country"], f"unknown country {c!r} (use ISO alpha-2, alpha-3 or a name)")
        if code not in codes:
            codes.append(code)
    return codes


EventFiltersDep = Annotated[EventFilters, Depends(event_filters)]

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The resource's id.")]


def not_found(kind: str, ident: int) -> ProblemException:
    return ProblemException(
        404, f"id: no {kind} with id {ident}", [{"loc": ["path", "id"], "msg": f"no {kind} with id {ident}"}]
    )


def get_or_404(session: Session, model, ident: int, kind: str):
    """The row of `model` with id `ident`; 404 naming the `kind` of resource when there is none."""
    row = session.get(model, ident)
    if row is None:
        raise not_found(kind, ident)
    return row

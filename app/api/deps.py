"""Shared dependencies: settings, the session, API-key auth, cursors and the event filters."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from app.api.countries_data import country_code
from app.api.errors import ProblemException, field_error
from app.config import Settings
from app.models import GRANULARITIES, DatedBy, _clean

MAX_ID = 2**31 - 1  # ids are 32-bit integers on every backend


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="One of the keys in DATELINE_API_KEYS.")


def _check_key(settings: Settings, creds: HTTPAuthorizationCredentials | None) -> None:
    keys = settings.keys
    if not keys:
        return
    given = (creds.credentials if creds else "").encode()
    ok = False
    for k in keys:  # compare with every key, in constant time
        ok |= hmac.compare_digest(given, k.encode())
    if not ok:
        raise ProblemException(
            401,
            "Authorization: a valid 'Bearer <key>' is required" if creds else "Authorization: header missing",
            [{"loc": ["header", "Authorization"], "msg": "missing or invalid API key"}],
            headers={"WWW-Authenticate": 'Bearer realm="dateline"'},
        )


def require_write(settings: SettingsDep, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    _check_key(settings, creds)


def require_read(settings: SettingsDep, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    if settings.read_auth:
        _check_key(settings, creds)


# --------------------------------------------------------------------------- cursors


def encode_cursor(kind: str, key, ident: int) -> str:
    raw = json.dumps([kind, key, ident], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str) -> tuple:
    """The (key, id) in an opaque cursor made by `encode_cursor` for the same `kind` of listing."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        k, key, ident = json.loads(raw)
        if k != kind or not isinstance(ident, int) or isinstance(ident, bool):
            raise ValueError
        return key, ident
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError):
        raise field_error(["query", "cursor"], "not a cursor from this listing (use next_cursor as given)") from None


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


@dataclass
class EventFilters:
    actor: str | None
    country: str | None
    date_from: date | None
    date_to: date | None
    q: str | None
    source: str | None
    article_id: int | None
    granularity: str | None
    dated_by: str | None = None


def event_filters(
    actor: Annotated[str | None, Query(max_length=300, description="Actor id, or part of a name or alias (any case).", examples=["Grenell"])] = None,
    country: Annotated[str | None, Query(max_length=100, description="ISO 3166-1 alpha-2 or alpha-3 code, or a country name.", examples=["DE"])] = None,
    date_from: Annotated[date | None, Query(description="Events whose interval ends on or after this day.")] = None,
    date_to: Annotated[date | None, Query(description="Events whose interval starts on or before this day.")] = None,
    q: Annotated[str | None, Query(max_length=300, description="Text in the summary (any case).")] = None,
    source: Annotated[str | None, Query(max_length=200, description="Source of an article giving evidence (any case).")] = None,
    article_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="An article giving evidence.")] = None,
    granularity: Annotated[Literal[GRANULARITIES] | None, Query(description="Granularity of the event's date.")] = None,  # type: ignore[valid-type]
    dated_by: Annotated[DatedBy | None, Query(description="How the event's date was found: text, narrative or publication.")] = None,
) -> EventFilters:
    actor, q, source = clean_query("actor", actor), clean_query("q", q), clean_query("source", source)
    code = None
    if country is not None:
        code = country_code(clean_query("country", country))
        if code is None:
            raise field_error(["query", "country"], f"unknown country {country!r} (use ISO alpha-2, alpha-3 or a name)")
    if date_from and date_to and date_from > date_to:
        raise field_error(["query", "date_from"], f"date_from ({date_from}) is after date_to ({date_to})")
    return EventFilters(actor or None, code, date_from, date_to, q or None, source or None, article_id, granularity,
                        dated_by.value if dated_by else None)


EventFiltersDep = Annotated[EventFilters, Depends(event_filters)]


def not_found(kind: str, ident: int) -> ProblemException:
    return ProblemException(404, f"id: no {kind} with id {ident}", [{"loc": ["path", "id"], "msg": f"no {kind} with id {ident}"}])

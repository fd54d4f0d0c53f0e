"""The one keyset paginator of every listing (events, articles, actors) and its opaque cursors.

A listing is sorted by a key column then the id, both ascending or both descending; a cursor carries the last row's
key and id (and, for events, the instant the walk started), so the next page starts right after it whatever was
written in between."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, or_
from sqlmodel import Session

from app.api.deps import MAX_ID
from app.api.errors import ProblemException, field_error
from app.models import _clean

# --------------------------------------------------------------------------- cursors


def encode_cursor(kind: str, key, ident: int, as_of: str | None = None) -> str:
    raw = json.dumps([kind, key, ident] + ([as_of] if as_of else []), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


_CURSOR_CHARS = re.compile(r"[A-Za-z0-9_-]+={0,2}")
MAX_CURSOR_KEY = 300  # the longest key a listing puts in a cursor (an actor's normalised name)


def bad_cursor() -> ProblemException:
    return field_error(["query", "cursor"], "not a cursor from this listing (use next_cursor as given)")


def decode_cursor(cursor: str, kind: str) -> tuple:
    """(key, id, as_of) of an opaque cursor made by `encode_cursor` for the same `kind` of listing; as_of (the instant
    the walk started, ISO 8601) is None in cursors without one.

    Checked before it reaches SQL: base64url characters only, a JSON [kind, key, id] triple (or with as_of), the id
    within the database's integer range, the key and as_of null or strings of at most MAX_CURSOR_KEY characters that
    a database can compare (no NUL, no lone surrogate). Anything else answers 422 naming `cursor`."""
    if not _CURSOR_CHARS.fullmatch(cursor):
        raise bad_cursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        items = json.loads(raw.decode("utf-8"))
        if not isinstance(items, list) or len(items) not in (3, 4):
            raise ValueError
        k, key, ident, as_of = (*items, None) if len(items) == 3 else items
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise bad_cursor() from None
    if k != kind or not isinstance(ident, int) or isinstance(ident, bool) or not 0 <= ident <= MAX_ID:
        raise bad_cursor()
    for text in (key, as_of):
        if text is not None:
            _check_text(text)
    return key, ident, as_of


def _check_text(text) -> None:
    if not isinstance(text, str) or len(text) > MAX_CURSOR_KEY:
        raise bad_cursor()
    try:
        _clean(text)
    except ValueError:
        raise bad_cursor() from None


# --------------------------------------------------------------------------- keyset pages


def no_key(raw) -> None:
    """A listing sorted by id alone reads no key from its cursors."""


def text_key(raw) -> str:
    """A text key (a name); anything else is no cursor of the listing."""
    if not isinstance(raw, str):
        raise bad_cursor()
    return raw


@dataclass(frozen=True)
class Keyset:
    """The order of a listing: by `key` (None: by id alone), then `ident`; `kind` names the listing in its cursors
    and `read_key` turns a cursor's key back into a value of the key column (422 naming `cursor` when it cannot)."""

    kind: str
    ident: object
    key: object = None
    desc: bool = False
    read_key: Callable = no_key

    def order_by(self) -> list:
        columns = [self.ident] if self.key is None else [self.key, self.ident]
        return [c.desc() for c in columns] if self.desc else columns

    def after(self, key, ident: int):
        """The rows after the row with (key, ident), in this order."""
        if self.key is None:
            return self.ident < ident if self.desc else self.ident > ident
        if self.desc:
            return or_(self.key < key, and_(self.key == key, self.ident < ident))
        return or_(self.key > key, and_(self.key == key, self.ident > ident))

    def key_of(self, row):
        """The key a cursor carries for `row` (dates and instants as ISO 8601)."""
        if self.key is None:
            return None
        value = getattr(row, self.key.key)
        return value.isoformat() if isinstance(value, date | datetime) else value


@dataclass(frozen=True)
class Position:
    """Where a cursor points: after the row with this key and id; `as_of` as the cursor carries it (or None)."""

    key: object
    ident: int
    as_of: str | None


def read_cursor(cursor: str, keyset: Keyset) -> Position:
    raw, ident, as_of = decode_cursor(cursor, keyset.kind)
    return Position(keyset.read_key(raw), ident, as_of)


def start_after(q: Select, keyset: Keyset, cursor: str | None) -> tuple[Select, Position | None]:
    """`q` narrowed to the rows after the row `cursor` names (unchanged without a cursor), and where it points."""
    if not cursor:
        return q, None
    at = read_cursor(cursor, keyset)
    return q.where(keyset.after(at.key, at.ident)), at


def keyset_page(
    session: Session, q: Select, keyset: Keyset, limit: int, as_of: str | None = None, scalars: bool = True
) -> tuple[list, str | None]:
    """The first `limit` rows of `q` in the keyset's order, and the cursor of the next page (carrying `as_of`), None
    on the last page. The rows are `q`'s first column (its entity) or, without `scalars`, whole rows."""
    result = session.execute(q.order_by(*keyset.order_by()).limit(limit + 1))
    rows = list(result.scalars() if scalars else result)
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(keyset.kind, keyset.key_of(rows[-1]), rows[-1].id, as_of)


def list_page(session: Session, q: Select, keyset: Keyset, limit: int, cursor: str | None) -> tuple[list, str | None]:
    """A page of `q` after the row `cursor` names (the first page without one), and the next page's cursor."""
    q, _ = start_after(q, keyset, cursor)
    return keyset_page(session, q, keyset, limit)

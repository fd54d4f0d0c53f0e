"""The SQL that differs between SQLite and PostgreSQL (insert-or-ignore, a column among many ids), and LIKE patterns
(both dialects escape with a backslash)."""

from __future__ import annotations

from sqlalchemy import ARRAY, Integer, any_, bindparam
from sqlmodel import Session


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def insert_ignore(session: Session, table, values: dict, keys: list[str]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING (SQLite and PostgreSQL), safe under concurrent writers; True if inserted."""
    if is_postgres(session):
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
    return session.execute(stmt.returning(*table.__table__.primary_key.columns)).first() is not None


def among_ids(dialect: str, column):
    """`column` among the ids given at execution as the parameter `ids`, for a statement built once per `dialect` (an
    engine's dialect name). On PostgreSQL one array parameter (`= ANY`): the statement's text is the same whatever the
    number of ids, so the driver prepares it once and the server stops parsing and planning it for every page (an IN
    list has a text per length). SQLite has no arrays: an expanding IN."""
    if dialect == "sqlite":
        return column.in_(bindparam("ids", expanding=True))
    return column == any_(bindparam("ids", type_=ARRAY(Integer)))


def escape_like(text: str) -> str:
    """`text` matched literally inside a LIKE pattern (with `escape="\\\\"`): its wildcards and backslashes escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str) -> str:
    """A LIKE pattern (with `escape="\\\\"`) matching any value that contains `text`."""
    return f"%{escape_like(text)}%"

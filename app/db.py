"""Engine, session dependency and programmatic Alembic migrations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "migrations"

_engines: dict[str, Engine] = {}


def make_engine(url: str) -> Engine:
    """A new engine for `url`. SQLite gets foreign keys, WAL and a busy timeout for concurrent writers."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - exercised by every SQLite connection
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def get_engine(url: str | None = None) -> Engine:
    """One cached engine per URL (default: the configured DATABASE_URL)."""
    if url is None:
        from app.config import get_settings

        url = get_settings().database_url
    if url not in _engines:
        _engines[url] = make_engine(url)
    return _engines[url]


def session_for(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Upgrade the schema to `revision` (Alembic, the only way the schema changes)."""
    from alembic import command

    if url is None:
        from app.config import get_settings

        url = get_settings().database_url
    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(url: str, revision: str = "base") -> None:
    from alembic import command

    engine = get_engine(url)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


_heads: dict[str, str | None] = {}


def schema_revision(engine: Engine) -> tuple[str | None, str | None]:
    """(the database's Alembic revision, None before any migration; the code's head revision). Raises
    OperationalError when the database cannot be reached."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    if "head" not in _heads:
        _heads["head"] = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        try:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no alembic_version table: never migrated
            current = None
    return current, _heads["head"]

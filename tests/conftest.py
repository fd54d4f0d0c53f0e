"""Shared fixtures: real databases (a SQLite file and a PostgreSQL server) and HTTP clients over them.

PostgreSQL comes from TEST_POSTGRES_URL (scripts/test.sh starts one); without it a throwaway server is
started here with scripts/pg.sh. Every xdist worker gets its own database on that server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["evidence", "event_country", "event_actor", "actor_alias", "event", "actor", "article", "event_month_count"]
BACKENDS = ["sqlite", "postgres"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """A PostgreSQL server's URL (a database on it that may be used to create others)."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        yield url
        return
    folder = tempfile.mkdtemp(prefix="dateline-pg-")
    os.chmod(folder, 0o755)
    try:
        out = subprocess.run(
            ["bash", str(ROOT / "scripts" / "pg.sh"), "start", folder, str(_free_port())],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        yield out.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "pg.sh"), "stop", folder], capture_output=True, timeout=120, check=False
        )
        shutil.rmtree(folder, ignore_errors=True)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def fresh_pg_database(server_url: str, name: str) -> str:
    """Create (or re-create) database `name` on the server; returns its URL."""
    import psycopg

    u = make_url(server_url)
    conninfo = u.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return u.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    from app.db import migrate

    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'dateline.db'}"
    migrate(url)
    return url


@pytest.fixture(scope="session")
def postgres_url(pg_server_url) -> str:
    from app.db import migrate

    url = fresh_pg_database(pg_server_url, f"dateline_api_{_worker()}")
    migrate(url)
    return url


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend, request) -> str:
    """A migrated database on `backend`, emptied before the test."""
    from app.db import get_engine

    url = request.getfixturevalue(f"{backend}_url")
    engine = get_engine(url)
    with engine.begin() as conn:
        if backend == "postgres":
            conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
        else:
            for t in TABLES:
                conn.execute(text(f"DELETE FROM {t}"))
    return url


@pytest.fixture
def make_client(db_url) -> Iterator[Callable]:
    """make_client(**settings) -> a TestClient over a fresh app on the test database."""
    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    clients = []

    def make(**overrides):
        settings = Settings(database_url=db_url, **{"api_keys": "", **overrides})
        c = TestClient(create_app(settings), raise_server_exceptions=False)
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def client(make_client):
    """An HTTP client over the app on each backend (parametrized: sqlite, postgres)."""
    return make_client()


@pytest.fixture
def session(db_url):
    from sqlmodel import Session

    from app.db import get_engine

    with Session(get_engine(db_url), expire_on_commit=False) as s:
        yield s

"""The schema comes only from migrations: up, down and up again on both backends, and no drift from the models."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from app.db import downgrade, get_engine, migrate
from tests.conftest import fresh_pg_database

TABLES = {"article", "event", "actor", "actor_alias", "event_actor", "event_country", "evidence"}


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return fresh_pg_database(request.getfixturevalue("pg_server_url"), f"dateline_mig_{worker}")


def _tables(url):
    return set(inspect(get_engine(url)).get_table_names()) - {"alembic_version"}


def test_up_down_up(empty_url):
    migrate(empty_url)
    assert _tables(empty_url) == TABLES
    insp = inspect(get_engine(empty_url))
    indexed = {tuple(ix["column_names"]) for t in TABLES for ix in insp.get_indexes(t)}
    assert {("date_start", "id"), ("date_end",), ("actor_id", "date_start", "date_end", "event_id"),
            ("country", "date_start", "date_end", "event_id"), ("source",)} <= indexed
    uniques = {tuple(u["column_names"]) for u in insp.get_unique_constraints("article")}
    assert {("external_id",), ("content_hash",)} <= uniques
    downgrade(empty_url, "base")
    assert _tables(empty_url) == set()
    migrate(empty_url)
    assert _tables(empty_url) == TABLES
    get_engine(empty_url).dispose()


def test_models_match_migrations(empty_url):
    migrate(empty_url)
    with get_engine(empty_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == []
    get_engine(empty_url).dispose()


def test_migrate_is_idempotent(empty_url):
    migrate(empty_url)
    migrate(empty_url)
    assert _tables(empty_url) == TABLES
    get_engine(empty_url).dispose()


def test_0003_backfills_link_dates_from_events(empty_url):
    from sqlalchemy import text

    migrate(empty_url, "0002")
    with get_engine(empty_url).begin() as c:
        c.execute(text("INSERT INTO actor (id, name, norm_name, kind) VALUES (1, 'Germany', 'germany', 'country')"))
        c.execute(text("INSERT INTO event (id, value, date_start, date_end, granularity, summary, \"trigger\", confidence, created_at) "
                       "VALUES (1, '2019-W10', '2019-03-04', '2019-03-10', 'week', 's', 't', 0.5, '2019-03-12 00:00:00')"))
        c.execute(text("INSERT INTO event_actor (event_id, actor_id, role) VALUES (1, 1, 'source')"))
        c.execute(text("INSERT INTO event_country (event_id, country) VALUES (1, 'DE')"))
    migrate(empty_url)
    with get_engine(empty_url).connect() as c:
        for table in ("event_actor", "event_country"):
            start, end = c.execute(text(f"SELECT date_start, date_end FROM {table}")).one()
            assert (str(start), str(end)) == ("2019-03-04", "2019-03-10")
    downgrade(empty_url, "0002")
    with get_engine(empty_url).connect() as c:
        assert c.execute(text("SELECT count(*) FROM event_actor")).scalar_one() == 1
    get_engine(empty_url).dispose()

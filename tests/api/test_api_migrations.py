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
    assert {("date_start", "id"), ("date_end",), ("actor_id", "event_id"), ("country", "event_id"), ("source",)} <= indexed
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

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

TABLES = {"article", "event", "actor", "actor_alias", "event_actor", "event_country", "evidence", "event_month_count"}
# the ingest job queue (0010), PostgreSQL only: procrastinate's tables and what each job ended with
QUEUE = {
    "procrastinate_jobs",
    "procrastinate_events",
    "procrastinate_workers",
    "procrastinate_periodic_defers",
    "job_outcome",
}


# indexes of an expression on one database only, which the models (shared by both) do not declare: each event's length
# in days (0012, PostgreSQL), read by the listing's date window
MIGRATION_ONLY_INDEXES = {"ix_event_span"}


def _queue_object(obj, name, type_, reflected, compare_to) -> bool:
    """For compare_metadata: the queue's tables are not SQLModel tables (the service's models cover both databases),
    and the MIGRATION_ONLY_INDEXES are the migrations' own."""
    if type_ == "index" and reflected and compare_to is None and name in MIGRATION_ONLY_INDEXES:
        return False
    return not (type_ == "table" and name in QUEUE) and not (
        type_ in ("index", "column") and getattr(obj, "table", None) is not None and obj.table.name in QUEUE
    )


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return fresh_pg_database(request.getfixturevalue("pg_server_url"), f"dateline_mig_{worker}")


def _tables(url):
    return set(inspect(get_engine(url)).get_table_names()) - {"alembic_version"} - QUEUE


def _queue_tables(url):
    return set(inspect(get_engine(url)).get_table_names()) & QUEUE


def test_up_down_up(empty_url):
    migrate(empty_url)
    assert _tables(empty_url) == TABLES
    insp = inspect(get_engine(empty_url))
    indexed = {tuple(ix["column_names"]) for t in TABLES for ix in insp.get_indexes(t)}
    assert {
        ("date_start", "id"),
        ("date_end",),
        ("actor_id", "modality", "date_start", "date_end", "event_id"),
        ("country", "modality", "date_start", "date_end", "event_id"),
        ("modality", "date_start", "date_end", "country"),
        ("source",),
        ("dated_by", "date_start", "id"),
        ("reported_by_id",),
    } <= indexed
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
        opts = {"compare_type": True, "include_object": _queue_object}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), SQLModel.metadata)
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
        c.execute(
            text(
                'INSERT INTO event (id, value, date_start, date_end, granularity, summary, "trigger", '
                'confidence, created_at) '
                "VALUES (1, '2019-W10', '2019-03-04', '2019-03-10', 'week', 's', 't', 0.5, '2019-03-12 00:00:00')"
            )
        )
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


def _columns(url, table):
    return {c["name"] for c in inspect(get_engine(url)).get_columns(table)}


def _store_at_0003(url):
    """One article, event, actor, link and evidence row, as a database at 0003 holds them."""
    from sqlalchemy import text

    with get_engine(url).begin() as c:
        c.execute(
            text(
                "INSERT INTO actor (id, name, norm_name, kind, country) VALUES (1, 'Germany', 'germany', "
                "'country', 'DE')"
            )
        )
        c.execute(text("INSERT INTO actor (id, name, norm_name, kind) VALUES (2, 'Officials', 'officials', 'group')"))
        c.execute(
            text(
                "INSERT INTO article (id, content_hash, source, published_at, text, ingested_at) "
                "VALUES (1, 'h', 'Wire', '2019-03-12', 'Germany announced March 7 that it would act.', "
                "'2019-03-12 00:00:00')"
            )
        )
        c.execute(
            text(
                'INSERT INTO event (id, value, date_start, date_end, granularity, summary, "trigger", '
                'confidence, created_at) '
                "VALUES (1, '2019-03-07', '2019-03-07', '2019-03-07', 'day', 'Germany announced', 'announce', "
                "0.5, '2019-03-12 00:00:00')"
            )
        )
        c.execute(
            text(
                "INSERT INTO event_actor (event_id, actor_id, role, date_start, date_end) VALUES (1, 1, "
                "'source', '2019-03-07', '2019-03-07')"
            )
        )
        c.execute(
            text(
                "INSERT INTO event_country (event_id, country, date_start, date_end) VALUES (1, 'DE', "
                "'2019-03-07', '2019-03-07')"
            )
        )
        c.execute(
            text(
                "INSERT INTO evidence (id, event_id, article_id, sentence, sentence_start, sentence_end, expression, "
                "expression_start, expression_end, value, granularity, date_start, date_end) VALUES (1, 1, 1, "
                "'Germany announced March 7 that it would act.', 0, 44, 'March 7', 18, 25, '2019-03-07', "
                "'day', '2019-03-07', '2019-03-07')"
            )
        )


def _counts(url):
    from sqlalchemy import text

    with get_engine(url).connect() as c:
        # event_month_count is derived (counted by triggers from 0008 on)
        return {
            t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in sorted(TABLES - {"event_month_count"})
        }


NEW_EVIDENCE = {"trigger_text", "trigger_start", "trigger_end", "dated_by", "reported_by_id"}


def test_0004_adds_the_evidence_fields_and_keeps_rows_down_and_up(empty_url):
    from fastapi.testclient import TestClient
    from sqlalchemy import text

    from app.config import Settings
    from app.main import create_app

    migrate(empty_url, "0003")
    _store_at_0003(empty_url)
    before = _counts(empty_url)
    migrate(empty_url, "0004")
    assert NEW_EVIDENCE <= _columns(empty_url, "evidence") and "dated_by" in _columns(empty_url, "event")
    assert _counts(empty_url) == before
    with get_engine(empty_url).connect() as c:
        row = c.execute(
            text("SELECT trigger_text, trigger_start, trigger_end, dated_by, reported_by_id FROM evidence")
        ).one()
        assert tuple(row) == ("", None, None, "text", None)
        assert c.execute(text("SELECT dated_by FROM event")).scalar_one() == "text"
    fks = inspect(get_engine(empty_url)).get_foreign_keys("evidence")
    (fk,) = [f for f in fks if f["constrained_columns"] == ["reported_by_id"]]
    assert (
        fk["referred_table"] == "actor"
        and fk["referred_columns"] == ["id"]
        and fk["options"].get("ondelete") == "SET NULL"
    )

    # a row stored before reads over HTTP (at head): no trigger offsets, dated by the text
    migrate(empty_url)
    with TestClient(create_app(Settings(database_url=empty_url, api_keys="")), raise_server_exceptions=False) as client:
        (ev,) = client.get("/v1/events").json()["items"]
        assert ev["dated_by"] == "text"
        (src,) = ev["sources"]
        assert (src["trigger_text"], src["trigger_start"], src["trigger_end"], src["dated_by"], src["reported_by"]) == (
            "",
            None,
            None,
            "text",
            None,
        )
        assert [e["id"] for e in client.get("/v1/events", params={"dated_by": "text"}).json()["items"]] == [1]

    # the sayer's actor going leaves the evidence, without its sayer
    with get_engine(empty_url).begin() as c:
        c.execute(
            text(
                "UPDATE evidence SET reported_by_id = 2, trigger_text = 'announced', trigger_start = 8, "
                "trigger_end = 17"
            )
        )
        c.execute(text("DELETE FROM actor WHERE id = 2"))
    with get_engine(empty_url).connect() as c:
        assert c.execute(text("SELECT reported_by_id FROM evidence")).scalar_one() is None
    before = _counts(empty_url)

    downgrade(empty_url, "0003")
    assert not NEW_EVIDENCE & _columns(empty_url, "evidence") and "dated_by" not in _columns(empty_url, "event")
    assert _counts(empty_url) == before, "going down keeps every row"
    downgrade(empty_url, "0001")
    assert _counts(empty_url) == before
    migrate(empty_url, "0004")
    migrate(empty_url)
    assert NEW_EVIDENCE <= _columns(empty_url, "evidence")
    assert _counts(empty_url) == before
    get_engine(empty_url).dispose()


def test_0005_adds_updated_at_from_created_at_and_keeps_rows_down_and_up(empty_url):
    from sqlalchemy import text

    migrate(empty_url, "0003")
    _store_at_0003(empty_url)
    migrate(empty_url, "0004")
    before = _counts(empty_url)
    migrate(empty_url, "0005")
    assert "updated_at" in _columns(empty_url, "event") and _counts(empty_url) == before
    with get_engine(empty_url).connect() as c:
        created, updated = c.execute(text("SELECT created_at, updated_at FROM event")).one()
        assert updated == created
    indexed = {tuple(ix["column_names"]) for ix in inspect(get_engine(empty_url)).get_indexes("event")}
    assert ("updated_at", "id") in indexed
    downgrade(empty_url, "0004")
    assert "updated_at" not in _columns(empty_url, "event") and _counts(empty_url) == before
    migrate(empty_url)
    assert _counts(empty_url) == before
    get_engine(empty_url).dispose()


def test_0007_copies_each_event_modality_onto_its_links_and_keeps_rows_down_and_up(empty_url):
    from sqlalchemy import text

    migrate(empty_url, "0003")
    _store_at_0003(empty_url)
    migrate(empty_url, "0006")
    with get_engine(empty_url).begin() as c:  # a second event, planned, with its links
        c.execute(
            text(
                'INSERT INTO event (id, value, date_start, date_end, granularity, summary, "trigger", confidence, '
                "created_at, updated_at, modality) VALUES (2, '2019-03-15', '2019-03-15', '2019-03-15', 'day', "
                "'Germany will act', 'act', 0.5, '2019-03-12 00:00:00', '2019-03-12 00:00:00', 'planned')"
            )
        )
        c.execute(
            text(
                "INSERT INTO event_actor (event_id, actor_id, role, date_start, date_end) VALUES (2, 1, "
                "'source', '2019-03-15', '2019-03-15')"
            )
        )
        c.execute(
            text(
                "INSERT INTO event_country (event_id, country, date_start, date_end) VALUES (2, 'DE', "
                "'2019-03-15', '2019-03-15')"
            )
        )
    before = _counts(empty_url)
    migrate(empty_url, "0007")
    assert _counts(empty_url) == before
    with get_engine(empty_url).connect() as c:
        for table in ("event_actor", "event_country"):
            rows = c.execute(text(f"SELECT event_id, modality FROM {table} ORDER BY event_id")).all()
            assert [tuple(r) for r in rows] == [(1, "asserted"), (2, "planned")]
    downgrade(empty_url, "0006")
    assert "modality" not in _columns(empty_url, "event_actor") | _columns(empty_url, "event_country")
    assert _counts(empty_url) == before
    indexed = {
        tuple(ix["column_names"])
        for t in ("event_actor", "event_country")
        for ix in inspect(get_engine(empty_url)).get_indexes(t)
    }
    assert {
        ("actor_id", "date_start", "date_end", "event_id"),
        ("country", "date_start", "date_end", "event_id"),
    } <= indexed
    migrate(empty_url)
    assert _counts(empty_url) == before
    get_engine(empty_url).dispose()


def test_0008_counts_stored_events_per_month_and_keeps_counting_down_and_up(empty_url):
    from sqlalchemy import text

    migrate(empty_url, "0003")
    _store_at_0003(empty_url)  # one event on 2019-03-07, in DE
    migrate(empty_url, "0008")
    month = lambda c: sorted(
        (str(m)[:7], mod, cc, n)
        for m, mod, cc, n in c.execute(text("SELECT month, modality, country, n FROM event_month_count WHERE n > 0"))
    )
    with get_engine(empty_url).connect() as c:
        assert month(c) == [("2019-03", "asserted", "", 1), ("2019-03", "asserted", "DE", 1)]
    with get_engine(empty_url).begin() as c:  # a re-dating moves the counts; a delete takes them away
        c.execute(text("UPDATE event SET date_start = '2019-04-02', date_end = '2019-04-02'"))
        c.execute(text("UPDATE event_country SET date_start = '2019-04-02', date_end = '2019-04-02'"))
    with get_engine(empty_url).connect() as c:
        assert month(c) == [("2019-04", "asserted", "", 1), ("2019-04", "asserted", "DE", 1)]
    with get_engine(empty_url).begin() as c:
        c.execute(text("DELETE FROM event_country"))
    with get_engine(empty_url).connect() as c:
        assert month(c) == [("2019-04", "asserted", "", 1)]
    before = _counts(empty_url)
    downgrade(empty_url, "0007")
    assert "event_month_count" not in _tables(empty_url) and _counts(empty_url) == before
    with get_engine(empty_url).begin() as c:  # no trigger left behind
        c.execute(text("UPDATE event SET date_start = '2019-05-02', date_end = '2019-05-02'"))
    migrate(empty_url)
    with get_engine(empty_url).connect() as c:
        assert month(c) == [("2019-05", "asserted", "", 1)]
    get_engine(empty_url).dispose()


def _procrastinate_objects(url) -> int:
    from sqlalchemy import text

    with get_engine(url).connect() as c:
        return c.execute(
            text(
                "SELECT (SELECT count(*) FROM pg_proc WHERE proname LIKE 'procrastinate%') + "
                "(SELECT count(*) FROM pg_type WHERE typname LIKE 'procrastinate%')"
            )
        ).scalar_one()


def _before_0010() -> str:
    from alembic.script import ScriptDirectory

    from app.db import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision("0010").down_revision


def test_0010_the_job_queue_is_postgresql_only_and_goes_down_whole(empty_url):
    migrate(empty_url)
    if empty_url.startswith("sqlite"):
        assert _queue_tables(empty_url) == set(), "the embedded database keeps its schema: no queue"
    else:
        assert _queue_tables(empty_url) == QUEUE and _procrastinate_objects(empty_url) > 20
        fks = inspect(get_engine(empty_url)).get_foreign_keys("job_outcome")
        assert [(f["referred_table"], f["options"].get("ondelete")) for f in fks] == [("procrastinate_jobs", "CASCADE")]
    downgrade(empty_url, _before_0010())
    assert _queue_tables(empty_url) == set() and _tables(empty_url) == TABLES
    if not empty_url.startswith("sqlite"):
        assert _procrastinate_objects(empty_url) == 0, "functions or types of the queue left behind"
    migrate(empty_url)
    assert _tables(empty_url) == TABLES
    get_engine(empty_url).dispose()

"""bench/api.py writes its synthetic events straight into the tables (COPY on PostgreSQL): the rows must be the ones
the storage layer writes for the same extraction results, link copies of dates and modality included."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from app.db import get_engine
from app.store.bulk import bulk_store
from bench.api import generate, load
from tests.conftest import TABLES


def _dump(url) -> dict:
    """Every stored row, by what it says rather than by id."""
    queries = {
        "article": "SELECT external_id, content_hash, source, title, url, language, published_at, text FROM article",
        "event": 'SELECT value, date_start, date_end, granularity, summary, "trigger", event_type, location, '
        "confidence, "
        "dated_by, modality FROM event",
        "event_actor": "SELECT e.summary, a.name, a.kind, a.country, ea.role, ea.date_start, ea.date_end, ea.modality "
        "FROM event_actor ea JOIN event e ON e.id = ea.event_id JOIN actor a ON a.id = ea.actor_id",
        "event_country": "SELECT e.summary, ec.country, ec.date_start, ec.date_end, ec.modality "
        "FROM event_country ec JOIN event e ON e.id = ec.event_id",
        "evidence": "SELECT e.summary, ar.external_id, x.sentence, x.sentence_start, x.sentence_end, x.expression, "
        "x.expression_start, x.expression_end, x.value, x.granularity, x.date_start, x.date_end, x.trigger_text, "
        "x.trigger_start, x.trigger_end, x.dated_by, x.reported_by_id "
        "FROM evidence x JOIN event e ON e.id = x.event_id JOIN article ar ON ar.id = x.article_id",
        "actor": "SELECT name, norm_name, kind, country FROM actor",
    }
    with get_engine(url).connect() as c:
        return {k: sorted(tuple(str(v) for v in row) for row in c.execute(text(q))) for k, q in queries.items()}


def test_the_bench_loader_writes_what_the_storage_layer_writes(db_url):
    load(db_url, 777, 40)
    fast = _dump(db_url)
    assert len(fast["event"]) == 777 and len(fast["article"]) == 16
    with get_engine(db_url).begin() as c:
        for t in TABLES:
            c.execute(text(f"DELETE FROM {t}"))
    pairs, _ = generate(777, 50, 40)
    with Session(get_engine(db_url)) as s:
        bulk_store(s, pairs)
    assert _dump(db_url) == fast

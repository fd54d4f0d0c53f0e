"""Load the seed articles (seeds/*.json) through the same ingest path as the API, idempotently."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError
from sqlmodel import Session

from app.db import ROOT, get_engine, migrate
from app.ingest import ExtractionFailed, ingest
from app.models import ArticleCreate

FIELDS = ("external_id", "source", "title", "url", "published_at", "language", "text", "content_type")


def load_seeds(path: str | Path | None = None, database_url: str | None = None) -> Iterator[str]:
    """Migrate, then ingest every seeds/*.json; yields one log line per file."""
    folder = Path(path) if path else ROOT / "seeds"
    if not folder.is_dir():
        yield f"no seed folder at {folder}"
        return
    if database_url is None:
        from app.config import get_settings

        database_url = get_settings().database_url
    migrate(database_url)
    files = sorted(folder.glob("*.json"))
    if not files:
        yield f"no seed articles in {folder}"
    with Session(get_engine(database_url), expire_on_commit=False) as session:
        for f in files:
            try:
                raw = json.loads(f.read_text("utf-8"))
                article = ArticleCreate(**{k: raw[k] for k in FIELDS if k in raw})
                stored = ingest(session, article)
            except (OSError, ValueError, ValidationError, ExtractionFailed) as e:
                yield f"{f.name}: skipped ({type(e).__name__}: {str(e).splitlines()[0]})"
                continue
            state = "loaded" if stored.created else "already stored"
            yield f"{f.name}: {state} as article {stored.article.id}, {len(stored.event_ids)} events"

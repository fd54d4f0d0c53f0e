"""The ingest flow, article -> extraction -> storage, shared by the API, `dateline ingest` (app/bulk.py) and the
queue's workers (app/jobs.py): a stored duplicate is answered as it is; otherwise extraction (CPU-bound) runs with
no transaction open, then `app.store` stores its `ExtractionResult` in one transaction per article, merging its
events into stored ones.
"""

from __future__ import annotations

from sqlmodel import Session

from app.extraction import types as xt
from app.models import ArticleCreate
from app.store.articles import ExternalIdConflict, Stored, content_hash, event_ids_of, find_existing, store_article
from app.temporal.iso import parse_iso


class ExtractionFailed(Exception):
    """The extractor refused this article's input (an ExtractionInputError): a 422 naming `field`. Any other
    exception from the extractor is a bug and propagates (a logged 500)."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field, self.problem = field, problem


def _input_error(e: Exception) -> ExtractionFailed:
    return ExtractionFailed(getattr(e, "field", "text"), getattr(e, "problem", str(e)))


def run_extraction(article_in: ArticleCreate) -> xt.ExtractionResult:
    """The extractor on one article: ExtractionFailed for input it refuses; anything else it raises propagates."""
    from app import budget
    from app.extraction import extract
    from app.extraction.errors import ExtractionInputError

    try:
        return budget.call(
            extract,
            article_in.text,
            parse_iso(article_in.published_at),
            source=article_in.source,
            language=article_in.language,
            content_type=article_in.content_type,
        )
    except ExtractionInputError as e:
        raise _input_error(e) from None


def run_extractions(articles: list[ArticleCreate]) -> list[xt.ExtractionResult | ExtractionFailed]:
    """Several articles through the extractor in one batch (spaCy parses them together). An article whose input
    the extractor refuses gives its ExtractionFailed; any other failure propagates."""
    from app import budget
    from app.extraction import extract_many
    from app.extraction.errors import ExtractionInputError

    docs = [
        {"text": a.text, "published_at": parse_iso(a.published_at), "source": a.source, "language": a.language,
         "content_type": a.content_type}
        for a in articles
    ]
    out = []
    for r in budget.call(extract_many, docs, per=len(docs)):
        if isinstance(r, ExtractionInputError):
            out.append(_input_error(r))
        elif isinstance(r, BaseException):
            raise r
        else:
            out.append(r)
    return out


class BatchExtractionFailed(ExtractionFailed):
    def __init__(self, index: int, failed: ExtractionFailed):
        super().__init__(failed.field, failed.problem)
        self.index = index


class BatchConflict(ExternalIdConflict):
    def __init__(self, index: int, conflict: ExternalIdConflict):
        super().__init__(conflict.external_id, conflict.article_id)
        self.index = index


def batch_conflicts(articles: list[ArticleCreate]) -> None:
    """Two articles of one batch under one external_id with different source or text: the later one conflicts."""
    first: dict[str, str] = {}
    for i, a in enumerate(articles):
        if a.external_id:
            digest = content_hash(a.source, a.text)
            if first.setdefault(a.external_id, digest) != digest:
                raise BatchConflict(i, ExternalIdConflict(a.external_id, 0))


def ingest_many(session: Session, articles: list[ArticleCreate]) -> list[Stored]:
    """Store several articles, each in its own transaction, in order. Extraction runs first, as one batch;
    if it fails on any article, nothing is stored (BatchExtractionFailed names the first); an external_id
    conflict (BatchConflict) stores nothing either."""
    batch_conflicts(articles)
    existing = _stored_already(session, articles)
    todo = [i for i, e in enumerate(existing) if e is None]
    results = dict(zip(todo, run_extractions([articles[i] for i in todo]))) if todo else {}
    for i, r in results.items():
        if isinstance(r, ExtractionFailed):
            raise BatchExtractionFailed(i, r)
    out = []
    for i, a in enumerate(articles):
        if existing[i] is not None:
            out.append(Stored(existing[i], False, event_ids_of(session, existing[i].id)))
        else:
            out.append(store_article(session, a, results[i]))
    return out


def _stored_already(session: Session, articles: list[ArticleCreate]) -> list:
    """The stored article of each of `articles` (None for one not stored); BatchConflict for the first whose
    external_id is stored with another source or text. Ends the session's transaction."""
    existing = []
    for i, a in enumerate(articles):
        try:
            existing.append(find_existing(session, a))
        except ExternalIdConflict as c:
            session.rollback()
            raise BatchConflict(i, c) from None
    session.rollback()
    return existing


def ingest(session: Session, article_in: ArticleCreate) -> Stored:
    """Store one article and its events, or return the stored one (created=False). ExternalIdConflict when its
    external_id is stored with another source or text."""
    try:
        existing = find_existing(session, article_in)
    except ExternalIdConflict:
        session.rollback()
        raise
    if existing is not None:
        session.rollback()
        return Stored(existing, False, event_ids_of(session, existing.id))
    session.rollback()  # no transaction stays open while the extractor runs
    result = run_extraction(article_in)
    return store_article(session, article_in, result)

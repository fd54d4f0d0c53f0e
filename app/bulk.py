"""`dateline ingest`: load a file of articles (JSON lines), in this process with N extraction processes, or onto the
job queue for the workers (PostgreSQL).

Every article goes through the path a request takes (`store_article`: merging, the writers' lock, the unique
external_id and content hash), one transaction each, so an interrupted load leaves whole articles only, and a rerun
finds the stored ones (counted as duplicates) and stores the rest.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlmodel import Session

from app.jsonl import json_lines
from app.models import ArticleCreate

# fields of a line beside those of ArticleCreate: `id` (what `dateline extract` reads) stands in for a missing
# external_id
_FIELDS = set(ArticleCreate.model_fields)


@dataclass
class Summary:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    queued: int = 0
    already_queued: int = 0
    rejected: int = 0
    events: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "reasons"}


@dataclass
class Line:
    number: int
    ident: object  # the line's id or external_id, for the rejects file
    article: ArticleCreate | None = None
    reason: str | None = None


def parse_lines(stream: Iterable[str], max_text_bytes: int) -> Iterator[Line]:
    """Each non-blank line as an ArticleCreate, or with the reason it cannot be one."""
    for line in json_lines(stream):
        if line.obj is None:
            e = line.error
            yield Line(line.number, None, reason=f"not JSON: {e.msg} at column {e.colno}" if e else "not a JSON object")
            continue
        ident = line.obj.get("external_id", line.obj.get("id"))
        article, reason = _article(line.obj, max_text_bytes)
        yield Line(line.number, ident, article=article, reason=reason)


def _article(obj: dict, max_text_bytes: int) -> tuple[ArticleCreate | None, str | None]:
    """The article a line's object gives, or the reason it gives none."""
    data = {k: v for k, v in obj.items() if k in _FIELDS}
    if data.get("external_id") is None and obj.get("id") is not None:
        data["external_id"] = str(obj["id"])
    unknown = sorted(set(obj) - _FIELDS - {"id"})
    if unknown:
        return None, f"{', '.join(unknown)}: unknown field (an article has: id, {', '.join(sorted(_FIELDS))})"
    try:
        article = ArticleCreate.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err.get("loc", ())) or "line"
        return None, f"{where}: {err.get('msg', 'invalid')}"
    size = len(article.text.encode("utf-8"))
    if size > max_text_bytes:
        return None, f"text: {size} bytes, over the limit of {max_text_bytes} (DATELINE_MAX_TEXT_BYTES)"
    return article, None


def _extract(article: ArticleCreate):
    """In a pool process: the extraction result, or ("input", field, problem) for input the extractor refuses."""
    from app.ingest import ExtractionFailed, run_extraction

    try:
        return run_extraction(article)
    except ExtractionFailed as e:
        return ("input", e.field, e.problem)


class _Rejects:
    def __init__(self, path: str | None, summary: Summary):
        self.path, self.summary, self.file = path, summary, None

    def add(self, line: Line, reason: str) -> None:
        self.summary.rejected += 1
        key = reason.split(":", 1)[0]
        self.summary.reasons[key] = self.summary.reasons.get(key, 0) + 1
        if self.path:
            if self.file is None:
                self.file = open(self.path, "w", encoding="utf-8")  # noqa: SIM115  closed by close()
            row = {"line": line.number, "id": line.ident, "reason": reason}
            self.file.write(json.dumps(row, ensure_ascii=False) + "\n")
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def _progress(total: int | None, enabled: bool):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn(), TextColumn("{task.fields[status]}")]
    return Progress(*columns, console=Console(stderr=True), disable=not enabled, transient=False)


def count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        return sum(1 for line in f if line.strip())


def load(stream: Iterable[str], database_url: str, *, workers: int = 1, enqueue: bool = False,
         rejects: str | None = None, total: int | None = None, progress: bool = True, max_text_bytes: int = 1_000_000,
         window: int | None = None) -> Summary:
    """Store (or queue) every article of `stream`; the counts of what happened to them."""
    from app.db import get_engine

    summary = Summary()
    rejected = _Rejects(rejects, summary)
    bar = _progress(total, progress)
    engine = get_engine(database_url)
    try:
        with bar, Session(engine, expire_on_commit=False) as session:
            task = bar.add_task("queueing" if enqueue else "ingesting", total=total, status="")

            def advance(n: int = 1) -> None:
                status = (f"queued {summary.queued}" if enqueue else f"stored {summary.stored}") + \
                    f", duplicates {summary.duplicates}, rejected {summary.rejected}"
                bar.update(task, advance=n, status=status)

            lines = parse_lines(stream, max_text_bytes)
            if enqueue:
                _enqueue_all(session, database_url, lines, summary, rejected, advance)
            else:
                _ingest_all(session, lines, summary, rejected, advance, workers, window or 8 * workers)
    finally:
        rejected.close()
    return summary


def _known(session: Session, line: Line, rejected: _Rejects) -> bool | None:
    """True when the article is stored already; None when its external_id is stored with another text (rejected)."""
    from app.store.articles import ExternalIdConflict, find_existing

    try:
        existing = find_existing(session, line.article)
    except ExternalIdConflict as c:
        rejected.add(line, f"external_id: {c.external_id!r} is stored as article {c.article_id} "
                           "with a different source or text")
        return None
    finally:
        session.rollback()
    return existing is not None


def _ingest_all(session, lines, summary: Summary, rejected: _Rejects, advance, workers: int, window: int) -> None:
    """Store the articles of `lines`, `window` at a time: their duplicates found, the rest extracted (by `workers`
    processes) and stored."""
    from app.extraction import warm_up

    warm_up()  # before forking: the pool shares the model and what the first extraction loads
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx) if workers > 1 else None
    try:
        batch: list[Line] = []
        for line in lines:
            summary.read += 1
            if line.article is None:
                rejected.add(line, line.reason or "invalid")
                advance()
                continue
            batch.append(line)
            if len(batch) >= window:
                _store_window(session, batch, pool, summary, rejected, advance)
                batch.clear()
        _store_window(session, batch, pool, summary, rejected, advance)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _store_window(session, batch: list[Line], pool, summary: Summary, rejected: _Rejects, advance) -> None:
    """The articles of `batch` not stored yet, extracted (in the pool's processes, else here, one by one) and
    stored in order."""
    todo = _not_stored(session, batch, summary, rejected, advance)
    results = pool.map(_extract, [x.article for x in todo]) if pool else map(_extract, (x.article for x in todo))
    for line, result in zip(todo, results):
        if isinstance(result, tuple):
            rejected.add(line, f"{result[1]}: {result[2]}")
        else:
            _store(session, line, result, summary, rejected)
        advance()


def _not_stored(session, batch: list[Line], summary: Summary, rejected: _Rejects, advance) -> list[Line]:
    """The lines of `batch` whose article is not stored; the others are counted (duplicates, conflicts)."""
    todo = []
    for line in batch:
        known = _known(session, line, rejected)
        if known is None:
            advance()
        elif known:
            summary.duplicates += 1
            advance()
        else:
            todo.append(line)
    return todo


def _store(session, line: Line, result, summary: Summary, rejected: _Rejects) -> None:
    """Store one extracted article, counted as stored or a duplicate; an external_id another writer stored
    meanwhile with another text is rejected."""
    from app.store.articles import ExternalIdConflict, store_article

    try:
        stored = store_article(session, line.article, result)
    except ExternalIdConflict as e:  # an external_id taken meanwhile is a rejection, not a crash
        rejected.add(line, f"external_id: {e}")
        return
    if stored.created:
        summary.stored += 1
        summary.events += len(stored.event_ids)
    else:
        summary.duplicates += 1


def _enqueue_all(session, database_url: str, lines, summary: Summary, rejected: _Rejects, advance) -> None:
    from app import jobs
    from app.store.articles import content_hash

    if not jobs.is_postgres(database_url):
        raise jobs.QueueUnavailable(database_url)
    for line in lines:
        summary.read += 1
        if line.article is None:
            rejected.add(line, line.reason or "invalid")
        else:
            known = _known(session, line, rejected)
            if known:
                summary.duplicates += 1
            elif known is False:
                a = line.article
                try:
                    # one waiting job per article: a rerun does not queue again what waits already
                    jobs.enqueue(database_url, [a.model_dump(mode="json")], False,
                                 queueing_lock=content_hash(a.source, a.text))
                    summary.queued += 1
                except jobs.AlreadyQueued:
                    summary.already_queued += 1
        advance()


def write_summary(summary: Summary, rejects: str | None, out=sys.stderr) -> None:
    parts = [f"read {summary.read}"]
    if summary.queued or summary.already_queued:
        parts += [f"queued {summary.queued}", f"already queued {summary.already_queued}"]
    else:
        parts += [f"stored {summary.stored} ({summary.events} events)"]
    parts += [f"duplicates {summary.duplicates}", f"rejected {summary.rejected}"]
    out.write("; ".join(parts) + "\n")
    if summary.rejected:
        why = ", ".join(f"{k} {v}" for k, v in sorted(summary.reasons.items(), key=lambda kv: -kv[1]))
        out.write(f"rejected by field: {why}" + (f"; reasons in {rejects}\n" if rejects else "\n"))

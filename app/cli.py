"""`dateline`: serve, migrate, seed, tag, extract, ingest, worker."""

from __future__ import annotations

import json
import sys

import typer

cli = typer.Typer(add_completion=False, no_args_is_help=True, help="Dateline: a dated timeline of events from news.")


def _read_jsonl(stream):
    from app.jsonl import json_lines

    for line in json_lines(stream):
        if line.error is not None:
            raise typer.BadParameter(f"line {line.number}: not JSON ({line.error.msg})")
        if line.obj is None:
            raise typer.BadParameter(f"line {line.number}: expected a JSON object")
        yield line.number, line.obj


def _write(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


@cli.command()
def tag(nlp: bool = typer.Option(True, help="Run the NLP step for sentences and tense hints.")) -> None:
    """Time expressions: JSON lines {id, text, published_at} on stdin -> {id, timexes} on stdout."""
    from app.temporal import resolve
    from app.temporal.errors import TemporalInputError

    docs = list(_read_jsonl(sys.stdin))
    hints = [None] * len(docs)
    if nlp:
        from app.extraction.nlp import pos_hints

        # tense needs POS tags only (the resolver splits sentences itself)
        hints = pos_hints(o.get("text") if isinstance(o.get("text"), str) else "" for _, o in docs)
    for (n, obj), h in zip(docs, hints):
        try:
            timexes = resolve(obj.get("text") or "", obj.get("published_at"), h)
        except TemporalInputError as e:
            _write({"id": obj.get("id"), "error": str(e)})
            continue
        _write({"id": obj.get("id"), "timexes": [t.to_dict() for t in timexes]})


@cli.command()
def extract(workers: int = typer.Option(1, min=1, help="Worker processes.")) -> None:
    """Events: JSON lines {id, text, published_at, source} on stdin -> {id, events} on stdout (the API's event
    shape)."""
    from app.extraction import extract_many
    from app.extraction.events import usable
    from app.extraction.serialize import event_to_api

    docs = [obj for _, obj in _read_jsonl(sys.stdin)]
    for obj, result in zip(docs, extract_many(docs, workers=workers)):
        if isinstance(result, Exception):
            _write({"id": obj.get("id"), "error": str(result)})
            continue
        published = result.published_at.isoformat()
        events = [event_to_api(e, obj.get("source"), published) for e in result.events]
        timexes = [{"start": t.start, "end": t.end, "text": t.text, "value": t.value, "usable": usable(t)}
                   for t in result.timexes]
        _write({"id": obj.get("id"), "events": events, "timexes": timexes, "warnings": result.warnings})


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date (Alembic)."""
    from app.db import migrate as run

    run()


@cli.command()
def seed(path: str | None = typer.Option(None, help="Folder of seed articles (default: seeds/).")) -> None:
    """Load the seed articles (idempotent)."""
    from app.seeding import load_seeds

    for line in load_seeds(path):
        typer.echo(line)


@cli.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default from settings)."),
    port: int | None = typer.Option(None, help="Port (default from settings)."),
    migrate_db: bool = typer.Option(True, "--migrate/--no-migrate", help="Migrate the database on start."),
    seed_db: bool = typer.Option(False, "--seed/--no-seed", help="Load the seed articles on start."),
) -> None:
    """Serve the REST API with uvicorn."""
    from app.server import run

    run(host=host, port=port, migrate=migrate_db, seed=seed_db)


@cli.command()
def ingest(
    path: str = typer.Argument(..., help="A file of JSON lines, or - for standard input."),
    workers: int = typer.Option(1, min=1, help="Extraction processes (in this process's machine)."),
    enqueue: bool = typer.Option(False, "--enqueue", help="Put the articles on the job queue for `dateline worker` "
                                 "(PostgreSQL) instead of ingesting them here."),
    rejects: str = typer.Option("rejected.jsonl", help="Where the rejected lines go, with their reasons (JSON lines)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar (on standard error)."),
) -> None:
    """Bulk loading: JSON lines {text, published_at, source, external_id (or id), url, language, title, content_type}.
    Stored articles are skipped, so a rerun after an interruption stores only what is missing. Prints a summary and,
    on standard output, the counts as one JSON object."""
    from app import bulk
    from app.config import get_settings
    from app.jobs import QueueUnavailable

    settings = get_settings()
    try:
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115  closed below
    except OSError as e:
        raise typer.BadParameter(f"{path}: {e.strerror}") from None
    try:
        summary = bulk.load(stream, settings.database_url, workers=workers, enqueue=enqueue, rejects=rejects,
                            total=bulk.count_lines(path), progress=progress, max_text_bytes=settings.max_text_bytes)
    except QueueUnavailable:
        typer.echo("dateline ingest --enqueue: the job queue runs on PostgreSQL: set DATABASE_URL to a postgresql:// "
                   "database, or leave out --enqueue to ingest here", err=True)
        raise typer.Exit(2) from None
    finally:
        if stream is not sys.stdin:
            stream.close()
    bulk.write_summary(summary, rejects if summary.rejected else None)
    _write(summary.as_dict())


@cli.command()
def worker(
    concurrency: int = typer.Option(1, min=1, help="Jobs run at once (each article's extraction in a child process: "
                                    "one per core is the most that helps)."),
    stalled_after: float = typer.Option(30.0, min=1.0, help="Seconds without a heartbeat after which another worker's "
                                        "running jobs are taken for lost and run again."),
) -> None:
    """Run the ingest job queue's jobs (PostgreSQL): start as many as wanted, on any machine that reaches the
    database."""
    import logging

    from app.config import get_settings
    from app.jobs import QueueUnavailable, run_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    url = get_settings().database_url
    try:
        run_worker(url, concurrency=concurrency, stalled_after=stalled_after)
    except QueueUnavailable:
        typer.echo("dateline worker: the job queue runs on PostgreSQL: set DATABASE_URL to a postgresql:// database "
                   "(migrated with `dateline migrate`)", err=True)
        raise typer.Exit(2) from None


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

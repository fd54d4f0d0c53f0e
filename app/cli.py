"""`dateline`: serve, migrate, seed, tag, extract."""

from __future__ import annotations

import json
import sys

import typer

cli = typer.Typer(add_completion=False, no_args_is_help=True, help="Dateline: a dated timeline of events from news.")


def _read_jsonl(stream):
    for n, line in enumerate(stream, 1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise typer.BadParameter(f"line {n}: not JSON ({e.msg})") from None
        if not isinstance(obj, dict):
            raise typer.BadParameter(f"line {n}: expected a JSON object")
        yield n, obj


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
    """Events: JSON lines {id, text, published_at, source} on stdin -> {id, events} on stdout (the API's event shape)."""
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


def main() -> None:
    cli()


if __name__ == "__main__":
    main()

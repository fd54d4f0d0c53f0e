"""Run the API with uvicorn: migrate and seed on request, bind to localhost unless told otherwise."""

from __future__ import annotations

import logging

from pydantic import ValidationError

log = logging.getLogger("dateline.server")


def run(host: str | None = None, port: int | None = None, migrate: bool = True, seed: bool = False) -> None:
    import uvicorn

    from app.config import get_settings
    from app.db import migrate as run_migrations
    from app.main import create_app
    from app.seeding import load_seeds

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    try:
        settings = get_settings()
    except ValidationError as e:  # a clear line, not a traceback, for a wrong environment variable
        raise SystemExit(f"configuration error: {e.errors()[0]['loc'][0]}: {e.errors()[0]['msg']}") from None
    host = host or settings.host
    if not settings.keys:
        if settings.allow_open_writes:
            log.warning("no DATELINE_API_KEYS set and DATELINE_ALLOW_OPEN_WRITES: writes (POST, DELETE) are open to anyone who can reach %s", host)
        else:
            if host != "127.0.0.1":
                log.warning("no DATELINE_API_KEYS: binding to 127.0.0.1 instead of %s", host)
            host = "127.0.0.1"
            log.warning("no DATELINE_API_KEYS set: writes (POST, DELETE) are open to anyone who can reach 127.0.0.1")
    port = settings.port if port is None else port
    if migrate:
        run_migrations(settings.database_url)
        log.info("database schema up to date")
    if seed:
        for line in load_seeds(database_url=settings.database_url):
            log.info("seed %s", line)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")

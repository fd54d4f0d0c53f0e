"""Run the API with uvicorn: migrate and seed on request, bind to localhost unless told otherwise."""

from __future__ import annotations

import logging

from pydantic import ValidationError

log = logging.getLogger("dateline.server")


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _check_writable(url: str) -> None:
    """A SQLite file's folder must be writable (a root-owned volume mounted at /data is not): say so plainly."""
    import os
    from pathlib import Path

    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return
    folder = Path(u.database).resolve().parent
    target = folder if folder.exists() else next((p for p in folder.parents if p.exists()), folder)
    if not os.access(target, os.W_OK | os.X_OK):
        raise SystemExit(
            f"configuration error: DATABASE_URL: cannot write the SQLite database in {folder} (user id {os.getuid()} "
            "may not write there); mount a volume this user can write, or set DATABASE_URL to another path or to "
            "PostgreSQL"
        )


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
            log.warning(
                "no DATELINE_API_KEYS set and DATELINE_ALLOW_OPEN_WRITES: writes (POST, DELETE) are open to anyone "
                "who can reach %s",
                host,
            )
        elif host not in LOCAL_HOSTS:
            # binding 127.0.0.1 instead would leave the server unreachable where it was asked to listen (a container)
            raise SystemExit(
                f"configuration error: DATELINE_HOST={host} without DATELINE_API_KEYS would open writes to that "
                "network; set DATELINE_API_KEYS, or DATELINE_ALLOW_OPEN_WRITES=true on a trusted network, or "
                "DATELINE_HOST=127.0.0.1"
            )
        else:
            log.warning("no DATELINE_API_KEYS set: writes (POST, DELETE) are open to anyone who can reach %s", host)
    port = settings.port if port is None else port
    _check_writable(settings.database_url)
    if migrate:
        run_migrations(settings.database_url)
        log.info("database schema up to date")
    if seed:
        for line in load_seeds(database_url=settings.database_url):
            log.info("seed %s", line)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")

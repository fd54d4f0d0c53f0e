"""create_app(): the FastAPI application with its routers, problem+json errors and body limit."""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI, Response
from fastapi.routing import APIRoute
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.api import actors, articles, events, parse
from app.api.deps import SessionDep
from app.api.errors import BodyLimit, install
from app.config import Settings, get_settings
from app.db import get_engine, migrate
from app.models import Health

try:
    VERSION = version("dateline")
except PackageNotFoundError:  # running from a source tree without installing
    VERSION = "0.0.0"


def create_app(settings: Settings | None = None, *, migrate_on_start: bool = False) -> FastAPI:
    """The application for `settings` (default: from the environment)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if migrate_on_start:
            migrate(settings.database_url)
        yield

    app = FastAPI(
        title="Dateline",
        version=VERSION,
        summary="News articles in, a dated timeline of events out.",
        description="Ingest articles; read a filtered, paginated timeline of the events they report. "
        "Errors are application/problem+json (RFC 9457).",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings.database_url)
    install(app)
    app.add_middleware(BodyLimit, limit=settings.body_limit)

    @app.get("/healthz", operation_id="health", tags=["health"], response_model=Health, summary="Liveness and database check",
             responses={503: {"model": Health, "description": "The database is unreachable"}})
    def health(session: SessionDep, response: Response) -> Health:
        try:
            session.execute(text("SELECT 1"))
        except OperationalError:
            response.status_code = 503
            return Health(status="degraded", database="unavailable", version=VERSION)
        return Health(status="ok", database="ok", version=VERSION)

    app.include_router(articles.write)
    app.include_router(articles.read)
    app.include_router(events.router)
    app.include_router(actors.router)
    app.include_router(parse.router)
    for route in app.routes:  # operationIds are stable names; make sure none was left to FastAPI's default
        if isinstance(route, APIRoute):
            assert route.operation_id, route.path
    return app

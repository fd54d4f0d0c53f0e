"""create_app(): the FastAPI application with its routers, problem+json errors, body limit, CORS and offline docs."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import Depends, FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from pydantic.json_schema import models_json_schema
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.api import actors, articles, events, jobs, pages, parse
from app.api.deps import BEARER, SessionDep, reject_unknown_query
from app.api.errors import BodyLimit, MethodNotAllowed, RequestId, install
from app.api.responses import errors
from app.config import Settings, get_settings
from app.db import get_engine, migrate, schema_revision
from app.models import Health, Problem, Readiness

log = logging.getLogger("dateline.api")

try:
    VERSION = version("dateline")
except PackageNotFoundError:  # running from a source tree without installing
    VERSION = "0.0.0"

TAGS = [
    {"name": "events", "description": "The timeline: events with their actors, countries and every source's evidence; "
     "exports (CSV, NDJSON, TimelineJS) and counts over time."},
    {"name": "articles", "description": "Ingest articles (events are extracted and merged on the way in), list, read, "
     "delete."},
    {"name": "actors", "description": "People, organisations, governments and groups taking part in events."},
    {"name": "countries", "description": "Countries involved in events."},
    {"name": "jobs", "description": "Asynchronous ingest (`Prefer: respond-async`, PostgreSQL): the jobs the queue's "
     "workers run, queued, running, done or failed."},
    {"name": "parse", "description": "The temporal resolver and the event extractor on a text, storing nothing."},
    {"name": "health", "description": "Liveness and readiness probes."},
]


def _load_model(app: FastAPI) -> None:
    from app.extraction import warm_up

    try:
        warm_up()  # the model, and what the first extraction loads, shared by every extraction child forked later
    except Exception as e:  # noqa: BLE001  readiness reports it (503) and says why
        log.error("the NLP model failed to load: %s", e)
        app.state.model_state = "failed"
        return
    app.state.model_state = "loaded"


def create_app(settings: Settings | None = None, *, migrate_on_start: bool = False) -> FastAPI:
    """The application for `settings` (default: from the environment)."""
    settings = settings or get_settings()
    app = FastAPIOffline(
        title="Dateline",
        version=VERSION,
        summary="News articles in, a dated timeline of events out.",
        description="Ingest articles; read a filtered, paginated timeline of the events they report. "
        "Errors are application/problem+json (RFC 9457).",
        lifespan=_lifespan(settings, migrate_on_start),
        openapi_tags=TAGS,
        dependencies=[Depends(reject_unknown_query)],
        static_url="/static/docs",
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings.database_url)
    app.state.model_state = "not loaded"
    install(app)
    _add_middleware(app, settings)
    _add_probes(app)
    _include_routers(app)
    app.openapi = lambda: _openapi(app, settings)
    return app


def _lifespan(settings: Settings, migrate_on_start: bool):
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if migrate_on_start:
            migrate(settings.database_url)
        # the model loads at start-up, beside the server: /healthz answers at once, /readyz once it is loaded
        from app.extraction import nlp

        if nlp.load.cache_info().currsize:  # already in this process's memory: ready at once, not "loading" again
            app.state.model_state = "loaded"
        else:
            app.state.model_state = "loading"
            threading.Thread(target=_load_model, args=(app,), name="load-nlp", daemon=True).start()
        yield

    return lifespan


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(MethodNotAllowed, root=app)
    app.add_middleware(BodyLimit, limit=settings.body_limit)
    app.add_middleware(RequestId)
    if settings.cors:  # outermost, so that every answer (a 413 too) carries the CORS headers
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Content-Disposition", "Retry-After", "WWW-Authenticate", "X-Request-ID"],
            max_age=600,
        )


def _add_probes(app: FastAPI) -> None:
    """GET /healthz (liveness) and GET /readyz (readiness)."""

    @app.get("/healthz", operation_id="health", tags=["health"], response_model=Health, summary="Liveness",
             description="Answers while the process serves requests, with whether the database answers.",
             responses={503: {"model": Health, "description": "The database is unreachable"},
                        **errors(422, down=False)})
    def health(session: SessionDep, response: Response) -> Health:
        try:
            session.execute(text("SELECT 1"))
        except OperationalError:
            response.status_code = 503
            return Health(status="degraded", database="unavailable", version=VERSION)
        return Health(status="ok", database="ok", version=VERSION)

    @app.get("/readyz", operation_id="ready", tags=["health"], response_model=Readiness, summary="Readiness",
             description="200 once the NLP model is loaded and the database is reachable and migrated to the code's "
             "schema; 503 until then.",
             responses={503: {"model": Readiness, "description": "Not ready: the model is loading, or the database "
                                                                  "is unreachable or not migrated"},
                        **errors(422, down=False)})
    def ready(request: Request, response: Response) -> Readiness:
        model = request.app.state.model_state
        try:
            current, head = schema_revision(request.app.state.engine)
            database, schema = "ok", ("current" if current == head else "outdated")
        except OperationalError:
            database, schema = "unavailable", "unknown"
        ok = model == "loaded" and database == "ok" and schema == "current"
        if not ok:
            response.status_code = 503
        return Readiness(status="ready" if ok else "not ready", model=model, database=database, schema_version=schema,
                         version=VERSION)


def _include_routers(app: FastAPI) -> None:
    app.include_router(articles.write)
    app.include_router(articles.read)
    app.include_router(events.router)
    app.include_router(actors.router)
    app.include_router(jobs.router)
    app.include_router(parse.router)
    app.include_router(pages.router)
    pages.mount(app)
    for route in app.routes:  # operationIds are stable names; make sure none was left to FastAPI's default
        if isinstance(route, APIRoute) and route.include_in_schema:
            assert route.operation_id, route.path


def _openapi(app: FastAPI, settings: Settings) -> dict:
    """The OpenAPI document, built once: security per operation, and the problem document's schema."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, summary=app.summary, description=app.description, routes=app.routes,
        tags=TAGS, servers=[{"url": settings.server_url, "description": "This server"}],
        contact={"name": "Dateline maintainers"},
        license_info={"name": "MIT", "identifier": "MIT"},
    )
    reads_need_key = settings.read_auth and bool(settings.keys)
    for item in schema["paths"].values():
        for op in item.values():
            # writes declare their key (require_write); reads only when DATELINE_READ_AUTH asks for one
            if "security" not in op:
                op["security"] = [{BEARER: []}] if reads_need_key else []
    comps = schema.setdefault("components", {})
    # problem documents are described once, under their own media type (see app.api.responses)
    _, defs = models_json_schema([(Problem, "serialization")], ref_template="#/components/schemas/{model}")
    comps.setdefault("schemas", {}).update(defs["$defs"])
    app.openapi_schema = schema
    return schema

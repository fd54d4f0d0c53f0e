"""RFC 9457 problem+json for every error, and the request body size limit."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("dateline.api")
PROBLEM = "application/problem+json"


class ProblemException(Exception):
    """Raise from anywhere in a request to answer with a problem document."""

    def __init__(self, status: int, detail: str, errors: list[dict] | None = None, headers: dict | None = None):
        self.status, self.detail, self.errors, self.headers = status, detail, errors, headers


def field_error(loc: list, msg: str, status: int = 422) -> ProblemException:
    """A 422 (or `status`) naming one field: loc like ["query", "country"]."""
    name = ".".join(str(x) for x in loc[1:]) or str(loc[0])
    return ProblemException(status, f"{name}: {msg}", [{"loc": loc, "msg": msg}])


def problem(status: int, detail: str | None, instance: str | None, errors=None, headers=None) -> JSONResponse:
    title = HTTPStatus(status).phrase
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail or title, "instance": instance or ""}
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _loc(loc) -> list:
    return [x if isinstance(x, (str, int)) else str(x) for x in loc]


def install(app: FastAPI) -> None:
    @app.exception_handler(ProblemException)
    async def _problem(request: Request, exc: ProblemException):
        return problem(exc.status, exc.detail, request.url.path, exc.errors, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = []
        for e in exc.errors():
            loc = _loc(e.get("loc", ()))
            msg = e.get("msg", "invalid")
            if e.get("type") == "json_invalid":
                msg = f"malformed JSON: {(e.get('ctx') or {}).get('error', 'invalid')}"
            errors.append({"loc": loc, "msg": msg})
        detail = "; ".join(f"{'.'.join(str(x) for x in err['loc'][1:]) or err['loc'][0]}: {err['msg']}" for err in errors[:5])
        return problem(422, detail or "invalid request", request.url.path, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        return problem(exc.status_code, str(exc.detail) if exc.detail else None, request.url.path, None, getattr(exc, "headers", None))

    @app.exception_handler(OperationalError)
    async def _database_down(request: Request, exc: OperationalError):
        log.error("database unavailable on %s %s: %s", request.method, request.url.path, exc.orig)
        return problem(503, "database: unavailable, try again later", request.url.path, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # last resort; every known failure has its own answer
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(500, "internal error", request.url.path)


class BodyLimit:
    """ASGI middleware: 413 when Content-Length or the bytes actually sent exceed `limit`.

    FastAPI's own `max_body_size` answers an oversized Content-Length with text/plain, not a problem document.
    """

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                n = int(declared)
            except ValueError:
                return await self._reply(scope, send, 400, "Content-Length: not an integer")
            if n > self.limit:
                return await self._too_large(scope, send)
        chunks, total = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total > self.limit:
                return await self._too_large(scope, send)
            chunks.append(body)
            if not message.get("more_body"):
                break
        payload = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": payload, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _too_large(self, scope, send):
        return await self._reply(scope, send, 413, f"body: larger than the limit of {self.limit} bytes")

    async def _reply(self, scope, send, status, detail):
        body = json.dumps(
            {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail,
             "instance": scope.get("path"), "errors": [{"loc": ["body"], "msg": detail}]}
        ).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

"""RFC 9457 problem+json for every error, and the request body size limit."""

from __future__ import annotations

import json
import logging
import re
import uuid
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


def problem(status: int, detail: str | None, instance: str | None, errors=None, headers=None,
            request_id: str | None = None) -> JSONResponse:
    title = HTTPStatus(status).phrase
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": instance or "",
    }
    if errors:
        body["errors"] = errors
    if request_id:
        body["request_id"] = request_id
        headers = {**(headers or {}), REQUEST_ID: request_id}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


# --------------------------------------------------------------------------- request ids

REQUEST_ID = "X-Request-ID"
_GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def request_id(scope) -> str:
    """The request's id: the client's X-Request-ID when it is a plain token, else one made here (kept in the scope)."""
    state = scope.setdefault("state", {})
    rid = state.get("request_id")
    if rid is None:
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = state["request_id"] = given if _GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
    return rid


class RequestId:
    """ASGI middleware: every answer carries X-Request-ID; logged failures name it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        rid = request_id(scope).encode()

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", rid)]}
            await send(message)

        return await self.app(scope, receive, send_with_id)


# --------------------------------------------------------------------------- 405 with every allowed method


_TEMPLATE = re.compile(r"\{[^}]+\}")


def _path_methods(app) -> tuple[dict[str, set[str]], list[tuple[re.Pattern, set[str]]]]:
    """The operations' paths (from the OpenAPI schema): literal ones, and templated ones as patterns."""
    cached = getattr(app.state, "path_methods", None)
    if cached is None:
        literal, templated = {}, []
        for path, item in app.openapi()["paths"].items():
            methods = {m.upper() for m in item}
            if "{" in path:
                rx = re.compile("".join(re.escape(part) if i % 2 == 0 else "[^/]+"
                                        for i, part in enumerate(re.split(r"(\{[^}]+\})", path))) + r"\Z")
                templated.append((rx, methods))
            else:
                literal.setdefault(path, set()).update(methods)
        cached = app.state.path_methods = (literal, templated)
    return cached


def allowed_methods(app, path: str) -> list[str] | None:
    """Every method an operation serves at `path`, None when no operation has that path. A path an
    operation names literally (`/v1/articles/batch`) is its own: a template (`/v1/articles/{id}`) does not claim it."""
    literal, templated = _path_methods(app)
    methods = literal.get(path)
    if methods is None:
        found = [m for rx, m in templated if rx.match(path)]
        if not found:
            return None
        methods = set().union(*found)
    return sorted(methods)


class MethodNotAllowed:
    """ASGI middleware: a method no route serves at a path its routes name literally answers 405, before a
    templated route (`/v1/articles/{id}`) reads the path as its parameter."""

    def __init__(self, app, root):
        self.app, self.root = app, root

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] != "OPTIONS":
            methods = _path_methods(self.root)[0].get(scope["path"])
            if methods is not None and scope["method"] not in methods:
                allow = ", ".join(allowed_methods(self.root, scope["path"]))
                response = problem(
                    405,
                    f"method: {scope['method']} is not allowed here (allowed: {allow})",
                    scope["path"],
                    headers={"Allow": allow},
                )
                return await response(scope, receive, send)
        return await self.app(scope, receive, send)


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
                loc, msg = (
                    ["body"],
                    f"malformed JSON{_where(exc.body, loc_pos(e))}: {(e.get('ctx') or {}).get('error', 'invalid')}",
                )
            errors.append({"loc": loc, "msg": msg})
        detail = "; ".join(
            f"{'.'.join(str(x) for x in err['loc'][1:]) or err['loc'][0]}: {err['msg']}" for err in errors[:5]
        )
        return problem(422, detail or "invalid request", request.url.path, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        headers = getattr(exc, "headers", None)
        detail = str(exc.detail) if exc.detail else None
        if exc.status_code == 405:
            methods = allowed_methods(request.app, request.url.path)
            if methods is not None:
                allow = ", ".join(methods)
                headers = {**(headers or {}), "Allow": allow}
                detail = f"method: {request.method} is not allowed here (allowed: {allow})"
        return problem(exc.status_code, detail, request.url.path, None, headers)

    @app.exception_handler(OperationalError)
    async def _database_down(request: Request, exc: OperationalError):
        log.error("database unavailable on %s %s: %s", request.method, request.url.path, exc.orig)
        return problem(503, "database: unavailable, try again later", request.url.path, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # a bug: logged with the request id the client gets
        rid = request_id(request.scope)
        log.error("internal error on %s %s (request %s)", request.method, request.url.path, rid, exc_info=exc)
        return problem(500, f"internal error: report request id {rid}", request.url.path, request_id=rid)


def loc_pos(e: dict) -> int | None:
    loc = e.get("loc") or ()
    return loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None


def _where(doc, pos: int | None) -> str:
    """' at line L, column C' of character `pos` in the JSON document (both from 1)."""
    if pos is None:
        return ""
    if isinstance(doc, (bytes, bytearray)):
        doc = doc.decode("utf-8", "replace")
    if not isinstance(doc, str):
        return f" at character {pos + 1}"
    line = doc.count("\n", 0, pos) + 1
    column = pos - (doc.rfind("\n", 0, pos) + 1) + 1
    return f" at line {line}, column {column}"


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

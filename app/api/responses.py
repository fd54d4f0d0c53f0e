"""OpenAPI descriptions of the error responses (all application/problem+json)."""

from __future__ import annotations

from app.models import Problem

_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Missing or invalid API key",
    404: "No such resource",
    413: "Request body over the configured limit",
    422: "Invalid input; `errors` names each field",
    503: "Database unavailable; retry after the Retry-After seconds",
}


def errors(*codes: int) -> dict:
    """Problem responses for `codes`, plus 503 (any route may find the database down)."""
    codes = (*codes, 503)
    return {
        code: {"model": Problem, "description": _DESCRIPTIONS[code], "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for code in codes
    }

"""OpenAPI descriptions of the error responses (all application/problem+json)."""

from __future__ import annotations

from app.models import Problem

_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Missing or invalid API key",
    404: "No such resource",
    413: "Request body over the configured limit",
    422: "Invalid input; `errors` names each field",
}


def errors(*codes: int) -> dict:
    return {
        code: {"model": Problem, "description": _DESCRIPTIONS[code], "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for code in codes
    }

"""OpenAPI descriptions of the error responses (all application/problem+json)."""

from __future__ import annotations

_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Missing or invalid API key",
    404: "No such resource",
    405: "Method not allowed here; `Allow` lists the methods that are",
    409: "Conflicts with what is stored (an external_id stored with a different source or text)",
    413: "Request body over the configured limit",
    500: "A bug: logged under the request id the problem gives",
    422: "Invalid input; `errors` names each field",
    503: "Database unavailable; retry after the Retry-After seconds",
}


def errors(*codes: int, down: bool = True) -> dict:
    """Problem responses for `codes`, plus 503 (any route may find the database down) unless `down` is false."""
    codes = (*codes, 503) if down else codes
    return {
        # one media type, the one sent: the schema goes into components in app.main
        code: {
            "description": _DESCRIPTIONS[code],
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for code in codes
    }

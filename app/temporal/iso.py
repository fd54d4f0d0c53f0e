"""The one reader of ISO 8601 publication dates, shared by the resolver, the extractor and the API."""

from __future__ import annotations

from datetime import date, datetime


def parse_iso(value: str | date | datetime) -> date | datetime:
    """A date (`2019-03-12`) or a date-time (`2019-03-12T09:30`, with or without a zone; `Z` is UTC).

    A date and a datetime pass through. Text that is neither raises ValueError (so that each caller can name
    its own field in its own error); a value of another type raises TypeError.
    """
    if isinstance(value, (date, datetime)):  # datetime is a date: either is already parsed
        return value
    if not isinstance(value, str):
        raise TypeError(f"not an ISO 8601 string but {type(value).__name__}")
    s = value.strip()
    if "T" not in s and len(s) <= 10:
        return date.fromisoformat(s)
    return datetime.fromisoformat(s)

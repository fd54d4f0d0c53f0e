"""JSON lines input (`dateline tag`, `dateline extract`, `dateline ingest`): each non-blank line, numbered from 1,
read as a JSON object."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass
class JsonLine:
    number: int
    obj: dict | None = None  # the line's object; None when the line is no JSON object
    error: json.JSONDecodeError | None = None  # why the line is not JSON (None for JSON that is no object)


def json_lines(stream: Iterable[str]) -> Iterator[JsonLine]:
    """Each non-blank line of `stream`, parsed; a line that is no JSON object comes with `obj` None."""
    for n, raw in enumerate(stream, 1):
        raw = raw.strip()
        if not raw:
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            yield JsonLine(n, error=e)
            continue
        yield JsonLine(n, obj if isinstance(obj, dict) else None)

"""Events in the API's event shape (date object, actors, countries, sources), for `dateline extract`; and the one
mapping of an evidence's fields, which the API's shapes and the evidence table share."""

from __future__ import annotations

from app.extraction.types import Event

# The fields every evidence has, an extracted one (types.Evidence) and a stored row alike, in the API's order: the
# attribute's name -> the API's name. The sayer is apart: a stored row refers to an actor (reported_by_id).
EVIDENCE_FIELDS = {
    "sentence": "sentence",
    "sentence_start": "sentence_start",
    "sentence_end": "sentence_end",
    "expression": "expression",
    "expression_start": "expression_start",
    "expression_end": "expression_end",
    "trigger_text": "trigger_text",
    "trigger_start": "trigger_start",
    "trigger_end": "trigger_end",
    "dated_by": "dated_by",
    "value": "value",
    "granularity": "granularity",
    "date_start": "start",
    "date_end": "end",
}


def evidence_values(x) -> dict:
    """The evidence fields of an extracted evidence or a stored row by attribute name, to copy the one into the other:
    `EvidenceRow(**evidence_values(x), ...)`, `Evidence(**evidence_values(row), ...)`."""
    return {attr: getattr(x, attr) for attr in EVIDENCE_FIELDS}


def evidence_api_values(x, reported_by) -> dict:
    """The evidence fields of an extracted evidence or a stored row under the API's names and in its order, with the
    sayer `reported_by` (in the caller's shape) after dated_by."""
    out = {}
    for attr, name in EVIDENCE_FIELDS.items():
        out[name] = getattr(x, attr)
        if attr == "dated_by":
            out["reported_by"] = reported_by
    return out


def _sayer(r) -> dict | None:
    return None if r is None else {"name": r.name, "kind": r.kind, "country": r.country}


def event_to_api(e: Event, source: str | None = None, published_at: str | None = None) -> dict:
    return {
        "date": {"value": e.value, "start": e.date_start.isoformat(), "end": e.date_end.isoformat(),
                 "granularity": e.granularity},
        "dated_by": e.dated_by,
        "modality": e.modality,
        "summary": e.summary,
        "trigger": e.trigger,
        "event_type": e.event_type,
        "location": e.location,
        "confidence": e.confidence,
        "actors": [{"name": a.name, "kind": a.kind, "country": a.country, "role": a.role, "aliases": list(a.aliases)}
                   for a in e.actors],
        "countries": list(e.countries),
        "sources": [
            {
                "source": source,
                "published_at": published_at,
                **evidence_api_values(x, _sayer(x.reported_by)),
                "start": x.date_start.isoformat(),
                "end": x.date_end.isoformat(),
            }
            for x in e.evidence
        ],
    }

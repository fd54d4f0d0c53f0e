"""Events in the API's event shape (date object, actors, countries, sources), for `dateline extract`."""

from __future__ import annotations

from app.extraction.types import Event


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
                "sentence": x.sentence,
                "sentence_start": x.sentence_start,
                "sentence_end": x.sentence_end,
                "expression": x.expression,
                "expression_start": x.expression_start,
                "expression_end": x.expression_end,
                "trigger_text": x.trigger_text,
                "trigger_start": x.trigger_start,
                "trigger_end": x.trigger_end,
                "dated_by": x.dated_by,
                "reported_by": None if x.reported_by is None else {
                    "name": x.reported_by.name, "kind": x.reported_by.kind, "country": x.reported_by.country},
                "value": x.value,
                "granularity": x.granularity,
                "start": x.date_start.isoformat(),
                "end": x.date_end.isoformat(),
            }
            for x in e.evidence
        ],
    }

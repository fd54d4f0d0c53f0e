"""Helpers for extraction tests: parse a text for real and date it with time expressions built by hand,
so the event logic is tested apart from the temporal resolver."""

from __future__ import annotations

from datetime import date

from app.extraction import nlp
from app.extraction.events import Segment, build_events
from app.extraction.merge import merge_events
from app.extraction.pipeline import prepare
from app.temporal.timex import Timex


def timex(text: str, expr: str, value: str, granularity: str, start: str, end: str, nth: int = 0,
          type_: str = "DATE", in_name: bool = False) -> Timex:
    i = -1
    for _ in range(nth + 1):
        i = text.index(expr, i + 1)
    return Timex(i, i + len(expr), expr, type_, value, granularity=granularity,
                 interval_start=date.fromisoformat(start), interval_end=date.fromisoformat(end), in_name=in_name)


def day(text: str, expr: str, iso: str, nth: int = 0) -> Timex:
    return timex(text, expr, iso, "day", iso, iso, nth)


def events_for(text: str, timexes_of, published: str = "2019-03-12", merge: bool = True):
    """Events of text, dated by timexes_of(cleaned_text) -> [Timex]."""
    p = prepare(text, published)
    docs = list(nlp.pipe(p.cleaned[s:e] for s, e in p.spans))
    segs = [Segment(s, d) for (s, _), d in zip(p.spans, docs)]
    events = build_events(segs, timexes_of(p.cleaned))
    return merge_events(events) if merge else events


def actor(event, fragment: str):
    """The actor of an event whose name contains fragment (case-insensitive), or None."""
    return next((a for a in event.actors if fragment.lower() in a.name.lower()), None)

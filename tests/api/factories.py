"""Hand-built extraction results: storage is tested with the values the extractor would hand it."""

from __future__ import annotations

from datetime import date, timedelta

from app.extraction.types import Actor, Attribution, Event, Evidence, ExtractionResult
from app.models import ArticleCreate


def day(s: str) -> date:
    return date.fromisoformat(s)


def evidence(
    text: str,
    sentence: str,
    expression: str,
    value: str,
    start: str,
    end: str | None = None,
    granularity: str = "day",
    *,
    trigger_word: str | None = None,
    dated_by: str = "text",
    reported_by: Attribution | None = None,
) -> Evidence:
    """Evidence of `sentence` in `text`; `trigger_word` (its first occurrence in the sentence) gives the trigger
    offsets."""
    s0 = text.index(sentence)
    e0 = s0 + sentence.index(expression)
    t0 = s0 + sentence.index(trigger_word) if trigger_word else 0
    return Evidence(
        sentence=sentence,
        sentence_start=s0,
        sentence_end=s0 + len(sentence),
        expression=expression,
        expression_start=e0,
        expression_end=e0 + len(expression),
        value=value,
        granularity=granularity,
        date_start=day(start),
        date_end=day(end or start),
        trigger_text=trigger_word or "",
        trigger_start=t0,
        trigger_end=t0 + len(trigger_word or ""),
        dated_by=dated_by,
        reported_by=reported_by,
    )


def sayer(name: str, kind: str = "group", country: str | None = None, aliases=()) -> Attribution:
    return Attribution(name=name, kind=kind, country=country, aliases=list(aliases))


def actor(name: str, kind: str = "country", role: str = "source", country: str | None = None, aliases=()) -> Actor:
    return Actor(name=name, kind=kind, role=role, country=country, aliases=list(aliases))


def event(
    text: str,
    sentence: str,
    expression: str,
    value: str,
    start: str,
    end: str | None = None,
    *,
    granularity: str = "day",
    summary: str | None = None,
    trigger: str = "announce",
    actors=(),
    countries=(),
    trigger_word: str | None = None,
    dated_by: str = "text",
    reported_by: Attribution | None = None,
) -> Event:
    ev = evidence(
        text,
        sentence,
        expression,
        value,
        start,
        end,
        granularity,
        trigger_word=trigger_word,
        dated_by=dated_by,
        reported_by=reported_by,
    )
    return Event(
        value=value,
        date_start=ev.date_start,
        date_end=ev.date_end,
        granularity=granularity,
        summary=summary or sentence,
        trigger=trigger,
        actors=list(actors),
        countries=sorted(set(countries)),
        evidence=[ev],
        dated_by=dated_by,
    )


def result(text: str, *events: Event, published: str = "2019-03-12") -> ExtractionResult:
    return ExtractionResult(text=text, published_at=day(published), language="en", events=list(events))


def article(
    text: str, source: str = "Example News", external_id: str | None = None, published_at: str = "2019-03-12", **kw
) -> ArticleCreate:
    return ArticleCreate(text=text, source=source, external_id=external_id, published_at=published_at, **kw)


def synthetic(i: int, base: date = date(2019, 1, 1)) -> tuple[ArticleCreate, ExtractionResult]:
    """Article number `i` of a generated series: one dated event with a rotating actor and country."""
    names = [("Germany", "DE"), ("France", "FR"), ("Japan", "JP"), ("Brazil", "BR")]
    name, code = names[i % len(names)]
    d = base + timedelta(days=i % 40)
    sentence = f"{name} signed agreement number {i} on {d.isoformat()}."
    text = f"Report {i}. {sentence}"
    ev = event(
        text,
        sentence,
        d.isoformat(),
        d.isoformat(),
        d.isoformat(),
        trigger="sign",
        actors=[actor(name, country=code)],
        countries=[code],
    )
    return article(text, external_id=f"syn-{i}"), result(text, ev)

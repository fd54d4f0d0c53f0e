"""Fast loading of many extracted articles (corpora, benchmarks): no merging, multi-row inserts, one transaction
per chunk of articles, under the writers' marker held exclusively."""

from __future__ import annotations

from sqlalchemy import insert
from sqlmodel import Session

from app.extraction import types as xt
from app.extraction.serialize import evidence_values
from app.models import Article, Event, EventActor, EventCountry, EvidenceRow
from app.store.actors import name_key, resolve_actor, resolve_sayer
from app.store.articles import content_hash
from app.store.events import fit, link_copy, new_event
from app.store.locks import stamp, write_lock


def bulk_store(session: Session, pairs, chunk: int = 500) -> int:
    """Store many (ArticleCreate, ExtractionResult) pairs fast: no merging, multi-row inserts, one
    transaction per `chunk` articles. For loading corpora and benchmarks; returns the number of events."""
    actors = _Actors(session)
    pairs = list(pairs)
    total = 0
    for at in range(0, len(pairs), chunk):
        with write_lock(session):
            total += _store_chunk(session, pairs[at : at + chunk], actors)
    return total


class _Actors:
    """The stored actor of each (name key, kind) met so far in the load: each is resolved once."""

    def __init__(self, session: Session):
        self.session, self.ids = session, {}

    def actor(self, a: xt.Actor) -> int:
        key = (name_key(a.name), a.kind)
        if key not in self.ids:
            self.ids[key] = resolve_actor(self.session, a)
        return self.ids[key]

    def sayer(self, r: xt.Attribution | None) -> int | None:
        if r is None:
            return None
        key = (name_key(r.name), r.kind)
        if key not in self.ids:
            self.ids[key] = resolve_sayer(self.session, r)
        return self.ids[key]


def _store_chunk(session: Session, part: list, actors: _Actors) -> int:
    """One transaction: the articles of `part`, their events (those with evidence), links and evidence; the number
    of events."""
    articles = _add_articles(session, part)
    rows, events = _add_events(session, articles, part)
    links, countries, evidence = _link_rows(rows, events, actors)
    for table, values in ((EventActor, links), (EventCountry, countries), (EvidenceRow, evidence)):
        if values:
            session.execute(insert(table), values)
    session.commit()
    return len(rows)


def _add_articles(session: Session, part: list) -> list[Article]:
    articles = [
        Article(external_id=a.external_id, content_hash=content_hash(a.source, a.text), source=a.source, title=a.title,
                url=a.url, language=a.language or r.language, published_at=a.published_at, text=r.text,
                ingested_at=stamp(session))
        for a, r in part
    ]
    session.add_all(articles)
    session.flush()
    return articles


def _add_events(session: Session, articles: list[Article],
                part: list) -> tuple[list[Event], list[tuple[int, xt.Event]]]:
    """The stored events of the articles (those with evidence), each with its article's id and extracted event."""
    rows, events = [], []
    for art, (_, r) in zip(articles, part):
        for ev in map(fit, r.events):
            if not ev.evidence:
                continue
            rows.append(new_event(session, ev))
            events.append((art.id, ev))
    session.add_all(rows)
    session.flush()
    return rows, events


def _link_rows(rows: list[Event], events: list[tuple[int, xt.Event]], actors: _Actors) -> tuple[list, list, list]:
    """The event_actor, event_country and evidence rows of the stored events, as values for multi-row inserts."""
    links, countries, evidence = [], [], []
    for row, (article_id, ev) in zip(rows, events):
        seen = set()
        dates = link_copy(row)
        for a in ev.actors:
            actor_id = actors.actor(a)
            if (actor_id, a.role) not in seen:
                seen.add((actor_id, a.role))
                links.append({"event_id": row.id, "actor_id": actor_id, "role": a.role, **dates})
        codes = dict.fromkeys(c.upper() for c in ev.countries if c)
        countries += [{"event_id": row.id, "country": c, **dates} for c in codes]
        evidence += [
            {"event_id": row.id, "article_id": article_id, **evidence_values(x),
             "reported_by_id": actors.sayer(x.reported_by)}
            for x in ev.evidence
        ]
    return links, countries, evidence

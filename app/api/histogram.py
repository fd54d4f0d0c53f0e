"""GET /v1/events/histogram: events counted per day, week, month or year, optionally split by a group, in SQL."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated

from fastapi import Query
from sqlalchemy import Date, DateTime, String, case, cast, func, literal, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.api.countries_data import country_info
from app.api.deps import EventFilters
from app.api.errors import ProblemException
from app.api.queries import actor_condition, actor_ids, filtered, link_conditions, modality_condition
from app.models import (
    Actor,
    Event,
    EventActor,
    EventCountry,
    EventHistogram,
    EventMonthCount,
    HistogramBucket,
    HistogramCount,
    HistogramGroup,
)

MAX_BUCKETS = 10_000
OTHER = "other"


class HistogramInterval(StrEnum):
    """Bucket size: a day, an ISO week (from Monday), a month or a year."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"


class HistogramBy(StrEnum):
    """What to split each bucket by."""

    country = "country"
    actor = "actor"
    event_type = "event_type"


Top = Annotated[int, Query(ge=1, le=50, description="How many groups to name; the rest are counted as `other`.")]


def bucket_of(column, interval: HistogramInterval, dialect: str):
    """The first day of the bucket holding `column` (a date), in the database's own SQL."""
    if interval is HistogramInterval.day:
        return column
    if dialect == "postgresql":  # a date read as a timestamp without time zone: no zone arithmetic per row
        return cast(func.date_trunc(interval.value, cast(column, DateTime())), Date)
    if interval is HistogramInterval.week:  # the Monday on or before the day
        return func.date(column, "-6 days", "weekday 1")
    # SQLite keeps a date as ISO text: its month or year is a prefix, read straight from the index
    return func.substr(column, 1, 7 if interval is HistogramInterval.month else 4)


def bucket_end(start: date, interval: HistogramInterval) -> date:
    if interval is HistogramInterval.day:
        return start
    if interval is HistogramInterval.week:
        return start + timedelta(days=6)
    if interval is HistogramInterval.month:
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return date(start.year, 12, 31)


def _day(value) -> date:
    """A bucket's first day from what the database gave: a date, or ISO text (`2019-03-04`, `2019-03`, `2019`)."""
    if isinstance(value, date):
        return value
    text = str(value)[:10]
    return date.fromisoformat(text if len(text) == 10 else (text + "-01-01")[:10] if len(text) == 4 else text + "-01")


# The filters the link tables answer on their own: their key (actor, country) and their copies of the event's dates
# and modality. When a request has no other filter, the histogram reads the link tables' indexes and never `event`.
LINK_FILTERS = frozenset({"actor", "country", "date_from", "date_to", "modality"})
_DEFAULT = EventFilters()


@dataclass
class Matching:
    """The matching events as rows of one table (`event`, or a link table when the filters allow): `table` with the
    conditions `where`; `event_id` and `day` (the event's first day, or the link's copy of it) of each row; `once`
    when no event has two rows."""

    table: object
    where: list
    event_id: object
    day: object
    once: bool


def links_answer(f: EventFilters) -> bool:
    """Whether every filter of `f` is one the link tables answer (any other filter at its default)."""
    return all(
        getattr(f, x.name) == getattr(_DEFAULT, x.name) for x in fields(EventFilters) if x.name not in LINK_FILTERS
    )


def matching(f: EventFilters, ids: list[int] | None = None) -> Matching:
    """Rows standing for the events `filtered(f)` selects, read from one table: from the actor link when an actor is
    named (a country probed per row), else from the country link when a country is, else from `event`. Only for
    filters the link tables answer (`links_answer`)."""
    if f.actor:
        ea = aliased(EventActor)
        where = [actor_condition(f, ea.actor_id, ids), *link_conditions(f, ea)]
        if f.country:  # its own alias: the rows counted may be event_country's too
            ec = aliased(EventCountry)
            where.append(select(ec.event_id).where(ec.event_id == ea.event_id, ec.country.in_(f.country)).exists())
        return Matching(ea, where, ea.event_id, ea.date_start, once=False)
    if f.country:
        ec = aliased(EventCountry)
        return Matching(ec, [ec.country.in_(f.country), *link_conditions(f, ec)], ec.event_id, ec.date_start,
                        once=len(f.country) == 1)
    where = [c for c in (modality_condition(f, Event.modality),) if c is not None]
    if f.date_from:
        where.append(Event.date_end >= f.date_from)
    if f.date_to:
        where.append(Event.date_start <= f.date_to)
    return Matching(Event, where, Event.id, Event.date_start, once=True)


def histogram(
    session: Session, f: EventFilters, interval: HistogramInterval, by: HistogramBy | None, top: int
) -> EventHistogram:
    dialect = session.get_bind().dialect.name
    ids = actor_ids(session, f)
    m = matching(f, ids) if links_answer(f) else None
    monthly = (
        m is not None
        and m.table is Event
        and not (f.date_from or f.date_to)
        and by in (None, HistogramBy.country)
        and interval in (HistogramInterval.month, HistogramInterval.year)
    )
    if monthly:  # every event (of the modalities asked): the per-month counts the triggers keep
        counts = [
            EventMonthCount.n > 0,
            *[c for c in (modality_condition(f, EventMonthCount.modality),) if c is not None],
        ]
        b = bucket_of(EventMonthCount.month, interval, dialect).label("bucket")
        totals_q = select(b, func.sum(EventMonthCount.n)).where(EventMonthCount.country == "", *counts)
    elif m is not None:
        b = bucket_of(m.day, interval, dialect).label("bucket")
        n_events = func.count() if m.once else func.count(func.distinct(m.event_id))
        totals_q = select(b, n_events).select_from(m.table).where(*m.where)
    else:
        b = bucket_of(Event.date_start, interval, dialect).label("bucket")
        totals_q = filtered(f, ids).with_only_columns(b, func.count())
    totals = _counted(session, totals_q.group_by(b).order_by(b).limit(MAX_BUCKETS + 1)).all()
    if len(totals) > MAX_BUCKETS:
        raise ProblemException(
            422,
            f"interval: more than {MAX_BUCKETS} buckets; use a coarser interval or a date range",
            [{"loc": ["query", "interval"], "msg": "too many buckets"}],
        )
    buckets = {
        _day(k): HistogramBucket(start=_day(k), end=bucket_end(_day(k), interval), count=n, groups=[])
        for k, n in totals
    }
    groups: list[HistogramGroup] = []
    if by is not None and buckets:
        if monthly:
            rows = GroupRows(
                select(EventMonthCount).where(EventMonthCount.country != "", *counts),
                EventMonthCount.country,
                func.sum(EventMonthCount.n),
                EventMonthCount.month,
            )
        else:
            rows = _link_rows(f, m, by) if m is not None else _event_rows(f, by, ids)
        gb = bucket_of(rows.day, interval, dialect).label("bucket")
        # many groups, or many cells: the ranking first, then top and `other` per bucket
        if by is HistogramBy.actor or monthly:
            groups = _by_ranking(session, buckets, by, rows, gb, top)
        else:
            groups = _in_one_pass(session, buckets, by, rows, gb, top)
        for b in buckets.values():  # most first, `other` last
            b.groups.sort(key=lambda x: (x.key == OTHER, -x.count, x.key))
    return EventHistogram(
        interval=interval.value, by=by.value if by else None, groups=groups, buckets=list(buckets.values())
    )


@dataclass
class GroupRows:
    """What the groups are counted over: `base` (a SELECT's FROM and WHERE), the group `key`, the count `n` of events
    per cell, and `day`, the event's first day."""

    base: object
    key: object
    n: object
    day: object


def _link_rows(f: EventFilters, m: Matching, by: HistogramBy) -> GroupRows:
    """The groups' rows when the link tables answer the filters: the group table alone when the matching events are
    `event`'s (its copies of the dates and modality filter it), else joined to the matching rows on the event."""
    if by is HistogramBy.event_type:
        key = func.coalesce(Event.event_type, "none")
        if m.table is Event:
            return GroupRows(select(Event).where(*m.where), key, func.count(), Event.date_start)
        # the event's type read per matching row by its key (a few thousand look-ups), never a join the planner may
        # answer by reading every event
        kind = select(key).where(Event.id == m.event_id).scalar_subquery()
        rows = select(m.day.label("day"), m.event_id.label("event_id"), kind.label("kind")).where(*m.where).subquery()
        return GroupRows(
            select(rows),
            rows.c.kind,
            func.count() if m.once else func.count(func.distinct(rows.c.event_id)),
            rows.c.day,
        )
    table, key = (
        (EventCountry, EventCountry.country) if by is HistogramBy.country else (EventActor, EventActor.actor_id)
    )
    # a country is on an event once; an actor may be on it in two roles
    once = by is HistogramBy.country
    if m.table is Event:
        return GroupRows(select(table).where(*link_conditions(f, table)), key,
                         func.count() if once else func.count(func.distinct(table.event_id)), table.date_start)
    base = select(table).select_from(m.table).join(table, table.event_id == m.event_id).where(*m.where)
    return GroupRows(base, key, func.count() if once and m.once else func.count(func.distinct(table.event_id)), m.day)


def _event_rows(f: EventFilters, by: HistogramBy, actor_ids: list[int] | None) -> GroupRows:
    """The groups' rows for any filter: the link rows of the events `filtered(f)` selects (by event type, those
    events themselves)."""
    if by is HistogramBy.event_type:
        return GroupRows(
            filtered(f, actor_ids), func.coalesce(Event.event_type, "none"), func.count(), Event.date_start
        )
    ids = filtered(f, actor_ids).with_only_columns(Event.id)
    if by is HistogramBy.country:
        return GroupRows(select(EventCountry).where(EventCountry.event_id.in_(ids)), EventCountry.country, func.count(),
                         EventCountry.date_start)
    return GroupRows(select(EventActor).where(EventActor.event_id.in_(ids)), EventActor.actor_id,
                     func.count(func.distinct(EventActor.event_id)), EventActor.date_start)


def _counted(session: Session, query):
    """The rows of an aggregate query as plain tuples (Core: no ORM row processing for thousands of cells)."""
    return session.connection().execute(query)


def _in_one_pass(session, buckets, by, rows: GroupRows, gb, top) -> list[HistogramGroup]:
    """Few groups (countries, event types): one pass counts every (bucket, group); the ranking is summed from it."""
    key = rows.key
    cells = _counted(session, rows.base.with_only_columns(gb, key, rows.n).group_by(gb, key)).all()
    totals: Counter = Counter()
    for _, g, c in cells:
        totals[g] += c
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    named = {k for k, _ in ranked[:top]}
    per_bucket: dict[date, Counter] = {}
    for k, g, c in cells:
        day = _day(k)
        counts = per_bucket.get(day)
        if counts is None:
            counts = per_bucket[day] = Counter()
        counts[g if g in named else OTHER] += c
    for day, counts in per_bucket.items():
        if day in buckets:  # a link's copy of the event's date is the event's, so always
            buckets[day].groups.extend(
                HistogramCount.model_construct(key=str(g), count=int(c)) for g, c in counts.items()
            )
    labels = _labels(session, by, [k for k, _ in ranked[:top]])
    groups = [HistogramGroup(key=str(k), label=labels[k], count=c) for k, c in ranked[:top]]
    if len(ranked) > top:
        groups.append(HistogramGroup(key=OTHER, label="Other", count=sum(c for _, c in ranked[top:])))
    return groups


def _by_ranking(session, buckets, by, rows: GroupRows, gb, top) -> list[HistogramGroup]:
    """Many groups (actors): the top groups first, then one pass counting them and `other` per bucket."""
    key, n = rows.key, rows.n
    ranked = _counted(
        session, rows.base.with_only_columns(key, n).group_by(key).order_by(n.desc(), key).limit(top + 1)
    ).all()
    named = [k for k, _ in ranked[:top]]
    labels = _labels(session, by, named)
    groups = [HistogramGroup(key=str(k), label=labels[k], count=c) for k, c in ranked[:top]]
    group = case((key.in_(named), cast(key, String)), else_=literal(OTHER)).label("grp")
    cells = _counted(session, rows.base.with_only_columns(gb, group, n).group_by(gb, group)).all()
    other = 0
    for k, g, c in cells:
        if _day(k) in buckets:
            buckets[_day(k)].groups.append(HistogramCount.model_construct(key=str(g), count=int(c)))
        other += c if g == OTHER else 0
    if len(ranked) > top:
        groups.append(HistogramGroup(key=OTHER, label="Other", count=other))
    return groups


def _labels(session: Session, by: HistogramBy, keys: list) -> dict:
    if by is HistogramBy.country:
        return {k: country_info(k)[0] for k in keys}
    if by is HistogramBy.actor:
        names = dict(session.execute(select(Actor.id, Actor.name).where(Actor.id.in_(keys))).all()) if keys else {}
        return {k: names.get(k, str(k)) for k in keys}
    return {k: k for k in keys}

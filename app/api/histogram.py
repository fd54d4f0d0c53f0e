"""GET /v1/events/histogram: events counted per day, week, month or year, optionally split by a group, in SQL."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated

from fastapi import Query
from sqlalchemy import Date, String, case, cast, func, literal, select
from sqlmodel import Session

from app.api.countries_data import country_info
from app.api.deps import EventFilters
from app.api.errors import ProblemException
from app.api.queries import filtered
from app.models import Actor, Event, EventActor, EventCountry, EventHistogram, HistogramBucket, HistogramCount, HistogramGroup

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
    if dialect == "postgresql":
        return cast(func.date_trunc(interval.value, column), Date)
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


def histogram(session: Session, f: EventFilters, interval: HistogramInterval, by: HistogramBy | None, top: int) -> EventHistogram:
    dialect = session.get_bind().dialect.name
    ids = filtered(f).with_only_columns(Event.id)
    b = bucket_of(Event.date_start, interval, dialect).label("bucket")
    totals = session.execute(
        filtered(f).with_only_columns(b, func.count()).group_by(b).order_by(b).limit(MAX_BUCKETS + 1)
    ).all()
    if len(totals) > MAX_BUCKETS:
        raise ProblemException(422, f"interval: more than {MAX_BUCKETS} buckets; use a coarser interval or a date range",
                               [{"loc": ["query", "interval"], "msg": "too many buckets"}])
    buckets = {_day(k): HistogramBucket(start=_day(k), end=bucket_end(_day(k), interval), count=n, groups=[]) for k, n in totals}
    groups: list[HistogramGroup] = []
    if by is not None and buckets:
        if by is HistogramBy.country:
            table, key, n = EventCountry, EventCountry.country, func.count()
            link = (EventCountry.event_id.in_(ids),)
            date_col = EventCountry.date_start  # the link table carries the event's dates
        elif by is HistogramBy.actor:
            table, key, n = EventActor, EventActor.actor_id, func.count(func.distinct(EventActor.event_id))
            link = (EventActor.event_id.in_(ids),)
            date_col = EventActor.date_start
        else:  # the event's own column: the filtered query itself, no link table
            table, key, n = None, func.coalesce(Event.event_type, "none"), func.count()
            link = ()
            date_col = Event.date_start
        gb = bucket_of(date_col, interval, dialect).label("bucket")
        if by is HistogramBy.actor:
            groups = _by_ranking(session, buckets, by, table, key, n, link, gb, top)
        else:
            groups = _in_one_pass(session, buckets, by, table, key, n, link, gb, top, filtered(f))
        for b in buckets.values():  # most first, `other` last
            b.groups.sort(key=lambda x: (x.key == OTHER, -x.count, x.key))
    return EventHistogram(interval=interval.value, by=by.value if by else None, groups=groups, buckets=list(buckets.values()))


def _in_one_pass(session, buckets, by, table, key, n, link, gb, top, by_filters) -> list[HistogramGroup]:
    """Few groups (countries, event types): one pass counts every (bucket, group); the ranking is summed from it."""
    query = select(gb, key, n).select_from(table).where(*link) if table is not None else by_filters.with_only_columns(gb, key, n)
    cells = session.execute(query.group_by(gb, key)).all()
    totals: Counter = Counter()
    for _, g, c in cells:
        totals[g] += c
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    named = {k for k, _ in ranked[:top]}
    per_bucket: dict[date, Counter] = {}
    for k, g, c in cells:
        per_bucket.setdefault(_day(k), Counter())[g if g in named else OTHER] += c
    for day, counts in per_bucket.items():
        if day in buckets:  # a link's copy of the event's date is the event's, so always
            buckets[day].groups.extend(HistogramCount(key=str(g), count=c) for g, c in counts.items())
    labels = _labels(session, by, [k for k, _ in ranked[:top]])
    groups = [HistogramGroup(key=str(k), label=labels[k], count=c) for k, c in ranked[:top]]
    if len(ranked) > top:
        groups.append(HistogramGroup(key=OTHER, label="Other", count=sum(c for _, c in ranked[top:])))
    return groups


def _by_ranking(session, buckets, by, table, key, n, link, gb, top) -> list[HistogramGroup]:
    """Many groups (actors): the top groups first, then one pass counting them and `other` per bucket."""
    ranked = session.execute(
        select(key, n).select_from(table).where(*link).group_by(key).order_by(n.desc(), key).limit(top + 1)
    ).all()
    named = [k for k, _ in ranked[:top]]
    labels = _labels(session, by, named)
    groups = [HistogramGroup(key=str(k), label=labels[k], count=c) for k, c in ranked[:top]]
    group = case((key.in_(named), cast(key, String)), else_=literal(OTHER)).label("grp")
    rows = session.execute(select(gb, group, n).select_from(table).where(*link).group_by(gb, group)).all()
    other = 0
    for k, g, c in rows:
        if _day(k) in buckets:
            buckets[_day(k)].groups.append(HistogramCount(key=str(g), count=c))
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

"""Events: the filtered, paginated timeline, its streamed exports (CSV, NDJSON), TimelineJS JSON and the histogram."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from enum import StrEnum
from html import escape
from itertools import chain
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic_core import to_json
from sqlmodel import Session

from app.api.deps import (
    Cursor,
    EventFilters,
    EventFiltersDep,
    IdPath,
    Limit,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
    get_or_404,
    require_read,
)
from app.api.errors import ProblemException
from app.api.histogram import HistogramBy, HistogramInterval, Top, histogram
from app.api.queries import count_events, iter_events, page_events
from app.api.responses import errors
from app.api.serialize import event_values, events_public
from app.models import (
    Event,
    EventHistogram,
    EventPage,
    EventPublic,
    Timeline,
    TimelineDate,
    TimelineEvent,
    TimelineText,
    TimelineTitle,
)

router = APIRouter(tags=["events"], dependencies=[Depends(require_read)])


class EventSort(StrEnum):
    """Order of events: `date` (oldest first; alias `asc`), `-date` (newest first; alias `desc`), `updated` (by last
    change, oldest first: the change feed)."""

    date = "date"
    date_desc = "-date"
    asc = "asc"
    desc = "desc"
    updated = "updated"


Sort = Annotated[
    EventSort | None, Query(description="`date` (default), `-date`, or `updated` (default with `updated_since`).")
]
ExportLimit = Annotated[
    int | None, Query(ge=1, description="At most this many events (default: every matching event).")
]

CSV_COLUMNS = ["id", "date_value", "date_start", "date_end", "granularity", "summary", "trigger", "event_type",
               "confidence", "actors", "countries", "sources", "source_urls", "expressions", "dated_by", "reported_by",
               "updated_at"]


def _sort(sort: EventSort | None, f: EventFilters) -> str:
    return sort.value if sort else ("updated" if f.updated_since else "date")


@router.get(
    "/v1/events",
    operation_id="listEvents",
    response_model=EventPage,
    summary="List events (the timeline)",
    description="Events matching every filter (a repeated filter matches any of its values), a page at a time: pass "
    "`next_cursor` back as `cursor`. Pages are keyset-paginated: while others ingest, merge and delete, an event that "
    "stays unchanged from the first page to the last appears exactly once; one created or changed after the walk "
    "started (`as_of`) appears at most once, and `updated_since=as_of` lists it. With `updated_since`, "
    "the events created or changed since then in the order they changed: poll with the largest `updated_at` seen.",
    responses=errors(401, 422),
)
def list_events(session: ReadSessionDep, f: EventFiltersDep, sort: Sort = None, limit: Limit = 50,
                cursor: Cursor = None):
    rows, nxt, as_of = page_events(session, f, _sort(sort, f), limit, cursor)
    # the hot path: EventPage's JSON written straight from its values, no model built (the same bytes: a test checks)
    page = {"items": event_values(session, rows), "next_cursor": nxt, "as_of": as_of}
    return Response(to_json(page), media_type="application/json")


def _cell(value):
    """Text that a spreadsheet would run as a formula is prefixed with a quote (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_rows(events: list[EventPublic]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    for e in events:
        w.writerow(
            _cell(v)
            for v in [
                e.id,
                e.date.value,
                e.date.start.isoformat(),
                e.date.end.isoformat(),
                e.date.granularity.value,
                e.summary,
                e.trigger,
                e.event_type or "",
                e.confidence,
                "; ".join(f"{a.name} ({a.role.value})" for a in e.actors),
                " ".join(e.countries),
                "; ".join(dict.fromkeys(s.source for s in e.sources)),
                "; ".join(dict.fromkeys(s.url for s in e.sources if s.url)),
                "; ".join(f"{s.expression} = {s.value}" for s in e.sources),
                e.dated_by.value,
                "; ".join(dict.fromkeys(s.reported_by.name for s in e.sources if s.reported_by)),
                e.updated_at.isoformat(),
            ]
        )
    return buf.getvalue()


def _ndjson_rows(events: list[EventPublic]) -> str:
    return "".join(e.model_dump_json() + "\n" for e in events)


def _stream(request: Request, f: EventFilters, sort: str, cursor: str | None, limit: int | None, head: str,
            render: Callable[[list[EventPublic]], str], media_type: str, filename: str) -> StreamingResponse:
    """Every matching event, read a keyset page at a time in a session of the response's own, rendered page by page."""
    session = Session(request.app.state.engine, expire_on_commit=False)
    try:
        chunks = iter_events(session, f, sort, cursor, limit)
        first = next(
            chunks, []
        )  # a bad cursor or an unreachable database answers as a problem, before any byte is sent
    except BaseException:
        session.close()
        raise

    def body() -> Iterator[bytes]:
        try:
            if head:
                yield head.encode()
            for rows in chain([first], chunks):
                if rows:
                    yield render(events_public(session, rows)).encode()
        finally:
            session.close()

    return StreamingResponse(
        body(), media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _csv_header() -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow(CSV_COLUMNS)
    return buf.getvalue()


@router.get(
    "/v1/events.csv",
    operation_id="exportEventsCsv",
    response_class=StreamingResponse,
    summary="Export events as CSV",
    description="Every event matching the filters of `listEvents`, streamed as UTF-8 CSV with a header row (no cap: "
    "read a page at a time, at constant memory). One row per event; actors, sources and expressions are joined with "
    "`; `. "
    "Cells that a spreadsheet would run as a formula start with a quote.",
    responses={
        200: {"description": "The events, one row each", "content": {"text/csv": {"schema": {"type": "string"}}}},
        **errors(401, 422),
    },
)
def export_events_csv(request: Request, f: EventFiltersDep, sort: Sort = None, limit: ExportLimit = None,
                      cursor: Cursor = None) -> StreamingResponse:
    return _stream(
        request, f, _sort(sort, f), cursor, limit, _csv_header(), _csv_rows, "text/csv; charset=utf-8", "events.csv"
    )


@router.get(
    "/v1/events.ndjson",
    operation_id="exportEventsNdjson",
    response_class=StreamingResponse,
    summary="Export events as NDJSON",
    description="Every event matching the filters of `listEvents`, streamed as newline-delimited JSON: one "
    "`EventPublic` object a line (no cap: read a page at a time, at constant memory).",
    responses={
        200: {
            "description": "The events, one `EventPublic` JSON object a line",
            "content": {"application/x-ndjson": {"schema": {"type": "string", "format": "binary"}}},
        },
        **errors(401, 422),
    },
)
def export_events_ndjson(request: Request, f: EventFiltersDep, sort: Sort = None, limit: ExportLimit = None,
                         cursor: Cursor = None) -> StreamingResponse:
    return _stream(request, f, _sort(sort, f), cursor, limit, "", _ndjson_rows, "application/x-ndjson", "events.ndjson")


@router.get(
    "/v1/events/histogram",
    operation_id="getEventHistogram",
    response_model=EventHistogram,
    summary="Count events over time",
    description="Events matching the filters of `listEvents`, counted per day, week (ISO, from Monday), month or "
    "year of their first day, optionally split by country, actor or event type: the `top` groups by total count and "
    "`other` for the rest. An event involving two countries counts once for each, and once in the bucket's `count`. "
    "Computed in SQL.",
    responses=errors(401, 422),
)
def get_event_histogram(
    session: SessionDep,
    f: EventFiltersDep,
    interval: Annotated[HistogramInterval, Query(description="Bucket size.")] = HistogramInterval.month,
    by: Annotated[HistogramBy | None, Query(description="Split each bucket by country, actor or event type.")] = None,
    top: Top = 10,
) -> Response:
    # serialized once, as the listing is (a month by country over 25 years is thousands of counts)
    return Response(histogram(session, f, interval, by, top).model_dump_json(), media_type="application/json")


@router.get("/v1/events/{id}", operation_id="getEvent", response_model=EventPublic, summary="Get one event",
            description="The event with every source that reports it.", responses=errors(401, 404, 422))
def get_event(session: SessionDep, id: IdPath) -> EventPublic:
    return events_public(session, [get_or_404(session, Event, id, "event")])[0]


@router.get(
    "/v1/timeline.json",
    operation_id="getTimeline",
    response_model=Timeline,
    response_model_exclude_none=True,
    summary="Get the events as TimelineJS JSON",
    description="The events matching the filters of `listEvents` as a TimelineJS3 document. At most "
    "DATELINE_EXPORT_MAX events: when more match, 422 asks for narrower filters (the exports have no limit).",
    responses=errors(401, 422),
)
def get_timeline(session: SessionDep, settings: SettingsDep, f: EventFiltersDep, sort: Sort = None) -> Timeline:
    n = count_events(session, f)
    if n > settings.export_max:
        raise ProblemException(
            422,
            f"filters: {n} events match, more than a timeline shows ({settings.export_max}); narrow the "
            "filters or use GET /v1/events.ndjson",
            [{"loc": ["query"], "msg": "too many events"}],
        )
    items = []
    for rows in iter_events(session, f, _sort(sort, f)):
        for e in events_public(session, rows):
            start, end = _tl_date(e.date.start, e.date.granularity), _tl_date(e.date.end, e.date.granularity)
            # TimelineJS renders these as HTML: article text is escaped
            body = "<br>".join(f"{escape(s.source)}: “{escape(s.sentence)}”" for s in e.sources)
            items.append(
                TimelineEvent(
                    unique_id=f"event-{e.id}",
                    start_date=start,
                    end_date=end if end != start else None,
                    text=TimelineText(headline=escape(e.summary), text=body),
                    group=", ".join(e.countries) or None,
                )
            )
    return Timeline(
        title=TimelineTitle(text=TimelineText(headline="Dateline", text=f"{len(items)} events")), events=items
    )


def _tl_date(d, granularity: str) -> TimelineDate:
    if granularity in ("year", "decade", "century"):
        return TimelineDate(year=d.year)
    if granularity in ("month", "quarter", "season", "half"):
        return TimelineDate(year=d.year, month=d.month)
    return TimelineDate(year=d.year, month=d.month, day=d.day)

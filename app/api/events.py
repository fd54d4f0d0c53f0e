"""Events: the filtered, paginated timeline and its exports (CSV, TimelineJS)."""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from app.api.deps import MAX_ID, Cursor, EventFiltersDep, Limit, SessionDep, SettingsDep, not_found, require_read
from app.api.queries import all_events, page_events
from app.api.responses import errors
from app.api.serialize import events_public
from app.models import Event, EventPage, EventPublic, Timeline, TimelineDate, TimelineEvent, TimelineText

router = APIRouter(tags=["events"], dependencies=[Depends(require_read)])

Sort = Annotated[Literal["date", "-date", "asc", "desc"], Query(description="date (ascending) or -date (descending).")]

CSV_COLUMNS = ["id", "date_value", "date_start", "date_end", "granularity", "summary", "trigger", "event_type",
               "confidence", "actors", "countries", "sources", "source_urls", "expressions", "dated_by", "reported_by"]


@router.get(
    "/v1/events",
    operation_id="listEvents",
    response_model=EventPage,
    summary="List events (the timeline), filtered and paginated",
    description="JSON pages of events. `format=csv` returns every matching event (up to DATELINE_EXPORT_MAX) as text/csv.",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **errors(401, 422)},
)
def list_events(
    session: SessionDep,
    settings: SettingsDep,
    f: EventFiltersDep,
    sort: Sort = "date",
    limit: Limit = 50,
    cursor: Cursor = None,
    format: Annotated[Literal["json", "csv"], Query(description="json (paginated) or csv (an export).")] = "json",
):
    if format == "csv":
        return _csv(events_public(session, all_events(session, f, sort, settings.export_max)))
    rows, nxt = page_events(session, f, sort, limit, cursor)
    page = EventPage(items=events_public(session, rows), next_cursor=nxt)
    # the hot path: serialized by pydantic in one step (the model is already validated)
    return Response(page.model_dump_json(), media_type="application/json")


@router.get("/v1/events/{id}", operation_id="getEvent", response_model=EventPublic, summary="One event", responses=errors(401, 404, 422))
def get_event(session: SessionDep, id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> EventPublic:
    row = session.get(Event, id)
    if row is None:
        raise not_found("event", id)
    return events_public(session, [row])[0]


@router.get(
    "/v1/timeline.json",
    operation_id="getTimeline",
    response_model=Timeline,
    summary="The filtered events as TimelineJS JSON",
    responses=errors(401, 422),
)
def get_timeline(session: SessionDep, settings: SettingsDep, f: EventFiltersDep, sort: Sort = "date") -> Timeline:
    events = events_public(session, all_events(session, f, sort, settings.export_max))
    items = []
    for e in events:
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
    return Timeline(title={"text": {"headline": "Dateline", "text": f"{len(items)} events"}}, events=items)


def _tl_date(d, granularity: str) -> TimelineDate:
    if granularity in ("year", "decade", "century"):
        return TimelineDate(year=d.year)
    if granularity in ("month", "quarter", "season", "half"):
        return TimelineDate(year=d.year, month=d.month)
    return TimelineDate(year=d.year, month=d.month, day=d.day)


def _cell(value):
    """Text that a spreadsheet would run as a formula is prefixed with a quote (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(events: list[EventPublic]) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for e in events:
        w.writerow(_cell(v) for v in [
            e.id, e.date.value, e.date.start.isoformat(), e.date.end.isoformat(), e.date.granularity, e.summary, e.trigger,
            e.event_type or "", e.confidence, "; ".join(f"{a.name} ({a.role})" for a in e.actors), " ".join(e.countries),
            "; ".join(dict.fromkeys(s.source for s in e.sources)), "; ".join(dict.fromkeys(s.url for s in e.sources if s.url)),
            "; ".join(f"{s.expression} = {s.value}" for s in e.sources), e.dated_by.value,
            "; ".join(dict.fromkeys(s.reported_by.name for s in e.sources if s.reported_by)),
        ])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="events.csv"'})

"""The timeline page for people: static HTML and JavaScript calling the API (assets vendored in app/static)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/")
@router.get("/timeline")
def timeline_page() -> FileResponse:
    return FileResponse(STATIC / "timeline.html", media_type="text/html; charset=utf-8")

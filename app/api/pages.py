"""The timeline page for people: static HTML and JavaScript calling the API (assets vendored in app/static)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


def mount(app) -> None:
    """The page's own assets and the vendored libraries, under /static/app."""
    from fastapi.staticfiles import StaticFiles

    app.mount("/static/app", StaticFiles(directory=STATIC), name="static-app")


@router.get("/")
@router.get("/timeline")
def timeline_page() -> FileResponse:
    return FileResponse(STATIC / "timeline.html", media_type="text/html; charset=utf-8")

"""HTML pages: the main text (trafilatura) and the publication date (htmldate)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
_START = re.compile(r"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


@dataclass(slots=True)
class Page:
    text: str
    title: str | None
    date: str | None  # YYYY-MM-DD from the page's metadata


def looks_like_html(text: str) -> bool:
    """A page rather than text: it opens like one, or tags make up a good part of it."""
    if _START.match(text[:500]):
        return True
    sample = text[:20000]
    tags = _TAG.findall(sample)
    return len(tags) >= 5 and sum(len(m.group(0)) for m in _TAG.finditer(sample)) > 0.1 * len(sample)


def read_page(html: str, want_date: bool) -> Page:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    except Exception:  # noqa: BLE001 - a page trafilatura cannot read has no main text; the caller says so
        doc = None
    text, title = "", None
    if doc is not None:
        text = (getattr(doc, "text", None) if not isinstance(doc, dict) else doc.get("text")) or ""
        title = getattr(doc, "title", None) if not isinstance(doc, dict) else doc.get("title")
    found = None
    if want_date:
        from htmldate import find_date

        try:
            found = find_date(html, original_date=True, outputformat="%Y-%m-%d")
        except Exception:  # noqa: BLE001 - htmldate raises on pages it cannot parse; no date is the honest answer
            found = None
    return Page(text=text, title=title, date=found)

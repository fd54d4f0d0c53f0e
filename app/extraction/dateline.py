"""Where a story was filed: the place of its dateline ("NAIROBI, Kenya (AP) _", "BRUSSELS (Reuters) -").

An event whose sentence names no place and no country happened, as far as the text tells, where the story was
reported from: the dateline gives it its location and country. Events that name their own place keep it.
"""

from __future__ import annotations

import re

from app.extraction import countries
from app.extraction.clean import dateline_span

# The credit and the dash that follow the place in a dateline (place() takes them off).
_CREDIT = re.compile(r"""
    \([^()]*\)                      # the agency in brackets: "(Reuters)"
  | (?<=[a-z]) \s+ [A-Z]{2,10} \s*$  # a bare agency after a place in small letters: "Washington CNN"
  | [-–—_]+ \s*$                     # the dash
""", re.VERBOSE)


def place(text: str) -> tuple[str, str] | None:
    """(the place as written, its ISO country) of the dateline opening text, or None."""
    span = dateline_span(text)
    if span is None:
        return None
    words = text[span[0]:span[1]]
    for _ in range(3):  # the agency in brackets, a bare agency ("Washington CNN —"), the dash
        words = _CREDIT.sub("", words).strip()
    if not words:
        return None
    parts = [p.strip() for p in words.split(",") if p.strip()]
    for part in reversed(parts):  # "NAIROBI, Kenya": the country named last, else the city
        found = countries.lookup(part) or countries.lookup(part.title())
        if found is not None:
            return words, found.code
    return None


__all__ = ["place"]

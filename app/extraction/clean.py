"""Page furniture: find it and mask it, keeping every offset of the received text.

Masking replaces furniture characters with spaces (newlines kept), so the cleaned text has the
same length as the received one and offsets found in it point into the received text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from app.extraction.resources import toml

# A headline line in a link list is short; a prose paragraph is longer than this.
_LIST_ITEM_MAX = 200


@dataclass(slots=True)
class Cleaned:
    text: str  # same length as the input, furniture replaced by spaces
    removed: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of masked spans


@lru_cache(maxsize=1)
def _patterns():
    """(list headers, furniture lines, the age line, the dateline) compiled from furniture.toml."""
    data = toml("furniture.toml")

    def comp(patterns, flags=0):
        return [re.compile(p, re.IGNORECASE | flags) for p in patterns]

    headers = comp(data["list_headers"]) + comp(data["related_headers"], re.VERBOSE)
    lines = comp(data["lines"]) + comp(data["share_lines"], re.VERBOSE)
    return headers, lines, re.compile(data["age_line"], re.IGNORECASE), re.compile(data["dateline"], re.VERBOSE)


def _lines(text: str):
    """(start, end, stripped line) for every line."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        yield pos, pos + len(body), body.strip()
        pos += len(raw)


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Spans of page furniture in text, as (start, end) offsets, in order."""
    headers, singles, age, _ = _patterns()
    lines = list(_lines(text))
    marked = _link_lists_and_lines(lines, headers, singles)
    _mark_aged_headlines(lines, marked, age)
    return [(start, end) for (start, end, line), m in zip(lines, marked) if m and line]


def _link_lists_and_lines(lines: list, headers, singles) -> list[bool]:
    """For each line, whether it is furniture: a line that starts a list of links and the short lines after it,
    or a line that is furniture wherever it stands."""
    marked = [False] * len(lines)
    in_list = False
    for i, (_, _, line) in enumerate(lines):
        if not line:
            continue
        if in_list:
            if len(line) <= _LIST_ITEM_MAX or any(p.match(line) for p in singles):
                marked[i] = True
                continue
            in_list = False
        if any(p.match(line) for p in headers):
            marked[i] = True
            in_list = True
        elif any(p.match(line) for p in singles):
            marked[i] = True
    return marked


def _mark_aged_headlines(lines: list, marked: list[bool], age) -> None:
    """A headline followed by its age ("7 minutes -") is a link-list item even without a header."""
    for i, (_, _, line) in enumerate(lines):
        if line and age.match(line):
            marked[i] = True
            j = i - 1
            while j >= 0 and not lines[j][2]:
                j -= 1
            if j >= 0 and len(lines[j][2]) <= _LIST_ITEM_MAX:
                marked[j] = True


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] not in "\r\n":
                chars[k] = " "
    return "".join(chars)


def dateline_span(text: str) -> tuple[int, int] | None:
    """The dateline opening the first non-blank line ("BRUSSELS (Reuters) -"), or the line under a headline
    ("Chile signs pension reform\n\nSANTIAGO, Chile (AP) - ..."), if any."""
    dateline = _patterns()[3]
    start = len(text) - len(text.lstrip())
    for _ in range(2):
        m = dateline.match(text[start : start + 200])  # the pattern is anchored: match the line itself
        if m is not None and m.end() <= 60:
            return start, start + m.end()
        end = text.find("\n", start)
        if end < 0 or not is_headline(text[start:end]):
            return None  # the first line is prose, not a headline over the body
        start = end + len(text[end:]) - len(text[end:].lstrip())
    return None


def is_headline(line: str) -> bool:
    """Whether a line reads as a headline: short, one line, without the punctuation that ends a sentence
    ("Toyota recalls 1.2 million vehicles over airbag fault")."""
    line = line.strip()
    return bool(line) and "\n" not in line and len(line) <= _HEADLINE_MAX and line[-1] not in _SENTENCE_END


_HEADLINE_MAX = 200
_SENTENCE_END = frozenset(".!?:;\"'”’)")


# Typewriter dashes of wire copy (" _ ", " -- ") as the dash they stand for, one character for one, so that the
# parser reads "200 Americans _ embassy staff _ left Pakistan" as an aside and not as a noun and a relative clause.
_TYPED_DASH = re.compile(r"(?<=\s)(?:_|--)(?=\s)")


def _dashes(text: str) -> str:
    return _TYPED_DASH.sub(lambda m: "\u2014" + " " * (len(m.group()) - 1), text)


def clean(text: str) -> Cleaned:
    spans = furniture_spans(text)
    d = dateline_span(text)
    if d is not None:
        spans = sorted(spans + [d])
    return Cleaned(text=_dashes(mask(text, spans)), removed=spans)

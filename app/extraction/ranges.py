"""Ranges: "from 2009 to 2011", "between April and June", "1957-58" are one stretch of time, not two dates.

The resolver tags each end on its own (TIMEX3 has no range value); the extractor dates one event by the range.
Its value is the ISO 8601 interval of the two ends' values ("2009/2011"), its interval runs from the first day
of the one to the last day of the other.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from app.extraction.resources import lexicon
from app.temporal.timex import Timex, interval_of

_AFTER_BETWEEN = re.compile(r"between\s+(?:the\s+)?$", re.IGNORECASE)  # "and" links a range only after "between"
_SHORT_YEAR = re.compile(r"^\s*[-–/]\s*(\d{2}|\d{4})\b")
_YEAR = re.compile(r"^\d{4}$")


@cache
def _range_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(the link between a range's ends, alone between them: "to", "and", a dash; the words that open a range,
    just before its first end: "from", "between the"), from the range words of the lexicon."""
    grammar = lexicon()["grammar"]
    links = "|".join(re.escape(w) for w in sorted(grammar["range_links"]))
    openers = "|".join(rf"\b{re.escape(w)}" for w in sorted(grammar["range_openers"]))
    return (re.compile(rf"^\s*(?:{links}|-|–|—)\s*$", re.IGNORECASE),
            re.compile(rf"(?:{openers})\s+(?:the\s+)?$", re.IGNORECASE))


def _shift_year(tx: Timex, years: int) -> Timex | None:
    m = re.match(r"^(\d{4})(.*)$", tx.value)
    if not m:
        return None
    value = f"{int(m.group(1)) + years:04d}{m.group(2)}"
    _, start, end = interval_of(value)
    if start is None:
        return None
    return replace(tx, value=value, interval_start=start, interval_end=end)


def _join(a: Timex, b: Timex, text: str) -> Timex | None:
    if a.interval_start is None or b.interval_end is None:
        return None
    if b.interval_end < a.interval_start and a.anchor == "publication":
        a = _shift_year(a, -1) or a  # "between April and June" read in March of the next year
    if b.interval_end < a.interval_start:
        return None
    return Timex(start=a.start, end=b.end, text=text[a.start:b.end], type="DATE", value=f"{a.value}/{b.value}",
                 granularity=a.granularity, interval_start=a.interval_start, interval_end=b.interval_end,
                 anchor=a.anchor, anchor_value=a.anchor_value, extra={"range": True})


def combine(timexes: list[Timex], text: str) -> list[Timex]:
    """The same list with each range's two ends replaced by one range expression (reading order kept)."""
    between, openers = _range_patterns()
    txs = sorted(timexes, key=lambda t: t.start)
    out: list[Timex] = []
    i = 0
    while i < len(txs):
        a = txs[i]
        dated = a.type in ("DATE", "TIME") and a.interval_start is not None
        if dated and i + 1 < len(txs):
            b = txs[i + 1]
            gap = text[a.end:b.start]
            before = text[max(0, a.start - 12):a.start]
            opened = bool(openers.search(before))
            link = between.match(gap)
            if b.type in ("DATE", "TIME") and link and (opened or link.group().strip() in ("-", "–", "—")) and (
                    link.group().strip().lower() != "and"
                    or _AFTER_BETWEEN.search(before)):
                joined = _join(a, b, text)
                if joined is not None:
                    out.append(joined)
                    i += 2
                    continue
        if dated and _YEAR.match(a.value):
            m = _SHORT_YEAR.match(text[a.end:a.end + 6])
            if m and not text[a.end + m.end():a.end + m.end() + 1].isdigit():
                y = m.group(1)
                end_year = int(y) if len(y) == 4 else int(a.value[:2] + y)
                if int(a.value) < end_year <= int(a.value) + 100:
                    b = _shift_year(a, end_year - int(a.value))
                    if b is not None:
                        b = replace(b, start=a.end + m.start(1), end=a.end + m.end())
                        joined = _join(a, b, text)
                        if joined is not None:
                            out.append(joined)
                            i += 1
                            continue
        out.append(a)
        i += 1
    return out


__all__ = ["combine"]

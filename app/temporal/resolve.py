"""The resolver's entry point: text + publication date (+ optional NLP hints) -> time expressions."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from app.temporal.errors import TemporalInputError
from app.temporal.grammar import grammar
from app.temporal.iso import parse_iso
from app.temporal.lexicon import lexicon
from app.temporal.normalize import Context, Normalizer, Result, bind_events
from app.temporal.normalize import _years_back as years_back
from app.temporal.tense import TenseFinder
from app.temporal.timex import Hints, Timex, interval_of

_DATED = ("DATE", "TIME")
_OFFSET_KINDS = ("anaph", "dur")  # "the day before", "two days after": may count from the date that follows
_CLOCK_THEN_DAY = re.compile(r"\s*,?\s+(?:on\s+)?")  # "3 p.m. on March 7", "noon March 7", "16:15 UTC, June 1"
# a clock time restated in another zone between brackets before the day: "3:45 p.m. (0745 GMT) Saturday"
_OPEN_BRACKET = re.compile(r"\s*[(\[]\s*")
_CLOSE_THEN_DAY = re.compile(r"\s*[)\]]\s*,?\s*(?:on\s+)?")
# "9 a.m. to 5 p.m.", "7 a.m. and close at 8 p.m.", "10 p.m.-6 a.m.": two clock times of one stretch or one schedule
_COORDINATED_CLOCK = re.compile(r"""
    \s*(?:-|–
      | (?:to|until|till|through|and)\s+(?:[a-z]+\s+){0,2}?(?:at\s+)?   # "to", "and close at"
    )\s*""", re.IGNORECASE | re.VERBOSE)
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
# the words between a clock time and the day of its clause: no punctuation ("at 6 a.m. near the house on Monday")
_SAME_CLAUSE_GAP = re.compile(r"[ \t]+[A-Za-z' ]*?[ \t]*")
_CLAUSE_GAP_WORDS = 6
_DAY_PART_VALUE = re.compile(r"\d{4}-\d\d-\d\dT(?:MO|AF|EV|NI)")
_PART_OF_DAY = re.compile(r"T(?:MO|AF|EV|NI|DT)$")


def parse_published_at(published_at) -> tuple[date, tuple[int, int] | None]:
    """The publisher's local date (and time of day, when given) of a publication date or datetime."""
    if published_at is None or (isinstance(published_at, str) and not published_at.strip()):
        raise TemporalInputError(
            "published_at is required (an ISO date or datetime, e.g. 2019-03-12 or 2019-03-12T23:30:00-05:00)"
        )
    if not isinstance(published_at, (str, date)):
        kind = type(published_at).__name__
        raise TemporalInputError(f"published_at must be an ISO date or datetime string, not {kind}")
    try:
        parsed = parse_iso(published_at)
    except ValueError:
        raise TemporalInputError(f"published_at is not an ISO date or datetime: {published_at!r}") from None
    if isinstance(parsed, datetime):
        return parsed.date(), (parsed.hour, parsed.minute)
    return parsed, None


def resolve(text: str, published_at, hints: Hints | None = None, language: str = "en") -> list[Timex]:
    """Every time expression in text, normalized to TIMEX3 against the publication date, tense and discourse."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise TemporalInputError(f"text must be a string, not {type(text).__name__}")
    dct, dct_time = parse_published_at(published_at)
    if not text.strip():
        return []
    if hints is not None and not isinstance(hints, Hints):
        raise TemporalInputError("hints must be a Hints object or None")
    lx = lexicon(language)
    g = grammar(language)
    try:
        tense = TenseFinder(text, hints, lx)
    except (TypeError, ValueError, IndexError, AttributeError):
        raise TemporalInputError("hints must hold sentences as (start, end) and tokens as (start, end, tag)") from None
    ctx = Context(text=text, dct=dct, dct_time=dct_time, lx=lx, tense=tense)
    return _timexes(ctx, Normalizer(lx), g.scan(text))


def _timexes(ctx: Context, norm: Normalizer, cands: list) -> list[Timex]:
    """The candidates resolved in text order, each one's value against the discourse the ones before it left."""
    out: list[Timex] = []
    skip = False
    for i, c in enumerate(cands):
        if skip:  # the date an offset was counted from, or a clock time's day: part of the previous expression
            skip = False
            continue
        r, skip = _resolve_at(ctx, norm, cands, i)
        if r is None:
            continue
        for part in [r, *r.more]:
            _emit(out, ctx, c, part, ctx.text)
    return out


def _resolve_at(ctx: Context, norm: Normalizer, cands: list, i: int) -> tuple[Result | None, bool]:
    """The result of candidate i, and whether it took the next candidate in ("two days after March 3", "at 3
    p.m. on March 7")."""
    c, text = cands[i], ctx.text
    r = None
    skip = False
    if c.kind in _OFFSET_KINDS and i + 1 < len(cands):
        r = norm.offset_from(ctx, c, cands[i + 1])
        skip = r is not None
    if r is None:
        r = norm.resolve(ctx, c)
    if r is None:
        return None, skip
    if r.type == "TIME" and not r.more and i + 1 < len(cands):
        joined = _clock_on_day(ctx, norm, text, c, r, cands[i + 1])
        if joined is not None:
            return joined, True
        if not _clock_before_bracketed_day(ctx, norm, text, cands, i, r) \
                and not _clock_before_coordinated_day(ctx, norm, text, cands, i, r):
            _clock_before_day_of_its_clause(ctx, norm, text, cands, i, r)
    return r, skip


def _clock_on_day(ctx: Context, norm: Normalizer, text: str, c, r: Result, nxt) -> Result | None:
    """A clock time followed by the day it is on ("at 3 p.m. on March 7") is one TIME on that day."""
    end = r.end if r.end is not None else c.end
    if "T" not in r.value or r.anchor == "absolute" or not _CLOCK_THEN_DAY.fullmatch(text, end, nxt.start):
        return None
    day = norm.resolve(ctx, nxt)
    if day is None or day.more or not (day.type == "DATE" and _DAY_VALUE.fullmatch(day.value)
                                       or _DAY_PART_VALUE.fullmatch(day.value)):
        return None  # a day, or a part of one: "at 11 p.m. last night", "at 9 this morning"
    clock = r.value[r.value.index("T"):]
    return Result("TIME", day.value[:10] + clock, mod=r.mod, anchor=day.anchor, anchor_value=day.anchor_value,
                  start=r.start if r.start is not None else c.start, end=day.end if day.end is not None else nxt.end)


def _clock_before_bracketed_day(ctx: Context, norm: Normalizer, text: str, cands, i: int, r: Result) -> bool:
    """A clock time without a day of its own, and its restatement in another zone between brackets, are on the
    day named right after the brackets: "at 3:45 p.m. (0745 GMT) Saturday", "19:03 local time (22:03 UTC) on
    Sunday". The day stays an expression of its own; only the times take its date."""
    c = cands[i]
    if c.kind != "time" or c.groups.get("trailing_day") or c.groups.get("leading_day") or "T" not in r.value:
        return False
    j = i + 1
    if cands[j].kind == "time" and _OPEN_BRACKET.fullmatch(text, c.end, cands[j].start):
        j += 1  # the time before the brackets: the day follows the bracketed one
    elif not (c.start > 0 and _OPEN_BRACKET.fullmatch(text, _bracket_start(text, c.start), c.start)):
        return False  # neither a time before brackets nor the bracketed one
    if j >= len(cands) or not _CLOSE_THEN_DAY.fullmatch(text, cands[j - 1].end, cands[j].start):
        return False
    day = norm.resolve(ctx, cands[j])
    if day is None or day.type != "DATE" or day.more or not _DAY_VALUE.fullmatch(day.value):
        return False
    r.value = day.value + r.value[r.value.index("T"):]
    r.anchor, r.anchor_value = day.anchor, day.anchor_value
    return True


def _clock_before_day_of_its_clause(ctx: Context, norm: Normalizer, text: str, cands, i: int, r: Result) -> None:
    """A clock time without a day, followed a few words on in its clause by a day ("observed the car at 6 a.m. near
    the house on Monday"), is on that day. Not across a comma, a conjunction or a subordinator ("at 9 p.m., and on
    Monday ..."), where the day may be another happening's. The day stays an expression of its own."""
    c, nxt = cands[i], cands[i + 1]
    if c.kind != "time" or c.groups.get("trailing_day") or c.groups.get("leading_day") or "T" not in r.value \
            or r.anchor == "absolute" or not _SAME_CLAUSE_GAP.fullmatch(text, c.end, nxt.start):
        return
    words = text[c.end:nxt.start].lower().split()
    if len(words) > _CLAUSE_GAP_WORDS or not set(words).isdisjoint(ctx.lx.data["clause_breaking_words"]):
        return
    day = norm.resolve(ctx, nxt)
    if day is None or day.type != "DATE" or day.more or not _DAY_VALUE.fullmatch(day.value):
        return
    r.value = day.value + r.value[r.value.index("T"):]
    r.anchor, r.anchor_value = day.anchor, day.anchor_value


def _clock_before_coordinated_day(ctx: Context, norm: Normalizer, text: str, cands, i: int, r: Result) -> bool:
    """A clock time without a day, joined to a clock time that has one, is on that day: "from 9 a.m. to 5 p.m.
    Tuesday", "polls open at 7 a.m. and close at 8 p.m. Thursday". Whether it was."""
    c, nxt = cands[i], cands[i + 1]
    if c.kind != "time" or nxt.kind != "time" or "T" not in r.value \
            or c.groups.get("trailing_day") or c.groups.get("leading_day"):
        return False
    if not _COORDINATED_CLOCK.fullmatch(text, c.end, nxt.start):
        return False
    r2 = norm.resolve(ctx, nxt)
    if r2 is None or r2.type != "TIME" or r2.more:
        return False
    if not (nxt.groups.get("trailing_day") or nxt.groups.get("leading_day")):
        if i + 2 >= len(cands):
            return False
        r2 = _clock_on_day(ctx, norm, text, nxt, r2, cands[i + 2])
        if r2 is None:
            return False
    if "T" not in r2.value or not _DAY_VALUE.match(r2.value):
        return False
    day, clock = date.fromisoformat(r2.value[:10]), r.value[r.value.index("T"):]
    gap = text[c.end:nxt.start].strip().lower()
    if not gap.startswith("and") and clock[1:6] > r2.value[11:16]:
        day -= timedelta(days=1)  # "from 10 p.m. to 6 a.m. Tuesday": the stretch starts the evening before
    r.value = day.isoformat() + clock
    r.anchor, r.anchor_value = r2.anchor, r2.anchor_value
    return True


def _bracket_start(text: str, pos: int) -> int:
    """Where the run of spaces and one opening bracket right before pos starts (pos when there is none)."""
    k = pos
    while k > 0 and text[k - 1].isspace():
        k -= 1
    if k > 0 and text[k - 1] in "([":
        k -= 1
        while k > 0 and text[k - 1].isspace():
            k -= 1
        return k
    return pos


def _emit(out: list[Timex], ctx: Context, c, r, text: str) -> None:
    """Append the Timex of one resolved result and make it the discourse's latest date when it is one."""
    start = r.start if r.start is not None else c.start
    end = r.end if r.end is not None else c.end
    if r.type == "DATE" and _PART_OF_DAY.search(r.value):
        r.type = "TIME"  # "Friday night", "this morning": finer than a day, a TIME as TimeML types it
    t = Timex(start=start, end=end, text=text[start:end], type=r.type, value=r.value, mod=r.mod,
              anchor=r.anchor, anchor_value=r.anchor_value)
    t.in_name = bool(r.extra.pop("in_name", False))
    if r.extra:
        t.extra = r.extra
    if r.type in _DATED:
        gran, a, b = interval_of(r.value)
        t.granularity = gran
        if r.interval:
            a, b = r.interval
        t.interval_start, t.interval_end = a, b
        if a is not None and not t.in_name:
            ctx.ref_value, ctx.ref_gran, ctx.ref_start, ctx.ref_end = r.value, gran, a, end
            ctx.ref_year_ago_of = r.anchor_value if r.anchor == "previous" and r.anchor_value \
                and years_back(r.anchor_value, 1) == r.value else None
            if gran in ("day", "time"):
                ctx.ref_day = a
                bind_events(ctx, start, end, a)
    else:
        t.granularity = _duration_granularity(r.value)
        t.anchor = "none"
    out.append(t)


def _duration_granularity(value: str) -> str | None:
    if value.startswith("P"):
        unit = value[-1]
        if "T" in value:
            return {"H": "hour", "M": "minute", "S": "second"}.get(unit)
        return {"D": "day", "W": "week", "M": "month", "Y": "year", "E": "decade", "Q": "quarter"}.get(unit)
    if value.startswith("XXXX-WXX"):
        return "week"
    return None

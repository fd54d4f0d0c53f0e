"""Resolution: a detected candidate -> TIMEX3 type, value and mod, against the publication date,
the tense of the sentence and the most recent date in the discourse."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import ClassVar

from app.temporal import calendar as cal
from app.temporal.filters import Candidate
from app.temporal.lexicon import Lexicon, alt
from app.temporal.nearby import next_word, prev_word, sentence_start
from app.temporal.tense import FUTURE, NEAR, PAST, PRESENT
from app.temporal.timex import granularity_rank


@dataclass(slots=True)
class Result:
    type: str
    value: str
    mod: str | None = None
    anchor: str = "absolute"
    anchor_value: str | None = None
    start: int | None = None  # span adjustments (absolute offsets), when the match holds words outside the timex
    end: int | None = None
    interval: tuple[date, date] | None = None  # narrower interval than the value's own ("earlier this year")
    extra: dict = field(default_factory=dict)
    more: list = field(default_factory=list)  # further expressions in the same match ("April 24 and 25")


@dataclass(slots=True)
class Context:
    text: str
    dct: date
    dct_time: tuple[int, int] | None
    lx: Lexicon
    tense: object  # TenseFinder
    ref_value: str | None = None  # most recent dated expression in the discourse
    ref_gran: str | None = None
    ref_start: date | None = None
    ref_day: date | None = None  # most recent day-precise date
    ref_end: int = -1  # where the most recent dated expression ends in the text
    ref_year_ago_of: str | None = None  # when the most recent date is "a year before" another, that other date
    events: dict = field(default_factory=dict)  # event class ("killing") -> the day the text last dated it on

    @property
    def dct_iso(self) -> str:
        return self.dct.isoformat()


def _num(lx: Lexicon, s: str | None) -> float | None:
    if not s:
        return None
    s = s.strip()
    if s.lower() in lx.vague_numbers:
        return None
    return lx.number_value(s)


def _pick(cands: list, key, dct_key, tense: str | None, default: str = "nearest", near: tuple[int, int] = (60, 180),
          present_ahead: int = 330):
    """Choose among candidate readings by tense: past -> latest <= dct, future -> earliest >= dct, else nearest.

    A reading on the other side of the publication date wins over the tense when it is within near[0]
    units and the tense's reading is more than near[1] units away: news rarely leaves the year out
    for a date almost a year back ("set a Jan. 14 deadline", read on Jan. 6, is next week's Jan. 14).
    """
    nearest = min(cands, key=lambda c: (abs(key(c) - dct_key), key(c) > dct_key))
    mode = {PAST: "past", FUTURE: "future"}.get(tense, default)
    if tense == PRESENT:  # a dated statement in the present tense is mostly a schedule: "the vote is Nov. 6"
        ahead = [c for c in cands if 0 <= key(c) - dct_key <= present_ahead]
        return min(ahead, key=key) if ahead else nearest
    pick = None
    if mode == "past":
        ok = [c for c in cands if key(c) <= dct_key]
        pick = max(ok, key=key) if ok else None
    elif mode == "future":
        ok = [c for c in cands if key(c) >= dct_key]
        pick = min(ok, key=key) if ok else None
    if pick is None:
        return nearest
    if abs(key(pick) - dct_key) > near[1] and abs(key(nearest) - dct_key) <= near[0]:
        return nearest
    return pick


def _month_index(y: int, m: int) -> int:
    return y * 12 + m - 1


def _mod(lx: Lexicon, word: str | None) -> str | None:
    if not word:
        return None
    w = re.sub(r"\s+", " ", word.strip().lower())
    return lx.range_modifiers.get(w) or lx.range_modifiers.get(w.rstrip("-"))


def _approx(lx: Lexicon, word: str | None) -> str | None:
    if not word:
        return None
    return lx.approx_modifiers.get(re.sub(r"\s+", " ", word.strip().lower()))


class Normalizer:
    def __init__(self, lx: Lexicon):
        self.lx = lx

    # ---------- shared readings ----------
    def weekday(self, ctx: Context, wd: int, tense: str | None, direction: str | None = None) -> date:
        dct = ctx.dct
        said = self.lx.data["weekday_directions"].get(direction)  # "last Friday", "this coming Friday"
        if said == -1:
            ks = range(-7, 0)
        elif said == 1:
            ks = range(1, 8)
        elif said == 0:
            ks = range(-6, 1) if tense == PAST else range(7)
        else:
            if wd == dct.isoweekday():
                return dct
            if tense == FUTURE:
                ks = range(1, 8)
            elif tense in (PRESENT, NEAR):
                ks = range(-3, 4)
            else:  # past or unknown: news mostly reports what happened
                ks = range(-6, 0)
        days = [dct + timedelta(days=k) for k in ks if (dct + timedelta(days=k)).isoweekday() == wd]
        return min(days, key=lambda d: abs((d - dct).days))

    def month_day(self, ctx: Context, m: int, d: int, tense, wd: int | None = None) -> date | None:
        cands = []
        for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
            try:
                cands.append(date(y, m, d))
            except ValueError:
                pass
        if not cands:
            return None
        if wd is not None:
            match = [c for c in cands if c.isoweekday() == wd]
            if match:
                cands = match
        return _pick(cands, lambda c: c.toordinal(), ctx.dct.toordinal(), tense, near=(92, 200))

    def month(self, ctx: Context, m: int, tense) -> tuple[int, int]:
        y0 = ctx.dct.year
        cands = [(y, m) for y in (y0 - 1, y0, y0 + 1)]
        return _pick(cands, lambda c: _month_index(*c), _month_index(y0, ctx.dct.month), tense, near=(1, 6),
                     present_ahead=11)

    def season(self, ctx: Context, code: str, tense, direction: int | None = None) -> str:
        cy, cs = cal.season_of(ctx.dct)
        cur = cal.season_index(cy, cs)
        cands = [i for i in range(cur - 4, cur + 5) if cal.season_from_index(i)[1] == code]
        if direction == -1:
            i = max(c for c in cands if c < cur)
        elif direction == 1:
            i = min(c for c in cands if c > cur)
        elif direction == 0 and code == cs:
            i = cur
        else:
            i = _pick(cands, lambda c: c, cur, tense, near=(1, 2), present_ahead=2)
        y, s = cal.season_from_index(i)
        return cal.part_value(y, s)

    def holiday(self, ctx: Context, rule: str, tense, direction: int | None, year: int | None) -> date | None:
        if year:
            return cal.holiday_date(rule, year)
        cands = [d for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1) if (d := cal.holiday_date(rule, y))]
        if not cands:
            return None
        if direction == -1:
            ok = [d for d in cands if d < ctx.dct]
            return max(ok) if ok else None
        if direction == 1:
            ok = [d for d in cands if d > ctx.dct]
            return min(ok) if ok else None
        return _pick(cands, lambda c: c.toordinal(), ctx.dct.toordinal(), tense)

    def shift(self, base: date, unit: str, n: int) -> tuple[str, str]:
        """(value, granularity) of base shifted by n units, at the unit's precision."""
        if unit in ("D",):
            return (base + timedelta(days=n)).isoformat(), "day"
        if unit in ("W", "2W"):
            k = 2 if unit == "2W" else 1
            return cal.week_value(base + timedelta(weeks=n * k)), "week"
        if unit == "WE":
            return cal.week_value(base + timedelta(weeks=n)) + "-WE", "weekend"
        if unit == "M":
            y, m = cal.add_months(base.year, base.month, n)
            return cal.month_value(y, m), "month"
        if unit == "Q":
            y, m = cal.add_months(base.year, base.month, 3 * n)
            return cal.part_value(y, f"Q{(m - 1) // 3 + 1}"), "quarter"
        if unit == "Y":
            return cal.year_str(base.year + n), "year"
        if unit == "10Y":
            return cal.year_str(base.year + 10 * n), "year"
        if unit == "100Y":
            return cal.year_str(base.year + 100 * n), "year"
        return base.isoformat(), "day"

    # ---------- an offset from the date that follows ----------
    def offset_from(self, ctx: Context, c: Candidate, c2: Candidate) -> Result | None:
        """"the day before last Tuesday", "two days after March 3", "the week after Easter": the offset counts
        from the date expression that follows, not from the discourse; one expression spans both."""
        if c2.kind not in _ANCHORABLE:
            return None
        g, gap = c.groups, ctx.text[c.end:c2.start]
        if c.kind == "anaph" and g.get("offset_unit") and g["before_after"].lower() in _BEFORE_OR_AFTER \
                and gap.isspace():
            unit_word, k, sign = g["offset_unit"].lower(), 1, -1 if g["before_after"].lower() == "before" else 1
        elif c.kind == "dur" and not (g.get("span") or g.get("approx") or g.get("old")) \
                and prev_word(ctx.text, c.start).lower() not in self.lx.data["duration_cues_before"]:
            m = _BEFORE_AFTER.fullmatch(gap)
            n = _num(self.lx, g.get("count"))
            if not m or n is None or n != int(n):
                return None
            unit_word, k, sign = g["unit"].lower(), int(n), -1 if m.group(1).lower() == "before" else 1
        else:
            return None
        unit = self.lx.units.get(unit_word)
        need = _UNIT_GRANULARITY.get(unit or "")
        if need is None:
            return None
        r2 = self.resolve(ctx, c2)
        if r2 is None or r2.type != "DATE" or r2.more or r2.interval or r2.extra.get("in_name"):
            return None
        gran, a, _ = cal.interval_of(r2.value)
        if a is None or granularity_rank(gran) > granularity_rank(need):
            return None
        value, _ = self.shift(a, unit, k * sign)
        return Result("DATE", value, anchor="expression", anchor_value=r2.value, start=c.start,
                      end=r2.end if r2.end is not None else c2.end)

    # ---------- per kind ----------
    def resolve(self, ctx: Context, c: Candidate) -> Result | None:
        handler = self.HANDLERS[c.kind]
        try:
            return handler(self, ctx, c, c.groups)
        except (ValueError, OverflowError):
            return None  # no such day: "February 30", a year past 9999 or before 1. A KeyError (a word the
            # grammar matched that the lexicon lacks) is a bug and propagates.

    def _tense(self, ctx: Context, c: Candidate) -> str | None:
        return ctx.tense.tense_at(c.start, c.end, ctx.text)

    def _pub(self, ctx: Context, typ: str, value: str, **kw) -> Result:
        return Result(typ, value, anchor="publication", anchor_value=ctx.dct_iso, **kw)

    def _pod_code(self, pod: str | None) -> str | None:
        if not pod:
            return None
        return self.lx.parts_of_day.get(re.sub(r"\s+", " ", pod.lower()))

    def _date(self, ctx, c, g):
        lx = self.lx
        m = lx.months[g["month"].rstrip(".").lower()]
        mod = _mod(lx, g.get("range_mod"))
        wd = lx.weekdays.get((g.get("weekday") or "").lower())
        day = int(g["day"]) if g.get("day") else lx.ordinals.get((g.get("day_word") or "").lower())
        if day is not None and not 1 <= day <= 31:
            return None
        if g.get("year") or g.get("relative_year"):
            if g.get("year"):
                y, r = int(g["year"]), Result("DATE", "", mod)
            else:
                y = ctx.dct.year + lx.data["relative_year_after_month"][re.sub(r"\s+", " ", g["relative_year"].lower())]
                r = self._pub(ctx, "DATE", "", mod=mod)
            r.value = date(y, m, day).isoformat() if day else cal.month_value(y, m)
            return r
        tense = self._tense(ctx, c)
        if day:
            d = self.month_day(ctx, m, day, tense, wd)
            return self._pub(ctx, "DATE", d.isoformat(), mod=mod) if d else None
        y, mm = self.month(ctx, m, tense)
        return self._pub(ctx, "DATE", cal.month_value(y, mm), mod=mod)

    def _date_list(self, ctx, c, g):
        """A date, and a second day of the same month when the match lists one."""
        r = self._date(ctx, c, g)
        if r is None or not g.get("second_day"):
            return r
        m = c.match
        g2 = dict(g, day=g["second_day"], weekday=None, range_mod=None)
        r2 = self._date(ctx, c, g2)
        r.end = m.end("day")
        if r2 is not None:
            r2.start, r2.end = m.start("second_day"), c.end
            r.more.append(r2)
        return r

    def _date_dmy(self, ctx, c, g):
        """A date written day first, and the first day of a range before it: "12-14 June", "3 and 4 May 2009"."""
        if not g.get("first_day"):
            return self._date(ctx, c, g)
        m = c.match
        first = self._date(ctx, c, dict(g, day=g["first_day"]))
        second = self._date(ctx, c, dict(g, weekday=None))
        if first is None or second is None:
            return None
        first.end, second.start = m.end("first_day"), m.start("day")
        first.more.append(second)
        return first

    def _numeric(self, ctx, c, g):
        if g.get("iso"):
            return Result("DATE", date.fromisoformat(g["iso"]).isoformat())
        s = g.get("slash") or g.get("dots")
        order = "DMY" if g.get("dots") else self.lx.data.get("numeric_date_order", "MDY")
        d = _dateparser_parse(s, order)
        return Result("DATE", d.isoformat()) if d else None

    def _rel(self, ctx, c, g):
        """"last Friday", "next March 3", "this spring", "last night", "earlier this year": a day or a stretch
        named by its direction from the publication date."""
        lx = self.lx
        dword = re.sub(r"\s+", " ", g["direction"].lower())
        n = lx.data["relative_direction_phrases"].get(dword, lx.direction.get(dword, 0))
        mod = _mod(lx, g.get("range_mod"))
        tense = self._tense(ctx, c)
        if g.get("weekday"):
            d = self.weekday(ctx, lx.weekdays[g["weekday"].lower()], tense, dword)
            pod = self._pod_code(g.get("day_part"))
            return self._pub(ctx, "DATE", f"{d.isoformat()}T{pod}" if pod else d.isoformat(), mod=mod)
        if g.get("month") and g.get("day"):
            d = _month_day_in_direction(ctx.dct, lx.months[g["month"].rstrip(".").lower()], int(g["day"]), n)
            return self._pub(ctx, "DATE", d.isoformat(), mod=mod) if d else None
        if g.get("month"):
            k = _month_in_direction(ctx.dct, lx.months[g["month"].rstrip(".").lower()], n)
            return self._pub(ctx, "DATE", cal.month_value(k // 12, k % 12 + 1), mod=mod)
        if g.get("season"):
            return self._pub(ctx, "DATE", self.season(ctx, lx.seasons[g["season"].lower()], tense, n), mod=mod)
        if g.get("holiday"):
            d = self.holiday(ctx, lx.holidays[re.sub(r"\s+", " ", g["holiday"].lower())], tense, n or None, None)
            return self._pub(ctx, "DATE", d.isoformat(), mod=mod) if d else None
        if g.get("head_day_part"):
            code = self._pod_code(g["head_day_part"])
            d = ctx.dct + timedelta(days=n)  # "last night" is the night before, "this morning" today's
            return self._pub(ctx, "DATE", f"{d.isoformat()}T{code}", mod=mod)
        return self._rel_head(ctx, g, n, tense, mod)

    def _rel_head(self, ctx, g, n: int, tense, mod) -> Result | None:
        """"last week", "this year", "next quarter", "earlier in the day", "later this month"."""
        head = g["head"].lower()
        if head == "day":  # "earlier in the day": the day the discourse is about
            base, anchor, av = self._anchor(ctx, "D")
            return Result("DATE", base.isoformat(), mod=mod, anchor=anchor, anchor_value=av)
        value = _stretch_in_direction(ctx.dct, head, n, tense)
        if value is None:
            return None
        interval = None
        tmod = (g.get("earlier_later") or "").lower()
        if tmod and n == 0:  # "earlier this year": from the year's start to the publication date
            _, a, b = cal.interval_of(value)
            if a and b:
                interval = (a, min(b, ctx.dct)) if tmod == "earlier" else (max(a, ctx.dct), b)
        return self._pub(ctx, "DATE", value, mod=mod, interval=interval)

    def _wd(self, ctx, c, g):
        lx = self.lx
        tense = self._tense(ctx, c)
        if ctx.text.startswith("'s", c.end) and tense != PAST:
            tense = None  # "Wednesday's ruling": news names days by what happened on them
        d = self.weekday(ctx, lx.weekdays[g["weekday"].lower()], tense)
        pod = self._pod_code(g.get("day_part"))
        mod = lx.data["day_modifiers"].get((g.get("range_mod") or "").lower())
        if pod:
            return self._pub(ctx, "DATE", f"{d.isoformat()}T{pod}", mod=mod)
        return self._pub(ctx, "DATE", d.isoformat(), mod=mod)

    def _deictic(self, ctx, c, g):
        w = re.sub(r"\s+", " ", g["deictic"].lower())
        k = self.lx.deictic_days.get(w, self.lx.deictic_compound.get(w, 0))
        if w in self.lx.data["present_era_deictics"] and not g.get("day_part") and _GENITIVE.match(ctx.text, c.end) \
                and next_word(ctx.text, c.end + 2).lower().rstrip(".,;:!?") in self.lx.data["present_era_nouns"]:
            return self._pub(ctx, "DATE", "PRESENT_REF")  # "today's youth": the present era, not the day
        d = ctx.dct + timedelta(days=k)
        pod = self._pod_code(g.get("day_part"))
        mod = self.lx.data["day_modifiers"].get((g.get("range_mod") or "").lower())  # "late yesterday"
        pod = pod or self.lx.data["deictic_day_parts"].get(w)  # "tonight": the night of today
        if pod:
            return self._pub(ctx, "DATE", f"{d.isoformat()}T{pod}", mod=mod)
        return self._pub(ctx, "DATE", d.isoformat(), mod=mod)

    def _ago(self, ctx, c, g):
        r = self._ago_value(ctx, c, g)
        if r is not None and r.start is None and g.get("approx") and g.get("count") \
                and g["approx"].lower() in self.lx.data["emphasis_outside_span"]:
            r.start = c.start + g_offset(c, "count")  # "just a decade ago": emphasis, no part of the date ("almost" is)
        return r

    def _ago_value(self, ctx, c, g):
        lx = self.lx
        unit_word = g["unit"].lower()
        unit = lx.units[unit_word]
        dword = re.sub(r"\s+", " ", g["direction"].lower())
        sign = lx.ago_words.get(dword, -1)
        n = _num(lx, g.get("count"))
        if n is not None and g.get("half"):  # "a year and a half ago": eighteen months
            n += 0.5
            if unit != "Y":
                return Result("DURATION", _duration(unit, n, unit_word, lx), start=c.start + g_offset(c, "count"),
                              end=c.start + g_end(c, "half"))
            said = _duration(unit, n, unit_word, lx)
            unit, unit_word, n = "M", "months", n * 12
        deictic = dword in lx.deictic_ago
        am = _approx(lx, g.get("approx"))
        mod = {"MORE_THAN": "BEFORE" if sign < 0 else "AFTER", "LESS_THAN": "AFTER" if sign < 0 else "BEFORE",
               "EQUAL_OR_MORE": "ON_OR_BEFORE" if sign < 0 else "ON_OR_AFTER", "APPROX": "APPROX"}.get(am or "", None)
        if n is None:
            if deictic:
                return self._pub(ctx, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
            # "years later": a vague duration
            return Result("DURATION", _duration(unit, None, unit_word, lx), start=c.start + g_offset(c, "unit"),
                          end=c.start + g_end(c, "unit"))
        k = round(n) * sign
        if unit == "Y" and n == 1 and ctx.ref_gran in _PART_GRANULARITIES \
                and (not deictic or ctx.ref_end >= ctx.tense.sentence_of(c.start)[0]):
            # "third-quarter profit fell from a year ago", "A year earlier, ...": that quarter of the year before
            base = ctx.ref_year_ago_of or ctx.ref_value
            shifted = _years_back(base, -k)
            if shifted:
                return Result("DATE", shifted, mod=mod, anchor="previous", anchor_value=base)
        if unit in ("H", "S") or (unit == "M" and unit_word.startswith("min")):
            base_day = ctx.dct
            if deictic and ctx.dct_time:
                dt = datetime.combine(ctx.dct, datetime.min.time()).replace(hour=ctx.dct_time[0],
                                                                            minute=ctx.dct_time[1])
                delta = {"H": timedelta(hours=k), "M": timedelta(minutes=k), "S": timedelta(seconds=k)}[unit]
                dt = dt + delta
                return self._pub(ctx, "TIME", f"{dt.date().isoformat()}T{dt.hour:02d}:{dt.minute:02d}", mod=mod)
            if deictic:
                return self._pub(ctx, "DATE", base_day.isoformat(), mod=mod)
            # "just over an hour later": the stretch of time is the expression, "later" its signal
            return Result("DURATION", _duration(unit, n, unit_word, lx), mod=am, end=c.start + g_end(c, "unit"))
        if deictic:
            value, _ = self.shift(ctx.dct, unit, k)
            return self._pub(ctx, "DATE", value, mod=mod)
        r = self._counted(ctx, unit, k, mod=mod, at=c.start)
        if r.anchor == "publication" and k > 0 and self._tense(ctx, c) == PAST:
            # "A year later, the case was closed" with no date told before: not a year after the publication;
            # the stretch of time is the expression, "later" its signal
            value = said if g.get("half") else _duration(unit, abs(k), unit_word, lx)
            return Result("DURATION", value, mod=am, start=c.start + g_offset(c, "count"),
                          end=c.start + g_end(c, "half" if g.get("half") else "unit"))
        return r

    def _anchor(self, ctx: Context, unit: str) -> tuple[date, str, str]:
        """The date an anaphoric expression counts from: the latest date precise enough, else the publication date."""
        need = _ANCHOR_GRANULARITY.get(unit, "year")
        if need == "day":
            if ctx.ref_day:
                return ctx.ref_day, "previous", ctx.ref_value
        elif ctx.ref_start and granularity_rank(ctx.ref_gran) <= granularity_rank(need):
            return ctx.ref_start, "previous", ctx.ref_value
        return ctx.dct, "publication", ctx.dct_iso

    def _counted(self, ctx: Context, unit: str, n: int, mod: str | None = None, pod: str | None = None,
                 at: int | None = None) -> Result:
        """n units from the anaphoric anchor (the expression at `at`). When the discourse has a date, but one too
        coarse for the unit ("In 2015 ... The following month"), the reader knows only that coarse date: counting
        from the publication date instead would move a past event into the future; and when the sentence itself
        has just given a coarse date ("took the town in November 2012 and withdrew ten days later"), a day told
        sentences before is not what it counts from."""
        base, anchor, av = self._anchor(ctx, unit)
        if anchor == "previous" and at is not None and _ANCHOR_GRANULARITY.get(unit) == "day" \
                and ctx.ref_gran not in (None, "day", "time") and ctx.ref_value \
                and ctx.ref_end >= ctx.tense.sentence_of(at)[0]:
            return Result("DATE", ctx.ref_value, mod=mod, anchor="previous", anchor_value=ctx.ref_value)
        if anchor == "publication" and ctx.ref_value and ctx.ref_gran:
            return Result("DATE", ctx.ref_value, mod=mod, anchor="previous", anchor_value=ctx.ref_value)
        value, _ = self.shift(base, unit, n)
        if pod:
            value = f"{value}T{pod}"
        return Result("DATE", value, mod=mod, anchor=anchor, anchor_value=av)

    def _dur(self, ctx, c, g):
        lx = self.lx
        unit = lx.units[g["unit"].lower()]
        n = _num(lx, g.get("count"))
        if n is not None and g.get("half"):  # "a year and a half": P1Y6M
            n += 0.5
        mod = _approx(lx, g.get("approx"))
        value = _duration(unit, n, g["unit"].lower(), lx)
        if value is None:
            return None
        start = c.start
        then = _offset_then(tuple(lx.data["anaphoric_offset_after"])).match(ctx.text, c.end)
        if then and n is not None and n == int(n) and not g.get("span") and unit in _UNIT_GRANULARITY:
            # "A year after that", "two days before then": counted from the date the discourse is at, as "later" is
            sign = lx.data["anaphoric_offset_after"][re.sub(r"\s+", " ", then.group(1).lower())]
            r = self._counted(ctx, unit, int(n) * sign, mod=mod, at=c.start)
            r.end = then.end()
            if g.get("approx") and self._outside(g["approx"]):
                r.start = c.start + g_offset(c, "count")
            return r
        each_of = _each_of(lx)
        if g.get("span") and n is not None and each_of.search(ctx.text, max(0, c.start - 40), c.start):
            # "arrested at the march in each of the last three years": once in every one of those years
            return Result("SET", _duration(unit, 1.0, g["unit"].lower(), lx), extra={"quant": "EACH"},
                          start=c.start + g_offset(c, "span"))
        if g.get("span") and not g.get("article") and g["span"].lower() == "last" \
                and prev_word(ctx.text, c.start).lower() in lx.data["verb_last_before"]:
            start = c.start + g_offset(c, "approx", "count")  # "expected to last two weeks": the verb is no part of it
        elif (g.get("count") or "").lower() in lx.data["indefinite_articles"] \
                and ctx.text.startswith("-long", c.end - 5):
            start = c.start + g_offset(c, "unit")  # "a day-long strike": the adjective is the expression
        elif g.get("approx") and self._outside(g["approx"]):
            start = c.start + g_offset(c, "count")  # "about five hours": the modifier is kept in mod, not the span
        elif g.get("article") and g.get("span"):
            start = c.start + g_offset(c, "span")  # "the past 20 years": the article is not part of the expression
        if (g.get("count") or "").lower() in lx.data["indefinite_articles"] and not g.get("span") \
                and _amount_before(lx).search(ctx.text, max(0, c.start - 40), c.start) \
                and not _SENTENCE_BEFORE.search(ctx.text, max(0, c.start - 4), c.start):
            return Result("SET", value, start=start)  # "$5 billion a year", "500 people a day": a rate
        return Result("DURATION", value, mod=mod, start=start)

    def _outside(self, word: str) -> bool:
        return re.sub(r"\s+", " ", word.lower()) in self.lx.data["modifiers_outside_span"]

    def _dur_the(self, ctx, c, g):
        unit = self.lx.units[g["unit"].lower()]
        if unit in ("WE",):
            return None
        if unit == "Q" and g["unit"].lower() == "quarter":  # "the last quarter": the quarter before this one
            if next_word(ctx.text, c.end).lower() == "of":
                return None  # "the last quarter of the game", "of a century"
            n = self.lx.direction.get(g["span"].lower(), 0)
            value, _ = self.shift(ctx.dct, "Q", n)
            return self._pub(ctx, "DATE", value)
        word = g["unit"].lower()
        plural = word.endswith("s") and word[:-1] in self.lx.units
        value = _duration(unit, None if plural else 1.0, word, self.lx)
        return Result("DURATION", value, start=c.start + g_offset(c, "span")) if value else None

    def _vague(self, ctx, c, g):
        if g.get("followed_unit"):  # "in the years that followed"
            word = g["followed_unit"].lower()
            return Result("DURATION", _duration(self.lx.units[word], None, word, self.lx),
                          start=c.start + g_offset(c, "followed_unit"))
        unit = self.lx.units[g["unit"].lower()]
        ctxw = g["context_word"].lower().split()
        start = c.start
        keep = [w for w in ctxw if w in self.lx.data["vague_context_in_span"]]
        if keep:
            start = c.start + g_offset(c, "context_word") + g["context_word"].lower().rfind(keep[0])
        else:
            start = c.start + g_offset(c, "unit")
        return Result("DURATION", _duration(unit, None, g["unit"].lower(), self.lx), start=start)

    def _ref_adv(self, ctx, c, g):
        """"will be announced soon", "details later": the future, when the clause speaks of it."""
        if self._tense(ctx, c) != FUTURE:
            return None
        return self._pub(ctx, "DATE", self.lx.data["future_adverbs"][g["adverb"].lower()])

    def _long(self, ctx, c, g):
        """"day-long" is one day; "decades-long" an unknown number of decades."""
        word = g["unit"].lower()
        plural = word.endswith("s") and word not in self.lx.units or word[:-1] in self.lx.units and word.endswith("s")
        unit = self.lx.units[word]
        return Result("DURATION", _duration(unit, None if plural else 1.0, word, self.lx))

    def _year(self, ctx, c, g):
        y = int(g["year"])
        mod = _mod(self.lx, g.get("range_mod"))
        if g.get("fiscal"):
            return Result("DATE", f"FY{cal.year_str(y)}", mod)
        r = Result("DATE", cal.year_str(y), mod)
        if self._in_name(ctx.text, c.start + g_offset(c, "year"), c.end):
            r.extra["in_name"] = True
        return r

    def _year_words(self, ctx, c, g):
        """A year in words: the century word and the rest ("nineteen | ninety-six"), or one number ("two thousand
        and one")."""
        nw = self.lx.data["number_words"]
        words = g["year_words"].lower().replace("-", " ").split()
        if words[0] in nw["year_centuries"] and not " ".join(words[:2]) in nw["year_thousands"]:
            rest = [w for w in words[1:] if w not in nw["year_zero"] and w != "and"]
            if rest and rest[0] == "hundred":
                rest = rest[1:]
            n = self.lx.number_value(" ".join(rest)) if rest else 0.0
            if n is None or not 0 <= n < 100:
                return None
            y = nw["year_centuries"][words[0]] * 100 + int(n)
        else:
            n = self.lx.number_value(" ".join(words))
            if n is None:
                return None
            y = int(n)
        return Result("DATE", cal.year_str(y)) if 1000 <= y <= 2999 else None

    def _in_name(self, text: str, start: int, end: int) -> bool:
        """A year inside a name: "the 2019 National Defense Authorization Act", "Vision 2030", "Kopp's 1987
        Chevrolet"."""
        prev = prev_word(text, start)
        if text[max(0, start - 2):start].strip(" ") in (",", "(") or not prev:
            return False
        capital_prev = prev[:1].isupper() and prev.lower() not in self.lx.month_context \
            and prev.lower().rstrip(".") not in self.lx.months and prev.lower() not in self.lx.weekdays \
            and not prev.isupper() and not sentence_start(text, start - len(prev) - 1)
        if capital_prev and prev.lower() not in self.lx.data["name_year_prepositions"]:
            return True
        nxt = next_word(text, end)
        if not nxt[:1].isupper() or nxt.lower().rstrip(".") in self.lx.months or nxt.lower() in self.lx.weekdays:
            return False
        if text[end:end + 1] != " ":
            return False
        return prev.lower() in self.lx.data["name_year_determiners"] or prev.endswith("'s")

    def _decade(self, ctx, c, g):
        mod = _mod(self.lx, g.get("range_mod") or g.get("decade_mod"))
        if g.get("century_digits"):
            if g["decade_digit"] == "0" and ctx.dct.year >= int(g["century_digits"]) * 100 + 50:
                # "the 1800s", "the early 1900s" read in 1999: the century, once it is more than half over
                # ("the 2000s" read in 2009 is still the decade)
                return Result("DATE", g["century_digits"], mod)
            return Result("DATE", f"{g['century_digits']}{g['decade_digit']}X", mod)
        dec = int(g.get("apostrophe_decade") or g["bare_decade"])
        cent = ctx.dct.year // 100
        if dec * 10 > ctx.dct.year % 100:  # the latest decade not after the publication: "the '70s", "the 90s"
            cent -= 1
        start = c.start + g_offset(c, "decade_mod", "bare_decade") if g.get("bare_decade") else None
        return Result("DATE", f"{cent:02d}{dec}X", mod, anchor="publication", anchor_value=ctx.dct_iso, start=start)

    def _short_year(self, ctx, c, g):
        """"in '82": the latest such year not after the publication year."""
        yy = int(g["two_digits"])
        y = ctx.dct.year // 100 * 100 + yy
        if y > ctx.dct.year:
            y -= 100
        return self._pub(ctx, "DATE", cal.year_str(y))

    def _decade_word(self, ctx, c, g):
        dec = self.lx.decade_words[g["decade_word"].lower()]
        cent = ctx.dct.year // 100
        if g.get("century_word"):  # "the nineteen-nineties"
            cent = self.lx.data["number_words"]["year_centuries"][g["century_word"].lower()]
        elif dec * 10 > ctx.dct.year % 100:
            cent -= 1
        mod = _mod(self.lx, g.get("range_mod") or g.get("decade_mod"))
        return Result("DATE", f"{cent:02d}{dec}X", mod, anchor="publication", anchor_value=ctx.dct_iso)

    def _century(self, ctx, c, g):
        o = g["ordinal"].lower()
        n = int(re.match(r"\d+", o).group()) if o[0].isdigit() else self.lx.ordinals.get(o)
        if not n or n < 1:
            return None
        return Result("DATE", f"{n - 1:02d}", _mod(self.lx, g.get("range_mod")))

    def _season(self, ctx, c, g):
        code = self.lx.seasons[g["season"].lower()]
        mod = _mod(self.lx, g.get("range_mod"))
        if g.get("year"):
            return Result("DATE", cal.part_value(int(g["year"]), code), mod)
        return self._pub(ctx, "DATE", self.season(ctx, code, self._tense(ctx, c)), mod=mod)

    def _quarter(self, ctx, c, g):
        q = self.lx.quarter_words.get((g.get("quarter_ordinal") or "").lower()) or int(g.get("quarter_code") or 0)
        if g.get("quarter_month"):  # "the September quarter": the quarter that ends in (holds) that month
            q = (self.lx.months[g["quarter_month"].rstrip(".").lower()] - 1) // 3 + 1
        if not q:
            return None
        year = g.get("year") or g.get("code_year")
        if year:
            return Result("DATE", cal.part_value(int(year), f"Q{q}"))
        rel = (g.get("relative_year") or "").lower()
        if rel:
            y = ctx.dct.year + self.lx.direction.get(rel, 0)
            return self._pub(ctx, "DATE", cal.part_value(y, f"Q{q}"))
        cur = ctx.dct.year * 4 + (ctx.dct.month - 1) // 3
        cands = [(ctx.dct.year + k) * 4 + q - 1 for k in (-1, 0, 1)]
        tense = self._tense(ctx, c)
        if tense == PAST:  # results are told once a quarter is over: "profit rose in the fourth quarter" in October
            i = max(x for x in cands if x < cur)
        else:
            i = _pick(cands, lambda x: x, cur, tense if tense == FUTURE else None)
        return self._pub(ctx, "DATE", cal.part_value(i // 4, f"Q{i % 4 + 1}"))

    def _half(self, ctx, c, g):
        if g.get("bare_half"):  # "in the second half": of the year the tense points to
            h = self.lx.half_words[g["bare_half"].lower()]
            cur = ctx.dct.year * 2 + (ctx.dct.month - 1) // 6
            cands = [(ctx.dct.year + k) * 2 + h - 1 for k in (-1, 0, 1)]
            tense = self._tense(ctx, c)
            i = _pick(cands, lambda x: x, cur, tense if tense in (PAST, FUTURE) else None)
            return self._pub(ctx, "DATE", cal.part_value(i // 2, f"H{i % 2 + 1}"))
        h = self.lx.half_words.get((g.get("half_ordinal") or "").lower()) or int(g.get("half_code") or 0)
        year = g.get("year") or g.get("code_year")
        if year:
            return Result("DATE", cal.part_value(int(year), f"H{h}"))
        rel = (g.get("relative_year") or "").lower()
        y = ctx.dct.year + self.lx.direction.get(rel, 0)
        return self._pub(ctx, "DATE", cal.part_value(y, f"H{h}"))

    def _time(self, ctx, c, g):
        """A clock time: on the day it names, else on the day of the event it tells a moment of, else on the
        discourse's latest day, else on the publication date."""
        lx = self.lx
        clock = self._clock(g)
        if clock is None:
            return None
        hh, mm = clock
        approx = g.get("approx") or ""
        mod = _approx(lx, g.get("approx")) or lx.data["clock_approx_modifiers"].get(approx.lower())
        keep_mod = mod and not self._outside(approx)
        start = c.start if keep_mod or g.get("leading_day") else c.start + g_offset(c, *_CLOCK_HOUR_GROUPS)
        d, anchor, av = self._clock_day(ctx, c, g)
        return Result("TIME", f"{d.isoformat()}T{hh:02d}:{mm:02d}{self._zone(g)}", mod=mod if mod == "APPROX" else None,
                      anchor=anchor, anchor_value=av, start=start)

    def _clock(self, g) -> tuple[int, int] | None:
        """(hour, minute) on the 24-hour clock; None for an impossible time ("13 p.m.")."""
        lx = self.lx
        if g.get("clock_word"):
            hh, mm = (int(x) for x in lx.clock_words[g["clock_word"].lower()].split(":"))
            return hh, mm
        raw = next(g[name] for name in _CLOCK_HOUR_GROUPS if g.get(name))
        hh = int(raw) if raw.isdigit() else int(lx.number_value(raw) or -1)
        mm = int(g.get("ampm_minute") or g.get("minute24") or g.get("hhmm_minute") or g.get("spoken_minute") or 0)
        ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm:
            if not 1 <= hh <= 12:
                return None
            if ampm == "pm" and hh < 12:
                hh += 12
            if ampm == "am" and hh == 12:
                hh = 0
        # a part of the day said with a clock time that has no a.m./p.m.: "3:00 in the afternoon", "eight
        # o'clock tonight", "Tuesday night at 9"
        said = next((g[name] for name in _CLOCK_DAY_PART_GROUPS if g.get(name)), "")
        half = lx.data["clock_parts_of_day"].get(said.lower())
        if not ampm and (half == "PM" and hh < 12 or half == "NIGHT" and 6 <= hh < 12):
            hh += 12
        return (hh, mm) if 0 <= hh <= 24 else None

    def _clock_day(self, ctx, c, g) -> tuple[date, str, str | None]:
        """(day, anchor, anchor value) of a clock time."""
        lx = self.lx
        dw = (g.get("trailing_day") or g.get("leading_day") or "").lower()  # "9 a.m. Tuesday", "Tuesday at 9 a.m."
        tense = self._tense(ctx, c)
        if dw in lx.weekdays:
            return self.weekday(ctx, lx.weekdays[dw], tense), "publication", ctx.dct_iso
        if dw in lx.deictic_days:
            return ctx.dct + timedelta(days=lx.deictic_days[dw]), "publication", ctx.dct_iso
        ev = event_day(ctx, c.start, c.end)
        if ev is not None:
            return ev, "previous", ev.isoformat()  # the date an earlier expression gave the event
        if ctx.ref_day:
            return ctx.ref_day, "previous", ctx.ref_value
        return ctx.dct, "publication", ctx.dct_iso

    def _zone(self, g) -> str:
        """The zone a clock time states, as TIMEX3 writes it: "12:00 UTC" -> Z, "GMT+8" or "local time (GMT +8)"
        -> +08:00; other zone names ("EST") are left to the reader."""
        off = (g.get("zone_offset") or g.get("bracket_offset") or "").replace(" ", "").replace("−", "-")
        if off:
            sign, digits = off[0], off[1:].replace(":", "")
            h, m = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
            if int(h) > 14 or int(m) >= 60:
                return ""
            return "Z" if int(h) == 0 and int(m) == 0 else f"{sign}{int(h):02d}:{m}"
        tz = (g.get("zone") or "")
        return "Z" if tz in self.lx.data["utc_names"] else ""

    def _anaph(self, ctx, c, g):
        lx = self.lx
        unit_word = (g.get("unit") or g.get("offset_unit")).lower()
        if g.get("offset_unit"):
            ba = g["before_after"].lower()
            n = lx.data["anaphoric_offset_words"][ba]
        elif g.get("that"):
            n = 0
        else:
            n = lx.anaphoric_direction.get(re.sub(r"\s+", " ", g["direction"].lower()).replace("very ", ""), 0)
        prev = prev_word(ctx.text, c.start).lower()
        if n and unit_word in lx.data["anaphoric_duration_units"] and prev in lx.data["anaphoric_duration_before"] \
                and g.get("direction"):
            return Result("DURATION", _duration(lx.units[unit_word], 1.0, unit_word, lx))
        pod = lx.parts_of_day.get(unit_word)
        unit = "D" if pod else lx.units[unit_word]
        if g.get("offset_unit") and ctx.ref_value and _APPOSITION.fullmatch(ctx.text, ctx.ref_end, c.start) \
                and ctx.ref_gran == _UNIT_GRANULARITY.get(unit) and next_word(ctx.text, c.end)[:1].isalpha():
            # "last seen Nov. 3, the day before police issued a warrant": the phrase restates Nov. 3
            return Result("DATE", ctx.ref_value, anchor="previous", anchor_value=ctx.ref_value)
        if unit == "D" and n == 0 and not pod and ctx.ref_gran == "month" and ctx.ref_value:
            # "last October, when he was shot ... that same day": the day of an event known only to the month
            return Result("DATE", ctx.ref_value, anchor="previous", anchor_value=ctx.ref_value)
        if g.get("offset_unit") and g["before_after"].lower() in _BEFORE_OR_AFTER and unit in ("D", "W", "M", "Y") \
                and (ev := event_named_after(ctx, c.end)) is not None:
            # "the day before the bombing": counted from the day the text gave that event, not from the latest date
            value, _ = self.shift(ev, unit, n)
            return Result("DATE", value, anchor="previous", anchor_value=ev.isoformat())
        return self._counted(ctx, unit, n, pod=pod, at=c.start)

    def _ref(self, ctx, c, g):
        value = self.lx.refs[re.sub(r"\s+", " ", g["ref"].lower())]
        return self._pub(ctx, "DATE", value)

    def _day_pred(self, ctx, c, g):
        """"it was a great day for Poland": the day the discourse is about (its latest day, else publication)."""
        base, anchor, av = self._anchor(ctx, "D")
        return Result("DATE", base.isoformat(), anchor=anchor, anchor_value=av, start=c.start + g_offset(c, "day_noun"))

    def _ref_adj(self, ctx, c, g):
        """"future medical disasters", "his current wife": the adjective refers to the future or the present."""
        return self._pub(ctx, "DATE", self.lx.data["ref_adjectives"][g["adjective"].lower()])

    def _future(self, ctx, c, g):
        """"the country's future", "their future": the noun is a reference to the future."""
        return self._pub(ctx, "DATE", "FUTURE_REF", start=c.start + g_offset(c, "ref"))

    def _set(self, ctx, c, g):
        """"daily", "on a weekly basis", "every Sunday", "each July", "twice a year", "every few months"."""
        lx = self.lx
        extra = self._set_frequency(g)
        if g.get("adverb"):
            return Result("SET", lx.set_adverbs[g["adverb"].lower()], extra=extra)
        if g.get("basis"):  # "on a daily basis": the adjective is the expression, as "daily" alone is
            return Result("SET", lx.data["set_basis"][g["basis"].lower()], extra=extra,
                          start=c.start + g_offset(c, "basis"), end=c.start + g_end(c, "basis"))
        if g.get("per_unit"):
            return Result("SET", f"P1{_unit_code(lx.units[g['per_unit'].lower()])}", extra=extra)
        value = self._set_of_name(g)
        if value:
            return Result("SET", value, extra=extra)
        unit = lx.units[g["unit"].lower()]
        if g.get("other"):
            n = 2.0
        elif g.get("nth"):
            n = float(lx.ordinals[g["nth"].lower()])
        else:
            n = _num(lx, g.get("count")) or 1.0
        if g.get("count") and g["count"].strip().lower() in lx.vague_numbers:
            n = None  # "every few months": PXM
        if unit == "WE":
            return Result("SET", "XXXX-WXX-WE", extra=extra)
        value = _duration(unit, n, g["unit"].lower(), lx)
        return Result("SET", value, extra=extra) if value else None

    def _set_frequency(self, g) -> dict:
        """"twice a year", "twice monthly": the number of times, as TIMEX3's freq ("2X")."""
        lx = self.lx
        if not (g.get("frequency") or g.get("adverb_frequency")):
            return {}
        f = re.sub(r"\s+", " ", (g.get("frequency") or g["adverb_frequency"]).lower())
        times = re.sub(r" times$", "", f)
        k = lx.frequency_words.get(f) or (None if times in lx.vague_numbers else lx.number_value(times))
        return {"freq": f"{int(k)}X"} if k else {}  # "several times a year": a set with no stated frequency

    def _set_of_name(self, g) -> str | None:
        """The value of a set of named days, months, seasons or parts of day: "on Sundays", "each July"."""
        lx = self.lx
        if (g.get("plural_weekday") or "").lower() == "weekends":
            return "XXXX-WXX-WE"
        if g.get("weekday") or g.get("plural_weekday"):
            wd = g.get("weekday") or g["plural_weekday"][:-1]
            return f"XXXX-WXX-{lx.weekdays[wd.lower()]}"
        if g.get("month"):  # "each July"
            return f"XXXX-{lx.months[g['month'].rstrip('.').lower()]:02d}"
        if g.get("season"):  # "every summer"
            return f"XXXX-{lx.seasons[g['season'].lower()]}"
        if g.get("day_part"):
            return f"XXXX-XX-XXT{self._pod_code(g['day_part'])}"
        return None

    def _holiday(self, ctx, c, g):
        lx = self.lx
        rule = lx.holidays[re.sub(r"\s+", " ", g["holiday"].lower())]
        dword = (g.get("direction") or "").lower()
        n = lx.direction.get(dword) if dword else None
        year = int(g["year"]) if g.get("year") else None
        d = self.holiday(ctx, rule, self._tense(ctx, c), n if n else None, year)
        if not d:
            return None
        # "Easter week", "Christmas week", "Holy Week": the (ISO) week holding the day
        value = cal.week_value(d) if g.get("holiday_week") or g["holiday"].lower().endswith(" week") else d.isoformat()
        return Result("DATE", value) if year else self._pub(ctx, "DATE", value)

    def _week_nth(self, ctx, c, g):
        """"the last week of March": the ISO week holding the middle of that stretch of seven days."""
        m = self.lx.months[g["month"].rstrip(".").lower()]
        w = g["nth"].lower()
        n = -1 if w in self.lx.data["week_nth_last"] else self.lx.ordinals.get(w)
        if not n or n > 5:
            return None
        if g.get("year"):
            y, r = int(g["year"]), Result("DATE", "")
        else:
            y, _ = self.month(ctx, m, self._tense(ctx, c))
            r = self._pub(ctx, "DATE", "")
        mid = cal.month_end(y, m) - timedelta(days=3) if n < 0 else date(y, m, 1) + timedelta(days=7 * (n - 1) + 3)
        if mid.month != m:
            return None
        r.value = cal.week_value(mid)
        return r

    def _year_ago_part(self, ctx, c, g):
        """"the year-earlier period", "the same quarter last year": the part of the year the discourse is
        about (its latest quarter, month, half or season), a year before; else the year before publication."""
        per = (g.get("part") or g.get("same_part")).lower()
        # "the same month" needs a month; "the year-earlier period" any part
        need = self.lx.data["year_ago_parts"].get(per)
        base = ctx.ref_year_ago_of or ctx.ref_value  # a year before the part itself, not before its year-ago
        if ctx.ref_gran in _PART_GRANULARITIES and need in (None, ctx.ref_gran):
            shifted = _years_back(base, 1)
            if shifted:
                return Result("DATE", shifted, anchor="previous", anchor_value=base)
        if per == "quarter":
            return self._pub(ctx, "DATE", cal.part_value(ctx.dct.year - 1, f"Q{(ctx.dct.month - 1) // 3 + 1}"))
        if per == "month":
            return self._pub(ctx, "DATE", cal.month_value(ctx.dct.year - 1, ctx.dct.month))
        return self._pub(ctx, "DATE", cal.year_str(ctx.dct.year - 1))

    def _weekof(self, ctx, c, g):
        m = self.lx.months[g["month"].rstrip(".").lower()]
        day = int(g["day"])
        if g.get("year"):
            d = date(int(g["year"]), m, day)
            return Result("DATE", cal.week_value(d))
        d = self.month_day(ctx, m, day, self._tense(ctx, c))
        return self._pub(ctx, "DATE", cal.week_value(d)) if d else None

    def _weekend(self, ctx, c, g):
        tense = self._tense(ctx, c)
        dct = ctx.dct
        if dct.isoweekday() >= 6 or tense == FUTURE or tense == PRESENT:
            value = cal.week_value(dct)
        else:
            value = cal.week_value(dct - timedelta(weeks=1))
        return self._pub(ctx, "DATE", value + "-WE")

    def _quarter_bare(self, ctx, c, g):
        """"for the quarter": the quarter the discourse is about when it named one, else the last one over (a past-tense
        report) or the current one."""
        if ctx.ref_gran == "quarter" and ctx.ref_value:
            return Result("DATE", ctx.ref_value, anchor="previous", anchor_value=ctx.ref_value)
        value, _ = self.shift(ctx.dct, "Q", -1 if self._tense(ctx, c) == PAST else 0)
        return self._pub(ctx, "DATE", value)

    def _year_end(self, ctx, c, g):
        """"at year end": the end of a year, the one the tense points to ("had $4 billion at year end" read in
        November is last year's; "retires at year end", this year's)."""
        if g.get("year"):
            return Result("DATE", cal.year_str(int(g["year"])), mod="END")
        cands = [date(ctx.dct.year + k, 12, 31) for k in (-1, 0)]
        d = _pick(cands, lambda x: x.toordinal(), ctx.dct.toordinal(), self._tense(ctx, c), near=(-1, 400))
        return self._pub(ctx, "DATE", cal.year_str(d.year), mod="END")

    def _dom_month(self, ctx, c, g):
        """"the 15th of this month", "the first of next month": that day of the month the phrase names."""
        day = int(g["day"]) if g.get("day") else self.lx.ordinals.get(g["day_word"].lower())
        y, m = cal.add_months(ctx.dct.year, ctx.dct.month, self.lx.direction[g["relative_month"].lower()])
        return self._pub(ctx, "DATE", date(y, m, day).isoformat()) if day else None

    def _dom(self, ctx, c, g):
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        dct = ctx.dct
        cands = []
        for k in (-1, 0, 1):
            y, m = cal.add_months(dct.year, dct.month, k)
            try:
                cands.append(date(y, m, day))
            except ValueError:
                pass
        tense = self._tense(ctx, c)
        if tense == PAST and any(x <= dct for x in cands):  # "signed on the 3rd", read on the 1st: last month's
            d = max(x for x in cands if x <= dct)
        else:
            d = _pick(cands, lambda x: x.toordinal(), dct.toordinal(), tense, near=(15, 20), present_ahead=31)
        return self._pub(ctx, "DATE", d.isoformat())

    # the method that resolves each kind of candidate the grammar detects
    HANDLERS: ClassVar[dict[str, Callable]] = {
        "date": _date_list, "date_dmy": _date_dmy, "date_dmy_w": _date, "numeric": _numeric, "rel": _rel, "wd": _wd,
        "deictic": _deictic, "ago": _ago, "dur": _dur, "dur_the": _dur_the, "vague": _vague, "ref_adv": _ref_adv,
        "long": _long, "year": _year, "year_words": _year_words, "decade": _decade, "decade_word": _decade_word,
        "short_year": _short_year, "century": _century, "season": _season, "quarter": _quarter, "half": _half,
        "week_nth": _week_nth, "year_ago_part": _year_ago_part, "time": _time, "anaph": _anaph, "ref": _ref,
        "future": _future, "ref_adj": _ref_adj, "set": _set, "rate": _set, "holiday": _holiday, "weekof": _weekof,
        "day_pred": _day_pred, "weekend": _weekend, "year_end": _year_end, "dom": _dom, "quarter_bare": _quarter_bare,
        "dom_month": _dom_month,
    }


def _month_day_in_direction(dct: date, m: int, day: int, n: int) -> date | None:
    """"last March 3": the latest such day before dct; "next March 3" the earliest after; "this March 3" this year's."""
    cands = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            cands.append(date(y, m, day))
        except ValueError:
            pass
    if n < 0:
        ok = [x for x in cands if x < dct]
    elif n > 0:
        ok = [x for x in cands if x > dct]
    else:
        ok = [x for x in cands if x.year == dct.year]
    if not ok:
        return None
    return max(ok) if n < 0 else min(ok)


def _month_in_direction(dct: date, m: int, n: int) -> int:
    """The month index of "last March" (the latest before dct's month), "next March" or "this March"."""
    cur = _month_index(dct.year, dct.month)
    cands = [_month_index(y, m) for y in (dct.year - 1, dct.year, dct.year + 1)]
    if n < 0:
        return max(x for x in cands if x < cur)
    if n > 0:
        return min(x for x in cands if x > cur)
    return _month_index(dct.year, m)


def _stretch_in_direction(dct: date, head: str, n: int, tense) -> str | None:
    """The value of "last week", "this weekend", "next month", "this decade" ... n units from dct's own."""
    if head == "week":
        return cal.week_value(dct + timedelta(weeks=n))
    if head == "weekend":
        if n == 0 and tense == PAST and dct.isoweekday() < 6:  # "this weekend" told in the past: the one gone by
            return cal.week_value(dct - timedelta(weeks=1)) + "-WE"
        return cal.week_value(dct + timedelta(weeks=n)) + "-WE"
    if head == "month":
        return cal.month_value(*cal.add_months(dct.year, dct.month, n))
    if head == "year":
        return cal.year_str(dct.year + n)
    if head == "quarter":
        y, m = cal.add_months(dct.year, dct.month, 3 * n)
        return cal.part_value(y, f"Q{(m - 1) // 3 + 1}")
    if head == "decade":
        return f"{dct.year // 10 + n:03d}X"
    if head == "century":
        return f"{dct.year // 100 + n:02d}"
    return None


_ANCHORABLE = frozenset({"date", "date_dmy", "date_dmy_w", "numeric", "rel", "wd", "deictic", "holiday", "dom", "year"})
_GENITIVE = re.compile(r"['’]s\s")
_APPOSITION = re.compile(r"\s*,\s*")
_BEFORE_AFTER = re.compile(r"\s+(before|after)\s+", re.IGNORECASE)
_BEFORE_OR_AFTER = ("before", "after")
# the groups of a clock time that hold its hour, and those that hold a part of the day said with it
_CLOCK_HOUR_GROUPS = ("ampm_hour", "hour24", "hhmm_hour", "clock_word", "oclock_hour", "spoken_hour")
_CLOCK_DAY_PART_GROUPS = ("clock_day_part", "at_night", "leading_day_part", "trailing_day_part", "trailing_day")
# the precision of the date an anaphoric expression in each unit counts from (other units: a year)
_ANCHOR_GRANULARITY = {
    "D": "day", "H": "day", "S": "day", "MO": "day", "AF": "day", "EV": "day", "NI": "day",
    "W": "week", "2W": "week", "WE": "week", "M": "month", "Q": "quarter",
}
# units written as a multiple of a TIMEX3 duration unit
_UNIT_MULTIPLES = {"10Y": (10, "Y"), "100Y": (100, "Y"), "1000Y": (1000, "Y"), "2W": (2, "W"), "Q": (3, "M")}
# the precision the anchor date must have for an offset in each unit
_UNIT_GRANULARITY = {"D": "day", "W": "week", "M": "month", "Y": "year"}


_SENTENCE_BEFORE = re.compile(r"[.!?]['\"”’)]*\s+$")  # "... began in 2003. A year after that": no amount of a rate


@lru_cache(maxsize=8)
def _each_of(lx: Lexicon) -> re.Pattern:
    """"each of the", "every one of those" right before a counted stretch: a set of its units."""
    d = lx.data
    return re.compile(rf"(?<![\w-])(?:{alt(d['set_each_of'])})\s+(?:(?:{alt(d['each_of_determiners'])})\s+)?$",
                      re.IGNORECASE)


@lru_cache(maxsize=8)
def _offset_then(phrases: tuple[str, ...]) -> re.Pattern:
    """" after that", " before then": an offset counted from the discourse's date (the resource's phrases)."""
    return re.compile(r"\s+(" + alt(phrases) + r")(?![\w'’-])", re.IGNORECASE)



@lru_cache(maxsize=8)
def _amount_before(lx: Lexicon) -> re.Pattern:
    """An amount right before "a year", "a day": "$5 billion a year", "500 people a day" (a rate, not a duration)."""
    return re.compile(rf"""
        (?:\d|\b{alt(lx.data['amount_words'])})   # a number or a scale word
        [\w,.%$]*
        (?:\s+[a-z]+)?                            # what is counted: "people"
        \s+$""", re.IGNORECASE | re.VERBOSE)

_PART_GRANULARITIES = frozenset({"month", "quarter", "half", "season"})
_YEAR_HEAD = re.compile(r"(?:FY)?(\d{4})(-(?:Q[1-4]|H[12]|SP|SU|FA|WI|[01]\d))$")


def _years_back(value: str | None, k: int) -> str | None:
    """A month, quarter, half or season value moved k years back ("2009-Q3", 1 -> "2008-Q3")."""
    m = _YEAR_HEAD.match(value or "")
    return f"{cal.year_str(int(m[1]) - k)}{m[2]}" if m else None


def g_offset(c: Candidate, *names: str) -> int:
    """Offset, relative to the candidate start, of the first named group present (0 if none)."""
    m = c.match
    for n in names:
        if m is not None and m.group(n) is not None:
            return m.start(n) - c.start
    return 0


def g_end(c: Candidate, name: str) -> int:
    m = c.match
    if m is not None and m.group(name) is not None:
        return m.end(name) - c.start
    return c.end - c.start


def _unit_code(unit: str) -> str:
    return {"10Y": "DE", "100Y": "CE", "2W": "W", "Q": "Q", "WE": "WE", "1000Y": "ML"}.get(unit, unit)


def _duration(unit: str, n: float | None, unit_word: str, lx: Lexicon) -> str | None:
    """TIMEX3 duration value: P3W, PT5H30M, P40Y, PXY (vague)."""
    is_time = unit_word in lx.time_units
    t = "T" if is_time else ""
    if n is None:
        return f"P{t}X{_unit_code(unit)}"
    mult = _UNIT_MULTIPLES.get(unit, (1, unit))
    n = n * mult[0]
    u = mult[1]
    if u == "WE":
        return None
    if n == int(n):
        return f"P{t}{int(n)}{u}"
    whole, frac = int(n), n - int(n)
    lower = {"Y": (12, "M", ""), "M": (30, "D", "") if not is_time else (60, "S", "T"), "W": (7, "D", ""),
             "D": (24, "H", "T"), "H": (60, "M", "T"), "S": (1, "S", "T")}[u]
    sub = round(frac * lower[0])
    head = f"{whole}{u}" if whole else ""
    if is_time or lower[2] == "T" and not head:
        return f"PT{head}{sub}{lower[1]}" if is_time else f"P{head}T{sub}{lower[1]}"
    if lower[2] == "T":
        return f"P{head}T{sub}{lower[1]}"
    return f"P{head}{sub}{lower[1]}"


@lru_cache(maxsize=512)
def _dateparser_parse(s: str, order: str) -> date | None:
    """Numeric dates (3/12/2019, 12.03.2019): dateparser knows the formats; the date order comes from the resource."""
    import dateparser

    dt = dateparser.parse(s, languages=["en"], settings={"DATE_ORDER": order, "STRICT_PARSING": True})
    return dt.date() if dt else None


# ---------- events the text dates ----------
# A follow-up story dates its event once ("shot to death last Oct. 23", "the Oct. 23 sniping") and later tells a
# moment of it without the day ("was shot at 10 p.m.", "at 6 a.m. ten days before the murder"). The words that name
# one kind of event are one class in the resource ("shooting", "slaying", "murder", "killed"); a class is bound to a
# day when one of its words stands next to a day-precise date, within a clause (no punctuation between them).
_CLAUSE_BREAK = re.compile(r"[,;:!?()\[\]\"“”]|\.\s")
_WORD = re.compile(r"[A-Za-z]+")
_BIND_REACH = 40  # characters between an event word and the date it is bound to
_CLOCK_REACH_BEFORE = 25  # "shot to death at 10 p.m.": the event word right before the clock
_CLOCK_REACH_AFTER = 80  # "at 6 a.m. near his home ten days before the murder"


@lru_cache(maxsize=8)
def _event_patterns(lx: Lexicon) -> tuple[dict, re.Pattern, re.Pattern, re.Pattern]:
    classes = {w.lower(): k for k, words in lx.data["event_classes"].items() for w in words}
    word = alt(classes)
    word_re = re.compile(rf"(?<![\w-])(?:{word})(?![\w-])", re.IGNORECASE)
    units = alt([u for u, code in lx.data["units"].items() if code in ("D", "W")])
    offset_re = re.compile(rf"(?<![\w-])(?P<count>{lx.number_re()})\s+(?P<unit>{units})\s+"
                           rf"(?P<before_after>before|after)\s+the\s+"
                           rf"(?:[\w'’-]+\s+){{0,2}}?(?P<ev>{word})(?![\w-])", re.IGNORECASE)
    determiner = alt(lx.data["named_event_determiners"])
    np_re = re.compile(rf"\s+(?:{determiner})\s+(?:[\w'’-]+\s+){{0,2}}?(?P<ev>{word})(?![\w-])", re.IGNORECASE)
    return classes, word_re, offset_re, np_re


@lru_cache(maxsize=8)
def _relation_before(lx: Lexicon) -> re.Pattern:
    """"ten days before the", "since the": a relation to an event right before its word (no date of the event)."""
    d = lx.data
    return re.compile(rf"""
        (?<![\w-])(?:{alt(d['event_relations_before'])})\s+                        # a relation
        (?:{alt(d['relation_event_determiners'])})\s+(?:[\w'’-]+\s+){{0,2}}$      # the event's noun phrase
        """, re.IGNORECASE | re.VERBOSE)


@lru_cache(maxsize=8)
def _event_first_words(lx: Lexicon) -> frozenset:
    return frozenset(w.lower().split()[0] for words in lx.data["event_classes"].values() for w in words)


def _names_event(ctx: Context, a: int, b: int) -> bool:
    """A cheap test before the event regex: does text[a:b] hold a word that starts an event word of the resource?"""
    first = _event_first_words(ctx.lx)
    return any(w.lower() in first for w in _WORD.findall(ctx.text, a, b))


def _clause_part(text: str, a: int, b: int, from_end: bool) -> tuple[int, int]:
    """The part of text[a:b] on the near side of any clause break: its end side when from_end."""
    breaks = list(_CLAUSE_BREAK.finditer(text, a, b))
    if not breaks:
        return a, b
    return (breaks[-1].end(), b) if from_end else (a, breaks[0].start())


def bind_events(ctx: Context, start: int, end: int, day: date) -> None:
    """Bind the event words next to a day-precise date ("the Oct. 23 sniping", "killed last Oct. 23") to its day."""
    text = ctx.text
    if not _names_event(ctx, max(0, start - _BIND_REACH), min(len(text), end + 1 + _BIND_REACH)):
        return
    classes, word_re, _, _ = _event_patterns(ctx.lx)
    a, b = _clause_part(text, max(0, start - _BIND_REACH), start, True)
    found = list(word_re.finditer(text, a, b))
    after = end + 1 if text.startswith(",", end) else end  # "On May 10, a second blast hit ...": the clause it opens
    a, b = _clause_part(text, after, min(len(text), after + _BIND_REACH), False)
    found += list(word_re.finditer(text, a, b))
    for m in found:
        if not _relation_before(ctx.lx).search(text, max(0, m.start() - 40), m.start()):
            ctx.events[classes[m.group().lower()]] = day  # not "ten days before the shooting", "since the attack"


def event_named_after(ctx: Context, pos: int) -> date | None:
    """The day of the event a phrase names right after pos ("the day before| the March 3 bombing"), when the text
    dated that kind of event."""
    if not ctx.events:
        return None
    classes, _, _, np_re = _event_patterns(ctx.lx)
    m = np_re.match(ctx.text, pos)
    return ctx.events.get(classes[m.group("ev").lower()]) if m else None


def event_day(ctx: Context, start: int, end: int) -> date | None:
    """The day of a clock time told as a moment of an event the text dated: "was shot to death at 10 p.m.",
    "at 6 a.m. ten days before the shooting"."""
    if not ctx.events:
        return None
    lx = ctx.lx
    classes, word_re, offset_re, _ = _event_patterns(lx)
    text = ctx.text
    a, b = _clause_part(text, end, min(len(text), end + _CLOCK_REACH_AFTER), False)
    m = offset_re.search(text, a, b)
    if m:
        day = ctx.events.get(classes[m.group("ev").lower()])
        n = _num(lx, m.group("count"))
        if day is None or n is None or n != int(n):
            return None
        days = int(n) * (7 if lx.units[m.group("unit").lower()] == "W" else 1)
        return day + timedelta(days=-days if m.group("before_after").lower() == "before" else days)
    if ctx.ref_day and ctx.ref_end >= ctx.tense.sentence_of(start)[0]:
        return None  # the sentence has a day of its own: "On May 10, another blast hit the market at 3 p.m."
    a, b = _clause_part(text, max(0, start - _CLOCK_REACH_BEFORE), start, True)
    words = list(word_re.finditer(text, a, b))
    if words:
        return ctx.events.get(classes[words[-1].group().lower()])
    return None

"""Calendar arithmetic on TIMEX3 values: intervals, ISO weeks, months, seasons, quarters, holidays."""

from __future__ import annotations

import calendar as _cal
import re
from datetime import date, timedelta

from dateutil.easter import easter

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
SEASON_ORDER = ("WI", "SP", "SU", "FA")

_RE_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T.*)?$")
_RE_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")
_RE_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_RE_PART = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_RE_YEAR = re.compile(r"^(?:FY)?(\d{4})$")
_RE_DECADE = re.compile(r"^(\d{3})X?$")
_RE_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")


def month_end(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def year_str(y: int) -> str:
    """A TIMEX3 year, always four digits ("0999", "2019"); a year before 1 CE in ISO 8601's expanded form ("-0981")."""
    return f"{y:04d}" if y >= 0 else f"-{-y:04d}"


def month_value(y: int, m: int) -> str:
    return f"{year_str(y)}-{m:02d}"


def part_value(y: int, part: str) -> str:
    """A part of a year: "2019-Q3", "2019-H1", "2019-SU"."""
    return f"{year_str(y)}-{part}"


def week_value(d: date) -> str:
    """The ISO week holding a day, under its ISO week-year: 2021-01-01 is in "2020-W53", 2019-12-30 in "2020-W01"."""
    y, w, _ = d.isocalendar()
    return f"{year_str(y)}-W{w:02d}"


def week_monday(y: int, w: int) -> date:
    return date.fromisocalendar(y, w, 1)


def season_of(d: date) -> tuple[int, str]:
    """(year, season code) of a day; winter belongs to the year in which it starts (December)."""
    m = d.month
    if m == 12:
        return d.year, "WI"
    if m <= 2:
        return d.year - 1, "WI"
    if m <= 5:
        return d.year, "SP"
    if m <= 8:
        return d.year, "SU"
    return d.year, "FA"


def season_index(y: int, s: str) -> int:
    """A running index of seasons (winter of y-1 precedes spring of y)."""
    order = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
    return y * 4 + order[s]


def season_from_index(i: int) -> tuple[int, str]:
    return i // 4, ("SP", "SU", "FA", "WI")[i % 4]


def interval_of(value: str | None) -> tuple[str | None, date | None, date | None]:
    """TIMEX3 value -> (granularity, first day, last day); (None, None, None) for refs, durations, sets."""
    if not value:
        return None, None, None
    v = value.strip().upper()
    try:
        for form, read in _FORMS:
            m = form.match(v)
            if m:
                return read(m)
    except ValueError:  # impossible calendar values such as 2019-02-30
        return None, None, None
    return None, None, None


def _day_interval(m: re.Match) -> tuple[str, date, date]:
    d = date(int(m[1]), int(m[2]), int(m[3]))
    return ("time" if m[4] else "day"), d, d


def _week_interval(m: re.Match) -> tuple[str, date, date]:
    mon = week_monday(int(m[1]), int(m[2]))
    if m[3]:
        return "weekend", mon + timedelta(days=5), mon + timedelta(days=6)
    return "week", mon, mon + timedelta(days=6)


def _month_interval(m: re.Match) -> tuple[str, date, date]:
    y, mo = int(m[1]), int(m[2])
    return "month", date(y, mo, 1), month_end(y, mo)


def _part_interval(m: re.Match) -> tuple[str, date, date]:
    """A quarter, a half or a season of a year (winter runs into the next year)."""
    y, p = int(m[1]), m[2]
    if p[0] == "Q":
        q = int(p[1])
        return "quarter", date(y, 3 * q - 2, 1), month_end(y, 3 * q)
    if p[0] == "H":
        h = int(p[1])
        return "half", date(y, 6 * h - 5, 1), month_end(y, 6 * h)
    a, b = SEASON_MONTHS[p]
    return "season", date(y, a, 1), month_end(y + (1 if b < a else 0), b)


def _year_interval(m: re.Match) -> tuple[str, date, date]:
    y = int(m[1])
    return "year", date(y, 1, 1), date(y, 12, 31)


def _decade_interval(m: re.Match) -> tuple[str, date, date]:
    y = int(m[1]) * 10
    return "decade", date(max(y, 1), 1, 1), date(y + 9, 12, 31)


def _century_interval(m: re.Match) -> tuple[str, date, date]:
    y = int(m[1]) * 100
    return "century", date(max(y, 1), 1, 1), date(y + 99, 12, 31)


# each form of a dated value and how to read its interval, tried in this order
_FORMS = (
    (_RE_DAY, _day_interval), (_RE_WEEK, _week_interval), (_RE_MONTH, _month_interval), (_RE_PART, _part_interval),
    (_RE_YEAR, _year_interval), (_RE_DECADE, _decade_interval), (_RE_CENTURY, _century_interval),
)


def nth_weekday(y: int, month: int, weekday: int, n: int) -> date:
    """n-th ISO weekday (1=Mon) of a month; n = -1 for the last one."""
    if n > 0:
        first = date(y, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = month_end(y, month)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


_WD = {"MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6, "SUN": 7}


def holiday_date(rule: str, y: int) -> date | None:
    """Date of a holiday rule from the resources in year y: 'MM-DD', 'MM-WWW-N' (N = 1..5 or L), 'EASTER+N',
    '11-ELECTION'."""
    try:
        if rule.startswith("EASTER"):
            return easter(y) + timedelta(days=int(rule[6:] or 0))
        parts = rule.split("-")
        month = int(parts[0])
        if parts[1] == "ELECTION":  # the Tuesday after the first Monday
            return nth_weekday(y, month, 1, 1) + timedelta(days=1)
        if parts[1] in _WD:
            n = -1 if parts[2] == "L" else int(parts[2])
            return nth_weekday(y, month, _WD[parts[1]], n)
        return date(y, month, int(parts[1]))
    except (ValueError, IndexError):
        return None

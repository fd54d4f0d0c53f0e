"""The value type of the temporal resolver: one time expression with its TIMEX3 value.

TIMEX3 values are the common currency of the project (see DESIGN.md). A value never claims
more precision than the text gave; every dated value maps to an inclusive interval of days.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(slots=True)
class Timex:
    start: int  # character offset of the first character, into the text given to resolve()
    end: int  # offset one past the last character
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: str  # TIMEX3 value: 2019-03-07, 2019-W10, 2019-03, 2019-Q1, 2019-SU, 2019, 199, P3M, PAST_REF, ...
    mod: str | None = None  # START, MID, END, APPROX, BEFORE, AFTER, ... when the text gives one
    granularity: str | None = None  # day, week, month, quarter, season, half, year, decade, century, time, ...
    interval_start: date | None = None  # inclusive calendar interval (DATE and TIME only)
    interval_end: date | None = None
    anchor: str = "absolute"  # absolute | publication | previous (an earlier expression) | expression (the date
    # inside the same phrase: "the day before last Tuesday") | none
    anchor_value: str | None = None  # the value it was resolved against, when relative
    in_name: bool = False  # a year inside a name ("the 2019 National Defense Authorization Act")
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = asdict(self)
        for k in ("interval_start", "interval_end"):
            if d[k] is not None:
                d[k] = d[k].isoformat()
        if not d["extra"]:
            d.pop("extra")
        return d


@dataclass(slots=True)
class Hints:
    """Optional linguistic hints from the NLP step. Offsets are into the same text."""

    sentences: list[tuple[int, int]] | None = None  # (start, end) of each sentence
    tokens: list[tuple[int, int, str]] | None = None  # (start, end, Penn Treebank tag) of each token


# Granularities from finest to coarsest; used to pick the more precise of two dates when merging.
GRANULARITY_ORDER: tuple[str, ...] = (
    "time", "day", "weekend", "week", "month", "quarter", "season", "half", "year", "decade", "century",
)


def granularity_rank(granularity: str | None) -> int:
    """Position in GRANULARITY_ORDER (0 = finest); unknown or None sorts last."""
    try:
        return GRANULARITY_ORDER.index(granularity or "")
    except ValueError:
        return len(GRANULARITY_ORDER)


def finer(a: str | None, b: str | None) -> bool:
    """True when granularity a is strictly more precise than b."""
    return granularity_rank(a) < granularity_rank(b)


def interval_of(value: str | None) -> tuple[str | None, date | None, date | None]:
    """TIMEX3 value -> (granularity, first day, last day); (None, None, None) when it denotes no interval."""
    from app.temporal.calendar import interval_of as _interval_of

    return _interval_of(value)

"""Context checks: cheap tests of the words around a candidate that reject its non-temporal readings
("may" the modal, "The Sunday Times", "2,000 people", "Theresa May", "6-year-old", "60 Minutes", house numbers).

Each kind has its own checks (`ContextFilters.checks`); a candidate is kept when all of its kind's checks pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.temporal.lexicon import Lexicon, alt
from app.temporal.nearby import next_word, prev_two, prev_word, sentence_start, words_near


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    kind: str
    groups: dict
    priority: int = 0
    match: re.Match | None = None


Check = Callable[[str, Candidate], bool]

# the groups that hold a weekday (or a day said with a clock time), per kind
_WEEKDAY_GROUPS = {
    "date": ("weekday", "day_word"), "rel": ("weekday",), "wd": ("weekday",), "time": ("trailing_day", "leading_day"),
}
_TRAILING_PUNCTUATION = ".,;:"


def _lower_set(words) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


class ContextFilters:
    """The context checks of one language, with the word lists they read."""

    def __init__(self, lx: Lexicon):
        self.lx = lx
        d = lx.data
        self.weekday_name_re = re.compile(alt(lx.weekday_names), re.IGNORECASE)
        # "1600 Pennsylvania Avenue": a house number, not a year
        self.street_after = re.compile(
            r"\s+(?:[A-Z][a-z]+\s+){0,2}" + alt(d["street_words"], case_sensitive=True) + r"(?![a-z])"
        )
        self.whole_short_months = _lower_set(d["whole_short_months"])
        self.clock_negative = _lower_set(d["clock_word_negative_before"])
        self.season_context = _lower_set(d["season_context_before"])
        self.ordinal_block = _lower_set(d["ordinal_day_block_after"])
        self.ref_adj_blocked = _lower_set(d["ref_adjective_blocked_after"])
        self.year_words_context = _lower_set(d["month_context_before"]) | _lower_set(d["year_words_context_before"])
        self.year_negative_before_any_case = _lower_set(d["year_negative_before_any_case"])
        self.half_context = frozenset(d["half_year_context"])
        self.bare_half_context = frozenset(d["bare_half_context_before"])
        self.decade_blocked_before = frozenset(d["decade_blocked_before"])
        self.decade_blocked_after = frozenset(d["decade_blocked_after"])
        self.adv_blocked_before = frozenset(d["future_adverb_blocked_before"])
        self.adv_blocked_after = frozenset(d["future_adverb_blocked_after"])
        self.year_end_context = frozenset(d["year_end_context_before"])
        self.period_context = frozenset(d["period_context_before"])
        self.scale_words = _lower_set(d["number_words"]["scales"])
        self.quarter_relative_words = frozenset(d["quarter_relative_words"])
        self.quarter_nouns = frozenset(d["quarter_nouns"])
        self.discourse_markers = frozenset(d["discourse_markers"])
        self.indefinite = frozenset(d["indefinite_articles"])
        self.article_units = frozenset(d["article_units_not_durations"])
        self.span_units = frozenset(d["units_needing_span"])
        self.checks: dict[str, tuple[Check, ...]] = {
            "date": (self._bare_month, self._outside_weekday_name),
            "rel": (self._outside_weekday_name, self._relative_head),
            "wd": (self._outside_weekday_name, self._weekday_not_title),
            "time": (self._outside_weekday_name, self._clock_word),
            "season": (self._season,),
            "year": (self._year,),
            "quarter": (self._quarter,),
            "half": (self._bare_half,),
            "decade": (self._bare_decade,),
            "short_year": (self._short_year,),
            "year_words": (self._year_words,),
            "anaph": (self._anaphoric_offset,),
            "ref": (self._ref,),
            "ref_adv": (self._future_adverb,),
            "dur": (self._duration,),
            "set": (self._set,),
            "ref_adj": (self._ref_adjective,),
            "quarter_bare": (self._bare_quarter,),
            "year_end": (self._year_end,),
            "dom": (self._day_of_month,),
        }

    def keep(self, text: str, c: Candidate) -> bool:
        for check in self.checks.get(c.kind, ()):
            if not check(text, c):
                return False
        return True

    # ---- months and weekdays ----
    def _abbreviated(self, month: str) -> bool:
        return len(month) <= 4 and month not in self.whole_short_months

    def _bare_month(self, text: str, c: Candidate) -> bool:
        """A month alone ("in March") is a date only where the words around it make it one."""
        g, lx = c.groups, self.lx
        if g.get("day") or g.get("year") or g.get("range_mod") or g.get("weekday") or g.get("relative_year"):
            return True
        mon = g["month"].rstrip(".").lower()
        prev = prev_word(text, c.start)
        if self._abbreviated(mon) and not g["month"].endswith("."):
            return False  # "Jan Kavan": a bare abbreviation is a name
        if mon in lx.ambiguous_months or self._abbreviated(mon):
            attributive = prev.lower() == "the" and next_word(text, c.end)[:1].islower()
            if prev.lower() not in lx.month_context and not attributive:  # "the March accession"
                return False
        return not (prev[:1].isupper() and prev.lower() not in lx.month_context and prev.lower() != "the"
                    and not sentence_start(text, c.start) and mon in lx.ambiguous_months)  # "Theresa May"

    def _outside_weekday_name(self, text: str, c: Candidate) -> bool:
        """Not part of a name with a weekday in it: "Bloody Sunday", "the Sunday Times", "Good Friday Agreement"."""
        if not any(c.groups.get(name) for name in _WEEKDAY_GROUPS[c.kind]):
            return True
        for m in self.weekday_name_re.finditer(text, max(0, c.start - 12), min(len(text), c.end + 25)):
            if m.start() <= c.start < m.end() or c.start <= m.start() < c.end:
                return False
        return True

    def _weekday_not_title(self, text: str, c: Candidate) -> bool:
        nxt = next_word(text, c.end)
        # "The Sunday Times", "the Monday Club"
        title = nxt[:1].isupper() and nxt.lower() not in self.lx.months
        return not (title and prev_word(text, c.start) in ("The", "the"))

    def _relative_head(self, text: str, c: Candidate) -> bool:
        g = c.groups
        direction, head = g["direction"].lower(), (g.get("head") or "").lower()
        if direction == "the" and not ((g.get("range_mod") or g.get("earlier_later")) and g.get("head")):
            return False  # "the year" is this year only in "the end of the year", "earlier in the week"
        # "the day" only in "earlier/later in the day"
        return not (head == "day" and not (g.get("earlier_later") and direction == "the"))

    # ---- seasons, years and parts of years ----
    def _season(self, text: str, c: Candidate) -> bool:
        g = c.groups
        if g.get("year"):
            return True
        if not g.get("range_mod"):
            prev1 = prev_word(text, c.start).lower()
            prev2 = prev_two(text, c.start).lower()
            if prev2 not in self.season_context and prev1 not in self.season_context:
                return False
            if prev1 == "the" and prev2 not in self.season_context:
                return False
            if re.match(r"\s+of\b", text[c.end : c.end + 4]):
                return False
        return not (next_word(text, c.end)[:1].isupper() and g["season"][:1].isupper())  # "the Summer Olympics"

    def _year(self, text: str, c: Candidate) -> bool:
        g, lx = c.groups, self.lx
        if g.get("range_mod") or g.get("fiscal"):
            return True
        prev = prev_word(text, c.start)
        if prev in lx.year_negative_before or prev.endswith("$") or prev.lower() in self.year_negative_before_any_case:
            return False
        if next_word(text, c.end).lower().rstrip(_TRAILING_PUNCTUATION) in lx.year_negative_after:
            return False
        return not (self.street_after.match(text, c.end) and prev.lower() not in lx.month_context)

    def _quarter(self, text: str, c: Candidate) -> bool:
        # "the last quarter" alone is the one before this (a relative expression)
        word = (c.groups.get("quarter_ordinal") or "").lower()
        return not (word in self.quarter_relative_words and " of " not in c.match.group().lower())

    def _bare_half(self, text: str, c: Candidate) -> bool:
        if not c.groups.get("bare_half"):
            return True
        if prev_word(text, c.start).lower() not in self.bare_half_context:
            return False  # "in the second half" (of the year the story is about); not "the first half-hour"
        # a match, a game or a film has halves too: only a business or economy story's year
        return bool(words_near(text, c.start - 120, c.end + 120) & self.half_context)

    def _bare_decade(self, text: str, c: Candidate) -> bool:
        if not c.groups.get("bare_decade"):
            return True
        if words_near(text, c.start - 40, c.start) & self.decade_blocked_before:
            return False  # "highs in the 70s"
        # "temperatures in the 70s and 80s degrees"
        return next_word(text, c.end).lower().rstrip(_TRAILING_PUNCTUATION) not in self.decade_blocked_after

    def _short_year(self, text: str, c: Candidate) -> bool:
        return prev_word(text, c.start).lower() in self.year_words_context  # "in '82"; not a quotation's numbers

    def _year_words(self, text: str, c: Candidate) -> bool:
        lx = self.lx
        prev = prev_word(text, c.start).lower()
        nxt = next_word(text, c.end)
        if prev not in self.year_words_context and prev.rstrip(".") not in lx.months:
            return False  # "nineteen ninety-six" is a year after "in", "since", "the year", a month ...
        said = c.groups["year_words"]
        return not (prev != "year" and nxt[:1].islower() and (
            nxt.lower().rstrip(_TRAILING_PUNCTUATION) in lx.year_negative_after or " " not in said.strip()
            or said.lower().split()[-1] in self.scale_words))  # "in two thousand cases"

    def _bare_quarter(self, text: str, c: Candidate) -> bool:
        if prev_word(text, c.start).lower() not in self.period_context:
            return False  # "for the quarter", "in the quarter"; not "the quarter's results" as a subject
        near = words_near(text, c.start - 120, c.start) | words_near(text, c.end, c.end + 120)
        return bool((near - self.quarter_nouns) & self.half_context)  # a game has quarters too

    def _year_end(self, text: str, c: Candidate) -> bool:
        return prev_word(text, c.start).lower() in self.year_end_context  # "at year end"; not "year-end bonuses"

    def _day_of_month(self, text: str, c: Candidate) -> bool:
        return next_word(text, c.end).lower() not in self.ordinal_block  # "on the 5th floor"

    # ---- counts, references and clock times ----
    def _anaphoric_offset(self, text: str, c: Candidate) -> bool:
        nxt = next_word(text, c.end)
        # "later in the day before returning home": "before" heads a clause
        return not (c.groups.get("offset_unit") and nxt.endswith("ing") and nxt[:1].islower())

    def _ref(self, text: str, c: Candidate) -> bool:
        # "Now the alliance's mission is ...", "Now, he said, ...": a discourse marker
        return not (c.groups["ref"] in self.discourse_markers and sentence_start(text, c.start))

    def _future_adverb(self, text: str, c: Candidate) -> bool:
        return not (prev_word(text, c.start).lower() in self.adv_blocked_before
                    or next_word(text, c.end).lower().rstrip(".,;:!?") in self.adv_blocked_after
                    or text.startswith("-", c.end))

    def _duration(self, text: str, c: Candidate) -> bool:
        g = c.groups
        if g.get("old"):
            return False  # "a 6-year-old"
        count = (g.get("count") or "").lower()
        unit = g["unit"].lower()
        if count in self.indefinite and unit in self.article_units and not g.get("approx"):
            return False  # "a second term", "a minute's silence" are rarely durations in news
        if unit in self.span_units and not g.get("span"):
            return False
        return not (g["unit"][:1].isupper() and not sentence_start(text, c.start))  # "60 Minutes": a title

    def _set(self, text: str, c: Candidate) -> bool:
        g = c.groups
        if g.get("adverb") and next_word(text, c.end)[:1].isupper():
            return False  # "the party daily Granma": a newspaper
        return not (g.get("quantifier") and g["quantifier"].lower() in self.indefinite and not g.get("frequency"))

    def _ref_adjective(self, text: str, c: Candidate) -> bool:
        # "a future in which", "the current account": a noun, or a fixed phrase
        return next_word(text, c.end).lower().rstrip(".,;:!?") not in self.ref_adj_blocked

    def _clock_word(self, text: str, c: Candidate) -> bool:
        # "high noon"
        return not (c.groups.get("clock_word") and prev_word(text, c.start).lower() in self.clock_negative)

"""Detection: a few compiled regular expressions, built from the language resources, find candidate spans.

Each pattern (`patterns`) is linear (alternations of literals, bounded repeats, no nested quantifiers), so
scanning is linear in the text. Candidates are then filtered with cheap context checks (`filters`) and the
longest-leftmost non-overlapping ones kept; resolution (values) happens in `normalize`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.temporal.filters import Candidate, ContextFilters
from app.temporal.lexicon import Lexicon, lexicon
from app.temporal.patterns import KIND_ORDER, patterns

__all__ = ["Candidate", "Grammar", "grammar"]

_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_BEFORE, _AFTER = 70, 45
# how far before its trigger a match of each kind can start ("the beginning of fiscal year 2019": 33 chars)
_BEFORE_BY_KIND = {
    "short_year": 3, "date_dmy_w": 45, "year_words": 12, "ref_adv": 2, "week_nth": 20, "year_ago_part": 20,
    "day_pred": 45, "set": 40, "rate": 40, "time": 30, "numeric": 4, "year": 40, "decade": 25, "dom": 12,
    "holiday": 20, "year_end": 14, "dom_month": 40, "quarter_bare": 5,
}


def _trigger_words(d: dict) -> dict[str, set[str]]:
    """Per kind, the words one of which every match holds ("#" stands for any number): only windows around
    them are scanned."""

    def words(*keys):
        out = set()
        for key in keys:
            for w in d[key]:
                out.update(x.rstrip(".") for x in re.split(r"[\s-]+", w.lower()) if x)
        return out

    months, units = words("months"), words("units")
    return {
        "date": months, "date_dmy": months, "date_dmy_w": months, "numeric": {"#"}, "weekof": {"week"},
        "rel": words("relative_direction", "anaphoric_tmods", "relative_heads"),
        "wd": words("weekdays"), "deictic": words("deictic_days"),
        # the last word of each: "from now" is found by "now"
        "ago": {w.split()[-1] for w in d["ago_after_count"]}, "dur": units, "dur_the": units,
        "vague": units, "ref_adv": words("future_adverbs"), "long": {"long"}, "year": {"#"},
        "year_words": set(d["number_words"]["year_centuries"]) | {"thousand"}, "decade": {"#"}, "short_year": {"#"},
        "decade_word": words("decade_words"), "century": {"century"}, "season": words("seasons"),
        "quarter": {"quarter", "q1", "q2", "q3", "q4"}, "half": {"half", "h1", "h2"}, "week_nth": {"week"},
        "year_ago_part": {"earlier", "ago", "prior", "previous"} | words("same_part_words"),
        "time": {"#", "clock"} | words("clock_words"), "anaph": words("anaphoric_units"),
        "ref": words("refs") - set(d["ref_trigger_stopwords"]), "future": {"future"},
        "ref_adj": words("ref_adjectives"),
        "set": words("set_adverbs", "set_quantifiers", "frequency_words") | {"times", "basis"}
        | {w + "s" for w in words("weekdays", "weekend_words")},
        "rate": words("rate_units"),
        "holiday": words("holidays") - {"the", "of", "day", "s", "week"}, "weekend": words("weekend_words"),
        "day_pred": {"day"}, "dom": {"#"}, "year_end": {"end"}, "dom_month": {"month"}, "quarter_bare": {"quarter"},
    }


class Grammar:
    """The compiled patterns of one language, the trigger words that say where to run them, and the context
    checks their matches must pass."""

    def __init__(self, lx: Lexicon):
        self.lx = lx
        texts = patterns(lx)
        flags = re.IGNORECASE | re.VERBOSE
        self.patterns = [(kind, re.compile(r"(?<![\w])" + texts[kind], flags), i) for i, kind in enumerate(KIND_ORDER)]
        self.triggers = {k: frozenset(v) for k, v in _trigger_words(lx.data).items()}
        self.all_triggers = frozenset().union(*self.triggers.values())
        by_key: dict[str, list[tuple[str, int]]] = {}
        for kind, keys in self.triggers.items():
            for key in keys:
                by_key.setdefault(key, []).append((kind, _BEFORE_BY_KIND.get(kind, _BEFORE)))
        self.kinds_by_trigger = {k: tuple(v) for k, v in by_key.items()}
        self.filters = ContextFilters(lx)

    def windows(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Per pattern, merged text windows around its trigger words (a match spans at most BEFORE/AFTER chars
        around one)."""
        n = len(text)
        by_key = self.kinds_by_trigger
        spans: dict[str, list[list[int]]] = {kind: [] for kind in self.triggers}
        for m in _TOKEN.finditer(text):
            w = m.group()
            kinds = by_key.get("#" if w[0].isdigit() else w.lower())
            if not kinds:
                continue
            s, e = m.span()
            b = min(n, e + _AFTER)
            for kind, before in kinds:
                a = s - before if s > before else 0
                sp = spans[kind]
                if sp and a <= sp[-1][1]:
                    sp[-1][1] = b
                else:
                    sp.append([a, b])
        out: dict[str, list[tuple[int, int]]] = {}
        for kind, sp in spans.items():
            wins = []
            for a, b in sp:
                stop = max(0, a - 20)
                while a > stop and not text[a - 1].isspace():  # start on a word boundary
                    a -= 1
                wins.append((a, b))
            out[kind] = wins
        return out

    def scan(self, text: str) -> list[Candidate]:
        """All candidates, longest-leftmost, non-overlapping."""
        cands: list[Candidate] = []
        wins = self.windows(text)
        keep = self.filters.keep
        for kind, rx, prio in self.patterns:
            for a, b in wins[kind]:
                for m in rx.finditer(text, a, b):
                    if m.end() == m.start():
                        continue
                    c = Candidate(m.start(), m.end(), kind, m.groupdict(), prio, m)
                    if keep(text, c):
                        cands.append(c)
        cands.sort(key=lambda c: (c.start, -(c.end - c.start), c.priority))
        out: list[Candidate] = []
        last_end = -1
        for c in cands:
            if c.start >= last_end:
                out.append(c)
                last_end = c.end
        return out


@lru_cache(maxsize=8)
def grammar(language: str = "en") -> Grammar:
    return Grammar(lexicon(language))

"""Language resources (word lists as data) and the regular-expression pieces built from them."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


def _load(language: str) -> dict:
    text = resources.files("app.temporal.resources").joinpath(f"{language}.json").read_text(encoding="utf-8")
    return json.loads(text)


def alt(words, case_sensitive: bool = False) -> str:
    """A regex alternation of phrases, longest first; spaces match any run of whitespace."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts)
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


class Lexicon:
    """One language's vocabulary, with lower-cased lookups and regex alternations."""

    def __init__(self, data: dict):
        self.data = data
        self.months = {k.lower(): v for k, v in data["months"].items()}
        self.ambiguous_months = {w.lower() for w in data["ambiguous_months"]}
        self.month_context = {w.lower() for w in data["month_context_before"]}
        self.weekdays = {k.lower(): v for k, v in data["weekdays"].items()}
        self.weekday_names = [n for n in data["weekday_names"]]
        self.numbers = {k.lower(): v for k, v in data["numbers"].items()}
        self.vague_numbers = {w.lower() for w in data["vague_numbers"]}
        self.ordinals = {k.lower(): v for k, v in data["ordinals"].items()}
        self.units = {k.lower(): v for k, v in data["units"].items()}
        self.time_units = set(data["time_units"])
        self.seasons = data["seasons"]
        self.parts_of_day = data["parts_of_day"]
        self.clock_words = data["clock_words"]
        self.deictic_days = data["deictic_days"]
        self.deictic_compound = data["deictic_compound"]
        self.direction = data["relative_direction"]
        self.anaphoric_direction = data["anaphoric_direction"]
        self.ago_words = data["ago_words"]
        self.deictic_ago = set(data["deictic_ago"])
        self.range_modifiers = data["range_modifiers"]
        self.approx_modifiers = data["approx_modifiers"]
        self.refs = data["refs"]
        self.set_adverbs = data["set_adverbs"]
        self.frequency_words = data["frequency_words"]
        self.vague_plural_context = data["vague_plural_context"]
        self.quarter_words = data["quarter_words"]
        self.half_words = data["half_words"]
        self.decade_words = data["decade_words"]
        self.holidays = {k.lower(): v for k, v in data["holidays"].items()}
        self.year_negative_after = {w.lower() for w in data["year_negative_after"]}
        self.year_negative_before = set(data["year_negative_before"])
        self.tense = {k: {w.lower() for w in v} for k, v in data["tense"].items()}
        self.abbreviations = frozenset(data["abbreviations"])

    # ---- regex pieces ----
    def month_re(self) -> str:
        names = []
        for name in self.data["months"]:
            for form in {name, name.upper()}:
                names.append(form + "." if len(name) <= 4 and name not in self.data["whole_short_months"] else form)
                names.append(form)
        return alt(names, case_sensitive=True)

    def weekday_re(self) -> str:
        return alt([f for n in self.data["weekdays"] for f in (n, n.upper())], case_sensitive=True)

    def small_number_re(self) -> str:
        """A spelled-out number below a hundred: "seven", "nineteen", "forty-two"."""
        nw = self.data["number_words"]
        return f"(?:(?:{alt(nw['tens'])})(?:[-\\s](?:{alt(nw['ones'])}))?|{alt(nw['ones'] + nw['teens'])})(?![a-z])"

    def number_re(self) -> str:
        words = [w for w in self.data["numbers"]]
        small = self.small_number_re()
        scale = alt(self.data["number_words"]["scales"])
        # "two hundred", "a hundred and fifty", "three thousand five hundred": spelled-out numbers with a scale word
        rest = f"\\s+{scale}(?:\\s+(?:and\\s+)?{small}(?:\\s+{scale}(?:\\s+(?:and\\s+)?{small})?)?)?(?![a-z])"
        digits = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+1/2|\s*½)?"
        return f"(?:{digits}|{small}(?:{rest})?|a{rest}|{alt(words)}(?:\\s+and\\s+a\\s+half)?)"

    def number_value(self, text: str) -> float | None:
        t = re.sub(r"\s+", " ", text.strip().lower())
        half = 0.0
        if t.endswith(" and a half"):
            t, half = t[: -len(" and a half")], 0.5
        if t.endswith(("1/2", "½")):
            t, half = t.rstrip("½").replace("1/2", "").strip(), 0.5
        if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
            return float(t.replace(",", "")) + half
        if t in self.numbers:
            return float(self.numbers[t]) + half
        parts = re.split(r"[-\s]", t)
        if len(parts) == 2 and self.numbers.get(parts[0], 0) >= 20 and self.numbers.get(parts[1], 10) < 10:
            return float(self.numbers[parts[0]] + self.numbers[parts[1]]) + half
        if parts[0] in ("a", "an"):
            t = "one " + t.split(None, 1)[1]  # "a hundred and fifty"
        n = spelled_number(t, self.data["language"])
        return None if n is None else n + half


@lru_cache(maxsize=1024)
def spelled_number(text: str, language: str) -> float | None:
    """A number written in words ("two hundred and fifty", "two thousand one") read by text2num, which knows
    the number grammar of English and of several other languages; None when the words are not one number."""
    from text_to_num import text2num

    try:
        return float(text2num(text.replace("-", " ") if language != "en" else text, language))
    except (ValueError, TypeError):
        return None


@lru_cache(maxsize=8)
def lexicon(language: str = "en") -> Lexicon:
    return Lexicon(_load(language))

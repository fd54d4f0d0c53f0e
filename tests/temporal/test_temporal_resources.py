"""The temporal resource holds no dead data: every key is read by the code and every word-list entry can match.

A key nothing reads, or an entry the check or the pattern it feeds can never see ("the end of" in a list that is
compared with the one word before an expression), is dead weight that misleads the next reader.
"""

import json
import pathlib
import re

import pytest

from app.temporal.grammar import grammar
from app.temporal.nearby import next_word, prev_two, prev_word

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESOURCE = ROOT / "app" / "temporal" / "resources" / "en.json"
DATA = json.loads(RESOURCE.read_text(encoding="utf-8"))
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "app" / "temporal").rglob("*.py"))

AHEAD = "(what the pattern looks ahead at)"
# Word lists that feed a detection pattern: (key, kind, group that holds the entry (None: the whole match),
# sentences with the entry in them). Each entry must be matched by the kind's compiled pattern, inside the group
# (or right after the match, for a word the pattern only looks ahead at).
PATTERN_LISTS = [
    ("months", "date", "month", ["in {w} 2019"]),
    ("weekdays", "wd", "weekday", ["on {w} morning"]),
    ("units", "dur", "unit", ["over the past two {w}"]),
    ("seasons", "season", "season", ["in {w} 2019"]),
    ("parts_of_day", "rel", "head_day_part", ["last {w}"]),
    ("holidays", "holiday", "holiday", ["on {w} 2019"]),
    ("refs", "ref", "ref", ["it is {w} clear"]),
    ("set_adverbs", "set", "adverb", ["paid {w} to"]),
    ("set_basis", "set", "basis", ["on a {w} basis"]),
    ("frequency_words", "set", "frequency", ["{w} a year"]),
    ("set_quantifiers", "set", "quantifier", ["{w} year"]),
    ("set_every_nth", "set", "nth", ["every {w} week"]),
    ("indefinite_articles", "set", "quantifier", ["twice {w} year"]),
    ("decade_words", "decade_word", "decade_word", ["in the {w}"]),
    ("decade_modifiers", "decade", "decade_mod", ["in the {w} 70s"]),
    ("time_zones", "time", "zone", ["at 9 a.m. {w} on"]),
    ("offset_zone_names", "time", "zone", ["at 0745 {w} on"]),
    ("clock_words", "time", "clock_word", ["at {w} today"]),
    ("clock_parts_of_day", "time", None, ["three in the {w}", "eight o'clock {w}"]),
    ("time_approx", "time", "approx", ["{w} 9 a.m."]),
    ("clock_lead_days", "time", "leading_day", ["{w} at 9 a.m."]),
    ("time_of_day_words", "time", "leading_day_part", ["Friday {w} at 9 p.m."]),
    ("quarter_words", "quarter", "quarter_ordinal", ["in the {w} quarter of 2009"]),
    ("part_year_directions", "quarter", "relative_year", ["the third quarter of {w} year"]),
    ("half_words", "half", "half_ordinal", ["in the {w} half of 2009"]),
    ("bare_half_words", "half", "bare_half", ["in the {w} half, sales rose"]),
    ("ordinals", "week_nth", "nth", ["the {w} week of March"]),
    ("week_nth_last", "week_nth", "nth", ["the {w} week of March"]),
    ("relative_direction", "rel", "direction", ["{w} week"]),
    ("relative_direction_phrases", "rel", "direction", ["{w} week"]),
    ("relative_heads", "rel", "head", ["next {w}"]),
    ("relative_year_after_month", "date", "relative_year", ["March {w}"]),
    ("holiday_directions", "holiday", "direction", ["{w} Christmas"]),
    ("range_modifiers", "year", "range_mod", ["{w} 2019"]),
    ("day_modifiers", "wd", "range_mod", ["{w} Friday"]),
    ("approx_modifiers", "ago", "approx", ["{w} two years ago"]),
    ("vague_numbers", "dur", "count", ["for {w} years"]),
    ("numbers", "dur", "count", ["for {w} years"]),
    ("ago_after_count", "ago", "direction", ["two years {w}"]),
    ("duration_spans", "dur", "span", ["the {w} two years"]),
    ("duration_fillers", "dur", None, ["two {w} years"]),
    ("duration_the_spans", "dur_the", "span", ["the {w} year"]),
    ("long_units", "long", "unit", ["a {w}-long strike"]),
    ("rate_units", "rate", "per_unit", ["five days a {w}"]),
    ("vague_plural_context", "vague", "context_word", ["{w} years"]),
    ("vague_plural_units", "vague", "unit", ["for {w}"]),
    ("vague_followed_units", "vague", "followed_unit", ["in the {w} that followed"]),
    ("vague_span_after", "vague", AHEAD, ["in the years {w}"]),
    ("day_predicate_subjects", "day_pred", None, ["{w} was a great day"]),
    ("day_predicate_verbs", "day_pred", None, ["it {w} a great day"]),
    ("year_ago_adjectives", "year_ago_part", None, ["the {w} period"]),
    ("year_ago_parts", "year_ago_part", "part", ["the year-earlier {w}"]),
    ("same_part_words", "year_ago_part", None, ["the {w} quarter last year"]),
    ("year_before_words", "year_ago_part", None, ["the same quarter {w}"]),
    ("anaphoric_units", "anaph", "unit", ["the next {w}"]),
    ("anaphoric_after_the", "anaph", "direction", ["the {w} day"]),
    ("anaphoric_that", "anaph", "that", ["{w} day"]),
    ("anaphoric_offset_words", "anaph", "before_after", ["the day {w}"]),
    ("anaphoric_tmods", "anaph", "earlier_later", ["{w} that day"]),
    ("deictic_days", "deictic", "deictic", ["{w} morning"]),
    ("deictic_compound", "deictic", "deictic", ["{w} morning"]),
    ("fiscal_words", "year", "fiscal", ["{w} 2019"]),
    ("fiscal_abbreviations", "year", "fiscal", ["{w} 2019"]),
    ("future_adverbs", "ref_adv", "adverb", ["will come {w}."]),
    ("ref_adjectives", "ref_adj", "adjective", ["the {w} plan"]),
    ("future_possessors", "future", None, ["{w} future"]),
    ("weekend_words", "weekend", None, ["the {w}"]),
]

# Lists compared with the one word before an expression, and with the one word after it.
WORD_BEFORE_LISTS = [
    "month_context_before", "year_negative_before", "year_negative_before_any_case", "clock_word_negative_before",
    "future_adverb_blocked_before", "year_end_context_before", "period_context_before", "bare_half_context_before",
    "year_words_context_before", "name_year_prepositions", "name_year_determiners", "anaphoric_duration_before",
    "duration_cues_before", "verb_last_before",
]
WORD_AFTER_LISTS = [
    "year_negative_after", "ordinal_day_block_after", "ref_adjective_blocked_after", "future_adverb_blocked_after",
    "decade_blocked_after", "present_era_nouns",
]
# Lists compared with the words (or "%") found near an expression.
NEARBY_WORD_LISTS = ["half_year_context", "decade_blocked_before", "quarter_nouns"]


def _keys() -> list[str]:
    nested = [k for section in ("tense", "number_words") for k in DATA[section]]
    return list(DATA) + nested


@pytest.mark.parametrize("key", _keys())
def test_every_resource_key_is_read_by_the_code(key):
    assert re.search(rf"""["']{re.escape(key)}["']""", SOURCE), f"nothing in app/temporal reads {key!r}"


def _said(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


def _matched(kind: str, group: str | None, sentence: str, entry: str) -> bool:
    rx = next(rx for k, rx, _ in grammar("en").patterns if k == kind)
    for m in rx.finditer(sentence):
        if group is None:
            found = _said(entry) in _said(m.group())
        elif group == AHEAD:
            found = _said(sentence[m.end():]).lstrip().startswith(_said(entry))
        else:
            found = m.group(group) is not None and _said(m.group(group)) == _said(entry)
        if found:
            return True
    return False


@pytest.mark.parametrize(("key", "kind", "group", "frames"), PATTERN_LISTS, ids=[row[0] for row in PATTERN_LISTS])
def test_every_pattern_word_is_matched_by_its_pattern(key, kind, group, frames):
    unmatched = [w for w in DATA[key] if not any(_matched(kind, group, f.format(w=w), w) for f in frames)]
    assert not unmatched, f"{key}: the {kind} pattern never matches {unmatched}"


@pytest.mark.parametrize("key", WORD_BEFORE_LISTS)
def test_every_word_before_is_one_word_the_check_can_see(key):
    unseen = [w for w in DATA[key] if prev_word(f"{w} 1999", len(w) + 1) != w]
    assert not unseen, f"{key}: the word before an expression is never {unseen}"


@pytest.mark.parametrize("key", WORD_AFTER_LISTS)
def test_every_word_after_is_one_word_the_check_can_see(key):
    unseen = [w for w in DATA[key] if next_word(f" {w}", 0) != w]
    assert not unseen, f"{key}: the word after an expression is never {unseen}"


def test_season_context_is_one_or_two_words():
    unseen = [w for w in DATA["season_context_before"]
              if w not in (prev_word(f"{w} spring", len(w) + 1), prev_two(f"{w} spring", len(w) + 1))]
    assert not unseen, f"season_context_before: never {unseen}"


@pytest.mark.parametrize("key", NEARBY_WORD_LISTS)
def test_every_nearby_word_is_a_lower_case_word(key):
    unseen = [w for w in DATA[key] if not re.fullmatch(r"[a-z]+|%", w)]
    assert not unseen, f"{key}: the words near an expression are lower-cased letters or '%', never {unseen}"


def test_every_street_word_follows_a_house_number():
    street_after = grammar("en").filters.street_after
    unseen = [w for w in DATA["street_words"] if not street_after.match(f" Pennsylvania {w} in")]
    assert not unseen, f"street_words: never seen after a house number: {unseen}"

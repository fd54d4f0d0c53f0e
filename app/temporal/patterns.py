"""The detection patterns, written out one kind at a time and built from the language resource.

Every pattern is a verbose regular expression (whitespace and `#` comments are not part of it); the pieces in
braces are alternations of the resource's word lists (`pieces`). Each pattern is linear: alternations of
literals and bounded repeats, no nested quantifiers. Group names say what a group holds; `normalize` reads them.
"""

from __future__ import annotations

from types import SimpleNamespace

from app.temporal.lexicon import Lexicon, alt

# The kinds in priority order: when two matches start at the same place and are equally long, the kind listed
# first wins.
KIND_ORDER = (
    "date", "date_dmy", "date_dmy_w", "numeric", "rel", "wd", "deictic", "ago", "dur", "dur_the", "vague", "ref_adv",
    "long", "year", "year_words", "decade", "decade_word", "short_year", "century", "season", "quarter", "half",
    "week_nth", "year_ago_part", "time", "anaph", "ref", "future", "ref_adj", "set", "rate", "holiday", "weekof",
    "day_pred", "weekend", "year_end", "dom", "quarter_bare", "dom_month",
)


def pieces(lx: Lexicon) -> SimpleNamespace:
    """The regex alternations the patterns are built from, one per word list of the resource."""
    return SimpleNamespace(**_calendar_pieces(lx), **_direction_pieces(lx.data), **_count_pieces(lx),
                           **_clock_pieces(lx.data), **_year_pieces(lx))


def _calendar_pieces(lx: Lexicon) -> dict[str, str]:
    d = lx.data
    return {
        "month": lx.month_re() + r"(?![a-z])",
        "weekday": lx.weekday_re() + r"(?![A-Za-z])",
        "year": r"(?:1[5-9]\d\d|20\d\d)(?![\d])",
        "day_part": alt(d["parts_of_day"]) + r"(?![a-z])",
        "season": alt(d["seasons"]) + r"(?![a-z])",
        "holiday": alt(d["holidays"], case_sensitive=True) + r"(?![a-z])",
        "ordinal": alt(d["ordinals"]),
        "week_last": alt(d["week_nth_last"]),
        "day_ordinal": alt([w for w, n in d["ordinals"].items() if 1 <= n <= 31]),
        "plural_weekday": alt([w + "s" for w in [*d["weekdays"], *d["weekend_words"]]], case_sensitive=True),
        "weekend": alt(d["weekend_words"]),
        "deictic_day": alt(d["deictic_days"]),
        "deictic": alt([*d["deictic_compound"], *d["deictic_days"]]),
        "compound_deictic_end": alt({w.split()[-1] for w in d["deictic_compound"]}),  # "yesterday", "tomorrow"
        "ref": alt(d["refs"]),
    }


def _direction_pieces(d: dict) -> dict[str, str]:
    return {
        "range_mod": alt(d["range_modifiers"]),
        "day_mod": alt(d["day_modifiers"]),
        "decade_mod": alt(d["decade_modifiers"]),
        "direction": alt([*d["relative_direction_phrases"], *d["relative_direction"]]),
        "month_direction": alt(d["relative_direction"]),
        "holiday_direction": alt(d["holiday_directions"]),
        "part_year_direction": alt(d["part_year_directions"]),
        "relative_year": alt(d["relative_year_after_month"]),
        "earlier_later": alt(d["anaphoric_tmods"]),
        "relative_head": alt(d["relative_heads"]),
        "anaphoric_unit": alt(d["anaphoric_units"]) + r"(?![a-z])",
        "anaphoric_direction": alt(d["anaphoric_after_the"]),
        "anaphoric_that": alt(d["anaphoric_that"]),
        "anaphoric_offset": alt(d["anaphoric_offset_words"]),
    }


def _count_pieces(lx: Lexicon) -> dict[str, str]:
    d = lx.data
    return {
        "number": lx.number_re(),
        "vague_number": alt(d["vague_numbers"]),
        "unit": alt(d["units"]) + r"(?![a-z])",
        "approx": alt(d["approx_modifiers"]),
        "ago_word": alt(d["ago_after_count"]),
        "span_word": alt(d["duration_spans"]),
        "count_filler": alt(d["duration_fillers"]),
        "the_span_word": alt(d["duration_the_spans"]),
        "long_unit": alt(d["long_units"]),
        "rate_unit": alt(d["rate_units"]),
        "vague_context": alt(d["vague_plural_context"]),
        "vague_unit": alt(d["vague_plural_units"]),
        "vague_followed_unit": alt(d["vague_followed_units"]),
        "set_adverb": alt(d["set_adverbs"]),
        "frequency": alt(d["frequency_words"]),
        "set_quantifier": alt([*d["set_quantifiers"], *d["indefinite_articles"]]),
        "set_nth": alt(d["set_every_nth"]),
    }


def _clock_pieces(d: dict) -> dict[str, str]:
    return {
        "hour_word": alt([w for w in d["numbers"] if " " not in w and w not in d["indefinite_articles"]]),
        "clock_approx": alt(d["time_approx"]),
        "clock_day_part": alt([w for w in d["clock_parts_of_day"] if w in d["parts_of_day"]]),  # not "tonight"
        "time_of_day": alt(d["time_of_day_words"]),
        "clock_day": alt(d["clock_lead_days"]),
        "clock_word": alt(d["clock_words"]),
        "zone": alt(d["time_zones"], case_sensitive=True) + r"(?![A-Za-z])",
        "offset_zone": alt(d["offset_zone_names"], case_sensitive=True),
        "offset_zone_any_case": alt(d["offset_zone_names"]),
    }


def _year_pieces(lx: Lexicon) -> dict[str, str]:
    d = lx.data
    nw = d["number_words"]
    return {
        "quarter_word": alt(d["quarter_words"]),
        "half_word": alt(d["half_words"]),
        "bare_half_word": alt(d["bare_half_words"]),
        "fiscal": alt(d["fiscal_words"]) + "|" + alt(d["fiscal_abbreviations"], case_sensitive=True),
        "small_number": lx.small_number_re(),
        "ones": alt(nw["ones"]) + r"(?![a-z])",
        "tens": f"(?:(?:{alt(nw['tens'])})(?:[-\\s](?:{alt(nw['ones'])}))?|{alt(nw['teens'])})(?![a-z])",
        "year_century": alt(nw["year_centuries"]),
        "year_zero": alt(nw["year_zero"]),
        "year_thousand": alt(nw["year_thousands"]),
    }


def patterns(lx: Lexicon) -> dict[str, str]:
    """Every kind's pattern text (verbose), before the shared word-boundary prefix."""
    p = pieces(lx)
    d = lx.data
    out = {**_calendar_dates(p), **_relative_days(p, d), **_counts(p, d), **_years_and_parts(p, d),
           **_clock_time(p), **_references(p, d)}
    assert set(out) == set(KIND_ORDER)
    return out


# a day of the month after the month: "March 7", "Dec. 28th" (not "March 7:30", "May 3,000", "June 5-year")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d|,\d|\.\d|-[a-z])"
# a second day of the same month: "April 24 and 25", "June 5-9" (not "March 3 and 4 people")
_SECOND_DAY = r"""
    (?:\s* (?:-|–|\s+and|\s+or|\s+to|\s+through) \s*
       (?P<second_day>[0-3]?\d)(?:st|nd|rd|th)?
       (?!\d|:\d|\.\d|\s+(?!and\b|in\b|at\b|on\b|when\b|after\b|before\b)[a-z])   # no noun after it
    )?"""


def _calendar_dates(p: SimpleNamespace) -> dict[str, str]:
    """Dates that name their month: "Friday, March 7, 2019", "7 March", "the first of May", "3/12/2019"."""
    weekday_first = rf"(?:(?P<weekday>{p.weekday})\s*,?\s+)?"
    year_after = rf"(?:\s*,?\s*(?P<year>{p.year}))?"
    return {
        "date": rf"""
            {weekday_first}
            (?:(?P<range_mod>{p.range_mod})\s*)?
            (?P<month>{p.month})
            (?:\s+{_DAY}{_SECOND_DAY}                                       # March 7, March 7-9
              | \s+(?:the\s+)?(?P<day_word>{p.day_ordinal})(?![\w-])         # March third
            )?
            (?:\s*,?\s*(?P<year>{p.year})                                   # , 2019
              | \s+(?P<relative_year>{p.relative_year})(?![a-z])             # March last year
            )?""",
        "date_dmy": rf"""
            (?<![\d,.])
            {weekday_first}
            (?:the\s+)?
            (?:(?P<first_day>[0-3]?\d)(?:st|nd|rd|th)?                       # the first day of a range: 12-14 June
               (?:\s*[-–]\s*|\s+(?:and|to|or|through)\s+))?
            (?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?
            (?P<month>{p.month}){year_after}""",
        # spoken dates: "the first of May" ("March third" is a date above)
        "date_dmy_w": rf"{weekday_first}the\s+(?P<day_word>{p.day_ordinal})\s+of\s+(?P<month>{p.month}){year_after}",
        "numeric": r"""
            (?<![\d/.-])
            (?:(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)                  # 2019-03-12
              | (?P<slash>[01]?\d/[0-3]?\d/(?:\d{4}|\d{2}))            # 3/12/2019, 3/12/19
              | (?P<dots>[0-3]?\d\.[01]?\d\.(?:19|20)\d\d)             # 12.03.2019
            )(?![\d/])""",
        "weekof": rf"""
            the\s+week\s+of\s+(?P<month>{p.month})\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?
            (?:,?\s+(?P<year>{p.year}))?""",
        # "the last week of March", "the first week of June 2009"
        "week_nth": rf"the\s+(?P<nth>{p.ordinal}|{p.week_last})\s+week\s+of\s+(?P<month>{p.month}){year_after}",
        "dom": r"(?<=\bon\ )the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?![a-z])",  # "on the 21st"
        # "the 15th of this month", "the first of next month"
        "dom_month": rf"""
            the\s+(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)|(?P<day_word>{p.day_ordinal}))
            \s+of\s+(?P<relative_month>{p.month_direction})\s+month(?![a-z])""",
    }


def _relative_days(p: SimpleNamespace, d: dict) -> dict[str, str]:
    """Days and stretches named from the publication date or the discourse: "last Friday", "yesterday",
    "the day before", "Easter", "the year-earlier period"."""
    return {
        "rel": rf"""
            (?:(?P<range_mod>{p.range_mod})\s*)?
            (?:(?P<earlier_later>{p.earlier_later})\s+(?:in\s+)?)?     # earlier in the week
            (?P<direction>{p.direction})\s+
            (?:(?P<weekday>{p.weekday})
              | (?P<month>{p.month})(?:\s+{_DAY})?
              | (?P<season>{p.season})
              | (?P<holiday>{p.holiday})
              | (?P<head>{p.relative_head})(?![a-z])                    # last week, this year
              | (?P<head_day_part>{p.day_part})                          # last night
            )
            (?:\s+(?P<day_part>{p.day_part}))?""",
        "wd": rf"(?:(?P<range_mod>{p.day_mod})\s+)?(?P<weekday>{p.weekday})(?:\s+(?P<day_part>{p.day_part}))?",
        "deictic": rf"""
            (?:(?P<range_mod>{p.day_mod})\s+)?
            (?P<deictic>{p.deictic})(?![a-z])
            (?:\s+(?P<day_part>{p.day_part}))?""",
        "holiday": rf"""
            (?:(?P<direction>{p.holiday_direction})\s+)?
            (?P<holiday>{p.holiday})
            (?P<holiday_week>\s+week(?![a-z]))?                          # Easter week
            (?:\s*,?\s*(?P<year>{p.year})(?!\w))?""",
        "weekend": rf"the\s+{p.weekend}(?![a-z])",
        "anaph": rf"""
            (?:(?P<earlier_later>{p.earlier_later})\s+)?
            (?:the\s+(?P<direction>{p.anaphoric_direction})             # the next day, the same week
              | (?P<that>{p.anaphoric_that})                             # that day, that same week
            )\s+(?P<unit>{p.anaphoric_unit})
            | the\s+(?P<offset_unit>{p.anaphoric_unit})\s+              # the day before
              (?P<before_after>{p.anaphoric_offset})
              (?!\s+(?:{p.compound_deictic_end}))                       # not the day before yesterday""",
        # "it was a great day for Poland": the predicate names the day being told about
        "day_pred": rf"""
            (?:{alt(d['day_predicate_subjects'])})
            (?:['’]s|\s+(?:{alt(d['day_predicate_verbs'])}))
            \s+[\"“`']{{0,2}}(?:a|an)\s+(?:[a-z]+\s+){{0,2}}?(?P<day_noun>day)(?![\w'’-])""",
        # "the year-earlier period", "the year-ago quarter", "the same month last year": that part a year before
        "year_ago_part": rf"""
            the\s+(?:{alt(d['year_ago_adjectives'])})\s+(?P<part>{alt(d['year_ago_parts'])})(?![a-z])
            | the\s+(?:{alt(d['same_part_words'])})\s+(?P<same_part>{alt(d['year_ago_parts'])})
              \s+(?:{alt(d['year_before_words'])})(?![a-z])""",
    }


def _counts(p: SimpleNamespace, d: dict) -> dict[str, str]:
    """Counted stretches and repetitions: "two years ago", "the past 20 years", "for weeks", "twice a month"."""
    count = rf"(?:{p.number}|{p.vague_number})"
    return {
        "ago": rf"""
            (?:(?P<approx>{p.approx})\s+)?
            (?:(?P<count>{count})\s+)?
            (?P<unit>{p.unit})(?P<half>\s+and\s+a\s+half)?
            \s+(?P<direction>{p.ago_word})(?![a-z])""",
        "dur": rf"""
            (?:(?:(?P<article>the)\s+)?(?P<span>{p.span_word})\s+)?         # the past ...
            (?:(?P<approx>{p.approx})\s+)?
            (?P<count>{count})(?:\s+|-)
            (?:{p.count_filler}\s+)?                                        # straight, consecutive
            (?P<unit>{p.unit})(?P<half>\s+and\s+a\s+half)?
            (?P<old>-old|\s+old)?(?:-long)?""",
        "dur_the": rf"the\s+(?P<span>{p.the_span_word})\s+(?P<unit>{p.unit})",
        "vague": rf"""
            (?P<context_word>{p.vague_context})\s+(?P<unit>{p.vague_unit})(?![a-z])     # for weeks
            | the\s+(?P<followed_unit>{p.vague_followed_unit})
              (?=\s+{alt(d['vague_span_after'])}(?![a-z]))                              # the years that followed""",
        "long": rf"(?P<unit>{p.long_unit})-long(?![a-z])",
        "set": rf"""
            (?:(?P<adverb_frequency>{p.frequency}|{p.number}\s+times)\s+)?
            (?P<adverb>{p.set_adverb})(?![a-z])                              # twice monthly
            | (?:(?P<frequency>{p.frequency}|{count}\s+times)\s+)?
              (?P<quantifier>{p.set_quantifier})\s+                          # every, each, a
              (?:(?P<other>other)\s+
                | (?P<nth>{p.set_nth})\s+(?={p.weekday}|{p.unit}|{p.month})
                | (?P<count>{count})\s+
              )?
              (?:(?P<weekday>{p.weekday})|(?P<day_part>{p.day_part})|(?P<unit>{p.unit})
                |(?P<month>{p.month})|(?P<season>{p.season}))
            | (?<=\bon\s)(?P<plural_weekday>{p.plural_weekday})(?![A-Za-z])   # on Sundays
            | on\s+an?\s+(?P<basis>{alt(d['set_basis'])})\s+basis(?![a-z])""",
        "rate": rf"""
            (?P<rate_count>{p.number})\s+(?P<rate_unit>{p.unit})
            \s+(?:a|an|per)\s+(?P<per_unit>{p.rate_unit})(?![a-z])""",
    }


def _years_and_parts(p: SimpleNamespace, d: dict) -> dict[str, str]:
    """Years, decades, centuries and the parts of a year: "fiscal 2020", "the '70s", "the third quarter"."""
    range_mod = rf"(?:(?P<range_mod>{p.range_mod})\s*)?"
    year_direction = rf"(?P<relative_year>{p.part_year_direction})\s+year"
    return {
        "year": rf"""
            {range_mod}
            (?:(?P<fiscal>{p.fiscal})\s*|(?<![\w$,./]))
            (?P<year>{p.year})(?![\w%]|,\d|\.\d)""",
        # a year said in words: "nineteen ninety-six", "twenty ten", "nineteen oh five", "two thousand and one"
        "year_words": rf"""
            (?P<year_words>
              (?:{p.year_century})[\s-]+
              (?:hundred(?:\s+(?:and\s+)?{p.small_number})?
                | (?:{p.year_zero})[\s-]+{p.ones}
                | {p.tens})
              | {p.year_thousand}(?:\s+(?:and\s+)?{p.small_number})?
            )(?![\w-])""",
        "decade": rf"""
            {range_mod}
            (?:(?P<century_digits>1[0-9]|20)(?P<decade_digit>\d)0       # the 1990s
              | ['’](?P<apostrophe_decade>\d)0                            # the '70s
            )['’]?s(?![\w])
            | the\s+(?:(?P<decade_mod>{p.decade_mod})[\s-]*)?
              (?P<bare_decade>[1-9])0['’]?s(?![\w'’])                     # the 70s""",
        "decade_word": rf"""
            {range_mod}
            the\s+(?:(?P<decade_mod>{p.decade_mod})[\s-]*)?
            (?:(?P<century_word>{p.year_century})[\s-]+)?
            (?P<decade_word>{alt(d['decade_words'])})(?![a-z])""",
        "short_year": r"['’](?P<two_digits>\d\d)(?![\w'’]|\s*-\s*\d)",  # '82
        "century": rf"""
            {range_mod}(?:the\s+)?
            (?P<ordinal>\d{{1,2}}(?:st|nd|rd|th)|{p.ordinal})(?:\s+|-)century(?![a-z])""",
        "season": rf"{range_mod}(?P<season>{p.season})(?:\s+(?:of\s+)?(?P<year>{p.year})(?!\w))?",
        "quarter": rf"""
            (?:the\s+)?
            (?:(?P<quarter_ordinal>{p.quarter_word})|(?P<quarter_month>{p.month}))   # third, September
            (?:\s+|-)(?:fiscal\s+|calendar\s+)?quarter(?![a-z]|-final)
            (?:\s+of\s+(?:fiscal\s+|the\s+fiscal\s+year\s+|the\s+year\s+)?(?P<year>{p.year})
              | \s+of\s+(?:the\s+)?{year_direction}
              | \s+of\s+the\s+year
            )?
            | (?-i:Q(?P<quarter_code>[1-4]))(?:\s+(?P<code_year>{p.year}))?(?!\w)     # Q3 2009""",
        "half": rf"""
            (?:the\s+)?(?P<half_ordinal>{p.half_word})\s+half\s+of\s+
            (?:(?P<year>{p.year})|(?:the\s+)?{year_direction}|the\s+year)
            | (?-i:H(?P<half_code>[12]))\s+(?P<code_year>{p.year})                     # H1 2009
            | the\s+(?P<bare_half>{p.bare_half_word})\s+half(?![\w-]|\s+of\b)          # the second half""",
        # "at year end", "by year-end 1990": the end of the year the tense points to
        "year_end": rf"(?:the\s+)?year(?:\s+|-)end(?![a-z])(?:\s+(?P<year>{p.year}))?",
        # "net income for the quarter": in a business story, the quarter it reports on
        "quarter_bare": r"the\s+quarter(?![\w-])(?!\s+of\b)",
    }


def _clock_time(p: SimpleNamespace) -> dict[str, str]:
    """Clock times, with the day before or after them and their zone: "Tuesday at 9 a.m.", "3:45 p.m. EST",
    "0745 GMT", "noon", "eight o'clock tonight", "9 a.m. local time (GMT +8)"."""
    offset = r"[+-−]\s*\d{1,2}(?::?[0-5]\d)?"
    return {
        "time": rf"""
            (?:(?P<leading_day>{p.weekday}|{p.clock_day})                    # Tuesday at ..., yesterday at ...
               (?:\s+(?P<leading_day_part>{p.time_of_day}))?,?\s+at\s+)?
            (?:(?P<approx>{p.clock_approx})\s+)?
            (?:(?P<spoken_hour>[01]?\d|2[0-3]|{p.hour_word})                 # three in the afternoon
               (?::(?P<spoken_minute>[0-5]\d))?(?:\s+o'clock)?
               \s+(?:in\s+the\s+(?P<clock_day_part>{p.clock_day_part})|at\s+(?P<at_night>night))(?![a-z])
              | (?P<ampm_hour>[01]?\d|2[0-3])(?:[:.](?P<ampm_minute>[0-5]\d))?   # 3:30 p.m.
                \s*(?P<ampm>[ap]\.?\s?m\b\.?)
              | (?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)(?![\d:])       # 16:15
              | (?P<hhmm_hour>[01]\d|2[0-3])(?P<hhmm_minute>[0-5]\d)            # 0745 GMT
                (?=\s+(?-i:{p.offset_zone})\b|\s+local\s+time\b)
              | (?P<clock_word>{p.clock_word})(?![a-z])                         # noon
              | (?P<oclock_hour>{p.hour_word}|\d{{1,2}})\s+o'clock             # eight o'clock
            )
            (?:\s+(?P<zone>{p.zone})(?:\s*(?P<zone_offset>{offset})(?!\d))?)?  # EST, GMT+8
            (?:\s*\(\s*(?:{p.offset_zone_any_case})\s*(?P<bracket_offset>{offset})\s*\))?   # (GMT +8)
            (?:\s*,?\s+(?:on\s+)?                                              # ... Tuesday, ... on Tuesday night
               (?P<trailing_day>{p.weekday}(?!\s*,?\s*{p.month})|{p.deictic_day})
               (?:\s+(?P<trailing_day_part>{p.time_of_day})(?![a-z]))?
            )?""",
    }


def _references(p: SimpleNamespace, d: dict) -> dict[str, str]:
    """Words that refer to the present, past or future: "now", "recently", "soon", "their future", "current"."""
    return {
        "ref_adv": rf"(?P<adverb>{alt(d['future_adverbs'])})(?![\w'’-])",
        "ref": rf"(?P<ref>{p.ref})(?![a-z-])",
        "future": rf"(?:[A-Za-z]+['’]s|{alt(d['future_possessors'])})\s+(?P<ref>future)(?![a-z-])",
        "ref_adj": rf"(?P<adjective>{alt(d['ref_adjectives'])})(?=\s+[a-z])",
    }

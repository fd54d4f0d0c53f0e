"""Detection: a few compiled regular expressions, built from the language resources, find candidate spans.

Each pattern is linear (alternations of literals, bounded repeats, no nested quantifiers), so scanning is
linear in the text. Candidates are then filtered with cheap context checks and the longest-leftmost
non-overlapping ones kept; resolution (values) happens in `normalize`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.temporal.lexicon import Lexicon, alt, lexicon


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    kind: str
    groups: dict
    priority: int = 0
    match: re.Match | None = None


_WORD_BEFORE = re.compile(r"([\w'.$-]+)[\s,]*$")
_WORDS_BEFORE = re.compile(r"([\w'$.-]+)\s+([\w'$.-]+)\s*$")


def _prev_word(text: str, pos: int) -> str:
    m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    return m.group(1) if m else ""


def _prev_two(text: str, pos: int) -> str:
    m = _WORDS_BEFORE.search(text, max(0, pos - 40), pos)
    return f"{m.group(1)} {m.group(2)}" if m else ""


_NEXT_WORD = re.compile(r"[ \t]*([\w'%$.-]+)")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos, min(len(text), pos + 40))
    return m.group(1) if m else ""


class Grammar:
    """The compiled patterns of one language."""

    def __init__(self, lx: Lexicon):
        self.lx = lx
        d = lx.data
        MON = lx.month_re() + r"(?![a-z])"
        WD = lx.weekday_re() + r"(?![A-Za-z])"
        NUM = lx.number_re()
        VAGUE = alt(d["vague_numbers"])
        UNIT = alt(d["units"]) + r"(?![a-z])"
        YEAR = r"(?:1[5-9]\d\d|20\d\d)(?![\d])"
        RMOD = alt(d["range_modifiers"])
        APPROX = alt(d["approx_modifiers"])
        POD = alt(d["parts_of_day"]) + r"(?![a-z])"
        SEASON = alt(d["seasons"]) + r"(?![a-z])"
        DIR = "(?:this\\s+past|this\\s+coming|the|" + alt(d["relative_direction"])[3:]
        TZ = alt(d["time_zones"], case_sensitive=True) + r"(?![A-Za-z])"
        HOL = alt(d["holidays"], case_sensitive=True) + r"(?![a-z])"
        HEADS = alt(d["relative_heads"])
        QW = alt(d["quarter_words"])
        ORDW = alt(d["ordinals"])
        NUMW = alt([w for w in d["numbers"] if " " not in w and w not in ("a", "an")])
        TAPPROX = alt(d["time_approx"])
        CLOCKPOD = alt([w for w in d["clock_parts_of_day"] if w in d["parts_of_day"]])  # "in the afternoon", not "tonight"
        REFS = alt(d["refs"])
        SETADV = alt(d["set_adverbs"])
        FREQ = alt(d["frequency_words"])
        SETQ = alt(d["set_quantifiers"])
        AUNITS = alt(d["anaphoric_units"]) + r"(?![a-z])"
        VPC = alt(d["vague_plural_context"])
        RYEAR = alt(d["relative_year_after_month"])
        DAYMOD = alt(d["day_modifiers"])
        DECMOD = r"(?:early|mid|late)"
        DAYW = alt([w for w, n in d["ordinals"].items() if 1 <= n <= 31])
        WDP = alt([n + "s" for n in d["weekdays"]] + ["weekends"], case_sensitive=True)
        nw = d["number_words"]
        SMALL = lx.small_number_re()
        ONES = alt(nw["ones"]) + r"(?![a-z])"
        TENS10 = f"(?:(?:{alt(nw['tens'])})(?:[-\\s](?:{alt(nw['ones'])}))?|{alt(nw['teens'])})(?![a-z])"
        YC, YZERO, YTH = alt(nw["year_centuries"]), alt(nw["year_zero"]), alt(nw["year_thousands"])
        # a second day of the same month: "April 24 and 25", "June 5-9" (not "March 3 and 4 people")
        DAY2 = r"(?:\s*(?:-|–|\s+and|\s+or|\s+to|\s+through)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d|\.\d|\s+(?!and\b|in\b|at\b|on\b|when\b|after\b|before\b)[a-z]))?"
        DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d|,\d|\.\d|-[a-z])"
        pats = [
            ("date", rf"(?:(?P<wd>{WD})\s*,?\s+)?(?:(?P<rmod>{RMOD})\s*)?(?P<mon>{MON})(?:\s+{DAY}{DAY2}|\s+(?:the\s+)?(?P<dayw>{DAYW})(?![\w-]))?(?:\s*,?\s*(?P<year>{YEAR})|\s+(?P<ryear>{RYEAR})(?![a-z]))?"),
            ("date_dmy", rf"(?<![\d,.])(?:(?P<wd>{WD})\s*,?\s+)?(?:the\s+)?(?:(?P<day1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-–]\s*|\s+(?:and|to|or|through)\s+))?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MON})(?:\s*,?\s*(?P<year>{YEAR}))?"),
            # spoken dates: "the first of May", "March third" (above)
            ("date_dmy_w", rf"(?:(?P<wd>{WD})\s*,?\s+)?the\s+(?P<dayw>{DAYW})\s+of\s+(?P<mon>{MON})(?:\s*,?\s*(?P<year>{YEAR}))?"),
            ("numeric", r"(?<![\d/.-])(?:(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)|(?P<slash>[01]?\d/[0-3]?\d/(?:\d{4}|\d{2}))|(?P<dots>[0-3]?\d\.[01]?\d\.(?:19|20)\d\d))(?![\d/])"),
            ("rel", rf"(?:(?P<rmod>{RMOD})\s*)?(?:(?P<tmod>earlier|later)\s+(?:in\s+)?)?(?P<dir>{DIR})\s+(?:(?P<wd>{WD})|(?P<mon>{MON})(?:\s+{DAY})?|(?P<season>{SEASON})|(?P<hol>{HOL})|(?P<head>{HEADS})(?![a-z])|(?P<pod0>{POD}))(?:\s+(?P<pod>{POD}))?"),
            ("wd", rf"(?:(?P<rmod>{DAYMOD})\s+)?(?P<wd>{WD})(?:\s+(?P<pod>{POD}))?"),
            ("deictic", rf"(?:(?P<rmod>{DAYMOD})\s+)?(?P<deic>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight)(?![a-z])(?:\s+(?P<pod>{POD}))?"),
            ("ago", rf"(?:(?P<approx>{APPROX})\s+)?(?:(?P<num>{NUM}|{VAGUE})\s+)?(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?\s+(?P<dir>ago|earlier|later|from\s+now|hence)(?![a-z])"),
            ("dur", rf"(?:(?:(?P<the>the)\s+)?(?P<span>past|last|next|coming|first|previous|final|remaining|following|preceding)\s+)?(?:(?P<approx>{APPROX})\s+)?(?P<num>{NUM}|{VAGUE})(?:\s+|-)(?:(?:more|additional|straight|consecutive|full|long|whole)\s+)?(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?P<old>-old|\s+old)?(?:-long)?"),
            ("dur_the", rf"the\s+(?P<span>past|last|coming)\s+(?P<unit>{UNIT})"),
            ("vague", rf"(?P<ctx>{VPC})\s+(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes)(?![a-z])"
                      rf"|the\s+(?P<unit3>years|months|weeks|days|decades)(?=\s+{alt(d['vague_span_after'])}(?![a-z]))"),
            ("ref_adv", rf"(?P<adv>{alt(d['future_adverbs'])})(?![\w'’-])"),
            ("long", r"(?P<unit>year|month|week|day|hour|minute|decade|century|years|months|weeks|days|hours|decades|centuries)-long(?![a-z])"),
            ("year", rf"(?:(?P<rmod>{RMOD})\s*)?(?:(?P<fy>fiscal\s+year|fiscal|financial\s+year|(?-i:FY))\s*|(?<![\w$,./]))(?P<year>{YEAR})(?![\w%]|,\d|\.\d)"),
            # a year said in words: "nineteen ninety-six", "twenty ten", "nineteen oh five", "two thousand and one"
            ("year_words", rf"(?P<yw>(?:{YC})[\s-]+(?:hundred(?:\s+(?:and\s+)?{SMALL})?|(?:{YZERO})[\s-]+{ONES}|{TENS10})"
                           rf"|{YTH}(?:\s+(?:and\s+)?{SMALL})?)(?![\w-])"),
            ("decade", rf"(?:(?P<rmod>{RMOD})\s*)?(?:(?P<cent>1[0-9]|20)(?P<dec>\d)0|['’](?P<dec2>\d)0)['’]?s(?![\w])"
                       rf"|the\s+(?:(?P<rmod2>{DECMOD})[\s-]*)?(?P<dec3>[1-9])0['’]?s(?![\w'’])"),
            ("decade_word", rf"(?:(?P<rmod>{RMOD})\s*)?the\s+(?:(?P<rmod2>{DECMOD})[\s-]*)?(?:(?P<dcent>{YC})[\s-]+)?(?P<word>{alt(d['decade_words'])})(?![a-z])"),
            ("short_year", r"['’](?P<yy>\d\d)(?![\w'’]|\s*-\s*\d)"),
            ("century", rf"(?:(?P<rmod>{RMOD})\s*)?(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{ORDW})(?:\s+|-)century(?![a-z])"),
            ("season", rf"(?:(?P<rmod>{RMOD})\s*)?(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<year>{YEAR})(?!\w))?"),
            ("quarter", rf"(?:the\s+)?(?:(?P<q>{QW})|(?P<qmon>{MON}))(?:\s+|-)(?:fiscal\s+|calendar\s+)?quarter(?![a-z]|-final)(?:\s+of\s+(?:fiscal\s+|the\s+fiscal\s+year\s+|the\s+year\s+)?(?P<year>{YEAR})|\s+of\s+(?:the\s+)?(?P<rel>this|last|next|current|previous)\s+year|\s+of\s+the\s+year)?|(?-i:Q(?P<q2>[1-4]))(?:\s+(?P<year2>{YEAR}))?(?!\w)"),
            ("half", rf"(?:the\s+)?(?P<h>first|second|1st|2nd)\s+half\s+of\s+(?:(?P<year>{YEAR})|(?:the\s+)?(?P<rel>this|last|next|current|previous)\s+year|the\s+year)|(?-i:H(?P<h2>[12]))\s+(?P<year2>{YEAR})"
                     r"|the\s+(?P<hb>first|second)\s+half(?![\w-]|\s+of\b)"),
            # "the last week of March", "the first week of June 2009"
            ("week_nth", rf"the\s+(?P<nth>{ORDW}|final)\s+week\s+of\s+(?P<mon>{MON})(?:\s*,?\s*(?P<year>{YEAR}))?"),
            # "the year-earlier period", "the year-ago quarter": the same part of the year before
            ("year_ago_part", rf"the\s+(?:{alt(d['year_ago_adjectives'])})\s+(?P<per>{alt(d['year_ago_parts'])})(?![a-z])"
                              rf"|the\s+(?:{alt(d['same_part_words'])})\s+(?P<per2>{alt(d['year_ago_parts'])})\s+(?:{alt(d['year_before_words'])})(?![a-z])"),
            ("time", rf"(?:(?P<dayb>{WD}|today|yesterday|tomorrow)(?:\s+(?P<podb>morning|afternoon|evening|night))?,?\s+at\s+)?(?:(?P<approx>{TAPPROX})\s+)?(?:(?P<hp>[01]?\d|2[0-3]|{NUMW})(?::(?P<mp>[0-5]\d))?(?:\s+o'clock)?\s+(?:in\s+the\s+(?P<pod>{CLOCKPOD})|at\s+(?P<pod2>night))(?![a-z])|(?P<hh>[01]?\d|2[0-3])(?:[:.](?P<mm>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:])|(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d)(?=\s+(?-i:GMT|UTC)\b|\s+local\s+time\b)|(?P<cw>noon|midday|midnight)(?![a-z])|(?P<hw>{NUMW}|\d{{1,2}})\s+o'clock)(?:\s+(?P<tz>{TZ})(?:\s*(?P<off>[+-−]\s*\d{{1,2}}(?::?[0-5]\d)?)(?!\d))?)?(?:\s*\(\s*(?:GMT|UTC)\s*(?P<off2>[+-−]\s*\d{{1,2}}(?::?[0-5]\d)?)\s*\))?(?:\s*,?\s+(?:on\s+)?(?P<dayw>{WD}(?!\s*,?\s*{MON})|today|yesterday|tomorrow|tonight)(?:\s+(?P<podw>morning|afternoon|evening|night)(?![a-z]))?)?"),
            ("anaph", rf"(?:(?P<tmod>earlier|later)\s+)?(?:the\s+(?P<dir>next|following|previous|preceding|prior|same|very\s+same)|(?P<that>that(?:\s+same)?))\s+(?P<unit>{AUNITS})|the\s+(?P<unit2>{AUNITS})\s+(?P<ba>before|after|earlier|later)(?!\s+(?:yesterday|tomorrow))"),
            ("ref", rf"(?P<ref>{REFS})(?![a-z-])"),
            ("future", rf"(?:[A-Za-z]+['’]s|{alt(d['future_possessors'])})\s+(?P<ref>future)(?![a-z-])"),
            ("ref_adj", rf"(?P<adj>{alt(d['ref_adjectives'])})(?=\s+[a-z])"),
            ("set", rf"(?:(?P<afreq>{FREQ}|{NUM}\s+times)\s+)?(?P<adv>{SETADV})(?![a-z])|(?:(?P<freq>{FREQ}|(?:{NUM}|{VAGUE})\s+times)\s+)?(?P<q>{SETQ}|a|an)\s+(?:(?P<other>other)\s+|(?P<ordn>second|third|fourth|fifth|sixth|tenth)\s+(?={WD}|{UNIT}|{MON})|(?P<n>{NUM}|{VAGUE})\s+)?(?:(?P<wd>{WD})|(?P<pod>{POD})|(?P<unit>{UNIT})|(?P<mon>{MON})|(?P<season>{SEASON}))"
                    rf"|(?<=\bon\s)(?P<wdp>{WDP})(?![A-Za-z])"
                    rf"|on\s+an?\s+(?P<basis>{alt(d['set_basis'])})\s+basis(?![a-z])"),
            ("rate", rf"(?P<n2>{NUM})\s+(?P<unit2>{UNIT})\s+(?:a|an|per)\s+(?P<unit3>day|week|month|year)(?![a-z])"),
            ("holiday", rf"(?:(?P<dir>last|this|next|coming|past)\s+)?(?P<hol>{HOL})(?P<hweek>\s+week(?![a-z]))?(?:\s*,?\s*(?P<year>{YEAR})(?!\w))?"),
            ("weekof", rf"the\s+week\s+of\s+(?P<mon>{MON})\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>{YEAR}))?"),
            # "it was a great day for Poland": the predicate names the day being told about
            ("day_pred", rf"(?:{alt(d['day_predicate_subjects'])})(?:['’]s|\s+(?:{alt(d['day_predicate_verbs'])}))\s+[\"“`']{{0,2}}(?:a|an)\s+(?:[a-z]+\s+){{0,2}}?(?P<dayw>day)(?![\w'’-])"),
            ("weekend", r"the\s+weekend(?![a-z])"),
            # "at year end", "by year-end 1990": the end of the year the tense points to
            ("year_end", rf"(?:the\s+)?year(?:\s+|-)end(?![a-z])(?:\s+(?P<year>{YEAR}))?"),
            ("dom", r"(?<=\bon )the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?![a-z])"),
            # "net income for the quarter": in a business story, the quarter it reports on
            ("quarter_bare", r"the\s+quarter(?![\w-])(?!\s+of\b)"),
            # "the 15th of this month", "the first of next month"
            ("dom_month", rf"the\s+(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)|(?P<dayw>{DAYW}))\s+of\s+(?P<rel>{alt(d['relative_direction'])})\s+month(?![a-z])"),
        ]
        self.patterns = [(kind, re.compile(r"(?<![\w])" + p, re.IGNORECASE), i) for i, (kind, p) in enumerate(pats)]
        # Each pattern needs one of its trigger words (or a digit, "#"): only windows around them are scanned.
        def words(*keys):
            out = set()
            for key in keys:
                for w in d[key]:
                    out.update(x.rstrip(".") for x in re.split(r"[\s-]+", w.lower()) if x)
            return out

        months, units = words("months"), words("units")
        trig = {
            "date": months, "date_dmy": months, "date_dmy_w": months, "numeric": {"#"}, "weekof": {"week"},
            "rel": words("relative_direction") | {"earlier", "later"} | words("relative_heads"),
            "wd": words("weekdays"), "deictic": words("deictic_days"),
            "ago": {"ago", "earlier", "later", "now", "hence"}, "dur": units, "dur_the": units,
            "vague": units, "ref_adv": words("future_adverbs"), "long": {"long"}, "year": {"#"}, "year_words": set(d["number_words"]["year_centuries"]) | {"thousand"}, "decade": {"#"}, "short_year": {"#"}, "decade_word": words("decade_words"),
            "century": {"century"}, "season": words("seasons"), "quarter": {"quarter", "q1", "q2", "q3", "q4"},
            "half": {"half", "h1", "h2"}, "week_nth": {"week"}, "year_ago_part": {"earlier", "ago", "prior", "previous"} | words("same_part_words"), "time": {"#", "clock"} | words("clock_words"),
            "anaph": words("anaphoric_units"), "ref": words("refs") - set(d["ref_trigger_stopwords"]), "future": {"future"}, "ref_adj": words("ref_adjectives"),
            "set": words("set_adverbs", "set_quantifiers", "frequency_words") | {"times", "basis"} | {w + "s" for w in words("weekdays")} | {"weekends"},
            "rate": {"day", "week", "month", "year"},
            "holiday": words("holidays") - {"the", "of", "day", "s", "week"}, "weekend": {"weekend"}, "day_pred": {"day"}, "dom": {"#"}, "year_end": {"end"}, "dom_month": {"month"}, "quarter_bare": {"quarter"},
        }
        self.triggers = {k: frozenset(v) for k, v in trig.items()}
        self.all_triggers = frozenset().union(*trig.values())
        by_key: dict[str, list[tuple[str, int]]] = {}
        for kind, keys in self.triggers.items():
            for key in keys:
                by_key.setdefault(key, []).append((kind, _BEFORE_BY_KIND.get(kind, _BEFORE)))
        self.kinds_by_trigger = {k: tuple(v) for k, v in by_key.items()}
        self.weekday_name_re = re.compile(alt(lx.weekday_names), re.IGNORECASE)
        # "1600 Pennsylvania Avenue": a house number, not a year
        self.street_after = re.compile(r"\s+(?:[A-Z][a-z]+\s+){0,2}" + alt(d["street_words"], case_sensitive=True) + r"(?![a-z])")
        self.clock_negative = {w.lower() for w in d["clock_word_negative_before"]}
        self.season_context = {w.lower() for w in d["season_context_before"]}
        self.ordinal_block = {w.lower() for w in d["ordinal_day_block_after"]}
        self.ref_adj_blocked = {w.lower() for w in d["ref_adjective_blocked_after"]}
        self.year_words_context = {w.lower() for w in d["month_context_before"]} | {"year", "of", "in", "early", "late", "mid", "mid-"}
        self.half_context = frozenset(d["half_year_context"])
        self.decade_blocked_before = frozenset(d["decade_blocked_before"])
        self.decade_blocked_after = frozenset({"degrees", "percent", "mph", "fahrenheit", "f"})
        self.adv_blocked_before = frozenset(d["future_adverb_blocked_before"])
        self.adv_blocked_after = frozenset(d["future_adverb_blocked_after"])
        self.year_end_context = frozenset(d["year_end_context_before"])
        self.period_context = frozenset(d["period_context_before"])

    # ---- filters: cheap context checks that reject non-temporal readings ----
    def _keep(self, text: str, c: Candidate) -> bool:
        g, lx = c.groups, self.lx
        k = c.kind
        if k in ("date", "rel") and g.get("mon") and not g.get("day") and not g.get("year"):
            mon = g["mon"].rstrip(".").lower()
            prev = _prev_word(text, c.start)
            if k == "date" and not g.get("rmod") and not g.get("wd") and not g.get("ryear"):
                if len(mon) <= 4 and mon not in ("may", "june", "july") and not g["mon"].endswith("."):
                    return False  # "Jan Kavan": a bare abbreviation is a name
                if mon in lx.ambiguous_months or len(mon) <= 4 and mon not in ("june", "july"):
                    attributive = prev.lower() == "the" and _next_word(text, c.end)[:1].islower()
                    if prev.lower() not in lx.month_context and not attributive:  # "the March accession"
                        return False
                if prev[:1].isupper() and prev.lower() not in lx.month_context and prev.lower() != "the" \
                        and not _sentence_start(text, c.start) and mon in lx.ambiguous_months:
                    return False  # "Theresa May", "Steve March"
        if k in ("wd", "date", "rel", "time") and (g.get("wd") or g.get("dayw") or g.get("dayb")):
            s = max(0, c.start - 12)
            for m in self.weekday_name_re.finditer(text, s, min(len(text), c.end + 25)):
                if m.start() <= c.start < m.end() or c.start <= m.start() < c.end:
                    return False
            if k == "wd":
                nxt = _next_word(text, c.end)
                if _prev_word(text, c.start) in ("The", "the") and nxt[:1].isupper() and nxt.lower() not in lx.months:
                    return False  # "The Sunday Times", "the Monday Club"
        if k == "season" and not g.get("year"):
            if not g.get("rmod"):
                prev1 = _prev_word(text, c.start).lower()
                prev2 = _prev_two(text, c.start).lower()
                if prev2 not in self.season_context and prev1 not in self.season_context:
                    return False
                if prev1 == "the" and prev2 not in self.season_context:
                    return False
                if re.match(r"\s+of\b", text[c.end : c.end + 4]):
                    return False
            if _next_word(text, c.end)[:1].isupper() and g["season"][:1].isupper():
                return False  # "the Summer Olympics": a name
        if k == "year":
            prev = _prev_word(text, c.start)
            nxt = _next_word(text, c.end).lower().rstrip(".,;:")
            if not g.get("rmod") and not g.get("fy"):
                if prev in lx.year_negative_before or prev.endswith("$") or prev.lower() in ("about", "some", "nearly", "than", "approximately"):
                    return False
                if nxt in lx.year_negative_after:
                    return False
                if self.street_after.match(text, c.end) and prev.lower() not in lx.month_context:
                    return False
        if k == "quarter" and (g.get("q") or "").lower() in ("last", "final") and " of " not in c.match.group().lower():
            return False  # "the last quarter" alone is the one before this (a relative expression)
        if k == "half" and g.get("hb"):
            if _prev_word(text, c.start).lower() not in ("in", "for", "during", "over", "by"):
                return False  # "in the second half" (of the year the story is about); not "the first half-hour"
            near = {w.lower() for w in _TOKEN_WORDS.findall(text, max(0, c.start - 120), min(len(text), c.end + 120))}
            if not near & self.half_context:
                return False  # a match, a game or a film has halves too: only a business or economy story's year
        if k == "decade" and g.get("dec3"):
            before = {w.lower() for w in _TOKEN_WORDS.findall(text, max(0, c.start - 40), c.start)}
            if before & self.decade_blocked_before:
                return False  # "highs in the 70s"
        if k == "short_year" and _prev_word(text, c.start).lower() not in self.year_words_context:
            return False  # "in '82", "since '95"; not a quotation's numbers
        if k == "decade" and g.get("dec3") and _next_word(text, c.end).lower().rstrip(".,;:") in self.decade_blocked_after:
            return False  # "temperatures in the 70s and 80s degrees"
        if k == "year_words":
            prev = _prev_word(text, c.start).lower()
            nxt = _next_word(text, c.end)
            if prev not in self.year_words_context and prev.rstrip(".") not in lx.months:
                return False  # "nineteen ninety-six" is a year after "in", "since", "the year", a month ...
            if prev != "year" and nxt[:1].islower() and (nxt.lower().rstrip(".,;:") in lx.year_negative_after or " " not in g["yw"].strip()
                                      or g["yw"].lower().split()[-1] in ("thousand", "hundred")):
                return False  # "in two thousand cases"
        if k == "rel" and g["dir"].lower() == "the" and not ((g.get("rmod") or g.get("tmod")) and g.get("head")):
            return False  # "the year" is this year only in "the end of the year", "earlier in the week"
        if k == "rel" and (g.get("head") or "").lower() == "day" and not (g.get("tmod") and g["dir"].lower() == "the"):
            return False  # only "earlier/later in the day"
        if k == "anaph" and g.get("unit2") and _next_word(text, c.end).endswith("ing") and _next_word(text, c.end)[:1].islower():
            return False  # "later in the day before returning home": "before" heads a clause
        if k == "ref" and g["ref"] == "Now" and _sentence_start(text, c.start):
            return False  # "Now the alliance's mission is ...", "Now, he said, ...": a discourse marker
        if k == "ref_adv":
            if _prev_word(text, c.start).lower() in self.adv_blocked_before \
                    or _next_word(text, c.end).lower().rstrip(".,;:!?") in self.adv_blocked_after or text.startswith("-", c.end):
                return False
        if k == "dur":
            if g.get("old"):
                return False
            num = (g.get("num") or "").lower()
            unit = g["unit"].lower()
            if num in ("a", "an") and unit in ("second", "minute") and not g.get("approx"):
                return False  # "a second term", "a minute's silence" are rarely durations in news
            if unit in ("weekend", "weekends", "quarter", "quarters") and not g.get("span"):
                return False
        if k == "set" and g.get("adv") and _next_word(text, c.end)[:1].isupper():
            return False  # "the party daily Granma": a newspaper
        if k == "time" and g.get("cw") and _prev_word(text, c.start).lower() in self.clock_negative:
            return False  # "high noon"
        if k == "dur" and g["unit"][:1].isupper() and not _sentence_start(text, c.start):
            return False  # "60 Minutes": a title
        if k == "set" and g.get("q") and g["q"].lower() in ("a", "an") and not g.get("freq"):
            return False
        if k == "ref_adj" and _next_word(text, c.end).lower().rstrip(".,;:!?") in self.ref_adj_blocked:
            return False  # "a future in which", "the current account": a noun, or a fixed phrase
        if k == "quarter_bare":
            if _prev_word(text, c.start).lower() not in self.period_context:
                return False  # "for the quarter", "in the quarter"; not "the quarter's results" as a subject
            near = {w.lower() for w in _TOKEN_WORDS.findall(text, max(0, c.start - 120), c.start)}
            near |= {w.lower() for w in _TOKEN_WORDS.findall(text, c.end, min(len(text), c.end + 120))}
            if not (near - {"quarter", "quarters"}) & self.half_context:
                return False  # a game has quarters too: only a business or economy story's quarter
        if k == "year_end" and _prev_word(text, c.start).lower() not in self.year_end_context:
            return False  # "at year end", "by year-end"; not "year-end bonuses"
        if k == "dom":
            nxt = _next_word(text, c.end).lower()
            if nxt in self.ordinal_block:
                return False
        return True

    def windows(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Per pattern, merged text windows around its trigger words (a match spans at most BEFORE/AFTER chars around one)."""
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
        for kind, rx, prio in self.patterns:
            for a, b in wins[kind]:
                for m in rx.finditer(text, a, b):
                    if m.end() == m.start():
                        continue
                    c = Candidate(m.start(), m.end(), kind, m.groupdict(), prio, m)
                    if self._keep(text, c):
                        cands.append(c)
        cands.sort(key=lambda c: (c.start, -(c.end - c.start), c.priority))
        out: list[Candidate] = []
        last_end = -1
        for c in cands:
            if c.start >= last_end:
                out.append(c)
                last_end = c.end
        return out


_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_TOKEN_WORDS = re.compile(r"[A-Za-z]+|%")
_BEFORE, _AFTER = 70, 45
# how far before its trigger a match of each kind can start ("the beginning of fiscal year 2019": 33 chars)
_BEFORE_BY_KIND = {"short_year": 3, "date_dmy_w": 45, "year_words": 12, "ref_adv": 2, "week_nth": 20, "year_ago_part": 20, "day_pred": 45, "set": 40, "rate": 40, "time": 30, "numeric": 4, "year": 40, "decade": 25, "dom": 12, "holiday": 20, "year_end": 14, "dom_month": 40, "quarter_bare": 5}

_SENT_END = re.compile(r"(?:[.!?]['\"”’)]*\s+|\n\s*|^\s*)$")


def _sentence_start(text: str, pos: int) -> bool:
    return bool(_SENT_END.search(text, max(0, pos - 6), pos))


@lru_cache(maxsize=8)
def grammar(language: str = "en") -> Grammar:
    return Grammar(lexicon(language))

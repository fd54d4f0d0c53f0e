"""Tense of the governing verb near a position: from Penn POS hints when given, else from word lists.

The signal is the nearest tensed verb group in the same sentence: past (VBD, have + VBN), future
(will/shall + verb, "going to", "expected/scheduled ... to"), present (VBZ/VBP); None when unknown.
"""

from __future__ import annotations

import bisect
import re

from app.temporal.lexicon import Lexicon
from app.temporal.timex import Hints

PAST, PRESENT, FUTURE = "past", "present", "future"
NEAR = "near"  # a plan reported in the past ("planned a rally on Saturday"): the nearest reading, either side
# "to" and a verb right after an expression: the expression stands between a verb and what it plans
_INFINITIVE_AFTER = re.compile(r",?\s+to\s+[a-z]")

_SENTENCE_END_WORDS = (".", "!", "?", ";")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'[a-z]+|[.!?;]")
_CLAUSE_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'[a-z]+|[.!?;,]")
_BOUNDARY = re.compile(r"([.!?])['\"”’)]*\s+(?=['\"“‘(`]*[A-Z0-9])|\n\s*\n")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")


_LINE_END = re.compile(r"[^\S\n]*\n(?:[^\S\n]*\n)*(?=[^\S\n]*['\"“‘(`]*[A-Z0-9])")  # blank lines may follow
_WRAPPED = re.compile(r"[a-z,]\n[^\S\n]*[a-z]")
_BODY_END = frozenset(".!?\"”’)")
_FINAL = frozenset(".!?:;,'\"”’)-–—_")


def line_breaks(text: str) -> list[int]:
    """Where a line without final punctuation ends before a line starting a sentence: a headline, a title or
    a dateline over its body ("Germany bans Huawei\nBerlin announced ..."). None in hard-wrapped text, whose
    lines break mid-sentence."""
    if "\n" not in text or len(_WRAPPED.findall(text, 0, 20000)) >= 2:
        return []
    out = []
    for m in _LINE_END.finditer(text):
        a = m.start()
        if a == 0 or text[a - 1] == "\n" or text[a - 1] in _FINAL:
            continue
        nl = text.find("\n", m.end())
        body = text[m.end():nl if nl >= 0 else len(text)].rstrip()
        if body and body[-1] in _BODY_END:  # the next line is whole sentences: the body under a headline
            out.append(m.end())
    return out


def _blank_run(text: str, pos: int) -> int:
    """How many blank characters run from pos (within a short look-ahead)."""
    ahead = text[pos:pos + 80]
    return len(ahead) - len(ahead.lstrip())


def _split_at(sentences: list[tuple[int, int]], breaks: list[int]) -> list[tuple[int, int]]:
    if not breaks:
        return sentences
    out = []
    for s, e in sentences:
        inner = [b for b in breaks[bisect.bisect_right(breaks, s):bisect.bisect_left(breaks, e)]]
        for b in inner:
            out.append((s, b))
            s = b
        out.append((s, e))
    return out


def split_sentences(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of sentences: a period, ! or ? before a capital, or a blank line; not after an abbreviation
    ("Dr.", "U.S.") or an initial ("James C. Kopp")."""
    out, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if m.group(1) == ".":
            w = _LAST_WORD.search(text, max(0, m.start() - 12), m.start())
            if w and (w.group(1) in abbreviations or len(w.group(1)) == 1 and w.group(1).isupper()):
                continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out or [(0, len(text))]


class TenseFinder:
    """Answers tense_at(pos) for one text."""

    def __init__(self, text: str, hints: Hints | None, lx: Lexicon):
        self.lx = lx
        t = lx.tense
        self.future_modals = t["future_modals"]
        self.future_markers = t["future_markers"]
        self.have = t["have_forms"]
        self.be_present = t["be_present"]
        self.past_aux = t["past_auxiliaries"]
        self.present_aux = t["present_auxiliaries"]
        self.irregular_past = t["irregular_past"]
        self.weak_future = t["weak_future_modals"]
        self.past_be = t["past_be"]
        self.past_be_have = t["past_be"] | t["past_have"]
        self.be_passive = self.be_present | t["be_bare"]
        self.do_forms = t["do_present"]
        self.future_contractions = t["future_contractions"]
        self.say_present = t["say_present"]
        self.determiners = t["determiners"]
        self.future_cues = lx.data["future_cues_before"]
        self.nearest_cues = lx.data["nearest_cues_before"]
        self.deferral = frozenset(lx.data["deferral_words"])
        self.deferral_phrases = frozenset(lx.data["deferral_phrases"])
        self.deadline_holders = frozenset(lx.data["deadline_holders_before"])
        self.past_cues = lx.data["past_cues_before"]
        self.deferral_cues = lx.data["deferral_cues_before"]
        self.infinitives: list[int] = []  # where "to" + a bare verb starts ("Talks to resume Tuesday")
        if hints is not None and hints.tokens:
            signals = self._from_tags(text, hints.tokens)
        else:
            signals = self._from_words(text)
        self.abbreviations = lx.abbreviations
        self.sentences = self._sentences(text, hints)
        self.sent_starts = [s for s, _ in self.sentences]
        signals.sort()
        self.sig_pos = [p for p, _ in signals]
        self.sig = signals

    def _sentences(self, text: str, hints: Hints | None) -> list[tuple[int, int]]:
        if hints is not None and hints.sentences:
            sents = sorted(hints.sentences)
        else:
            sents = split_sentences(text, self.abbreviations)
        breaks = line_breaks(text)
        out = _split_at(sents, breaks)
        # a sentence ending at a break, or before the blank that runs to one, is a headline-like line
        starts = frozenset(breaks)
        self.headlines = starts | {e for _, e in out if e + _blank_run(text, e) in starts}
        return out

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        if i < 0:
            return (0, 0)
        return self.sentences[i]

    def _from_tags(self, text: str, tokens) -> list[tuple[int, str]]:
        """(position, tense) of each verb whose Penn tag and verb group tell a tense."""
        out: list[tuple[int, str]] = []
        words = [text[s:e].lower() for s, e, _ in tokens]
        tags = [tag for _, _, tag in tokens]
        n = len(tokens)
        for i in range(n):
            tag = tags[i]
            if words[i] == "to" and i + 1 < n and tags[i + 1] == "VB":
                self.infinitives.append(tokens[i][0])
            if not tag or tag[0] not in "VM":
                continue
            tense = self._tagged_tense(i, words, tags)
            if tense:
                out.append((tokens[i][0], tense))
        return out

    def _tagged_tense(self, i: int, words: list[str], tags: list[str]) -> str | None:
        """The tense of the verb (or modal) at token i, from its tag and the words of its group before it."""
        tag, w = tags[i], words[i]
        lo = max(0, i - 3)
        for k in range(i - 1, lo - 1, -1):  # the verb group stops at a sentence's end and at a possessive
            if tags[k] in (".", "POS"):
                lo = k + 1
                break
        back = words[lo:i]
        if tag == "MD":
            return FUTURE if w in self.future_modals or w in self.weak_future else None
        planned = tag in ("VBZ", "VBP", "VBG") or tag == "VBN" and self._any(back, self.be_present)
        if w in self.future_markers and planned and not self._any(back, self.past_be_have):
            return FUTURE  # "is scheduled", "plans", "hoping"
        if tag == "VBD":
            return NEAR if w in self.future_markers and w not in self.irregular_past else PAST
        if tag == "VBN":
            return self._participle_tense(w, back, tags[lo:i])
        if tag in ("VBZ", "VBP"):
            auxiliary = w in self.have or w in self.be_present or w in self.do_forms
            if auxiliary and any(x in ("VBN", "VBG", "VB") for x in tags[i + 1 : i + 3]):
                return None  # an auxiliary: the verb after it decides
            return PRESENT
        if tag == "VBG":
            return self._gerund_tense(i, words, back)
        if tag == "VB" and (self._any(back, self.future_modals) or ("going" in back and "to" in back)
                            or "to" in back and self._any(words[max(0, i - 5) : i], self.future_markers)):
            return FUTURE
        return None

    def _gerund_tense(self, i: int, words: list[str], back: list[str]) -> str | None:
        """A present participle: "going to", "is meeting", "was meeting"."""
        if words[i] == "going" and i + 1 < len(words) and words[i + 1] == "to":
            return FUTURE
        if self._any(back, self.be_present):
            return PRESENT
        return PAST if self._any(back, self.past_be) else None

    def _participle_tense(self, w: str, back: list[str], back_tags: list[str]) -> str | None:
        """A past participle: "has scheduled" (a plan: future), "had left", "was arrested", "is expected", or a
        reduced relative ("the injunction issued Thursday")."""
        if self._any(back, self.have):
            if w in self.future_markers:
                return FUTURE  # "has scheduled a news conference Thursday"
            return FUTURE if self._any(back, self.future_modals) else PAST
        if self._any(back, self.past_be):
            return PAST
        if self._any(back, self.be_present):
            return PRESENT
        if not any(t in ("MD", "VB", "VBZ", "VBP", "VBD", "VBN") for t in back_tags):
            return PAST  # a reduced relative: "the injunction issued Thursday"
        return None

    @staticmethod
    def _any(words: list[str], vocabulary) -> bool:
        return any(b in vocabulary for b in words)

    def _from_words(self, text: str) -> list[tuple[int, str]]:
        """(position, tense) of each word that tells a tense, from the word lists alone (no tags)."""
        out: list[tuple[int, str]] = []
        toks = [(m.start(), m.group().lower()) for m in _WORD.finditer(text)]
        for i, (pos, w) in enumerate(toks):
            back = [x for _, x in toks[max(0, i - 3) : i]]
            if any(x in _SENTENCE_END_WORDS for x in back):  # no further back than the sentence's start
                back = back[max(k for k, x in enumerate(back) if x in _SENTENCE_END_WORDS) + 1 :]
            tense = self._word_tense(i, w, back, toks)
            if tense:
                out.append((pos, tense))
        return out

    def _word_tense(self, i: int, w: str, back: list[str], toks: list[tuple[int, str]]) -> str | None:
        """The tense word i tells, from the word lists and the (up to three) words before it in its sentence."""
        clitic = w[w.find("'"):] if "'" in w else ""  # "she'll", "they'll": the modal is the clitic
        if w in self.future_modals or w in self.weak_future or w in self.future_contractions \
                or clitic in self.future_modals:
            return FUTURE
        if w in self.future_markers and not self._any(back, self.past_be_have):
            if w != "set" or "to" in [x for _, x in toks[i + 1 : i + 2]]:
                return FUTURE
            return None
        if w in self.irregular_past and back and back[-1] in self.be_passive:
            return PRESENT  # "the case is heard in May": a present passive
        if w in self.past_aux or w in self.irregular_past:
            return PAST
        if w in self.present_aux or w in self.say_present:
            return PRESENT
        if len(w) > 4 and w.endswith("ed"):
            return self._ed_tense(i, back)
        return None

    def _ed_tense(self, i: int, back: list[str]) -> str | None:
        """A word in -ed: "will be announced", "has announced", "is expected", "police arrested"."""
        if self._any(back, self.future_modals):
            return FUTURE  # "will be announced"
        if self._any(back, self.have) or self._any(back, self.past_be):
            return PAST
        if self._any(back, self.be_present):
            return PRESENT
        if i > 0 and back and back[-1] not in self.determiners:
            return PAST
        return None

    def _deferred(self, text: str, pos: int) -> bool:
        """A word that sets a deadline or defers an action in the clause just before pos: "postponed the vote
        until", "gave them until", "put off until", or a holder right before the cue ("has until Friday")."""
        words = [w.lower() for w in _CLAUSE_WORD.findall(text, max(0, pos - 60), pos)[-6:]]
        if words and words[-1] in self.deadline_holders:
            return True
        for i in range(len(words) - 1, -1, -1):
            w = words[i]
            if w in ".!?;,":
                return False
            if w in self.deferral or i and f"{words[i - 1]} {w}" in self.deferral_phrases:
                return True
        return False

    def tense_at(self, start: int, end: int, text: str | None = None) -> str | None:
        """Tense of the nearest signal in the sentence holding [start, end); a cue right before the
        expression ("as soon as Tuesday", "until Tuesday") overrides it."""
        if text is not None:
            cued = self._cue_tense(text, start)
            if cued:
                return cued
        s0, s1 = self.sentence_of(start)
        t = self._governing(start, end, s0, s1)
        if t == NEAR and text is not None and _INFINITIVE_AFTER.match(text, end):
            return PAST  # "promised on Monday to visit Kenya": the day between the verb and its plan is the promise's
        if s1 in self.headlines and t in (PRESENT, None):
            k = bisect.bisect_left(self.infinitives, s0)
            if k < len(self.infinitives) and self.infinitives[k] < s1:
                return FUTURE  # a headline's "to" + verb is its future: "Talks to resume Tuesday"
            return None  # a headline's present tense is the news present: the nearest reading
        return t

    def _cue_tense(self, text: str, start: int) -> str | None:
        """The tense a cue right before the expression asks for: "as soon as Tuesday", "since March", "until
        Tuesday", "extended the deadline through Friday"; None when there is none."""
        before = text[max(0, start - 20):start].lower()
        for cue in self.future_cues:
            if before.endswith(cue + " "):
                return FUTURE
        for cue in self.past_cues:  # "since March": the March before
            if before.endswith(" " + cue + " ") or before == cue + " ":
                return PAST
        for cue in self.nearest_cues:
            if before.endswith(" " + cue + " "):
                # "postponed until Tuesday", "gave them until Friday": a deadline set in the past lies ahead
                return FUTURE if self._deferred(text, start - len(cue) - 1) else NEAR
        for cue in self.deferral_cues:  # "extended the deadline through Friday"; else the verb's tense
            if before.endswith(" " + cue + " ") and self._deferred(text, start - len(cue) - 1):
                return FUTURE
        return None

    def _governing(self, start: int, end: int, s0: int, s1: int) -> str | None:
        # the nearest signal before the expression in its sentence; else the first one after it
        # (a reporting verb after a quote, ", Castro said", rarely governs the expression)
        i = bisect.bisect_left(self.sig_pos, start) - 1
        if i >= 0 and self.sig_pos[i] >= s0:
            return self.sig[i][1]
        j = bisect.bisect_left(self.sig_pos, end)
        if j < len(self.sig_pos) and self.sig_pos[j] < max(s1, end):
            # "On Friday, the government planned to ...": the date is when the plan was made
            return PAST if self.sig[j][1] == NEAR else self.sig[j][1]
        return None

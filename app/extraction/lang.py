"""Cheap language identification by stop-word share.

A news text's commonest words are function words, and each language has its own; the share of a
sample's words that are stop words of a language says which language it is in (spaCy keeps the
stop-word lists). It costs one pass over a few thousand characters, against the parse it guards.

Short or unusual text (a headline, a list of names, a table) says too little: then the article's
declared language is taken, English by default. Only text that is confidently another language is refused.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from app.extraction.resources import tsv

SAMPLE_CHARS = 4000
MIN_WORDS = 8  # fewer words than this: too little to tell, taken as English
MIN_SHARE = 0.15  # an English news text is typically 35-50% stop words
CONFIDENT_WORDS = 12  # fewer words than this never make a confident verdict against English
CONFIDENT_SHARE = 0.25  # the other language's stop words are at least this share of the words
CONFIDENT_RATIO = 1.5  # ... and at least this many times the share of English stop words
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def languages() -> dict[str, str]:
    """code -> English name of the candidate languages (data/languages.tsv), in the order a tie is settled in."""
    return {code: name for code, name in tsv("languages.tsv")}


@cache
def _stop_words(code: str) -> frozenset[str]:
    try:
        mod = importlib.import_module(f"spacy.lang.{code}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(w.lower() for w in mod.STOP_WORDS)


def _shares(words: list[str]) -> dict[str, float]:
    out = {}
    for code in languages():
        sw = _stop_words(code)
        if sw:
            out[code] = sum(1 for w in words if w in sw) / len(words)
    return out


def detect(text: str) -> tuple[str, float]:
    """(language code, share of stop words) of a text; "und" when no candidate fits."""
    words = [w.lower() for w in _WORD.findall(text[:SAMPLE_CHARS])]
    if len(words) < MIN_WORDS:
        return "en", 0.0
    best, share = "und", 0.0
    for code, s in _shares(words).items():
        if s > share:
            best, share = code, s
    if share < MIN_SHARE:
        return "und", share
    return best, share


def normalize(code: str) -> str:
    """"en-GB", "EN_us" -> "en"."""
    return code.strip().lower().split("-")[0].split("_")[0]


def identify(text: str, declared: str | None = None) -> tuple[str, str | None]:
    """(language, why it is refused or None). A declared language other than English is taken as given;
    otherwise the text is English unless its words say confidently that it is another language."""
    fallback = normalize(declared) if declared else "en"
    if fallback != "en":
        return fallback, f"language {fallback!r} (declared) is not supported (English only): no events"
    words = [w.lower() for w in _WORD.findall(text[:SAMPLE_CHARS])]
    if len(words) < CONFIDENT_WORDS:
        return "en", None
    shares = _shares(words)
    en = shares.get("en", 0.0)
    code, share = max(((c, s) for c, s in shares.items() if c != "en"), key=lambda x: x[1], default=("und", 0.0))
    if share >= CONFIDENT_SHARE and share >= CONFIDENT_RATIO * en:
        name = languages().get(code, code)
        return code, (f"language {code!r} ({name}: {share:.0%} of the words are {name} function words, "
                      f"{en:.0%} English ones) is not supported (English only): no events")
    return "en", None

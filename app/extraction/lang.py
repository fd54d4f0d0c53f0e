"""Cheap language identification by stop-word share.

A news text's commonest words are function words, and each language has its own; the share of a
sample's words that are stop words of a language says which language it is in (spaCy keeps the
stop-word lists). It costs one pass over a few thousand characters, against the parse it guards.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

CANDIDATES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "ro", "tr", "id")
SAMPLE_CHARS = 4000
MIN_WORDS = 8  # fewer words than this: too little to tell, taken as English
MIN_SHARE = 0.15  # an English news text is typically 35-50% stop words

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def _stop_words(code: str) -> frozenset[str]:
    try:
        mod = importlib.import_module(f"spacy.lang.{code}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(w.lower() for w in mod.STOP_WORDS)


def detect(text: str) -> tuple[str, float]:
    """(language code, share of stop words) of a text; "und" when no candidate fits."""
    words = [w.lower() for w in _WORD.findall(text[:SAMPLE_CHARS])]
    if len(words) < MIN_WORDS:
        return "en", 0.0
    best, share = "und", 0.0
    for code in CANDIDATES:
        sw = _stop_words(code)
        if not sw:
            continue
        s = sum(1 for w in words if w in sw) / len(words)
        if s > share:
            best, share = code, s
    if share < MIN_SHARE:
        return "und", share
    return best, share

"""The words around a position of the text, as the context checks of detection and resolution read them."""

from __future__ import annotations

import re

_WORD_BEFORE = re.compile(r"([\w'.$-]+)[\s,]*$")
_WORDS_BEFORE = re.compile(r"([\w'$.-]+)\s+([\w'$.-]+)\s*$")
_NEXT_WORD = re.compile(r"[ \t]*([\w'%$.-]+)")
_SENT_END = re.compile(r"(?:[.!?]['\"”’)]*\s+|\n\s*|^\s*)$")
# the words (and "%") of a stretch of text, for the checks that look for a topic's words nearby
TOKEN_WORDS = re.compile(r"[A-Za-z]+|%")


def prev_word(text: str, pos: int) -> str:
    m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    return m.group(1) if m else ""


def prev_two(text: str, pos: int) -> str:
    m = _WORDS_BEFORE.search(text, max(0, pos - 40), pos)
    return f"{m.group(1)} {m.group(2)}" if m else ""


def next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos, min(len(text), pos + 40))
    return m.group(1) if m else ""


def sentence_start(text: str, pos: int) -> bool:
    return bool(_SENT_END.search(text, max(0, pos - 6), pos))


def words_near(text: str, a: int, b: int) -> set[str]:
    """The lower-cased words of text[a:b] (clipped to the text)."""
    return {w.lower() for w in TOKEN_WORDS.findall(text, max(0, a), min(len(text), b))}

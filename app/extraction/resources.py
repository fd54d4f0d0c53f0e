"""Loading the language data in app/extraction/data (read once, cached)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


def _path(name: str):
    return resources.files("app.extraction").joinpath("data", name)


@cache
def toml(name: str) -> dict:
    return tomllib.loads(_path(name).read_text(encoding="utf-8"))


@cache
def tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file, comments (#) and blank lines skipped."""
    rows = []
    for line in _path(name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(c.strip() for c in line.split("\t")))
    return tuple(rows)


@cache
def lexicon() -> dict:
    """lexicon.toml with its lists as frozensets."""
    out = {}
    for k, v in toml("lexicon.toml").items():
        if isinstance(v, list):
            out[k] = frozenset(v)
        elif isinstance(v, dict):
            out[k] = {kk: (frozenset(vv) if isinstance(vv, list) else vv) for kk, vv in v.items()}
        else:
            out[k] = v
    return out


@cache
def actor_words() -> dict:
    """actors.toml with its lists as frozensets, section by section."""
    out = {}
    for k, v in toml("actors.toml").items():
        if isinstance(v, dict):
            out[k] = {kk: (frozenset(vv) if isinstance(vv, list) else vv) for kk, vv in v.items()}
        else:
            out[k] = frozenset(v) if isinstance(v, list) else v
    return out


@cache
def nominalizations() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in tsv("nominalizations.tsv")}


@cache
def event_types() -> dict[str, str]:
    """trigger lemma -> coarse event type (event_types.toml)."""
    out: dict[str, str] = {}
    for kind, lemmas in toml("event_types.toml").items():
        for lemma in lemmas:
            out.setdefault(lemma, kind)
    return out


@cache
def lemma_fixes() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in tsv("lemma_fixes.tsv")}


def lemma(tok) -> str:
    """A token's lemma, lowercased, with the lemmatizer's known slips corrected."""
    return lemma_fixes().get(tok.lower_) or tok.lemma_.lower()


@cache
def happening_kinds() -> dict[str, str]:
    """trigger lemma -> the kind of happening it names (happening_kinds.toml); a lemma of no kind is its own."""
    return {lemma: kind for kind, lemmas in toml("happening_kinds.toml").items() for lemma in lemmas}

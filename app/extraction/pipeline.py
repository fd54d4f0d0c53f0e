"""extract(): an article in, its events out. extract_many(): the same for a batch, spaCy batched."""

from __future__ import annotations

import gc
import multiprocessing
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from app.extraction import clean as cleaning
from app.extraction import dateline, nlp
from app.extraction.errors import ExtractionInputError
from app.extraction.events import Segment, build_events
from app.extraction.html import looks_like_html, read_page
from app.extraction.lang import identify
from app.extraction.merge import merge_events
from app.extraction.resources import actor_words
from app.extraction.types import ExtractionResult
from app.temporal.errors import TemporalInputError
from app.temporal.iso import parse_iso
from app.temporal.resolve import resolve
from app.temporal.timex import Hints

SEGMENT_MAX = 20_000  # characters per spaCy doc: paragraphs, with very long ones cut at a sentence end
# A long stretch with no sentence end (a list, a table, run-on or garbage text) is cut shorter: it parses as one
# deep "sentence", and reading a clause's place in it costs more the longer the sentence is.
RUNON_MAX = 2_000
MAX_TEXT = 20_000_000  # characters: beyond this an input is refused, not parsed
_PARA_END = re.compile(r"[.!?:\"”’)]$")
_SENT_END = re.compile(r"[.!?][\"'”’)]?\s+(?=[\"'“‘(`]*[A-Z0-9])")


@dataclass(slots=True)
class _Prepared:
    text: str  # the text offsets refer to
    cleaned: str  # same length, furniture masked
    published_at: datetime | date
    published_raw: str
    language: str
    source: str | None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # segments to parse
    done: bool = False  # nothing to parse (empty, not English): the result is final


def parse_published(value, field_name: str = "published_at") -> datetime | date:
    if not isinstance(value, (str, date)) or (isinstance(value, str) and not value.strip()):
        raise ExtractionInputError(field_name, "missing: give the publication date as ISO 8601 (2019-03-12)")
    try:
        return parse_iso(value)
    except ValueError:
        raise ExtractionInputError(field_name, f"not an ISO 8601 date or datetime: {value[:40]!r}") from None


def _ends_paragraph(line: str, next_line: str) -> bool:
    """Whether a line break ends a paragraph rather than wrapping one: the line ends a sentence, or it is
    a short line (a heading) followed by a capital."""
    if _PARA_END.search(line):
        return True
    return len(line) < 60 and bool(next_line) and not next_line[0].islower() and not line.endswith((",", ";", "-"))


def _segments(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines and sentence-final line ends separate them, wrapped lines are joined;
    a very long one is cut at sentence ends into pieces of SEGMENT_MAX at most, and a stretch of more than
    RUNON_MAX with no sentence end is cut at a space into pieces of RUNON_MAX at most."""
    return [piece for start, end in _paragraphs(text, _line_spans(text)) for piece in _pieces(text, start, end)]


def _line_spans(text: str) -> list[tuple[int, int] | None]:
    """(start, end) of each line stripped of its spaces, None for a blank line."""
    lines: list[tuple[int, int] | None] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            lines.append((start, start + len(stripped)))
        else:
            lines.append(None)
        pos += len(line)
    return lines


def _paragraphs(text: str, lines: list[tuple[int, int] | None]) -> list[tuple[int, int]]:
    """The lines joined into paragraphs: a blank line or a line that ends one (_ends_paragraph) closes it."""
    blocks, cur = [], None
    for i, ln in enumerate(lines):
        if ln is None:
            if cur:
                blocks.append(cur)
            cur = None
            continue
        cur = (cur[0], ln[1]) if cur else ln
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or _ends_paragraph(text[ln[0] : ln[1]], text[nxt[0] : nxt[1]]):
            blocks.append(cur)
            cur = None
    if cur:
        blocks.append(cur)
    return blocks


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph cut into pieces a parse can take: at sentence ends, and a stretch without one at a space."""
    out = []
    while end - start > RUNON_MAX:
        cut = _cut(text, start, end)
        if cut is None:
            break  # the rest is one piece
        out.append((start, start + cut))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def _cut(text: str, start: int, end: int) -> int | None:
    """Where to cut the next piece off text[start:end] (an offset from start): after the last sentence end before
    a stretch of more than RUNON_MAX without one, or at a space; None when the rest is one piece."""
    whole = end - start <= SEGMENT_MAX
    window = text[start:end] if whole else text[start : start + SEGMENT_MAX]
    cut, prev = None, 0
    for m in _SENT_END.finditer(window):
        if m.end() - prev > RUNON_MAX:
            break  # a long stretch without a sentence end follows: cut before it
        cut = prev = m.end()
    else:
        if whole and len(window) - prev <= RUNON_MAX:
            return None
    if not cut:  # a stretch without a sentence end: cut it at a space
        cut = window.rfind(" ", RUNON_MAX // 2, RUNON_MAX) + 1 or RUNON_MAX
    return cut


def prepare(text, published_at=None, source=None, language=None, content_type="text/plain") -> _Prepared:
    """Validate, read HTML, pick the language, mask furniture, cut into paragraphs."""
    _check_input(text, source, language, content_type)
    is_html = bool(content_type and "html" in content_type.lower()) or looks_like_html(text)
    warnings, title = [], None
    if is_html:
        text, title, published_at = _read_html(text, published_at, warnings)
    elif not text.strip():
        raise ExtractionInputError("text", "empty or only whitespace")
    published = parse_published(published_at)
    raw = published_at if isinstance(published_at, str) else published.isoformat()
    lang, refused = identify(text, language)
    prep = _Prepared(text, text, published, raw, lang, source, title, warnings)
    if refused:
        prep.warnings.append(refused)
        prep.done = True
        return prep
    if not text.strip():
        prep.done = True
        return prep
    cleaned = cleaning.clean(text)
    prep.cleaned = cleaned.text
    prep.spans = _segments(cleaned.text)
    return prep


def _check_input(text, source, language, content_type) -> None:
    """Refuse input of the wrong type or size (ExtractionInputError naming the field)."""
    if text is None:
        raise ExtractionInputError("text", "missing")
    if not isinstance(text, str):
        raise ExtractionInputError("text", f"must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ExtractionInputError("text", f"too long: {len(text)} characters (at most {MAX_TEXT})")
    if content_type is not None and not isinstance(content_type, str):
        raise ExtractionInputError("content_type", "must be a string such as 'text/plain' or 'text/html'")
    if source is not None and not isinstance(source, str):
        raise ExtractionInputError("source", "must be a string")
    if language is not None and (not isinstance(language, str) or not language.strip()):
        raise ExtractionInputError("language", "must be a language code such as 'en'")


def _read_html(html: str, published_at, warnings: list[str]) -> tuple:
    """(main text, title, publication date) of a page; without a date given, the page's metadata must give one."""
    page = read_page(html, want_date=published_at is None)
    if published_at is None:
        if page.date is None:
            raise ExtractionInputError("published_at", "missing, and the page's metadata gives no date")
        published_at = page.date
        warnings.append(f"published_at {page.date} taken from the page's metadata")
    if not page.text.strip():
        warnings.append("the page has no main text: no events")
    return page.text, page.title, published_at


def _hints(segments: list[Segment]) -> Hints:
    sents, toks = [], []
    for seg in segments:
        off = seg.start
        for s in seg.doc.sents:
            sents.append((s.start_char + off, s.end_char + off))
        for t in seg.doc:
            if not t.is_space:
                toks.append((t.idx + off, t.idx + off + len(t.text), t.tag_))
    return Hints(sentences=sents, tokens=toks)


def _resolve(prep: _Prepared, segments: list[Segment]):
    return resolve(prep.cleaned, prep.published_raw, _hints(segments))


@contextmanager
def _cyclic_gc_paused():
    """Python's cyclic garbage collector paused, then resumed as it was. Reading an article makes hundreds of
    thousands of small objects (tokens, mentions, drafts, events) that live until it is done and leave no cyclic
    garbage; as they pile up, the collector scans them again and again: a sixth of our time on a text dated every
    few words. Reference counting frees everything as usual meanwhile."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def finish(prep: _Prepared, docs) -> ExtractionResult:
    """Temporal resolution, events and in-article merging over a prepared article and its parsed paragraphs."""
    with _cyclic_gc_paused():
        return _finish(prep, docs)


def _finish(prep: _Prepared, docs) -> ExtractionResult:
    result = ExtractionResult(text=prep.text, published_at=prep.published_at, language=prep.language,
                              warnings=list(prep.warnings), title=prep.title)
    if prep.done:
        return result
    segments = [Segment(start, doc) for (start, _), doc in zip(prep.spans, docs)]
    timexes = _resolve(prep, segments)
    result.timexes = list(timexes)
    filed = dateline.place(prep.text)
    events = merge_events(build_events(segments, timexes, prep.published_at, prep.cleaned,
                                       filed[1] if filed is not None else None))
    if filed is not None:  # an event that names no place and no country happened where the story was filed
        for e in events:
            _shared_institutions_at(e, filed[1])
            if not e.countries and not e.location:
                e.location, e.countries = filed[0], [filed[1]]
    for e in events:
        for ev in e.evidence:
            ev.sentence = prep.text[ev.sentence_start : ev.sentence_end]
    result.events = events
    if not any(t.type in ("DATE", "TIME") for t in timexes):
        result.warnings.append("no dates in the text: no events")
    return result


def _shared_institutions_at(event, code: str) -> None:
    """ "Congress" in a story filed from Santiago is Chile's, whatever country the table of organisations knows it
    by; the event's countries follow."""
    shared = actor_words()["institutions"]["shared_names"]
    for a in event.actors:
        old = a.country
        if a.name.lower() in shared and old is not None and old != code:
            a.country = code
            kept = any(b.country == old for b in event.actors) or event.location is not None  # a place may be there
            event.countries = sorted((set(event.countries) if kept else set(event.countries) - {old}) | {code})


def extract(text, published_at=None, source=None, language=None, content_type="text/plain") -> ExtractionResult:
    """The events of one article (see app.extraction)."""
    prep = prepare(text, published_at, source, language, content_type)
    docs = list(nlp.pipe(prep.cleaned[s:e] for s, e in prep.spans)) if not prep.done else []
    return finish(prep, docs)


def _one(doc: dict):
    if not isinstance(doc, dict):
        raise ExtractionInputError("document", "must be an object with text and published_at")
    return prepare(doc.get("text"), doc.get("published_at"), source=doc.get("source"), language=doc.get("language"),
                   content_type=doc.get("content_type") or "text/plain")


def _extract_batch(docs: list[dict]) -> list:
    preps: list = []
    for d in docs:
        try:
            preps.append(_one(d))
        except ExtractionInputError as e:
            preps.append(e)
    texts = [p.cleaned[s:e] for p in preps if isinstance(p, _Prepared) and not p.done for s, e in p.spans]
    parsed = iter(nlp.pipe(texts))
    out: list = []
    for p in preps:
        if isinstance(p, Exception):
            out.append(p)
            continue
        docs_p = [next(parsed) for _ in p.spans] if not p.done else []
        try:
            out.append(finish(p, docs_p))
        except ExtractionInputError as e:
            out.append(e)
        except TemporalInputError as e:  # bad input the resolver found; anything else is a bug and propagates
            out.append(ExtractionInputError("published_at", str(e)))
    return out


def _init_worker() -> None:
    nlp.load()


def extract_many(docs: list[dict], workers: int = 1) -> list:
    """The events of many articles, in order; an article with bad input gives its ExtractionInputError."""
    if not isinstance(docs, list):
        raise ExtractionInputError("docs", "must be a list of objects")
    if workers <= 1 or len(docs) < 2:
        return _extract_batch(docs)
    n = min(workers, len(docs))
    chunk = max(1, min(16, -(-len(docs) // (n * 4))))
    parts = [docs[i : i + chunk] for i in range(0, len(docs), chunk)]
    out: list = []
    # Forked workers share the pipeline loaded here (copy-on-write); elsewhere each worker loads its own.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() == "fork":
        nlp.load()
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_init_worker) as pool:
        for res in pool.map(_extract_batch, parts):
            out.extend(res)
    return out


_warming = threading.Lock()  # held while a warm-up runs (the server runs it in a thread of its own at start-up)


def warm_up() -> None:
    """Load the model and run the extractor once in this process, before any extraction child is forked from it: the
    children share what the first extraction loads lazily (word lists, gazetteers, spaCy's tables, the language
    identifier; seconds of work) instead of each loading it again."""
    with _warming:
        nlp.load()
        extract("Officials in Berlin said on Friday that Germany had signed the agreement.", date(2019, 3, 12),
                source="warm-up")


def settled() -> None:
    """Wait for a warm-up running in another thread of this process. Fork an extraction child only after it: a child
    forked in the middle of it inherits the locks it holds at that instant (a module being imported, the model's
    own) with no thread left to release them, and hangs."""
    with _warming:
        pass

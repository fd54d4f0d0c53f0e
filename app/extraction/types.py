"""The values the extractor produces. Plain dataclasses: no FastAPI, no database.

The API stores these; `dateline extract` prints them with `to_dict()` in the event shape of the API.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime


@dataclass(slots=True)
class Actor:
    name: str  # canonical name within the article: "Richard Grenell", "Germany", "Huawei"
    kind: str  # person | organization | country | government | group
    role: str  # source (who acts) | target (who is acted on) | other
    country: str | None = None  # ISO 3166-1 alpha-2
    aliases: list[str] = field(default_factory=list)  # other surface forms seen: "Mr Grenell", "Grenell"


@dataclass(slots=True)
class Attribution:
    """Who reported a happening ("officials said troops withdrew": the officials). Not a participant."""

    name: str
    kind: str  # person | organization | country | government | group
    country: str | None = None
    aliases: list[str] = field(default_factory=list)


DATED_BY = ("text", "narrative", "publication")
MODALITIES = ("asserted", "negated", "hypothetical", "planned")


@dataclass(slots=True)
class Evidence:
    sentence: str
    sentence_start: int  # offsets into ExtractionResult.text
    sentence_end: int
    expression: str  # the time expression as written: "last Friday"
    expression_start: int
    expression_end: int
    value: str  # the TIMEX3 value this article stated: "2019-03-08"
    granularity: str
    date_start: date
    date_end: date
    trigger_text: str = ""  # the word naming the happening, as written: "withdrew", "vote"
    trigger_start: int = 0  # offsets into ExtractionResult.text
    trigger_end: int = 0
    # How the value was found: "text" (an expression governing the trigger), "narrative" (the story's last date,
    # the clause having none of its own), "publication" (a lead or present-perfect report, dated by the article).
    dated_by: str = "text"
    reported_by: Attribution | None = None  # the sayer, for reported speech


@dataclass(slots=True)
class Event:
    value: str  # TIMEX3 value of the most precise evidence
    date_start: date  # inclusive interval of days
    date_end: date
    granularity: str  # day, week, month, quarter, season, year, ...
    summary: str
    trigger: str  # lemma of the trigger verb (or noun: "announcement" -> "announce")
    actors: list[Actor] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO alpha-2, sorted, no duplicates
    location: str | None = None
    event_type: str | None = None
    confidence: float = 0.5
    evidence: list[Evidence] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # trigger and theme lemmas ("send", "letter"), for merging
    dated_by: str = "text"  # dated_by of the evidence that gives the event its date
    # asserted (it happened), negated ("did not sign"), hypothetical ("could sign", "if they sign"), planned
    # ("will sign", "plans to sign", a date after publication). Only asserted events make the timeline.
    modality: str = "asserted"

    def to_dict(self) -> dict:
        d = asdict(self)
        return _jsonable(d)


@dataclass(slots=True)
class ExtractionResult:
    text: str  # the text every offset refers to (the text as received; for HTML, its main text)
    published_at: datetime | date
    language: str
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. "language 'de' is not supported: no events"
    title: str | None = None  # from HTML metadata when the input was a page
    timexes: list = field(default_factory=list)  # every app.temporal.Timex found in `text` (offsets into it)


def _jsonable(v):
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v

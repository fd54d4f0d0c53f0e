"""SQLModel tables (the schema itself changes only through migrations/) and the API's typed schemas."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, field_serializer
from pydantic import Field as PField
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import JSON, Column, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.temporal.iso import parse_iso

# --------------------------------------------------------------------------- tables


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Article(SQLModel, table=True):
    __tablename__ = "article"
    __table_args__ = (
        UniqueConstraint("external_id", name="uq_article_external_id"),
        UniqueConstraint("content_hash", name="uq_article_content_hash"),
        Index("ix_article_source", "source"),
    )
    id: int | None = Field(default=None, primary_key=True)
    external_id: str | None = Field(default=None, sa_type=String(512))
    content_hash: str = Field(sa_type=String(64))
    source: str = Field(sa_type=String(200))
    title: str | None = Field(default=None, sa_type=Text)
    url: str | None = Field(default=None, sa_type=Text)
    language: str | None = Field(default=None, sa_type=String(16))
    published_at: str = Field(sa_type=String(40))  # ISO 8601 date or aware date-time, as given
    text: str = Field(sa_type=Text)
    ingested_at: datetime = Field(default_factory=_utcnow)


class Event(SQLModel, table=True):
    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_date_start_id", "date_start", "id"),
        Index("ix_event_date_end", "date_end"),
        Index("ix_event_granularity", "granularity"),
        Index("ix_event_dated_by_date_start_id", "dated_by", "date_start", "id"),
        Index("ix_event_modality_date_start_id", "modality", "date_start", "id"),
        Index("ix_event_updated_at_id", "updated_at", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    value: str = Field(sa_type=String(40))
    date_start: date = Field(sa_type=Date)
    date_end: date = Field(sa_type=Date)
    granularity: str = Field(sa_type=String(16))
    summary: str = Field(sa_type=Text)
    trigger: str = Field(sa_type=String(200))
    event_type: str | None = Field(default=None, sa_type=String(64))
    location: str | None = Field(default=None, sa_type=String(300))
    confidence: float = Field(default=0.5, sa_type=Float)
    keywords: list[str] | None = Field(default=None, sa_type=JSON)  # trigger and theme lemmas, for merging
    # dated_by of the evidence that gives the event its date: text, narrative or publication
    dated_by: str = Field(default="text", sa_type=String(16), sa_column_kwargs={"server_default": "text"})
    # asserted (it happened), negated, hypothetical or planned; the timeline lists asserted events unless asked
    modality: str = Field(default="asserted", sa_type=String(16), sa_column_kwargs={"server_default": "asserted"})
    created_at: datetime = Field(default_factory=_utcnow)
    # created, merged with another report or re-dated: the change feed's order (GET /v1/events?updated_since=)
    updated_at: datetime = Field(default_factory=_utcnow)


class Actor(SQLModel, table=True):
    __tablename__ = "actor"
    __table_args__ = (UniqueConstraint("norm_name", "kind", name="uq_actor_norm_name_kind"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(300))
    norm_name: str = Field(sa_type=String(300))  # casefolded, spaces collapsed
    kind: str = Field(sa_type=String(32))
    country: str | None = Field(default=None, sa_type=String(2))


class ActorAlias(SQLModel, table=True):
    __tablename__ = "actor_alias"
    __table_args__ = (Index("ix_actor_alias_norm_alias", "norm_alias"),)
    actor_id: int = Field(sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True))
    norm_alias: str = Field(sa_column=Column(String(300), primary_key=True))
    alias: str = Field(sa_type=String(300))


class _EventCopy(SQLModel):
    """The event's dates and modality, copied into a link table (kept in step by every write: ingest, merge,
    re-dating, delete) so that filters on the link and the event's dates read one index, not `event`."""

    date_start: date = Field(sa_type=Date)
    date_end: date = Field(sa_type=Date)
    modality: str = Field(default="asserted", sa_type=String(16), sa_column_kwargs={"server_default": "asserted"})


class EventActor(_EventCopy, table=True):
    """An actor's part in an event, with the event's dates and modality copied (_EventCopy) so that actor + date
    filters and the histogram read one index."""

    __tablename__ = "event_actor"
    __table_args__ = (
        Index("ix_event_actor_actor_modality_dates", "actor_id", "modality", "date_start", "date_end", "event_id"),
    )
    event_id: int = Field(sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), primary_key=True))
    actor_id: int = Field(sa_column=Column(Integer, ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True))
    role: str = Field(sa_column=Column(String(16), primary_key=True))


class EventCountry(_EventCopy, table=True):
    """A country involved in an event, with the event's dates and modality copied (_EventCopy)."""

    __tablename__ = "event_country"
    __table_args__ = (
        Index("ix_event_country_country_modality_dates", "country", "modality", "date_start", "date_end", "event_id"),
        # every country of the events in a date range: GET /v1/countries, the histogram by country
        Index("ix_event_country_modality_dates_country", "modality", "date_start", "date_end", "country"),
    )
    event_id: int = Field(sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), primary_key=True))
    country: str = Field(sa_column=Column(String(2), primary_key=True))


class EventMonthCount(SQLModel, table=True):
    """Events per month of their first day, modality and country ('' counts every event once): written only by the
    database's triggers on `event` and `event_country` (migration 0008), read by the histogram of every event."""

    __tablename__ = "event_month_count"
    month: date = Field(sa_column=Column(Date, primary_key=True))
    modality: str = Field(sa_column=Column(String(16), primary_key=True))
    country: str = Field(sa_column=Column(String(2), primary_key=True))
    n: int


class EvidenceRow(SQLModel, table=True):
    __tablename__ = "evidence"
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    sentence: str = Field(sa_type=Text)
    sentence_start: int
    sentence_end: int
    expression: str = Field(sa_type=Text)
    expression_start: int
    expression_end: int
    value: str = Field(sa_type=String(40))
    granularity: str = Field(sa_type=String(16))
    date_start: date = Field(sa_type=Date)
    date_end: date = Field(sa_type=Date)
    # the word naming the happening and its offsets in the article's text (offsets are null on rows stored before)
    trigger_text: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    trigger_start: int | None = None
    trigger_end: int | None = None
    dated_by: str = Field(default="text", sa_type=String(16), sa_column_kwargs={"server_default": "text"})
    # who reported the happening (reported speech); an actor, not a participant of the event
    reported_by_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer,
            ForeignKey("actor.id", ondelete="SET NULL", name="fk_evidence_reported_by_id_actor"),
            nullable=True,
            index=True,
        ),
    )


# --------------------------------------------------------------------------- input validation


def _clean(v: str | None) -> str | None:
    """Reject what no database stores: NUL characters and lone surrogates."""
    if v is None:
        return v
    if "\x00" in v:
        raise ValueError("must not contain NUL characters")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (no lone surrogates)") from None
    return v


def _published_at(v: str) -> str:
    try:
        d = parse_iso(v)
    except ValueError:
        raise ValueError("must be an ISO 8601 date (2019-03-12) or date-time (2019-03-12T09:30:00+00:00)") from None
    if isinstance(d, datetime) and d.tzinfo is None:
        d = d.replace(tzinfo=UTC)  # a date-time without a zone is read as UTC
    return d.isoformat()


_LANGUAGE = __import__("re").compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def _language(v: str | None) -> str | None:
    """A language code (BCP 47: `en`, `en-GB`, `pt-BR`); blank is no code (leave the field out to have it detected)."""
    if v is None:
        return v
    v = v.strip()
    if not v:
        raise ValueError("must not be empty: leave it out to have the language detected, or give a code such as 'en'")
    if not _LANGUAGE.fullmatch(v):
        raise ValueError("must be a language code such as 'en' or 'en-GB'")
    return v


CleanStr = Annotated[str, AfterValidator(_clean)]
Language = Annotated[
    str,
    AfterValidator(_clean),
    AfterValidator(_language),
    PField(max_length=16, examples=["en"], description="BCP 47 language code; left out, it is detected."),
]
PublishedAt = Annotated[
    str,
    AfterValidator(_clean),
    AfterValidator(_published_at),
    PField(min_length=10, max_length=40, examples=["2019-03-12", "2019-03-12T09:30:00+00:00"]),
]
class Granularity(StrEnum):
    """The precision of a date: the unit of the interval its TIMEX3 value denotes."""

    time = "time"
    day = "day"
    week = "week"
    weekend = "weekend"
    month = "month"
    quarter = "quarter"
    season = "season"
    half = "half"
    year = "year"
    decade = "decade"
    century = "century"
    unknown = "unknown"


GRANULARITIES: tuple[str, ...] = tuple(g.value for g in Granularity)


class ActorKind(StrEnum):
    """What an actor is. A country and its government are one actor (kind `country` or `government`)."""

    person = "person"
    organization = "organization"
    country = "country"
    government = "government"
    group = "group"


class ActorRole(StrEnum):
    """An actor's part in an event: `source` acts, `target` is acted on, `other` takes part otherwise."""

    source = "source"
    target = "target"
    other = "other"


class TimexType(StrEnum):
    """TIMEX3 type of a time expression."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class TimexAnchor(StrEnum):
    """What a time expression's value was computed from."""

    absolute = "absolute"
    publication = "publication"
    previous = "previous"
    expression = "expression"


class Output(BaseModel):
    """A response body: every field is always present (nullable only where documented), so generated clients
    type them as required."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class Modality(StrEnum):
    """Whether the event happened: `asserted` (it did), `negated` ("did not sign"), `hypothetical` ("could sign",
    "if they sign"), `planned` ("will sign", "plans to sign", a date after publication)."""

    asserted = "asserted"
    negated = "negated"
    hypothetical = "hypothetical"
    planned = "planned"


class DatedBy(StrEnum):
    """How a date was found: `text` (a time expression governing the trigger), `narrative` (the story's last date,
    the clause having none of its own), `publication` (a lead or present-perfect report, dated by the article)."""

    text = "text"
    narrative = "narrative"
    publication = "publication"

# --------------------------------------------------------------------------- API schemas


class ArticleBase(BaseModel):
    external_id: Annotated[
        CleanStr | None, PField(max_length=512, examples=["cnn-2019-03-12-us-germany-huawei"])
    ] = None
    source: Annotated[CleanStr, PField(min_length=1, max_length=200, examples=["CNN"])]
    title: Annotated[CleanStr | None, PField(max_length=2000)] = None
    url: Annotated[CleanStr | None, PField(max_length=4000, examples=["https://example.com/news/1"])] = None
    published_at: PublishedAt
    language: Annotated[CleanStr | None, PField(max_length=16, examples=["en"])] = None


class ArticleCreate(ArticleBase):
    """One article to ingest. `text` is plain text, or an HTML page when content_type is text/html."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "external_id": "example-1",
                    "source": "Example News",
                    "published_at": "2019-03-12",
                    "language": "en",
                    "text": "Germany announced March 7 that it would not ban any company from bidding on 5G contracts.",
                }
            ]
        },
    )
    text: Annotated[CleanStr, PField(min_length=1)]
    content_type: Literal["text/plain", "text/html"] = "text/plain"
    language: Language | None = None


class ArticleBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    articles: Annotated[list[ArticleCreate], PField(min_length=1)]


class ArticlePublic(ArticleBase, Output):
    """A stored article (without its text)."""

    id: int
    content_hash: str
    ingested_at: datetime
    event_count: int = 0


class ArticleDetail(ArticlePublic):
    """A stored article with the text its offsets refer to."""

    text: str


class EventDate(Output):
    """A date at the precision the text gave, with the inclusive interval of days it denotes."""

    value: str = PField(examples=["2019-03-08"], description="TIMEX3 value")
    start: date = PField(description="First day of the interval the value denotes.")
    end: date = PField(description="Last day of the interval (inclusive).")
    granularity: Granularity


class _Identified(Output):
    """A stored row's id. Listed as the last base, it comes first: pydantic orders fields from the last base to the
    first, then the class's own, and a field a subclass declares again keeps its first place."""

    id: int


# ---- actors: the stored ones (with an id) and the ones a text names (parse: nothing stored)

COUNTRY_CODE = "ISO 3166-1 alpha-2 code, or null when unknown."


class _ActorName(Output):
    """Who an actor is, stored or named in a text."""

    name: str
    kind: ActorKind


class _ActorRole(Output):
    role: ActorRole


class _StoredActor(_ActorName, _Identified):
    """A stored actor: id, name, kind and country (always present, null when unknown)."""

    country: str | None = PField(None, description=COUNTRY_CODE)


class _NamedInText(Output):
    """What a text says of an actor besides its name: its country and the other names it goes by."""

    country: str | None = None
    aliases: list[str] = []


class EventActorPublic(_ActorRole, _StoredActor):
    """An actor taking part in an event."""


class ReportedBy(_StoredActor):
    """Who reported the happening (reported speech: "officials said troops withdrew"). Not a participant."""


# ---- evidence: a sentence, its date expression and its trigger, with offsets

class _EvidenceShape(Output):
    """The fields an event's evidence has, stored or parsed (app.extraction.serialize.evidence_api_values)."""

    sentence: str
    sentence_start: int
    sentence_end: int
    expression: str
    expression_start: int
    expression_end: int
    trigger_text: str
    trigger_start: int
    trigger_end: int
    dated_by: DatedBy
    reported_by: ParsedReportedBy | None
    value: str
    granularity: Granularity
    start: date
    end: date


class _ArticleRef(Output):
    """The article a stored piece of evidence comes from."""

    article_id: int
    external_id: str | None = None
    source: str
    url: str | None = None
    title: str | None = None
    published_at: str


class EventSource(_EvidenceShape, _ArticleRef):
    """One article's evidence for an event: the sentence, the date expression and the trigger, with offsets."""

    # stored before triggers were kept, a source has no trigger offsets; its sayer is a stored actor
    trigger_text: str = PField(
        description="The word naming the happening, as written (empty on sources stored before triggers were kept)."
    )
    trigger_start: int | None = PField(
        description="Offset of trigger_text in the article's text (null when not known)."
    )
    trigger_end: int | None
    reported_by: ReportedBy | None = PField(description="Who reported it, for reported speech; null otherwise.")


# ---- events

ActorT = TypeVar("ActorT", bound=Output)


class _EventShape(Output, Generic[ActorT]):
    """The fields an event has, stored or parsed (app.api.serialize.event_fields), with its kind of actor."""

    date: EventDate
    dated_by: DatedBy
    modality: Modality
    summary: str
    trigger: str
    event_type: str | None = None
    location: str | None = None
    confidence: float
    actors: list[ActorT]
    countries: list[str]


class EventPublic(_EventShape[EventActorPublic], _Identified):
    """One event of the timeline, with who took part and every article's evidence for it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "date": {"value": "2019-03-08", "start": "2019-03-08", "end": "2019-03-08", "granularity": "day"},
                    "dated_by": "text",
                    "modality": "asserted",
                    "summary": "Richard Grenell sent a letter to the German government",
                    "trigger": "send",
                    "event_type": "communicate",
                    "location": "Berlin",
                    "confidence": 0.8,
                    "created_at": "2019-03-12T10:00:00Z",
                    "updated_at": "2019-03-12T11:30:00Z",
                    "actors": [
                        {"id": 3, "name": "Richard Grenell", "kind": "person", "country": "US", "role": "source"}
                    ],
                    "countries": ["DE", "US"],
                    "sources": [
                        {
                            "article_id": 2,
                            "external_id": "bbc-1",
                            "source": "BBC",
                            "url": "https://example.com/news/1",
                            "title": "US warns Germany over Huawei",
                            "published_at": "2019-03-12",
                            "sentence": "Officials said Mr Grenell sent the letter last Friday.",
                            "sentence_start": 120,
                            "sentence_end": 174,
                            "expression": "last Friday",
                            "expression_start": 162,
                            "expression_end": 173,
                            "trigger_text": "sent",
                            "trigger_start": 146,
                            "trigger_end": 150,
                            "dated_by": "text",
                            "reported_by": {"id": 7, "name": "Officials", "kind": "group", "country": "DE"},
                            "value": "2019-03-08",
                            "granularity": "day",
                            "start": "2019-03-08",
                            "end": "2019-03-08",
                        }
                    ],
                }
            ]
        }
    )
    # documented further than a parsed event's
    dated_by: DatedBy = PField(description="dated_by of the source that gives the event its date.")
    modality: Modality = PField(description="Whether it happened; only asserted events are listed unless `modality` "
                                            "asks for others.")
    event_type: str | None = PField(None, description="Coarse type (statement, meeting, agreement, ...), or null.")
    sources: list[EventSource]
    created_at: datetime = PField(description="When the event was first stored (UTC).")
    updated_at: datetime = PField(
        description="When the event last changed: created, merged with another report, re-dated (UTC)."
    )


class ArticleCreated(ArticlePublic):
    """The stored article with its events; `created` is false when it was already stored."""

    created: bool
    events: list[EventPublic]
    warnings: list[str] = []


class BatchItem(Output):
    """One article of a batch, at its position in the request."""

    index: int
    created: bool
    article: ArticleCreated


class BatchResult(Output):
    """The articles of a batch, in request order."""

    items: list[BatchItem]


NEXT_CURSOR = "Pass as `cursor` for the next page; null on the last page."


class EventPage(Output):
    """A page of events."""

    items: list[EventPublic]
    next_cursor: str | None = PField(None, description=NEXT_CURSOR)
    as_of: datetime | None = PField(
        None,
        description="When the walk through the pages started (its first page; UTC). "
        "Events created or changed since are left out of the following pages: read them with "
        "`updated_since=as_of`. Null only from cursors made before it was kept.",
    )


class ArticlePage(Output):
    """A page of articles."""

    items: list[ArticlePublic]
    next_cursor: str | None = PField(None, description=NEXT_CURSOR)


class ActorPublic(_StoredActor):
    """An actor with every surface form seen and the number of events it takes part in."""

    aliases: list[str]
    event_count: int


class ActorPage(Output):
    """A page of actors."""

    items: list[ActorPublic]
    next_cursor: str | None = PField(None, description=NEXT_CURSOR)


class CountryPublic(Output):
    """A country involved in events."""

    code: str = PField(examples=["DE"], description="ISO 3166-1 alpha-2")
    alpha_3: str | None = PField(None, description="ISO 3166-1 alpha-3, or null for codes ISO does not assign.")
    name: str
    event_count: int


class CountryList(Output):
    """Every country involved in an event, most events first."""

    items: list[CountryPublic]


class ParseRequest(BaseModel):
    """A text to resolve and extract; nothing is stored."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "Germany announced March 7 that it would not ban Huawei.", "published_at": "2019-03-12"}
            ]
        },
    )
    text: Annotated[CleanStr, PField(min_length=1)]
    published_at: PublishedAt
    source: Annotated[CleanStr | None, PField(max_length=200)] = None
    language: Language | None = None
    content_type: Literal["text/plain", "text/html"] = "text/plain"


class TimexPublic(Output):
    """A time expression with its TIMEX3 value and offsets into the text."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    mod: str | None = PField(None, description="TIMEX3 mod (BEFORE, AFTER, START, END, ...), or null.")
    granularity: Granularity | None = PField(None, description="Null when the value denotes no interval of days.")
    interval_start: date | None = None
    interval_end: date | None = None
    anchor: TimexAnchor
    anchor_value: str | None = PField(None, description="The value it was resolved against, when relative.")
    in_name: bool = PField(False, description='True inside a name ("the March 1st Movement"): not a date of the story.')


class ParsedActor(_NamedInText, _ActorRole, _ActorName):
    """An actor as the text names it (nothing stored, so no id)."""


class ParsedReportedBy(_NamedInText, _ActorName):
    """Who reported the happening, as the text names them (nothing stored, so no id)."""


class ParsedEvidence(_EvidenceShape):
    """The evidence of an extracted event, with offsets into the text."""


class ParsedEvent(_EventShape[ParsedActor]):
    """An event extracted from the text."""

    evidence: list[ParsedEvidence]


class ParseResult(Output):
    """The time expressions and events of a text."""

    timexes: list[TimexPublic]
    events: list[ParsedEvent]
    warnings: list[str] = []


class Health(Output):
    """Liveness, and whether the database answers."""

    status: Literal["ok", "degraded"]
    database: Literal["ok", "unavailable"]
    version: str


class Readiness(Output):
    """Whether the service can take requests: the model loaded, the database reachable and migrated."""

    status: Literal["ready", "not ready"]
    model: Literal["loaded", "loading", "not loaded", "failed"] = PField(
        description="The NLP pipeline used by ingest and parse."
    )
    database: Literal["ok", "unavailable"]
    schema_version: Literal["current", "outdated", "unknown"] = PField(
        description="Whether the database is migrated to this code's schema."
    )
    version: str


class TimelineDate(BaseModel):
    """A TimelineJS date: as precise as the event's date (month and day left out when not known)."""

    year: int
    month: int | SkipJsonSchema[None] = None
    day: int | SkipJsonSchema[None] = None


class TimelineText(BaseModel):
    """Headline and body of a slide (HTML; article text is escaped)."""

    headline: str
    text: str


class TimelineEvent(BaseModel):
    """A TimelineJS slide for one event."""

    unique_id: str
    start_date: TimelineDate
    end_date: TimelineDate | SkipJsonSchema[None] = PField(None, description="Left out for a single day.")
    text: TimelineText
    group: str | SkipJsonSchema[None] = PField(None, description="The event's countries; left out when none.")


class TimelineTitle(BaseModel):
    """The title slide."""

    text: TimelineText


class Timeline(BaseModel):
    """TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html); fields without a value are left out."""

    title: TimelineTitle
    events: list[TimelineEvent]


class ProblemError(BaseModel):
    """One invalid field: where it is (`["query", "country"]`) and what is wrong with it."""

    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """An RFC 9457 problem detail."""

    type: str = PField(description="Always about:blank: `status` and `title` say what happened.")
    title: str = PField(description="The HTTP status phrase.")
    status: int
    detail: str = PField(description="What went wrong, naming the field (`country: unknown country 'XX' ...`).")
    instance: str = PField(description="The request path.")
    errors: list[ProblemError] | SkipJsonSchema[None] = PField(
        None, description="Each invalid field; left out when none.", json_schema_extra=lambda s: s.pop("default", None)
    )
    request_id: str | SkipJsonSchema[None] = PField(
        None,
        description="On a 500: the request's id (also its X-Request-ID header), under which the failure is logged.",
        json_schema_extra=lambda s: s.pop("default", None),
    )


class HistogramCount(Output):
    """A group's count in one bucket."""

    key: str = PField(description="The group's key (see `groups`), or `other`.")
    count: int


class HistogramBucket(Output):
    """The events whose first day falls in [start, end]."""

    start: date
    end: date
    count: int = PField(description="Events in the bucket (each once, whatever its groups).")
    groups: list[HistogramCount] = PField(
        description="Counts of the named groups and `other` in this bucket (zeros left out)."
    )


class HistogramGroup(Output):
    """A group the buckets are split by."""

    key: str = PField(description="ISO alpha-2 code, actor id, event type (`none` for untyped) or `other`.")
    label: str
    count: int = PField(description="Its events over every bucket.")


class EventHistogram(Output):
    """Event counts over time."""

    interval: str = PField(examples=["month"])
    by: str | None = PField(None, description="What the buckets are split by, or null.")
    groups: list[HistogramGroup] = PField(
        description="The named groups, most events first, then `other` when more exist."
    )
    buckets: list[HistogramBucket]


# --------------------------------------------------------------------------- ingest jobs (the queue, PostgreSQL)


class JobStatus(StrEnum):
    """`queued` (waiting for a worker, or to run again after its worker was lost), `running`, `done` (the articles
    are stored: `result`), `failed` (nothing of it was stored: `problem`)."""

    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class JobKind(StrEnum):
    """What was queued: one article (`POST /v1/articles`) or a batch (`POST /v1/articles/batch`)."""

    article = "article"
    batch = "batch"


class JobItem(Output):
    """One article of a finished job, at its position in the request."""

    index: int
    article_id: int
    created: bool = PField(description="False when the article was stored already (before this job, or by an "
                           "earlier attempt of it whose worker was lost).")
    event_ids: list[int] = PField(description="The events the article reports (merged with other reports).")


class JobResult(Output):
    """The stored articles of a done job, in request order."""

    items: list[JobItem]


class Job(Output):
    """An asynchronous ingest: the articles of one request, run by one of the queue's workers."""

    id: int
    kind: JobKind
    status: JobStatus
    article_count: int = PField(description="Articles in the job.")
    attempts: int = PField(description="Times a worker took it up (more than one after a worker was lost, or the "
                           "database was away).")
    created_at: datetime = PField(description="When it was queued (UTC).")
    started_at: datetime | None = PField(description="When a worker last took it up; null while queued the first time.")
    finished_at: datetime | None = PField(description="When it ended; null while queued or running.")
    result: JobResult | None = PField(description="When done: the stored articles and their events; else null.")
    problem: Problem | None = PField(description="When failed: the problem the request would have answered "
                                     "synchronously (a 422 naming the field, a 409, ...); else null.")

    @field_serializer("problem", mode="wrap")
    def _problem_as_sent(self, value, handler):
        # as a problem document is sent: the optional members left out when absent, never null
        out = handler(value)
        return {k: v for k, v in out.items() if v is not None} if isinstance(out, dict) else out

"""POST /v1/parse: the resolver and the extractor on one text; nothing is stored."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from app.api.deps import SettingsDep, require_write
from app.api.errors import field_error
from app.api.responses import errors
from app.api.serialize import event_fields, evidence_fields, granularity, kind, role
from app.models import (
    ParsedActor,
    ParsedEvent,
    ParsedEvidence,
    ParsedReportedBy,
    ParseRequest,
    ParseResult,
    TimexPublic,
)
from app.temporal.iso import parse_iso

# the costliest operation: under the same key rule as the writes
router = APIRouter(tags=["parse"], dependencies=[Depends(require_write)])


@router.post(
    "/v1/parse",
    operation_id="parseText",
    response_model=ParseResult,
    summary="Parse a text",
    description="The time expressions and events of a text, resolved against `published_at`; nothing is "
    "stored. Needs an API key whenever writes do (DATELINE_API_KEYS); counts against the extraction time budget "
    "(DATELINE_EXTRACT_BUDGET_S: a 422 when it runs out).",
    responses=errors(400, 401, 413, 422),
)
def parse_text(body: ParseRequest, settings: SettingsDep) -> ParseResult:
    size = len(body.text.encode("utf-8"))
    if size > settings.max_text_bytes:
        raise field_error(["body", "text"], f"{size} bytes, over the limit of {settings.max_text_bytes}", status=413)
    from app import budget
    from app.extraction import extract
    from app.extraction.errors import ExtractionInputError

    budget.budget_s.set(settings.extract_budget_s)
    try:
        # the extractor runs the resolver (with the parser's sentence and tense hints) and keeps its expressions
        result = budget.call(extract, body.text, parse_iso(body.published_at), source=body.source,
                             language=body.language, content_type=body.content_type)
    except ExtractionInputError as e:  # input it refuses; any other exception is a bug, a logged 500
        raise field_error(["body", e.field], e.problem) from None
    except budget.BudgetExceeded as e:
        raise field_error(["body", "text"], f"{e} (DATELINE_EXTRACT_BUDGET_S)") from None
    timexes = result.timexes
    return ParseResult(
        timexes=[_timex(t) for t in timexes],
        events=[
            ParsedEvent(
                **event_fields(e),
                actors=[
                    ParsedActor(
                        name=a.name, kind=kind(a.kind), role=role(a.role), country=a.country, aliases=list(a.aliases)
                    )
                    for a in e.actors
                ],
                countries=list(e.countries),
                evidence=[ParsedEvidence(**evidence_fields(x, _sayer(x.reported_by))) for x in e.evidence],
            )
            for e in result.events
        ],
        warnings=list(result.warnings),
    )


def _sayer(r) -> ParsedReportedBy | None:
    if r is None:
        return None
    return ParsedReportedBy(name=r.name, kind=kind(r.kind), country=r.country, aliases=list(r.aliases))


def _timex(t) -> TimexPublic:
    fields = {k: v for k, v in t.to_dict().items() if k in TimexPublic.model_fields}
    if fields.get("granularity") is not None:
        fields["granularity"] = granularity(fields["granularity"])
    return TimexPublic(**fields)

"""Articles: ingest (one or a batch, idempotent), list, read, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlmodel import Session

from app import budget
from app.api.deps import (
    Cursor,
    IdPath,
    Limit,
    SessionDep,
    SettingsDep,
    clean_query,
    get_or_404,
    not_found,
    require_read,
    require_write,
)
from app.api.errors import ProblemException, field_error
from app.api.listing import Keyset, list_page
from app.api.responses import errors
from app.api.serialize import article_public, articles_public, events_public, job_public
from app.config import Settings
from app.ingest import (
    BatchConflict,
    BatchExtractionFailed,
    ExtractionFailed,
    batch_conflicts,
    ingest,
    ingest_many,
)
from app.models import (
    Article,
    ArticleBatch,
    ArticleCreate,
    ArticleCreated,
    ArticleDetail,
    ArticlePage,
    BatchItem,
    BatchResult,
    Event,
    Job,
)
from app.store.articles import ExternalIdConflict, Stored, delete_article

read = APIRouter(tags=["articles"], dependencies=[Depends(require_read)])
ARTICLES = Keyset("articles", Article.id)  # in the order they were stored
write = APIRouter(tags=["articles"], dependencies=[Depends(require_write)])


def _check_size(settings: Settings, article: ArticleCreate, loc: list) -> None:
    size = len(article.text.encode("utf-8"))
    if size > settings.max_text_bytes:
        raise field_error(loc + ["text"], f"{size} bytes, over the limit of {settings.max_text_bytes}", status=413)


def _conflict(loc: list, c: ExternalIdConflict) -> ProblemException:
    where = f"stored as article {c.article_id}" if c.article_id else "given earlier in this batch"
    msg = (f"{c.external_id!r} is {where} with a different source or text; an external_id names one article "
           "(delete it to replace it)")
    return field_error(loc + ["external_id"], msg, status=409)


def over_budget(loc: list, e: budget.BudgetExceeded) -> ProblemException:
    return field_error(loc, f"{e} (DATELINE_EXTRACT_BUDGET_S); nothing was stored: split or shorten the text")


def ingest_problem(e: Exception, batch: bool) -> ProblemException | None:
    """The problem an ingest request answers when ingest raised `e` (for one article, or a batch); None when `e` is
    no fault of the input (a bug, or the database). The queue's workers record the same for an asynchronous request."""
    if batch:
        loc = ["body", "articles"]
        if isinstance(e, budget.BudgetExceeded):
            return over_budget(loc, e)
        if isinstance(e, BatchExtractionFailed):
            return field_error(loc + [e.index, e.field], e.problem)
        if isinstance(e, BatchConflict):
            return _conflict(loc + [e.index], e)
        return None
    if isinstance(e, budget.BudgetExceeded):
        return over_budget(["body", "text"], e)
    if isinstance(e, ExtractionFailed):
        return field_error(["body", e.field], e.problem)
    if isinstance(e, ExternalIdConflict):
        return _conflict(["body"], e)
    return None


def _ingest(store, *args, batch: bool):
    """`store(*args)` (ingest or ingest_many), a fault of the input answered as its problem (ingest_problem)."""
    try:
        return store(*args)
    except Exception as e:
        problem = ingest_problem(e, batch=batch)
        if problem is None:
            raise
        raise problem from None


# --------------------------------------------------------------------------- asynchronous ingest (the job queue)

PreferHeader = Annotated[
    str | None,
    Header(
        alias="Prefer", max_length=200,
        description="`respond-async`: answer 202 at once with a job (`GET /v1/jobs/{id}`) that the queue's workers run "
        "(PostgreSQL only; on SQLite a 422). Without it the articles are ingested within the request.",
    ),
]


JOB_HEADERS = {"Location": {"description": "The job: `/v1/jobs/{id}`.", "schema": {"type": "string"}},
               "Preference-Applied": {"description": "`respond-async`.", "schema": {"type": "string"}}}


def _ingest_responses(model, nothing_added: str) -> dict:
    """The answers of an ingest operation besides its 201: 200 when nothing was added, 202 with a job
    (`Prefer: respond-async`), and its problems."""
    return {
        200: {"model": model, "description": nothing_added},
        202: {"model": Job, "description": "Queued (`Prefer: respond-async`): follow the job at `Location`",
              "headers": JOB_HEADERS},
        **errors(400, 401, 409, 413, 422),
    }


def wants_async(prefer: str | None) -> bool:
    """Whether a Prefer header (RFC 7240: comma-separated preferences, each maybe with parameters) asks
    respond-async."""
    return any(p.split(";")[0].split("=")[0].strip().lower() == "respond-async" for p in (prefer or "").split(","))


def _enqueue(request: Request, settings: Settings, articles: list[ArticleCreate], batch: bool) -> JSONResponse:
    from app import jobs

    if not jobs.is_postgres(settings.database_url):
        raise field_error(["header", "Prefer"], "respond-async needs the job queue, which runs on PostgreSQL: set "
                          "DATABASE_URL to a postgresql:// database and start `dateline worker`; without the header, "
                          "ingest answers within the request")
    payload = [a.model_dump(mode="json") for a in articles]
    try:
        job_id = jobs.enqueue(settings.database_url, payload, batch)
    except jobs.QueueDown:
        raise ProblemException(503, "database: unavailable, try again later", headers={"Retry-After": "5"}) from None
    with Session(request.app.state.engine) as session:
        state = jobs.job_state(session, job_id)
    return JSONResponse(job_public(state).model_dump(mode="json"), status_code=202,
                        headers={"Location": f"/v1/jobs/{job_id}", "Preference-Applied": "respond-async"})


def _created(session, stored: Stored) -> ArticleCreated:
    events = (
        session.execute(select(Event).where(Event.id.in_(stored.event_ids)).order_by(Event.date_start, Event.id))
        .scalars()
        .all()
        if stored.event_ids
        else []
    )
    base = article_public(stored.article, len(stored.event_ids))
    return ArticleCreated(
        **base.model_dump(), created=stored.created, events=events_public(session, events), warnings=stored.warnings
    )


@write.post(
    "/v1/articles",
    operation_id="createArticle",
    status_code=201,
    response_model=ArticleCreated,
    summary="Ingest one article",
    description="Extracts its events and stores them in one transaction, merging with stored events that report the "
    "same happening. The same article again (same external_id, or same source and text) answers 200 with the stored "
    "one. "
    "external_id wins: the same external_id with a different source or text answers 409 and changes nothing (delete "
    "the stored article to replace it). With `Prefer: respond-async` (PostgreSQL), answers 202 with a job instead: "
    "a worker ingests the article and `GET /v1/jobs/{id}` tells how it ended.",
    responses=_ingest_responses(ArticleCreated, "Already stored: nothing was added"),
)
def create_article(
    article: ArticleCreate,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    prefer: PreferHeader = None,
) -> ArticleCreated:
    _check_size(settings, article, ["body"])
    if wants_async(prefer):
        session.close()
        return _enqueue(request, settings, [article], False)
    budget.budget_s.set(settings.extract_budget_s)
    stored = _ingest(ingest, session, article, batch=False)
    if not stored.created:
        response.status_code = 200
    return _created(session, stored)


@write.post(
    "/v1/articles/batch",
    operation_id="createArticles",
    status_code=201,
    response_model=BatchResult,
    summary="Ingest a batch of articles",
    description="At most DATELINE_MAX_BATCH articles (default 100). Each article is stored in its own transaction, "
    "in order; `created` is false for one already stored. "
    "Answers 201 when at least one article was added, else 200. An external_id stored (or given earlier in the batch) "
    "with a different source or text answers 409, and nothing of the batch is stored. With `Prefer: respond-async` "
    "(PostgreSQL), answers 202 with one job for the batch, which a worker ingests the same way.",
    responses=_ingest_responses(BatchResult, "Every article was already stored"),
)
def create_articles(
    batch: ArticleBatch,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    prefer: PreferHeader = None,
) -> BatchResult:
    if len(batch.articles) > settings.max_batch:
        raise field_error(
            ["body", "articles"],
            f"{len(batch.articles)} articles, over the batch limit of {settings.max_batch}",
            status=413,
        )
    for i, a in enumerate(batch.articles):
        _check_size(settings, a, ["body", "articles", i])
    if wants_async(prefer):
        try:
            batch_conflicts(batch.articles)
        except BatchConflict as c:
            raise _conflict(["body", "articles", c.index], c) from None
        session.close()
        return _enqueue(request, settings, batch.articles, True)
    budget.budget_s.set(settings.extract_budget_s)
    stored = _ingest(ingest_many, session, batch.articles, batch=True)
    items = [BatchItem(index=i, created=s.created, article=_created(session, s)) for i, s in enumerate(stored)]
    if not any(it.created for it in items):
        response.status_code = 200
    return BatchResult(items=items)


@read.get("/v1/articles", operation_id="listArticles", response_model=ArticlePage, summary="List articles",
          description="Stored articles (without their text) in the order they were stored, a page at a time.",
          responses=errors(401, 422))
def list_articles(
    session: SessionDep,
    limit: Limit = 50,
    cursor: Cursor = None,
    source: Annotated[str | None, Query(max_length=200, description="Only this source (any case).")] = None,
) -> ArticlePage:
    q = select(Article)
    source = clean_query("source", source)
    if source:
        q = q.where(func.lower(Article.source) == source.lower())
    rows, nxt = list_page(session, q, ARTICLES, limit, cursor)
    return ArticlePage(items=articles_public(session, rows), next_cursor=nxt)


@read.get("/v1/articles/{id}", operation_id="getArticle", response_model=ArticleDetail, summary="Get one article",
          description="A stored article with the text its evidence offsets refer to.", responses=errors(401, 404, 422))
def get_article(session: SessionDep, id: IdPath) -> ArticleDetail:
    row = get_or_404(session, Article, id, "article")
    pub = articles_public(session, [row])[0]
    return ArticleDetail(**pub.model_dump(), text=row.text)


@write.delete(
    "/v1/articles/{id}",
    operation_id="deleteArticle",
    status_code=204,
    summary="Delete an article and the evidence it gave",
    description="Events left without evidence are deleted; the others are re-dated by their most precise remaining "
    "evidence.",
    responses=errors(401, 404, 422),
)
def remove_article(session: SessionDep, id: IdPath) -> Response:
    if not delete_article(session, id):
        raise not_found("article", id)
    return Response(status_code=204)


"""Articles: ingest (one or a batch, idempotent), list, read, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import func, select

from app import budget
from app.api.deps import (
    IdPath,
    Cursor,
    Limit,
    SessionDep,
    SettingsDep,
    clean_query,
    decode_cursor,
    encode_cursor,
    not_found,
    require_read,
    require_write,
)
from app.api.errors import ProblemException, field_error
from app.api.responses import errors
from app.api.serialize import article_public, articles_public, events_public
from app.config import Settings
from app.ingest import (
    BatchConflict,
    BatchExtractionFailed,
    ExternalIdConflict,
    ExtractionFailed,
    Stored,
    delete_article,
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
)

read = APIRouter(tags=["articles"], dependencies=[Depends(require_read)])
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


def _ingest(session, article: ArticleCreate, loc: list) -> Stored:
    try:
        return ingest(session, article)
    except budget.BudgetExceeded as e:
        raise over_budget(loc + ["text"], e) from None
    except ExtractionFailed as e:
        raise field_error(loc + [e.field], e.problem) from None
    except ExternalIdConflict as c:
        raise _conflict(loc, c) from None


def _created(session, stored: Stored) -> ArticleCreated:
    events = session.execute(select(Event).where(Event.id.in_(stored.event_ids)).order_by(Event.date_start, Event.id)).scalars().all() if stored.event_ids else []
    base = article_public(stored.article, len(stored.event_ids))
    return ArticleCreated(**base.model_dump(), created=stored.created, events=events_public(session, events), warnings=stored.warnings)


@write.post(
    "/v1/articles",
    operation_id="createArticle",
    status_code=201,
    response_model=ArticleCreated,
    summary="Ingest one article",
    description="Extracts its events and stores them in one transaction, merging with stored events that report the same "
    "happening. The same article again (same external_id, or same source and text) answers 200 with the stored one. "
    "external_id wins: the same external_id with a different source or text answers 409 and changes nothing (delete "
    "the stored article to replace it).",
    responses={200: {"model": ArticleCreated, "description": "Already stored: nothing was added"}, **errors(400, 401, 409, 413, 422)},
)
def create_article(article: ArticleCreate, session: SessionDep, settings: SettingsDep, response: Response) -> ArticleCreated:
    _check_size(settings, article, ["body"])
    budget.budget_s.set(settings.extract_budget_s)
    stored = _ingest(session, article, ["body"])
    if not stored.created:
        response.status_code = 200
    return _created(session, stored)


@write.post(
    "/v1/articles/batch",
    operation_id="createArticles",
    status_code=201,
    response_model=BatchResult,
    summary="Ingest a batch of articles",
    description="At most DATELINE_MAX_BATCH articles (default 100). Each article is stored in its own transaction, in order; `created` is false for one already stored. "
    "Answers 201 when at least one article was added, else 200. An external_id stored (or given earlier in the batch) "
    "with a different source or text answers 409, and nothing of the batch is stored.",
    responses={200: {"model": BatchResult, "description": "Every article was already stored"}, **errors(400, 401, 409, 413, 422)},
)
def create_articles(batch: ArticleBatch, session: SessionDep, settings: SettingsDep, response: Response) -> BatchResult:
    if len(batch.articles) > settings.max_batch:
        raise field_error(["body", "articles"], f"{len(batch.articles)} articles, over the batch limit of {settings.max_batch}", status=413)
    for i, a in enumerate(batch.articles):
        _check_size(settings, a, ["body", "articles", i])
    budget.budget_s.set(settings.extract_budget_s)
    try:
        stored = ingest_many(session, batch.articles)
    except budget.BudgetExceeded as e:
        raise over_budget(["body", "articles"], e) from None
    except BatchExtractionFailed as e:
        raise field_error(["body", "articles", e.index, e.field], e.problem) from None
    except BatchConflict as c:
        raise _conflict(["body", "articles", c.index], c) from None
    items = [BatchItem(index=i, created=s.created, article=_created(session, s)) for i, s in enumerate(stored)]
    if not any(it.created for it in items):
        response.status_code = 200
    return BatchResult(items=items)


@read.get("/v1/articles", operation_id="listArticles", response_model=ArticlePage, summary="List articles", description="Stored articles (without their text) in the order they were stored, a page at a time.", responses=errors(401, 422))
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
    if cursor:
        _, after = decode_cursor(cursor, "articles")
        q = q.where(Article.id > after)
    rows = list(session.execute(q.order_by(Article.id).limit(limit + 1)).scalars())
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        nxt = encode_cursor("articles", None, rows[-1].id)
    return ArticlePage(items=articles_public(session, rows), next_cursor=nxt)


@read.get("/v1/articles/{id}", operation_id="getArticle", response_model=ArticleDetail, summary="Get one article", description="A stored article with the text its evidence offsets refer to.", responses=errors(401, 404, 422))
def get_article(session: SessionDep, id: IdPath) -> ArticleDetail:
    row = session.get(Article, id)
    if row is None:
        raise not_found("article", id)
    pub = articles_public(session, [row])[0]
    return ArticleDetail(**pub.model_dump(), text=row.text)


@write.delete(
    "/v1/articles/{id}",
    operation_id="deleteArticle",
    status_code=204,
    summary="Delete an article and the evidence it gave",
    description="Events left without evidence are deleted; the others are re-dated by their most precise remaining evidence.",
    responses=errors(401, 404, 422),
)
def remove_article(session: SessionDep, id: IdPath) -> Response:
    if not delete_article(session, id):
        raise not_found("article", id)
    return Response(status_code=204)


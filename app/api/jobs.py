"""GET /v1/jobs/{id}: an asynchronous ingest's state (the job queue, PostgreSQL)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from app.api.deps import SessionDep, SettingsDep, not_found, require_read
from app.api.responses import errors
from app.api.serialize import job_public
from app.models import Job

router = APIRouter(tags=["jobs"], dependencies=[Depends(require_read)])

JobIdPath = Annotated[int, Path(ge=1, le=2**63 - 1, description="The job's id (from the 202 answer and its Location).")]


@router.get(
    "/v1/jobs/{id}", operation_id="getJob", response_model=Job, summary="Get an ingest job",
    description="The state of an asynchronous ingest (`Prefer: respond-async` on `POST /v1/articles` or "
    "`/v1/articles/batch`): `queued`, `running`, `done` with the stored article and event ids, or `failed` with the "
    "problem the request would have answered. Jobs exist only with the queue, on PostgreSQL.",
    responses=errors(401, 404, 422),
)
def get_job(session: SessionDep, settings: SettingsDep, id: JobIdPath) -> Job:
    from app import jobs

    if not jobs.is_postgres(settings.database_url):
        raise not_found("job", id)
    state = jobs.job_state(session, id)
    if state is None:
        raise not_found("job", id)
    return job_public(state)

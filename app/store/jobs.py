"""What a queued ingest job ended with (`job_outcome`, PostgreSQL): the stored ids, or the problem a synchronous
request would have answered."""

from __future__ import annotations

import json

from sqlalchemy import text as sql
from sqlmodel import Session

_RECORD = sql(
    "INSERT INTO job_outcome (job_id, status, result, problem) VALUES (:id, :status, CAST(:result AS json), "
    "CAST(:problem AS json)) ON CONFLICT (job_id) DO UPDATE SET status = EXCLUDED.status, "
    "result = EXCLUDED.result, problem = EXCLUDED.problem, finished_at = now()"
)


def record_outcome(session: Session, job_id: int, outcome: dict) -> None:
    """Record (or replace: a job run again) the job's outcome, {status, result, problem}, and commit."""
    session.execute(
        _RECORD,
        {"id": job_id, "status": outcome["status"], "result": json.dumps(outcome["result"]),
         "problem": json.dumps(outcome["problem"])},
    )
    session.commit()

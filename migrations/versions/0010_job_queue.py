"""The ingest job queue (PostgreSQL only): procrastinate's schema and job_outcome, what each ingest job ended with

The queue lives in PostgreSQL; on SQLite (the embedded default) ingest stays in-process and this revision changes
nothing. procrastinate's schema is the one its pinned release (3.10.0) ships, applied as it ships it: a later upgrade
of the package comes with a revision of its own that applies procrastinate's migration scripts for that step.

Revision ID: 0010
Revises: 0008
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

PROCRASTINATE = "3.10.0"  # the release whose schema this revision applies


def _schema() -> str:
    from importlib.metadata import version

    from procrastinate.schema import SchemaManager

    found = version("procrastinate")
    if found != PROCRASTINATE:
        raise RuntimeError(f"revision 0010 applies procrastinate {PROCRASTINATE}'s schema; procrastinate {found} is installed "
                           "(install the pinned dependencies: requirements.lock)")
    return SchemaManager.get_schema()


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # the script as procrastinate runs it itself: one simple-protocol execution, no parameters
    bind.exec_driver_sql(_schema().replace("%", "%%"))
    op.create_table(
        "job_outcome",
        sa.Column("job_id", sa.BigInteger(), sa.ForeignKey("procrastinate_jobs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("status", sa.String(length=16), nullable=False),  # done | failed
        sa.Column("result", sa.JSON(), nullable=True),  # done: {"items": [{index, article_id, created, event_ids}]}
        sa.Column("problem", sa.JSON(), nullable=True),  # failed: the problem document the synchronous request would answer
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.drop_table("job_outcome")
    schema = _schema()
    for table in reversed(re.findall(r"^CREATE TABLE (\w+)", schema, re.M)):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    for function in dict.fromkeys(re.findall(r"^CREATE FUNCTION (\w+)\(", schema, re.M)):
        op.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    for type_ in reversed(re.findall(r"^CREATE TYPE (\w+)", schema, re.M)):
        op.execute(f"DROP TYPE IF EXISTS {type_} CASCADE")

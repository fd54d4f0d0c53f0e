"""evidence: the trigger word and its offsets, how the value was dated, who reported it; event: how it is dated

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

REPORTED_BY_FK = "fk_evidence_reported_by_id_actor"


def upgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trigger_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("trigger_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("trigger_end", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("dated_by", sa.String(length=16), nullable=False, server_default="text"))
        batch_op.add_column(sa.Column("reported_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(REPORTED_BY_FK, "actor", ["reported_by_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_evidence_reported_by_id"), ["reported_by_id"], unique=False)

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dated_by", sa.String(length=16), nullable=False, server_default="text"))
        batch_op.create_index("ix_event_dated_by_date_start_id", ["dated_by", "date_start", "id"], unique=False)


def downgrade() -> None:
    # SQLite: an ALTER, not batch mode's copy-and-swap of the table, which with foreign keys on would cascade the
    # DROP of the old event table to every row that references an event
    with op.batch_alter_table("event", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_event_dated_by_date_start_id")
        batch_op.drop_column("dated_by")

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_reported_by_id"))
        batch_op.drop_constraint(REPORTED_BY_FK, type_="foreignkey")
        batch_op.drop_column("reported_by_id")
        batch_op.drop_column("dated_by")
        batch_op.drop_column("trigger_end")
        batch_op.drop_column("trigger_start")
        batch_op.drop_column("trigger_text")

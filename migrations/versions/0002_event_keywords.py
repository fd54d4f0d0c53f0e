"""event keywords: trigger and theme lemmas kept for merging later articles

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("keywords", sa.JSON(), nullable=True))


def downgrade() -> None:
    # SQLite: an ALTER, not a copy of the table, whose DROP would cascade to every row referencing an event
    with op.batch_alter_table("event", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("keywords")

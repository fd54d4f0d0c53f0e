"""event.updated_at: when the event last changed (created, merged with another report, re-dated), for a change feed

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a constant default lets SQLite add a NOT NULL column in place (an ALTER, never a copy-and-swap of the table,
    # which with foreign keys on would cascade to every row referencing an event); stored rows take their created_at
    with op.batch_alter_table("event", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False,
                      server_default=sa.text("'1970-01-01 00:00:00'"))
        )
    op.execute("UPDATE event SET updated_at = created_at")
    with op.batch_alter_table("event", schema=None, recreate="never") as batch_op:
        batch_op.create_index("ix_event_updated_at_id", ["updated_at", "id"], unique=False)


def downgrade() -> None:
    # an ALTER, not a copy-and-swap of the table (see 0004)
    with op.batch_alter_table("event", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_event_updated_at_id")
        batch_op.drop_column("updated_at")

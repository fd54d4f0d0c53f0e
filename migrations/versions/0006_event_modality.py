"""event.modality: asserted, negated, hypothetical or planned; only asserted events are listed by default

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # an ALTER with a constant default, never a copy-and-swap of the table (see 0004); stored events were asserted
    with op.batch_alter_table("event", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("modality", sa.String(length=16), nullable=False, server_default="asserted"))
        batch_op.create_index("ix_event_modality_date_start_id", ["modality", "date_start", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_event_modality_date_start_id")
        batch_op.drop_column("modality")

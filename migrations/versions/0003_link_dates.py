"""event dates copied onto event_actor and event_country, indexed for actor/country + date filters

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

LINKS = {
    "event_actor": ("actor_id", "ix_event_actor_actor_event", "ix_event_actor_actor_dates"),
    "event_country": ("country", "ix_event_country_country_event", "ix_event_country_country_dates"),
}


def upgrade() -> None:
    for table, (key, old_index, new_index) in LINKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("date_start", sa.Date(), nullable=True))
            batch_op.add_column(sa.Column("date_end", sa.Date(), nullable=True))
        op.execute(
            f"UPDATE {table} SET date_start = (SELECT date_start FROM event WHERE event.id = {table}.event_id), "
            f"date_end = (SELECT date_end FROM event WHERE event.id = {table}.event_id)"
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("date_start", existing_type=sa.Date(), nullable=False)
            batch_op.alter_column("date_end", existing_type=sa.Date(), nullable=False)
            batch_op.drop_index(old_index)
            batch_op.create_index(new_index, [key, "date_start", "date_end", "event_id"], unique=False)


def downgrade() -> None:
    for table, (key, old_index, new_index) in LINKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(new_index)
            batch_op.create_index(old_index, [key, "event_id"], unique=False)
            batch_op.drop_column("date_end")
            batch_op.drop_column("date_start")

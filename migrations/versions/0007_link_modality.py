"""event modality copied onto event_actor and event_country (as the dates are), indexed for the filters and the histogram

Every listing, count and histogram filters on modality (asserted by default). With the modality on the link tables an
actor, country or histogram query reads one index per link table and never joins back to `event`.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# table -> (key column, index replaced, its replacement)
LINKS = {
    "event_actor": ("actor_id", "ix_event_actor_actor_dates", "ix_event_actor_actor_modality_dates"),
    "event_country": ("country", "ix_event_country_country_dates", "ix_event_country_country_modality_dates"),
}
# every country of every event in a date range (GET /v1/countries, the histogram by country without a country filter)
COUNTRY_SCAN = "ix_event_country_modality_dates_country"


def upgrade() -> None:
    for table, (key, old_index, new_index) in LINKS.items():
        # an ALTER with a constant default, never a copy-and-swap of the table (see 0004)
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.add_column(sa.Column("modality", sa.String(length=16), nullable=False, server_default="asserted"))
        # the default is right for asserted events: only the others are rewritten
        op.execute(
            f"UPDATE {table} SET modality = (SELECT event.modality FROM event WHERE event.id = {table}.event_id) "
            f"WHERE {table}.event_id IN (SELECT event.id FROM event WHERE event.modality <> 'asserted')"
        )
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.drop_index(old_index)
            batch_op.create_index(new_index, [key, "modality", "date_start", "date_end", "event_id"], unique=False)
    with op.batch_alter_table("event_country", schema=None, recreate="never") as batch_op:
        batch_op.create_index(COUNTRY_SCAN, ["modality", "date_start", "date_end", "country"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_country", schema=None, recreate="never") as batch_op:
        batch_op.drop_index(COUNTRY_SCAN)
    for table, (key, old_index, new_index) in LINKS.items():
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.drop_index(new_index)
            batch_op.create_index(old_index, [key, "date_start", "date_end", "event_id"], unique=False)
            batch_op.drop_column("modality")

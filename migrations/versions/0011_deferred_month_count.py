"""event_month_count's triggers fire at commit on PostgreSQL (deferred constraint triggers)

Concurrent writers store in parallel (each locks its own candidate groups). A counter row of event_month_count (a
month, a modality, a country) is shared by every event of that month: updated by a trigger as each event was written,
it stayed locked until the writer's commit, so two stores of events of one month took turns for their whole
transaction. Fired at commit instead, a counter row is locked for the commit only. The counts are the same: the
trigger function is unchanged, and a deferred row trigger sees each row as the statement that queued it wrote it.
SQLite keeps its triggers (one writer at a time).

Revision ID: 0011
Revises: 0010
"""
from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = ("event", "event_country")
EVENTS = "AFTER INSERT OR DELETE OR UPDATE OF date_start, modality"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_month_count ON {table}")
        op.execute(f"CREATE CONSTRAINT TRIGGER {table}_month_count {EVENTS} ON {table} DEFERRABLE INITIALLY DEFERRED "
                   f"FOR EACH ROW EXECUTE FUNCTION {table}_month_count()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_month_count ON {table}")
        op.execute(f"CREATE TRIGGER {table}_month_count {EVENTS} ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_month_count()")

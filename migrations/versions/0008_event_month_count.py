"""event_month_count: events per month of their first day, modality and country, kept by triggers

The histogram's widest request, every event per month (or year) and country, reads these few rows instead of every
link. Triggers on `event` and `event_country` keep the counts on every write (insert, re-dating, delete, a cascade);
`country` '' counts every event once.

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (trigger source table, the country it counts under)
SOURCES = {"event": "''", "event_country": "{row}.country"}


def _sqlite_month(row: str) -> str:
    return f"substr({row}.date_start, 1, 7) || '-01'"


def _sqlite_triggers() -> list[str]:
    out = []
    for table, country in SOURCES.items():
        def add(row):
            return (f"INSERT INTO event_month_count (month, modality, country, n) VALUES ({_sqlite_month(row)}, "
                    f"{row}.modality, {country.format(row=row)}, 1) "
                    f"ON CONFLICT (month, modality, country) DO UPDATE SET n = n + 1;")

        def sub(row):
            return (f"UPDATE event_month_count SET n = n - 1 WHERE month = {_sqlite_month(row)} AND modality = {row}.modality "
                    f"AND country = {country.format(row=row)};")

        out += [
            f"CREATE TRIGGER {table}_month_count_insert AFTER INSERT ON {table} BEGIN {add('NEW')} END",
            f"CREATE TRIGGER {table}_month_count_delete AFTER DELETE ON {table} BEGIN {sub('OLD')} END",
            f"CREATE TRIGGER {table}_month_count_update AFTER UPDATE OF date_start, modality ON {table} "
            f"WHEN {_sqlite_month('OLD')} <> {_sqlite_month('NEW')} OR OLD.modality <> NEW.modality "
            f"BEGIN {sub('OLD')} {add('NEW')} END",
        ]
    return out


def _pg_triggers() -> list[str]:
    out = []
    for table, country in SOURCES.items():
        month = "date_trunc('month', {row}.date_start)::date"
        out += [
            f"""CREATE FUNCTION {table}_month_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND {month.format(row='OLD')} = {month.format(row='NEW')} AND OLD.modality = NEW.modality THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE event_month_count SET n = n - 1
     WHERE month = {month.format(row='OLD')} AND modality = OLD.modality AND country = {country.format(row='OLD')};
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO event_month_count (month, modality, country, n)
    VALUES ({month.format(row='NEW')}, NEW.modality, {country.format(row='NEW')}, 1)
    ON CONFLICT (month, modality, country) DO UPDATE SET n = event_month_count.n + 1;
  END IF;
  RETURN NULL;
END $$""",
            f"CREATE TRIGGER {table}_month_count AFTER INSERT OR DELETE OR UPDATE OF date_start, modality ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_month_count()",
        ]
    return out


def upgrade() -> None:
    op.create_table(
        "event_month_count",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "modality", "country"),
    )
    pg = op.get_bind().dialect.name == "postgresql"
    month = "date_trunc('month', date_start)::date" if pg else "substr(date_start, 1, 7) || '-01'"
    op.execute(f"INSERT INTO event_month_count (month, modality, country, n) "
               f"SELECT {month}, modality, '', count(*) FROM event GROUP BY 1, 2")
    op.execute(f"INSERT INTO event_month_count (month, modality, country, n) "
               f"SELECT {month}, modality, country, count(*) FROM event_country GROUP BY 1, 2, 3")
    for statement in _pg_triggers() if pg else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for table in SOURCES:
        if pg:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_month_count ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_month_count()")
        else:
            for what in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_month_count_{what}")
    op.drop_table("event_month_count")

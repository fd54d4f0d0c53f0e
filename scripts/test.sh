#!/usr/bin/env bash
# One command from a fresh clone: set up, start a throwaway PostgreSQL server, run the whole suite
# (SQLite and PostgreSQL), stop the server. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# lint first (ruff's rules, complexity and line length from pyproject.toml): the suite fails when lint fails
.venv/bin/ruff check app bench tests
pgdir=$(mktemp -d /tmp/dateline-pg.XXXXXX)
trap 'bash scripts/pg.sh stop "$pgdir"' EXIT
TEST_POSTGRES_URL=$(bash scripts/pg.sh start "$pgdir" "${PGPORT_TEST:-55432}")
export TEST_POSTGRES_URL
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"

#!/usr/bin/env bash
# One command from a fresh clone: set up, migrate the SQLite database, load the seeds, serve on localhost:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/dateline serve --migrate --seed "$@"

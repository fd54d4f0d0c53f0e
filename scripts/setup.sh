#!/usr/bin/env bash
# Creates .venv and installs the pinned, hash-checked dependencies and the project (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
UV_VERSION=0.13.9
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if ! .venv/bin/uv --version 2>/dev/null | grep -q "$UV_VERSION"; then
  .venv/bin/python -m pip install -q "uv==$UV_VERSION"
fi
.venv/bin/uv pip install -q --python .venv/bin/python --require-hashes -r requirements-dev.lock
.venv/bin/uv pip install -q --python .venv/bin/python --no-deps -e .

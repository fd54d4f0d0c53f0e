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
# Node tools and front-end packages for the tests (OpenAPI lint, TypeScript client, TimelineJS check), from the
# committed package-lock.json. The timeline page itself needs none of them: its assets are committed in app/static/vendor.
if command -v npm >/dev/null 2>&1; then
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.lock-installed; then
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.lock-installed
  fi
else
  echo "setup: npm not found: the OpenAPI lint, TypeScript client and TimelineJS tests will be skipped" >&2
fi

#!/usr/bin/env bash
# Copies the timeline page's front-end assets from node_modules (installed by scripts/setup.sh from package-lock.json)
# into app/static/vendor, where they are committed: the page and `scripts/serve.sh` need no Node.js.
# Run after changing the vis-timeline version in package.json; tests/api/test_api_page.py checks the copies match.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/vis-timeline
cp "$src/standalone/umd/vis-timeline-graph2d.min.js" app/static/vendor/
cp "$src/styles/vis-timeline-graph2d.min.css" app/static/vendor/
cp "$src/LICENSE.MIT.txt" app/static/vendor/vis-timeline-LICENSE.MIT.txt
ls -l app/static/vendor

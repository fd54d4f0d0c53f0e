#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: `scripts/pg.sh start DIR PORT` prints its URL; `scripts/pg.sh stop DIR`.
# `halt DIR` stops it at once keeping its data (an outage), `resume DIR PORT` starts it again.
# Installs Debian's postgresql when no server binaries are present. Runs as the 'postgres' user when started by root.
set -euo pipefail
cmd=$1 dir=$2 port=${3:-55432}
find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
run_server() {
  as_owner "$1/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
}
case "$cmd" in
  start)
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
        bin=$(find_bin)
      else
        echo "no PostgreSQL server binaries found: install Debian's 'postgresql' package" >&2; exit 1
      fi
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U dateline --auth=trust -E UTF8 >/dev/null
    run_server "$bin"
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U dateline dateline_test
    echo "postgresql+psycopg://dateline@127.0.0.1:$port/dateline_test"
    ;;
  stop)
    bin=$(find_bin)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
    rm -rf "$dir"
    ;;
  halt)
    as_owner "$(find_bin)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null
    ;;
  resume)
    run_server "$(find_bin)"
    ;;
  *) echo "usage: $0 start DIR [PORT] | stop DIR | halt DIR | resume DIR [PORT]" >&2; exit 2 ;;
esac

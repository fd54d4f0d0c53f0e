"""Streamed exports: GET /v1/events.csv and /v1/events.ndjson over 200,000 stored events, from a real uvicorn.

    python bench/export.py                                   # a fresh SQLite file in a temporary folder
    python bench/export.py --database-url postgresql+psycopg://user@127.0.0.1:5432/db   # an EMPTY PostgreSQL database

Prints, per format, the rows received, rows/s, and the server process's resident memory before the export and at
its peak during it (VmHWM, reset before each export): the export reads a page at a time, so the growth stays flat
whatever the number of events.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import load, running_server


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _reset_peak(pid: int) -> bool:
    """Reset the kernel's peak RSS (VmHWM) of the process; False where the kernel does not allow it."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def run_export(base: str, pid: int, path: str) -> tuple[int, float, int, int]:
    """(rows, seconds, RSS before in KiB, peak RSS during in KiB)."""
    before = _status_kb(pid, "VmRSS")
    exact = _reset_peak(pid)
    peak = [before]
    done = threading.Event()

    def sample():  # where VmHWM cannot be reset, sample VmRSS instead
        while not done.is_set():
            peak[0] = max(peak[0], _status_kb(pid, "VmRSS"))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rows = 0
    t = time.perf_counter()
    with httpx.stream("GET", base + path, timeout=600) as r:
        r.raise_for_status()
        for line in r.iter_lines():
            if line:
                rows += 1
    dt = time.perf_counter() - t
    done.set()
    sampler.join()
    if exact:
        peak[0] = max(peak[0], _status_kb(pid, "VmHWM"))
    return rows, dt, before, peak[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--actors", type=int, default=1000)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="dateline-bench-")
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    load(url, args.events, args.actors)
    results = []
    with running_server(url, tmp) as (base, server):
        httpx.get(base + "/v1/events.csv", params={"limit": 2000}, timeout=60).raise_for_status()  # warm-up
        for path in ("/v1/events.csv", "/v1/events.ndjson"):
            results.append((path, *run_export(base, server.pid, path)))
    print(f"{backend}: {args.events} events, streamed by a real uvicorn")
    for path, rows, dt, before, peak in results:
        events = rows - 1 if path.endswith(".csv") else rows
        print(
            f"  GET {path}: {events} events in {dt:.1f} s, {events / dt:,.0f} rows/s; "
            f"server RSS {before / 1024:.0f} MiB before, "
            f"peak {peak / 1024:.0f} MiB during (+{(peak - before) / 1024:.1f} MiB)"
        )
        if events != args.events:
            raise SystemExit(f"incomplete export: {events} of {args.events}")


if __name__ == "__main__":
    main()

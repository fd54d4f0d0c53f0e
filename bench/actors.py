#!/usr/bin/env python3
"""How many events have no actor, and how many no country, on the AQUAINT news texts.

    python bench/actors.py [--gold DIR] [--cmd ".venv/bin/dateline extract"] [--examples N] [--seed S]

Feeds `dateline extract` the texts and publication dates exactly as ../shared/eval/score_events.py does
(the TEXT element with its tags stripped, the DCT as published_at) and prints the share of events with no
actor (no participant and no attribution), with no participant, and with an empty country list. With
--examples N it prints N randomly drawn events with their actors and countries, to check by reading that
the countries given are right.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import shlex
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_GOLD = EVAL / "timeml" / "AQUAINT"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(DEFAULT_GOLD), help="folder of .tml files")
    ap.add_argument("--cmd", default=str(ROOT / ".venv" / "bin" / "dateline") + " extract")
    ap.add_argument("--examples", type=int, default=0, help="print this many events drawn at random")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    sys.path.insert(0, str(EVAL))
    from score_events import load_gold  # the scorer's own reading of the files

    docs = load_gold([args.gold])
    if not docs:
        sys.exit(f"no .tml files under {args.gold}")
    payload = "".join(json.dumps({"id": d["id"], "text": d["text"], "published_at": d["dct"], "source": "TimeML"})
                      + "\n" for d in docs)
    t0 = time.perf_counter()
    out = subprocess.run(shlex.split(args.cmd), input=payload, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(f"command failed ({out.returncode}):\n{out.stderr[-3000:]}")
    events = []
    for line in out.stdout.splitlines():
        if line.strip():
            rec = json.loads(line)
            events += [(rec["id"], e) for e in rec.get("events") or []]
    n = len(events)
    if not n:
        sys.exit("no events")

    def attributed(e) -> bool:
        return any(s.get("reported_by") for s in e.get("sources") or [])

    no_part = sum(1 for _, e in events if not e.get("actors"))
    no_actor = sum(1 for _, e in events if not e.get("actors") and not attributed(e))
    no_country = sum(1 for _, e in events if not e.get("countries"))
    print(f"{len(docs)} articles, {n} events ({wall:.1f} s)")
    print(f"events with no actor      : {100 * no_actor / n:5.1f}% ({no_actor}/{n})"
          "  (no participant and no attribution)")
    print(f"events with no participant: {100 * no_part / n:5.1f}% ({no_part}/{n})")
    print(f"events with no country    : {100 * no_country / n:5.1f}% ({no_country}/{n})")
    if args.examples:
        rng = random.Random(args.seed)
        for doc_id, e in rng.sample(events, min(args.examples, n)):
            src = (e.get("sources") or [{}])[0]
            acts = ", ".join(f"{a['name']}/{a['kind']}/{a['country'] or '-'}/{a['role']}"
                             for a in e.get("actors") or [])
            rep = src.get("reported_by")
            print(f"\n[{doc_id}] {src.get('sentence', '')[:300]}")
            print(f"    trigger={e['trigger']} actors=[{acts}]"
                  + (f" reported_by={rep['name']}/{rep['kind']}/{rep['country'] or '-'}" if rep else "")
                  + f" location={e.get('location')} countries={e.get('countries')}")


if __name__ == "__main__":
    main()

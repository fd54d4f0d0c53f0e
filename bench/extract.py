#!/usr/bin/env python3
"""Throughput of the event extractor next to spaCy's own, on the AQUAINT news texts (tags stripped).

    python bench/extract.py [--gold DIR] [--workers N] [--repeat K]

Prints articles/s and tokens/s of spaCy alone (the same pipeline, nlp.pipe over the same texts) and of
extract_many (cleaning, parsing, temporal resolution, events, merging), and the extractor's overhead
on top of spaCy. With --workers N it also times extract_many over N processes (start-up included).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "timeml" / "AQUAINT"


def load_tml(path: pathlib.Path) -> tuple[str, str, str]:
    """(id, creation date, text of the TEXT element with every tag stripped)."""
    root = ET.parse(path).getroot()
    dct = next((t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    text_el = root.find("TEXT")
    text = "".join(text_el.itertext()) if text_el is not None else ""
    return path.stem, (dct or "")[:10], text


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(DEFAULT_GOLD), help="folder of .tml files")
    ap.add_argument("--workers", type=int, default=1, help="also time extract_many over this many processes")
    ap.add_argument("--repeat", type=int, default=1, help="use the texts this many times (a bigger load)")
    ap.add_argument("--runs", type=int, default=2, help="timed runs of each measure; the best is kept")
    args = ap.parse_args()

    from app.extraction import extract_many, nlp

    docs = [load_tml(p) for p in sorted(pathlib.Path(args.gold).rglob("*.tml"))] * args.repeat
    if not docs:
        sys.exit(f"no .tml files under {args.gold}")
    texts = [t for _, _, t in docs]
    batch = [{"id": i, "text": t, "published_at": d, "language": "en"} for i, d, t in docs]
    model = nlp.load()
    tokens = sum(len(d) for d in model.pipe(texts[:5]))  # warm-up
    tokens = sum(len(d) for d in model.pipe(texts))

    t_spacy = best_of(args.runs, lambda: list(model.pipe(texts, batch_size=nlp.BATCH_SIZE)))
    results = []
    t_ours = best_of(args.runs, lambda: results.append(extract_many(batch, workers=1)))
    out = results[-1]
    errors = [r for r in out if isinstance(r, Exception)]
    events = sum(len(r.events) for r in out if not isinstance(r, Exception))

    n = len(docs)
    print(f"{n} articles, {tokens} tokens (spaCy tokens), {nlp.model_name()}")
    print(f"spaCy alone       : {n / t_spacy:8.1f} articles/s {tokens / t_spacy:9.0f} tokens/s  ({t_spacy:.2f} s)")
    print(f"extract (1 proc)  : {n / t_ours:8.1f} articles/s {tokens / t_ours:9.0f} tokens/s  ({t_ours:.2f} s)"
          f"  {events} events, {len(errors)} errors")
    print(f"overhead on spaCy : {100 * (t_ours / t_spacy - 1):+.1f}% time")
    if args.workers > 1:
        t_par = best_of(args.runs, lambda: extract_many(batch, workers=args.workers))
        print(f"extract ({args.workers} procs) : {n / t_par:8.1f} articles/s {tokens / t_par:9.0f} tokens/s  ({t_par:.2f} s,"
              f" start-up included)  speed-up x{t_ours / t_par:.2f}")


if __name__ == "__main__":
    main()

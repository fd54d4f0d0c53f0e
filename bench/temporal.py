"""Tokens per second of the temporal resolver alone (NLP hints precomputed) and of `dateline tag` (with spaCy).

    python bench/temporal.py [--gold DIR] [--repeat N]

Texts and publication dates are read from TimeML .tml files the way the scorer reads them
(tags stripped, DCT from the CREATION_TIME timex); tokens are whitespace-separated words.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def read_tml(path: pathlib.Path) -> tuple[str, str, str]:
    root = ET.parse(path).getroot()
    dct = next((t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    text = "".join(root.find("TEXT").itertext())
    return path.stem, dct, text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "eval" / "timeml" / "AQUAINT"), help="folder of .tml files")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the texts for the resolver-alone figure")
    a = ap.parse_args()
    docs = [read_tml(p) for p in sorted(pathlib.Path(a.gold).rglob("*.tml"))]
    if not docs:
        sys.exit(f"no .tml files under {a.gold}")
    tokens = sum(len(t.split()) for _, _, t in docs)

    from app.extraction import nlp
    from app.temporal import resolve

    hints = [nlp.hints_from_doc(d) for d in nlp.pipe(t for _, _, t in docs)]
    for (_, dct, text), h in zip(docs, hints):  # warm up (compiles the patterns)
        resolve(text, dct, h)
    t0 = time.perf_counter()
    for _ in range(a.repeat):
        for (_, dct, text), h in zip(docs, hints):
            resolve(text, dct, h)
    alone = time.perf_counter() - t0
    print(f"resolver alone (hints precomputed): {tokens * a.repeat / alone:,.0f} tokens/s "
          f"({len(docs)} docs, {tokens} tokens, {a.repeat} passes, {alone:.2f} s)")

    payload = "".join(json.dumps({"id": i, "text": t, "published_at": d}) + "\n" for i, d, t in docs)
    exe = pathlib.Path(sys.executable).with_name("dateline")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "app.cli"]
    t0 = time.perf_counter()
    out = subprocess.run(cmd + ["tag"], input=payload, capture_output=True, text=True, cwd=ROOT, check=False)
    whole = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(out.stderr[-2000:])
    print(f"dateline tag (spaCy + resolver, process start included): {tokens / whole:,.0f} tokens/s ({whole:.2f} s)")


if __name__ == "__main__":
    main()

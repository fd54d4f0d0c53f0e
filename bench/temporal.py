"""Tokens per second of the temporal resolver alone (NLP hints precomputed) and of `dateline tag` (with spaCy).

    python bench/temporal.py [--gold DIR] [--repeat N]
    python bench/temporal.py --scaling [--sizes 250,500,1000]

Texts and publication dates are read from TimeML .tml files the way the scorer reads them
(tags stripped, DCT from the CREATION_TIME timex); tokens are whitespace-separated words.

--scaling prints the resolver's seconds (CPU and wall, no hints) on texts of 250 KB, 500 KB and 1 MB:
ordinary prose (the .tml texts repeated) and pathological texts ("the day before " or "2019-03-12-"
repeated, one long sentence of expressions). Linear time shows as a ratio near 2 from each size to the next.
"""

from __future__ import annotations

import argparse
import itertools
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


PATHOLOGICAL = ("the day before ", "2019-03-12-")


def scaling(docs, sizes_kb: list[int]) -> None:
    from app.temporal import resolve

    prose = "\n\n".join(t for _, _, t in docs)
    resolve(prose[:5000], "2019-03-12")  # warm up (compiles the patterns)
    print(f"{'text':<22}" + "".join(f"{f'{kb} KB':>20}" for kb in sizes_kb) + "   ratio per doubling (CPU)")
    for name, unit in [("prose", prose + "\n\n"), *((repr(u), u) for u in PATHOLOGICAL)]:
        cells, cpu = [], []
        for kb in sizes_kb:
            n = kb * 1000
            text = (unit * (n // len(unit) + 1))[:n]
            c0, w0 = time.process_time(), time.perf_counter()
            resolve(text, "2019-03-12")
            c, w = time.process_time() - c0, time.perf_counter() - w0
            cpu.append(c)
            cells.append(f"{c:6.2f} s ({w:5.2f} wall)")
        ratios = " ".join(f"{b / a:.2f}" for a, b in itertools.pairwise(cpu) if a > 0)
        print(f"{name:<22}" + "".join(f"{x:>20}" for x in cells) + f"   {ratios}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--gold", default=str(ROOT.parent / "shared" / "eval" / "timeml" / "AQUAINT"), help="folder of .tml files"
    )
    ap.add_argument("--repeat", type=int, default=5, help="passes over the texts for the resolver-alone figure")
    ap.add_argument(
        "--scaling", action="store_true", help="seconds on 250 KB, 500 KB and 1 MB texts, prose and pathological"
    )
    ap.add_argument("--sizes", default="250,500,1000", help="text sizes in KB for --scaling")
    a = ap.parse_args()
    docs = [read_tml(p) for p in sorted(pathlib.Path(a.gold).rglob("*.tml"))]
    if not docs:
        sys.exit(f"no .tml files under {a.gold}")
    if a.scaling:
        scaling(docs, [int(x) for x in a.sizes.split(",")])
        return
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
    print(
        f"resolver alone (hints precomputed): {tokens * a.repeat / alone:,.0f} tokens/s "
        f"({len(docs)} docs, {tokens} tokens, {a.repeat} passes, {alone:.2f} s)"
    )

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

"""What the converted PETRARCH patterns cost: loading the patterns, and coding Reuters
articles (events only), with the converted families as bundled against none of them.

Method: each measurement runs in a fresh process (``--child``), the two settings
alternating over ``--rounds`` rounds; the median of each figure is reported. "none"
switches every converted family off through a user file (codebook.extra), which
leaves the coder as it was before the conversion: no converted pattern is loaded or
looked up. Figures are CPU seconds of the process (``time.process_time``), steadier
than wall time on a shared machine, and wall seconds beside them.

- load: ``load_patterns`` on a cold cache (the YAML patterns and the converted data);
- vocabulary: the sentence-focus vocabulary built from the patterns (focus.py);
- code: ``--docs`` articles of ../shared/corpus/reuters_politics_2017_isot_subset.jsonl
  (records 1..docs) coded for events, after one warm-up article.

Writes bench/results/patterns.json (``--out``) and prints it.
Usage: ``.venv/bin/python bench/patterns.py [--rounds 3] [--docs 100] [--out PATH]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus" / "reuters_politics_2017_isot_subset.jsonl"
SETTINGS = ("none", "bundled")


def _none_file(folder: Path) -> Path:
    families = ["no-event"] + [f"{k}-{r:02d}" for k in ("pattern", "verb") for r in range(1, 21)]
    path = folder / "none.yaml"
    path.write_text(
        "petrarch:\n  families:\n" + "".join(f"    {f}: {{on: false}}\n" for f in families),
        encoding="utf-8",
    )
    return path


def child(setting: str, docs: int, folder: Path) -> dict[str, float]:
    from newsevents.codebook.patterns import load_patterns
    from newsevents.config import Settings
    from newsevents.model import Document
    from newsevents.run import Coder

    extra = (str(_none_file(folder)),) if setting == "none" else ()
    out: dict[str, float] = {}
    cpu, wall = time.process_time(), time.perf_counter()
    patterns = load_patterns(extra)
    out["load_cpu_s"] = time.process_time() - cpu
    out["load_wall_s"] = time.perf_counter() - wall
    out["converted_lemmas"] = len(patterns.converted)
    settings = Settings()
    coder = Coder(replace(settings, codebook=replace(settings.codebook, extra=extra)))
    cpu = time.process_time()
    coder.vocabulary()
    out["vocabulary_cpu_s"] = time.process_time() - cpu
    records = [json.loads(line) for line in CORPUS.open(encoding="utf-8")][: docs + 1]
    documents = [
        Document(id=r["id"], text=r["text"], published=r.get("date")) for r in records
    ]
    list(coder.code(documents[:1], outputs=frozenset({"events"})))  # warm-up
    cpu, wall = time.process_time(), time.perf_counter()
    coded = list(coder.code(documents[1:], outputs=frozenset({"events"})))
    out["code_cpu_s"] = time.process_time() - cpu
    out["code_wall_s"] = time.perf_counter() - wall
    out["events"] = sum(len(c.events) for c in coded)
    out["converted_events"] = sum(
        1 for c in coded for e in c.events if e.rule.split(":", 1)[-1].startswith("petrarch.")
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "patterns.json"))
    parser.add_argument("--child", choices=SETTINGS)
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(child(args.child, args.docs, Path(folder))))
        return
    runs: dict[str, list[dict[str, float]]] = {s: [] for s in SETTINGS}
    for _ in range(args.rounds):
        for setting in SETTINGS:
            done = subprocess.run(
                [sys.executable, __file__, "--child", setting, "--docs", str(args.docs)],
                check=True,
                capture_output=True,
                text=True,
            )
            runs[setting].append(json.loads(done.stdout.strip().splitlines()[-1]))
    result: dict[str, object] = {
        "docs": args.docs,
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
    }
    for setting, found in runs.items():
        result[setting] = {k: statistics.median(r[k] for r in found) for k in found[0]}
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

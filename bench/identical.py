"""Speed work changes no output: the events of 300 articles, compared with a saved reference.

Runs ``newsevents code`` as a user would (a fresh process, events only) over the
first 300 records of ../shared/corpus/reuters_politics_2017_isot_subset.jsonl and
compares its events JSONL byte for byte with a reference recorded before the
speed change:

    .venv/bin/python bench/identical.py --record   # before a change
    .venv/bin/python bench/identical.py            # after it: exit 1 on any difference

The reference lives in bench/results/events_reference.jsonl (ignored by git: it
changes with every accuracy change, #9 included, and is re-recorded then); its
sha256 and line count go to bench/results/identical.json, which is kept.
Extra arguments after ``--`` are passed to ``newsevents code`` (for example
``-- --set nlp.batch_size=64``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "reuters_politics_2017_isot_subset.jsonl"
ARTICLES = 300
RESULTS = REPO / "bench" / "results"
REFERENCE = RESULTS / "events_reference.jsonl"
SUMMARY = RESULTS / "identical.json"


def sample(path: Path, n: int = ARTICLES) -> None:
    with CORPUS.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for _, line in zip(range(n), src, strict=False):
            out.write(line)


def code_events(corpus: Path, out: Path, extra: list[str]) -> float:
    """Seconds that ``newsevents code`` took, whole process."""
    command = [str(Path(sys.executable).parent / "newsevents"), "code", str(corpus),
               "--events-out", str(out), *extra]
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"newsevents code failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds


def first_difference(a: list[str], b: list[str]) -> str:
    for n, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x != y:
            return f"line {n} differs:\n  reference: {x[:400]}\n  now:       {y[:400]}"
    return f"line counts differ: reference {len(a)}, now {len(b)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--record", action="store_true", help="save the reference instead")
    parser.add_argument("extra", nargs="*", help="arguments for newsevents code (after --)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "sample.jsonl", Path(tmp) / "events.jsonl"
        sample(corpus)
        seconds = code_events(corpus, out, args.extra)
        now = out.read_bytes()
    digest = hashlib.sha256(now).hexdigest()
    lines = now.decode("utf-8").splitlines()
    if args.record:
        RESULTS.mkdir(parents=True, exist_ok=True)
        REFERENCE.write_bytes(now)
        SUMMARY.write_text(json.dumps({
            "corpus": CORPUS.name, "articles": ARTICLES, "events": len(lines),
            "sha256": digest, "command": "newsevents code SAMPLE --events-out OUT",
        }, indent=2) + "\n", encoding="utf-8")
        print(f"recorded {len(lines)} events, sha256 {digest[:16]} ({seconds:.1f} s)")
        return 0
    if not REFERENCE.exists():
        raise SystemExit(f"no reference at {REFERENCE}: run with --record before the change")
    reference = REFERENCE.read_bytes()
    if reference == now:
        print(f"identical: {len(lines)} events, sha256 {digest[:16]} ({seconds:.1f} s)")
        return 0
    print("DIFFERENT: " + first_difference(reference.decode("utf-8").splitlines(), lines))
    return 1


if __name__ == "__main__":
    sys.exit(main())

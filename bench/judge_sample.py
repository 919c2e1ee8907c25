"""Draw events at random (seed fixed) from ``newsevents code`` output for reading.

The corpora are those an analyst reads for political events: the BBC's politics
stories (2004-2005), the first 400 Reuters politics stories of 2017 (ISOT subset) and
the Reuters-21578 items (1987) whose titles are about attacks, troops, talks, ministers,
protests, elections, sanctions, police or rebels. Every document is coded as
``newsevents code`` codes a corpus; ``--n`` events are drawn with ``random.Random(seed)``
from all the events written, and each is printed with its sentence and the opening of
its article, for a person to judge by reading the article.

Writes bench/results/judge_sample.jsonl (one event per line with what a judge needs)
and prints a summary. Usage:
``.venv/bin/python bench/judge_sample.py [--seed 13] [--n 60] [--shared DIR]``.
The judgements of the issue 13 run are in bench/judgements_issue13.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Reuters-21578 titles about political events (the reading list), as whole words
POLITICAL_TITLE = re.compile(
    r"\b(ATTACKS?|TROOPS?|TALKS|MINISTERS?|PROTESTS?|ELECTIONS?|SANCTIONS?|POLICE|REBELS?|"
    r"GUERRILLAS?|ARMY|MILITARY|WAR|BOMBS?|KILLED|PARLIAMENT|OPPOSITION|COUP|PRESIDENT)\b"
)


def corpus(shared: Path, limit: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    base = shared / "corpus"
    with (base / "bbc_news_2004_2005.jsonl").open(encoding="utf-8") as handle:
        rows += [r for r in map(json.loads, handle) if str(r["id"]).startswith("bbc-politics-")]
    with (base / "reuters_politics_2017_isot_subset.jsonl").open(encoding="utf-8") as handle:
        rows += [json.loads(line) for _, line in zip(range(400), handle, strict=False)]
    with (base / "reuters21578.jsonl").open(encoding="utf-8") as handle:
        rows += [
            r for r in map(json.loads, handle) if POLITICAL_TITLE.search(str(r.get("title") or ""))
        ]
    return rows[:limit] if limit else rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--limit", type=int, default=0, help="first N documents (trials)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument(
        "--out", type=Path, default=REPO / "bench" / "results" / "judge_sample.jsonl"
    )
    args = parser.parse_args()

    from newsevents.config import Settings
    from newsevents.model import CodedDocument
    from newsevents.run.batch import code_inputs

    rows = corpus(args.shared, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        coded = [
            d for d in code_inputs([str(path)], Settings(), outputs=frozenset({"events"}))
            if isinstance(d, CodedDocument)
        ]
    texts = {str(r["id"]): str(r["text"]) for r in rows}
    events = [(d.document.id, e) for d in coded for e in d.events]
    drawn = random.Random(args.seed).sample(events, min(args.n, len(events)))

    def actor(a: object) -> dict[str, object] | None:
        return None if a is None else {k: getattr(a, k) for k in ("name", "text", "code")}

    with args.out.open("w", encoding="utf-8") as out:
        for n, (doc_id, e) in enumerate(drawn, 1):
            record = {
                "n": n,
                "doc_id": doc_id,
                "event_id": e.event_id,
                "cameo": e.cameo,
                "plover": e.plover.get("type"),
                "modality": e.modality,
                "source": actor(e.source),
                "target": actor(e.target),
                "reported_by": e.reported_by,
                "claimed_by": e.claimed_by,
                "sentence": e.evidence,
                "article_start": texts.get(doc_id, "")[:400],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(rows)} documents, {len(events)} events, {len(drawn)} drawn (seed {args.seed})")


if __name__ == "__main__":
    main()

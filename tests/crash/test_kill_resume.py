"""``newsevents ingest`` killed with SIGKILL again and again, then finished: as a clean run.

A sample of real articles (Reuters 2017 politics, BBC politics, a reprint of
the first article under another id and outlet, a broken JSON line and an
empty one) is ingested into a DuckDB store in batches of 2. Each round starts
the command and SIGKILLs it at a random point: during start-up (the model
loading), or right after a random number of batches were committed, plus a
random delay so the kill lands while coding or while writing. After each
round every stored document must have exactly the reports a clean run gives
it; after the last round a run to completion must leave the store equal to
the clean run's, table by table.

The default is 5 rounds over 20 documents; ``NEWSEVENTS_FUZZ_LONG=1`` runs 50
rounds over 160, enough that every round is killed before the end
(``NEWSEVENTS_CRASH_ROUNDS`` and ``NEWSEVENTS_CRASH_DOCS`` override either).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from newsevents.store import Store
from tests.conftest import corpus_lines

from ..fuzz.conftest import LONG
from .checks import REPO, rows, table_contents

ROUNDS = int(os.environ.get("NEWSEVENTS_CRASH_ROUNDS", 50 if LONG else 5))
DOCS = int(os.environ.get("NEWSEVENTS_CRASH_DOCS", 160 if LONG else 20))
SEED = int(os.environ.get("NEWSEVENTS_CRASH_SEED", str(time.time_ns() % 1_000_000)))
FLAGS = ("--batch-size", "2", "--set", "nlp.batch_size=2", "--no-progress")
ROUND_LIMIT_S = 240

# Logs each committed batch (run/ingest.py's debug line) on stderr, so the parent can
# count them.
CHILD = """
import logging, sys
log = logging.getLogger("newsevents.run.ingest")
handler = logging.StreamHandler(sys.stderr)
handler.setFormatter(logging.Formatter("%(message)s"))
log.addHandler(handler)
log.setLevel(logging.DEBUG)
log.propagate = False
from newsevents import cli
cli.main(sys.argv[1:])
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bbc_n = max(1, DOCS // 10)
    isot = corpus_lines("reuters_politics_2017_isot_subset.jsonl", DOCS - bbc_n - 1)
    bbc = corpus_lines("bbc_news_2004_2005.jsonl", bbc_n,
                 lambda r: dict(r.get("meta") or {}).get("category") == "politics")
    reprint = json.loads(isot[0])
    reprint.update(id="reprint-of-first", source="Daily Reprint")
    bad = ['{"id": "cut", "text": "no closing quote', '{"id": "blank", "text": "  "}']
    path = tmp_path_factory.mktemp("crash-corpus") / "sample.jsonl"
    lines = [*isot[: len(isot) // 2], *bad, *bbc, json.dumps(reprint), *isot[len(isot) // 2:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Run:
    """One ``newsevents ingest`` child, its stderr lines collected as they come."""

    def __init__(self, corpus: Path, db: Path) -> None:
        self.child = subprocess.Popen(
            [sys.executable, "-c", CHILD, "ingest", str(corpus), "--db", str(db), *FLAGS],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.lines: list[str] = []
        assert self.child.stderr is not None
        stream = self.child.stderr
        self.reader = threading.Thread(target=lambda: self.lines.extend(stream), daemon=True)
        self.reader.start()

    def batches(self) -> int:
        return sum(1 for line in list(self.lines) if line.startswith("batch "))


def finish(run: Run) -> int:
    child, lines = run.child, run.lines
    code = child.wait(timeout=ROUND_LIMIT_S)
    run.reader.join(timeout=30)  # the pipe ends with the process
    if child.stderr is not None:
        child.stderr.close()
    if code not in (0, 1, -signal.SIGKILL):
        pytest.fail(f"ingest failed ({code}): {''.join(lines)[-3000:]}")
    return code


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("crash-clean") / "clean.duckdb"
    assert finish(Run(corpus, db)) == 1  # two bad lines: "some inputs rejected"
    return db


def reports_by_document(db: Path) -> dict[str, set[str]]:
    if not db.exists():
        return {}
    with Store.open(db, read_only=True) as store, store.read() as conn:
        found: dict[str, set[str]] = {}
        for doc_id, event_id in rows(conn, "SELECT d.doc_id, r.event_id FROM documents d "
                                           "LEFT JOIN reports r USING (doc_id)"):
            found.setdefault(doc_id, set())
            if event_id is not None:
                found[doc_id].add(event_id)
        return found


def test_ingest_killed_at_random_points_then_finished_equals_a_clean_run(
    corpus: Path, clean: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    want = reports_by_document(clean)
    assert len(want) == DOCS  # the reprint is stored (as a duplicate); bad lines are not
    db = tmp_path / "killed.duckdb"
    landed: Counter[str] = Counter()
    rounds = 0
    for rounds in range(1, ROUNDS + 1):
        before = len(reports_by_document(db))
        run = Run(corpus, db)
        child = run.child
        if rng.random() < 0.25:
            wait, goal = rng.uniform(0.0, 6.0), None  # mostly while loading the model
        else:
            wait, goal = rng.uniform(0.0, 0.5), rng.randint(1, 3)
        deadline = time.monotonic() + ROUND_LIMIT_S
        while goal is not None and child.poll() is None and time.monotonic() < deadline:
            if run.batches() >= goal:
                break
            time.sleep(0.02)
        time.sleep(wait)
        killed = child.poll() is None
        if killed:
            child.send_signal(signal.SIGKILL)
        code = finish(run)
        have = reports_by_document(db)
        doubled = {d for d in have if d not in want}
        wrong = {d for d, ids in have.items() if d in want and ids != want[d]}
        context = f"seed {SEED}, round {rounds}, exit {code}"
        assert not doubled and not wrong, (context, doubled, wrong)
        landed["killed" if killed else "finished"] += 1
        landed["rounds that stored more"] += len(have) > before
        if not killed:
            break
    assert finish(Run(corpus, db)) in (0, 1)
    resumed, reference = table_contents(db), table_contents(clean)
    assert resumed == reference, f"seed {SEED}: {dict(landed)}"
    with Store.open(db, read_only=True) as store, store.read() as conn:
        [(documents, rejections)] = rows(conn, "SELECT sum(documents), sum(rejections) FROM runs")
    # each batch was counted once: nothing double-counted by the restarts
    assert (documents, rejections) == (len(want), 2)
    events = len(reference["events"])
    print(f"\nkill-and-resume (seed {SEED}): {rounds} rounds {dict(landed)}; "
          f"{len(want)} documents, {len(reference['reports'])} reports, {events} events")

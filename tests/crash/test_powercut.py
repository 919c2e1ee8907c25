"""The DuckDB store after a writer dies at any moment: the last committed batch, no partial one.

Three ways to stop a writer (tests/crash/writer.py writes synthetic batches,
one transaction each):

- SIGKILL at random moments, round after round on one store, each round
  resuming where the last stopped;
- SIGKILL at chosen stages of one batch: rows inserted, events merged but
  not committed, committed but not checkpointed (the batch is then only in
  the write-ahead log);
- the writer frozen (SIGSTOP) at random moments while the file and its
  write-ahead log are copied, as a backup tool or a crash would leave them;
  each copy is opened on its own.

A real power cut can also lose writes the disk had not yet made durable;
simulating that needs a fault-injecting file system, which these tests do
not have (docs/hardening.md says what that leaves untested).
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from newsevents.store import Store, open_reader

from ..fuzz.conftest import LONG
from .checks import copy_store, spawn_writer, table_contents, whole_batches
from .writer import EVENTS_PER_DOC, RUN_ID

SIZE = 20  # documents per batch
ROUNDS = int(os.environ.get("NEWSEVENTS_CRASH_ROUNDS", 50 if LONG else 6))
SNAPSHOTS = 60 if LONG else 8
SEED = int(os.environ.get("NEWSEVENTS_CRASH_SEED", str(time.time_ns() % 1_000_000)))


def lines_of(child: subprocess.Popen[str]) -> list[str]:
    out, err = child.communicate(timeout=60)
    if child.returncode not in (0, -signal.SIGKILL):
        pytest.fail(f"writer failed ({child.returncode}): {err[-2000:]}")
    return out.split()


def numbers(lines: list[str], word: str) -> list[int]:
    return [int(n) for w, n in itertools.pairwise(lines) if w == word]


def clean_store(folder: Path, batches: int) -> Path:
    db = folder / "clean.duckdb"
    child = spawn_writer(db, batches, SIZE)
    assert "done" in lines_of(child)
    return db


def test_sigkill_at_random_moments_keeps_whole_batches(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    batches = 12 + 4 * ROUNDS
    db = tmp_path / "killed.duckdb"
    landed: Counter[str] = Counter()
    for number in range(ROUNDS):
        child = spawn_writer(db, batches, SIZE)
        try:
            child.wait(timeout=rng.uniform(0.8, 2.5))  # ~1 s of it is starting Python
        except subprocess.TimeoutExpired:
            child.kill()
        lines = lines_of(child)
        begun, committed = numbers(lines, "begin"), numbers(lines, "committed")
        present = whole_batches(db, SIZE, EVENTS_PER_DOC, RUN_ID)
        context = f"seed {SEED}, round {number}: begun {begun}, committed {committed}"
        assert set(committed) <= present, context
        if "done" in lines:
            landed["finished"] += 1
            break
        if begun and (not committed or committed[-1] != begun[-1]):
            # killed inside Store.write: the batch is either all there or not at all
            landed["inside a write, kept" if begun[-1] in present else
                   "inside a write, rolled back"] += 1
        else:
            landed["between writes"] += 1
    assert sum(landed.values()) == min(number + 1, ROUNDS)
    child = spawn_writer(db, batches, SIZE)  # the last run finishes the job
    assert "done" in lines_of(child)
    assert whole_batches(db, SIZE, EVENTS_PER_DOC, RUN_ID) == set(range(batches))
    assert table_contents(db) == table_contents(clean_store(tmp_path, batches)), dict(landed)
    print(f"\nSIGKILL rounds (seed {SEED}): {dict(landed)}")


@pytest.mark.parametrize(("stage", "kept"), [("insert", False), ("remerge", False),
                                             ("checkpoint", True)])
def test_sigkill_at_each_stage_of_a_batch(tmp_path: Path, stage: str, kept: bool) -> None:
    db = tmp_path / "store.duckdb"
    assert "done" in lines_of(spawn_writer(db, 2, SIZE))
    child = spawn_writer(db, 3, SIZE, "--die", stage)
    lines = lines_of(child)
    assert child.returncode == -signal.SIGKILL and "committed" not in lines
    if stage == "checkpoint":
        # committed, so in the write-ahead log: a reader sees it before any writer
        # has folded the log into the file
        assert db.with_name(db.name + ".wal").exists()
        with open_reader(db) as conn:
            row = conn.execute("SELECT count(*) FROM documents").fetchone()
        assert row == (3 * SIZE,)
    want = {0, 1, 2} if kept else {0, 1}
    assert whole_batches(db, SIZE, EVENTS_PER_DOC, RUN_ID) == want
    assert "done" in lines_of(spawn_writer(db, 3, SIZE))  # resumes after the kill
    assert table_contents(db) == table_contents(clean_store(tmp_path, 3))


def test_copies_taken_at_random_moments_open_with_whole_batches(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db = tmp_path / "live.duckdb"
    child = spawn_writer(db, 10 + 3 * SNAPSHOTS, SIZE)
    seen: list[str] = []
    assert child.stdout is not None
    stdout = child.stdout
    reader = threading.Thread(target=lambda: seen.extend(line.strip() for line in stdout),
                              daemon=True)
    reader.start()
    taken = []
    try:
        for number in range(SNAPSHOTS):
            time.sleep(rng.uniform(0.05, 0.8))
            if child.poll() is not None:
                break
            os.kill(child.pid, signal.SIGSTOP)
            try:
                time.sleep(0.05)  # lines written before the stop reach the reader thread
                committed = {int(x.split()[1]) for x in list(seen) if x.startswith("committed")}
                copy = copy_store(db, tmp_path / f"copy-{number}")
            finally:
                os.kill(child.pid, signal.SIGCONT)
            taken.append((copy, committed))
    finally:
        child.kill()
        child.wait(timeout=60)
        reader.join(timeout=10)
        stdout.close()
        if child.stderr is not None:
            child.stderr.close()
    assert len(taken) >= min(3, SNAPSHOTS), "the writer finished before the copies were taken"
    for copy, committed in taken:
        present = whole_batches(copy, SIZE, EVENTS_PER_DOC, RUN_ID)
        assert committed <= present, (SEED, copy, committed, present)
        assert present <= committed | {max(committed, default=-1) + 1}, (SEED, present)
    print(f"\ncopies (seed {SEED}): {[sorted(c) for _, c in taken]}")


def test_a_store_left_by_a_killed_writer_takes_new_writes(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    assert "done" in lines_of(spawn_writer(db, 1, SIZE))
    lines_of(spawn_writer(db, 2, SIZE, "--die", "remerge"))
    # no stale lock, no stale write-intent marker blocks the next writer or reader
    with Store.open(db, busy_timeout=5) as store:
        assert store.counts()["documents"] == SIZE
    assert "done" in lines_of(spawn_writer(db, 2, SIZE))
    with open_reader(db, timeout=5) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (2 * SIZE,)

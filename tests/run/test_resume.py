"""A run killed with SIGKILL mid-way, then started again, ends as a clean run would."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsevents.store import reader
from tests.conftest import corpus_lines

from .conftest import spawn

Cli = Callable[..., tuple[int, str, str]]
DOCS = 40
# small chunks and batches, so batches are committed one after another over seconds
FLAGS = ("--batch-size", "2", "--set", "nlp.batch_size=2", "--no-progress")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = corpus_lines("reuters_politics_2017_isot_subset.jsonl", DOCS)
    path = tmp_path_factory.mktemp("resume") / "isot40.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def committed(where: Path) -> int:
    """Batches committed so far, cheaply (polled while the run writes)."""
    if where.suffix == ".duckdb":
        if not where.exists():
            return 0
        with reader(where) as conn:
            row = conn.execute("SELECT batches FROM runs").fetchone()
        return int(row[0]) if row else 0
    return len(list((where / "_commits").glob("*.json")))


def stored(where: Path) -> int:
    with reader(where) as conn:
        row = conn.execute("SELECT count(*) FROM documents").fetchone()
    return int(row[0]) if row else 0


def snapshot(where: Path) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    with reader(where) as conn:
        return {
            "documents": conn.execute(
                "SELECT doc_id, content_hash, duplicate_of FROM documents ORDER BY doc_id"
            ).fetchall(),
            "reports": conn.execute(
                "SELECT event_id, doc_id, cameo, evidence FROM reports ORDER BY event_id"
            ).fetchall(),
            "events": conn.execute(
                "SELECT event_id, cameo, num_mentions, num_articles FROM events ORDER BY event_id"
            ).fetchall(),
            "doubles": conn.execute(
                "SELECT count(*) - count(DISTINCT doc_id) FROM documents"
            ).fetchall(),
        }


@pytest.mark.parametrize("kind", ["duckdb", "parquet"])
def test_a_killed_run_resumes_without_loss_or_duplicates(
    tmp_path: Path, corpus: Path, newsevents: Cli, kind: str
) -> None:
    def target(name: str) -> tuple[Path, tuple[str, str]]:
        if kind == "duckdb":
            path = tmp_path / f"{name}.duckdb"
            return path, ("--db", str(path))
        path = tmp_path / name
        return path, ("--parquet", str(path))

    killed, killed_args = target("killed")
    child = spawn(corpus, *killed_args, *FLAGS, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 240
        while committed(killed) < 2:
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "no batch committed in time"
            time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        if child.stdout:
            child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    partial = stored(killed)
    assert 2 <= partial < DOCS, partial

    status, _, err = newsevents("ingest", corpus, *killed_args, *FLAGS)
    assert status == 0, err
    match = re.search(r"(\d+) coded, (\d+) duplicate.* (\d+) already stored", err)
    assert match, err
    coded, copies, skipped = (int(g) for g in match.groups())
    assert skipped == partial
    assert coded + copies == DOCS - partial  # the rest, each coded (or copied) once

    clean, clean_args = target("clean")
    status, _, err = newsevents("ingest", corpus, *clean_args, *FLAGS)
    assert status == 0, err
    resumed_rows, clean_rows = snapshot(killed), snapshot(clean)
    assert len(clean_rows["documents"]) == DOCS
    assert resumed_rows["doubles"] == [(0,)]
    assert resumed_rows == clean_rows

"""newsevents ingest on real articles: idempotence, bad inputs, progress and summary."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from newsevents.store import Store, reader

from .conftest import SAMPLE_DOCUMENTS

Cli = Callable[..., tuple[int, str, str]]


def counts(db: Path) -> dict[str, int]:
    with Store.open(db) as store:
        return store.counts()


def test_ingesting_twice_adds_nothing(
    tmp_path: Path, sample: Path, bad_inputs: list[Path], newsevents: Cli
) -> None:
    db = tmp_path / "news.duckdb"
    status, _, err = newsevents("ingest", sample, *bad_inputs, "--db", db, "--batch-size", "4")
    assert status == 1  # some inputs rejected, the rest stored
    rejected = [line for line in err.splitlines() if line.startswith("rejected ")]
    assert len(rejected) == 4, err
    for code, name in (("EV202", "empty.txt"), ("EV203", "binary.txt"),
                       ("EV204", "latin1.txt"), ("EV205", "broken.jsonl:1")):
        assert any(f"[{code}]" in line and name in line for line in rejected), (code, err)
    first = counts(db)
    # the sample, plus the good line after the broken one
    assert first["documents"] == SAMPLE_DOCUMENTS + 1
    assert first["rejections"] == 4 and first["reports"] > 0 and first["events"] > 0
    with reader(db) as conn:
        dup = conn.execute(
            "SELECT doc_id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL"
        ).fetchall()
        reprint = conn.execute(
            "SELECT count(*) FROM reports WHERE doc_id = 'reprint-of-isot-0'").fetchone()
        original = conn.execute(
            "SELECT count(*) FROM reports WHERE doc_id = 'isot-true-00000'").fetchone()
    assert dup == [("reprint-of-isot-0", "isot-true-00000")]
    assert reprint == original and original is not None and original[0] > 0
    summary = err.strip().splitlines()[-1]
    assert re.search(r"ingested 14 document\(s\) .*: 13 coded, 1 duplicate", summary), summary
    assert "4 rejected" in summary

    status, _, err = newsevents("ingest", sample, *bad_inputs, "--db", db, "--batch-size", "4")
    assert status == 1
    assert "0 coded" in err and "14 already stored" in err
    assert counts(db) == first


def test_progress_only_when_asked_off_a_terminal(
    tmp_path: Path, sample: Path, newsevents: Cli
) -> None:
    db = tmp_path / "news.duckdb"
    status, out, err = newsevents("ingest", sample, "--db", db)
    assert status == 0 and out == ""
    assert not re.search(r"docs/s", err)  # stderr is not a terminal here
    status, _, err = newsevents("ingest", sample, "--db", tmp_path / "other.duckdb",
                                "--progress")
    assert status == 0
    lines = [line for line in err.splitlines() if "docs/s" in line]
    assert lines, err
    assert re.fullmatch(r"13 documents \(12 coded\), [\d.]+ docs/s, \d+ events, 0 rejected",
                        lines[-1]), lines[-1]


def test_usage_errors(tmp_path: Path, sample: Path, newsevents: Cli) -> None:
    status, _, err = newsevents("ingest", sample, "--db", tmp_path / "a.duckdb",
                                "--parquet", tmp_path / "p")
    assert status == 2 and "not both" in err
    status, _, err = newsevents("ingest", sample, "--scheduler", "tcp://127.0.0.1:1")
    assert status == 2 and "--engine dask" in err


def test_nothing_usable_is_a_total_failure(
    tmp_path: Path, bad_inputs: list[Path], newsevents: Cli
) -> None:
    status, _, err = newsevents("ingest", *bad_inputs[:3], "--db", tmp_path / "news.duckdb")
    assert status == 2
    assert "ingested 0 document(s)" in err and "3 rejected" in err

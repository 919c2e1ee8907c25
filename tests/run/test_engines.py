"""Every runner gives the same store: in-process, process pool, Dask (DuckDB and Parquet)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsevents.store import reader

Cli = Callable[..., tuple[int, str, str]]


def rows(where: Path) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    with reader(where) as conn:
        return {
            "documents": conn.execute(
                "SELECT doc_id, duplicate_of, language FROM documents ORDER BY doc_id"
            ).fetchall(),
            "reports": conn.execute(
                "SELECT event_id, doc_id, cameo, source_key, target_key, evidence "
                "FROM reports ORDER BY event_id"
            ).fetchall(),
            "events": conn.execute(
                "SELECT event_id, cameo, dyad, day, num_mentions, num_articles, num_sources "
                "FROM events ORDER BY event_id"
            ).fetchall(),
        }


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A LocalCluster of two worker processes, as a user would start one."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as c:
        yield c


@pytest.fixture(scope="module")
def local_rows(tmp_path_factory: pytest.TempPathFactory, sample: Path) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    from newsevents import cli
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    with pytest.raises(SystemExit) as stop:
        cli.main(["ingest", str(sample), "--db", str(db), "--no-progress"])
    assert stop.value.code == 0
    found = rows(db)
    assert found["events"], "the sample should give events"
    return found


def test_process_pool_matches_in_process(
    tmp_path: Path, sample: Path, newsevents: Cli, local_rows: dict[str, list[tuple]]  # type: ignore[type-arg]
) -> None:
    db = tmp_path / "pool.duckdb"
    status, _, err = newsevents("ingest", sample, "--db", db, "--workers", "2",
                                "--set", "nlp.batch_size=4")
    assert status == 0, err
    assert rows(db) == local_rows


def test_dask_local_cluster_into_duckdb_matches_in_process(
    tmp_path: Path, sample: Path, newsevents: Cli, local_rows: dict[str, list[tuple]]  # type: ignore[type-arg]
) -> None:
    # no --scheduler: the runner starts (and stops) its own LocalCluster
    db = tmp_path / "dask.duckdb"
    status, _, err = newsevents("ingest", sample, "--db", db, "--engine", "dask",
                                "--workers", "2", "--set", "nlp.batch_size=4")
    assert status == 0, err
    assert rows(db) == local_rows


def test_dask_into_parquet_matches_in_process(
    tmp_path: Path, sample: Path, newsevents: Cli, cluster: Any,
    local_rows: dict[str, list[tuple]],  # type: ignore[type-arg]
) -> None:
    out = tmp_path / "dataset"
    status, _, err = newsevents("ingest", sample, "--parquet", out, "--engine", "dask",
                                "--scheduler", cluster.scheduler_address,
                                "--set", "nlp.batch_size=4", "--batch-size", "5")
    assert status == 0, err
    assert len(list((out / "_commits").glob("*.json"))) >= 3  # one file set per batch
    assert rows(out) == local_rows
    # the query command reads the dataset like the embedded store
    status, stdout, err = newsevents("query", "--db", out, "--format", "jsonl", "--limit", "1000")
    assert status == 0, err
    assert len(stdout.splitlines()) == len(local_rows["events"])

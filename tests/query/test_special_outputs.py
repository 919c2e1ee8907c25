"""``export`` and ``report`` never replace a link, a FIFO or a device (issue 16, item 1)."""

from __future__ import annotations

import io
import os
import stat

import pyarrow.parquet as pq
import pytest

from newsevents.query import export
from newsevents.web.report import build_report
from tests.special import FifoReader, device, fifo

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_through_a_link_writes_its_target(qstore, tmp_path, fmt):
    target = tmp_path / f"target.{fmt}"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / f"link.{fmt}"
    link.symlink_to(target.name)
    n = export(qstore, None, fmt, link)
    assert link.is_symlink() and n > 0
    if fmt == "parquet":
        assert pq.read_table(target).num_rows == n
    else:
        assert target.read_text(encoding="utf-8").count("\n") == n + 1


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_to_a_fifo_streams_to_its_reader(qstore, tmp_path, fmt):
    path = fifo(tmp_path / "events")
    reader = FifoReader(path)
    n = export(qstore, None, fmt, path)
    data = reader.data()
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    if fmt == "parquet":
        assert pq.read_table(io.BytesIO(data)).num_rows == n
    else:
        assert data.count(b"\n") == n


def test_export_and_report_to_a_device_stand_in_leave_it_a_device(qstore, tmp_path):
    null = device(tmp_path / "null")
    assert export(qstore, None, "gdelt", null) > 0
    summary = build_report(qstore, None, null)
    assert summary.bytes > 10_000  # what was written, not the device's size (0)
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_report_through_a_link_and_to_a_fifo(qstore, tmp_path):
    target = tmp_path / "page.html"
    link = tmp_path / "link.html"
    link.symlink_to(target.name)
    build_report(qstore, None, link)
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("<!doctype html>")
    path = fifo(tmp_path / "fifo.html")
    reader = FifoReader(path)
    summary = build_report(qstore, None, path)
    assert len(reader.data()) == summary.bytes
    assert stat.S_ISFIFO(os.lstat(path).st_mode)

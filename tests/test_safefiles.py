"""Files that are not plain files: outputs never replace them, inputs never block on them.

Issue 16, item 1: the temp-file-and-rename of every writer replaced a symbolic
link, a FIFO or a device node with a regular file and exited 0. Devices are
stand-ins made in a temporary folder (tests/special.py), never the real ones.
"""

from __future__ import annotations

import os
import re
import socket
import stat
from pathlib import Path

import pytest

from newsevents.errors import MissingInput, OutputError, SpecialFile
from newsevents.safefiles import open_regular, output_file, read_capped
from tests.conftest import REPO
from tests.special import FULL, FifoReader, device, fifo

pytestmark = pytest.mark.timeout(60)


def write(path: Path, text: str = "new\n") -> None:
    with output_file(path) as handle:
        handle.write(text)


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    target = tmp_path / "target.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to("target.jsonl")
    write(link)
    assert link.is_symlink() and os.readlink(link) == "target.jsonl"
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "target.jsonl"]


def test_a_fifo_is_streamed_to_its_reader_and_stays_a_fifo(tmp_path):
    path = fifo(tmp_path / "events.jsonl")
    reader = FifoReader(path)
    write(path, "line\n" * 50_000)  # more than a pipe's buffer: the reader must drain it
    assert reader.data() == b"line\n" * 50_000
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_a_fifo_with_no_reader_is_refused_not_waited_on(tmp_path):
    path = fifo(tmp_path / "events.jsonl")
    with pytest.raises(OutputError, match="FIFO with no reader") as info:
        write(path)
    assert info.value.target == str(path) and info.value.code == "EV900"
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_a_device_is_written_in_place_never_replaced(tmp_path):
    null = device(tmp_path / "null")
    write(null, "x" * 1_000_000)
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    full = device(tmp_path / "full", FULL)
    with pytest.raises(OutputError, match="No space left on device"):
        write(full, "x" * 1_000_000)
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "null"]


def test_folders_sockets_and_link_loops_are_refused(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write(tmp_path / "folder")
    sock_path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(OutputError, match="is a socket"):
            write(sock_path)
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(OutputError, match="symbolic links"):
        write(tmp_path / "loop")
    assert (tmp_path / "loop").is_symlink()


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_follows_the_umask(tmp_path):
    kept = tmp_path / "kept.jsonl"
    kept.write_text("old\n", encoding="utf-8")
    kept.chmod(0o640)
    write(kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    previous = os.umask(0o022)
    try:
        write(tmp_path / "new.jsonl")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.jsonl").stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), output_file(path) as handle:
        handle.write("half")
        raise RuntimeError("boom")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]


def test_reads_refuse_special_files_without_blocking(tmp_path):
    path = fifo(tmp_path / "f.txt")
    with pytest.raises(SpecialFile, match="is a FIFO, not a regular file"):
        read_capped(path, 1000)
    with pytest.raises(SpecialFile, match="is a character device"):
        open_regular("/dev/zero")
    with pytest.raises(MissingInput, match="is a directory"):
        read_capped(tmp_path, 1000)
    good = tmp_path / "ok.txt"
    good.write_bytes(b"x" * 10)
    (tmp_path / "link.txt").symlink_to("ok.txt")
    assert read_capped(tmp_path / "link.txt", 10) == b"x" * 10


# Where a file is put in place by rename. Each other writer of a file a user names
# must go through safefiles.output_file, so none of them can replace a special file.
_RENAMES = re.compile(r"\bos\.replace\(|\bos\.rename\(|\bmkstemp\(|\.rename\(|\.replace\(tmp")
_OWN_FOLDERS = {
    "newsevents/safefiles.py",  # the one place
    "newsevents/store/parquet.py",  # the files of its own dataset folder
    "newsevents/gazetteer/cache.py",  # its own cache file
    "newsevents/compiled.py",  # entries of its own cache folder, named by digest
}


def test_every_writer_goes_through_the_one_output_helper():
    offenders = []
    for path in sorted((REPO / "newsevents").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        if name not in _OWN_FOLDERS and _RENAMES.search(path.read_text(encoding="utf-8")):
            offenders.append(name)
    assert offenders == []

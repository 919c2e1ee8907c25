"""Inputs that are not plain files (issue 16, items 2 and 3).

A FIFO in a folder hung the batch (its open waits for a writer), and a glob
over a folder holding ``a -> .`` links followed them: one link read the same
file 41 times, two made the glob run for minutes while its list grew. Each test
is bounded by a timeout, so before the fix it fails instead of hanging.
"""

from __future__ import annotations

import glob
import os
import socket
from pathlib import Path

import pytest

from newsevents.errors import InputTooLarge
from newsevents.model import Item, Rejection
from newsevents.sources import iter_items, limits
from tests.special import fifo

pytestmark = pytest.mark.timeout(30)

ARTICLE = "Rebels attacked an army base.\n"
SPECIAL = "EV210"  # errors.SPECIAL, written out so this file runs on older code


def expand_glob(pattern: str) -> list[Path]:
    from newsevents.sources.walk import expand_glob as expand

    return expand(pattern)


def read(*inputs: str | Path) -> list[Item | Rejection]:
    return list(iter_items([str(i) for i in inputs]))


def origins(entries: list[Item | Rejection]) -> list[tuple[str, str]]:
    return [("item" if isinstance(e, Item) else e.code or "", e.origin) for e in entries]


def test_a_fifo_in_a_folder_is_rejected_and_the_good_file_read(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    fifo(folder / "f.txt")
    (folder / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    entries = read(folder)
    assert origins(entries) == [(SPECIAL, str(folder / "f.txt")),
                                ("item", str(folder / "ok.txt"))]
    assert entries[0].reason == "is a FIFO, not a regular file"


def test_a_fifo_socket_or_device_named_directly_is_one_rejection(tmp_path):
    pipe = fifo(tmp_path / "pipe.jsonl")
    sock_path = tmp_path / "sock.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        entries = read(pipe, sock_path, "/dev/zero")
    assert [(e.code, e.reason) for e in entries] == [
        (SPECIAL, "is a FIFO, not a regular file"),
        (SPECIAL, "is a socket, not a regular file"),
        (SPECIAL, "is a character device, not a regular file"),
    ]
    assert str(entries[0]) == f"[EV210] {pipe}: is a FIFO, not a regular file"


def test_a_glob_over_a_symlink_loop_ends_and_reads_the_file_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("g").mkdir()
    Path("g/ok.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(".", "g/a")
    os.symlink(".", "g/b")
    assert origins(read("g/**/*.txt")) == [("item", "g/ok.txt")]


def test_one_link_to_its_own_folder_reads_the_file_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("g").mkdir()
    Path("g/ok.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(".", "g/a")
    assert origins(read("g/**/*.txt")) == [("item", "g/ok.txt")]
    assert origins(read("g")) == [("item", "g/ok.txt")]
    # the link is a folder's second name, not a folder of its own: nothing is below it
    [none] = read("g/*/*.txt")
    assert none.reason == "no file matches this pattern"


def test_links_and_hard_links_to_one_file_are_read_once_per_input(tmp_path):
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "soft.txt").symlink_to("ok.txt")
    os.link(tmp_path / "ok.txt", tmp_path / "hard.txt")
    assert origins(read(tmp_path)) == [("item", str(tmp_path / "hard.txt"))]
    assert origins(read(tmp_path / "*.txt")) == [("item", str(tmp_path / "hard.txt"))]


def test_the_file_cap_applies_while_walking(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILES_PER_INPUT", 3)
    for n in range(10):
        (tmp_path / f"{n}.txt").write_text(ARTICLE, encoding="utf-8")
    for given in (str(tmp_path / "*.txt"), str(tmp_path)):
        entries = read(given)
        assert [type(e) for e in entries] == [Item, Item, Item, Rejection]
        assert entries[-1].origin == given and entries[-1].code == InputTooLarge.code
        assert entries[-1].reason == "stopped after 3 files"
    assert len(expand_glob(str(tmp_path / "**" / "*.txt"))) == 4  # the cap, and one more


def test_globs_over_plain_folders_list_what_glob_lists(tmp_path, monkeypatch):
    # nothing changes for regular inputs: same files, same order, same names
    monkeypatch.chdir(tmp_path)
    for name in ("a.txt", "b.md", ".hidden.txt", "sub/c.txt", "sub/deeper/d.txt", ".dot/e.txt",
                 "sub2/f.txt", "x[1].txt"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(ARTICLE, encoding="utf-8")
    for pattern in ("*.txt", "**/*.txt", "sub/**", "*/*.txt", "./sub/*/*.txt", "s*/c.txt",
                    "**/d.txt", "x[[]1].txt", "*/", str(tmp_path / "**" / "*.md")):
        expected = [Path(m) for m in sorted(glob.glob(pattern, recursive=True))
                    if Path(m).is_file() and not Path(m).name.startswith(".")]
        assert expand_glob(pattern) == expected, pattern

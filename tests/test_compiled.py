"""The compiled cache: rebuilt when its inputs change, survives damage, shared safely."""

from __future__ import annotations

import json
import logging
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from newsevents import compiled
from newsevents.codebook import clear_cache, load_codebook
from newsevents.codebook.patterns import load_patterns
from tests.conftest import REPO


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private cache folder for the test, forgotten afterwards."""
    monkeypatch.setattr(compiled, "_directory", tmp_path / "compiled")
    monkeypatch.setattr(compiled, "_warned", set())
    return tmp_path / "compiled"


class Counting:
    """A loader that says how often it ran."""

    def __init__(self, value):
        self.value, self.runs = value, 0

    def __call__(self):
        self.runs += 1
        return self.value


def test_a_loaded_entry_equals_what_was_built_and_skips_the_build(cache):
    build = Counting({"words": frozenset({"talks", "truce"}), "n": (1, 2.5)})
    first = compiled.load("demo", build, key=("a",))
    again = compiled.load("demo", build, key=("a",))
    assert again == first and build.runs == 1
    assert [p.name.split("-")[0] for p in cache.iterdir()] == ["demo"]


def test_a_changed_data_file_gives_a_new_entry(cache, tmp_path):
    data = tmp_path / "actors.tsv"
    data.write_text("term\tagent\nzookeeper\tCVL\n", encoding="utf-8")
    build = Counting("built")
    compiled.load("demo", build, files=[data])
    compiled.load("demo", build, files=[data])
    assert build.runs == 1
    data.write_text("term\tagent\nwarlord\tMIL\n", encoding="utf-8")
    compiled.load("demo", build, files=[data])
    assert build.runs == 2


def test_a_changed_package_file_gives_a_new_entry(cache, monkeypatch):
    before = compiled.entry_path("demo")
    monkeypatch.setattr(compiled, "package_digest", lambda: "another version of the data")
    assert compiled.entry_path("demo") != before


def test_extra_codebook_files_are_their_own_entries(cache, tmp_path):
    extra = tmp_path / "my_actors.tsv"
    extra.write_text("term\tagent\nzookeeper\tCVL\n", encoding="utf-8")
    clear_cache()  # this process's codebooks were loaded from another folder
    try:
        bundled = load_codebook()
        with_extra = load_codebook([str(extra)])
        assert with_extra.agent_for("zookeeper") == "CVL" and bundled.agent_for("zookeeper") is None
        names = sorted(p.name.split("-")[0] for p in cache.iterdir())
        assert names == ["codebook", "codebook"]  # the bundled one and the one with the extra
        clear_cache()
        assert load_codebook([str(extra)]).agent_for("zookeeper") == "CVL"  # from its entry
        assert len(list(cache.iterdir())) == 2
    finally:
        clear_cache()


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_entry_is_rebuilt_with_one_warning(cache, caplog, damage):
    build = Counting(list(range(1000)))
    compiled.load("demo", build)
    (entry,) = cache.iterdir()
    data = entry.read_bytes()
    damaged = {
        "truncate": data[: len(data) // 2],
        "flip": data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:],
        "garbage": b"\x00not a cache entry" * 10,
        "empty": b"",
    }[damage]
    entry.write_bytes(damaged)
    with caplog.at_level(logging.WARNING, logger="newsevents.compiled"):
        assert compiled.load("demo", build) == list(range(1000))
    assert build.runs == 2
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "rebuilding" in warnings[0].getMessage()
    assert entry.read_bytes() == data  # written back whole
    assert compiled.load("demo", build) == list(range(1000)) and build.runs == 2


def test_an_entry_naming_a_foreign_function_is_refused(cache, caplog):
    build = Counting("safe")
    compiled.load("demo", build)
    (entry,) = cache.iterdir()
    payload = b"cos\nsystem\n(S'echo owned'\ntR."  # a pickle that would run a command
    entry.write_bytes(compiled._MAGIC + struct.pack("<IQI", compiled.FORMAT, len(payload),
                                                    zlib.crc32(payload)) + payload)
    with caplog.at_level(logging.WARNING, logger="newsevents.compiled"):
        assert compiled.load("demo", build) == "safe"
    assert "not allowed" in caplog.text


def test_an_unwritable_folder_warns_once_and_still_loads(tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(compiled, "_directory", blocker / "compiled")
    monkeypatch.setattr(compiled, "_warned", set())
    build = Counting("value")
    with caplog.at_level(logging.WARNING, logger="newsevents.compiled"):
        assert compiled.load("demo", build) == "value"
        assert compiled.load("demo", build) == "value"
    assert build.runs == 2
    assert len([r for r in caplog.records if "cannot write" in r.getMessage()]) == 1


def test_an_entry_refers_to_another_loaders_result_instead_of_copying_it(cache):
    book = load_codebook()
    holder = compiled.load("demo", lambda: {"book": book})
    assert holder["book"] is book
    compiled._made.pop(id(holder))
    (entry,) = [p for p in cache.iterdir() if p.name.startswith("demo")]
    assert entry.stat().st_size < 10_000  # the codebook itself is 1.5 MB
    assert compiled._read(entry)[0]["book"] is book


def test_the_patterns_come_back_equal(cache):
    load_patterns.cache_clear()
    try:
        built = load_patterns(())
        load_patterns.cache_clear()
        loaded = load_patterns(())
        assert loaded is not built and loaded == built
    finally:
        load_patterns.cache_clear()


def _code(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "newsevents"), "code", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)


def test_two_processes_starting_together_both_succeed_and_extra_files_rebuild(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Rebels attacked an army base in Homs on Monday.", encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    folder = tmp_path / "cache"
    args = [str(article), "--published", "2024-05-02", "--set", f"cache.dir={folder}"]
    both = [_code(args, env), _code(args, env)]
    outputs = [p.communicate(timeout=300) for p in both]
    assert [p.returncode for p in both] == [0, 0], [e for _, e in outputs]
    assert outputs[0][0] == outputs[1][0] and json.loads(outputs[0][0])["cameo"] == "190"
    kinds = sorted(p.name.split("-")[0] for p in folder.iterdir() if p.suffix == ".pickle")
    assert kinds == ["acled", "actor", "codebook", "focus", "langdetect", "patterns"]
    assert not [p for p in folder.iterdir() if p.suffix == ".tmp"]
    # the same command with an extra dictionary file compiles new entries beside the old
    extra = tmp_path / "my_agents.tsv"
    extra.write_text("term\tagent\nzookeeper\tCVL\n", encoding="utf-8")
    run = _code([*args, "--set", f"codebook.extra={extra}"], env)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert out == outputs[0][0]
    rebuilt = sorted(p.name.split("-")[0] for p in folder.iterdir() if p.suffix == ".pickle")
    assert rebuilt == sorted([*kinds, "acled", "actor", "codebook", "focus", "patterns"])

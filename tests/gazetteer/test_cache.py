"""The cached index: built once into the cache dir, reloaded fast, safe to build concurrently."""

from __future__ import annotations

import pickle
import threading
import time
from pathlib import Path

import pytest

from newsevents.config import GazetteerSettings
from newsevents.gazetteer import Gazetteer, cache
from newsevents.gazetteer.build import CITY, PRIMARY, Index


def _tiny_index() -> Index:
    idx = Index()
    e = idx.add("Testville", "AAA", -1, 1.0, 2.0, 42, 5000, CITY)
    idx.key("Testville", e, PRIMARY)
    return idx


def test_cache_dir_setting_and_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.cache_dir(GazetteerSettings(cache_dir=str(tmp_path))) == tmp_path
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir(GazetteerSettings()) == tmp_path / "xdg" / "newsevents"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir(GazetteerSettings()) == Path.home() / ".cache" / "newsevents"


def test_signature_follows_what_the_index_is_built_from() -> None:
    assert cache.signature(1000) == cache.signature(1000)
    assert cache.signature(1000) != cache.signature(15000)


def test_build_then_load_from_a_fresh_cache_dir(tmp_path: Path) -> None:
    stale = tmp_path / "gazetteer-1000-0000stale.pickle"
    stale.write_bytes(b"old")
    settings = GazetteerSettings(cache_dir=str(tmp_path))
    started = time.perf_counter()
    gaz = Gazetteer.load(settings)
    assert time.perf_counter() - started < 60, "the index must build in under a minute"
    path = cache.index_path(settings)
    assert path.exists()
    assert not stale.exists(), "an index from older data or code is removed"
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob("*.lock"))
    assert Gazetteer.load(settings) is gaz, "cached per process"

    started = time.perf_counter()
    again = Gazetteer.from_path(path)
    assert time.perf_counter() - started < 2.0, "loading the cached index takes under 2 s"
    assert len(again) == len(gaz) > 100_000
    doha = again.resolve("Doha", countries=["QAT"])
    assert doha is not None and doha.country == "QAT"


def test_unreadable_or_foreign_pickles_are_ignored(tmp_path: Path) -> None:
    garbage = tmp_path / "g.pickle"
    garbage.write_bytes(b"\x80\x05not a pickle")
    assert cache.read_index(garbage) is None
    assert cache.read_index(tmp_path / "missing.pickle") is None
    hostile = tmp_path / "h.pickle"
    hostile.write_bytes(pickle.dumps(Path("/etc/passwd")))  # a class the index never holds
    assert cache.read_index(hostile) is None


def test_write_is_atomic_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "idx.pickle"
    cache.write_index(_tiny_index(), path)
    got = cache.read_index(path)
    assert got is not None and got.names == ["Testville"] and dict(got.keys.items()) == {"testville": 0}
    assert [p.name for p in tmp_path.iterdir()] == ["idx.pickle"]


def test_concurrent_builders_build_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def slow_build(min_population: int) -> Index:
        calls.append(min_population)
        time.sleep(0.5)
        return _tiny_index()

    monkeypatch.setattr(cache, "build_index", slow_build)
    settings = GazetteerSettings(cache_dir=str(tmp_path))
    results: list[Index] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.load_or_build(settings)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1, "the others wait for the first builder's file"
    assert len(results) == 4 and all(r.names == ["Testville"] for r in results)
    assert not list(tmp_path.glob("*.lock"))


def test_a_stale_lock_is_taken_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "build_index", lambda min_population: _tiny_index())
    settings = GazetteerSettings(cache_dir=str(tmp_path))
    lock = cache.index_path(settings).with_suffix(".lock")
    lock.write_text("12345")
    old = time.time() - 3600
    import os

    os.utime(lock, (old, old))
    assert cache.load_or_build(settings).names == ["Testville"]
    assert not lock.exists()


@pytest.mark.parametrize("collide", [False, True])
def test_the_packed_name_index_answers_as_the_dict(monkeypatch: pytest.MonkeyPatch, collide: bool) -> None:
    from newsevents.gazetteer import packed

    if collide:  # every name with one hash: the names themselves must tell them apart
        monkeypatch.setattr(packed, "_hash", lambda name: 7)
    keys = {"kabul": 12, "homs": (40, 41), "são paulo": (9,), "": 3, "al-qā'idah": (5, 6, 7),
            "kabu": 13, "kabull": 14}
    index = packed.PackedKeys(keys)
    assert len(index) == len(keys) and dict(index.items()) == keys
    for name, codes in keys.items():
        assert name in index and index.get(name) == codes and index[name] == codes
        assert type(index.get(name)) is type(codes)
    for absent in ("kab", "Kabul", "homs ", "paris"):
        assert absent not in index and index.get(absent) is None and index.get(absent, 1) == 1
        with pytest.raises(KeyError):
            index[absent]

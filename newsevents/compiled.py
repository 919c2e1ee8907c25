"""The compiled cache: what the data files become, kept so the next start loads it whole.

Reading the codebook's tables, parsing the pattern YAML, tokenizing every actor
name for the phrase matchers and reading langdetect's profiles cost about two
seconds a start, for the same result each time. A loader wrapped here runs
once; its result is pickled under the cache folder (setting ``cache.dir``) and
later starts unpickle it.

An entry's name is a digest of everything that could change it: this format,
the package version and every source and data file of the package, the
loader's own key (the ``codebook.extra`` paths, the model's name and version)
and the content of the files it names. A change to any of them gives a new
name, so a stale entry is never read; the few newest of each kind are kept and
older ones removed. Entries are written to a temporary file and renamed into
place: two processes that start together may both build, and both succeed. A
damaged, truncated or unreadable entry is reported in one warning and rebuilt;
a cache folder that cannot be written is reported once and the loaders run
uncached. Only classes of this package, a few builtins and numpy arrays may be
unpickled.

An entry that holds an object another loader made (the ACLED rules hold the
codebook) refers to it by loader and key instead of keeping a copy; loading the
entry asks that loader for it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import io
import logging
import os
import pickle
import struct
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

log = logging.getLogger(__name__)

FORMAT = 1
_MAGIC = b"newsevents-compiled\n"
_HEADER = struct.Struct("<IQI")  # format, payload length, crc32 of the payload
_KEEP = 4  # newest entries kept per kind: several checkouts or settings may share a folder
_PACKAGE = Path(__file__).resolve().parent
_SOURCE_SUFFIXES = (".py", ".tsv", ".yaml", ".yml", ".json", ".txt", ".sql")

T = TypeVar("T")
Token = tuple[str, tuple[str, ...]]

_lock = threading.RLock()
_directory: Path | None = None
_warned: set[str] = set()
# objects loaders made in this process, so that other entries can refer to them
_made: dict[int, tuple[Token, Any]] = {}
_loaders: dict[str, Loader[Any]] = {}


def default_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsevents" / "compiled"


def configure(directory: str) -> None:
    """Use ``directory`` (the ``cache.dir`` setting; empty: the user cache folder)."""
    global _directory
    _directory = Path(directory).expanduser() if directory else None


def directory() -> Path:
    return _directory or default_directory()


@functools.lru_cache(maxsize=1)
def package_digest() -> str:
    """A digest of the package's version and every source and data file it holds."""
    from . import __version__

    h = hashlib.sha256(f"{FORMAT} {__version__} {sys.version_info[:2]}\n".encode())
    for root, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        for name in sorted(files):
            if name.endswith(_SOURCE_SUFFIXES):
                path = Path(root, name)
                h.update(f"{path.relative_to(_PACKAGE)}\n".encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    from .errors import InputError
    from .safefiles import MAX_DATA_FILE_BYTES, read_capped

    try:  # a regular file only, and capped: a FIFO or /dev/zero must not hang or fill memory
        return hashlib.sha256(read_capped(path, MAX_DATA_FILE_BYTES)).hexdigest()
    except (OSError, InputError) as exc:  # the loader reports it in its own words
        return f"unreadable: {type(exc).__name__}"


def entry_path(kind: str, key: Iterable[str] = (), files: Iterable[Path] = ()) -> Path:
    h = hashlib.sha256(f"{package_digest()}\n{kind}\n".encode())
    for part in key:
        h.update(f"key {part}\n".encode())
    for path in files:
        h.update(f"file {path} {_file_digest(path)}\n".encode())
    return directory() / f"{kind}-{h.hexdigest()[:24]}.pickle"


def load(kind: str, build: Callable[[], T], *, key: Iterable[str] = (),
         files: Iterable[Path] = ()) -> T:
    """The result of ``build()``, from the cache when an entry for these inputs is there."""
    key = tuple(key)
    path = entry_path(kind, key, files)
    with _lock:
        found = _read(path)
        if found is not None:
            value: T = found[0]
        else:
            value = build()
            _write(path, value, kind)
        _made[id(value)] = ((kind, key), value)
        return value


class Loader(Generic[T]):
    """A loader of ``extra`` files made cached: see :func:`loader`."""

    def __init__(self, kind: str, func: Callable[[tuple[str, ...]], T]):
        self.kind, self.func = kind, func
        self.memo: dict[tuple[str, ...], T] = {}
        functools.update_wrapper(self, func)

    def __call__(self, extra: tuple[str, ...] = ()) -> T:
        extra = tuple(str(p) for p in extra)
        with _lock:
            if extra not in self.memo:
                self.memo[extra] = load(self.kind, lambda: self.func(extra), key=extra,
                                        files=[Path(p) for p in extra])
            return self.memo[extra]

    def cache_clear(self) -> None:
        with _lock:
            self.memo.clear()


def loader(kind: str) -> Callable[[Callable[[tuple[str, ...]], T]], Loader[T]]:
    """Decorate a loader of ``extra`` files: one result per process and per ``extra``,
    built once into the compiled cache; the extra files' content is part of the key."""

    def wrap(func: Callable[[tuple[str, ...]], T]) -> Loader[T]:
        made = Loader(kind, func)
        _loaders[kind] = made
        return made

    return wrap


# --- reading and writing ------------------------------------------------------


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> Token | None:  # type: ignore[override]
        made = _made.get(id(obj))
        if made is not None and made[1] is obj and made[0][0] in _loaders:
            return made[0]
        return None


class _Unpickler(pickle.Unpickler):
    """Classes of this package, containers and numpy arrays; nothing else."""

    _BUILTINS: ClassVar[frozenset[str]] = frozenset({
        "frozenset", "set", "dict", "list", "tuple", "str", "bytes", "int", "float", "bool",
        "complex", "slice", "range", "bytearray",
    })
    _OTHERS: ClassVar[frozenset[tuple[str, str]]] = frozenset({
        ("copyreg", "_reconstructor"), ("collections", "OrderedDict"),
        ("collections", "defaultdict"), ("collections", "Counter"), ("collections", "deque"),
        ("re", "_compile"), ("array", "array"),
        ("array", "_array_reconstructor"), ("numpy", "dtype"), ("numpy", "ndarray"),
        ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer"),
    })

    def find_class(self, module: str, name: str) -> Any:
        allowed = (
            (module == "builtins" and name in self._BUILTINS)
            or (module, name) in self._OTHERS
            or (module == "newsevents" or module.startswith("newsevents."))
        )
        if allowed:
            found = super().find_class(module, name)
            if module in ("builtins", "copyreg") or not module.startswith("newsevents"):
                return found
            if isinstance(found, type):  # of this package, classes only: no functions
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a compiled entry")

    def persistent_load(self, pid: Any) -> Any:
        kind, key = pid
        if kind not in _loaders:
            raise pickle.UnpicklingError(f"no loader for {kind!r}")
        return _loaders[kind](tuple(key))


def _read(path: Path) -> tuple[Any] | None:
    """``(value,)`` from the entry at ``path``; None when there is none or it is damaged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        _warn_once(str(path), "cannot read compiled cache entry %s (%s); rebuilding it", path, exc)
        return None
    try:
        value = _decode(data)
    except Exception as exc:  # a damaged entry of any sort is rebuilt, never fatal
        log.warning("compiled cache entry %s is damaged (%s); rebuilding it", path, exc)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # newest first when old entries are removed
    return (value,)


def _decode(data: bytes) -> Any:
    if not data.startswith(_MAGIC):
        raise ValueError("not a compiled cache entry")
    start = len(_MAGIC) + _HEADER.size
    if len(data) < start:
        raise ValueError("truncated header")
    version, length, crc = _HEADER.unpack_from(data, len(_MAGIC))
    if version != FORMAT:
        raise ValueError(f"format {version}, expected {FORMAT}")
    payload = memoryview(data)[start:]
    if len(payload) != length:
        raise ValueError(f"{len(payload)} bytes where {length} were written")
    if zlib.crc32(payload) != crc:
        raise ValueError("checksum mismatch")
    # the collector would walk the half-built tables again and again: a third of the time
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Unpickler(io.BytesIO(payload)).load()
    finally:
        if collecting:
            gc.enable()


def _encode(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    payload = buffer.getvalue()
    return _MAGIC + _HEADER.pack(FORMAT, len(payload), zlib.crc32(payload)) + payload


def _write(path: Path, value: Any, kind: str) -> None:
    """Write atomically (a temporary file, then a rename); report a failure once."""
    try:
        data = _encode(value)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        _warn_once(kind, "cannot compile %s into the cache (%s); loading it each time", kind, exc)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
    except OSError as exc:
        _warn_once(str(path.parent), "cannot write the compiled cache in %s (%s; setting "
                   "cache.dir); loading data files each time", path.parent, exc)
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; it holds nothing secret
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        _warn_once(str(path.parent), "cannot write the compiled cache entry %s (%s)", path, exc)
        return
    _remove_old(path, kind)


def _remove_old(path: Path, kind: str) -> None:
    try:
        entries = sorted(path.parent.glob(f"{kind}-*.pickle"),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_KEEP:]:
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # another process removed or replaced one meanwhile


def _warn_once(topic: str, message: str, *args: Any) -> None:
    if topic not in _warned:
        _warned.add(topic)
        log.warning(message, *args)

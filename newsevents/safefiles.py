"""Files a user names: only regular files are read; no output replaces a special file.

Reading. A FIFO blocks whoever opens it until a writer comes, ``/dev/zero``
never ends and a tape device may rewind when opened, so a name is checked
before it is opened, and opened only if it is a regular file (symbolic links
followed). The open is non-blocking, and the open descriptor is asked again
what it is, so a name swapped for a FIFO in between cannot block the read
either. Reads are capped: a file that grows past its cap while it is read is
refused too.

Writing. ``output_file`` is the one way a file named by a user is written
(``code --events-out``, ``export``, ``report``, ``demo``). What the path names
decides how:

- nothing, or a regular file: written to a temporary file beside it and
  renamed over it, so the file is complete or untouched; a replaced file
  keeps its permissions (and, for root, its owner);
- a symbolic link: followed; its target is written as above and the link stays;
- a FIFO with a reader, or a character device (``/dev/null``, a terminal):
  written in place, as a stream, never replaced; a FIFO with no reader is
  refused rather than waited on;
- a folder, a block device or a socket: refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from .errors import (
    CodebookError,
    InputError,
    InputTooLarge,
    MissingInput,
    NewsEventsError,
    OutputError,
    SpecialFile,
)

# Largest codebook, pattern or rule file a user adds (codebook.extra): dictionaries are
# small, so a file this large is a mistake or an attack, not a codebook.
MAX_DATA_FILE_BYTES = 64 * 1024 * 1024

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a symbolic link"),
)


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, for a message: "a FIFO", "a folder", ..."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def _read_error(exc: OSError, name: str) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return MissingInput("no such file", target=name)
    if isinstance(exc, IsADirectoryError):
        return MissingInput("is a directory", target=name)
    if isinstance(exc, PermissionError):
        return MissingInput("permission denied", target=name)
    return MissingInput(f"cannot read: {exc.strerror or exc}", target=name)


def _require_regular(mode: int, name: str) -> None:
    if stat.S_ISDIR(mode):
        raise MissingInput("is a directory", target=name)
    if not stat.S_ISREG(mode):
        raise SpecialFile(f"is {kind_of(mode)}, not a regular file", target=name)


def regular_stat(path: str | Path) -> os.stat_result:
    """The file's stat (links followed); SpecialFile or MissingInput unless a regular file."""
    name = str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _read_error(exc, name) from exc
    _require_regular(st.st_mode, name)
    return st


def open_regular(path: str | Path) -> BinaryIO:
    """``path`` opened for binary reading, only if it is a regular file."""
    name = str(path)
    regular_stat(path)  # no open at all of a FIFO or device: opening one may block or act
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _read_error(exc, name) from exc
    try:
        _require_regular(os.fstat(fd).st_mode, name)  # the name may have changed meanwhile
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_capped(path: str | Path, cap: int) -> bytes:
    """A regular file's bytes; InputTooLarge when it holds more than ``cap`` bytes."""
    name = str(path)
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > cap:
            raise InputTooLarge(f"too large: {size:,} bytes (limit {cap:,})", target=name)
        try:
            data = handle.read(cap + 1)  # the file may have grown since fstat
        except OSError as exc:
            raise _read_error(exc, name) from exc
    if len(data) > cap:
        raise InputTooLarge(f"too large: more than {cap:,} bytes", target=name)
    return data


def read_text_as(path: str | Path, cap: int, error: type[NewsEventsError], *, what: str,
                 name: str | None = None) -> str:
    """A regular UTF-8 file of at most ``cap`` bytes; any failure raised as ``error``,
    saying it could not read the ``what`` ("config file") and naming it ``name``.

    For settings, codebook and rule files, whose problems are the user's
    configuration rather than a rejected input.
    """
    name = name or str(path)
    try:
        data = read_capped(path, cap)
    except InputError as exc:
        raise error(f"cannot read {what}: {exc.message}", target=name, hint=exc.hint) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", target=name,
                    hint="save the file as UTF-8") from exc


def read_data_file(path: str | Path, what: str = "codebook file",
                   name: str | None = None) -> str:
    """A user's codebook, pattern or rule file (``codebook.extra``), as CodebookError."""
    return read_text_as(path, MAX_DATA_FILE_BYTES, CodebookError, what=what, name=name)


# --- writing -------------------------------------------------------------


def _target_stat(path: Path) -> tuple[Path, os.stat_result | None]:
    """Where writing ``path`` lands (a link's target) and what is there now, if anything."""
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:  # a link loop, a component that is not a folder, no permission
        raise OutputError(f"cannot write: {exc.strerror or exc}", target=str(path)) from exc
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    return target, st


def _handle(fd: int, binary: bool, newline: str | None) -> IO[Any]:
    if binary:
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding="utf-8", newline=newline)


@contextlib.contextmanager
def _replaced(target: Path, before: os.stat_result | None, name: str, binary: bool,
              newline: str | None) -> Iterator[IO[Any]]:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # 0o666 less the umask, as any new file; O_EXCL: never through someone else's name
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        if before is not None:
            os.fchmod(fd, stat.S_IMODE(before.st_mode))
            if os.geteuid() == 0 and (before.st_uid, before.st_gid) != (0, 0):
                os.fchown(fd, before.st_uid, before.st_gid)
        with _handle(fd, binary, newline) as handle:
            yield handle
        # refused if the name turned into something else while we wrote
        with contextlib.suppress(FileNotFoundError):
            now = os.lstat(target).st_mode
            if not stat.S_ISREG(now):
                raise OutputError(f"became {kind_of(now)} while it was written; left alone",
                                  target=name)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _streamed(target: Path, mode: int, name: str, binary: bool,
              newline: str | None) -> Iterator[IO[Any]]:
    fifo = stat.S_ISFIFO(mode)
    flags = os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC | (os.O_NONBLOCK if fifo else 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO and fifo:
            raise OutputError("is a FIFO with no reader", target=name,
                              hint="start the reader first") from exc
        raise OutputError(f"cannot write: {exc.strerror or exc}", target=name) from exc
    try:
        now = os.fstat(fd).st_mode
        if stat.S_IFMT(now) != stat.S_IFMT(mode):
            raise OutputError(f"became {kind_of(now)} while it was opened; left alone",
                              target=name)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    with _handle(fd, binary, newline) as handle:
        yield handle


@contextlib.contextmanager
def output_file(path: str | Path, *, binary: bool = False,
                newline: str | None = None) -> Iterator[IO[Any]]:
    """A handle writing the file ``path`` names, by the rules in this module's docstring.

    An OSError that reaches here (a full disk, a reader that went away) is
    reported as an OutputError naming ``path``: readers turn their own
    OSErrors into InputErrors before they get this far.
    """
    name = str(path)
    target, st = _target_stat(Path(path))
    mode = st.st_mode if st is not None else 0
    if st is None or stat.S_ISREG(mode):
        writer = _replaced(target, st, name, binary, newline)
    elif stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        writer = _streamed(target, mode, name, binary, newline)
    elif stat.S_ISDIR(mode):
        raise OutputError("is a folder; give a file name", target=name)
    else:
        raise OutputError(f"is {kind_of(mode)}: refusing to write to it", target=name)
    try:
        with writer as handle:
            yield handle
    except BrokenPipeError as exc:
        raise OutputError("its reader closed it before everything was written",
                          target=name) from exc
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", target=name) from exc

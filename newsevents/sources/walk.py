"""Which files a directory or glob input names, found without following links to folders.

``glob.glob(recursive=True)`` follows links to folders and lists every match
before anyone can count them, so one ``a -> .`` link inside a folder made a
glob read the same file dozens of times and two of them made it run for
minutes. Here a link to a folder is never entered (a loop cannot recur),
the walk stops once ``MAX_FILES_PER_INPUT`` files are found and at
``MAX_DIR_DEPTH`` levels, and ``once`` drops a second name of a file already
listed (a link to it, or a hard link: same device and inode), so each real
file is read once. Hidden names (starting with ``.``) are skipped, as the
shell does. FIFOs, sockets and devices found on the way are listed, so the
reader rejects each by name instead of skipping it silently.
"""

from __future__ import annotations

import fnmatch
import functools
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from . import limits

log = logging.getLogger(__name__)


def has_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def walk_directory(root: Path) -> Iterator[Path]:
    """Files under ``root``, recursively, sorted, skipping hidden names and symlinked dirs."""
    root_depth = len(root.parts)
    for current, dirs, files in os.walk(root, followlinks=False):
        depth = len(Path(current).parts) - root_depth
        # sorted in place so os.walk descends in a stable order
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and depth < limits.MAX_DIR_DEPTH)
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(current) / name


def _name_matches(name: str, segment: str) -> bool:
    # as in the shell, a wildcard does not match a leading dot
    if name.startswith(".") and not segment.startswith("."):
        return False
    return fnmatch.fnmatchcase(name, segment)


def _matches(names: Sequence[str], segments: Sequence[str], *, prefix: bool = False) -> bool:
    """Whether the path ``names`` matches the pattern ``segments`` (``**``: any folders);
    with ``prefix``, whether files below the folder ``names`` could."""

    @functools.cache
    def match(i: int, j: int) -> bool:
        if i == len(names):
            return j < len(segments) if prefix else all(s == "**" for s in segments[j:])
        if j == len(segments):
            return False
        if segments[j] == "**":
            return match(i, j + 1) or (not names[i].startswith(".") and match(i + 1, j))
        return _name_matches(names[i], segments[j]) and match(i + 1, j + 1)

    return match(0, 0)


def expand_glob(pattern: str) -> list[Path]:
    """Files ``pattern`` matches, sorted as ``sorted(glob.glob(pattern))`` would list them,
    with hidden names skipped; at most ``MAX_FILES_PER_INPUT`` + 1 (the last one says the
    cap was reached). Folders whose names are plain text lead the walk, so ``data/*.txt``
    looks in ``data`` only."""
    parts = pattern.split(os.sep)
    if not parts[-1]:
        return []  # "dir/*/" matches folders only, and folders are not read
    lead = 0
    while lead < len(parts) and not has_glob(parts[lead]):
        lead += 1
    base_parts, segments = parts[:lead], [s for s in parts[lead:] if s]
    base = os.sep.join(base_parts) if base_parts != [""] else os.sep
    top = base or os.curdir
    if not os.path.isdir(top):
        return []
    max_depth = limits.MAX_DIR_DEPTH if "**" in segments else len(segments) - 1
    found: list[str] = []
    for current, dirs, files in os.walk(top, followlinks=False):
        rel = os.path.relpath(current, top)
        names = [] if rel == os.curdir else rel.split(os.sep)
        dirs[:] = sorted(d for d in dirs if len(names) < max_depth
                         and _matches([*names, d], segments, prefix=True))
        for name in sorted(files):
            if name.startswith(".") or not _matches([*names, name], segments):
                continue
            found.append(os.path.join(base, *names, name) if base else os.path.join(*names, name))
            if len(found) > limits.MAX_FILES_PER_INPUT:
                return [Path(p) for p in sorted(found)]
    return [Path(p) for p in sorted(found)]


def once(paths: Iterable[Path]) -> Iterator[Path]:
    """``paths`` less any further name of a file already given (same device and inode)."""
    seen: set[tuple[int, int]] = set()
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            yield path  # the reader reports why it cannot be read
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            log.info("skipped %s: the same file was already read under another name", path)
            continue
        seen.add(key)
        yield path

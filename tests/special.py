"""Special files for tests: FIFOs read without ever blocking the test, device stand-ins.

A test never touches a real device: ``device`` makes a new node in a temporary
folder (root only; the test is skipped, saying why, elsewhere), with the numbers
of /dev/null or /dev/full, so writing to it does what writing to those does.
"""

from __future__ import annotations

import os
import select
import stat
import threading
import time
from pathlib import Path

import pytest

NULL = (1, 3)  # the device numbers of /dev/null on Linux
FULL = (1, 7)  # /dev/full: every write fails with ENOSPC


def device(path: Path, numbers: tuple[int, int] = NULL) -> Path:
    """A character device node at ``path`` standing in for /dev/null (or /dev/full)."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root; run the tests as root to check devices")
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*numbers))
    except PermissionError as exc:
        pytest.skip(f"this container does not allow device nodes ({exc.strerror})")
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


class FifoReader:
    """Reads a FIFO in a thread, from before any writer opens it until the writer closes it.

    The read end is opened without blocking, so a writer that opens the FIFO
    without blocking finds a reader; ``data`` waits at most ``seconds``.
    """

    def __init__(self, path: Path, seconds: float = 60.0) -> None:
        self._fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self._deadline = time.monotonic() + seconds
        self._chunks: list[bytes] = []
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        seen_writer = False
        try:
            while time.monotonic() < self._deadline:
                ready, _, _ = select.select([self._fd], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(self._fd, 1 << 16)
                if chunk:
                    self._chunks.append(chunk)
                    seen_writer = True
                elif seen_writer:
                    return  # the writer closed its end
                else:
                    time.sleep(0.02)  # no writer yet: a FIFO with none reads as at its end
        finally:
            os.close(self._fd)

    def data(self) -> bytes:
        self._thread.join(max(0.0, self._deadline - time.monotonic()) + 1)
        return b"".join(self._chunks)


def device_or_none(path: Path, numbers: tuple[int, int] = NULL) -> Path | None:
    """``device``, or None where device nodes cannot be made (not root, or not allowed)."""
    try:
        return device(path, numbers)
    except pytest.skip.Exception:
        return None

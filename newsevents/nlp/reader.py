"""The sentence encoder in a process of its own, so that it reads while the parser parses.

The encoder (encoder.py) is numpy products with Python between them. On a thread
beside the parser it hardly runs: every step between two products waits for the
interpreter lock, which the parser holds for long stretches. A child process has a
lock of its own and takes a second core: over a stream of articles the classifier's
reading then costs the coder little more than handing the sentences over.

The child is ``python -m newsevents.nlp.reader FOLDER LAYERS MAX_TOKENS``: it reads
requests from its standard input (a 4-byte length, then the sentences as a JSON list)
and answers each in order on its standard output (a 4-byte row count, then the rows as
float32). It computes exactly what ``SentenceEncoder.encode`` computes in the parent,
so the events are the same either way. It ends when its input closes, which happens
when the parent ends, however it ends.

A child that cannot start or dies fails the requests it holds; the caller then reads
those sentences in its own process (run/__init__.py), so nothing is lost.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from typing import IO

import numpy as np

log = logging.getLogger(__name__)

_LENGTH = struct.Struct("<I")
_FAILED = 0xFFFFFFFF  # a row count that says the request failed; a message follows
_MAX_REQUEST = 1 << 28  # 256 MB of sentences in one request is not a document's


class ReaderGone(RuntimeError):
    """The child process could not read a request: it failed to start or died."""


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) != size:
        raise EOFError
    return data


class EncoderProcess:
    """``submit(texts)`` gives a Future of the texts' unit vectors, computed by a child."""

    def __init__(self, folder: str, layers: int, max_tokens: int, hidden: int):
        env = dict(os.environ)
        # one core is the parser's; the child's products take the other one
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[name] = "1"
        self.pid = os.getpid()  # a forked copy of this object must not use the pipes
        self.hidden = hidden
        self._child = subprocess.Popen(
            [sys.executable, "-m", "newsevents.nlp.reader", folder, str(layers), str(max_tokens)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._waiting: deque[Future[np.ndarray]] = deque()
        self._lock = threading.Lock()
        self._gone: str | None = None
        self._answers = threading.Thread(target=self._collect, name="newsevents-reader",
                                         daemon=True)
        self._answers.start()

    def submit(self, texts: Sequence[str]) -> Future[np.ndarray]:
        future: Future[np.ndarray] = Future()
        if not texts:
            future.set_result(np.zeros((0, self.hidden), dtype=np.float32))
            return future
        body = json.dumps(list(texts), ensure_ascii=False).encode("utf-8")
        with self._lock:
            if self._gone is None:
                self._waiting.append(future)
                try:
                    stdin = self._child.stdin
                    assert stdin is not None
                    stdin.write(_LENGTH.pack(len(body)) + body)
                    stdin.flush()
                except (OSError, ValueError) as exc:
                    self._fail(f"cannot write to the reader process: {exc}")
            else:
                future.set_exception(ReaderGone(self._gone))
        return future

    def _collect(self) -> None:
        stdout = self._child.stdout
        assert stdout is not None
        try:
            while True:
                (rows,) = _LENGTH.unpack(_read_exactly(stdout, _LENGTH.size))
                if rows == _FAILED:
                    (size,) = _LENGTH.unpack(_read_exactly(stdout, _LENGTH.size))
                    error: Exception = ReaderGone(_read_exactly(stdout, size).decode("utf-8"))
                    result = None
                else:
                    data = _read_exactly(stdout, rows * self.hidden * 4)
                    result = np.frombuffer(data, dtype=np.float32).reshape(rows, self.hidden)
                with self._lock:
                    future = self._waiting.popleft()
                if result is None:
                    future.set_exception(error)
                else:
                    future.set_result(result)
        except (EOFError, OSError, ValueError, IndexError):
            with self._lock:
                self._fail(f"the reader process ended (exit status {self._child.poll()})")

    def _fail(self, why: str) -> None:
        """Fail every request still waiting; the lock is held."""
        if self._gone is None:
            log.warning("%s: the classifier reads in this process instead", why)
            self._gone = why
        while self._waiting:
            self._waiting.popleft().set_exception(ReaderGone(self._gone))

    @property
    def alive(self) -> bool:
        return self._gone is None and self.pid == os.getpid()

    def close(self) -> None:
        """End the child: it sees its input close, answers what it holds and exits."""
        if self.pid != os.getpid():
            return
        with self._lock:
            if self._gone is None:
                self._gone = "the reader process was closed"
        try:
            if self._child.stdin is not None:
                self._child.stdin.close()
            self._child.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self._child.kill()
            self._child.wait()
        self._answers.join(timeout=5)
        if self._child.stdout is not None:
            self._child.stdout.close()


def serve(folder: str, layers: int, max_tokens: int) -> int:
    """The child's loop: requests in on stdin, vectors out on stdout, until stdin ends."""
    from .encoder import SentenceEncoder, model_dir

    # Ctrl-C reaches the whole process group: the parent decides, and closes our input
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    encoder = SentenceEncoder(model_dir(folder), layers=layers, max_tokens=max_tokens)
    while True:
        try:
            (size,) = _LENGTH.unpack(_read_exactly(stdin, _LENGTH.size))
            if size > _MAX_REQUEST:
                return 2
            texts = json.loads(_read_exactly(stdin, size).decode("utf-8"))
        except EOFError:
            return 0
        try:
            vectors = np.ascontiguousarray(encoder.encode(texts), dtype=np.float32)
            stdout.write(_LENGTH.pack(len(vectors)) + vectors.tobytes())
        except Exception as exc:  # the parent reads these sentences itself
            message = f"{type(exc).__name__}: {exc}".encode()[:2000]
            stdout.write(_LENGTH.pack(_FAILED) + _LENGTH.pack(len(message)) + message)
        stdout.flush()


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))

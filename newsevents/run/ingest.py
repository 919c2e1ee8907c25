"""Ingestion: inputs -> items -> documents -> (skip, dedupe, triage) -> coding -> store.

One pass over a stream, with bounded memory everywhere::

    iter_items      lazily, one input at a time, in this process
      -> prepare    chunks of items become documents where the runner works
                    (extraction, cleaning, ids, language); back in input order
      -> known?     documents already stored are skipped (asked per batch)
      -> repeated?  the same id earlier in this run is skipped
      -> copy?      a near or exact copy of an earlier document is not coded;
                    it takes its original's events (see seen.py) once they exist
      -> language   non-English documents are recorded with a note, not coded
      -> code       chunks of nlp.batch_size go to the runner (in-process, pool,
                    Dask); at most a window of calls is in flight
      -> writer     this process alone writes, one transaction per batch

The decisions in the middle (known, repeated, copy) are taken here, in input
order, so that they are the same whatever the engine and however results
come back.

Resumable: a batch is written whole or not at all, and a rerun skips what is
stored, so a run killed at any point and started again ends with every
document stored once. Copies are written after their original (a later
batch), so a stored copy always has its original stored.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..documents import make_document
from ..errors import InputError
from ..model import CodedDocument, Document, Event, Item, Rejection
from ..sources import iter_items
from .lazy import StartsWhenNeeded
from .seen import DEFAULT_WINDOW, Seen, coded_copy
from .target import Target
from .work import Done, Runner, Task, code_chunk, prepare_chunk

log = logging.getLogger(__name__)

ENGLISH = ("en", "", "und")  # what Coder.code codes; other languages are recorded only
_PROBE_CHUNKS = 16  # chunks read at once while stored items are looked for


@dataclass
class IngestSummary:
    """What a run did; ``exit_code`` 0 all done, 1 some inputs rejected, 2 nothing usable."""

    run_id: str = ""
    documents: int = 0  # documents made from the inputs
    stored_before: int = 0  # already in the store: skipped
    repeated: int = 0  # an id met earlier in this run: skipped
    duplicates: int = 0  # copies of an earlier document: recorded, not coded
    skipped_language: int = 0  # not English: recorded, not coded
    coded: int = 0
    events: int = 0
    quotes: int = 0
    rejected: int = 0
    batches: int = 0
    written: int = 0  # documents written to the store by this run
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Documents read per second."""
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if not self.rejected:
            return 0
        usable = (self.coded + self.duplicates + self.skipped_language
                  + self.stored_before + self.repeated)
        return 1 if usable else 2

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = asdict(self)
        out["rate"] = round(self.rate, 2)
        out["exit_code"] = self.exit_code
        return out


def default_run_id(inputs: Sequence[str], published: str | None = None) -> str:
    """A run id naming the job (its inputs), so a rerun of the same job resumes it.

    Rejections are keyed by run id, so rerunning the same inputs records each
    bad input once, not once per attempt.
    """
    parts = [str(Path(x).resolve()) if Path(x).exists() else x for x in inputs]
    raw = "\x1f".join([*parts, f"published={published or ''}"])
    return "run-" + hashlib.sha1(raw.encode("utf-8", "replace")).hexdigest()[:16]


class _Writer:
    """Batches of coded documents and rejections, one store transaction each.

    A copy never shares a batch with its original: it waits for the next
    one. The copy is then written after its original, and the store, which
    picks the original of two same-text documents in one batch by id, can
    never take the copy for the original.
    """

    def __init__(self, target: Target, size: int, run_id: str, summary: IngestSummary):
        self.target = target
        self.size = size
        self.run_id = run_id
        self.summary = summary
        self.docs: list[CodedDocument] = []
        self.ids: set[str] = set()
        self.rejections: list[Rejection] = []
        self.deferred: list[CodedDocument] = []
        self.deferred_ids: set[str] = set()

    def add(self, coded: CodedDocument) -> None:
        doc = coded.document
        if doc.duplicate_of is not None and (
            doc.duplicate_of in self.ids or doc.duplicate_of in self.deferred_ids
        ):
            self.deferred.append(coded)
            self.deferred_ids.add(doc.id)
        else:
            self.docs.append(coded)
            self.ids.add(doc.id)
        self._maybe_flush()

    def reject(self, rejection: Rejection) -> None:
        self.rejections.append(rejection)
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self.docs) + len(self.rejections) + len(self.deferred) >= self.size:
            self.flush()

    def flush(self, *, everything: bool = False) -> None:
        """Write the batch; the copies it held back start the next one (or follow now)."""
        if self.docs or self.rejections:
            result = self.target.write(self.docs, self.rejections, self.run_id)
            log.debug("batch %d: %s", self.summary.batches + 1, result)
            self.summary.batches += 1
            self.summary.written += len(self.docs)
        deferred = self.deferred
        self.docs, self.ids, self.rejections = [], set(), []
        self.deferred, self.deferred_ids = [], set()
        for coded in deferred:
            self.add(coded)
        if everything and (self.docs or self.deferred):
            self.flush(everything=True)


class Ingest:
    """One run: feed it documents and rejections, then ``finish``."""

    def __init__(
        self,
        settings: Settings,
        target: Target,
        runner: Runner,
        *,
        run_id: str,
        published: str | None = None,
        batch_size: int | None = None,
        dedupe_window: int = DEFAULT_WINDOW,
        on_rejection: Callable[[Rejection], None] | None = None,
        on_progress: Callable[[IngestSummary], None] | None = None,
        progress_every: float = 2.0,
    ) -> None:
        self.settings = settings
        self.target = target
        self.runner = runner
        self.published = published
        self.summary = IngestSummary(run_id=run_id)
        self.batch_size = max(1, batch_size or settings.store.batch_size)
        self.chunk_size = max(1, settings.nlp.batch_size)
        self.writer = _Writer(target, self.batch_size, run_id, self.summary)
        self.seen = Seen(dedupe_window)
        self.on_rejection = on_rejection
        self.on_progress = on_progress
        self.progress_every = progress_every
        self._started = time.monotonic()
        self._last_progress = self._started
        self._items: list[Item | Document | Rejection] = []  # read, not yet sent to prepare
        self._prepared: dict[int, list[Document | Rejection]] = {}  # by sequence number
        self._sent = 0  # prepare calls submitted
        self._next = 0  # the prepared chunk to triage next (input order)
        self._advancing = False
        self._codes = 0  # code calls submitted
        self._pending: list[Document] = []  # prepared, not yet checked against the store
        self._chunk: list[Document] = []  # to code, not yet sent
        self._open: set[str] = set()  # sent or waiting: no result yet
        self._waiting: dict[str, list[Document]] = {}  # original id -> copies waiting for it
        self._lookup: dict[str, list[Document]] = {}  # original id (stored) -> copies
        self._probing = True  # look for stored items before preparing (_stored_first)
        self._stored_ids: set[str] = set()  # found stored by _stored_first, not yet triaged

    # --- input -----------------------------------------------------------

    def feed(self, entry: Item | Document | Rejection) -> None:
        """One entry of the stream; items are made into documents by the runner."""
        self._items.append(entry)
        # while looking for stored items, a few chunks are read at a time: one store query
        if len(self._items) >= self.chunk_size * (_PROBE_CHUNKS if self._probing else 1):
            self._prepare()
        self._tick()

    def run(self, stream: Iterable[Item | Document | Rejection]) -> IngestSummary:
        for entry in stream:
            self.feed(entry)
        return self.finish()

    def finish(self) -> IngestSummary:
        self._prepare()
        while True:
            if not self.runner.in_flight:
                self._check()
                self._send()
                if not self.runner.in_flight:
                    break
            for task, result in self.runner.wait():
                self._handle(task, result)
        self._resolve_lookups()
        self.writer.flush(everything=True)
        self.summary.seconds = round(time.monotonic() - self._started, 3)
        if self._waiting or self._prepared:  # cannot happen: every call has come back
            log.error("left over: copies waiting for %s, prepared chunks %s",
                      sorted(self._waiting), sorted(self._prepared))
        if self.on_progress is not None:
            self.on_progress(self.summary)
        return self.summary

    def _prepare(self) -> None:
        read, self._items = self._stored_first(self._items), []
        for start in range(0, len(read), self.chunk_size):
            self._prepare_chunk(read[start : start + self.chunk_size])

    def _prepare_chunk(self, entries: list[Item | Document | Rejection]) -> None:
        # prepared chunks are triaged in input order: bound those waiting for an earlier one
        # (the window follows the runner's workers: a cluster knows them once started)
        while len(self._prepared) >= max(2, 2 * self.runner.workers) and self.runner.in_flight:
            for task, result in self.runner.wait():
                self._handle(task, result)
        task = ("prepare", self._sent)
        self._sent += 1
        if all(isinstance(e, Document | Rejection) for e in entries):
            self._handle(task, entries)  # nothing left to prepare: no worker needed
            return
        for done, result in self.runner.submit(
            task, prepare_chunk, entries, self.settings, self.published
        ):
            self._handle(done, result)

    def _stored_first(
        self, items: list[Item | Document | Rejection]
    ) -> list[Item | Document | Rejection]:
        """The chunk with its already stored items made into documents here, cheaply.

        A stored document is only counted and remembered, so it needs neither a worker
        nor its language (most of the cost of making one): a rerun over stored inputs
        starts no worker and loads no model. Its id is found by the same cleaning the
        workers do; that is tried at the start of a run and again while it finds stored
        documents (a resumed run), not on every chunk of a new corpus."""
        if not self._probing:
            return items
        drafts: dict[int, Document] = {}
        for n, entry in enumerate(items):
            if isinstance(entry, Item) and entry.kind != "html":  # pages need extraction
                try:
                    drafts[n] = make_document(entry, self.settings, published=self.published,
                                              language=False)
                except InputError:
                    continue  # prepare_chunk rejects it, as without this step
        stored = self.target.known(d.id for d in drafts.values())
        self._probing = bool(stored) or not self._codes
        self._stored_ids |= stored  # triage need not ask again
        return [drafts[n] if n in drafts and drafts[n].id in stored else entry
                for n, entry in enumerate(items)]

    def _handle(self, task: Task, result: Any) -> None:
        kind, number = task
        if kind == "code":
            self._receive(result)
            return
        self._prepared[number] = result
        if self._advancing:
            return  # the loop below, further up the stack, takes it in turn
        self._advancing = True
        try:
            while self._next in self._prepared:
                for entry in self._prepared.pop(self._next):
                    self._accept(entry)
                self._next += 1
        finally:
            self._advancing = False

    def _accept(self, entry: Document | Rejection) -> None:
        if isinstance(entry, Rejection):
            self._reject(entry)
            return
        self.summary.documents += 1
        self._pending.append(entry)
        if len(self._pending) >= self.batch_size:
            self._check()

    # --- triage ----------------------------------------------------------

    def _check(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        known = self._stored_ids & {d.id for d in pending}  # a store only grows: still there
        self._stored_ids -= known
        stored = known | self.target.known(d.id for d in pending if d.id not in known)
        for doc in pending:
            self._triage(doc, doc.id in stored)

    def _triage(self, doc: Document, stored: bool) -> None:
        if self.seen.has_id(doc.id):
            self.summary.repeated += 1
            return
        # every document joins the index in input order, stored or not, so a
        # resumed run marks the same copies as an uninterrupted one; a stored one's
        # signature is computed only if a later document is compared with it
        if stored:
            self.seen.add(doc, index_now=False)
            self.summary.stored_before += 1
            return
        original = self.seen.duplicate_of(doc)
        self.seen.add(doc)
        if original is not None:
            self._copy(doc, original)
        elif doc.language not in ENGLISH:
            self.summary.skipped_language += 1
            self._done(CodedDocument(document=doc, notes=(f"skipped: language {doc.language}",)))
        else:
            self._chunk.append(doc)
            self._open.add(doc.id)
            if len(self._chunk) >= self.chunk_size:
                self._send()

    def _copy(self, doc: Document, original: str) -> None:
        self.summary.duplicates += 1
        if original in self._open:
            self._waiting.setdefault(original, []).append(doc)
            self._open.add(doc.id)  # a copy of this copy waits for it in turn
            return
        events = self.seen.events_of(original)
        if events is not None:
            self._done(coded_copy(doc, original, events))
            return
        self._open.add(doc.id)
        self._lookup.setdefault(original, []).append(doc)
        if sum(len(v) for v in self._lookup.values()) >= self.batch_size:
            self._resolve_lookups()

    def _resolve_lookups(self) -> None:
        """Copies of documents written before: their events come from the store."""
        lookup, self._lookup = self._lookup, {}
        if not lookup:
            return
        # the original may still be in the unwritten batch
        self.writer.flush(everything=True)
        found = self.target.events_of(lookup)
        for original, copies in lookup.items():
            for doc in copies:
                self._open.discard(doc.id)
                self._done(coded_copy(doc, original, found.get(original, ())))

    # --- results ---------------------------------------------------------

    def _send(self) -> None:
        chunk, self._chunk = self._chunk, []
        if chunk:
            task = ("code", self._codes)
            self._codes += 1
            for done, result in self.runner.submit(task, code_chunk, chunk, self.settings):
                self._handle(done, result)

    def _receive(self, results: Done) -> None:
        for doc_id, result in results:
            self._open.discard(doc_id)
            if isinstance(result, Rejection):
                self._reject(result)
                self._release(doc_id, ())
                continue
            self.summary.coded += 1
            self.summary.events += len(result.events)
            self.summary.quotes += len(result.quotes)
            self._done(result)

    def _done(self, coded: CodedDocument) -> None:
        """A document's record is final: remember its events, write it, free its copies."""
        self.seen.remember(coded.document.id, coded.events)
        self.writer.add(coded)
        self._release(coded.document.id, coded.events)

    def _release(self, original: str, events: Sequence[Event]) -> None:
        for doc in self._waiting.pop(original, ()):
            self._open.discard(doc.id)
            self._done(coded_copy(doc, original, events))

    def _reject(self, rejection: Rejection) -> None:
        self.summary.rejected += 1
        self.writer.reject(rejection)
        if self.on_rejection is not None:
            self.on_rejection(rejection)

    def _tick(self) -> None:
        if self.on_progress is None:
            return
        now = time.monotonic()
        if now - self._last_progress >= self.progress_every:
            self._last_progress = now
            self.summary.seconds = round(now - self._started, 3)
            self.on_progress(self.summary)


def ingest(
    inputs: Sequence[str],
    settings: Settings,
    target: Target,
    runner: Runner,
    *,
    published: str | None = None,
    run_id: str | None = None,
    batch_size: int | None = None,
    dedupe_window: int = DEFAULT_WINDOW,
    on_rejection: Callable[[Rejection], None] | None = None,
    on_progress: Callable[[IngestSummary], None] | None = None,
    progress_every: float = 2.0,
) -> IngestSummary:
    """Read, code and store ``inputs``; the caller owns (and closes) target and runner."""
    rid = run_id or default_run_id(inputs, published)
    target.start(rid)
    job = Ingest(settings, target, runner, run_id=rid, published=published,
                 batch_size=batch_size, dedupe_window=dedupe_window, on_rejection=on_rejection,
                 on_progress=on_progress, progress_every=progress_every)
    return job.run(iter_items(inputs, settings))


def open_runner(
    settings: Settings, *, engine: str = "local", workers: int = 1, scheduler: str | None = None
) -> Runner:
    """In-process for one local worker, a process pool for several, or Dask; pools and
    clusters start on the first call (lazy.py), so a run with nothing to do starts none."""
    if engine == "dask":
        from .dask import DaskRunner

        return StartsWhenNeeded(lambda: DaskRunner(settings, workers, scheduler=scheduler),
                                workers)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}")
    if workers <= 1:
        from .local import LocalRunner

        return LocalRunner(settings)
    from .pool import PoolRunner

    return StartsWhenNeeded(lambda: PoolRunner(settings, workers), workers)

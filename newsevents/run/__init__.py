"""Runners: where the per-document work happens.

``Coder`` holds what one process needs to code documents (the pipeline,
codebook, patterns, gazetteer), loaded once; its ``code`` method is the
per-document function that the in-process, process-pool and Dask runners
all call.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import cast

from .. import compiled
from ..codebook import load_codebook
from ..codebook.patterns import load_patterns
from ..config import Settings
from ..events.acled import AcledClassifier
from ..events.attach import LocationChooser
from ..events.document import code_doc
from ..model import CodedDocument, Document
from ..nlp import focus, pipeline
from . import heap

log = logging.getLogger(__name__)

ALL_OUTPUTS = frozenset({"events", "quotes", "places", "actors"})


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return cast("Callable[[int], int]", ctypes.CDLL(None).malloc_trim)
    except (OSError, AttributeError):
        return None


def _give_back_memory() -> None:
    """Return the heap that a chunk's documents freed to the system.

    The C allocator keeps freed memory for reuse, in pieces too scattered to be
    handed back, so a long run's resident size climbs although little is in use
    (bench/README.md: about 130 MB less at 500 articles with this). A trim per
    chunk costs a few milliseconds."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _chooser() -> LocationChooser | None:
    try:
        from ..events.location import choose_event_location
    except ImportError:  # the location chooser is optional; attach.py has a fallback
        return None
    return choose_event_location


class Coder:
    """Codes documents in this process; build one per process and reuse it."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        compiled.configure(self.settings.cache.dir)
        heap.tune_allocator()
        extra = self.settings.codebook.extra
        self.codebook = load_codebook(extra)
        self.patterns = load_patterns(extra)
        self.nlp = pipeline.load(self.settings)
        self.chooser = _chooser()
        self.acled = AcledClassifier.load(extra)
        self._vocabulary: focus.Vocabulary | None = None
        self._warm = False

    def focused(self, outputs: frozenset[str]) -> bool:
        """Whether to annotate only sentences that may hold events (setting nlp.focus)."""
        mode = self.settings.nlp.focus
        return mode == "on" or (mode == "auto" and outputs <= {"events"})

    def vocabulary(self) -> focus.Vocabulary:
        if self._vocabulary is None:
            extra = self.settings.codebook.extra
            self._vocabulary = compiled.load(
                "focus", lambda: focus.vocabulary(self.patterns, self.codebook),
                key=extra, files=[Path(p) for p in extra])
        return self._vocabulary

    def code(
        self, documents: Iterable[Document], *, outputs: frozenset[str] = ALL_OUTPUTS
    ) -> Iterator[CodedDocument]:
        """Code documents in input order; non-English ones come back with no events and a note.

        ``outputs`` says what the caller will use; when it is events alone, sentences that
        cannot hold an event are not annotated (see nlp/focus.py).
        """
        chunk: list[Document] = []
        size = max(1, self.settings.nlp.batch_size)
        use_focus = self.focused(outputs)
        for document in documents:
            chunk.append(document)
            if len(chunk) >= size:
                yield from self._code_chunk(chunk, use_focus)
                chunk = []
        if chunk:
            yield from self._code_chunk(chunk, use_focus)

    def _code_chunk(self, chunk: list[Document], use_focus: bool) -> list[CodedDocument]:
        """Code one chunk inside a spaCy memory zone, so that the words and strings its
        documents bring are freed after it: on an endless stream the vocabulary would
        otherwise grow without end. The first chunk runs outside a zone, because the
        components load their tables on first use and those must stay."""
        zone = self.nlp.memory_zone() if self._warm else contextlib.nullcontext()
        with zone:
            coded = list(self._annotate_chunk(chunk, use_focus))
        if not self._warm:
            heap.freeze_loaded()  # the tables are loaded now: see heap.py
        self._warm = True
        _give_back_memory()
        return coded

    def _annotate_chunk(self, chunk: list[Document], use_focus: bool
                        ) -> Iterator[CodedDocument]:
        english = [d for d in chunk if d.language in ("en", "", "und")]
        views = {
            id(d): focus.focus(d.text, self.vocabulary()) if use_focus else None for d in english
        }

        def texts() -> Iterator[pipeline.Item]:
            for d in english:
                view = views[id(d)]
                yield d.id, view.text if view is not None else d.text, d.published, d.url

        # nlp.pipe keeps order, so position (not id, which may repeat) pairs them up
        annotated = iter(pipeline.annotate(self.nlp, texts(), self.settings.nlp.batch_size))
        for document in chunk:
            doc = next(annotated)[1] if document.language in ("en", "", "und") else None
            if doc is None:
                yield CodedDocument(
                    document=document, notes=(f"skipped: language {document.language}",)
                )
                continue
            coded = code_doc(
                document,
                doc,
                codebook=self.codebook,
                patterns=self.patterns,
                chooser=self.chooser,
                window_days=self.settings.merge.window_days,
                acled=self.acled,
            )
            view = views.get(id(document))
            yield view.remap(coded) if view is not None else coded

    def code_one(self, document: Document) -> CodedDocument:
        return next(iter(self.code([document])))


_CODERS: dict[Settings, Coder] = {}


def coder_for(settings: Settings | None = None) -> Coder:
    """The process-wide Coder for these settings."""
    settings = settings or Settings()
    if settings not in _CODERS:
        _CODERS[settings] = Coder(settings)
    return _CODERS[settings]

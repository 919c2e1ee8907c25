"""Runners: where the per-document work happens.

``Coder`` holds what one process needs to code documents (the pipeline,
codebook, patterns, gazetteer), loaded once; its ``code`` method is the
per-document function that the in-process, process-pool and Dask runners
all call.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import logging
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import cast

import numpy as np
from spacy.tokens import Doc

from .. import compiled
from ..codebook import load_codebook
from ..codebook.patterns import load_patterns
from ..config import Settings
from ..documents.spans import published, to_user_text
from ..events.acled import AcledClassifier
from ..events.attach import LocationChooser
from ..events.document import FirstPass, code_doc, first_pass
from ..events.learned import EventClassifier, Prediction, load_classifier
from ..model import CodedDocument, Document
from ..nlp import focus, pipeline, truecase
from ..nlp.encoder import HIDDEN
from ..nlp.reader import EncoderProcess, ReaderGone
from ..nlp.truecase import CaseLexicon
from . import heap

log = logging.getLogger(__name__)

ALL_OUTPUTS = frozenset({"events", "quotes", "places", "actors"})
_BIG_PLACE = 10_000  # people: a place a common noun names is capitalised from this size
# Documents whose classifier reading may still be under way in the reader process
# (nlp/reader.py) while the next ones are parsed: about one parser batch, so that the
# reading of one batch overlaps the parse of the next.
_LAG = 32
_ZONE_BATCHES = 8  # parser batches per memory zone after a call's first: the lag ends there

# a document, its parse (None: not English), its first pass, its reading if under way
_Pending = tuple[Document, Doc | None, FirstPass | None, "Future[np.ndarray] | None"]


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
        self.learned = self._learned()
        self._vocabulary: focus.Vocabulary | None = None
        self._case: CaseLexicon | None = None
        self._warm = False
        self._process: EncoderProcess | None = None

    def _learned(self) -> EventClassifier | None:
        conf = self.settings.learned
        if not conf.enabled:
            return None
        kinds = frozenset(
            t.label for t in self.codebook.acled_types() if t.label and t.sub_event_type
        )
        return load_classifier(kinds, conf.model, conf.encoder_dir)

    def focused(self, outputs: frozenset[str]) -> bool:
        """Whether to annotate only sentences that may hold events (setting nlp.focus)."""
        mode = self.settings.nlp.focus
        return mode == "on" or (mode == "auto" and outputs <= {"events"})

    def case_lexicon(self) -> CaseLexicon:
        """Names and their written forms, for stories in capitals or lower case."""
        if self._case is None:
            from ..gazetteer import Gazetteer

            gazetteer = Gazetteer.load(self.settings.gazetteer)

            def big_place(name: str) -> bool:
                found = gazetteer.candidates(name)[:1]
                return bool(found) and (
                    found[0].feature in ("country", "admin1")
                    or (found[0].population or 0) >= _BIG_PLACE
                )

            self._case = truecase.build_lexicon(
                self.codebook, truecase.english_words(self.nlp), gazetteer.known, big_place
            )
        return self._case

    def recased(self, text: str) -> str | None:
        """The text recased when it is written all in capitals or all in lower case."""
        if not self.settings.nlp.recase or truecase.text_case(text) is None:
            return None
        return truecase.truecase(text, self.case_lexicon())

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
        first = True
        for document in documents:
            if len(chunk) >= (size if first else size * _ZONE_BATCHES):
                # a full chunk is coded when a further document comes: the input is
                # longer than one chunk, and a reader process will pay for itself
                yield from self._code_chunk(chunk, use_focus, self._reader(start=True))
                chunk, first = [], False
            chunk.append(document)
        if chunk:
            yield from self._code_chunk(chunk, use_focus, self._reader(start=False))

    def _reader(self, *, start: bool) -> EncoderProcess | None:
        """The classifier's reader process; None where the classifier is off, the setting
        says no, or the process failed. It is started (``start``) for a chunk that more
        documents follow: an input of one batch or less is read in this process, which
        is quicker than starting another."""
        if self.learned is None or not self.settings.learned.own_process:
            return None
        if self._process is None or self._process.pid != os.getpid():
            if not start:
                return None
            self._process = EncoderProcess(
                self.learned.encoder_dir, self.learned.layers, self.learned.max_tokens, HIDDEN)
            atexit.register(self._process.close)
        return self._process if self._process.alive else None

    def _code_chunk(self, chunk: list[Document], use_focus: bool,
                    reader: EncoderProcess | None) -> list[CodedDocument]:
        """Code one chunk inside a spaCy memory zone, so that the words and strings its
        documents bring are freed after it: on an endless stream the vocabulary would
        otherwise grow without end. The first chunk runs outside a zone, because the
        components load their tables on first use and those must stay."""
        zone = self.nlp.memory_zone() if self._warm else contextlib.nullcontext()
        with zone:
            coded = list(self._annotate_chunk(chunk, use_focus, reader))
        if not self._warm:
            heap.freeze_loaded()  # the tables are loaded now: see heap.py
        self._warm = True
        _give_back_memory()
        return coded

    def _annotate_chunk(self, chunk: list[Document], use_focus: bool,
                        reader: EncoderProcess | None) -> Iterator[CodedDocument]:
        english = [d for d in chunk if d.language in ("en", "", "und")]
        # recasing changes letters only, never lengths: offsets need no map for it
        cased = {id(d): self.recased(d.text) for d in english}
        parsed = {id(d): cased[id(d)] or d.text for d in english}
        views = {
            id(d): focus.focus(parsed[id(d)], self.vocabulary()) if use_focus else None
            for d in english
        }

        def texts() -> Iterator[pipeline.Item]:
            for d in english:
                view = views[id(d)]
                yield d.id, view.text if view is not None else parsed[id(d)], d.published, d.url

        # nlp.pipe keeps order, so position (not id, which may repeat) pairs them up
        annotated = iter(pipeline.annotate(self.nlp, texts(), self.settings.nlp.batch_size))
        pending: deque[_Pending] = deque()
        for document in chunk:
            doc = next(annotated)[1] if document.language in ("en", "", "und") else None
            first = None if doc is None else first_pass(
                doc, codebook=self.codebook, patterns=self.patterns, acled=self.acled,
                learned=self.learned)
            reading = None
            if reader is not None and first is not None and first.to_read:
                reading = reader.submit(first.texts())
            pending.append((document, doc, first, reading))
            if len(pending) > _LAG:
                yield self._finish(*pending.popleft(), views, parsed, cased)
        while pending:
            yield self._finish(*pending.popleft(), views, parsed, cased)

    def _finish(
        self,
        document: Document,
        doc: Doc | None,
        first: FirstPass | None,
        reading: Future[np.ndarray] | None,
        views: dict[int, focus.Focus | None],
        parsed: dict[int, str],
        cased: dict[int, str | None],
    ) -> CodedDocument:
        if doc is None:
            return CodedDocument(
                document=published(document),
                notes=(f"skipped: language {document.language}",),
            )
        coded = self.code_parsed(document, doc, first=first, readings=self._readings(reading))
        # every span moves onto the text the user gave, once, here (documents/spans.py)
        view = views.get(id(document))
        # recased text has the user's lengths: the record texts under spans turn back
        # into the user's letters there too
        if view is None:
            coded = to_user_text(coded, parsed[id(document)])
        else:
            if view.note:
                coded = replace(coded, notes=(*coded.notes, view.note))
            coded = to_user_text(coded, view.text, view.offsets)
        return users_letters(coded) if cased.get(id(document)) else coded

    def code_parsed(
        self,
        document: Document,
        doc: Doc,
        *,
        first: FirstPass | None = None,
        readings: list[Prediction] | None = None,
    ) -> CodedDocument:
        """The coded record of a document this coder's pipeline has parsed, its spans on
        the parsed text (``_finish`` moves them onto the user's)."""
        return code_doc(
            document,
            doc,
            codebook=self.codebook,
            patterns=self.patterns,
            chooser=self.chooser,
            window_days=self.settings.merge.window_days,
            acled=self.acled,
            learned=self.learned,
            threshold=self.settings.learned.threshold,
            first=first,
            readings=readings,
        )

    def _readings(self, reading: Future[np.ndarray] | None) -> list[Prediction] | None:
        """The classifier's predictions from the reader process's vectors; None (read
        them here) where there was no reading or the process failed it."""
        if reading is None or self.learned is None:
            return None
        try:
            return self.learned.read(reading.result())
        except ReaderGone:
            return None

    def code_one(self, document: Document) -> CodedDocument:
        return next(iter(self.code([document])))


_CODERS: dict[Settings, Coder] = {}


def coder_for(settings: Settings | None = None) -> Coder:
    """The process-wide Coder for these settings."""
    settings = settings or Settings()
    if settings not in _CODERS:
        _CODERS[settings] = Coder(settings)
    return _CODERS[settings]


def _quoted(text: str, span: tuple[int, int], evidence: str) -> str:
    """The evidence's words in the user's letters, matched in order (cleaning may have
    left out a marker such as "[TEXT]"); the evidence as it is when they do not match."""
    theirs = iter(text[span[0] : span[1]].split())
    out = []
    for word in evidence.split():
        found = next((w for w in theirs if w.lower() == word.lower()), None)
        if found is None:
            return evidence
        out.append(found)
    return " ".join(out)


def users_letters(coded: CodedDocument) -> CodedDocument:
    """A recased story's evidence in the user's own letters (the words are the same)."""
    text = coded.document.text
    return replace(
        coded,
        events=tuple(
            replace(
                e,
                evidence=_quoted(text, e.char_span, e.evidence),
                mention_list=tuple(
                    replace(m, evidence=_quoted(text, m.char_span, m.evidence))
                    for m in e.mention_list
                ),
            )
            for e in coded.events
        ),
    )

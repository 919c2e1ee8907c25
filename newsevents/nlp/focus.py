"""Skip sentences that cannot hold an event, before the expensive annotation.

A sentence is kept when it has a word that some pattern triggers on (any
inflected form of a pattern lemma) and something that may name an actor (a
dictionary name, an agent noun, or a capitalised word inside the sentence).
The lede is always kept: it carries the dateline and first descriptions.
The kept sentences are annotated as one shorter text; ``Focus.remap`` moves
every offset back onto the original document.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..codebook import Codebook
from ..codebook.patterns import PatternSet
from ..model import Actor, CodedDocument, Event, Mention, Place, Quote, Span

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n")
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
_INNER_CAPITAL = re.compile(r"\s[A-Z][a-z]")
_SEPARATOR = "\n\n"


@lru_cache(maxsize=1)
def irregular_forms() -> dict[str, tuple[str, ...]]:
    """Irregular past forms of verbs (data/irregular_verbs.tsv: lemma, forms)."""
    path = Path(__file__).parent / "data" / "irregular_verbs.tsv"
    table: dict[str, tuple[str, ...]] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, _, forms = line.partition("\t")
        table[lemma.strip()] = tuple(f.strip() for f in forms.split(";") if f.strip())
    return table


def inflections(lemma: str) -> set[str]:
    """Regular and irregular forms of a verb or noun lemma."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "d", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2:
        out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    out |= set(irregular_forms().get(lemma, ()))
    return out


@dataclass(frozen=True)
class Vocabulary:
    triggers: frozenset[str]
    actor_words: frozenset[str]
    actor_phrases: tuple[str, ...]


def vocabulary(patterns: PatternSet, codebook: Codebook) -> Vocabulary:
    lemmas: set[str] = set(patterns.verbs) | set(patterns.nouns)
    for frame in patterns.frames.values():
        lemmas |= frame.generic_verbs
    lemmas |= set(patterns.speech_nouns) | patterns.obligation_modals
    triggers: set[str] = set()
    for lemma in lemmas:
        for word in lemma.split():
            triggers |= inflections(word)
    names: set[str] = set()
    for c in codebook.countries():
        names |= {n.lower() for n in (c.name, *c.names, *c.adjectives, *c.demonyms, *c.capitals)}
    for e in (*codebook.organisations(), *codebook.groups()):
        names |= {n.lower() for n in (e.name, *e.names)}
    for r in codebook.people():
        names |= {n.lower() for n in r.names}
    for term in codebook.agents():
        if " " not in term.term:
            names |= inflections(term.term)
    words = frozenset(n for n in names if " " not in n)
    phrases = tuple(sorted(n for n in names if " " in n))
    return Vocabulary(frozenset(triggers), words, phrases)


def sentence_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def eventful(sentence: str, vocab: Vocabulary) -> bool:
    low = sentence.lower()
    words = set(_WORD.findall(low))
    if not words & vocab.triggers:
        return False
    if words & vocab.actor_words or _INNER_CAPITAL.search(sentence):
        return True
    return any(p in low for p in vocab.actor_phrases)


@dataclass(frozen=True)
class Focus:
    """The kept part of a document and how to map its offsets back."""

    text: str
    segments: tuple[tuple[int, int, int], ...]  # (start in focus text, start in original, length)
    kept: int
    total: int

    def to_original(self, offset: int) -> int:
        starts = [s[0] for s in self.segments]
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        focus_start, original_start, length = self.segments[i]
        return original_start + min(max(offset - focus_start, 0), length)

    def span(self, span: Span | None) -> Span | None:
        if span is None:
            return None
        return (self.to_original(span[0]), self.to_original(span[1]))

    def remap(self, coded: CodedDocument) -> CodedDocument:
        if self.kept == self.total:
            return coded
        return replace(
            coded,
            events=tuple(self._event(e) for e in coded.events),
            quotes=tuple(self._quote(q) for q in coded.quotes),
            places=tuple(self._place(p) for p in coded.places),
            actors=tuple(self._known(a) for a in coded.actors),
            notes=(*coded.notes, f"focus: annotated {self.kept} of {self.total} sentences"),
        )

    def _actor(self, a: Actor | None) -> Actor | None:
        return None if a is None else replace(a, span=self.span(a.span))

    def _known(self, a: Actor) -> Actor:
        return replace(a, span=self.span(a.span))

    def _event(self, e: Event) -> Event:
        return replace(
            e,
            char_span=self.span(e.char_span) or e.char_span,
            trigger_span=self.span(e.trigger_span),
            source=self._actor(e.source),
            target=self._actor(e.target),
            mention_list=tuple(self._mention(m) for m in e.mention_list),
        )

    def _mention(self, m: Mention) -> Mention:
        return replace(m, char_span=self.span(m.char_span) or m.char_span)

    def _quote(self, q: Quote) -> Quote:
        return replace(
            q, char_span=self.span(q.char_span) or q.char_span, speaker=self._actor(q.speaker)
        )

    def _place(self, p: Place) -> Place:
        return replace(p, char_span=self.span(p.char_span) or p.char_span)


def focus(text: str, vocab: Vocabulary, *, keep_first: int = 1) -> Focus:
    spans = sentence_spans(text)
    keep = [
        (a, b) for n, (a, b) in enumerate(spans) if n < keep_first or eventful(text[a:b], vocab)
    ]
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    position = 0
    for a, b in keep:
        if parts:
            parts.append(_SEPARATOR)
            position += len(_SEPARATOR)
        segments.append((position, a, b - a))
        parts.append(text[a:b])
        position += b - a
    if not segments:
        segments.append((0, 0, 0))
    return Focus("".join(parts), tuple(segments), len(keep), len(spans))


def kept_share(items: Iterable[Focus]) -> float:
    kept = total = 0
    for f in items:
        kept += f.kept
        total += f.total
    return kept / total if total else 1.0

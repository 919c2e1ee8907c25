"""Skip sentences that cannot hold an event, before the expensive annotation.

A sentence is kept when it has a word that some pattern triggers on (any
inflected form of a pattern lemma) and something that may name an actor (a
dictionary name, an agent noun, a pronoun, a capitalised word inside the
sentence, or a first word that is no common word: "Futerfas declined").
A trigger whose every pattern needs a particular word beside it ("have" needs
"talks" or "call", "lift" needs "sanctions" or "ban") counts only when one of
those words is in the sentence too; an obligation modal counts only beside a
speech verb ("said Iran must stop").
The lede is always kept: it carries the dateline and first descriptions.
The kept sentences are annotated as one shorter text; ``Focus.offsets`` maps it
back onto the document's text, and the coder moves every span back once, with
the document's own map (see newsevents/offsets.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.lang.en import English
from spacy.lang.en.stop_words import STOP_WORDS

from ..codebook import Codebook
from ..codebook.patterns import Pattern, PatternSet, VerbEntry
from ..model import Span
from ..offsets import IDENTITY, Builder, OffsetMap
from .actor_dict import actor_words
from .quotes import quote_words

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n")
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
_INNER_CAPITAL = re.compile(r"\s[A-Z][a-z]")
_FIRST_WORD = re.compile(r"[\"“‘(\[]*([A-Z][\w'’.-]*)")
_LOWER = re.compile(r"[a-z]")
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]?\.?")
_LAST_WORD = re.compile(r"[\w.]+$")
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
    out = plurals(lemma) | {lemma + "d", lemma + "ed", lemma + "ing"}  # "-s" as for nouns
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2:
        out.add(lemma[:-1] + "ied")
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    out |= set(irregular_forms().get(lemma, ()))
    return out


@dataclass(frozen=True)
class Vocabulary:
    triggers: frozenset[str]  # word forms that may start an event on their own
    gated: Mapping[str, frozenset[str]]  # word form -> words one of which must be beside it
    actor_words: frozenset[str]
    actor_phrases: tuple[str, ...]
    # "he", "it", "they": a kept sentence that opens on one keeps the sentence before
    # it, where its antecedent usually is
    pronouns: frozenset[str] = frozenset()


def plurals(noun: str) -> set[str]:
    """A noun and its plural forms (no verb endings: "accord" must not give "according")."""
    # "-es" only where English spells it: "pushes", "goes", but "aids", never "aides"
    out = {noun, noun + ("es" if re.search(r"(?:s|sh|ch|x|z|o)$", noun) else "s")}
    if noun.endswith("y") and len(noun) > 2:
        out.add(noun[:-1] + "ies")
    return out


def _forms(words: Iterable[str], *, nouns: bool = False) -> set[str]:
    """Inflected forms of the last word of each entry: "peace deal" needs "deal"."""
    out: set[str] = set()
    for w in words:
        parts = w.split()
        if parts:
            out |= plurals(parts[-1]) if nouns else inflections(parts[-1])
    return out


def _gate(p: Pattern) -> frozenset[str] | None:
    """Words the pattern cannot match without (None: it may match beside any word).

    The coder reads an object, a required word or a complement only inside the
    trigger's sentence, so each of these conditions needs its word there."""
    for words, nouns in (
        (p.object, True),
        (p.requires_words, True),
        (p.xcomp, False),
        (p.subject, True),
        *((w, True) for _, w in p.prep_objects),
    ):
        if words:
            return frozenset(_forms(words, nouns=nouns))
    if p.particle_any:
        return p.particle_any
    if p.particles_all:
        return p.particles_all
    return None


def _converted_gates(entry: VerbEntry) -> list[frozenset[str] | None]:
    """Gates of a verb's converted patterns; a multi-word verb's own words gate those of
    its patterns that need nothing else ("call off")."""
    own = (
        frozenset(_forms(entry.object, nouns=True)) if entry.object else entry.particles or None
    )
    patterns = {p.id: p for ps in entry.pool.keyed.values() for p in ps}
    patterns.update((p.id, p) for p in entry.pool.open)
    # a null pattern makes no event: it never calls for a sentence's annotation
    return [_gate(p) or own for p in patterns.values() if not p.is_null]


def vocabulary(patterns: PatternSet, codebook: Codebook) -> Vocabulary:
    free: set[str] = set()
    gated: dict[str, set[str]] = {}
    for table, nouns in ((patterns.verbs, False), (patterns.nouns, True)):
        for lemma, pool in table.items():
            gates = [_gate(p) for p in pool]
            forms = _forms([lemma], nouns=nouns)
            if any(g is None for g in gates):
                free |= forms
                continue
            for form in forms:
                for g in gates:
                    gated.setdefault(form, set()).update(g or ())
    for lemma, entries in patterns.converted.items():
        converted = [g for e in entries for g in _converted_gates(e)]
        if not converted:
            continue
        forms = _forms([lemma])
        if any(g is None for g in converted):
            free |= forms
            continue
        for form in forms:
            for g in converted:
                gated.setdefault(form, set()).update(g or ())
    for frame in patterns.frames.values():
        free |= _forms(frame.generic_verbs)
    speech = _forms(quote_words().speech)
    for modal in patterns.obligation_modals:
        gated.setdefault(modal, set()).update(speech)
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
    known = actor_words()
    for pronouns in (known.person_pronouns, known.thing_pronouns, known.plural_pronouns,
                     known.speaker_pronouns):
        names |= pronouns  # the resolver gives them the actor last named
    referring = known.person_pronouns | known.thing_pronouns | known.plural_pronouns
    words = frozenset(n for n in names if " " not in n)
    phrases = tuple(sorted(n for n in names if " " in n))
    return Vocabulary(
        frozenset(free),
        {k: frozenset(v) for k, v in gated.items() if k not in free},
        words,
        phrases,
        frozenset(referring),
    )


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words with a full stop that seldom end a sentence ("Mr.", "Gen.", "Jan."): the
    English tokenizer's own exceptions."""
    return frozenset(k for k in English.Defaults.tokenizer_exceptions if k.endswith("."))


def _abbreviation(text: str, end: int) -> bool:
    """Whether the full stop before ``end`` closes an abbreviation or initials ("U.S.")."""
    found = _LAST_WORD.search(text, max(0, end - 24), end)
    word = found.group() if found else ""
    return word in abbreviations() or bool(_INITIALS.fullmatch(word))


def sentence_spans(text: str) -> list[Span]:
    """Sentences by punctuation and blank lines; no break after "Mr." or "U.S."."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[match.start() - 1 : match.start()] == "." and _abbreviation(text, match.start()):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def eventful(sentence: str, vocab: Vocabulary) -> bool:
    low = sentence.lower()
    words = set(_WORD.findall(low))
    if not words & vocab.triggers and not any(
        words & vocab.gated[w] for w in words & vocab.gated.keys()
    ):
        return False
    if words & vocab.actor_words or _INNER_CAPITAL.search(sentence):
        return True
    if not _LOWER.search(sentence):
        return True  # copy in capitals: no telling names from words
    first = _FIRST_WORD.match(sentence.lstrip())
    if first and _name_like(first.group(1)):
        return True
    return any(p in low for p in vocab.actor_phrases)


def _refers_back(sentence: str, vocab: Vocabulary) -> bool:
    """A sentence that opens on a pronoun ("It has also asked France ..."): its
    antecedent is in the sentence before; one later in a sentence mostly has its own."""
    first = _WORD.search(sentence.lower())
    return first is not None and first.group(0) in vocab.pronouns


def _name_like(word: str) -> bool:
    """A capitalised first word that is no common word: "Futerfas", "Mueller’s"."""
    bare = re.sub(r"['’]s?$", "", word).lower()
    return bare not in STOP_WORDS and word.lower() not in STOP_WORDS


@dataclass(frozen=True)
class Focus:
    """The kept part of a document and the map of its offsets back onto the document."""

    text: str
    offsets: OffsetMap  # the identity when nothing was skipped
    kept: int
    total: int

    @property
    def note(self) -> str | None:
        """What the coded document says about it, when sentences were skipped."""
        return None if self.kept == self.total else (
            f"focus: annotated {self.kept} of {self.total} sentences")


def focus(text: str, vocab: Vocabulary, *, keep_first: int = 1) -> Focus:
    spans = sentence_spans(text)
    kept = {n for n, (a, b) in enumerate(spans) if n < keep_first or eventful(text[a:b], vocab)}
    for n in sorted(kept):
        if n > 0 and n - 1 not in kept and _refers_back(text[spans[n][0]:spans[n][1]], vocab):
            kept.add(n - 1)
    keep = [spans[n] for n in sorted(kept)]
    if len(keep) == len(spans):
        # nothing to skip: annotate the text as it is, not re-joined with other spacing
        return Focus(text, IDENTITY, len(keep), len(spans))
    builder = Builder(text)
    previous: int | None = None
    for a, b in keep:
        if previous is not None:  # the separator stands for the sentences skipped
            builder.replace(previous, a, _SEPARATOR)
        builder.copy(a, b)
        previous = b
    joined, offsets = builder.result()
    return Focus(joined, offsets, len(keep), len(spans))


def kept_share(items: Iterable[Focus]) -> float:
    kept = total = 0
    for f in items:
        kept += f.kept
        total += f.total
    return kept / total if total else 1.0

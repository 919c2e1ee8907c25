"""The model's attribute ruler and lemmatizer, compiled to table lookups.

spaCy's ``attribute_ruler`` runs a Matcher and builds a Span for every token
it touches, and the rule lemmatizer is called token by token; together they
took a sixth of the coder's time (bench/results/throughput.json, "profile").
Both depend on a handful of token attributes, so their answers can be
remembered: the attribute rules by (tag, lower-case form, dependency, space),
the lemmas by (form, part of speech, morphology). The output is the same as
the original components' on every token; the originals' own rules and tables
are read, so another English model brings its own. Rules these tables cannot
express (several tokens, regular expressions) still run through a Matcher,
applied in the same order as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_Key = tuple[int, int, int, int]  # tag, lower, dep, is_space: what single-token rules read
_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_COLUMNS = [TAG, LOWER, DEP, IS_SPACE]
# Remembered answers are dropped past this many, so an endless stream of new words cannot
# grow memory without end.
_MAX_CACHED = 500_000


def _test(value: Any) -> Callable[[Any], bool] | None:
    """A predicate for one pattern value, or None when only the Matcher can judge it."""
    if isinstance(value, (str, bool)):
        return lambda got: bool(got == value)
    if isinstance(value, dict) and len(value) == 1:
        (op, items), = value.items()
        if op == "IN" and isinstance(items, list):
            inside = frozenset(items)
            return lambda got: got in inside
        if op == "NOT_IN" and isinstance(items, list):
            outside = frozenset(items)
            return lambda got: got not in outside
    return None


def _compile(spec: Mapping[str, Any]) -> list[tuple[int, Callable[[Any], bool]]] | None:
    tests = []
    for attr, value in spec.items():
        test = _test(value)
        if attr not in _FIELDS or test is None:
            return None
        tests.append((_FIELDS[attr], test))
    return tests


class FastAttributeRuler:
    """``attribute_ruler`` with its single-token rules answered from a table."""

    def __init__(self, nlp: Language, name: str):
        self.vocab = nlp.vocab
        self.name = name
        self.attrs: list[dict[int, Any]] = []
        self.simple: list[tuple[int, list[list[tuple[int, Callable[[Any], bool]]]]]] = []
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.indices: list[int] = []
        self.rules_for: dict[_Key, tuple[int, ...]] = {}
        self.merged: dict[tuple[int, ...], dict[int, Any]] = {}
        # The words the rules name: any other word stands for them all in the table's key,
        # which keeps the table small (None when a rule reads words in some other way).
        self.words: set[int] | None = set()

    def take_rules(self, ruler: Any) -> None:
        """Read the rules of a spaCy AttributeRuler, in its order."""
        self.attrs, self.indices = list(ruler.attrs), list(ruler.indices)
        for rule_id in range(len(self.attrs)):
            key = self.vocab.strings[str(rule_id)]
            _, patterns = ruler.matcher.get(key)
            compiled = [
                _compile(p[0]) if len(p) == 1 and self.indices[rule_id] in (0, -1) else None
                for p in patterns
            ]
            if all(c is not None for c in compiled):
                self.simple.append((rule_id, [c for c in compiled if c is not None]))
                for p in patterns:
                    self._note_words(p[0].get("LOWER"))
            else:
                self.matcher.add(str(rule_id), patterns)

    def _note_words(self, value: Any) -> None:
        if value is None or self.words is None:
            return
        if isinstance(value, str):
            self.words.add(self.vocab.strings.add(value))
        elif isinstance(value, dict) and set(value) == {"IN"}:
            self.words.update(self.vocab.strings.add(v) for v in value["IN"])
        else:
            self.words = None

    def _rules(self, key: _Key) -> tuple[int, ...]:
        strings = self.vocab.strings
        fields = (strings[key[0]], strings[key[1]] if key[1] else "", strings[key[2]],
                  bool(key[3]))
        return tuple(
            rule_id
            for rule_id, alternatives in self.simple
            if any(all(test(fields[f]) for f, test in tests) for tests in alternatives)
        )

    def _merge(self, rule_ids: Sequence[int]) -> dict[int, Any]:
        ids = tuple(sorted(rule_ids))
        found = self.merged.get(ids)
        if found is None:
            found = {}
            for rule_id in ids:  # a later rule overrides an earlier one, as in spaCy
                found.update(self.attrs[rule_id])
            self.merged[ids] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        table = doc.to_array(_COLUMNS)
        per_token: list[tuple[int, ...]] = []
        words = self.words
        if len(self.rules_for) > _MAX_CACHED:
            self.rules_for.clear()
        for tag, lower, dep, space in table.tolist():
            key = (tag, lower if words is None or lower in words else 0, dep, space)
            rules = self.rules_for.get(key)
            if rules is None:
                rules = self.rules_for[key] = self._rules(key)
            per_token.append(rules)
        if len(self.matcher):
            strings = self.vocab.strings
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                rule_id = int(strings[match_id])
                i = (start if self.indices[rule_id] >= 0 else end) + self.indices[rule_id]
                if start <= i < end:
                    per_token[i] = (*per_token[i], rule_id)
        for i, rules in enumerate(per_token):
            if rules:
                set_token_attrs(doc[i], self._merge(rules))
        return doc


class FastLemmatizer:
    """A rule lemmatizer's answers remembered by (form, part of speech, morphology)."""

    def __init__(self, nlp: Language, name: str):
        self.vocab = nlp.vocab
        self.name = name
        self.lemmatize: Callable[[Any], list[str]] | None = None
        self.overwrite = False
        self.source: Any = None
        # strings, not their hashes: a memory zone (run/__init__.py) frees the strings it
        # added, so a remembered hash could outlive its string
        self.lemmas: dict[tuple[int, int, int], str] = {}

    def take_rules(self, lemmatizer: Any) -> None:
        self.source = lemmatizer
        self.lemmatize = lemmatizer.lemmatize
        self.overwrite = bool(lemmatizer.overwrite)
        _index_as_sets(lemmatizer)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or self.lemmatize is None:
            return doc
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        out = table[:, 3].copy()
        strings = self.vocab.strings
        if len(self.lemmas) > _MAX_CACHED:
            self.lemmas.clear()
            if isinstance(getattr(self.source, "cache", None), dict):
                self.source.cache.clear()  # the model's lemmatizer remembers too
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = self.lemmas.get(key)
            if found is None:
                found = self.lemmas[key] = self.lemmatize(doc[i])[0]
            out[i] = strings.add(found)
        column: Any = numpy.asarray(out, dtype="uint64").reshape(-1, 1)
        doc.from_array([LEMMA], column)
        return doc


def _index_as_sets(lemmatizer: Any) -> None:
    """Turn the rule lemmatizer's word lists into sets.

    The rules test each candidate form for membership in the known words of its part
    of speech, which the lookups data keeps as lists (57,000 nouns): a scan per test,
    a tenth of a millisecond per new word. Sets answer the same questions at once.
    Only this removed copy of the component is changed; the model on disk is not.
    """
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


@Language.factory("newsevents_attribute_ruler")
def make_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp, name)


@Language.factory("newsevents_lemmatizer")
def make_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(nlp, name)


def speed_up(nlp: Language) -> None:
    """Swap the model's attribute ruler and rule lemmatizer for their compiled forms."""
    if "attribute_ruler" in nlp.pipe_names:
        swap(nlp, "attribute_ruler", "newsevents_attribute_ruler")
    if "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode", "") == "rule":
        swap(nlp, "lemmatizer", "newsevents_lemmatizer")  # lookup or trained ones stay


def swap(nlp: Language, name: str, factory: str) -> None:
    """Replace a component by one built from ``factory`` that reads the old one's rules."""
    at = nlp.pipe_names.index(name)
    old = nlp.remove_pipe(name)[1]
    names = nlp.pipe_names
    where = {"before": names[at]} if at < len(names) else {"last": True}
    component: Any = nlp.add_pipe(factory, name=name, **where)  # type: ignore[arg-type]
    component.take_rules(old)


GROUP_TOKENS = 24_000  # a group's tokens: the parser's precomputed rows take 4 KB a token


def groups(docs: Iterable[Doc], batch_size: int, tokens: int = GROUP_TOKENS
           ) -> Iterator[list[Doc]]:
    """Batches of ``batch_size`` documents, topped up to about ``tokens`` tokens.

    A greedy decoder steps all documents of a batch together, so its steps are as many
    as the longest document has words, each one paying Python's overhead once: the more
    documents a batch holds, the fewer steps for the same words. A batch takes at least
    ``batch_size`` documents, as the pipeline asks, and at most four times as many."""
    grouper = Grouper(batch_size, tokens)
    for doc in docs:
        if (group := grouper.add(doc)) is not None:
            yield group
    if (group := grouper.finish()) is not None:
        yield group


class Grouper:
    """``groups`` one document at a time: ``add`` gives the batch a document completes."""

    def __init__(self, batch_size: int, tokens: int = GROUP_TOKENS):
        self.size, self.tokens = max(1, batch_size), tokens
        self.batch: list[Doc] = []
        self.held = 0

    def add(self, doc: Doc) -> list[Doc] | None:
        self.batch.append(doc)
        self.held += len(doc)
        if len(self.batch) >= self.size and (
            self.held >= self.tokens or len(self.batch) >= 4 * self.size
        ):
            return self.finish()
        return None

    def finish(self) -> list[Doc] | None:
        batch, self.batch, self.held = self.batch, [], 0
        return batch or None

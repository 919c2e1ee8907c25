"""Counts: killed, injured, arrested, displaced, troops and money.

A figure ("at least 65", "dozens", "14,000", "between 10 and 15") is tied to
a kind by the words around it: "65 people were killed" is killed,
"the 14,000 US troops" is troops. Vague figures follow ACLED (dozens = 12,
hundreds = 100). Word lists come from data/counts.yaml.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..datafiles import load_yaml
from .records import CountMention


@dataclass(frozen=True)
class KindWords:
    verbs: frozenset[str]
    intransitive: frozenset[str]
    states: frozenset[str]
    nouns: frozenset[str]
    toll_nouns: frozenset[str]


@dataclass(frozen=True)
class CountWords:
    kinds: dict[str, KindWords]
    troop_nouns: frozenset[str]
    people_nouns: frozenset[str]
    vague: dict[str, int]
    qualifiers: dict[str, str]
    scales: dict[str, int]
    numbers: dict[str, int]


@lru_cache(maxsize=1)
def words() -> CountWords:
    raw: dict[str, Any] = load_yaml(
        resources.files("newsevents.nlp").joinpath("data/counts.yaml").read_text("utf-8")
    )
    kinds = {
        name: KindWords(
            verbs=frozenset(body.get("verbs", [])),
            intransitive=frozenset(body.get("intransitive", [])),
            states=frozenset(body.get("states", [])),
            nouns=frozenset(body.get("nouns", [])),
            toll_nouns=frozenset(body.get("toll_nouns", [])),
        )
        for name, body in raw["kinds"].items()
    }
    return CountWords(
        kinds=kinds,
        troop_nouns=frozenset(raw["troop_nouns"]),
        people_nouns=frozenset(raw["people_nouns"]),
        vague={str(k): int(v) for k, v in raw["vague"].items()},
        qualifiers={str(k): str(v) for k, v in raw["qualifiers"].items()},
        scales={str(k): int(v) for k, v in raw["scales"].items()},
        numbers={str(k): int(v) for k, v in raw["number_words"].items()},
    )


@dataclass(frozen=True)
class Figure:
    min: float | None
    max: float | None
    vague: bool


_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _word_number(text: str) -> float | None:
    w = words()
    text = text.lower().strip()
    if text in w.numbers:
        return float(w.numbers[text])
    parts = re.split(r"[-\s]+", text)
    if parts and all(p in w.numbers for p in parts):
        return float(sum(w.numbers[p] for p in parts))
    return None


def parse_figure(text: str) -> Figure | None:
    """Parse a figure such as 'at least 65', '1.5 million', 'dozens', '10 to 15'."""
    w = words()
    low = " ".join(text.lower().replace("\u2013", "-").split())
    qualifier = None
    for phrase in sorted(w.qualifiers, key=len, reverse=True):
        if low.startswith(phrase + " "):
            qualifier = w.qualifiers[phrase]
            low = low[len(phrase) + 1 :]
            break
    for phrase in sorted(w.vague, key=len, reverse=True):
        if re.search(rf"\b{re.escape(phrase)}\b", low):
            value = float(w.vague[phrase])
            return Figure(value, None, True)
    values: list[float] = []
    for match in _NUM.finditer(low):
        number = float(match.group().replace(",", ""))
        rest = low[match.end() :].split()
        if rest and rest[0] in w.scales:
            number *= w.scales[rest[0]]
        if not math.isfinite(number):
            continue  # a 400-digit "figure" is noise, and inf is not JSON
        values.append(number)
    if not values:
        words_only = re.sub(r"\b(people|persons?|of|and|to)\b", " ", low).strip()
        for chunk in re.split(r"\s+(?:to|and|or)\s+", words_only):
            spelled = _word_number(chunk)
            if spelled is not None:
                values.append(spelled)
    if not values:
        return None
    if len(values) >= 2 and re.search(r"\d\s*(-|to|and|or)\s*\d|between", low):
        return Figure(min(values[:2]), max(values[:2]), False)
    value = values[0]
    if qualifier == "min":
        return Figure(value, None, False)
    if qualifier == "max":
        return Figure(None, value, False)
    return Figure(value, value, qualifier == "approx")


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _verb_phrase(verb: Token) -> set[str]:
    """The verb's lemma and its two-word forms with particles or objects ("shoot dead")."""
    base = _lemma(verb)
    forms = {base}
    for child in verb.children:
        if child.dep_ in ("prt", "acomp", "oprd", "advmod", "dobj"):
            forms.add(f"{base} {child.lower_}")
    return forms


def classify(noun: Token) -> tuple[str, Token | None] | None:
    """The kind of figure a counted noun carries, and the verb that says so."""
    w = words()
    head = noun.head
    for kind, kw in w.kinds.items():
        vforms = _verb_phrase(head) if head != noun else set()
        if noun.dep_ in ("nsubjpass", "dobj") and vforms & kw.verbs:
            return kind, head
        if noun.dep_ == "nsubj" and vforms & kw.intransitive:
            return kind, head
        if noun.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ in ("acomp", "attr") and c.lower_ in kw.states for c in head.children
        ):
            return kind, head
        if any(c.dep_ in ("amod", "acomp") and c.lower_ in kw.states for c in noun.children):
            return kind, head
        if noun.lower_ in kw.states or _lemma(noun) in kw.nouns:
            return kind, head if head.pos_ in ("VERB", "AUX") else None
        if noun.dep_ == "oprd" and noun.lower_ in kw.states:
            return kind, head
        if noun.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX"):
            verb = head.head
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if any(
                _lemma(s) in kw.toll_nouns
                or f"{' '.join(c.lower_ for c in s.lefts)} {_lemma(s)}".strip() in kw.toll_nouns
                for s in subjects
            ):
                return kind, verb
    if noun.dep_ == "conj" and noun.head != noun:
        inherited = classify(noun.head)
        if inherited is not None:
            return inherited
    if _lemma(noun) in w.troop_nouns:
        return "troops", None
    return None


def _figure_spans(doc: Doc) -> list[Span]:
    w = words()
    spans = [e for e in doc.ents if e.label_ in ("CARDINAL", "MONEY", "QUANTITY")]
    covered = {i for s in spans for i in range(s.start, s.end)}
    for token in doc:
        if token.i in covered:
            continue
        if token.lower_ in w.vague or (token.like_num and token.pos_ == "NUM"):
            spans.append(doc[token.i : token.i + 1])
    return sorted(spans, key=lambda s: s.start)


def _with_qualifier(doc: Doc, span: Span) -> Span:
    """Widen a figure span leftwards over 'at least', 'more than', 'nearly'."""
    w = words()
    start = span.start
    for size in (3, 2, 1):
        if start - size < 0:
            continue
        phrase = doc[start - size : start].text.lower()
        if phrase in w.qualifiers:
            return doc[start - size : span.end]
    return span


def find_counts(doc: Doc) -> list[CountMention]:
    out: list[CountMention] = []
    for span in _figure_spans(doc):
        if span.label_ == "MONEY":
            figure = parse_figure(span.text)
            if figure:
                out.append(
                    CountMention(
                        span.start,
                        span.end,
                        "money",
                        figure.min,
                        figure.max,
                        span.text,
                        noun=span.root.i,
                        verb=None,
                        vague=figure.vague,
                    )
                )
            continue
        root = span.root
        if root.dep_ in ("nummod", "quantmod") or (
            root.dep_ == "amod" and root.head.pos_ == "NOUN"
        ):
            noun = root.head
        else:
            of = [c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"]
            pobj = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
            noun = pobj[0] if pobj else root
        # "dozens of protesters were arrested": the figure itself is the argument.
        found = classify(root) if noun != root else None
        found = found or classify(noun)
        if found is None:
            continue
        kind, verb = found
        wide = _with_qualifier(doc, span)
        figure = parse_figure(wide.text)
        if figure is None:
            continue
        out.append(
            CountMention(
                start=wide.start,
                end=wide.end,
                kind=kind,
                min=figure.min,
                max=figure.max,
                text=wide.text,
                noun=noun.i,
                verb=verb.i if verb is not None else None,
                vague=figure.vague,
            )
        )
    return out

"""The actor dictionaries as spaCy phrase matchers, built once per process.

Every surface form in the codebook (country names, adjectives, demonyms,
capitals, organisations, groups, office-holders) becomes a phrase pattern.
Short all-capital forms ("US", "UN", "IS") match by exact case so that the
pronoun "us" is never the United States; everything else matches
case-insensitively, which also serves all-capital wire copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import compiled
from ..codebook import ActorEntry, Codebook, Country, PersonRole, load_codebook
from ..datafiles import load_yaml

# Hit kinds: country name, adjective/demonym, capital, organisation, group, person.
COUNTRY, ADJECTIVE, CAPITAL, ORG, GROUP, PERSON = "C", "A", "K", "O", "G", "P"
_PRIORITY = {PERSON: 0, GROUP: 1, ORG: 2, COUNTRY: 3, CAPITAL: 4, ADJECTIVE: 5}


@dataclass(frozen=True)
class Hit:
    kind: str
    ref: str  # iso3, entry id or person name
    start: int
    end: int


@dataclass(frozen=True)
class ActorWords:
    facility: dict[str, str | None]
    weak_heads: frozenset[str]
    home_agents: frozenset[str]
    former: frozenset[str]
    opposition: frozenset[str]
    place_prefixes: frozenset[str]
    title_agents: dict[str, str]
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    speaker_pronouns: frozenset[str]
    pronouns: frozenset[str]  # all of the above
    honorifics: frozenset[str]
    person_titles: frozenset[str]
    modifier_deps: frozenset[str]
    quantity_heads: frozenset[str]
    locative_preps: frozenset[str]
    document_nouns: frozenset[str]
    company_words: frozenset[str]
    public_bodies: frozenset[str]
    context_names: frozenset[str]
    stance: frozenset[str]
    stance_nouns: frozenset[str]
    capital_nouns: frozenset[str]
    gendered: dict[str, str]
    person_nouns: frozenset[str]
    report_verbs: frozenset[str]
    definite_heads: dict[str, frozenset[str]]
    title_roles: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def actor_words() -> ActorWords:
    raw: dict[str, Any] = load_yaml(
        resources.files("newsevents.nlp").joinpath("data/actors.yaml").read_text("utf-8")
    )
    return ActorWords(
        facility={str(k): v for k, v in raw["facility_nouns"].items()},
        weak_heads=frozenset(raw["weak_agent_heads"]),
        home_agents=frozenset(raw["home_agents"]),
        former=frozenset(raw["former_words"]),
        opposition=frozenset(raw["opposition_words"]),
        place_prefixes=frozenset(raw["place_prefixes"]),
        title_agents={str(k): str(v) for k, v in raw["title_agents"].items()},
        person_pronouns=frozenset(raw["person_pronouns"]),
        thing_pronouns=frozenset(raw["thing_pronouns"]),
        plural_pronouns=frozenset(raw["plural_pronouns"]),
        speaker_pronouns=frozenset(raw["speaker_pronouns"]),
        pronouns=frozenset(
            raw["person_pronouns"]
            + raw["thing_pronouns"]
            + raw["plural_pronouns"]
            + raw["speaker_pronouns"]
        ),
        honorifics=frozenset(raw["honorifics"]),
        person_titles=frozenset(raw["person_titles"]),
        modifier_deps=frozenset(raw["modifier_deps"]),
        quantity_heads=frozenset(raw["quantity_heads"]),
        locative_preps=frozenset(raw["locative_preps"]),
        document_nouns=frozenset(raw["document_nouns"]),
        company_words=frozenset(raw["company_words"]),
        public_bodies=frozenset(raw["public_bodies"]),
        context_names=frozenset(raw["context_names"]),
        stance=frozenset(raw["stance"]),
        stance_nouns=frozenset(raw["stance_nouns"]),
        capital_nouns=frozenset(raw["capital_nouns"]),
        gendered={str(k): str(v) for k, v in raw["gendered"].items()},
        person_nouns=frozenset(raw["person_nouns"]),
        report_verbs=frozenset(raw["report_verbs"]),
        definite_heads={str(k): frozenset(v) for k, v in raw["definite_heads"].items()},
        title_roles={str(k): frozenset(v) for k, v in raw["title_roles"].items()},
    )


def _exact_case(form: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", form)
    return bool(letters) and letters.isupper() and len(letters) <= 5


def _variants(form: str) -> set[str]:
    """A form and its spelling without full stops ("George W. Bush" / "George W Bush")."""
    out = {form.strip()}
    if "." in form:
        out.add(re.sub(r"\.(?=\s|$)", "", form).strip())
        out.add(form.replace(".", "").strip())
    return {v for v in out if v}


@dataclass
class ActorDictionary:
    codebook: Codebook
    lower: PhraseMatcher
    exact: PhraseMatcher
    # The matchers know each form under one key of their own; what the form names (its
    # keys, such as "C:AFG" and "G:afg:taliban") is looked up by its token ids. A
    # matcher key per entry would make spaCy build a lexeme for each of some 5,000 keys
    # at every start.
    lower_keys: dict[tuple[int, ...], tuple[str, ...]] = field(default_factory=dict)
    exact_keys: dict[tuple[int, ...], tuple[str, ...]] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    entries: dict[str, ActorEntry] = field(default_factory=dict)
    people: dict[str, tuple[PersonRole, ...]] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    max_agent_words: int = 1
    # names the data writes in lower case ("al-Qaeda", "mujahideen"): lower-case text may
    # match them; every other name must be written as a name
    lower_forms: frozenset[str] = frozenset()
    # every word of every name of a person, by canonical name: "Bashar" is Assad's own
    person_words: dict[str, frozenset[str]] = field(default_factory=dict)

    def match(self, doc: Doc) -> dict[int, Hit]:
        """Dictionary hits keyed by every token index they cover; longest match wins."""
        found: list[Span] = []
        for matcher, keys, attr in ((self.lower, self.lower_keys, "lower"),
                                    (self.exact, self.exact_keys, "orth")):
            for _, start, end in matcher(doc):
                ids = tuple(getattr(doc[i], attr) for i in range(start, end))
                found.extend(Span(doc, start, end, label=label) for label in keys[ids])
        # One form may be listed as two kinds ("US" is a name and an adjective): keep
        # the most specific reading of each span before overlaps are settled.
        best: dict[tuple[int, int], Span] = {}
        for span in found:
            where = (span.start, span.end)
            if where not in best or _PRIORITY[span.label_[0]] < _PRIORITY[best[where].label_[0]]:
                best[where] = span
        by_token: dict[int, Hit] = {}
        for span in filter_spans(list(best.values())):
            kind, _, ref = span.label_.partition(":")
            hit = Hit(kind, ref, span.start, span.end)
            for i in range(span.start, span.end):
                by_token[i] = hit
        return by_token

    def agent_for(self, lemmas: Iterable[str]) -> str | None:
        return self.agents.get(" ".join(lemmas))


def _add(
    nlp: Language,
    lower: dict[str, list[str]],
    exact: dict[str, list[str]],
    key: str,
    forms: Iterable[str],
) -> None:
    for form in forms:
        for variant in _variants(form):
            target = exact if _exact_case(variant) else lower
            target.setdefault(key, []).append(variant)


Keywords = dict[tuple[int, ...], tuple[str, ...]]  # token ids -> the keys of that form


def _lower_forms(table: dict[str, list[str]]) -> frozenset[str]:
    names = (ORG, GROUP, PERSON)
    return frozenset(
        form.lower()
        for key, forms in table.items()
        if key[0] in names
        for form in forms
        if form[:1].islower()
    )


def build(nlp: Language, codebook: Codebook, extra: tuple[str, ...] = ()) -> ActorDictionary:
    d = ActorDictionary(
        codebook=codebook,
        lower=PhraseMatcher(nlp.vocab, attr="LOWER"),
        exact=PhraseMatcher(nlp.vocab, attr="ORTH"),
    )
    for c in codebook.countries():
        d.countries[c.iso3] = c
    for entry in (*codebook.organisations(), *codebook.groups()):
        d.entries[entry.id] = entry
    for name, roles in _people(codebook).items():
        d.people[name] = tuple(roles)
        d.person_words[name] = frozenset(
            w.lower()
            for f in {name, *(n for r in roles for n in r.names)}
            for w in re.split(r"[\s.]+", f)
            if w
        )
    for term in codebook.agents():
        d.agents[term.term] = term.agent
        d.max_agent_words = max(d.max_agent_words, len(term.term.split()))
    # Tokenizing some 20,000 names is most of the cost: their token ids are compiled once
    # (they depend on the codebook and on the model's tokenizer) and added as they are,
    # key by key in the same order, so the matchers come out the same.
    meta = nlp.meta
    tables = compiled.load(
        "actor-matchers", lambda: _keywords(nlp, codebook),
        key=(*extra, f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}",
             f"spacy {spacy.about.__version__}"),
        files=[Path(p) for p in extra],
    )
    d.lower_keys, d.exact_keys, d.lower_forms = tables
    for matcher, table in ((d.lower, d.lower_keys), (d.exact, d.exact_keys)):
        adder: Any = matcher  # PhraseMatcher.add takes token-id sequences as well as Docs
        if table:
            adder.add("actor", list(table))
    return d


def _people(codebook: Codebook) -> dict[str, list[PersonRole]]:
    by_name: dict[str, list[PersonRole]] = {}
    for role in codebook.people():
        by_name.setdefault(role.name, []).append(role)
    return by_name


def forms(nlp: Language, codebook: Codebook) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Every surface form by matcher key: those matched in lower case, those matched exactly."""
    lower_forms: dict[str, list[str]] = {}
    exact_forms: dict[str, list[str]] = {}
    for c in codebook.countries():
        _add(nlp, lower_forms, exact_forms, f"{COUNTRY}:{c.iso3}", (c.name, *c.names))
        _add(nlp, lower_forms, exact_forms, f"{ADJECTIVE}:{c.iso3}", (*c.adjectives, *c.demonyms))
        _add(nlp, lower_forms, exact_forms, f"{CAPITAL}:{c.iso3}", c.capitals)
    for entry in codebook.organisations():
        _add(nlp, lower_forms, exact_forms, f"{ORG}:{entry.id}", (entry.name, *entry.names))
    for entry in codebook.groups():
        _add(nlp, lower_forms, exact_forms, f"{GROUP}:{entry.id}", (entry.name, *entry.names))
    for name, roles in _people(codebook).items():
        names = {name, *(n for r in roles for n in r.names)}
        _add(nlp, lower_forms, exact_forms, f"{PERSON}:{name}", names)
    return lower_forms, exact_forms


def _keywords(
    nlp: Language, codebook: Codebook
) -> tuple[Keywords, Keywords, frozenset[str]]:
    """The forms as the token ids each matcher compares (lower-case or exact forms), and
    the names the data writes in lower case."""
    # A later kind must not silently take over a form an earlier kind owns, so
    # forms are added in one pass per key, in the order above.
    tokenizer: Any = nlp.tokenizer
    out: list[Keywords] = []
    tables = forms(nlp, codebook)
    for table, attr in zip(tables, ("lower", "orth"), strict=True):
        keys: dict[tuple[int, ...], list[str]] = {}
        for key, texts in table.items():
            for doc in tokenizer.pipe(sorted(set(texts))):
                named = keys.setdefault(tuple(getattr(t, attr) for t in doc), [])
                if doc and key not in named:
                    named.append(key)
        out.append({ids: tuple(named) for ids, named in keys.items() if named})
    return out[0], out[1], _lower_forms(tables[0])


_CACHE: dict[tuple[int, tuple[str, ...]], ActorDictionary] = {}


def get(nlp: Language, extra: tuple[str, ...] = ()) -> ActorDictionary:
    """The dictionary for this vocabulary and these extra codebook files, built once."""
    key = (id(nlp.vocab), extra)
    if key not in _CACHE:
        _CACHE[key] = build(nlp, load_codebook(extra), extra)
    return _CACHE[key]

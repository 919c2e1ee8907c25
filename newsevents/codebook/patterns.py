"""Verb, noun and frame patterns: the data files under data/patterns, typed.

Users add patterns in files of the same format (``codebook.extra`` setting);
a user entry with the id of a bundled one replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml import YAMLError

from .. import compiled
from ..datafiles import load_yaml
from ..errors import CodebookError
from ..safefiles import read_data_file

_SLOT_KINDS = ("dobj", "iobj", "dative", "attr", "ccomp_subject", "for_subject", "subject")


@dataclass(frozen=True)
class Pattern:
    """One verb or noun pattern."""

    id: str
    lemmas: frozenset[str]
    code: str
    pos: str  # "verb" | "noun"
    target: tuple[str, ...] = ()
    reciprocal: bool = False
    no_target: bool = False
    object: frozenset[str] = frozenset()
    object_any: frozenset[str] = frozenset()
    object_not: frozenset[str] = frozenset()
    object_actor_only: bool = False
    object_direct: bool = False  # the object itself must be an actor, not just name one
    prep: frozenset[str] = frozenset()
    particle_any: frozenset[str] = frozenset()
    requires_words: frozenset[str] = frozenset()
    requires_xcomp: bool = False
    xcomp: frozenset[str] = frozenset()  # lemmas the verb's clausal complement must have
    place_target: bool = False
    governor_only: bool = False
    of_agent: frozenset[str] = frozenset()
    casualty: str | None = None
    operation_words: frozenset[str] = frozenset()
    source_slot: str | None = None  # "received assurances from X": X is the source
    armed_target_code: str | None = None  # killing soldiers is combat (190), not assault
    # words the subject (the "by" agent in the passive) must have: "troops rushed"
    subject: frozenset[str] = frozenset()
    particles_all: frozenset[str] = frozenset()  # every one needed: "set OFF", "put DOWN"
    # prepositions the verb or its object must have, each with the words its object
    # may have (none: any object): "killed (in accident)"
    prep_objects: tuple[tuple[str, frozenset[str]], ...] = ()
    family: str = ""  # converted patterns: the family that switches them on (converted.py)
    origin: str = ""

    @property
    def is_null(self) -> bool:
        """A pattern that says "no event" ("killed in an accident", "fought corruption")."""
        return self.code == NULL_CODE

    @property
    def specificity(self) -> int:
        """More conditions, more specific: the most specific matching pattern wins."""
        return (
            3 * bool(self.object)
            + 2 * bool(self.requires_words)
            + 2 * bool(self.particle_any)
            + bool(self.prep)
            + bool(self.object_any)
            + bool(self.requires_xcomp)
            + 3 * bool(self.xcomp)
            + 3 * bool(self.subject)
            + 2 * len(self.particles_all)
            + sum(2 if words else 1 for _, words in self.prep_objects)
        )


NULL_CODE = "---"


@dataclass(frozen=True)
class PatternPool:
    """Converted patterns compiled for lookup (those of one verb block, or the verbs' own
    codes): the patterns that need a word (object, subject or prepositional object)
    filed under each word they may need, the rest in ``open``; ``rank`` breaks ties of
    specificity (the later source line first, a verb's own code last)."""

    keyed: Mapping[str, tuple[Pattern, ...]]
    open: tuple[Pattern, ...]
    rank: Mapping[str, int]


@dataclass(frozen=True)
class VerbEntry:
    """Where a verb lemma finds converted patterns: a pool, and the words the verb
    needs beside it to be that verb ("call" + "off" is CANCEL's "call off"; "take" +
    the object "leave"). The verb's own words make its patterns that much more specific."""

    pool: PatternPool
    particles: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()

    @property
    def specificity(self) -> int:
        return 2 * len(self.particles) + 3 * bool(self.object)


@dataclass(frozen=True)
class Frame:
    verbs: frozenset[str]
    codes: Mapping[str, str]
    adjectives: frozenset[str] = frozenset()
    generic: str | None = None  # the frame verb's own code when nothing inside it is coded
    generic_verbs: frozenset[str] = frozenset()
    opinion_verbs: frozenset[str] = frozenset()
    weak_verbs: frozenset[str] = frozenset()
    clause_verbs: frozenset[str] = frozenset()  # a promise only with what follows "to"


@dataclass(frozen=True)
class PatternSet:
    verbs: Mapping[str, tuple[Pattern, ...]]  # lemma -> patterns
    nouns: Mapping[str, tuple[Pattern, ...]]
    light_verbs: frozenset[str]
    armed_agents: frozenset[str]
    violence_words: frozenset[str]
    verbal_attack_verbs: frozenset[str]
    ambiguous_violence: frozenset[str]
    report_verbs: frozenset[str]
    object_carriers: frozenset[str]
    claim_objects: frozenset[str]
    claim_verbs: frozenset[str]
    claim_speech_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    accident_nouns: frozenset[str]
    accident_verbs: frozenset[str]
    attack_words: frozenset[str]
    explosion_words: frozenset[str]
    industrial_words: frozenset[str]
    fire_words: frozenset[str]
    combat_nouns: frozenset[str]
    attack_nouns: frozenset[str]
    governing_preps: frozenset[str]
    prospective_heads: frozenset[str]
    cessation_heads: frozenset[str]
    cancelling_verbs: frozenset[str]
    participation_verbs: frozenset[str]
    frames: Mapping[str, Frame]
    future_aux: frozenset[str]
    hypothetical_markers: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_verbs: frozenset[str]
    negations: frozenset[str]
    preventing_verbs: frozenset[str]
    negating_adjectives: frozenset[str]
    conflict_intent_modality: str
    obligation_modals: frozenset[str]
    threat_conditions: frozenset[str]
    speech_nouns: Mapping[str, str]
    order_verbs: frozenset[str]
    all_patterns: tuple[Pattern, ...] = field(default=())
    # converted PETRARCH verb patterns by lemma (converted.py); hand-written ones win
    converted: Mapping[str, tuple[VerbEntry, ...]] = field(default_factory=dict)
    # a state's or a government's "protest" is a formal complaint (114), not a march
    official_protest_verbs: frozenset[str] = frozenset()
    official_protest_agents: frozenset[str] = frozenset()
    # "called Camp Delta a scandal": with an object predicate these verbs name, and do
    # no act that their patterns code (no phone call, no appeal)
    naming_verbs: frozenset[str] = frozenset()
    # "Speaking to Parliament, Mr Clarke said": participles of these framing a verb of
    # saying tell how it was said, and do no act of their own
    framing_participles: frozenset[str] = frozenset()
    # "output declined to 104,353 tonnes", "targeting three pct growth": a verb whose
    # object is a rate, or that goes to or by a measured amount, tells of a change in
    # figures, not of an act
    rate_nouns: frozenset[str] = frozenset()
    measure_nouns: frozenset[str] = frozenset()

    def by_id(self, pattern_id: str) -> Pattern | None:
        return next((p for p in self.all_patterns if p.id == pattern_id), None)

    def frame_of(self, lemma: str) -> str | None:
        """The frame a verb lemma opens, if any."""
        for kind, frame in self.frames.items():
            if lemma in frame.verbs:
                return kind
        return None


def _words(value: Any, origin: str, key: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CodebookError(f"'{key}' must be a list of words", target=origin)
    return frozenset(v.lower() for v in value)


_KNOWN = {
    "object_direct",
    "id",
    "lemmas",
    "code",
    "target",
    "reciprocal",
    "no_target",
    "object",
    "object_any",
    "object_not",
    "object_actor_only",
    "prep",
    "particle_any",
    "requires_words",
    "requires_xcomp",
    "xcomp",
    "place_target",
    "governor_only",
    "of_agent",
    "casualty",
    "operation_words",
    "source_slot",
    "armed_target_code",
    "subject",
    "particles_all",
    "prep_objects",
}


def _pattern(raw: Mapping[str, Any], pos: str, origin: str) -> Pattern:
    where = f"{origin} ({raw.get('id', '?')})"
    unknown = set(raw) - _KNOWN
    if unknown:
        raise CodebookError(f"unknown keys {sorted(unknown)}", target=where)
    for key in ("id", "lemmas", "code"):
        if key not in raw:
            raise CodebookError(f"pattern lacks '{key}'", target=where)
    code = str(raw["code"])
    if code != NULL_CODE and (not code.isdigit() or len(code) not in (2, 3, 4)):
        raise CodebookError(f"'{code}' is not a CAMEO code", target=where)
    targets = tuple(str(t) for t in raw.get("target", ()))
    for slot in targets:
        if slot not in _SLOT_KINDS and not slot.startswith("prep:"):
            raise CodebookError(f"unknown target slot '{slot}'", target=where)
    return Pattern(
        id=str(raw["id"]),
        lemmas=_words(raw["lemmas"], where, "lemmas"),
        code=code,
        pos=pos,
        target=targets,
        reciprocal=bool(raw.get("reciprocal", False)),
        no_target=bool(raw.get("no_target", False) or raw.get("place_target", False)),
        object=_words(raw.get("object"), where, "object"),
        object_any=_words(raw.get("object_any"), where, "object_any"),
        object_not=_words(raw.get("object_not"), where, "object_not"),
        object_actor_only=bool(raw.get("object_actor_only", False)),
        object_direct=bool(raw.get("object_direct", False)),
        prep=_words(raw.get("prep"), where, "prep"),
        particle_any=_words(raw.get("particle_any"), where, "particle_any"),
        requires_words=_words(raw.get("requires_words"), where, "requires_words"),
        requires_xcomp=bool(raw.get("requires_xcomp", False)),
        xcomp=_words(raw.get("xcomp"), where, "xcomp"),
        place_target=bool(raw.get("place_target", False)),
        governor_only=bool(raw.get("governor_only", False)),
        of_agent=frozenset(str(a).upper() for a in raw.get("of_agent", ()) or ()),
        casualty=raw.get("casualty"),
        operation_words=_words(raw.get("operation_words"), where, "operation_words"),
        source_slot=str(raw["source_slot"]) if raw.get("source_slot") else None,
        armed_target_code=str(raw["armed_target_code"]) if raw.get("armed_target_code") else None,
        subject=_words(raw.get("subject"), where, "subject"),
        particles_all=_words(raw.get("particles_all"), where, "particles_all"),
        prep_objects=_prep_objects(raw.get("prep_objects"), where),
        origin=origin,
    )


def _prep_objects(value: Any, where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """``{in: [accident, crash], to: []}``: each preposition with its objects' words."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise CodebookError("'prep_objects' must map prepositions to word lists", target=where)
    return tuple(
        (str(prep).lower(), _words(words, where, f"prep_objects.{prep}"))
        for prep, words in value.items()
    )


def _read(text: str, origin: str) -> dict[str, Any]:
    try:
        data = load_yaml(text)
    except YAMLError as exc:
        raise CodebookError(f"not valid YAML: {exc}", target=origin) from exc
    if not isinstance(data, dict):
        raise CodebookError("a pattern file must be a mapping", target=origin)
    return data


def _bundled(name: str) -> tuple[str, str]:
    path = Path(__file__).parent / "data" / "patterns" / name
    return path.read_text("utf-8"), f"patterns/{name}"


def _index(patterns: Sequence[Pattern]) -> dict[str, tuple[Pattern, ...]]:
    by_lemma: dict[str, list[Pattern]] = {}
    for p in patterns:
        for lemma in p.lemmas:
            by_lemma.setdefault(lemma, []).append(p)
    return {k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in by_lemma.items()}


# Word lists of verbs.yaml that a user's pattern file extends (their words are added).
_EXTENDABLE = ("accident_nouns", "accident_verbs", "attack_words", "explosion_words",
               "industrial_words", "combat_nouns", "attack_nouns")


@compiled.loader("patterns")
def load_patterns(extra: tuple[str, ...] = ()) -> PatternSet:
    verbs_data = _read(*_bundled("verbs.yaml"))
    nouns_data = _read(*_bundled("nouns.yaml"))
    modal_data = _read(*_bundled("modal.yaml"))
    verbs = {
        p.id: p for p in (_pattern(r, "verb", "patterns/verbs.yaml") for r in verbs_data["verbs"])
    }
    nouns = {
        p.id: p for p in (_pattern(r, "noun", "patterns/nouns.yaml") for r in nouns_data["nouns"])
    }
    light = set(verbs_data.get("light_verbs", []))
    for path in extra:
        p = Path(path)
        if p.suffix not in (".yaml", ".yml"):
            continue
        data = _read(read_data_file(p, "pattern file"), str(p))
        if "verbs" not in data and "nouns" not in data and not any(k in data for k in _EXTENDABLE):
            continue
        for r in data.get("verbs", []) or []:
            pat = _pattern(r, "verb", str(p))
            verbs[pat.id] = pat
        for r in data.get("nouns", []) or []:
            pat = _pattern(r, "noun", str(p))
            nouns[pat.id] = pat
        light |= set(data.get("light_verbs", []) or [])
        for key in _EXTENDABLE:
            verbs_data[key] = [*verbs_data.get(key, []), *_words(data.get(key), str(p), key)]
    frames = {}
    for name in ("intend", "threaten", "appeal", "demand", "refuse"):
        body = modal_data[name]
        frames[name] = Frame(
            verbs=_words(body.get("verbs"), "patterns/modal.yaml", name),
            codes={str(k): str(v) for k, v in (body.get("codes") or {}).items()},
            adjectives=_words(body.get("adjectives"), "patterns/modal.yaml", name),
            generic=str(body["generic"]) if body.get("generic") else None,
            generic_verbs=_words(body.get("generic_verbs"), "patterns/modal.yaml", name),
            opinion_verbs=_words(body.get("opinion_verbs"), "patterns/modal.yaml", name),
            weak_verbs=_words(body.get("weak_verbs"), "patterns/modal.yaml", name),
            clause_verbs=_words(body.get("clause_verbs"), "patterns/modal.yaml", name),
        )
    frames["deny"] = Frame(verbs=_words(modal_data["deny"]["verbs"], "modal", "deny"), codes={})
    from .converted import load_converted  # it builds Pattern objects: imported late

    return PatternSet(
        verbs=_index(list(verbs.values())),
        nouns=_index(list(nouns.values())),
        light_verbs=frozenset(light),
        report_verbs=frozenset(verbs_data.get("report_verbs", [])),
        armed_agents=frozenset(verbs_data.get("armed_agents", [])),
        violence_words=frozenset(verbs_data.get("violence_words", [])),
        verbal_attack_verbs=frozenset(verbs_data.get("verbal_attack_verbs", [])),
        official_protest_verbs=frozenset(verbs_data.get("official_protest_verbs", [])),
        official_protest_agents=frozenset(verbs_data.get("official_protest_agents", [])),
        naming_verbs=frozenset(verbs_data.get("naming_verbs", [])),
        framing_participles=frozenset(verbs_data.get("framing_participles", [])),
        rate_nouns=frozenset(verbs_data.get("rate_nouns", [])),
        measure_nouns=frozenset(verbs_data.get("measure_nouns", [])),
        ambiguous_violence=frozenset(verbs_data.get("ambiguous_violence", [])),
        object_carriers=frozenset(verbs_data.get("object_carriers", [])),
        claim_objects=frozenset(verbs_data.get("claim_objects", [])),
        claim_verbs=frozenset(verbs_data.get("claim_verbs", [])),
        claim_speech_verbs=frozenset(verbs_data.get("claim_speech_verbs", [])),
        denial_verbs=frozenset(verbs_data.get("denial_verbs", [])),
        accident_nouns=frozenset(verbs_data.get("accident_nouns", [])),
        accident_verbs=frozenset(verbs_data.get("accident_verbs", [])),
        attack_words=frozenset(verbs_data.get("attack_words", [])),
        explosion_words=frozenset(verbs_data.get("explosion_words", [])),
        industrial_words=frozenset(verbs_data.get("industrial_words", [])),
        fire_words=frozenset(verbs_data.get("fire_words", [])),
        combat_nouns=frozenset(verbs_data.get("combat_nouns", [])),
        attack_nouns=frozenset(verbs_data.get("attack_nouns", [])),
        governing_preps=frozenset(nouns_data.get("governing_preps", [])),
        prospective_heads=frozenset(nouns_data.get("prospective_heads", [])),
        cessation_heads=frozenset(nouns_data.get("cessation_heads", [])),
        cancelling_verbs=frozenset(nouns_data.get("cancelling_verbs", [])),
        participation_verbs=frozenset(nouns_data.get("participation_verbs", [])),
        frames=frames,
        future_aux=_words(modal_data["intend"].get("future_aux"), "modal", "future_aux"),
        hypothetical_markers=_words(modal_data["hypothetical"]["markers"], "modal", "markers"),
        hypothetical_modals=_words(modal_data["hypothetical"]["modals"], "modal", "modals"),
        hypothetical_verbs=_words(modal_data["hypothetical"].get("verbs"), "modal", "verbs"),
        negations=_words(modal_data["negation"]["words"], "modal", "negation"),
        preventing_verbs=_words(
            modal_data["negation"].get("preventing_verbs"), "modal", "preventing_verbs"
        ),
        negating_adjectives=_words(modal_data["negation"].get("adjectives"), "modal", "adjectives"),
        conflict_intent_modality=str(
            modal_data["intend"].get("modality_for_conflict", "threatened")
        ),
        obligation_modals=_words(modal_data["obligation"]["modals"], "modal", "obligation"),
        threat_conditions=_words(modal_data["threaten"].get("conditions"), "modal", "conditions"),
        speech_nouns={str(k): str(v) for k, v in (modal_data.get("speech_nouns") or {}).items()},
        order_verbs=_words(modal_data["order"]["verbs"], "modal", "order"),
        all_patterns=tuple(verbs.values()) + tuple(nouns.values()),
        converted=load_converted(extra),
    )

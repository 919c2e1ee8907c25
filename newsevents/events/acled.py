"""ACLED sub-event types (and the CASE 2021 classes outside ACLED) for a sentence or snippet.

A CAMEO code says little about ACLED's distinctions: a shelling, an air strike and a
suicide bombing can all be CAMEO 18x/19x, while ACLED separates them by weapon, by who acts
(state forces retaking a town versus rebels taking it) and by the wording (a protest
dispersed with tear gas versus one that turned into a riot). So the classifier reads the
words: weighted cue groups per label from ``codebook/data/acled_rules.yaml`` (its format is
described at the top of that file), matched on spaCy lemmas and word forms, with nearby
context conditions, a state/non-state judgement of the grammatical subject, negation,
intention ("tried to retake"), background clauses, and the CAMEO code of the coded event as
extra evidence when the caller knows it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from .. import compiled
from ..codebook import load_codebook
from ..datafiles import load_yaml
from ..errors import CodebookError
from ..safefiles import read_data_file

log = logging.getLogger(__name__)

FORMAT = "newsevents-acled-rules/1"
RULES_PATH = Path(__file__).resolve().parents[1] / "codebook" / "data" / "acled_rules.yaml"

_HYPHENS = frozenset({"-", "–", "—"})
_STATE, _NON_STATE = "state", "non_state"
_ACTOR_CTX = {_STATE: "actor:state", _NON_STATE: "actor:non_state"}
_MAX_SENTENCES = 200  # hostile input: a "snippet" of thousands of sentences is not one event
_SETTINGS = {  # defaults; acled_rules.yaml says what each one does
    "later_sentence_weight": 0.6, "lead_min_words": 4.0, "min_score": 1.5, "cameo_weight": 2.0,
    "cameo_event_type_weight": 0.75, "unknown_actor_factor": 0.5, "negation_window": 3.0,
    "background_factor": 0.5, "override_ratio": 0.5,
}
_GROUP_KEYS = {
    "weight", "phrases", "near", "not_near", "window", "near_scope", "actor", "actor_via"
}
_LABEL_KEYS = {"priority", "requires", "cues", "negative", "overrides"}
_WORD_LISTS = ("negators", "intent_verbs", "topic_preps", "topic_contexts", "ignore")
_TOP_KEYS = {"format", "settings", "contexts", "actors", "labels", *_WORD_LISTS}
_IGNORE = ""  # the label of the `ignore` phrases: they only shadow the shorter cues inside
_SUBJECT_DEPS = frozenset({"nsubj", "agent", "csubj"})
_CLIMB_DEPS = frozenset(
    {"xcomp", "conj", "advcl", "pcomp", "acl", "ccomp", "prep", "pobj", "relcl"}
)

Spans = dict[str, list[tuple[int, int]]]  # context id -> (start, end) in a sentence's tokens


@dataclass(frozen=True)
class AcledLabel:
    """The label for a sentence or snippet.

    ``label`` is the CASE 2021 label ("ARMED_CLASH", "DIPLO", "OTHER"...); ``event_type`` and
    ``sub_event_type`` are spelled as in ACLED and are None for the classes outside ACLED.
    ``cues`` are the matched phrases behind the label, strongest first."""

    event_type: str | None
    sub_event_type: str | None
    label: str
    score: float
    cues: tuple[str, ...]


@dataclass(frozen=True)
class _Slot:
    forms: frozenset[str]  # lemmas or lower-case forms; "word/POS" where the tag matters
    ents: frozenset[str] = frozenset()  # or any token of a named entity with these labels
    exact: bool = False
    optional: bool = False
    wildcard: bool = False

    def accepts(self, tok: Token) -> bool:
        if self.wildcard:
            return True
        if self.exact:
            return tok.text in self.forms
        if tok.ent_type_ and tok.ent_type_ in self.ents:
            return True
        lemma, lower, pos = tok.lemma_.lower(), tok.lower_, tok.pos_
        return bool({lemma, lower, f"{lemma}/{pos}", f"{lower}/{pos}"} & self.forms)

    def index_keys(self) -> set[str]:
        if self.exact:
            return {f"={f}" for f in self.forms}
        return {f.partition("/")[0] for f in self.forms} | {f"${e}" for e in self.ents}


Pattern = tuple[_Slot, ...]


@dataclass(frozen=True)
class _Group:
    label: str
    weight: float  # negative for the groups under `negative`
    near: tuple[str, ...]  # context ids
    not_near: tuple[str, ...]
    window: int | None
    snippet: bool  # `near` is satisfied anywhere in the snippet
    actor: str | None
    actor_via: str | None


@dataclass(frozen=True)
class _Hit:
    start: int  # positions in the sentence's token list (hyphens and spaces left out)
    end: int
    owner: int | str  # group index, or context id
    text: str


def _parse_slot(item: str, where: str, named: Mapping[str, frozenset[str]]) -> _Slot:
    optional = item.endswith("?") and len(item) > 1
    item = item[:-1] if optional else item
    if item == "*":
        return _Slot(frozenset(), optional=optional, wildcard=True)
    if item.startswith("$") and item[1:] in named:
        return _Slot(named[item[1:]], optional=optional)
    if item.startswith("$"):
        ents = frozenset(e[1:] for e in item.split("|"))
        if not all(e.isupper() and e.isalpha() for e in ents):
            raise CodebookError(f"bad word class {item} ($country, $GPE|$LOC...)", target=where)
        return _Slot(frozenset(), ents=ents, optional=optional)
    if item.startswith("="):
        return _Slot(frozenset(item[1:].split("|")), exact=True, optional=optional)
    forms = set()
    for alt in item.split("|"):
        word, _, tag = alt.partition("/")
        if word:
            forms.add(f"{word.lower()}/{tag.upper()}" if tag else word.lower())
    if not forms:
        raise CodebookError(f"empty token {item!r} in a phrase", target=where)
    return _Slot(frozenset(forms), optional=optional)


def _parse_phrase(text: str, where: str, named: Mapping[str, frozenset[str]]) -> Pattern:
    # hyphens between words are dropped on the text side too ("al-shabaab" = "al shabaab")
    items = [
        part
        for raw in str(text).split()
        for part in ([raw] if raw[:1] in "=$" or "|" in raw else raw.split("-"))
        if part
    ]
    slots = tuple(_parse_slot(item, where, named) for item in items)
    if not slots or slots[0].optional or slots[0].wildcard:
        raise CodebookError(f"phrase {text!r} must start with a plain token", target=where)
    return slots


def _merge(rules: dict[str, Any], data: Any, where: str) -> None:
    """Add one rules file to ``rules`` (see the top of acled_rules.yaml for what merges how)."""

    def strings(value: Any, what: str) -> list[str]:
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise CodebookError(f"{what}: expected a list of phrases", target=where)
        return [str(v) for v in value]

    if not isinstance(data, Mapping) or set(data) - _TOP_KEYS:
        raise CodebookError(f"an ACLED rules file has only {sorted(_TOP_KEYS)}", target=where)
    for key, value in (data.get("settings") or {}).items():
        if key not in _SETTINGS or not isinstance(value, int | float):
            raise CodebookError(f"bad setting {key}: {value!r}", target=where)
        rules["settings"][key] = float(value)
    for key in _WORD_LISTS:
        rules[key].extend(strings(data.get(key) or [], key))
    for name, phrases in (data.get("contexts") or {}).items():
        rules["contexts"].setdefault(str(name), []).extend(strings(phrases, f"context {name}"))
    for side, phrases in (data.get("actors") or {}).items():
        if side not in _ACTOR_CTX:
            raise CodebookError(f"actors: {side!r} is not state or non_state", target=where)
        rules["actors"][side].extend(strings(phrases, "actors"))
    for name, body in (data.get("labels") or {}).items():
        label = str(name).upper()
        if not isinstance(body, Mapping) or set(body) - _LABEL_KEYS:
            raise CodebookError(f"{label}: a label takes {sorted(_LABEL_KEYS)}", target=where)
        entry = rules["labels"].setdefault(
            label, {"priority": 0.0, "requires": [], "overrides": [], "cues": [], "negative": []}
        )
        entry["priority"] = float(body.get("priority", entry["priority"]))
        for key in ("requires", "overrides"):
            entry[key] = strings(body[key], f"{label} {key}") if key in body else entry[key]
        for kind in ("cues", "negative"):
            for group in body.get(kind) or ():
                ok = isinstance(group, Mapping) and not set(group) - _GROUP_KEYS
                ok = ok and isinstance(group.get("weight"), int | float) and bool(group["phrases"])
                ok = ok and group.get("actor") in (None, _STATE, _NON_STATE)
                if not ok or group.get("near_scope") not in (None, "sentence", "snippet"):
                    raise CodebookError(
                        f"{label}: a cue group has a weight, phrases and only {sorted(_GROUP_KEYS)}"
                        f" (actor: state or non_state; near_scope: sentence or snippet)",
                        target=where,
                    )
                entry[kind].append({**group, "phrases": strings(group["phrases"], label)})


class AcledClassifier:
    """Assigns ACLED sub-event types from cue words; build with :meth:`load`."""

    def __init__(self, rules: Mapping[str, Any]) -> None:
        self._settings: dict[str, float] = rules["settings"]
        words = {k: frozenset(w.lower() for w in rules[k]) for k in _WORD_LISTS}
        self._negators, self._intent = words["negators"], words["intent_verbs"]
        self._topic_preps = words["topic_preps"]
        self._book = load_codebook()
        self._types = {t.label: t for t in self._book.acled_types() if t.label}
        self._named = {"country": _country_words(self._book.countries())}
        self._index: dict[str, list[tuple[Pattern, int | str]]] = {}
        self._contexts: dict[str, list[str]] = rules["contexts"]
        self._registered: set[str] = set()
        self._groups: list[_Group] = []
        labels: Mapping[str, Any] = rules["labels"]
        self._priority = {label: float(r["priority"]) for label, r in labels.items()}
        self._overrides = {label: frozenset(r["overrides"]) for label, r in labels.items()}
        for side, ctx in _ACTOR_CTX.items():
            self._register(ctx, rules["actors"][side], f"actors: {side}")
        self._topics = tuple(self._ref(f"@{c}", "topic_contexts") for c in rules["topic_contexts"])
        self._requires = {
            label: tuple(self._ref(r, label) for r in body["requires"])
            for label, body in labels.items()
        }
        self._add_group(_IGNORE, 0.0, {"weight": 0, "phrases": rules["ignore"]})
        for label, body in labels.items():
            for kind, sign in (("cues", 1.0), ("negative", -1.0)):
                for group in body[kind]:
                    self._add_group(label, sign, group)

    @classmethod
    def load(cls, extra: Sequence[str] = ()) -> AcledClassifier:
        """The bundled rules plus the ACLED rules files among ``extra`` (cached per process).

        ``extra`` may hold any codebook files (the ``codebook.extra`` setting): only YAML
        files whose ``format`` is ``newsevents-acled-rules/1`` are read here."""
        if isinstance(extra, str):
            raise CodebookError("extra must be a sequence of paths, not one string")
        with _LOCK:
            return _load_cached(tuple(str(p) for p in extra))

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self._priority)

    def cue_keys(self, label: str | None = None) -> frozenset[str]:
        """The lemmas and word forms that open a positive cue (of ``label``, or of any
        label): a sentence without one cannot score."""
        return frozenset(
            key
            for key, entries in self._index.items()
            if not key.startswith(("=", "$"))
            and any(
                isinstance(owner, int)
                and self._groups[owner].weight > 0
                and self._groups[owner].label
                and (label is None or self._groups[owner].label == label)
                for _, owner in entries
            )
        )

    # ---------------------------------------------------------------- building
    def _register(self, ctx: str, phrases: Sequence[str], where: str) -> str:
        if ctx not in self._registered:
            self._registered.add(ctx)
            for phrase in phrases:
                self._add_phrase(phrase, ctx, where)
        return ctx

    def _ref(self, item: str, where: str) -> str:
        """The context id of "@name", or of a literal phrase."""
        if item.startswith("@"):
            return self._register(item[1:], self._context(item, where), where)
        return self._register(f"~{item}", [item], where)

    def _context(self, item: str, where: str) -> list[str]:
        if item[1:] not in self._contexts:
            raise CodebookError(f"unknown context {item}", target=f"acled rules: {where}")
        return self._contexts[item[1:]]

    def _add_group(self, label: str, sign: float, group: Mapping[str, Any]) -> None:
        where = label or "ignore"
        window = group.get("window")
        gid = len(self._groups)
        self._groups.append(_Group(
            label=label,
            weight=sign * float(group["weight"]),
            near=tuple(self._ref(str(x), where) for x in group.get("near") or ()),
            not_near=tuple(self._ref(str(x), where) for x in group.get("not_near") or ()),
            window=int(window) if window is not None else None,
            snippet=group.get("near_scope") == "snippet",
            actor=group.get("actor"),
            actor_via=group.get("actor_via"),
        ))
        for phrase in group["phrases"]:
            for text in self._context(phrase, where) if phrase.startswith("@") else [phrase]:
                self._add_phrase(text, gid, where)

    def _add_phrase(self, phrase: str, owner: int | str, where: str) -> None:
        pattern = _parse_phrase(phrase, f"acled rules: {where}", self._named)
        for key in pattern[0].index_keys():
            self._index.setdefault(key, []).append((pattern, owner))

    # ---------------------------------------------------------------- classifying
    def classify_span(self, span: Span | Doc, *, cameo: str | None = None) -> AcledLabel | None:
        """The best label for a sentence or a snippet of several, or None without evidence.

        ``cameo`` is the CAMEO code of the event coded there, when known: its ACLED mapping
        (codebook ``cameo_acled.tsv``) adds to the score of the label it names."""
        scores, cues = self._score(span)
        if cameo:
            self._add_cameo(scores, cameo)
        label = self._choose(scores)
        if label is None:
            return None
        kind = self._types.get(label)
        sub = kind.sub_event_type if kind is not None else None
        found = sorted(cues.get(label, {}).items(), key=lambda kv: -kv[1])
        return AcledLabel(
            event_type=kind.event_type if kind is not None and sub is not None else None,
            sub_event_type=sub,
            label=label,
            score=round(scores[label], 3),
            cues=tuple(text for text, _ in found),
        )

    def has_event_cue(self, span: Span | Doc) -> bool:
        """Whether a cue of an ACLED sub-event type matches in the span (the classes
        outside ACLED aside)."""
        scores, _ = self._score(span)
        return any(
            v > 0 and (kind := self._types.get(label)) is not None and kind.sub_event_type
            for label, v in scores.items()
        )

    def scores(self, span: Span | Doc) -> dict[str, float]:
        """Every label's score for a span (for explanations and tuning)."""
        return {k: round(v, 3) for k, v in self._score(span)[0].items() if v}

    def _choose(self, scores: Mapping[str, float]) -> str | None:
        """The top score, ties to priority; a label that `overrides` the winner (a chemical
        weapon over its delivery, a suicide bomb over a plain explosion) takes its place when
        it scores at least `override_ratio` of it."""
        ranked = sorted(
            ((s, self._priority.get(lab, 0.0), lab) for lab, s in scores.items() if s > 0),
            reverse=True,
        )
        floor = self._settings["min_score"]
        if not ranked or ranked[0][0] < floor:
            return None
        top_score, _, top = ranked[0]
        for score, _, label in ranked[1:]:
            if top in self._overrides.get(label, ()) and score >= max(
                floor, self._settings["override_ratio"] * top_score
            ):
                return label
        return top

    def _add_cameo(self, scores: dict[str, float], cameo: str) -> None:
        kind = self._book.acled(cameo)
        if kind is None:
            return
        if kind.label:
            scores[kind.label] = scores.get(kind.label, 0.0) + self._settings["cameo_weight"]
            return
        for label, t in self._types.items():
            if t.event_type == kind.event_type and label in scores:
                scores[label] += self._settings["cameo_event_type_weight"]

    def _score(self, span: Span | Doc) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
        parsed: list[tuple[float, list[Token], list[_Hit], Spans]] = []
        present: set[str] = set()
        lead_open = True
        for sent in _sentences(span)[:_MAX_SENTENCES]:
            weight = 1.0 if lead_open else self._settings["later_sentence_weight"]
            if sum(1 for t in sent if t.is_alpha) >= self._settings["lead_min_words"]:
                lead_open = False
            toks = [t for t in sent if not t.is_space and t.text not in _HYPHENS]
            hits = self._hits(toks)
            ctx: Spans = {}
            for h in hits:
                if isinstance(h.owner, str):
                    ctx.setdefault(h.owner, []).append((h.start, h.end))
            present.update(ctx)
            parsed.append((weight, toks, hits, ctx))
        best: dict[int, tuple[float, str]] = {}  # a group counts once: its strongest match
        for weight, toks, hits, ctx in parsed:
            for hit, gid, factor in self._valid(hits, ctx, toks, present):
                value = weight * factor * self._groups[gid].weight
                if abs(value) > abs(best.get(gid, (0.0, ""))[0]):
                    best[gid] = (value, hit.text)
        scores: dict[str, float] = {}
        cues: dict[str, dict[str, float]] = {}
        for gid, (value, text) in best.items():
            label = self._groups[gid].label
            scores[label] = scores.get(label, 0.0) + value
            if value > 0:
                cues.setdefault(label, {})[text] = value
        for label, needed in self._requires.items():
            if needed and label in scores and not present.intersection(needed):
                del scores[label]
        scores.pop(_IGNORE, None)
        return scores, cues

    def _hits(self, toks: list[Token]) -> list[_Hit]:
        found: dict[tuple[int, int, int | str], _Hit] = {}
        for i, tok in enumerate(toks):
            keys = {tok.lemma_.lower(), tok.lower_, "=" + tok.text, "$" + tok.ent_type_}
            for key in keys:
                for pattern, owner in self._index.get(key, ()):
                    end = _match(pattern, toks, i)
                    if end is not None and (i, end, owner) not in found:
                        text = " ".join(t.lower_ for t in toks[i:end])
                        found[(i, end, owner)] = _Hit(i, end, owner, text)
        hits = list(found.values())
        # a cue inside a longer cue of another group is that longer cue's evidence only
        # ("suicide car bomb" is no plain "car bomb"); likewise among actor phrases
        cue_hits = [h for h in hits if isinstance(h.owner, int)]
        actor_hits = [h for h in hits if h.owner in _ACTOR_CTX.values()]
        dropped = {id(h) for h in cue_hits if _dominated(h, cue_hits, same_owner=False)}
        dropped |= {id(h) for h in actor_hits if _dominated(h, actor_hits, same_owner=True)}
        return [h for h in hits if id(h) not in dropped]

    def _valid(
        self, hits: list[_Hit], ctx: Spans, toks: list[Token], present: set[str]
    ) -> Iterator[tuple[_Hit, int, float]]:
        """The cue hits that count, with their group and a factor for how much."""
        for hit in hits:
            if not isinstance(hit.owner, int) or self._negated(toks, hit.start):
                continue
            group = self._groups[hit.owner]
            near = [c for c in group.near if (group.snippet and c in present)
                    or _near(hit, ctx.get(c, ()), group.window)]
            if not group.label or (group.near and not near):
                continue
            if any(_near(hit, ctx.get(c, ()), group.window) for c in group.not_near):
                continue
            trigger = toks[hit.start]
            if self._intended(trigger):
                continue
            factor = 1.0
            if self._background(trigger, ctx, toks):
                factor = self._settings["background_factor"]
            if group.actor is not None:
                side = _actor_side(toks, hit, ctx, group.actor_via)
                if side is None:
                    factor *= self._settings["unknown_actor_factor"]
                elif side != group.actor:
                    continue
            yield hit, hit.owner, factor

    def _negated(self, toks: list[Token], start: int) -> bool:
        window = int(self._settings["negation_window"])
        for n in range(max(0, start - window), start):
            if toks[n].lemma_.lower() in self._negators or toks[n].lower_ in self._negators:
                # "not only killed" still killed
                return not (n + 1 < len(toks) and toks[n + 1].lower_ == "only")
        return False

    def _intended(self, tok: Token) -> bool:
        """A cue under "intended to", "tried to", "called on them to": not (yet) done."""
        for _ in range(3):
            if tok.dep_ != "xcomp" or tok.head is tok:
                return False
            tok = tok.head
            if tok.lemma_.lower() in self._intent:
                return True
        return False

    def _background(self, tok: Token, ctx: Spans, toks: list[Token]) -> bool:
        """A cue in a relative clause or apposition ("the town, scene of a chemical attack in
        2017"), or in the topic of a protest or an accusation ("marched against corruption",
        "blamed them for the unrest"), is background rather than the event reported."""
        heads = {toks[s].i for c in self._topics for s, _ in ctx.get(c, ())}
        for anc in [tok, *tok.ancestors]:
            if anc.dep_ in ("relcl", "appos"):
                return True
            # the parser hangs "blamed X for the unrest" on X as often as on the verb
            if anc.dep_ == "prep" and anc.lower_ in self._topic_preps and (
                anc.head.i in heads or anc.head.head.i in heads
            ):
                return True
        return False


_LOCK = threading.Lock()


@compiled.loader("acled")
def _load_cached(extra: tuple[str, ...]) -> AcledClassifier:
    rules: dict[str, Any] = {
        "settings": dict(_SETTINGS), "contexts": {}, "labels": {},
        "actors": {_STATE: [], _NON_STATE: []}, **{key: [] for key in _WORD_LISTS},
    }
    for path in (RULES_PATH, *(Path(p) for p in extra)):
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue  # codebook tables in the same setting
        text = read_data_file(path, "ACLED rules")
        try:
            data = load_yaml(text)
        except Exception as exc:  # yaml's errors share no public base worth importing
            raise CodebookError(f"invalid YAML: {exc}", target=str(path)) from exc
        if isinstance(data, Mapping) and data.get("format") == FORMAT:
            _merge(rules, data, str(path))
        elif path == RULES_PATH:
            raise CodebookError(f"not an ACLED rules file ({FORMAT})", target=str(path))
        else:
            log.debug("not an ACLED rules file, skipped: %s", path)
    return AcledClassifier(rules)


def _country_words(countries: Sequence[Any]) -> frozenset[str]:
    return frozenset(
        w.lower() for c in countries for w in (*c.names, *c.adjectives) if " " not in w
    )


def _sentences(span: Span | Doc) -> list[Span]:
    doc = span if isinstance(span, Doc) else span.doc
    whole = doc[:] if isinstance(span, Doc) else span
    if not doc.has_annotation("SENT_START"):
        return [whole]
    return [
        doc[max(s.start, whole.start) : min(s.end, whole.end)]
        for s in doc.sents
        if s.start < whole.end and s.end > whole.start
    ]


def _match(pattern: Pattern, toks: list[Token], i: int) -> int | None:
    def step(p: int, j: int) -> int | None:
        if p == len(pattern):
            return j
        slot = pattern[p]
        if j < len(toks) and slot.accepts(toks[j]):
            end = step(p + 1, j + 1)
            if end is not None:
                return end
        return step(p + 1, j) if slot.optional else None

    return step(0, i)


def _dominated(hit: _Hit, others: list[_Hit], *, same_owner: bool) -> bool:
    size = hit.end - hit.start
    return any(
        (same_owner or o.owner != hit.owner)
        and o.start <= hit.start and o.end >= hit.end and o.end - o.start > size
        for o in others
    )


def _near(hit: _Hit, spans: Sequence[tuple[int, int]], window: int | None) -> bool:
    if window is None:
        return bool(spans)
    return any(max(s - hit.end + 1, hit.start - e + 1, 0) <= window for s, e in spans)


def _actor_side(toks: list[Token], hit: _Hit, ctx: Spans, via: str | None) -> str | None:
    """State or non-state, for whoever does what the cue at ``hit`` names.

    The grammatical subject (or the by-agent of a passive) first, climbing from an
    infinitive or participle to the verb that has one; then the loser of a "from" phrase
    ("retook the town from government forces"), whose opposite wins; then the nearest actor
    named before the cue in the sentence. ``via`` names a preposition that introduces the
    actor instead ("fell to the rebels")."""
    position = {t.i: n for n, t in enumerate(toks)}
    trigger = toks[hit.start]

    def judge(tok: Token) -> str | None:
        lo, hi = position.get(tok.left_edge.i), position.get(tok.right_edge.i)
        if lo is None or hi is None:
            return None
        head = position.get(tok.i, lo)
        found = sorted(
            (min(abs(s - head), abs(e - 1 - head)), side)
            for side, cid in _ACTOR_CTX.items()
            for s, e in ctx.get(cid, ())
            if lo <= s and e - 1 <= hi
        )
        counts = {s: sum(1 for _, x in found if x == s) for s in _ACTOR_CTX}
        if counts[_STATE] != counts[_NON_STATE]:
            return max(counts, key=lambda s: counts[s])
        return found[0][1] if found else None  # a tie: the word nearest the phrase's head

    def objects(prep: str) -> list[Token]:
        # "retook the town from X": the parser hangs "from" on the verb or on its object
        heads = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
        return [o for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == prep
                for o in c.children if o.dep_ == "pobj"]

    if via is not None:
        return next((s for o in objects(via) if (s := judge(o)) is not None), None)
    verb = trigger
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            side = judge(subjects[0])
            if side is not None:
                return side
            break
        if verb.dep_ not in _CLIMB_DEPS or verb.head is verb:
            break
        verb = verb.head
    for obj in objects("from"):
        loser = judge(obj)
        if loser is not None:
            return _NON_STATE if loser == _STATE else _STATE
    before = [(s, side) for side, cid in _ACTOR_CTX.items() for s, _ in ctx.get(cid, ())
              if s < hit.start]
    return max(before)[1] if before else None

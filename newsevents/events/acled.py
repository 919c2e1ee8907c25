"""ACLED sub-event types (and the CASE 2021 classes outside ACLED) for a sentence or snippet.

A CAMEO code says little about ACLED's distinctions: a shelling, an air strike and a
suicide bombing can all be CAMEO 19x/18x, while ACLED separates them by weapon, by who
acts (state forces retaking a town versus rebels taking it) and by the wording (a protest
dispersed with tear gas versus one that turned into a riot). So the classifier reads the
words: weighted cue groups per label from ``codebook/data/acled_rules.yaml`` (the format is
described at the top of that file), matched on spaCy lemmas and word forms, with nearby
context conditions, a state/non-state judgement of the grammatical subject, negation, and
the CAMEO code of the coded event as extra evidence when the caller knows it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..codebook import load_codebook
from ..datafiles import load_yaml
from ..errors import CodebookError

log = logging.getLogger(__name__)

FORMAT = "newsevents-acled-rules/1"
RULES_PATH = Path(__file__).resolve().parents[1] / "codebook" / "data" / "acled_rules.yaml"

_HYPHENS = frozenset({"-", "–", "—"})
_STATE, _NON_STATE = "state", "non_state"
_ACTOR_CTX = {_STATE: "actor:state", _NON_STATE: "actor:non_state"}
_MAX_SENTENCES = 200  # hostile input: a "snippet" of thousands of sentences is not one event
_SETTINGS = {
    "later_sentence_weight": 0.6,
    "lead_min_words": 4.0,
    "min_score": 1.5,
    "cameo_weight": 2.0,
    "cameo_event_type_weight": 0.75,
    "unknown_actor_factor": 0.5,
    "negation_window": 3.0,
    "background_factor": 0.5,
    "override_ratio": 0.5,
}
_GROUP_KEYS = {"weight", "phrases", "near", "not_near", "window", "near_scope", "actor", "actor_via"}
_LABEL_KEYS = {"priority", "requires", "cues", "negative", "overrides"}
_WORD_LISTS = ("negators", "intent_verbs", "topic_preps", "topic_contexts", "ignore")
_TOP_KEYS = {"format", "settings", "contexts", "actors", "labels", *_WORD_LISTS}
_IGNORE = ""  # the label of the `ignore` phrases: they only shadow shorter cues


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
    exact: bool = False
    optional: bool = False
    wildcard: bool = False

    def accepts(self, tok: Token) -> bool:
        if self.wildcard:
            return True
        if self.exact:
            return tok.text in self.forms
        lemma, lower, pos = tok.lemma_.lower(), tok.lower_, tok.pos_
        return bool(
            {lemma, lower, f"{lemma}/{pos}", f"{lower}/{pos}"} & self.forms
        )

    def keys(self) -> set[str]:
        if self.exact:
            return {f"={f}" for f in self.forms}
        return {f.partition("/")[0] for f in self.forms}


Pattern = tuple[_Slot, ...]


@dataclass(frozen=True)
class _Group:
    label: str
    weight: float  # negative for the groups under `negative`
    near: tuple[str, ...]  # context ids
    not_near: tuple[str, ...]
    window: int | None
    snippet: bool  # near: anywhere in the snippet, not only in the cue's sentence
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
    if item.startswith("$"):
        if item[1:] not in named:
            raise CodebookError(f"unknown word class {item} (known: $country)", target=where)
        return _Slot(named[item[1:]], optional=optional)
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
    items = [p for raw in str(text).split() for p in _split_hyphens(raw)]
    slots = tuple(_parse_slot(item, where, named) for item in items)
    if not slots or slots[0].optional or slots[0].wildcard:
        raise CodebookError(f"phrase {text!r} must start with a plain token", target=where)
    return slots


def _split_hyphens(item: str) -> list[str]:
    if item[:1] in "=$" or "-" not in item.strip("-") or "|" in item:
        return [item]
    return [part for part in item.split("-") if part]


class _RuleSet:
    """Raw rules from the bundled file and user files, merged in order."""

    def __init__(self) -> None:
        self.settings: dict[str, float] = dict(_SETTINGS)
        self.words: dict[str, list[str]] = {key: [] for key in _WORD_LISTS}
        self.contexts: dict[str, list[str]] = {}
        self.actors: dict[str, list[str]] = {_STATE: [], _NON_STATE: []}
        self.labels: dict[str, dict[str, Any]] = {}

    def add(self, data: Any, where: str) -> None:
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise CodebookError(f"not an ACLED rules file (format: {FORMAT})", target=where)
        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise CodebookError(f"unknown keys {sorted(unknown)}", target=where)
        for key, value in (data.get("settings") or {}).items():
            if key not in _SETTINGS or not isinstance(value, int | float):
                raise CodebookError(f"bad setting {key}: {value!r}", target=where)
            self.settings[key] = float(value)
        for key in _WORD_LISTS:
            self.words[key].extend(_strings(data.get(key) or [], f"{where}: {key}"))
        for name, phrases in (data.get("contexts") or {}).items():
            self.contexts.setdefault(str(name), []).extend(_strings(phrases, f"{where}: {name}"))
        for side, phrases in (data.get("actors") or {}).items():
            if side not in self.actors:
                raise CodebookError(f"actors: {side!r} is not state or non_state", target=where)
            self.actors[side].extend(_strings(phrases, f"{where}: actors"))
        for label, body in (data.get("labels") or {}).items():
            self._add_label(str(label).upper(), body, f"{where}: {label}")

    def _add_label(self, label: str, body: Any, where: str) -> None:
        if not isinstance(body, Mapping) or set(body) - _LABEL_KEYS:
            raise CodebookError(f"a label takes {sorted(_LABEL_KEYS)}", target=where)
        rules = self.labels.setdefault(
            label, {"priority": 0.0, "requires": [], "overrides": [], "cues": [], "negative": []}
        )
        if "priority" in body:
            rules["priority"] = float(body["priority"])
        for key in ("requires", "overrides"):
            if key in body:
                rules[key] = _strings(body[key], where)
        for kind in ("cues", "negative"):
            for group in body.get(kind) or ():
                if not isinstance(group, Mapping) or set(group) - _GROUP_KEYS:
                    raise CodebookError(f"a cue group takes {sorted(_GROUP_KEYS)}", target=where)
                if not isinstance(group.get("weight"), int | float) or not group.get("phrases"):
                    raise CodebookError("a cue group needs a weight and phrases", target=where)
                if group.get("actor") not in (None, _STATE, _NON_STATE):
                    raise CodebookError(f"actor must be {_STATE} or {_NON_STATE}", target=where)
                if group.get("near_scope") not in (None, "sentence", "snippet"):
                    raise CodebookError("near_scope must be sentence or snippet", target=where)
                rules[kind].append(dict(group))


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise CodebookError("expected a list of phrases", target=where)
    return [str(v) for v in value]


class AcledClassifier:
    """Assigns ACLED sub-event types from cue words; build with :meth:`load`."""

    def __init__(self, rules: _RuleSet) -> None:
        self._settings = rules.settings
        words = {k: frozenset(w.lower() for w in v) for k, v in rules.words.items()}
        self._negators, self._intent = words["negators"], words["intent_verbs"]
        self._topic_preps = words["topic_preps"]
        self._book = load_codebook()
        self._types = {t.label: t for t in self._book.acled_types() if t.label}
        self._named = {"country": _country_words(self._book.countries())}
        self._index: dict[str, list[tuple[Pattern, int | str]]] = {}
        self._contexts: set[str] = set()
        self._context_phrases = rules.contexts
        self._groups: list[_Group] = []
        self._priority = {label: float(r["priority"]) for label, r in rules.labels.items()}
        self._requires: dict[str, tuple[str, ...]] = {}
        self._overrides = {lab: frozenset(r["overrides"]) for lab, r in rules.labels.items()}
        for side, ctx in _ACTOR_CTX.items():
            self._context(ctx, rules.actors[side], f"actors: {side}")
        self._topics = tuple(self._ref(f"@{c}", "topic_contexts") for c in rules.words["topic_contexts"])
        self._add_group(_IGNORE, 0.0, {"weight": 0, "phrases": rules.words["ignore"]})
        for label, body in rules.labels.items():
            self._requires[label] = tuple(self._ref(r, label) for r in body["requires"])
            for kind, sign in (("cues", 1.0), ("negative", -1.0)):
                for group in body[kind]:
                    self._add_group(label, sign, group)

    # ---------------------------------------------------------------- building
    def _context(self, ctx: str, phrases: Sequence[str], where: str) -> str:
        if ctx not in self._contexts:
            self._contexts.add(ctx)
            for phrase in phrases:
                self._add_phrase(phrase, ctx, where)
        return ctx

    def _ref(self, item: str, where: str) -> str:
        """A context id for "@name" or for a literal phrase."""
        if item.startswith("@"):
            return self._context(item[1:], self._named_context(item, where), where)
        return self._context(f"~{item}", [item], where)

    def _named_context(self, item: str, where: str) -> list[str]:
        if item[1:] not in self._context_phrases:
            raise CodebookError(f"unknown context {item}", target=where)
        return self._context_phrases[item[1:]]

    def _add_group(self, label: str, sign: float, group: Mapping[str, Any]) -> None:
        where = f"acled rules: {label or 'ignore'}"
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
        for phrase in _strings(group["phrases"], where):
            inner = self._named_context(phrase, where) if phrase.startswith("@") else [phrase]
            for text in inner:
                self._add_phrase(text, gid, where)

    def _add_phrase(self, phrase: str, owner: int | str, where: str) -> None:
        pattern = _parse_phrase(phrase, where, self._named)
        for key in pattern[0].keys():
            self._index.setdefault(key, []).append((pattern, owner))

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
        in_acled = kind is not None and kind.sub_event_type is not None
        found = sorted(cues.get(label, {}).items(), key=lambda kv: -kv[1])
        return AcledLabel(
            event_type=kind.event_type if kind is not None and in_acled else None,
            sub_event_type=kind.sub_event_type if kind is not None and in_acled else None,
            label=label,
            score=round(scores[label], 3),
            cues=tuple(text for text, _ in found),
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
        if not ranked or ranked[0][0] < self._settings["min_score"]:
            return None
        top_score, _, top = ranked[0]
        for score, _, label in ranked[1:]:
            if top in self._overrides.get(label, ()) and score >= max(
                self._settings["min_score"], self._settings["override_ratio"] * top_score
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
        parsed: list[tuple[float, list[Token], list[_Hit], dict[str, list[tuple[int, int]]]]] = []
        present: set[str] = set()
        lead_open = True
        for sent in _sentences(span)[:_MAX_SENTENCES]:
            weight = 1.0 if lead_open else self._settings["later_sentence_weight"]
            if sum(1 for t in sent if t.is_alpha) >= self._settings["lead_min_words"]:
                lead_open = False
            toks = [t for t in sent if not t.is_space and t.text not in _HYPHENS]
            hits = self._hits(toks)
            ctx = _context_spans(hits)
            present.update(ctx)
            parsed.append((weight, toks, hits, ctx))
        best: dict[int, tuple[float, str]] = {}  # a group counts once: its strongest match
        for weight, toks, hits, ctx in parsed:
            for hit, factor in self._valid(hits, ctx, toks, present):
                value = weight * factor * self._groups[int(hit.owner)].weight
                if abs(value) > abs(best.get(int(hit.owner), (0.0, ""))[0]):
                    best[int(hit.owner)] = (value, hit.text)
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
            for key in {tok.lemma_.lower(), tok.lower_, "=" + tok.text}:
                for pattern, owner in self._index.get(key, ()):
                    end = _match(pattern, toks, i)
                    if end is not None and (i, end, owner) not in found:
                        text = " ".join(t.lower_ for t in toks[i:end])
                        found[(i, end, owner)] = _Hit(i, end, owner, text)
        hits = list(found.values())
        # a cue inside a longer cue of another label is that longer cue's evidence only
        cue_hits = [(h, self._groups[h.owner].label) for h in hits if isinstance(h.owner, int)]
        actor_hits = [(h, "") for h in hits if h.owner in _ACTOR_CTX.values()]
        dropped = {id(h) for h, lab in cue_hits if _dominated(h, lab, cue_hits)}
        dropped |= {id(h) for h, _ in actor_hits if _dominated(h, None, actor_hits)}
        return [h for h in hits if id(h) not in dropped]

    def _valid(
        self,
        hits: list[_Hit],
        ctx: dict[str, list[tuple[int, int]]],
        toks: list[Token],
        present: set[str],
    ) -> Iterator[tuple[_Hit, float]]:
        for hit in hits:
            if not isinstance(hit.owner, int) or self._negated(toks, hit.start):
                continue
            group = self._groups[hit.owner]
            if not group.label:
                continue
            if group.near and not any(
                (group.snippet and c in present) or _near(hit, ctx.get(c, ()), group.window)
                for c in group.near
            ):
                continue
            if any(_near(hit, ctx.get(c, ()), group.window) for c in group.not_near):
                continue
            trigger = toks[hit.start]
            if self._intended(trigger):
                continue
            factor = self._settings["background_factor"] if self._background(trigger, ctx, toks) else 1.0
            if group.actor is not None:
                side = _actor_side(toks, hit, ctx, group.actor_via)
                if side is None:
                    factor *= self._settings["unknown_actor_factor"]
                elif side != group.actor:
                    continue
            yield hit, factor

    def _negated(self, toks: list[Token], start: int) -> bool:
        window = int(self._settings["negation_window"])
        for n in range(max(0, start - window), start):
            tok = toks[n]
            if tok.lemma_.lower() in self._negators or tok.lower_ in self._negators:
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

    def _background(
        self, tok: Token, ctx: dict[str, list[tuple[int, int]]], toks: list[Token]
    ) -> bool:
        """A cue in a relative clause or apposition ("the town, scene of a chemical attack in
        2017"), or in the topic of a protest ("marched against corruption"), describes
        background rather than the event reported."""
        protest_at = {toks[s].i for c in self._topics for s, _ in ctx.get(c, ())}
        for anc in [tok, *tok.ancestors]:
            if anc.dep_ in ("relcl", "appos"):
                return True
            if anc.dep_ == "prep" and anc.lower_ in self._topic_preps and anc.head.i in protest_at:
                return True
        return False


def _country_words(countries: Sequence[Any]) -> frozenset[str]:
    words = {w.lower() for c in countries for w in (*c.names, *c.adjectives) if " " not in w}
    return frozenset(words)


_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _load_cached(extra: tuple[str, ...]) -> AcledClassifier:
    rules = _RuleSet()
    rules.add(_read(RULES_PATH), str(RULES_PATH))
    for name in extra:
        path = Path(name)
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue
        data = _read(path)
        if isinstance(data, Mapping) and data.get("format") == FORMAT:
            rules.add(data, str(path))
        else:
            log.debug("not an ACLED rules file, skipped: %s", path)
    return AcledClassifier(rules)


def _read(path: Path) -> Any:
    try:
        return load_yaml(path.read_text("utf-8"))
    except OSError as exc:
        raise CodebookError(f"cannot read ACLED rules: {exc}", target=str(path)) from exc
    except Exception as exc:  # yaml's errors have no common public base worth importing
        raise CodebookError(f"invalid YAML: {exc}", target=str(path)) from exc


def _sentences(span: Span | Doc) -> list[Span]:
    doc = span if isinstance(span, Doc) else span.doc
    if doc.has_annotation("SENT_START"):
        return list(span.sents)
    return [span[:] if isinstance(span, Doc) else span]


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


def _dominated(hit: _Hit, label: str | None, others: list[tuple[_Hit, str]]) -> bool:
    size = hit.end - hit.start
    return any(
        (label is None or other != label)
        and o.start <= hit.start and o.end >= hit.end and o.end - o.start > size
        for o, other in others
    )


def _context_spans(hits: list[_Hit]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for h in hits:
        if isinstance(h.owner, str):
            out.setdefault(h.owner, []).append((h.start, h.end))
    return out


def _near(hit: _Hit, spans: Sequence[tuple[int, int]], window: int | None) -> bool:
    for start, end in spans:
        if window is None:
            return True
        gap = max(start - hit.end + 1, hit.start - end + 1, 0)
        if gap <= window:
            return True
    return False


_SUBJECT_DEPS = frozenset({"nsubj", "agent", "csubj"})
_CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "ccomp", "prep", "pobj", "relcl"})


def _actor_side(
    toks: list[Token], hit: _Hit, ctx: dict[str, list[tuple[int, int]]], via: str | None
) -> str | None:
    """State or non-state, for whoever does what the cue at ``hit`` names.

    The grammatical subject (or the by-agent of a passive) first, climbing from an
    infinitive or participle to the verb that has one; then the loser of a "from" phrase
    ("retook the town from government forces"), whose opposite wins; then the nearest actor
    named before the cue in the sentence."""
    position = {t.i: n for n, t in enumerate(toks)}
    trigger = toks[hit.start]

    def judge(tok: Token) -> str | None:
        lo, hi = position.get(tok.left_edge.i), position.get(tok.right_edge.i)
        if lo is None or hi is None:
            return None
        head = position.get(tok.i, lo)
        found: list[tuple[int, str]] = []
        for side, cid in _ACTOR_CTX.items():
            for start, end in ctx.get(cid, ()):
                if lo <= start and end - 1 <= hi:
                    found.append((min(abs(start - head), abs(end - 1 - head)), side))
        counts = {s: sum(1 for _, x in found if x == s) for s in _ACTOR_CTX}
        if counts[_STATE] != counts[_NON_STATE]:
            return max(counts, key=lambda s: counts[s])
        return min(found)[1] if found else None

    if via is not None:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ == via:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return judge(obj)
        return None
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
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ == "from":
            for obj in child.children:
                loser = judge(obj) if obj.dep_ == "pobj" else None
                if loser is not None:
                    return _NON_STATE if loser == _STATE else _STATE
    before = [
        (start, side)
        for side, cid in _ACTOR_CTX.items()
        for start, _ in ctx.get(cid, ())
        if start < hit.start
    ]
    return max(before)[1] if before else None

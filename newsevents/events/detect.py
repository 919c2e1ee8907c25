"""Sentence-level detection: the learned classifier beside the patterns.

1. Which sentences are read by the classifier (``gated``): those where a pattern coded a
   violent, coercive, protest or agreement event, and those where a cue phrase of an ACLED
   type matches (codebook/data/acled_rules.yaml, "set * ablaze", "tear gas"). The encoder
   costs per token, and a sentence with neither rarely reports such an event: on Reuters
   politics about one sentence in fourteen is read.
2. ``learned_candidates``: an event the classifier finds with enough probability, in a
   sentence where no pattern coded an event of its kind, becomes a candidate. Its trigger
   is the sentence's strongest cue word for that label; the parse then gives its actors,
   frames and modality as for any trigger (coder.code_trigger). Nobody named as doing it
   leaves the source empty; to_event names the doer the label implies (acled_events.tsv).
3. ``one_act``: the mentions of one violent act in one sentence ("three civilians were
   killed in an air strike": a killing and an air strike) become one candidate, with the
   most specific code and the actors each knows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from ..codebook import Codebook
from ..codebook.patterns import Pattern, PatternSet
from ..nlp.actors import DocActors
from ..nlp.extensions import sentence_of, sentences
from .accidents import accidental_cause
from .acled import AcledClassifier
from .coder import Candidate, acled_kind, code_trigger, noun_allowed, null_holds
from .learned import Prediction

_VIOLENT = frozenset({"18", "19", "20"})
_TARGET_SLOTS = ("dobj", "prep:on", "prep:against", "prep:at", "prep:in")

Predictions = Mapping[int, Prediction]  # sentence start (token index) -> prediction


def fits(label: str, code: str, codebook: Codebook) -> bool:
    """Whether an event coded ``code`` can be the event of kind ``label``: the CAMEO code
    maps to the label's ACLED event type, or the label's own code shares its root (all
    violence, 18-20, counting as one root)."""
    event = codebook.acled_event(label)
    kind = codebook.acled_by_label(label)
    if event is None or kind is None or kind.sub_event_type is None:
        return False
    mapped = codebook.acled(code)
    if mapped is not None and mapped.event_type == kind.event_type:
        return True
    a, b = event.cameo[:2], code[:2]
    return a == b or (a in _VIOLENT and b in _VIOLENT)


def _keys(token: Token) -> tuple[str, str]:
    return token.lemma_.lower(), token.lower_


def gated(doc: Doc, candidates: Sequence[Candidate], rules: AcledClassifier) -> list[Span]:
    """The sentences worth a classifier's reading."""
    coded = {sentence_of(c.trigger).start for c in candidates if acled_kind(c.code)}
    keys = rules.cue_keys()
    out = []
    for sent in sentences(doc):
        if sent.start in coded or (
            any(k in keys for t in sent if t.is_alpha for k in _keys(t))
            and rules.has_event_cue(sent)
        ):
            out.append(sent)
    return out


def _trigger(sent: Span, keys: frozenset[str]) -> Token | None:
    """The label's cue word nearest the top of the parse, verbs first; an event needs a
    word that names it, so a sentence without one gives none."""
    best: tuple[int, int, Token] | None = None
    for t in sent:
        if t.pos_ not in ("VERB", "NOUN", "PROPN") or not any(k in keys for k in _keys(t)):
            continue
        rank = (0 if t.pos_ == "VERB" else 1, sum(1 for _ in t.ancestors))
        if best is None or rank < best[:2]:
            best = (*rank, t)
    return best[2] if best is not None else None


def learned_candidates(
    doc: Doc,
    predictions: Predictions,
    candidates: Sequence[Candidate],
    actors: DocActors,
    patterns: PatternSet,
    codebook: Codebook,
    rules: AcledClassifier,
    threshold: float,
) -> list[Candidate]:
    """Candidates for the events the classifier finds and no pattern coded: a sentence
    where a pattern coded an event of the kind the classifier reads has its event."""
    by_start = {s.start: s for s in sentences(doc)}
    out: list[Candidate] = []
    for start, prediction in predictions.items():
        if prediction.event_probability < threshold or any(
            sentence_of(c.trigger).start == start and fits(prediction.event_label, c.code, codebook)
            for c in candidates
        ):
            continue
        event = codebook.acled_event(prediction.event_label)
        sent = by_start.get(start)
        if event is None or sent is None:
            continue
        trigger = _trigger(sent, rules.cue_keys(prediction.event_label))
        if trigger is None or null_holds(trigger, patterns, actors) is not None:
            continue  # no cue word, or one a null pattern says is no event ("accident")
        if accidental_cause(trigger, patterns) is not None:
            continue  # "killed when the roof collapsed": harm nobody did
        pattern = Pattern(
            id=f"learned.{prediction.event_label.lower()}",
            lemmas=frozenset({trigger.lemma_.lower()}),
            code=event.cameo,
            pos="verb" if trigger.pos_ == "VERB" else "noun",
            target=_TARGET_SLOTS,
            no_target=True,
            origin="learned classifier (events/learned.py) with acled_events.tsv",
        )
        if pattern.pos == "noun" and not noun_allowed(trigger, pattern, patterns):
            continue  # "a pause in the bombing", "a deadline for the pullout"
        for cand in code_trigger(trigger, pattern, actors, patterns, standalone=True):
            if cand.pattern is pattern:
                cand.learned = prediction.event_label
                cand.targetless = True
                out.append(cand)
    return out


def _actor_key(c: Candidate, side: str) -> str | None:
    m = c.source if side == "source" else c.target
    if m is None:
        return None
    return m.actor.code or (m.actor.name or m.actor.text).lower()


def _joinable(a: Candidate, b: Candidate) -> bool:
    if a.modality != b.modality:
        return False
    for side in ("source", "target"):
        x, y = _actor_key(a, side), _actor_key(b, side)
        if x is not None and y is not None and x != y:
            return False
    return True


def one_act(
    candidates: Sequence[Candidate], labels: Mapping[int, str], codebook: Codebook
) -> list[Candidate]:
    """Fold the violent mentions of one sentence that can be one act into one candidate."""
    out: list[Candidate] = []
    groups: dict[int, list[Candidate]] = {}
    for c in candidates:
        if c.root in _VIOLENT and c.pattern.pos != "derived":
            groups.setdefault(sentence_of(c.trigger).start, []).append(c)
        else:
            out.append(c)
    for start, group in groups.items():
        label = labels.get(start)
        kept: list[Candidate] = []
        for c in sorted(group, key=lambda c: _rank(c, label, codebook)):
            host = next((k for k in kept if _joinable(k, c)), None)
            if host is None:
                kept.append(c)
                continue
            if host.source is None and c.source is not None:
                host.source = c.source
            if host.target is None and c.target is not None:
                host.target = c.target
            host.anchors.extend(t for t in c.anchors if t not in host.anchors)
            host.counts.extend(c.counts)
        for c in kept:
            _retype(c, label, codebook)
        out.extend(kept)
    return sorted(out, key=lambda c: c.trigger.i)


def _retype(c: Candidate, label: str | None, codebook: Codebook) -> None:
    """A violent act the classifier confirmed takes the code of the kind it names when the
    pattern's code says less: "killed in an air strike" is an air strike (195), not a
    killing by physical assault (1823)."""
    if label is None or c.learned != label:
        return
    event = codebook.acled_event(label)
    mapped = codebook.acled(c.code)
    if event is None or event.cameo[:2] not in _VIOLENT:
        return
    if mapped is None or mapped.label != label:
        c.code = event.cameo


def _rank(c: Candidate, label: str | None, codebook: Codebook) -> tuple[int, int, int]:
    """The mention that names the act best comes first: the code of the sentence's label,
    then the most specific code, then patterns before the classifier."""
    mapped = codebook.acled(c.code)
    fits = label is not None and mapped is not None and mapped.label == label
    return (0 if fits else 1, -len(c.code), 1 if c.learned else 0)



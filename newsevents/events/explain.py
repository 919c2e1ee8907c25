"""Why the coder coded what it coded, sentence by sentence.

For each sentence: the pattern words met, which pattern and dictionary
entries produced each event, and for a sentence with no event, why none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..codebook import Codebook
from ..codebook.patterns import PatternSet
from ..model import Event
from .attach import LocationChooser
from .coder import find_candidates
from .within import attach_all, merge, to_event, unusable


@dataclass
class SentenceExplanation:
    text: str
    char_span: tuple[int, int]
    steps: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "sentence": self.text,
            "char_span": list(self.char_span),
            "steps": self.steps,
            "events": [
                {
                    "event_id": e.event_id,
                    "cameo": e.cameo,
                    "rule": e.rule,
                    "source": e.source.to_dict() if e.source else None,
                    "target": e.target.to_dict() if e.target else None,
                }
                for e in self.events
            ],
        }


def explain(
    doc: Doc,
    *,
    doc_id: str,
    published: str | None,
    codebook: Codebook,
    patterns: PatternSet,
    chooser: LocationChooser | None,
    window_days: int = 3,
) -> list[SentenceExplanation]:
    sentences = list(doc.sents)
    out = [SentenceExplanation(s.text.strip(), (s.start_char, s.end_char)) for s in sentences]
    index = {t.i: n for n, s in enumerate(sentences) for t in s}

    def trace(token: Token, message: str) -> None:
        out[index[token.i]].steps.append(f"'{token.text}' ({token.lemma_}/{token.pos_}): {message}")

    actors = doc._.resolver
    if actors is None:
        return out
    cands = find_candidates(doc, actors, patterns, codebook, trace=trace)
    for c in cands:
        why = unusable(c)
        if why is not None:
            trace(c.trigger, f"dropped: {why}")
    mentioned = attach_all(doc, cands, patterns, chooser)
    for draft in merge(mentioned, window_days):
        event = to_event(draft, doc, codebook, doc_id, published)
        for item in draft.items:
            sent = out[index[item.cand.trigger.i]]
            if event not in sent.events:
                sent.events.append(event)
    for sent in out:
        if not sent.steps and not sent.events:
            sent.steps.append("no verb or noun here is in the pattern files")
        elif not sent.events:
            sent.steps.append("no event: every pattern hit above was dropped")
    return out


def format_explanation(items: list[SentenceExplanation]) -> str:
    lines = []
    for n, s in enumerate(items, 1):
        lines.append(f"[{n}] {s.text}")
        for step in s.steps:
            lines.append(f"    - {step}")
        for e in s.events:
            src = e.source.entry if e.source else None
            tgt = e.target.entry if e.target else None
            lines.append(
                f"    => {e.event_id} {e.cameo} ({e.rule}); source entry {src}; target entry {tgt}"
            )
    return "\n".join(lines)

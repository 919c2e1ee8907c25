"""Why the coder coded what it coded, sentence by sentence.

For each sentence: the pattern words met, which pattern and dictionary
entries produced each event, and for a sentence with no event, why none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..codebook import Codebook
from ..codebook.patterns import PatternSet
from ..model import Actor, Event
from .acled import AcledClassifier
from .attach import LocationChooser
from .document import code_drafts
from .learned import EventClassifier


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
    outlet: str | None = None,
    acled: AcledClassifier | None = None,
    learned: EventClassifier | None = None,
    threshold: float = 0.5,
) -> list[SentenceExplanation]:
    """Each sentence with the steps taken on it and the events it gave: the events are
    those ``newsevents code`` writes for the same annotated document (code_drafts)."""
    sentences = list(doc.sents)
    out = [SentenceExplanation(s.text.strip(), (s.start_char, s.end_char)) for s in sentences]
    index = {t.i: n for n, s in enumerate(sentences) for t in s}

    def trace(token: Token, message: str) -> None:
        out[index[token.i]].steps.append(f"'{token.text}' ({token.lemma_}/{token.pos_}): {message}")

    if doc._.resolver is None:
        return out
    drafts = code_drafts(
        doc,
        doc_id=doc_id,
        published=published,
        codebook=codebook,
        patterns=patterns,
        chooser=chooser,
        window_days=window_days,
        outlet=outlet,
        acled=acled,
        learned=learned,
        threshold=threshold,
        trace=trace,
    )
    for draft, event in drafts:
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


def _code(actor: Actor | None) -> str:
    return (actor.code or actor.name or "?") if actor is not None else "-"


def format_explanation(items: list[SentenceExplanation]) -> str:
    lines = []
    for n, s in enumerate(items, 1):
        lines.append(f"[{n}] {s.text}")
        for step in s.steps:
            lines.append(f"    - {step}")
        for e in s.events:
            src = e.source.entry if e.source else None
            tgt = e.target.entry if e.target else None
            # the codes as `newsevents code` writes them: the steps above show each
            # slot before the story's country and the counterpart's are filled in
            who = f"{_code(e.source)} -> {_code(e.target)}"
            lines.append(
                f"    => {e.event_id} {e.cameo} {who} ({e.rule}); "
                f"source entry {src}; target entry {tgt}"
            )
    return "\n".join(lines)

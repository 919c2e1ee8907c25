"""What the sentence focus keeps, and how much of it yields no event.

Over the first 300 Reuters politics articles (as bench/whole.py and
bench/identical.py read them), coded with events only (the focused default):

- sentences in the articles, sentences kept by nlp/focus.py, kept sentences
  holding the evidence of at least one event (an event's sentence span starts
  inside them);
- the same in tokens (spaCy's tokenizer over each sentence), since the model's
  cost grows with tokens: the share of annotated tokens that sit in kept
  sentences yielding nothing is about the share of the model's time they cost.

Writes bench/results/focus_yield.json (``--out``) and prints it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus" / "reuters_politics_2017_isot_subset.jsonl"
ARTICLES = 300


def measure() -> dict[str, Any]:
    from newsevents.config import Settings
    from newsevents.nlp import focus
    from newsevents.run import Coder
    from newsevents.run.batch import read_documents

    settings = Settings()
    coder = Coder(settings)
    with CORPUS.open(encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(ARTICLES), handle, strict=False)]
    sample = Path("/tmp") / "focus_yield_sample.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    docs = [d for d in read_documents([str(sample)], settings) if hasattr(d, "text")]
    vocab = coder.vocabulary()
    tokenizer = coder.nlp.tokenizer
    totals = dict.fromkeys(
        ("sentences", "kept", "kept_with_event", "tokens", "kept_tokens",
         "kept_tokens_with_event"), 0)
    events = 0
    for document, coded in zip(docs, coder.code(docs, outputs=frozenset({"events"})),
                               strict=True):
        text = document.text
        spans = focus.sentence_spans(text)
        view = focus.focus(text, vocab)
        # a story with nothing to skip is annotated whole, as one segment: its sentences
        kept = spans if view.kept == view.total else [
            (start, start + length) for _, start, length in view.segments]
        starts = [e.char_span[0] for e in coded.events]
        events += len(starts)
        totals["sentences"] += len(spans)
        totals["tokens"] += sum(len(tokenizer(text[a:b])) for a, b in spans)
        for a, b in kept:
            n = len(tokenizer(text[a:b]))
            totals["kept"] += 1
            totals["kept_tokens"] += n
            if any(a <= s < b for s in starts):
                totals["kept_with_event"] += 1
                totals["kept_tokens_with_event"] += n
    empty = totals["kept"] - totals["kept_with_event"]
    empty_tokens = totals["kept_tokens"] - totals["kept_tokens_with_event"]
    return {
        "corpus": CORPUS.name, "articles": len(docs), "events": events, **totals,
        "kept_share": round(totals["kept"] / totals["sentences"], 3),
        "kept_token_share": round(totals["kept_tokens"] / totals["tokens"], 3),
        "kept_yielding_nothing": empty,
        "kept_yielding_nothing_share": round(empty / totals["kept"], 3),
        "annotated_tokens_yielding_nothing_share": round(empty_tokens / totals["kept_tokens"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "focus_yield.json"))
    args = parser.parse_args()
    result = measure()
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""The story's head (dateline, byline) as its own sentence, outside the text coded.

"UNITED NATIONS, March 5 - Pakistan complained ...": parsed as one sentence, the
dateline becomes the subject of "complained". Ending a sentence where the dateline
ends keeps the parse of the story's first sentence whole; doc._.dateline keeps the
dateline itself, which the actor resolver and the coder leave alone.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..documents.dateline import Dateline, find_dateline
from .extensions import doc_text


@Language.component(
    "newsevents_dateline", assigns=["doc._.dateline", "token.is_sent_start"]
)
def dateline_sentence(doc: Doc) -> Doc:
    found = find_dateline(doc_text(doc))
    doc._.dateline = found
    if found is None:
        return doc
    # a headline above the head is a sentence of its own, as the story below it is
    for edge in (found.start, found.end) if found.start else (found.end,):
        for token in doc:
            if token.idx >= edge and not token.is_space:
                if token.i > 0:
                    token.is_sent_start = True
                break
    return doc


def in_dateline(token: Token) -> bool:
    """True for a token of the story's dateline or byline."""
    found: Dateline | None = token.doc._.dateline
    return found is not None and found.covers(token.idx)

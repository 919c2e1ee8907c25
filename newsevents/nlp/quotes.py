"""Quotes: direct and partial quotations with their speakers.

A quote's speaker == the subject of the nearest speech verb outside it, after
it (", a State Department spokeswoman said") or before it ("He elaborated
later: "), resolved through the actor resolver so that "he tweeted" is the
person last described. A quote with no speech verb of its own continues the
previous speaker's. Inside a direct quote "we" is the speaker's side.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..datafiles import load_yaml
from .actors import DocActors
from .extensions import doc_text, sentence_of
from .records import ActorMention, QuoteMention


@dataclass(frozen=True)
class QuoteWords:
    speech: frozenset[str]
    allegation: frozenset[str]
    according: tuple[str, ...]
    pairs: dict[str, str]
    min_direct: int


@lru_cache(maxsize=1)
def quote_words() -> QuoteWords:
    raw: dict[str, Any] = load_yaml(
        resources.files("newsevents.nlp").joinpath("data/quotes.yaml").read_text("utf-8")
    )
    return QuoteWords(
        speech=frozenset(raw["speech_verbs"]),
        allegation=frozenset(raw["allegation_verbs"]),
        according=tuple(raw["according_to"]),
        pairs={str(k): str(v) for k, v in raw["pairs"].items()},
        min_direct=int(raw["min_direct_tokens"]),
    )


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted text (inside the marks).

    A quote left open at the end of a paragraph closes there: news style opens
    the next paragraph with a fresh mark when the quote goes on.
    """
    w = quote_words()
    out: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in w.pairs:
            closing = w.pairs[ch]
            j = i + 1
            end = None
            while j < n:
                if text[j] == closing:
                    end = j
                    break
                para_end = j + 1 >= n or text[j + 1] == "\n" or text[j + 1] in w.pairs
                if text[j] == "\n" and para_end:
                    end = j
                    break
                j += 1
            if end is None:
                end = n
            if end - (i + 1) > 1:
                out.append((i + 1, end))
            i = end + 1
            continue
        i += 1
    return out


def _speech_verb(tokens: list[Token]) -> Token | None:
    speech = quote_words().speech
    for t in tokens:
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in speech:
            return t
    return None


def _until_quote(tokens: list[Token], pairs: dict[str, str]) -> list[Token]:
    """Tokens up to the next opening quote mark: a speech verb beyond it is another quote's."""
    out = []
    for i, t in enumerate(tokens):
        if i > 0 and t.text in pairs:
            break
        out.append(t)
    return out


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head != verb:
        return _subject(verb.head)
    # inverted attribution: "said the spokesman"
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr") and child.pos_ in ("NOUN", "PROPN"):
            return child
    return None


def _according_to(sent: Span, outside: set[int]) -> Token | None:
    for phrase in quote_words().according:
        words = phrase.split()
        for t in sent:
            if t.i not in outside:
                continue
            seq = [sent.doc[k].lower_ for k in range(t.i, min(t.i + len(words), len(sent.doc)))]
            if seq == words:
                pobj = [c for c in sent.doc[t.i + len(words) - 1].children if c.dep_ == "pobj"]
                if pobj:
                    return pobj[0]
    return None


def _generalise(speaker: ActorMention, token: Token) -> ActorMention:
    """ "we" in a quote: the speaker's side, not the speaker."""
    actor = replace(
        speaker.actor,
        name=None,
        text=token.text,
        kind="speaker-side",
        span=(token.idx, token.idx + len(token.text)),
    )
    return ActorMention(token.i, token.i + 1, token.i, actor, "quote-we")


def find_quotes(doc: Doc, actors: DocActors) -> list[QuoteMention]:
    w = quote_words()
    out: list[QuoteMention] = []
    previous: QuoteMention | None = None
    for start_char, end_char in quote_spans(doc_text(doc)):
        inside = doc.char_span(start_char, end_char, alignment_mode="expand")
        if inside is None or len(inside) == 0:
            continue
        text = doc_text(doc)[start_char:end_char].strip()
        sent_start = sentence_of(doc[inside.start])
        sent_end = sentence_of(doc[inside.end - 1])
        quote_ids = set(range(inside.start, inside.end))
        after = [t for t in doc[inside.end : sent_end.end] if t.i not in quote_ids]
        before = [t for t in doc[sent_start.start : inside.start] if t.i not in quote_ids]
        at_sentence_start = all(t.is_punct or t.is_space for t in before)
        introduced = (bool(before) and before[-1].text in (":", ",")) or (
            bool(before) and (len(before) >= 2 and before[-1].is_punct and before[-2].text == ":")
        )
        direct = (at_sentence_start or introduced or _speech_verb(before[-3:]) is not None) and (
            len([t for t in inside if not t.is_punct]) >= w.min_direct
        )
        verb = _speech_verb(_until_quote(after, w.pairs)) or _speech_verb(list(reversed(before)))
        speaker_token = _subject(verb) if verb is not None else None
        if speaker_token is None:
            outside = {t.i for t in before + after}
            speaker_token = _according_to(sent_start, outside)
        if not direct and verb is None:
            # partial quote: the sentence's own reporting verb
            root = doc[inside.start]
            while root.head != root and root.i in quote_ids:
                root = root.head
            anc = [root, *root.ancestors]
            verb = _speech_verb(anc)
            speaker_token = _subject(verb) if verb is not None else None
        speaker = actors.resolve(speaker_token) if speaker_token is not None else None
        speaker_text = None
        if speaker_token is not None:
            left = speaker_token.left_edge.i
            speaker_text = doc[left : speaker_token.i + 1].text
        if speaker is None and speaker_token is None and previous is not None and direct:
            gap = doc_text(doc)[previous.end_char : start_char]
            if gap.count("\n") <= 2 and len(gap) < 200:
                speaker = previous.speaker
                speaker_text = previous.speaker_text
                verb = None
        quote = QuoteMention(
            start_char=start_char,
            end_char=end_char,
            text=text,
            speaker=speaker,
            speaker_text=speaker_text,
            verb=verb.lemma_ if verb is not None else None,
            kind="direct" if direct else "partial",
            tokens=(inside.start, inside.end),
        )
        out.append(quote)
        if direct:
            previous = quote
            if speaker is not None:
                for t in inside:
                    if t.lower_ in actors.words.speaker_pronouns:
                        actors.set_mention(t, _generalise(speaker, t))
    return out

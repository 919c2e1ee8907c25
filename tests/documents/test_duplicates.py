"""Exact and near duplicates, on real corpus articles."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from newsevents.documents import DuplicateIndex, clean_text, content_hash
from newsevents.documents.duplicates import shingles
from newsevents.model import Document
from newsevents.sources import iter_items
from tests.conftest import shared_path


def doc(doc_id: str, text: str) -> Document:
    cleaned = clean_text(text)
    return Document(id=doc_id, text=cleaned, content_hash=content_hash(cleaned))


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def reuters(limit: int | None):
    path = shared_path("corpus", "reuters21578.jsonl")
    return itertools.islice(iter_items([str(path)]), limit)


def check_reuters(limit: int | None) -> None:
    index = DuplicateIndex()
    texts: dict[str, str] = {}
    flagged = found = 0
    unflagged_hits: list[tuple[str, str]] = []
    for item in reuters(limit):
        assert item.id is not None
        current = doc(item.id, item.content)
        earlier = index.check(current)
        index.add(current)
        texts[item.id] = current.text
        if item.meta["duplicate_text_of_earlier_record"]:
            flagged += 1
            assert earlier is not None, f"{item.id} repeats an earlier record but was not flagged"
            assert int(earlier.rsplit("-", 1)[1]) < int(item.id.rsplit("-", 1)[1])
            found += 1
        elif earlier is not None:
            unflagged_hits.append((item.id, earlier))
    assert flagged > 0 and found == flagged
    # the other hits are re-sent stories with small edits: their true shingle overlap is high
    similarities = [jaccard(texts[a], texts[b]) for a, b in unflagged_hits]
    assert all(s >= 0.6 for s in similarities), min(similarities)
    assert sum(s >= 0.75 for s in similarities) >= 0.9 * len(similarities)


def test_reuters_repeated_records_are_found():
    check_reuters(4000)


@pytest.mark.slow
def test_reuters_repeated_records_are_found_corpus_wide():
    check_reuters(None)


def bbc_politics(count: int) -> list[dict[str, object]]:
    path = shared_path("corpus", "bbc_news_2004_2005.jsonl")
    found = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["meta"]["category"] == "politics" and len(record["text"]) > 1500:
                found.append(record)
                if len(found) == count:
                    break
    return found


def test_same_story_with_a_changed_sentence_is_a_near_duplicate():
    first, second = bbc_politics(2)
    text = str(first["text"])
    sentences = re.split(r"(?<=[.!?])\s+", text)
    middle = len(sentences) // 2
    sentences[middle] = "A spokesman declined to comment on the matter when asked on Friday."
    rerun = " ".join(sentences)
    assert rerun != text
    index = DuplicateIndex()
    original = doc(str(first["id"]), text)
    index.add(original)
    edited = doc("rerun", rerun)
    assert index.check(edited) == original.id
    assert index.check(doc("other", str(second["text"]))) is None
    # the same story with its first sentence dropped and a label in front still matches
    opening = re.split(r"(?<=[.!?])\s+", text)
    retitled = "Exclusive report. " + " ".join(opening[1:])
    assert index.check(doc("retitled", retitled)) == original.id


def test_exact_duplicates_ignore_layout_and_keep_the_earliest_id():
    index = DuplicateIndex()
    story = "Police arrested 14 people after clashes outside the embassy on Sunday, officials said."
    index.add(doc("a", story))
    index.add(doc("b", story.replace(" ", "\n", 3)))
    assert index.check(doc("c", "  " + story + "\r\n")) == "a"
    assert len(index) == 2


def test_a_document_is_not_its_own_duplicate():
    index = DuplicateIndex()
    story = doc(
        "same-id", "The cabinet met on Monday and approved a new budget for the coming year."
    )
    index.add(story)
    assert index.check(story) is None


def test_short_texts_are_compared_exactly_only():
    index = DuplicateIndex()
    index.add(doc("s1", "Shr 17 cts vs 13 cts"))
    assert index.check(doc("s2", "Shr 18 cts vs 13 cts")) is None
    assert index.check(doc("s3", "Shr 17 cts vs 13 cts")) == "s1"


def test_mark_sets_duplicate_of():
    index = DuplicateIndex()
    story = (
        "Rebels seized the airport on Tuesday, cutting the main supply route to the city, "
        "the army said."
    )
    first = index.mark(doc("one", story))
    second = index.mark(doc("two", story))
    assert first.duplicate_of is None and second.duplicate_of == "one"

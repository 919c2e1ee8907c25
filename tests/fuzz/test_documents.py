"""make_document, clean_text and extract_html over generated items and text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsevents.config import Settings, apply
from newsevents.documents import clean_text, extract_html, make_document
from newsevents.errors import EmptyInput, InputError, InputTooLarge, NotArticle
from newsevents.model import Item
from newsevents.sources import limits

from .conftest import fuzz, within
from .test_markup import MARKUP, SENTENCE

SMALL = apply(Settings(), {"nlp.max_chars": 2000, "fetch.max_bytes": 20_000})
# what clean_text must never leave behind: C0/C1 controls but newline, lone surrogates
LEFTOVER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u00ad\u200b\ufeff\r]")
HOSTILE = st.text(alphabet=st.characters(codec=None), max_size=400) | st.lists(
    st.sampled_from([SENTENCE, "\r\n", "\r", "\x00", "\u2028", "\u00a0", "\ufeff", "\u200b",
                     "Posted by admin", "No comments:", "Share this", "\t", "   ", "â€™",
                     "\udc80", "\x85", "\x0c", "-\n", "\n\n\n", "Copyright 2019"]),
    max_size=30).map("".join)
DATES = st.one_of(st.none(), st.text(max_size=30),
                  st.sampled_from(["2019-01-23", "0001-01-01", "9999-12-31", "23/01/2019",
                                   "Tue, 22 Jan 2019 10:00:00 GMT", "2019-02-30"]))


@st.composite
def items(draw: st.DrawFn) -> Item:
    kind = draw(st.sampled_from(["text", "html"]))
    content = draw(HOSTILE) if kind == "text" else draw(MARKUP)
    if draw(st.booleans()):
        content += ("\n" if kind == "text" else "<p>") + SENTENCE
    return Item(
        origin=draw(st.sampled_from(["a.txt", "corpus.jsonl:7", "https://x.example/a"])),
        content=content,
        kind=kind,  # type: ignore[arg-type]
        id=draw(st.one_of(st.none(), st.text(min_size=1, max_size=20))),
        title=draw(st.one_of(st.none(), st.text(max_size=3000))),
        published=draw(DATES),
        outlet=draw(st.one_of(st.none(), st.text(max_size=20))),
        language=draw(st.one_of(st.none(), st.sampled_from(["en", "EN-gb", "fr", "xx-yy", "", "1"]))),
        meta={"html_fragment": draw(st.booleans())} if kind == "html" else {},
    )


@fuzz(200)
@given(item=items(), small=st.booleans())
def test_make_document_gives_a_clean_document_or_an_input_error(item, small):
    settings = SMALL if small else Settings()
    try:
        with within(what="make_document"):
            document = make_document(item, settings)
    except InputError as exc:
        assert isinstance(exc, EmptyInput | NotArticle | InputTooLarge), exc
        assert exc.target == item.origin and exc.message.strip()
        return
    assert document.text.strip() and len(document.text) <= settings.nlp.max_chars
    assert not LEFTOVER.search(document.text)
    assert re.fullmatch(r"[0-9a-f]{64}", document.content_hash)
    assert document.id == (item.id.strip() if item.id and item.id.strip() else document.id)
    assert document.published is None or (
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", document.published)
        and "1800" <= document.published[:4] <= "2100")
    assert document.title is None or len(document.title) <= limits.MAX_TITLE_CHARS + 1
    assert re.fullmatch(r"[a-z]{2,3}", document.language), document.language
    # the same item always makes the same document (ids are content hashes)
    assert make_document(item, settings) == document


@fuzz(300)
@given(text=HOSTILE)
def test_clean_text_leaves_no_control_characters(text):
    with within(what="clean_text"):
        once = clean_text(text)
    assert not LEFTOVER.search(once)
    assert once == once.strip()
    assert "\n\n\n" not in once
    assert all(line == line.strip() for line in once.splitlines())
    # the same text always cleans the same way (document ids hash the cleaned text);
    # cleaning twice is not promised: the hard-wrap heuristic reads line widths, and
    # mojibake repair (all or nothing) may succeed once blocking characters are gone
    assert clean_text(text) == once


@fuzz(80)
@given(size=st.integers(0, 3), line=st.sampled_from([SENTENCE + " ", "x" * 50_000, "\n"]))
def test_clean_text_of_empty_and_enormous_input(size, line):
    text = line * (10 ** size)
    with within(what="clean_text of a large text"):
        out = clean_text(text)
    assert len(out) <= len(text)


@fuzz(100)
@given(body=MARKUP, url=st.one_of(st.none(), st.sampled_from(
    ["https://example.com/a", "javascript:alert(1)", "file:///etc/passwd", "not a url", ""])))
def test_extract_html_never_raises(body, url):
    with within(what="extract_html"):
        found = extract_html(f"<html><body>{body}<p>{SENTENCE}</p></body></html>", url=url)
    assert isinstance(found.text, str)
    assert not LEFTOVER.search(found.text)
    assert found.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.date)

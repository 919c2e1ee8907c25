"""make_document: ids, dates, metadata precedence, language, and the errors it raises."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.config import Settings, apply
from newsevents.documents import content_hash, document_id, make_document
from newsevents.errors import EmptyInput, InputTooLarge, MalformedRecord, NotArticle
from newsevents.model import Item
from newsevents.sources import iter_items

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
STORY = (
    "Government troops retook the northern town of Kidal on Sunday after three days of "
    "fighting with separatist rebels, the defence ministry said in a statement."
)


def test_corpus_id_is_kept_and_other_ids_come_from_the_content_hash():
    assert make_document(Item(origin="c:1", content=STORY, id="corpus-42")).id == "corpus-42"
    document = make_document(Item(origin="a.txt", content=STORY))
    assert document.id == "doc-" + content_hash(STORY)[:16]
    assert document.content_hash == content_hash(STORY)
    assert document.origin == "a.txt" and document.extraction == "text"


def test_the_id_survives_different_line_endings_and_spacing():
    first = make_document(Item(origin="a", content=STORY.replace(" ", "\n", 2) + "\n"))
    second = make_document(Item(origin="b", content="  " + STORY.replace(" ", "\r\n", 2)))
    assert first.id == second.id
    assert document_id(Item(origin="x", content="", id="  padded "), STORY) == "padded"


def test_published_override_item_date_and_page_date():
    item = Item(origin="x", content=STORY, published="2021-06-01T10:00:00Z")
    assert make_document(item).published == "2021-06-01"
    assert make_document(item, published="June 3, 2021").published == "2021-06-03"
    assert make_document(Item(origin="x", content=STORY)).published is None
    with pytest.raises(MalformedRecord, match="not a date"):
        make_document(item, published="someday")


def test_page_date_replaces_a_warc_capture_date():
    html = (FIXTURES / "page.html").read_text(encoding="utf-8")
    captured = Item(
        origin="crawl.warc@0",
        content=html,
        kind="html",
        published="2023-01-01",
        meta={"published_is_capture_date": True},
    )
    assert make_document(captured).published == "2022-05-17"
    declared = Item(origin="p", content=html, kind="html", published="2022-05-16")
    assert make_document(declared).published == "2022-05-16"  # the item's own date wins


def test_html_document_metadata_and_item_precedence():
    html = (FIXTURES / "page.html").read_text(encoding="utf-8")
    document = make_document(Item(origin="p.html", content=html, kind="html"))
    assert document.title == "Parliament approves budget after all-night session"
    assert (document.outlet, document.author) == ("Fixture Times", "Ana Ruiz")
    assert document.url == "https://fixture-times.example/politics/budget-approved"
    assert document.extraction == "trafilatura" and document.language == "en"
    named = make_document(
        Item(origin="p", content=html, kind="html", title="Feed title", outlet="Feed")
    )
    assert (named.title, named.outlet) == ("Feed title", "Feed")


def test_non_english_documents_get_their_language():
    spanish = (
        "El gobierno anunció el lunes un nuevo plan para reducir la violencia en las zonas "
        "rurales del país, según informó el ministro del Interior en una rueda de prensa. "
        "La oposición pidió más detalles sobre el presupuesto."
    )
    document = make_document(Item(origin="es.txt", content=spanish))
    assert document.language == "es"
    # a long text's detected language wins over a declared site default
    assert make_document(Item(origin="x", content=spanish, language="en")).language == "es"
    # a short text keeps its declared language
    assert make_document(Item(origin="x", content="Ja.", language="de-AT")).language == "de"


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        ("", EmptyInput, "empty text"),
        ("  \n\t ", EmptyInput, "empty text"),
        ("No comments:\nPost a Comment\n", EmptyInput, "no text left after cleaning"),
    ],
)
def test_empty_texts_are_rejected(content, error, reason):
    with pytest.raises(error) as caught:
        make_document(Item(origin="empty-origin", content=content))
    assert caught.value.message == reason and caught.value.target == "empty-origin"


def test_too_large_is_rejected_not_truncated():
    settings = apply(Settings(), {"nlp.max_chars": 100})
    with pytest.raises(InputTooLarge, match=r"limit nlp.max_chars=100"):
        make_document(Item(origin="big", content=STORY), settings)
    with pytest.raises(InputTooLarge):
        make_document(Item(origin="huge", content="x" * 1000), settings)


def test_html_with_only_boilerplate_is_not_an_article():
    html = "<html><body><p>Share this article</p><p>No comments:</p></body></html>"
    with pytest.raises(NotArticle):
        make_document(Item(origin="p", content=html, kind="html"))


def test_titles_are_capped():
    item = Item(origin="t", content=STORY, title="Long " * 400)
    title = make_document(item).title
    assert title is not None and len(title) <= 1001 and title.endswith("…")


def test_every_fixture_item_becomes_a_document_or_a_clear_error():
    from newsevents.errors import InputError

    outcomes: dict[str, int] = {}
    for item in iter_items([str(FIXTURES)]):
        if isinstance(item, Item):
            try:
                make_document(item)
                kind = "document"
            except InputError as exc:
                assert exc.target == item.origin
                kind = type(exc).__name__
        else:
            assert item.origin.startswith(str(FIXTURES)) and item.reason
            kind = "rejected"
        outcomes[kind] = outcomes.get(kind, 0) + 1
    # 11 good records and pages; no_text.html is NotArticle; the rest are rejected by sources
    assert outcomes == {"document": 11, "NotArticle": 1, "rejected": 14}

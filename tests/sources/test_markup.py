"""HTML decoding, RSS/Atom feeds and WARC archives, including broken ones."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

from newsevents.errors import EmptyInput, MalformedRecord
from newsevents.model import Item, Rejection
from newsevents.sources import iter_items
from newsevents.sources.html import decode_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
GERMAN = "<p>Der Außenminister äußerte sich über die Gespräche in Genf.</p>"


def page(charset_tag: str, body: str = GERMAN) -> str:
    return f"<html><head>{charset_tag}<title>t</title></head><body>{body}</body></html>"


# --- HTML decoding ---------------------------------------------------------


def test_meta_charset_is_honoured():
    data = page('<meta charset="windows-1252">').encode("cp1252")
    decoded = decode_html(data, "x")
    assert (decoded.encoding, decoded.how) == ("cp1252", "declared")
    assert "Außenminister" in decoded.text


def test_http_equiv_charset_is_honoured():
    tag = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
    decoded = decode_html(page(tag, "<p>Prix: 5 €, déjà payé</p>").encode("iso-8859-15"), "x")
    assert "5 €, déjà payé" in decoded.text


def test_bom_wins_over_a_wrong_declaration():
    data = codecs.BOM_UTF16_LE + page('<meta charset="iso-8859-1">').encode("utf-16-le")
    decoded = decode_html(data, "x")
    assert decoded.how == "bom" and "Außenminister" in decoded.text


def test_a_page_lying_about_latin1_is_read_as_utf8():
    data = page('<meta charset="iso-8859-1">').encode("utf-8")
    decoded = decode_html(data, "x")
    assert decoded.encoding == "utf-8" and "Außenminister" in decoded.text


def test_a_page_claiming_utf8_in_another_encoding_is_detected():
    body = "<p>" + "Президент заявил, что переговоры продолжатся на следующей неделе. " * 5 + "</p>"
    data = page('<meta charset="utf-8">', body).encode("cp1251")
    decoded = decode_html(data, "x")
    assert decoded.how == "detected"
    assert "Президент заявил" in decoded.text


def test_html_file_becomes_an_html_item():
    [item] = list(iter_items([str(FIXTURES / "page.html")]))
    assert isinstance(item, Item) and item.kind == "html"
    assert item.meta["encoding"] in ("utf-8", "ascii")


def test_empty_html_file_is_rejected(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("   \n", encoding="utf-8")
    [rejection] = list(iter_items([str(path)]))
    assert isinstance(rejection, Rejection) and rejection.code == EmptyInput.code


# --- feeds -----------------------------------------------------------------


def test_rss_entries_become_items_with_local_publication_days():
    out = list(iter_items([str(FIXTURES / "feed.rss")]))
    first, second, third = out
    assert isinstance(first, Item) and isinstance(second, Item)
    assert first.origin == f"{FIXTURES / 'feed.rss'}#entry-1"
    assert first.kind == "html" and "<p>Rebels released six hostages" in first.content
    assert first.url == "https://wire.example/world/hostages-freed"
    assert first.outlet == "Fixture Wire World" and first.language == "en"
    # 23:30 at UTC-5 is still the 22nd where it was published
    assert first.published == "2019-01-22"
    assert second.published == "2019-01-23"
    assert isinstance(third, Rejection) and "no summary or content" in third.reason


def test_atom_entries_use_content_and_author():
    [item] = list(iter_items([str(FIXTURES / "feed.atom")]))
    assert isinstance(item, Item)
    assert item.title == "Navy seizes tanker" and item.author == "Desk Editor"
    assert item.published == "2020-02-01" and item.url == "https://atom.example/navy-tanker"
    assert "seized an oil tanker" in item.content


def test_a_feed_that_is_not_xml_is_rejected():
    [rejection] = list(iter_items([str(FIXTURES / "not_a_feed.xml")]))
    assert isinstance(rejection, Rejection)
    assert rejection.origin == str(FIXTURES / "not_a_feed.xml")
    assert rejection.reason.startswith("not an RSS/Atom feed: not XML")


def test_a_truncated_feed_keeps_recovered_entries_and_says_so(tmp_path):
    data = (FIXTURES / "feed.rss").read_bytes()
    cut = data[: data.index(b"<item>", data.index(b"<item>") + 1) + 200]
    path = tmp_path / "cut.rss"
    path.write_bytes(cut)
    out = list(iter_items([str(path)]))
    assert isinstance(out[0], Rejection) and "not well-formed" in out[0].reason
    assert any(isinstance(o, Item) and o.title == "Rebels free hostages" for o in out)


# --- WARC ------------------------------------------------------------------


def warc_record(uri: str, content_type: str, body: bytes, number: int) -> bytes:
    """One WARC/1.0 response record, written by hand so the test controls every byte."""
    block = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2018-11-05T10:00:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def warc_members(gz: bool, pages: int = 3) -> list[tuple[bytes, bool]]:
    """The archive's records as stored (gzipped when ``gz``), each with whether it is HTML."""
    records = []
    for number in range(pages):
        body = (
            f"<html><head><title>Story {number}</title></head><body><article><p>"
            + f"Report number {number} says the council met on Monday to vote on the plan. " * 8
            + "</p></article></body></html>"
        ).encode()
        uri = f"https://warc.example/story-{number}"
        records.append((warc_record(uri, "text/html; charset=utf-8", body, number), True))
        if number == 0:  # a non-HTML record in between is skipped quietly
            image = b"\x89PNG" + b"\x00" * 100
            records.append(
                (warc_record("https://warc.example/logo.png", "image/png", image, 99), False)
            )
    # a .warc.gz is one gzip member per record
    return [(gzip.compress(r) if gz else r, html) for r, html in records]


def write_warc(gz: bool, pages: int = 3) -> bytes:
    return b"".join(r for r, _ in warc_members(gz, pages))


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_become_items(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(write_warc(gz))
    out = list(iter_items([str(path)]))
    assert all(isinstance(o, Item) for o in out), out
    assert [o.url for o in out] == [f"https://warc.example/story-{n}" for n in range(3)]
    assert out[0].published == "2018-11-05"
    assert out[0].meta["published_is_capture_date"] is True
    assert out[1].origin.startswith(f"{path}@")


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("fraction", [0.1, 0.35, 0.6, 0.8, 0.97])
def test_truncated_warc_yields_records_before_the_cut_then_one_rejection(tmp_path, gz, fraction):
    members = warc_members(gz, pages=4)
    data = b"".join(r for r, _ in members)
    cut = int(len(data) * fraction)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[:cut])
    # the HTML records wholly before the cut, and where the last whole record ends
    whole, end = 0, 0
    for record, html in members:
        if end + len(record.rstrip(b"\r\n")) > cut:
            break
        end += len(record)
        whole += html
    out = list(iter_items([str(path)]))
    *items, last = out
    assert len(items) == whole
    assert all(isinstance(o, Item) and o.content.rstrip().endswith("</html>") for o in items)
    assert isinstance(last, Rejection) and last.code == MalformedRecord.code
    assert last.reason.startswith("archive cut at byte")
    assert last.origin.startswith(f"{path}@")


def test_a_file_that_is_not_a_warc_is_rejected(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("this is not an archive", encoding="utf-8")
    [rejection] = list(iter_items([str(path)]))
    assert isinstance(rejection, Rejection) and "not a WARC archive" in rejection.reason


def test_gzip_warc_is_sniffed_without_its_extension(tmp_path):
    path = tmp_path / "crawl.bin"
    path.write_bytes(write_warc(True, pages=1))
    [item] = list(iter_items([str(path)]))
    assert isinstance(item, Item) and item.url == "https://warc.example/story-0"


def test_warc_fixture_reads_back_whole():
    # guards the hand-written records: the complete archive has no cut
    assert gzip.decompress(write_warc(True)) == write_warc(False)

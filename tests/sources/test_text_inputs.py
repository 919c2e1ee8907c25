"""Plain-text files, directories, globs and stdin; each bad input rejected with its reason."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from newsevents.config import Settings, apply
from newsevents.errors import BinaryInput, EmptyInput, EncodingError, InputTooLarge, MissingInput
from newsevents.model import Item, Rejection
from newsevents.sources import iter_items

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def one(path: Path | str, settings: Settings | None = None) -> Item | Rejection:
    [entry] = list(iter_items([str(path)], settings))
    return entry


def test_text_file_is_one_item_with_its_path_as_origin():
    item = one(FIXTURES / "article.txt")
    assert isinstance(item, Item)
    assert item.kind == "text"
    assert item.origin == str(FIXTURES / "article.txt")
    assert item.content.startswith("Foreign ministers of Kenya and Ethiopia")


@pytest.mark.parametrize(
    ("name", "code", "reason"),
    [
        ("empty.txt", EmptyInput.code, "empty file"),
        ("binary.dat", BinaryInput.code, "binary file (contains NUL bytes)"),
        ("latin1.txt", EncodingError.code, "not UTF-8: invalid byte 0xE9 at offset 15"),
        ("no-such-file.txt", MissingInput.code, "no such file"),
    ],
)
def test_bad_text_inputs_are_rejected_with_a_reason(name, code, reason):
    rejection = one(FIXTURES / name)
    assert isinstance(rejection, Rejection)
    assert rejection.origin == str(FIXTURES / name)
    assert rejection.code == code
    assert rejection.reason.startswith(reason)
    assert "\n" not in str(rejection)


def test_control_bytes_without_nul_are_binary(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 9)) * 40 + b"some words")
    rejection = one(path)
    assert isinstance(rejection, Rejection) and rejection.code == BinaryInput.code
    assert "control bytes" in rejection.reason


def test_whitespace_only_file_is_empty(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    rejection = one(path)
    assert isinstance(rejection, Rejection) and rejection.code == EmptyInput.code


def test_utf16_with_bom_is_read_not_guessed(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Die Regierung trat zurück.".encode("utf-16"))
    item = one(path)
    assert isinstance(item, Item) and item.content == "Die Regierung trat zurück."


def test_too_large_by_characters_and_by_bytes(tmp_path):
    settings = apply(Settings(), {"nlp.max_chars": 100})
    path = tmp_path / "long.txt"
    path.write_text("word " * 30, encoding="utf-8")  # 150 chars, 150 bytes
    rejection = one(path, settings)
    assert isinstance(rejection, Rejection) and rejection.code == InputTooLarge.code
    assert "150 characters (limit nlp.max_chars=100)" in rejection.reason
    path.write_text("word " * 100, encoding="utf-8")  # 500 bytes > 4 * 100
    rejection = one(path, settings)
    assert isinstance(rejection, Rejection)
    assert "500 bytes (limit 400)" in rejection.reason


def test_directory_is_walked_sorted_recursively_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "second.txt").write_text("Second story text here.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First story text here.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Never read.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("Never read either.", encoding="utf-8")
    (tmp_path / "b" / "broken.txt").write_bytes(b"\xff\xfe\x00\x00oops")
    out = list(iter_items([str(tmp_path)]))
    assert [Path(o.origin).name for o in out] == ["a.txt", "broken.txt", "second.txt"]
    assert isinstance(out[1], Rejection)  # a bad file in the middle does not stop the walk
    assert isinstance(out[2], Item) and out[2].content == "Second story text here."


def test_empty_directory_is_reported(tmp_path):
    [rejection] = list(iter_items([str(tmp_path)]))
    assert isinstance(rejection, Rejection) and "no files" in rejection.reason


def test_glob_expands_sorted_and_reports_no_match(tmp_path):
    for name in ("2.txt", "1.txt", "3.md"):
        (tmp_path / name).write_text(f"Story number {name}.", encoding="utf-8")
    out = list(iter_items([str(tmp_path / "*.txt"), str(tmp_path / "*.nothing")]))
    assert [Path(o.origin).name for o in out[:2]] == ["1.txt", "2.txt"]
    assert isinstance(out[2], Rejection) and out[2].reason == "no file matches this pattern"


def test_stdin_dash_reads_text(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(b"Troops withdrew from the town on Friday."))
    monkeypatch.setattr(sys, "stdin", fake)
    item = one("-")
    assert isinstance(item, Item)
    assert item.origin == "<stdin>" and item.content.startswith("Troops withdrew")


def test_stdin_html_is_an_html_item(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(b"<!DOCTYPE html><html><body><p>x</p></body></html>"))
    monkeypatch.setattr(sys, "stdin", fake)
    item = one("-")
    assert isinstance(item, Item) and item.kind == "html"


def test_unknown_extension_is_sniffed(tmp_path):
    page = tmp_path / "saved_page"
    page.write_bytes((FIXTURES / "page.html").read_bytes())
    feed = tmp_path / "feed.download"
    feed.write_bytes((FIXTURES / "feed.rss").read_bytes())
    lines = tmp_path / "records.json"
    lines.write_text('{"id": "s-1", "text": "A record in a file named .json."}\n', encoding="utf-8")
    out = list(iter_items([str(page), str(feed), str(lines)]))
    assert out[0].kind == "html"  # type: ignore[union-attr]
    assert out[1].origin.endswith("#entry-1")
    assert out[-1].id == "s-1"  # type: ignore[union-attr]


def test_gzip_that_is_not_a_warc_is_refused(tmp_path):
    import gzip

    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "x"}\n'))
    rejection = one(path)
    assert isinstance(rejection, Rejection)
    assert rejection.origin == str(path)
    assert "compressed file" in rejection.reason


def test_inputs_keep_their_order_and_the_batch_goes_on():
    inputs = [
        str(FIXTURES / n) for n in ("empty.txt", "article.txt", "missing.txt", "blog_post.txt")
    ]
    out = list(iter_items(inputs))
    assert [type(o).__name__ for o in out] == ["Rejection", "Item", "Rejection", "Item"]

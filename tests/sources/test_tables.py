"""JSONL and CSV/TSV corpora: good records, malformed ones in place, column maps, real corpora."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newsevents.config import Settings, apply
from newsevents.errors import EmptyInput, EncodingError, MalformedRecord
from newsevents.model import Item, Rejection
from newsevents.sources import iter_items
from tests.conftest import shared_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
CORPORA = [
    ("bbc_news_2004_2005.jsonl", 2060),
    ("muc34_latin_america_conflict_1988_1990.jsonl", 1700),
    ("reuters21578.jsonl", 19043),
    ("reuters_politics_2017_isot_subset.jsonl", 982),
]


def test_jsonl_malformed_lines_are_rejected_in_place_and_the_rest_is_read():
    path = FIXTURES / "corpus.jsonl"
    out = list(iter_items([str(path)]))
    kinds = [(o.origin.rsplit(":", 1)[1], type(o).__name__) for o in out]
    assert kinds == [
        ("1", "Item"),
        ("2", "Item"),
        ("3", "Rejection"),  # cut-off JSON
        ("4", "Rejection"),  # no text
        ("5", "Rejection"),  # title of the wrong type
        ("6", "Rejection"),  # not an object
        ("8", "Item"),  # after a blank line 7
    ]
    first, second, *_, last = out
    assert isinstance(first, Item) and isinstance(second, Item) and isinstance(last, Item)
    assert first.id == "fx-1" and first.title == "Talks resume" and first.outlet == "Fixture Wire"
    assert first.published == "2021-03-04" and first.meta == {"topic": "diplomacy"}
    assert second.published == "2021-03-05"  # timestamp cut to the day
    assert last.published == "2021-03-07"  # "March 7, 2021"
    reasons = {o.origin.rsplit(":", 1)[1]: o.reason for o in out if isinstance(o, Rejection)}
    assert reasons["3"].startswith("bad JSON")
    assert reasons["4"].startswith("no text field (keys: date, id, title)")
    assert reasons["5"] == "title must be a string or null, not list"
    assert reasons["6"] == "a JSON object is needed, found list"
    assert all(o.code == MalformedRecord.code for o in out if isinstance(o, Rejection))


def test_column_map_renames_keys_and_keeps_the_rest_in_meta():
    mapping = {"guid": "id", "headline": "title", "body": "text", "published": "date"}
    [item] = list(iter_items([str(FIXTURES / "mapped.jsonl")], column_map=mapping))
    assert isinstance(item, Item)
    assert (item.id, item.title, item.published) == ("m-1", "Election called", "2020-04-01")
    assert item.content.startswith("The prime minister called a snap election")
    assert item.meta == {"extra": "kept in meta"}


def test_jsonl_line_limits_and_nesting(tmp_path):
    settings = apply(Settings(), {"nlp.max_chars": 1000})  # lines up to 4000 + 1 MB
    path = tmp_path / "hostile.jsonl"
    deep: object = "leaf"
    for _ in range(40):
        deep = {"k": deep}
    long_line = json.dumps({"id": "long", "text": "w " * 600_000})
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "deep", "text": "Some text.", "meta": deep}),
                long_line,
                "[" * 100_000 + "]" * 100_000,
                json.dumps({"id": "ok", "text": "Still read after the hostile lines."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = list(iter_items([str(path)], settings))
    assert [type(o).__name__ for o in out] == ["Rejection", "Rejection", "Rejection", "Item"]
    assert "nested deeper than 16 levels" in out[0].reason
    assert out[1].reason.startswith("line longer than")
    assert "nested too deeply" in out[2].reason or "bad JSON" in out[2].reason
    assert out[3].origin.endswith(":4")


def test_jsonl_bad_utf8_line_names_the_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n{"text": "fine"}\n')
    bad, good = list(iter_items([str(path)]))
    assert isinstance(bad, Rejection) and bad.origin == f"{path}:1"
    assert bad.code == EncodingError.code and "0xE9" in bad.reason
    assert isinstance(good, Item)


def test_csv_rows_become_items_and_broken_rows_rejections():
    out = list(iter_items([str(FIXTURES / "corpus.csv")]))
    items = [o for o in out if isinstance(o, Item)]
    rejections = [o for o in out if isinstance(o, Rejection)]
    assert [i.id for i in items] == ["c-1", "c-2"]
    assert items[1].title == "Minister resigns, cites health"
    assert items[1].content.endswith("His deputy will serve in the interim.")  # quoted newline
    assert items[0].meta == {"section": "world"} and items[0].outlet == "Fixture Post"
    assert items[1].origin.endswith("corpus.csv:3")
    assert [r.origin.rsplit(":", 1)[1] for r in rejections] == ["5", "6"]
    assert rejections[0].reason == "row has 7 fields, the header has 6"
    assert rejections[1].code == EmptyInput.code


def test_csv_missing_text_column_is_one_rejection_naming_it():
    [rejection] = list(iter_items([str(FIXTURES / "missing_column.csv")]))
    assert isinstance(rejection, Rejection)
    assert rejection.origin == str(FIXTURES / "missing_column.csv")
    assert "missing column 'text' (columns: id, headline, body)" in rejection.reason
    assert "column_map" in rejection.reason


def test_tsv_with_column_map():
    [item] = list(
        iter_items([str(FIXTURES / "corpus.tsv")], column_map={"body": "text", "headline": "title"})
    )
    assert isinstance(item, Item) and item.id == "t-1" and item.title == "Ceasefire holds"


def test_csv_invalid_utf8_row_is_rejected_alone(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"id,text\na,Caf\xe9 owner arrested\nb,A clean row of text\n")
    bad, good = list(iter_items([str(path)]))
    assert isinstance(bad, Rejection) and bad.code == EncodingError.code
    assert isinstance(good, Item) and good.id == "b"


@pytest.mark.parametrize(("name", "count"), CORPORA)
def test_shared_corpora_read_with_zero_rejections(name, count):
    path = shared_path("corpus", name)
    started = time.monotonic()
    items = rejections = 0
    for entry in iter_items([str(path)]):
        if isinstance(entry, Rejection):
            rejections += 1
        else:
            items += 1
    assert (items, rejections) == (count, 0)
    assert time.monotonic() - started < 30


def test_corpus_records_keep_their_ids_dates_and_outlets():
    path = shared_path("corpus", "reuters_politics_2017_isot_subset.jsonl")
    first = next(iter(iter_items([str(path)])))
    assert isinstance(first, Item)
    assert first.id is not None and first.id.startswith("isot-true-")
    assert first.outlet == "Reuters"
    assert first.published is not None and first.published.startswith("2017-")

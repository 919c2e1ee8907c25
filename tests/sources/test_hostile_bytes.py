"""Arbitrary bytes under every extension: readers yield Items or Rejections, never raise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.documents import make_document
from newsevents.errors import InputError
from newsevents.model import Item, Rejection
from newsevents.sources import iter_items

EXTENSIONS = [".txt", ".jsonl", ".csv", ".tsv", ".html", ".xml", ".warc", ".warc.gz", ""]
PREFIXES = [b"", b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b"<?xml version='1.0'?><rss>", b'{"text": ']


@settings(max_examples=120, deadline=None)
@given(
    extension=st.sampled_from(EXTENSIONS),
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=600),
)
def test_any_bytes_give_items_or_rejections(extension, prefix, body):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{extension}"
        path.write_bytes(prefix + body)
        for entry in iter_items([str(path)]):
            assert isinstance(entry, Item | Rejection)
            if isinstance(entry, Rejection):
                assert entry.origin.startswith(str(path)) and entry.reason
                assert "\n" not in entry.reason and not entry.reason.startswith("unexpected")
                continue
            try:
                document = make_document(entry)
            except InputError as exc:
                assert exc.target == entry.origin
            else:
                assert document.text.strip() and document.id

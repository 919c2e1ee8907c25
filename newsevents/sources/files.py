"""Reading local files safely: capped reads, binary and encoding checks, sniffing.

Only regular files are read (``newsevents.safefiles``): a FIFO, socket or
device named as an input is rejected, never opened in a way that could block.

Plain text is read as UTF-8 and nothing else: a ``.txt`` file in another
encoding is rejected with the offending byte and its offset, because a
guessed encoding silently corrupts names, which is worse for event data than
a clear rejection. (HTML is different: pages declare their encoding, and
html.py honours and verifies the declaration.)
"""

from __future__ import annotations

import codecs
import json
import zlib
from pathlib import Path
from typing import Literal

from ..errors import BinaryInput, EmptyInput, EncodingError
from ..safefiles import open_regular
from ..safefiles import read_capped as read_capped
from . import limits

Kind = Literal["text", "html", "feed", "warc", "jsonl", "csv", "tsv", "gzip"]

_EXTENSIONS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


def split_bom(data: bytes) -> tuple[str | None, bytes]:
    """The encoding a byte-order mark names, and the bytes after it."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


def check_not_binary(data: bytes, origin: str) -> None:
    """BinaryInput for NUL bytes or a high share of control bytes in the sample."""
    sample = data[: limits.SNIFF_BYTES]
    if b"\x00" in sample:
        raise BinaryInput("binary file (contains NUL bytes)", target=origin)
    if sample:
        controls = sum(1 for b in sample if b < 0x20 and b not in _ALLOWED_CONTROLS)
        share = controls / len(sample)
        if share > limits.MAX_CONTROL_SHARE:
            raise BinaryInput(f"binary file ({share:.0%} control bytes)", target=origin)


def decode_utf8(data: bytes, origin: str) -> str:
    """Strict UTF-8 (a UTF-8/16/32 byte-order mark is honoured, never a guess)."""
    encoding, body = split_bom(data)
    if encoding and encoding != "utf-8":
        try:
            return body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"not {encoding.upper()} despite its byte-order mark: invalid data at offset "
                f"{exc.start + len(data) - len(body)}",
                target=origin,
            ) from exc
    check_not_binary(body, origin)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + len(data) - len(body)
        raise EncodingError(
            f"not UTF-8: invalid byte 0x{data[offset]:02X} at offset {offset}",
            target=origin,
            hint="convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8",
        ) from exc


def decode_text_file(data: bytes, origin: str) -> str:
    """A plain-text article: non-empty, not binary, UTF-8."""
    if not data.strip():
        raise EmptyInput("empty file" if not data else "file holds only whitespace", target=origin)
    text = decode_utf8(data, origin)
    if not text.strip():
        raise EmptyInput("file holds only whitespace", target=origin)
    return text


def kind_by_name(path: Path) -> Kind | None:
    name = path.name.lower()
    if name.endswith((".warc.gz", ".warc.gzip")):
        return "warc"
    return _EXTENSIONS.get(path.suffix.lower())


def sniff(head: bytes) -> Kind:
    """What a file of unknown extension holds, from its first bytes."""
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        # gzip: the only compressed input read is a WARC archive
        try:
            inner = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            inner = b""
        return "warc" if inner.startswith(b"WARC/") else "gzip"
    _, body = split_bom(head)
    lowered = body[:2048].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if lowered.startswith(b"<?xml") or lowered.startswith((b"<rss", b"<feed", b"<rdf")):
        if b"<rss" in lowered or b"<feed" in lowered or b"<rdf" in lowered:
            return "feed"
        if b"<html" in lowered:
            return "html"
        return "feed"
    if lowered.startswith(b"{"):
        first = body.lstrip().split(b"\n", 1)[0].strip()
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except RecursionError:
            pass
        except ValueError:
            # a first line longer than the sniffed head: an object with a text key
            if lowered.startswith(b'{"') and b'"text"' in lowered:
                return "jsonl"
    return "text"


def read_head(path: Path) -> bytes:
    with open_regular(path) as handle:
        try:
            return handle.read(limits.SNIFF_BYTES)
        except OSError:
            return b""

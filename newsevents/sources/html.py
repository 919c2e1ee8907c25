"""Decoding HTML bytes: byte-order mark, HTTP header, meta charset, then detection.

Pages lie about their encoding: a page that declares ``iso-8859-1`` but holds
valid multi-byte UTF-8 is UTF-8 (random Latin-1 text is almost never valid
UTF-8), and a page that declares UTF-8 but is not valid UTF-8 is decoded by
detection. Declared single-byte Latin labels are read as windows-1252, as
browsers do (the WHATWG Encoding Standard maps them so).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from ..errors import BinaryInput, EmptyInput
from . import limits
from .files import split_bom

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""", re.I
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
# WHATWG: these labels mean windows-1252; a UTF-16 label in a byte stream without a BOM means UTF-8
_AS_CP1252 = frozenset({"latin-1", "iso8859-1", "ascii", "cp1252"})
_PRESCAN_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    how: str  # bom | ascii | utf-8 | declared | detected | fallback


def _canonical(label: str | bytes | None) -> str | None:
    if label is None:
        return None
    name = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    if codec in _AS_CP1252:
        return "cp1252"
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


def charset_from_header(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match[1] if match else None


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in its first bytes (meta charset, http-equiv, XML)."""
    head = data[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _canonical(match[1]) if match else None


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # shipped with trafilatura; degrade to the fallback without it
        return None
    best = from_bytes(data[:200_000]).best()
    return _canonical(best.encoding) if best is not None else None


def decode_html(data: bytes, origin: str, *, http_charset: str | None = None) -> Decoded:
    """Decode a page; EmptyInput for no bytes, BinaryInput for NUL-filled data."""
    if not data.strip():
        raise EmptyInput("empty page", target=origin)
    bom, body = split_bom(data)
    if bom:
        return Decoded(body.decode(bom, errors="replace"), bom, "bom")
    if b"\x00" in body[: limits.SNIFF_BYTES]:
        raise BinaryInput("binary data, not an HTML page (contains NUL bytes)", target=origin)
    if body.isascii():
        return Decoded(body.decode("ascii"), "ascii", "ascii")
    declared = _canonical(http_charset) or declared_charset(body)
    try:
        return Decoded(body.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared != "utf-8":
        try:
            return Decoded(body.decode(declared), declared, "declared")
        except (UnicodeDecodeError, LookupError):
            log.debug("%s: declared %s does not decode; detecting", origin, declared)
    detected = _detect(body)
    if detected:
        try:
            return Decoded(body.decode(detected), detected, "detected")
        except (UnicodeDecodeError, LookupError):
            pass
    return Decoded(body.decode("utf-8", errors="replace"), "utf-8", "fallback")

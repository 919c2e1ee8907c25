"""WARC archives (``.warc``, ``.warc.gz``): HTML responses become Items.

warcio reads a truncated archive without complaint: a record cut short comes
back with a short payload, and a gzip member cut short is silently dropped.
So completeness is checked here: each record's block must be read to its
declared Content-Length, and after the last record only blank bytes may be
left. When either fails, the records before the cut are kept and one
Rejection says at which byte the archive was cut.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..config import Settings
from ..errors import EmptyInput, InputTooLarge, MalformedRecord, NewsEventsError, UnsupportedInput
from ..model import Item, Rejection
from ..safefiles import open_regular
from . import limits
from .dates import normalise_date
from .html import charset_from_header, decode_html

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _is_html(content_type: str | None) -> bool:
    return bool(content_type) and content_type.split(";")[0].strip().lower() in _HTML_TYPES  # type: ignore[union-attr]


def _html_record(record: Any) -> tuple[str | None, bool]:
    """(content type, whether the record is an HTML page worth reading)."""
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None:
            return None, False
        status = headers.get_statuscode()
        content_type = headers.get_header("Content-Type")
        return content_type, bool(status and status.startswith("2")) and _is_html(content_type)
    if record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
        return content_type, _is_html(content_type)
    return None, False


def _cut(path: Path, at: int, complete: int, why: str) -> Rejection:
    return Rejection(
        f"{path}@{at}",
        f"archive cut at byte {at:,} after {complete} complete records ({why})",
        MalformedRecord.code,
    )


def warc_items(path: Path, settings: Settings) -> Iterator[Item | Rejection]:
    cap = limits.page_byte_cap(settings)
    with open_regular(path) as handle:
        head = handle.read(8)
        if not head:
            raise EmptyInput("empty file", target=str(path))
        if not head.startswith((b"WARC/", b"\x1f\x8b")):
            raise UnsupportedInput("not a WARC archive (no WARC/ header)", target=str(path))
        handle.seek(0)
        iterator = ArchiveIterator(handle)
        end = 0
        complete = 0
        pages = 0
        try:
            for record in iterator:
                if complete >= limits.MAX_WARC_RECORDS:
                    yield Rejection(
                        str(path),
                        f"stopped: more than {limits.MAX_WARC_RECORDS:,} records in one archive",
                        MalformedRecord.code,
                    )
                    return
                content_type, wanted = _html_record(record)
                payload = record.content_stream().read(cap + 1) if wanted else b""
                # reads the rest of the record, so the offsets and the limit below are final
                offset = iterator.get_record_offset()
                length = iterator.get_record_length()
                unread = getattr(record.raw_stream, "limit", None)
                if record.length is None or unread is None or unread > 0:
                    yield _cut(path, offset, complete, "the last record is incomplete")
                    return
                end = offset + length
                complete += 1
                if not wanted:
                    continue
                origin = f"{path}@{offset}"
                if len(payload) > cap:
                    yield Rejection(origin, f"page larger than {cap:,} bytes", InputTooLarge.code)
                    continue
                try:
                    decoded = decode_html(
                        payload, origin, http_charset=charset_from_header(content_type)
                    )
                except NewsEventsError as exc:
                    yield Rejection(origin, exc.message, exc.code)
                    continue
                pages += 1
                yield Item(
                    origin=origin,
                    content=decoded.text,
                    kind="html",
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    published=normalise_date(record.rec_headers.get_header("WARC-Date")),
                    meta={
                        "encoding": decoded.encoding,
                        "warc": str(path),
                        "warc_offset": offset,
                        # WARC-Date is when the page was captured; a date in the
                        # page itself is preferred over it
                        "published_is_capture_date": True,
                    },
                )
        except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
            yield _cut(path, end, complete, f"{type(exc).__name__}: {exc}".splitlines()[0])
            return
        except Exception as exc:  # warcio fails on records cut inside their headers in
            # assorted ways (AttributeError on a missing URI, parser errors); all mean a cut
            log.debug("warcio failed after byte %d of %s", end, path, exc_info=True)
            yield _cut(path, end, complete, f"unreadable record: {type(exc).__name__}")
            return
        handle.seek(end)
        rest = handle.read(64)
        if rest.strip():
            yield _cut(path, end, complete, "bytes after it do not form a complete record")
            return
        if complete and not pages:
            yield Rejection(str(path), "archive holds no HTML response records", EmptyInput.code)

"""Sources: read files, corpora, feeds, archives and URLs into raw Items.

``iter_items`` takes what a user names on the command line (paths,
directories, globs, ``-`` for stdin, http(s) URLs) and yields ``Item``s in
input order. Anything unusable becomes a ``Rejection`` in its place, naming
the input (``path``, ``path:LINE``, ``path#entry-N``, ``path@OFFSET``, a URL)
and the reason in one line; the batch always goes on.

Dispatch is by extension, then by content for unknown extensions:

    .txt and other text -> one article        .jsonl -> one article per line
    .csv / .tsv         -> one per row        .html / .htm -> one page
    .xml .rss .atom     -> one per entry      .warc / .warc.gz -> one per HTML response
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path

from ..config import Settings
from ..errors import EmptyInput, InputError, InputTooLarge, MissingInput, UnsupportedInput
from ..model import Item, Rejection
from ..safefiles import regular_stat
from . import limits
from .dates import normalise_date
from .fetch import (
    HttpxTransport,
    Response,
    RetryableFetchError,
    Transport,
    fetch,
)
from .files import (
    check_not_binary,
    decode_text_file,
    kind_by_name,
    read_capped,
    read_head,
    sniff,
)
from .html import charset_from_header, decode_html
from .tables import read_jsonl, read_table, record_to_item
from .walk import expand_glob, has_glob, once, walk_directory

__all__ = [
    "HttpxTransport",
    "Response",
    "RetryableFetchError",
    "Transport",
    "fetch",
    "iter_items",
    "normalise_date",
    "record_to_item",
]

log = logging.getLogger(__name__)

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_FEED_TYPES = ("rss", "atom", "xml", "rdf")


def iter_items(
    inputs: Sequence[str],
    settings: Settings | None = None,
    *,
    column_map: Mapping[str, str] | None = None,
    follow_links: bool = False,
    transport: Transport | None = None,
) -> Iterator[Item | Rejection]:
    """Items from every input, in order; Rejections in place of unusable ones.

    ``follow_links``: for feeds, fetch each entry's linked page instead of
    using the entry's own summary/content. ``transport`` replaces the httpx
    transport for URLs (tests, proxies, caches).
    """
    reader = _Reader(settings or Settings(), column_map, follow_links, transport)
    for raw in inputs:
        yield from reader.read(raw)


def _rejection(exc: InputError, origin: str) -> Rejection:
    reason = exc.message if not exc.hint else f"{exc.message} ({exc.hint})"
    return Rejection(exc.target or origin, " ".join(reason.split()), exc.code)


class _Reader:
    def __init__(
        self,
        settings: Settings,
        column_map: Mapping[str, str] | None,
        follow_links: bool,
        transport: Transport | None,
    ):
        self.settings = settings
        self.column_map = column_map
        self.follow_links = follow_links
        self.transport = transport or HttpxTransport()

    def read(self, raw: str) -> Iterator[Item | Rejection]:
        if raw == "-":
            yield from self._guard("<stdin>", self._stdin)
            return
        if _SCHEME.match(raw):
            if raw.lower().startswith(("http://", "https://")):
                yield from self._guard(raw, partial(self._url, raw))
            else:
                reason = "unsupported URL scheme (http and https only)"
                yield Rejection(raw, reason, UnsupportedInput.code)
            return
        path = Path(raw)
        if path.is_dir():
            yield from self._many(raw, walk_directory(path), "directory holds no files")
            return
        if path.exists():
            yield from self._guard(raw, partial(self._file, path))
            return
        if has_glob(raw):
            yield from self._many(raw, expand_glob(raw), "no file matches this pattern")
            return
        yield Rejection(raw, "no such file", MissingInput.code)

    def _many(self, raw: str, paths: Iterable[Path], none: str) -> Iterator[Item | Rejection]:
        """The files of a directory or glob input, each real file once, up to the cap."""
        found = False
        for count, child in enumerate(once(paths), start=1):
            if count > limits.MAX_FILES_PER_INPUT:
                yield Rejection(
                    raw, f"stopped after {limits.MAX_FILES_PER_INPUT:,} files", InputTooLarge.code
                )
                return
            found = True
            yield from self._guard(str(child), partial(self._file, child))
        if not found:
            yield Rejection(raw, none, MissingInput.code)

    def _guard(
        self, origin: str, produce: Callable[[], Iterator[Item | Rejection]]
    ) -> Iterator[Item | Rejection]:
        """Run one input's reader; its errors become a Rejection, never a crash."""
        try:
            yield from produce()
        except InputError as exc:
            yield _rejection(exc, origin)
        except Exception as exc:  # a reader bug must not end the batch; it is logged in full
            log.exception("unexpected error reading %s", origin)
            yield Rejection(origin, f"unexpected {type(exc).__name__}: {exc}".splitlines()[0])

    # local inputs -----------------------------------------------------

    def _file(self, path: Path) -> Iterator[Item | Rejection]:
        regular_stat(path)  # a FIFO, socket or device: one rejection naming it, no open
        kind = kind_by_name(path) or sniff(read_head(path))
        origin = str(path)
        settings = self.settings
        if kind == "text":
            yield self._text_item(read_capped(path, limits.text_byte_cap(settings)), origin)
        elif kind == "html":
            yield self._html_item(read_capped(path, limits.page_byte_cap(settings)), origin)
        elif kind == "feed":
            yield from self._feed(read_capped(path, limits.page_byte_cap(settings)), origin)
        elif kind == "warc":
            from .warc import warc_items  # warcio: imported for archives only

            yield from warc_items(path, settings)
        elif kind == "jsonl":
            yield from read_jsonl(path, settings, self.column_map)
        elif kind in ("csv", "tsv"):
            delimiter = "\t" if kind == "tsv" else ","
            yield from read_table(path, settings, self.column_map, delimiter=delimiter)
        else:
            raise UnsupportedInput(
                "compressed file: only .warc.gz archives are read; decompress it first",
                target=origin,
            )

    def _text_item(self, data: bytes, origin: str) -> Item:
        text = decode_text_file(data, origin)
        if len(text) > self.settings.nlp.max_chars:
            raise InputTooLarge(
                f"too large: {len(text):,} characters "
                f"(limit nlp.max_chars={self.settings.nlp.max_chars:,})",
                target=origin,
            )
        return Item(origin=origin, content=text, kind="text")

    def _html_item(
        self, data: bytes, origin: str, *, url: str | None = None, http_charset: str | None = None
    ) -> Item:
        decoded = decode_html(data, origin, http_charset=http_charset)
        return Item(
            origin=origin,
            content=decoded.text,
            kind="html",
            url=url,
            meta={"encoding": decoded.encoding, "encoding_from": decoded.how},
        )

    def _stdin(self) -> Iterator[Item | Rejection]:
        cap = limits.page_byte_cap(self.settings)
        data = sys.stdin.buffer.read(cap + 1)
        if len(data) > cap:
            raise InputTooLarge(f"too large: more than {cap:,} bytes", target="<stdin>")
        if sniff(data[: limits.SNIFF_BYTES]) == "html":
            yield self._html_item(data, "<stdin>")
        else:
            yield self._text_item(data, "<stdin>")

    # feeds and URLs ---------------------------------------------------

    def _feed(self, data: bytes, origin: str) -> Iterator[Item | Rejection]:
        from .feeds import feed_items  # feedparser: imported for feeds only

        for entry in feed_items(data, origin):
            if isinstance(entry, Rejection):
                yield entry
            elif self.follow_links and entry.url:
                yield from self._guard(entry.url, partial(self._linked_page, entry))
            elif not entry.content.strip():
                reason = "entry has no summary or content"
                if entry.url:
                    reason += " (follow_links fetches its page)"
                yield Rejection(entry.origin, reason, EmptyInput.code)
            else:
                yield entry

    def _linked_page(self, entry: Item) -> Iterator[Item]:
        assert entry.url is not None
        answer = fetch(entry.url, self.settings, self.transport)
        page = self._html_item(
            answer.body,
            entry.url,
            url=answer.url,
            http_charset=charset_from_header(answer.content_type),
        )
        meta = {**entry.meta, **page.meta, "html_fragment": False}
        yield Item(
            origin=entry.url,
            content=page.content,
            kind="html",
            title=entry.title,
            published=entry.published,
            outlet=entry.outlet,
            url=answer.url,
            author=entry.author,
            language=entry.language,
            meta=meta,
        )

    def _url(self, url: str) -> Iterator[Item | Rejection]:
        answer: Response = fetch(url, self.settings, self.transport)
        ctype = answer.content_type.split(";")[0].strip().lower()
        kind = sniff(answer.body[: limits.SNIFF_BYTES])
        if ctype in ("text/html", "application/xhtml+xml") and kind != "feed":
            kind = "html"
        elif any(part in ctype for part in _FEED_TYPES):
            kind = "feed"
        if kind == "feed":
            yield from self._feed(answer.body, url)
        elif kind == "html":
            charset = charset_from_header(answer.content_type)
            yield self._html_item(answer.body, url, url=answer.url, http_charset=charset)
        elif ctype.startswith("text/") or not ctype:
            check_not_binary(answer.body, url)
            item = self._text_item(answer.body, url)
            yield Item(origin=url, content=item.content, url=answer.url)
        else:
            raise UnsupportedInput(f"unsupported content type {ctype!r}", target=url)

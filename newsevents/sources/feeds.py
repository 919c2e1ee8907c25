"""RSS and Atom feeds: one Item per entry, read with feedparser.

feedparser is only ever given bytes, never a URL or a path: given a string
that looks like a URL it would fetch it itself, outside our transport, caps
and timeouts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import feedparser

from ..errors import EmptyInput, MalformedRecord, UnsupportedInput
from ..model import Item, Rejection
from . import limits
from .dates import normalise_date
from .tables import cut_title

log = logging.getLogger(__name__)


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()[: limits.MAX_FIELD_CHARS]
    return None


def _entry_html(entry: Any) -> str:
    """The entry's fullest HTML: the longest ``content`` part, else the summary."""
    parts: list[str] = []
    for part in entry.get("content") or []:
        value = part.get("value") if isinstance(part, dict) else None
        if isinstance(value, str) and value.strip():
            parts.append(value)
    if parts:
        return max(parts, key=len)
    summary = entry.get("summary")
    return summary if isinstance(summary, str) else ""


def _entry_date(entry: Any) -> str | None:
    # the raw string keeps the publisher's own calendar day; the *_parsed
    # values feedparser builds are converted to UTC, which can shift the day
    # dict.get, not entry.get: feedparser maps a missing "updated" to "published"
    # with a DeprecationWarning; the keys are read as parsed, each once
    for key in ("published", "updated", "created"):
        day = normalise_date(dict.get(entry, key))
        if day:
            return day
    for key in ("published_parsed", "updated_parsed"):
        parsed = dict.get(entry, key)
        if parsed:
            return normalise_date(f"{parsed[0]:04d}-{parsed[1]:02d}-{parsed[2]:02d}")
    return None


def parse_feed(data: bytes, origin: str) -> tuple[Any, list[Any]]:
    """The parsed feed and its entries; raises when the bytes are not a feed."""
    if not data.strip():
        raise EmptyInput("empty feed", target=origin)
    parsed = feedparser.parse(data)
    entries = list(parsed.entries)
    if not parsed.get("version") and not entries:
        if parsed.get("bozo"):
            problem = str(parsed.get("bozo_exception") or "syntax error").splitlines()[0]
            raise MalformedRecord(f"not an RSS/Atom feed: not XML ({problem})", target=origin)
        raise UnsupportedInput("not an RSS/Atom feed (no rss, feed or RDF root)", target=origin)
    return parsed, entries


def feed_items(data: bytes, origin: str) -> Iterator[Item | Rejection]:
    """Items for a feed's entries (HTML fragments; ``content`` may be empty).

    The caller decides what an entry without content becomes: the linked
    page when following links, else a Rejection.
    """
    parsed, entries = parse_feed(data, origin)
    feed_info = parsed.get("feed", {})
    outlet = _text(feed_info.get("title"))
    language = _text(feed_info.get("language"))
    if parsed.get("bozo") and entries:
        problem = str(parsed.get("bozo_exception") or "").splitlines()[:1]
        yield Rejection(
            origin,
            f"feed is not well-formed XML ({problem[0] if problem else 'unknown error'}); "
            f"{len(entries)} entries recovered",
            MalformedRecord.code,
        )
    for number, entry in enumerate(entries, start=1):
        entry_origin = f"{origin}#entry-{number}"
        if number > limits.MAX_FEED_ENTRIES:
            yield Rejection(
                entry_origin,
                f"stopped: more than {limits.MAX_FEED_ENTRIES:,} entries in one feed",
                MalformedRecord.code,
            )
            return
        link = _text(entry.get("link"))
        title = _text(entry.get("title"))
        item = Item(
            origin=entry_origin,
            content=_entry_html(entry),
            kind="html",
            title=cut_title(title) if title else None,
            published=_entry_date(entry),
            outlet=outlet,
            url=link,
            author=_text(entry.get("author")),
            language=language.split("-")[0].lower() if language else None,
            meta={"feed": origin, "guid": _text(entry.get("id")), "html_fragment": True},
        )
        yield item

"""Documents: an Item in, a clean Document out (or an InputError saying why not).

make_document   extraction (HTML), cleaning, metadata, id, language
extract_html    trafilatura main text and metadata of a page
clean_text      characters, whitespace, wrapped lines, boilerplate
content_hash    sha256 of the normalised text
document_id     the corpus id, else "doc-" + 16 hex digits of the hash
detect_language ISO 639-1, deterministic
DuplicateIndex  exact and near duplicates (MinHash LSH)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import EmptyInput, InputTooLarge, MalformedRecord, NotArticle
from ..model import Document, Item
from ..offsets import OffsetMap
from ..sources import limits
from ..sources.dates import normalise_date
from ..sources.tables import cut_title
from .clean import BoilerplateRules, clean_text, clean_text_mapped, load_rules
from .dateline import dateline_day, find_dateline
from .ids import content_hash, document_id
from .language import UNDETERMINED, detect_language

if TYPE_CHECKING:
    from .duplicates import DuplicateIndex
    from .extract import Extracted, extract_html

# Imported when first used: trafilatura (HTML only) and datasketch (near duplicates, which
# brings scipy) cost most of a second, which coding plain text or JSONL need not pay.
_LAZY = {"DuplicateIndex": "duplicates", "Extracted": "extract", "extract_html": "extract"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "BoilerplateRules",
    "DuplicateIndex",
    "Extracted",
    "clean_text",
    "content_hash",
    "detect_language",
    "document_id",
    "extract_html",
    "load_rules",
    "make_document",
]

# Texts at least this long get the detected language even when the source
# declared one: declarations (feed <language>, corpus fields) are often a
# site-wide default, while detection on a few hundred letters is reliable.
DETECTION_TRUSTED_CHARS = 200


def _language(text: str, declared: str | None) -> str:
    detected = detect_language(text)
    declared_code = declared.split("-")[0].strip().lower() if declared else ""
    if len(declared_code) != 2 or not declared_code.isalpha():
        declared_code = ""
    if detected != UNDETERMINED and (len(text) >= DETECTION_TRUSTED_CHARS or not declared_code):
        return detected
    return declared_code or detected


def _published(item: Item, extracted: Extracted | None, override: str | None) -> str | None:
    if override is not None:
        day = normalise_date(override)
        if day is None:
            raise MalformedRecord(f"published date {override!r} is not a date", target=item.origin)
        return day
    from_item = normalise_date(item.published)
    from_page = extracted.date if extracted else None
    # a WARC capture date only stands in when the page does not say when it was published
    if item.meta.get("published_is_capture_date") and from_page:
        return from_page
    return from_item or from_page


def make_document(
    item: Item, settings: Settings | None = None, *, published: str | None = None,
    language: bool = True,
) -> Document:
    """A clean Document from an Item; raises EmptyInput, NotArticle or InputTooLarge.

    ``published`` (any common date layout) overrides the item's own date.
    ``language=False`` leaves the language undetermined, for a document that is only
    looked up (the ingest's check for stored documents): detection is most of the cost.
    """
    settings = settings or Settings()
    rules = load_rules(tuple(settings.codebook.extra))
    max_chars = settings.nlp.max_chars
    extracted: Extracted | None = None
    offsets: OffsetMap | None = None
    if item.kind == "html":
        from .extract import extract_html, fragment_text

        if len(item.content) > limits.page_byte_cap(settings):
            raise InputTooLarge(
                f"page too large: {len(item.content):,} characters "
                f"(limit fetch.max_bytes={limits.page_byte_cap(settings):,})",
                target=item.origin,
            )
        if item.meta.get("html_fragment"):
            text, extraction = fragment_text(item.content, rules), "feed"
        else:
            extracted = extract_html(item.content, url=item.url, rules=rules)
            text, extraction = extracted.text, extracted.method
        if not text:
            raise NotArticle("no main text found in the page", target=item.origin)
    else:
        if len(item.content) > limits.BYTES_PER_CHAR * max_chars:
            # far over the limit: refuse before spending time cleaning it
            raise InputTooLarge(
                f"too large: {len(item.content):,} characters (limit nlp.max_chars={max_chars:,})",
                target=item.origin,
            )
        text, offsets = clean_text_mapped(item.content, rules)
        extraction = "text"
        if not text:
            reason = "no text left after cleaning" if item.content.strip() else "empty text"
            raise EmptyInput(reason, target=item.origin)
    if len(text) > max_chars:
        raise InputTooLarge(
            f"too large: {len(text):,} characters (limit nlp.max_chars={max_chars:,})",
            target=item.origin,
        )
    title = item.title or (extracted.title if extracted else None)
    return Document(
        id=document_id(item, text),
        text=text,
        title=cut_title(title) if title else None,
        published=_published(item, extracted, published) or dateline_day(find_dateline(text)),
        outlet=item.outlet or (extracted.outlet if extracted else None),
        url=item.url or (extracted.url if extracted else None),
        author=item.author or (extracted.author if extracted else None),
        language=_language(text, item.language) if language else UNDETERMINED,
        extraction=extraction,
        origin=item.origin,
        content_hash=content_hash(text),
        meta=dict(item.meta),
        # spans are given in the text as the user wrote it (see Document)
        original=item.content if offsets is not None and text != item.content else None,
        offsets=offsets if offsets is not None and text != item.content else None,
    )

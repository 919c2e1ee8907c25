"""Content hashes and document ids.

The hash is taken over the text with Unicode and whitespace normalised, so
the same article re-read from a file with other line breaks or trailing
spaces keeps its id: re-ingesting is harmless.
"""

from __future__ import annotations

import hashlib
import unicodedata

from ..model import Item

ID_PREFIX = "doc-"
ID_HEX_CHARS = 16  # 64 bits: collisions are negligible below billions of documents


def normalise_for_hash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """sha256 hex digest of the normalised text."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def document_id(item: Item, text: str) -> str:
    """The corpus id when the source gave one, else ``doc-`` + 16 hex digits of the hash."""
    if item.id is not None and item.id.strip():
        return item.id.strip()
    return ID_PREFIX + content_hash(text)[:ID_HEX_CHARS]

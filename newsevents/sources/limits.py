"""Input limits: how much of a hostile input is read before it is refused.

Every reader checks these before holding data in memory, so a huge file, an
endless line or a deeply nested record costs a Rejection, not the process.
They are constants rather than settings because raising them is a code
review, not a run-time choice; the document-size and network limits that
users do tune live in ``Settings`` (``nlp.max_chars``, ``fetch.max_bytes``).
docs/limits.md lists them all; keep the two in step.
"""

from __future__ import annotations

from ..config import Settings

# UTF-8 needs at most 4 bytes per character, so a text file larger than
# 4 * nlp.max_chars bytes cannot hold an acceptable document.
BYTES_PER_CHAR = 4

# A JSONL line or CSV row holds one article (capped by nlp.max_chars) plus its
# metadata; this much room is allowed for the metadata.
RECORD_META_BYTES = 1_000_000

# Records read from one corpus file (JSONL line or CSV row); the rest of the
# file is reported as one Rejection.
MAX_RECORDS_PER_FILE = 5_000_000

# Entries read from one RSS/Atom feed.
MAX_FEED_ENTRIES = 10_000

# Records read from one WARC archive (all record types count).
MAX_WARC_RECORDS = 1_000_000

# Files read from one directory or glob input.
MAX_FILES_PER_INPUT = 1_000_000

# Directory levels followed below a directory input (symlinks are not followed).
MAX_DIR_DEPTH = 32

# Nesting of lists/objects allowed in a record's ``meta`` (and anywhere in a
# JSONL line): deeper structures are malformed records.
MAX_NESTING = 16

# Longest title kept, in characters; longer titles are cut at a word boundary.
MAX_TITLE_CHARS = 1_000

# Longest short metadata field (id, url, outlet, author, date), in characters.
MAX_FIELD_CHARS = 2_000

# Bytes examined when sniffing what a file is and whether it is binary.
SNIFF_BYTES = 8_192

# A text whose sniffed sample has more than this share of control bytes
# (other than tab, newline, carriage return, form feed) is binary.
MAX_CONTROL_SHARE = 0.05


def text_byte_cap(settings: Settings) -> int:
    """Largest plain-text file read, in bytes."""
    return BYTES_PER_CHAR * settings.nlp.max_chars


def record_byte_cap(settings: Settings) -> int:
    """Longest JSONL line or CSV row read, in bytes."""
    return BYTES_PER_CHAR * settings.nlp.max_chars + RECORD_META_BYTES


def page_byte_cap(settings: Settings) -> int:
    """Largest HTML page, feed or WARC payload read, local or fetched."""
    return settings.fetch.max_bytes

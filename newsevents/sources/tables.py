"""Corpora: JSONL (one article per line) and CSV/TSV (one article per row).

Both carry the fields of /work/shared/corpus's record format: ``id``,
``text``, and optional ``title``, ``date``, ``source``, ``url``, ``meta``
(plus ``author`` and ``language``). ``column_map`` renames other keys onto
these (``{"body": "text", "headline": "title"}``); keys that are not fields
go into ``meta``. A bad line or row becomes a Rejection naming ``path:LINE``
and the file goes on.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from ..config import Settings
from ..errors import EmptyInput, EncodingError, MalformedRecord
from ..model import Item, Rejection
from ..safefiles import open_regular
from . import limits
from .dates import normalise_date
from .files import check_not_binary

log = logging.getLogger(__name__)

FIELDS = ("id", "text", "title", "date", "source", "url", "author", "language", "meta")
_OPTIONAL_TEXT = ("title", "date", "source", "url", "author", "language")


def _reject(origin: str, reason: str) -> Rejection:
    return Rejection(origin, reason, MalformedRecord.code)


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of lists and objects, stopping once past ``limit``."""
    if isinstance(value, Mapping):
        children = list(value.values())
    elif isinstance(value, list):
        children = value
    else:
        return 0
    deepest = 0
    for child in children:
        deepest = max(deepest, _depth(child, limit))
        if deepest > limit:
            break
    return deepest + 1


def cut_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= limits.MAX_TITLE_CHARS:
        return title
    return title[: limits.MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def record_to_item(
    record: Mapping[str, Any],
    origin: str,
    column_map: Mapping[str, str] | None = None,
) -> Item | Rejection:
    """An Item from one corpus record, or a Rejection saying which field is wrong."""
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in record.items():
        name = (column_map or {}).get(key, key)
        if name in FIELDS:
            if fields.get(name) is None:
                fields[name] = value
        else:
            extra[key] = value
    text = fields.get("text")
    if text is None:
        present = ", ".join(sorted(str(k) for k in record)[:12]) or "none"
        return _reject(origin, f"no text field (keys: {present})")
    if not isinstance(text, str):
        return _reject(origin, f"text must be a string, not {type(text).__name__}")
    if not text.strip():
        return Rejection(origin, "empty text", EmptyInput.code)
    raw_id = fields.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        return _reject(origin, f"id must be a string or integer, not {type(raw_id).__name__}")
    doc_id = str(raw_id).strip() if raw_id is not None else None
    for name in _OPTIONAL_TEXT:
        value = fields.get(name)
        if value is not None and not isinstance(value, str):
            return _reject(origin, f"{name} must be a string or null, not {type(value).__name__}")
        if isinstance(value, str) and name != "title" and len(value) > limits.MAX_FIELD_CHARS:
            return _reject(origin, f"{name} is longer than {limits.MAX_FIELD_CHARS} characters")
    if doc_id is not None and len(doc_id) > limits.MAX_FIELD_CHARS:
        return _reject(origin, f"id is longer than {limits.MAX_FIELD_CHARS} characters")
    meta = fields.get("meta")
    if meta is not None and not isinstance(meta, Mapping):
        return _reject(origin, f"meta must be an object or null, not {type(meta).__name__}")
    merged: dict[str, Any] = {**extra, **(meta or {})}
    if _depth(merged, limits.MAX_NESTING) > limits.MAX_NESTING:
        return _reject(origin, f"meta is nested deeper than {limits.MAX_NESTING} levels")
    raw_date = fields.get("date") or None
    published = normalise_date(raw_date)
    if raw_date and published is None:
        merged.setdefault("raw_date", raw_date)
    title = fields.get("title") or None

    def opt(name: str) -> str | None:
        value = fields.get(name)
        return value.strip() or None if isinstance(value, str) else None

    return Item(
        origin=origin,
        content=text,
        kind="text",
        id=doc_id or None,
        title=cut_title(title) if title else None,
        published=published,
        outlet=opt("source"),
        url=opt("url"),
        author=opt("author"),
        language=opt("language"),
        meta=merged,
    )


def _lines(handle: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line longer than ``cap``, which is skipped."""
    number = 0
    while True:
        line = handle.readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = handle.readline(1 << 20)
            yield number, None
            continue
        yield number, line


def read_jsonl(
    path: Path, settings: Settings, column_map: Mapping[str, str] | None
) -> Iterator[Item | Rejection]:
    cap = limits.record_byte_cap(settings)
    with open_regular(path) as handle:
        check_not_binary(handle.read(limits.SNIFF_BYTES), str(path))
        if handle.tell() == 0:
            raise EmptyInput("empty file", target=str(path))
        handle.seek(0)
        records = 0
        long_lines = 0
        for number, line in _lines(handle, cap):
            origin = f"{path}:{number}"
            if line is None:
                long_lines += 1
                yield _reject(origin, f"line longer than {cap:,} bytes")
                continue
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            records += 1
            if records > limits.MAX_RECORDS_PER_FILE:
                yield _reject(
                    origin,
                    f"stopped: more than {limits.MAX_RECORDS_PER_FILE:,} records in one file",
                )
                return
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Rejection(
                    origin,
                    f"not UTF-8: invalid byte 0x{line[exc.start]:02X} "
                    f"at offset {exc.start} of the line",
                    EncodingError.code,
                )
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                yield _reject(origin, f"bad JSON ({exc.msg}, column {exc.colno})")
                continue
            except RecursionError:
                yield _reject(origin, "bad JSON: nested too deeply")
                continue
            if not isinstance(record, dict):
                yield _reject(origin, f"a JSON object is needed, found {type(record).__name__}")
                continue
            yield record_to_item(record, origin, column_map)
        if not records and not long_lines:
            # otherwise the input would vanish without a word
            raise EmptyInput("file holds only blank lines", target=str(path))


def _raise_field_limit(cap: int) -> None:
    # csv's default field limit (128 KiB) is below an acceptable article; the
    # limit is process-wide, so it is only ever raised, never lowered.
    if csv.field_size_limit() < cap:
        csv.field_size_limit(cap)


def read_table(
    path: Path,
    settings: Settings,
    column_map: Mapping[str, str] | None,
    *,
    delimiter: str,
) -> Iterator[Item | Rejection]:
    cap = limits.record_byte_cap(settings)
    _raise_field_limit(cap)
    with open_regular(path) as raw:
        head = raw.read(limits.SNIFF_BYTES)
    if not head.strip():
        raise EmptyInput("empty file", target=str(path))
    check_not_binary(head, str(path))
    # surrogateescape keeps undecodable bytes as lone surrogates, so one bad
    # row is rejected instead of the rest of the file
    binary = open_regular(path)
    with io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape",
                          newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader)
        except (csv.Error, StopIteration) as exc:
            raise MalformedRecord(f"no header row: {exc}", target=str(path)) from exc
        names = [(column_map or {}).get(h.strip(), h.strip()) for h in header]
        if "text" not in names:
            shown = ", ".join(h.strip() for h in header[:12])
            raise MalformedRecord(
                f"missing column 'text' (columns: {shown})",
                target=str(path),
                hint="name the text column with column_map, e.g. {'body': 'text'}",
            )
        last_line = reader.line_num
        rows = 0
        broken = 0
        while True:
            start = last_line + 1
            try:
                row = next(reader)
            except StopIteration:
                if not rows and not broken:
                    # otherwise the input would vanish without a word
                    raise EmptyInput("no rows after the header", target=str(path)) from None
                return
            except csv.Error as exc:
                last_line = reader.line_num
                broken += 1
                yield _reject(f"{path}:{start}", f"broken row: {exc}")
                continue
            last_line = reader.line_num
            origin = f"{path}:{start}"
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > limits.MAX_RECORDS_PER_FILE:
                yield _reject(
                    origin, f"stopped: more than {limits.MAX_RECORDS_PER_FILE:,} rows in one file"
                )
                return
            if len(row) != len(names):
                yield _reject(origin, f"row has {len(row)} fields, the header has {len(names)}")
                continue
            if any(_has_surrogates(cell) for cell in row):
                yield Rejection(
                    origin, "not UTF-8: the row holds invalid bytes", EncodingError.code
                )
                continue
            yield _row_item(dict(zip(names, row, strict=True)), origin)


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _row_item(row: dict[str, str], origin: str) -> Item | Rejection:
    record: dict[str, Any] = {k: (v if v.strip() else None) for k, v in row.items()}
    raw_meta = record.get("meta")
    if raw_meta is not None:
        try:
            record["meta"] = json.loads(raw_meta)
        except (json.JSONDecodeError, RecursionError):
            return _reject(origin, "meta column is not valid JSON")
    if record.get("text") is None:
        return Rejection(origin, "empty text", EmptyInput.code)
    return record_to_item(record, origin)

"""Reading codebook TSV files: comments, header, column counts, and telling kinds apart.

Every codebook file is UTF-8, tab-separated, with ``#`` comment lines and one header row.
The header says what the file is, so a user's extra file needs no other declaration:
``term<TAB>agent<TAB>note`` is an agents file, ``name<TAB>aliases<TAB>...<TAB>kind`` an
actors file, and so on (``KINDS`` below lists them all).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..errors import CodebookError
from ..safefiles import MAX_DATA_FILE_BYTES, read_data_file

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = MAX_DATA_FILE_BYTES


@dataclass(frozen=True)
class Spec:
    """A file kind: its required columns, then optional trailing columns."""

    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


KINDS: tuple[Spec, ...] = (
    Spec("cameo", ("code", "name", "goldstein", "quad_class", "root", "level")),
    Spec("plover", ("type", "mode", "quad_class", "requires_recipient", "score")),
    Spec("cameo_plover", ("cameo", "type", "mode"), ("note",)),
    Spec("plover_legacy", ("legacy_type", "legacy_mode", "type", "mode")),
    Spec("acled", ("disorder_type", "event_type", "sub_event_type", "case2021_label")),
    Spec("acled_extra", ("label", "name"), ("first_subtask",)),
    Spec("cameo_acled", ("cameo", "event_type", "sub_event_type"), ("note",)),
    Spec("acled_events", ("label", "cameo", "source_agent", "source_name"), ("note",)),
    Spec(
        "countries",
        ("iso3", "iso2", "cameo", "name", "names", "adjectives", "demonyms", "capitals"),
    ),
    Spec("agent_codes", ("code", "name", "kind")),
    Spec("agents", ("term", "agent"), ("note",)),
    Spec("actors", ("name", "aliases", "country", "agent", "group", "code", "kind")),
    Spec("people", ("name", "aliases", "country", "agent", "role", "start", "end"), ("source",)),
)


@dataclass(frozen=True)
class Row:
    """One data row: where it came from and its cells by column name."""

    path: str
    line: int
    cells: dict[str, str]

    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def error(self, reason: str) -> CodebookError:
        return CodebookError(reason, target=self.where())


@dataclass(frozen=True)
class Table:
    path: str
    spec: Spec
    rows: tuple[Row, ...]


def _match_spec(columns: tuple[str, ...]) -> Spec | None:
    for spec in KINDS:
        n = len(spec.required)
        if columns[:n] == spec.required and columns[n:] == spec.optional[: len(columns) - n]:
            return spec
    return None


def read_table(path: Path, label: str | None = None) -> Table:
    """Read one codebook file; ``label`` is how errors name it (default: the path)."""
    name = label or str(path)
    text = read_data_file(path, name=name)
    if text.startswith("\ufeff"):
        text = text[1:]
    spec: Spec | None = None
    columns: tuple[str, ...] = ()
    rows: list[Row] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if spec is None:
            columns = tuple(c.strip() for c in cells)
            spec = _match_spec(columns)
            if spec is None:
                raise CodebookError(
                    f"unrecognised header {'|'.join(columns)!r}",
                    target=f"{name}:{lineno}",
                    hint="the header must name the columns of one codebook kind "
                    "(see newsevents/codebook/data for examples)",
                )
            continue
        need = len(spec.required)
        if not need <= len(cells) <= len(columns):
            raise CodebookError(
                f"wrong column count: {len(cells)} fields, expected {len(columns)}",
                target=f"{name}:{lineno}",
                hint="separate fields with one tab; lists inside a field use ';'",
            )
        values = {
            col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns)
        }
        rows.append(Row(name, lineno, values))
    if spec is None:
        raise CodebookError("no header row", target=name)
    return Table(name, spec, tuple(rows))


def split_list(value: str) -> tuple[str, ...]:
    """Split a ';'-separated cell, dropping empty items and duplicates, keeping order."""
    return tuple(dict.fromkeys(item.strip() for item in value.split(";") if item.strip()))

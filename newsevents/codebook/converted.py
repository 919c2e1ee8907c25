"""The converted PETRARCH verb patterns, loaded for the coder and switched on by family.

``petrarch.py`` writes ``data/patterns/petrarch/{synsets,verbs,patterns}.tsv`` from
PETRARCH2's CAMEO verb dictionary. ``families.yaml`` beside them says which families
are used: ``pattern-RR`` (patterns coding CAMEO root RR), ``verb-RR`` (a verb's own
code with nothing beside it) and ``no-event`` (patterns that say "no event"); a family not
listed there is off. A block can be switched off, and a pattern id off or on, whatever
its family, each with the reason.
A user file passed in ``codebook.extra`` may hold a ``petrarch:`` mapping of the same
shape, which overrides the bundled table.

Each converted pattern applies to every verb of its block; a multi-word verb
("call off", "take leave") gets the block's patterns with its own words added.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..datafiles import load_yaml
from ..errors import CodebookError
from .patterns import Pattern, PatternPool, VerbEntry

DATA = Path(__file__).parent / "data" / "patterns" / "petrarch"
_SLOTS = ("dobj", "iobj", "dative", "attr", "ccomp_subject", "subject")


@dataclass(frozen=True)
class Switches:
    """Which converted patterns are used (families.yaml, then the user's overrides)."""

    families: frozenset[str]
    blocks_off: frozenset[str]
    ids_off: frozenset[str]
    ids_on: frozenset[str]
    targets: tuple[str, ...]

    def allows(self, family: str, block: str, ident: str) -> bool:
        """A pattern switched on by its id, or one of a family switched on whose block
        and id are not switched off."""
        if ident in self.ids_on:
            return True
        return (
            family in self.families and block not in self.blocks_off and ident not in self.ids_off
        )


def _table(data: Any, origin: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise CodebookError("the petrarch table must be a mapping", target=origin)
    return data


def switches(extra: Sequence[str] = (), data: Path = DATA) -> Switches:
    origin = "patterns/petrarch/families.yaml"
    tables = [_table(load_yaml((data / "families.yaml").read_text("utf-8")), origin)]
    for path in extra:
        p = Path(path)
        if p.suffix not in (".yaml", ".yml"):
            continue
        try:
            data = load_yaml(p.read_text("utf-8"))
        except OSError as exc:
            raise CodebookError(f"cannot read pattern file: {exc}", target=str(p)) from exc
        if isinstance(data, dict) and "petrarch" in data:
            tables.append(_table(data["petrarch"], str(p)))
    on: dict[str, bool] = {}
    blocks: dict[str, bool] = {}
    ids: dict[str, bool] = {}
    targets: tuple[str, ...] = ()
    for table in tables:
        for name, entry in (table.get("families") or {}).items():
            on[str(name)] = bool((entry or {}).get("on", False))
        for name, entry in (table.get("blocks") or {}).items():
            blocks[str(name).upper()] = bool((entry or {}).get("on", False))
        for name, entry in (table.get("patterns") or {}).items():
            ids[str(name)] = bool((entry or {}).get("on", False))
        if table.get("targets"):
            targets = tuple(str(t) for t in table["targets"])
    for slot in targets:
        if slot not in _SLOTS and not slot.startswith("prep:"):
            raise CodebookError(f"unknown target slot '{slot}'", target=origin)
    return Switches(
        families=frozenset(k for k, v in on.items() if v),
        blocks_off=frozenset(k for k, v in blocks.items() if not v),
        ids_off=frozenset(k for k, v in ids.items() if not v),
        ids_on=frozenset(k for k, v in ids.items() if v),
        targets=targets,
    )


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """A generated TSV's rows as dicts (comment lines and the header row skipped)."""
    header: list[str] | None = None
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            yield dict(zip(header, cells, strict=False))


def _split(value: str) -> list[str]:
    return [v for v in value.split(";") if v]


class _Expander:
    """Phrases with synset references ("&military aid") -> the phrases they stand for."""

    def __init__(self, synsets: Mapping[str, Sequence[str]]):
        self._synsets = synsets
        self._seen: dict[str, frozenset[str]] = {}

    def __call__(self, phrase: str) -> frozenset[str]:
        if not phrase:
            return frozenset()
        found = self._seen.get(phrase)
        if found is None:
            words = phrase.split()
            missing = [w for w in words if w.startswith("&") and w[1:] not in self._synsets]
            if missing:
                # expanded to nothing, the pattern would lose its condition
                raise CodebookError(f"synset {missing[0]} is undefined", target="patterns/petrarch")
            options = [self._synsets[w[1:]] if w.startswith("&") else (w,) for w in words]
            found = frozenset(" ".join(p) for p in itertools.product(*options))
            self._seen[phrase] = found
        return found


def _pattern(
    row: dict[str, str], lemmas: frozenset[str], expand: _Expander, targets: tuple[str, ...]
) -> Pattern:
    preps = []
    marked: list[str] = []
    for item in _split(row["preps"]):
        prep, _, noun = item.partition("=")
        if noun.endswith(("+", "$")):
            if noun.endswith("+"):
                marked.append(f"prep:{prep}")
            noun = noun[:-1]
        preps.append((prep, expand(noun)))
    source_slot = None
    target = (*marked, *(t for t in targets if t not in marked))
    if row["passive"] == "1":
        # ":173" ("appeared before the court"): whoever the phrase names acts on the subject
        named = next((p for p, words in preps if words), None)
        source_slot = f"prep:{named}" if named else "dobj"
        target = ("subject",)
    return Pattern(
        id=row["id"],
        lemmas=lemmas,
        code=row["code"],
        pos="verb",
        target=target,
        reciprocal=row["reciprocal"] == "1",
        source_slot=source_slot,
        subject=expand(row["subject"]),
        object=expand(row["object"]),
        particles_all=frozenset(_split(row["particles"])),
        prep_objects=tuple(preps),
        family=row["family"],
        origin=f"CAMEO.2.0.txt line {row['line']} ({row['block']})",
    )


def _verb_pattern(r: dict[str, str], ident: str, expand: _Expander, sw: Switches) -> Pattern:
    """A verb's own code: "ASK [020]", "+CALL_OFF [160]"."""
    passive = r["passive"] == "1"  # ":110" ("X outraged Y"): the one acted on does it
    return Pattern(
        id=ident,
        lemmas=frozenset({r["verb"]}),
        code=r["code"],
        pos="verb",
        target=("subject",) if passive else sw.targets,
        source_slot="dobj" if passive else None,
        object=expand(r["object"]),
        particles_all=frozenset(_split(r["particles"])),
        family=r["family"],
        origin=f"CAMEO.2.0.txt line {r['line']} ({r['block']})",
    )


def load_converted(
    extra: Sequence[str] = (), data: Path = DATA
) -> dict[str, tuple[VerbEntry, ...]]:
    """The switched-on converted patterns, by verb lemma (``data``: the generated files'
    folder, with families.yaml)."""
    sw = switches(extra, data)
    synsets = {r["name"]: tuple(_split(r["words"])) for r in _rows(data / "synsets.tsv")}
    expand = _Expander(synsets)
    verbs = list(_rows(data / "verbs.tsv"))
    singles: dict[str, set[str]] = {}
    for r in verbs:
        if not r["particles"] and not r["object"]:
            singles.setdefault(r["block"], set()).add(r["verb"])
    by_block: dict[str, list[Pattern]] = {}
    ranks: dict[str, int] = {}
    for r in _rows(data / "patterns.tsv"):
        if sw.allows(r["family"], r["block"], r["id"]):
            lemmas = frozenset(singles.get(r["block"], ()))
            by_block.setdefault(r["block"], []).append(_pattern(r, lemmas, expand, sw.targets))
            ranks[r["id"]] = int(r["line"])  # a later line overrules an earlier one
    pools = {block: _pool(ps, ranks) for block, ps in by_block.items()}
    entries: dict[str, list[VerbEntry]] = {}
    own: dict[str, list[Pattern]] = {}
    for r in verbs:
        particles = frozenset(_split(r["particles"]))
        key = "_".join([r["verb"], *sorted(particles), *r["object"].split()])
        if r["block"] in pools:
            entries.setdefault(r["verb"], []).append(
                VerbEntry(pools[r["block"]], particles, expand(r["object"]))
            )
        ident = f"petrarch.{r['block'].lower()}.{key}"
        if r["code"] and sw.allows(r["family"], r["block"], ident):
            own.setdefault(r["verb"], []).append(_verb_pattern(r, ident, expand, sw))
    for lemma, ps in own.items():
        entries.setdefault(lemma, []).append(VerbEntry(_pool(ps, {})))
    return {lemma: tuple(es) for lemma, es in entries.items()}


def _key_words(p: Pattern) -> frozenset[str]:
    """The words a pattern is filed under: one of them must be in the clause."""
    if p.object:
        return p.object
    if p.subject:
        return p.subject
    return next((words for _, words in p.prep_objects if words), frozenset())


def _pool(patterns: Sequence[Pattern], ranks: Mapping[str, int]) -> PatternPool:
    keyed: dict[str, list[Pattern]] = {}
    open_: list[Pattern] = []
    for p in patterns:
        words = _key_words(p)
        if not words:
            open_.append(p)
        for w in words:
            keyed.setdefault(w, []).append(p)
    return PatternPool(
        keyed={w: tuple(ps) for w, ps in keyed.items()},
        open=tuple(open_),
        rank={p.id: ranks.get(p.id, 0) for p in patterns},
    )

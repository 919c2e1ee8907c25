"""Cleaning article text: characters, whitespace, wrapped lines, boilerplate.

The order matters. Characters are normalised first; the sign-off suffix is
removed while its telltale run of spaces is still there; hard-wrapped wire
copy is unwrapped while indentation still marks its paragraphs; then lines
are trimmed and boilerplate lines are removed from the edges of the text
(where comment widgets, share buttons and copyright lines sit), never from
inside a sentence. The rules are data (data/boilerplate.tsv), so users add
their own without touching code.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import CodebookError
from ..offsets import Builder, OffsetMap, Tracked
from ..safefiles import read_data_file

log = logging.getLogger(__name__)

KINDS = ("start", "end", "edge", "line", "marker", "suffix")
# Suffix rules are applied until nothing changes, at most this often.
MAX_SUFFIX_PASSES = 5
# Line rules never remove a line longer than this: boilerplate lines are short.
MAX_RULE_LINE = 200

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_DROP = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphen, zero-width marks
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAKS = re.compile("\r\n|[\r\f\u2028\u2029\x85]")
# Typical UTF-8-read-as-windows-1252 pairs: "â€™" for "’", "Ã©" for "é".
_MOJIBAKE = re.compile(
    "[ÂÃâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u2013-\u2122]"
)
_RUNS = re.compile(r"[ ]{2,}")
_TRAILING = re.compile(r"\s+\Z")
_EDGES = re.compile(r"\A\s+|\s+\Z")
_BLANK_RUNS = re.compile(r"\n{3,}")
_GAP_BEFORE_PUNCT = re.compile(r" +([,.;:])(?=\s|$)")
_SENTENCE_END = re.compile(r"""[.?!:;"'”’)\]]$""")


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: re.Pattern[str]
    note: str
    origin: str


@dataclass(frozen=True)
class BoilerplateRules:
    rules: tuple[Rule, ...]

    def of(self, *kinds: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind in kinds)

    def line_matches(self, line: str, *kinds: str) -> Rule | None:
        text = line.strip()
        if not text or len(text) > MAX_RULE_LINE:
            return None
        for rule in self.of(*kinds):
            if rule.pattern.fullmatch(text):
                return rule
        return None


def parse_rules(text: str, origin: str) -> list[Rule]:
    """Rules from a boilerplate TSV; CodebookError naming file:line for a bad row."""
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) < 2:
            raise CodebookError(
                "needs at least two tab-separated columns", target=f"{origin}:{number}"
            )
        kind, pattern = parts[0].strip(), parts[1]
        note = parts[2].strip() if len(parts) > 2 else ""
        if kind not in KINDS:
            raise CodebookError(
                f"unknown rule kind {kind!r}",
                target=f"{origin}:{number}",
                hint="one of " + ", ".join(KINDS),
            )
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise CodebookError(f"bad pattern: {exc}", target=f"{origin}:{number}") from exc
        rules.append(Rule(kind, compiled, note, f"{origin}:{number}"))
    return rules


@lru_cache(maxsize=8)
def load_rules(extra: tuple[str, ...] = ()) -> BoilerplateRules:
    """The bundled rules plus any ``*boilerplate*.tsv`` files among ``extra``."""
    bundled = resources.files(__package__).joinpath("data/boilerplate.tsv")
    rules = parse_rules(bundled.read_text(encoding="utf-8"), "boilerplate.tsv")
    for name in extra:
        path = Path(name)
        if "boilerplate" not in path.name or path.suffix.lower() != ".tsv":
            continue
        rules.extend(parse_rules(read_data_file(path, "boilerplate rules"), str(path)))
    return BoilerplateRules(tuple(rules))


def normalise_characters(text: str) -> str:
    """NFC; one kind of line break; odd spaces to spaces; control and invisible marks out."""
    tracked = Tracked(text)
    _normalise(tracked)
    return tracked.text


def _normalise(t: Tracked) -> None:
    t.sub(_LINE_BREAKS, "\n")
    # characters that are dropped go first: dropping one later could join the two halves
    # of a mojibake pair ("Â\x0b¡") and a second cleaning would then repair it
    t.sub(_DROP, "")
    t.sub(_CONTROL, "")
    _fix_mojibake(t)
    _nfc(t)
    t.sub(_DROP, "")
    t.sub(_SPACES, " ")
    t.sub(_CONTROL, "")


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as windows-1252, only when the whole text round-trips."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:  # not mojibake after all, or mixed: leave it alone
        return text


def _fix_mojibake(t: Tracked) -> None:
    fixed = fix_mojibake(t.text)
    if fixed == t.text:
        return
    # each decoded character came from as many windows-1252 characters as its UTF-8 bytes
    builder, position = Builder(t.text), 0
    for ch in fixed:
        width = len(ch.encode("utf-8"))
        builder.replace(position, position + width, ch)
        position += width
    t.apply(*builder.result())


def _nfc(t: Tracked) -> None:
    """NFC, mapped piece by piece: a base character and the marks after it compose
    together, and nothing composes across a line break."""
    if unicodedata.is_normalized("NFC", t.text):
        return
    builder, start = Builder(t.text), 0
    for line in t.text.split("\n"):
        end = start + len(line)
        if unicodedata.is_normalized("NFC", line):
            builder.copy(start, end)
        else:
            _nfc_line(builder, line, start)
        if end < len(t.text):
            builder.copy(end, end + 1)  # the line break
        start = end + 1
    t.apply(*builder.result())


def _nfc_line(builder: Builder, line: str, offset: int) -> None:
    pieces: list[tuple[int, int]] = []
    for i, ch in enumerate(line):
        if not pieces or unicodedata.combining(ch) == 0:
            pieces.append((i, i + 1))
        else:
            pieces[-1] = (pieces[-1][0], i + 1)
    composed = [unicodedata.normalize("NFC", line[a:b]) for a, b in pieces]
    whole = unicodedata.normalize("NFC", line)
    if "".join(composed) != whole:  # Hangul jamo and the like compose across pieces
        builder.replace(offset, offset + len(line), whole)
        return
    for (a, b), text in zip(pieces, composed, strict=True):
        builder.replace(offset + a, offset + b, text)


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (fixed-width wire copy) into paragraphs.

    Text counts as hard-wrapped when no line is longer than 100 characters,
    most lines fill the width and most do not end a sentence. A line joins
    the one before when that one reached the width (it was wrapped) and this
    one is not indented (indentation starts a paragraph in wire copy).
    """
    lines = text.split("\n")
    filled = [line.rstrip() for line in lines if line.strip()]
    if len(filled) < 4:
        return text
    width = max(len(line) for line in filled)
    if width > 100:
        return text
    threshold = 0.6 * width
    if sum(len(line) >= threshold for line in filled) < 0.5 * len(filled):
        return text
    # the last line always ends a sentence; the others mostly do not in wrapped prose
    if sum(bool(_SENTENCE_END.search(line)) for line in filled[:-1]) > 0.5 * (len(filled) - 1):
        return text
    out: list[str] = []
    previous = 0
    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            out.append("")
            previous = 0
            continue
        indented = line[:1] in (" ", "\t")
        if out and out[-1] and not indented and previous >= threshold:
            out[-1] += " " + stripped
        else:
            if indented and out and out[-1]:
                out.append("")  # indentation starts a paragraph
            out.append(stripped)
        previous = len(line)
    return "\n".join(out)


def _inside_sentence(before: str, after: str) -> bool:
    """Whether two lines are one sentence broken across lines: never cut between them."""
    return (
        bool(before.strip())
        and not _SENTENCE_END.search(before.rstrip())
        and (after.lstrip()[:1].islower())
    )


def _strip_edges(lines: list[str], keep: list[int], rules: BoilerplateRules) -> list[int]:
    """Of the kept line numbers, those left once boilerplate lines are cut from both edges."""
    kept = list(keep)
    while kept:
        last = lines[kept[-1]]
        if not last.strip():
            kept.pop()
            continue
        before = next((lines[i] for i in reversed(kept[:-1]) if lines[i].strip()), "")
        if _inside_sentence(before, last) or not rules.line_matches(last, "end", "edge"):
            break
        kept.pop()
    start = 0
    while start < len(kept):
        first = lines[kept[start]]
        if not first.strip():
            start += 1
            continue
        after = next((lines[i] for i in kept[start + 1 :] if lines[i].strip()), "")
        if _inside_sentence(first, after) or not rules.line_matches(first, "start", "edge"):
            break
        start += 1
    return kept[start:]


def _drop_lines(lines: list[str], rules: BoilerplateRules) -> list[int]:
    """Numbers of the lines kept once boilerplate lines inside the text are dropped."""
    kept: list[int] = []
    for index, line in enumerate(lines):
        if rules.line_matches(line, "line"):
            before = lines[kept[-1]] if kept else ""
            after = lines[index + 1] if index + 1 < len(lines) else ""
            if not (_inside_sentence(before, line) or _inside_sentence(line, after)):
                continue
        kept.append(index)
    return kept


def _trim_lines(text: str) -> str:
    return "\n".join(_RUNS.sub(" ", line).strip() for line in text.split("\n"))


def clean_text(text: str, rules: BoilerplateRules | None = None) -> str:
    """Normalised text without boilerplate; paragraphs separated by one blank line at most."""
    return clean_text_mapped(text, rules)[0]


def clean_text_mapped(
    text: str, rules: BoilerplateRules | None = None
) -> tuple[str, OffsetMap]:
    """``clean_text`` with the map from the clean text back to ``text``: each step
    records where its output came from, so a span in the clean text moves back onto
    the text as given, and nothing maps into removed boilerplate."""
    rules = rules or load_rules()
    t = Tracked(text)
    _normalise(t)
    for _ in range(MAX_SUFFIX_PASSES):  # sign-offs can repeat ("REUTER\nReuter")
        before = t.text
        for rule in rules.of("suffix"):
            t.sub(_TRAILING, "")
            t.sub(rule.pattern, "")
        if t.text == before:
            break
    markers = 0
    for rule in rules.of("marker"):
        markers += t.sub(rule.pattern, " ")
    t.respace(unwrap)
    t.respace(_trim_lines)
    lines = t.text.split("\n")
    kept = _strip_edges(lines, _drop_lines(lines, rules), rules)
    if len(kept) < len(lines):
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        t.keep([(starts[i], starts[i] + len(lines[i])) for i in kept], "\n")
    t.sub(_BLANK_RUNS, "\n\n")
    if markers:  # a marker removed before punctuation leaves "word ," behind
        t.sub(_GAP_BEFORE_PUNCT, r"\1")
    t.sub(_EDGES, "")
    return t.text, t.map


def strip_leading_title(text: str, title: str | None) -> str:
    """Drop a first line that only repeats the headline (extractors often keep the h1)."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if _fold(first) == _fold(title) and rest.strip():
        return rest.lstrip("\n")
    return text


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))

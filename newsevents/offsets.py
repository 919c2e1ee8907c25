"""Offset maps: where each character of a derived text came from in its source text.

Text changes shape on its way to the annotator: cleaning (documents/clean.py)
unwraps lines, trims and drops boilerplate; the sentence focus (nlp/focus.py)
annotates some sentences only. Each change yields an ``OffsetMap`` from the new
text back to the old; maps compose (``outer.compose(inner)``), so a document
carries one map back to the text its user gave, and spans are moved back once,
where records are written (``run.Coder``).

A map is a sequence of runs covering the derived text in order, each
``(dst_start, dst_end, src_start, src_end, copied)``: a copied run maps character
for character; any other run (a replacement: a line break and indentation
joined into one space, an inserted separator, a decoded character) takes its
characters from the whole source range. Removed text (boilerplate, a dropped
soft hyphen) has no run: nothing in the derived text comes from it, so no span
can point into it. No runs at all is the identity.

This module imports nothing from the package, so every step can use it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence

Run = tuple[int, int, int, int, bool]  # dst_start, dst_end, src_start, src_end, copied


class OffsetMap:
    """Positions in a derived text -> positions in its source text."""

    __slots__ = ("_starts", "runs")

    def __init__(self, runs: Iterable[Run] = ()):
        merged: list[Run] = []
        for run in runs:
            d0, d1, s0, s1, copied = run
            if d1 <= d0:
                continue  # nothing of the derived text comes from here
            if merged:
                p0, p1, q0, q1, pc = merged[-1]
                if copied and pc and p1 == d0 and q1 == s0:
                    merged[-1] = (p0, d1, q0, s1, True)
                    continue
            merged.append(run)
        self.runs: tuple[Run, ...] = tuple(merged)
        self._starts = [r[0] for r in self.runs]

    @property
    def identity(self) -> bool:
        return not self.runs

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OffsetMap) and self.runs == other.runs

    def __hash__(self) -> int:
        return hash(self.runs)

    def __repr__(self) -> str:
        return f"OffsetMap({len(self.runs)} runs)"

    def __reduce__(self) -> tuple[type[OffsetMap], tuple[tuple[Run, ...]]]:
        return (OffsetMap, (self.runs,))

    def _run(self, p: int) -> Run | None:
        i = bisect.bisect_right(self._starts, p) - 1
        if i < 0:
            return None
        run = self.runs[i]
        return run if p < run[1] else None

    def start(self, p: int) -> int:
        """Where the character at ``p`` (or a span starting there) begins in the source."""
        if not self.runs:
            return p
        run = self._run(p)
        if run is None:  # at or past the end: the end of the last character
            return self.end(p)
        d0, _, s0, _, copied = run
        return s0 + (p - d0) if copied else s0

    def end(self, p: int) -> int:
        """Where a span ending at ``p`` (exclusive) ends in the source."""
        if not self.runs or p <= 0:
            return p if not self.runs else self.runs[0][2]
        run = self._run(p - 1)
        if run is None:
            last = self.runs[-1]
            return last[3] + max(0, p - last[1])
        d0, _, s0, s1, copied = run
        return s0 + (p - d0) if copied else s1

    def span(self, span: tuple[int, int]) -> tuple[int, int]:
        start, end = span
        if not self.runs:
            return (start, end)
        s = self.start(start)
        return (s, max(s, self.end(end))) if end > start else (s, s)

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """The map from ``inner``'s derived text to this map's source text (inner maps
        into this map's derived text)."""
        if not inner.runs:
            return self
        if not self.runs:
            return inner
        out: list[Run] = []
        for d0, d1, s0, s1, copied in inner.runs:
            if not copied:
                a0 = self.start(s0)
                out.append((d0, d1, a0, max(a0, self.end(s1)) if s1 > s0 else a0, False))
                continue
            i = max(0, bisect.bisect_right(self._starts, s0) - 1)
            pos = s0
            while pos < s1 and i < len(self.runs):
                b0, b1, a0, a1, c = self.runs[i]
                if b1 <= pos:
                    i += 1
                    continue
                if b0 > pos:  # not covered by the outer map: past its end
                    break
                hi = min(s1, b1)
                dst = (d0 + (pos - s0), d0 + (hi - s0))
                if c:
                    out.append((*dst, a0 + (pos - b0), a0 + (hi - b0), True))
                else:
                    out.append((*dst, a0, a1, False))
                pos = hi
            if pos < s1:  # past the outer map's last run: beyond its text, keep the shift
                last = self.runs[-1]
                shift = last[3] - last[1]
                out.append((d0 + (pos - s0), d1, pos + shift, s1 + shift, True))
        return OffsetMap(out)


IDENTITY = OffsetMap()


class Builder:
    """Build a derived text from pieces of a source, recording where each came from."""

    __slots__ = ("_parts", "_runs", "_size", "source")

    def __init__(self, source: str):
        self.source = source
        self._parts: list[str] = []
        self._runs: list[Run] = []
        self._size = 0

    def copy(self, start: int, end: int) -> None:
        if end > start:
            self._parts.append(self.source[start:end])
            self._runs.append((self._size, self._size + end - start, start, end, True))
            self._size += end - start

    def replace(self, start: int, end: int, text: str) -> None:
        """``text`` in place of source[start:end] (an insertion when they are equal)."""
        if not text:
            return
        if text == self.source[start:end]:
            self.copy(start, end)
            return
        self._parts.append(text)
        self._runs.append((self._size, self._size + len(text), start, end, False))
        self._size += len(text)

    def result(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(self._runs)


Replacement = str | Callable[[re.Match[str]], str]


def substitute(
    pattern: re.Pattern[str], repl: Replacement, text: str, count: int = 0
) -> tuple[str, OffsetMap, int]:
    """``pattern.sub(repl, text)`` with the map back to ``text`` and the number of matches."""
    builder = Builder(text)
    position = n = 0
    for match in pattern.finditer(text):
        if count and n >= count:
            break
        n += 1
        builder.copy(position, match.start())
        new = repl(match) if callable(repl) else match.expand(repl)
        builder.replace(match.start(), match.end(), new)
        position = match.end()
    if not n:
        return text, IDENTITY, 0
    builder.copy(position, len(text))
    new_text, offsets = builder.result()
    return new_text, offsets, n


_CHUNK = re.compile(r"\S+")


def align_whitespace(source: str, derived: str) -> OffsetMap | None:
    """The map of a change that only respaced ``source`` (the same runs of non-space
    characters, in the same order); None when ``derived`` is not such a change."""
    a = [(m.start(), m.end()) for m in _CHUNK.finditer(source)]
    b = [(m.start(), m.end()) for m in _CHUNK.finditer(derived)]
    if len(a) != len(b):
        return None
    runs: list[Run] = []
    previous_a = previous_b = 0
    for (a0, a1), (b0, b1) in zip(a, b, strict=True):
        if a1 - a0 != b1 - b0 or source[a0:a1] != derived[b0:b1]:
            return None
        if b0 > previous_b:  # the space before this chunk, from the space before it there
            same = source[previous_a:a0] == derived[previous_b:b0]
            runs.append((previous_b, b0, previous_a, a0, same))
        runs.append((b0, b1, a0, a1, True))
        previous_a, previous_b = a1, b1
    if len(derived) > previous_b:
        same = source[previous_a:] == derived[previous_b:]
        runs.append((previous_b, len(derived), previous_a, len(source), same))
    return OffsetMap(runs)


class Tracked:
    """A text being changed step by step, with the map back to where it started."""

    __slots__ = ("map", "origin", "text")

    def __init__(self, text: str):
        self.origin = text
        self.text = text
        self.map = IDENTITY

    def apply(self, text: str, step: OffsetMap) -> None:
        """Take ``text``, made from the current text with ``step`` mapping it back."""
        if text != self.text or not step.identity:
            self.map = self.map.compose(step)
            self.text = text

    def sub(self, pattern: re.Pattern[str], repl: Replacement, count: int = 0) -> int:
        text, step, n = substitute(pattern, repl, self.text, count)
        if n:
            self.apply(text, step)
        return n

    def respace(self, change: Callable[[str], str]) -> None:
        """Apply a change that only moves, adds or removes spaces and line breaks."""
        text = change(self.text)
        if text == self.text:
            return
        step = align_whitespace(self.text, text)
        if step is None:
            raise ValueError("respace: the change did more than respace the text")
        self.apply(text, step)

    def keep(self, pieces: Sequence[tuple[int, int]], joiner: str) -> None:
        """Keep these [start, end) pieces of the text, joined by ``joiner``; a joiner maps
        to the text between the two pieces it joins (a line break it stands for)."""
        builder = Builder(self.text)
        previous: int | None = None
        for start, end in pieces:
            if previous is not None:
                gap = self.text[previous:start]
                at = gap.find(joiner)
                if at >= 0:
                    builder.copy(previous + at, previous + at + len(joiner))
                else:
                    builder.replace(previous, start, joiner)
            builder.copy(start, end)
            previous = end
        text, step = builder.result()
        self.apply(text, step)

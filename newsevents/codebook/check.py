"""Validate the bundled codebook files (and any given as arguments); print counts.

    python -m newsevents.codebook.check [EXTRA.tsv ...]

Exit status 0 when every file loads, 1 on the first error (printed with file:line).
Words that name more than one actor are reported as warnings: they load, but a matcher
can only give them one meaning.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

from ..errors import CodebookError, render
from .book import BUNDLED, Codebook, _load


def ambiguities(book: Codebook) -> list[str]:
    """Names and aliases shared by different organisations or groups, or by countries."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in (*book.organisations(), *book.groups()):
        for name in entry.names:
            owners[name.lower()].add(entry.id)
    warnings = [
        f"alias {name!r} is used by {', '.join(sorted(ids))}"
        for name, ids in sorted(owners.items())
        if len(ids) > 1
    ]
    words: dict[str, set[str]] = defaultdict(set)
    for country in book.countries():
        for word in (*country.names, *country.adjectives, *country.demonyms, *country.capitals):
            words[word.lower()].add(country.iso3)
    warnings += [
        f"country word {word!r} is used by {', '.join(sorted(isos))}"
        for word, isos in sorted(words.items())
        if len(isos) > 1
    ]
    return warnings


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    started = time.perf_counter()
    try:
        book = _load(tuple(args))
    except CodebookError as exc:
        print(render(exc), file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    counts = book.counts()
    width = max(len(name) for name in counts)
    for name in (*BUNDLED, *args):
        print(f"{name:<{width}}  {counts.get(name, 0):>6} rows")
    print(
        f"loaded {len(book.cameo_codes())} CAMEO codes, {len(book.plover_types())} PLOVER "
        f"types/modes, {len(book.acled_types())} ACLED/CASE types, {len(book.countries())} "
        f"countries, {len(book.agents())} agent terms, {len(book.organisations())} "
        f"organisations, {len(book.groups())} groups, {len(book.people())} person-roles "
        f"in {elapsed:.3f} s"
    )
    for warning in [*book.duplicates(), *ambiguities(book)]:
        print(f"warning: {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

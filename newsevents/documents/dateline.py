"""Datelines and bylines: where, when and by whom a story was filed.

"UNITED NATIONS, March 5 - Pakistan complained ...", "CALGARY, Alberta, March 12 -",
"WASHINGTON (Reuters) -", "SAN SALVADOR, 3 JAN 90 (EFE) -- [TEXT]": the head of the
story is metadata. It gives the story's place and date; it is never an actor (the UN
did not complain) nor an event ("March" is a month, not a protest march). The patterns
are data (data/datelines.yaml).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..datafiles import load_yaml


@dataclass(frozen=True, slots=True)
class Dateline:
    """The head of a story: ``end`` is the offset of the first character of the story;
    ``start`` that of the head itself, past a headline line above it."""

    place: str | None
    region: str | None
    date: str | None
    agency: str | None
    end: int
    byline: str | None = None
    start: int = 0

    def covers(self, offset: int) -> bool:
        """Whether a character offset of the text lies in the head."""
        return self.start <= offset < self.end


@dataclass(frozen=True)
class _Patterns:
    dateline: re.Pattern[str]
    headers: re.Pattern[str]
    byline: re.Pattern[str]
    note: re.Pattern[str]
    inline_byline: re.Pattern[str]
    months: frozenset[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    raw: dict[str, Any] = load_yaml(
        resources.files("newsevents.documents").joinpath("data/datelines.yaml").read_text("utf-8")
    )
    head = (
        r"^\s*(?:{place}(?:{region})?)?(?:{date})?(?:{agency})?{dash}".format(
            place=raw["place"],
            region=raw["region"],
            date=raw["date"],
            agency=raw["agency"],
            dash=raw["dash"],
        )
    )
    return _Patterns(
        dateline=re.compile(head),
        headers=re.compile(raw["headers"]),
        byline=re.compile(raw["byline"]),
        note=re.compile(raw["note"]),
        inline_byline=re.compile(raw["inline_byline"]),
        months=frozenset(str(m) for m in raw["months"]),
    )


def _is_date(text: str, months: frozenset[str]) -> bool:
    if text == "NO DATE":
        return True
    return any(w.lower().rstrip(".") in months for w in text.split())


# A headline on a line of its own above the dateline ("AUSTRALIA ACCUSES U.S. ...\n\n
# GENEVA, March 5 - ..."), as wire items saved with their titles have it.
_HEADLINE = re.compile(r"[^\n]{0,199}[^\s.!?][^\S\n]*\n\s*(?=\S)")


def find_dateline(text: str) -> Dateline | None:
    """The dateline (and byline before it) at the head of ``text``, or just below a
    headline line, or None."""
    found = _head(text)
    if found is not None:
        return found
    title = _HEADLINE.match(text)
    if title is None:
        return None
    below = _head(text[title.end():])
    if below is None or (below.place is None and below.date is None):
        return None  # a byline alone under a title is the story's first line, not a head
    skip = title.end()
    return Dateline(below.place, below.region, below.date, below.agency, skip + below.end,
                    below.byline, skip + below.start)


def _head(text: str) -> Dateline | None:
    p = _patterns()
    offset = 0
    author = None
    by = p.byline.match(text)
    if by is not None:
        author = by.group("author")
        offset = by.end()
    rest = text[offset:]  # "^" anchors at the string's start, never at a position
    m = p.dateline.match(rest)
    if m is not None and not _plausible(m, p.months):
        m = None
    if m is None and author is None:
        # "(Corrects paragraph 7 ...) By Bernie Woodall (Reuters) - ...": a note and an
        # inline byline before the dateline
        skip = 0
        note = p.note.match(text)
        if note is not None:
            skip = note.end()
        inline = p.inline_byline.match(text, skip)
        if inline is not None:
            author, skip = inline.group("author"), inline.end()
        if skip:
            later = p.dateline.match(text[skip:])
            if later is not None and _plausible(later, p.months):
                offset, rest, m = skip, text[skip:], later
            else:
                author = None
    if m is None:
        if author is None:
            return None
        return Dateline(None, None, None, None, offset, author)
    headers = p.headers.match(rest, m.end())
    end = offset + (headers.end() if headers is not None else m.end())
    return Dateline(
        m.group("place"), m.group("region"), m.group("date"), m.group("agency"), end, author
    )


def _plausible(m: re.Match[str], months: frozenset[str]) -> bool:
    """A date that names a month, an agency, or a place in capitals: an ordinary first
    sentence with a dash ("Japan - the world's ...") is no dateline."""
    place, date, agency = m.group("place"), m.group("date"), m.group("agency")
    if date is not None and not _is_date(date, months):
        return False
    return bool(place or agency) and bool(date or agency or _capitals(place))


def _capitals(place: str | None) -> bool:
    """An all-capital place ("UNITED NATIONS", "SAN SALVADOR"): a dateline by its form."""
    if not place:
        return False
    letters = [c for c in place if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def dateline_day(found: Dateline | None) -> str | None:
    """YYYY-MM-DD of a dateline that gives its year ("3 JAN 90", "March 5, 1987"), else
    None: a story with no date of its own is dated where it was filed."""
    if found is None or not found.date:
        return None
    words = found.date.replace(",", " ").replace(".", " ").split()
    numbers = [w for w in words if w.isdigit()]
    months = [w.lower()[:3] for w in words if not w.isdigit()]
    if len(numbers) != 2 or len(months) != 1 or months[0] not in _MONTHS:
        return None
    day, year = (int(numbers[0]), int(numbers[1]))
    if day > 31:
        day, year = year, day
    if year < 100:
        year += 1900 if year >= 50 else 2000  # wire datelines of the last century: "3 JAN 90"
    try:
        return dt.date(year, _MONTHS.index(months[0]) + 1, day).isoformat()
    except ValueError:
        return None


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

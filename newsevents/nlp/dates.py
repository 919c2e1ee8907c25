"""Dates: find date expressions and resolve them against the publication date.

"on Tuesday" in a story published on Wednesday 23 January 2019 is
2019-01-22 (day); "last month" is 2018-12 (month); "since July" is 2018-07
(month, relation "since"); "in 2001" is 2001 (year, background). Word lists
come from data/dates.yaml.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..datafiles import load_yaml
from ..sources.dates import MAX_YEAR, MIN_YEAR
from .records import DateMention


@dataclass(frozen=True)
class DateWords:
    months: dict[str, int]
    weekdays: dict[str, int]
    day_words: dict[str, int]
    units: dict[str, str]
    modifiers: dict[str, int]
    not_dates: frozenset[str]
    relations: dict[str, str]
    numbers: dict[str, int]
    future: frozenset[str]


@lru_cache(maxsize=1)
def words() -> DateWords:
    raw: dict[str, Any] = load_yaml(
        resources.files("newsevents.nlp").joinpath("data/dates.yaml").read_text("utf-8")
    )
    return DateWords(
        months={str(k): int(v) for k, v in raw["months"].items()},
        weekdays={str(k): int(v) for k, v in raw["weekdays"].items()},
        day_words={str(k): int(v) for k, v in raw["day_words"].items()},
        units={str(k): str(v) for k, v in raw["units"].items()},
        modifiers={str(k): int(v) for k, v in raw["relative_modifiers"].items()},
        not_dates=frozenset(raw["not_dates"]),
        relations={str(k): str(v) for k, v in raw["relations"].items()},
        numbers={str(k): int(v) for k, v in raw["number_words"].items()},
        future=frozenset(raw["future_markers"]),
    )


_WORD = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}s\b|\d+(?:st|nd|rd|th)?|'\d{2}|[a-z]+", re.I)


@dataclass(frozen=True)
class Resolved:
    value: str
    precision: str


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _year_of(token: str) -> int | None:
    digits = token.lstrip("'")
    if not digits.isdigit():
        return None
    if len(digits) == 4 and 1800 <= int(digits) <= 2100:
        return int(digits)
    if len(digits) == 2 and (token.startswith("'") or True):
        value = int(digits)
        return 1900 + value if value >= 30 else 2000 + value
    return None


def _day_of(token: str) -> int | None:
    digits = re.sub(r"(st|nd|rd|th)$", "", token)
    if digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= 31:
        return int(digits)
    return None


_VALUE = re.compile(r"(\d{4})(?:-\d{2}){0,2}")


def resolve(text: str, published: date | None, *, future: bool = False) -> Resolved | None:
    """Resolve one date expression, or None when it is not a datable point.

    Only years MIN_YEAR..MAX_YEAR are datable, as for publication dates:
    "100000000 days ago" in hostile text must not fail its document.
    """
    try:
        found = _resolve(text, published, future)
    except (OverflowError, ValueError):  # an offset beyond what a date can hold
        return None
    if found is None:
        return None
    match = _VALUE.fullmatch(found.value)
    if match is None or not MIN_YEAR <= int(match[1]) <= MAX_YEAR:
        return None
    return found


def _resolve(text: str, published: date | None, future: bool) -> Resolved | None:
    w = words()
    tokens = [t.lower().rstrip(".") for t in _WORD.findall(text)]
    if not tokens or any(t in w.not_dates for t in tokens):
        return None
    if any(re.fullmatch(r"\d{4}s", t) for t in tokens):
        return None  # a decade == a period, not a point
    for t in tokens:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            try:
                return Resolved(date.fromisoformat(t).isoformat(), "day")
            except ValueError:
                return None

    month_pos = next((i for i, t in enumerate(tokens) if t in w.months), None)
    if month_pos is not None and not (tokens[month_pos] == "may" and len(tokens) == 1):
        return _with_month(tokens, month_pos, published, future)

    years = [y for y in (_year_of(t) for t in tokens if len(t.lstrip("'")) == 4) if y]
    if years and not any(t in w.weekdays for t in tokens):
        return Resolved(f"{years[0]:04d}", "year")

    if published is None:
        return None

    for t in tokens:
        if t in w.day_words:
            return Resolved((published + timedelta(days=w.day_words[t])).isoformat(), "day")

    weekday = next((w.weekdays[t] for t in tokens if t in w.weekdays), None)
    if weekday is not None:
        if "next" in tokens:
            future = True
        if "last" in tokens and len(tokens) > 1:
            future = False
        if future:
            delta = (weekday - published.weekday()) % 7 or 7
            return Resolved((published + timedelta(days=delta)).isoformat(), "day")
        delta = (published.weekday() - weekday) % 7
        return Resolved((published - timedelta(days=delta)).isoformat(), "day")

    return _relative(tokens, published)


def _with_month(
    tokens: list[str], pos: int, published: date | None, future: bool
) -> Resolved | None:
    w = words()
    month = w.months[tokens[pos]]
    day = None
    year = None
    neighbours = tokens[max(0, pos - 1) : pos] + tokens[pos + 1 : pos + 3]
    for t in neighbours:
        if day is None and _day_of(t) is not None and len(t.rstrip("stndrh")) <= 2:
            day = _day_of(t)
            continue
        if year is None and (_y := _year_of(t)) is not None and (len(t) == 4 or "'" in t or day):
            year = _y
    if year is None:
        if published is None:
            return None
        year = published.year
        candidate = date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))
        if future and candidate < published - timedelta(days=7):
            year += 1
        elif not future and candidate > published + timedelta(days=7):
            year -= 1
    if day is not None:
        try:
            return Resolved(date(year, month, day).isoformat(), "day")
        except ValueError:
            return None
    return Resolved(f"{year:04d}-{month:02d}", "month")


def _relative(tokens: list[str], published: date) -> Resolved | None:
    w = words()
    unit_pos = next((i for i, t in enumerate(tokens) if t in w.units), None)
    if unit_pos is None:
        return None
    unit = w.units[tokens[unit_pos]]
    if "ago" in tokens[unit_pos:]:
        count = 1
        for t in tokens[:unit_pos]:
            if t.isdigit():
                count = int(t)
            elif t in w.numbers:
                count = w.numbers[t]
        return _offset(published, unit, -count, exact=unit in ("day", "week"))
    shift = next((w.modifiers[t] for t in tokens[:unit_pos] if t in w.modifiers), None)
    if shift is None:
        return None
    return _offset(published, unit, shift, exact=False)


def _offset(published: date, unit: str, n: int, *, exact: bool) -> Resolved:
    if unit == "day":
        return Resolved((published + timedelta(days=n)).isoformat(), "day")
    if unit == "week":
        start = published - timedelta(days=published.weekday()) + timedelta(weeks=n)
        if exact:
            return Resolved((published + timedelta(weeks=n)).isoformat(), "week")
        return Resolved(start.isoformat(), "week")
    if unit == "month":
        y, m = _shift_month(published.year, published.month, n)
        return Resolved(f"{y:04d}-{m:02d}", "month")
    return Resolved(f"{published.year + n:04d}", "year")


def _is_future(span: Span) -> bool:
    """Whether the clause the date sits in points forward ("will meet on Friday")."""
    w = words()
    verb: Token = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    for child in verb.children:
        if child.lower_ in w.future or child.lemma_ in w.future:
            return True
    return verb.lemma_ in w.future


def _relation(span: Span) -> str:
    head = span.root.head
    w = words()
    if head.dep_ == "prep" or head.pos_ == "ADP" or head.tag_ == "IN":
        return w.relations.get(head.lower_, "on")
    first = span.doc[span.start - 1] if span.start > 0 else None
    if first is not None and first.lower_ in w.relations:
        return w.relations[first.lower_]
    return "on"


def find_dates(doc: Doc, published: str | None) -> list[DateMention]:
    """Date mentions in a parsed doc, resolved against ``published`` (YYYY-MM-DD)."""
    pub = date.fromisoformat(published) if published else None
    w = words()
    spans: list[Span] = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    # a month inside another entity ("the September 11 attacks") is not a date of its own
    covered = {i for e in doc.ents for i in range(e.start, e.end)}
    # NER misses bare weekday and month names often enough to look for them too.
    for token in doc:
        if token.i in covered:
            continue
        low = token.lower_.rstrip(".")
        if (low in w.weekdays and len(low) > 3) or (low in w.months and token.is_title):
            if low == "may" and token.tag_ == "MD":
                continue
            spans.append(doc[token.i : token.i + 1])
    out = []
    for span in sorted(spans, key=lambda s: s.start):
        resolved = resolve(span.text, pub, future=_is_future(span))
        if resolved is None:
            continue
        past = False
        if pub is not None:
            past = int(resolved.value[:4]) < pub.year - 1
        out.append(
            DateMention(
                start=span.start,
                end=span.end,
                text=span.text,
                value=resolved.value,
                precision=resolved.precision,
                relation=_relation(span),
                past=past,
            )
        )
    return out

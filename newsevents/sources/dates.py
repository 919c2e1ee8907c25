"""Publication dates as ISO ``YYYY-MM-DD``, from whatever a source writes.

Sources write dates many ways: ISO timestamps (``2019-01-03T07:00:02.000Z``),
RFC 822 feed dates (``Tue, 22 Jan 2019 10:00:00 GMT``), WARC dates, corpus
dates (``December 31, 2017``, ``26-FEB-1987 15:01:01.79``). The date kept is
the calendar day as written by the publisher, not converted to UTC: a story
dated 23:00 in New York was published that day there.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_tz

# Years outside this range are typos or placeholders (0001-01-01), not news.
MIN_YEAR = 1800
MAX_YEAR = 2100

_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_]|\b)")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")
# strptime formats tried on the part of the string before any time of day
_FORMATS = (
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d-%B-%Y",
    "%d %b %y",
    "%A, %B %d, %Y",
    "%A %d %B %Y",
    "%a, %d %b %Y",
    "%d/%m/%Y",
)
_TIME_TAIL = re.compile(r"[\sT,]+\d{1,2}:\d{2}.*$")


def _valid(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def normalise_date(value: object) -> str | None:
    """``YYYY-MM-DD`` for a date in any common layout; None when unknown or invalid.

    Ambiguous numeric layouts (``03/04/2019``) are read day first only when
    the first number cannot be a month; US month-first is not guessed.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, date):
        return _valid(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    match = _ISO.match(text) or _COMPACT.match(text)
    if match:
        return _valid(int(match[1]), int(match[2]), int(match[3]))
    parsed = parsedate_tz(text)
    if parsed is not None and parsed[0] > 0:
        return _valid(parsed[0], parsed[1], parsed[2])
    head = _TIME_TAIL.sub("", text).strip().rstrip(",")
    head = re.sub(r"\s+", " ", head)
    for fmt in _FORMATS:
        try:
            moment = datetime.strptime(head, fmt)
        except ValueError:
            continue
        if fmt == "%d/%m/%Y" and moment.day <= 12:
            return None  # could be month-first; do not guess
        return _valid(moment.year, moment.month, moment.day)
    return None

"""Publication-date normalisation, and docs/limits.md staying complete."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from newsevents.sources import limits
from newsevents.sources.dates import normalise_date

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-01-23", "2019-01-23"),
        ("2019-01-03T07:00:02.000Z", "2019-01-03"),
        ("1987-02-26T15:01:01", "1987-02-26"),
        ("2019/4/28 06:01:07", "2019-04-28"),
        ("20190123", "2019-01-23"),
        ("Tue, 22 Jan 2019 23:30:00 -0500", "2019-01-22"),  # the publisher's day, not UTC's
        ("December 31, 2017 ", "2017-12-31"),
        ("Dec. 31, 2017", "2017-12-31"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),
        ("3 January 2019", "2019-01-03"),
        ("Wednesday, January 23, 2019", "2019-01-23"),
        ("25/12/2018", "2018-12-25"),
        ("03/04/2019", None),  # day-month or month-day: not guessed
        ("2019-02-30", None),
        ("0001-01-01", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20190123, None),
        (date(2020, 5, 1), "2020-05-01"),
        (datetime(2020, 5, 1, 23, 59), "2020-05-01"),
    ],
)
def test_normalise_date(raw, expected):
    assert normalise_date(raw) == expected


def test_every_limit_constant_is_documented():
    text = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    names = [n for n in vars(limits) if n.isupper()]
    assert len(names) >= 10
    missing = [n for n in names if f"`{n}`" not in text]
    assert not missing, f"document these in docs/limits.md: {missing}"
    for func in ("text_byte_cap", "record_byte_cap", "page_byte_cap"):
        assert f"`{func}`" in text

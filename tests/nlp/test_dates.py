"""Date expressions from news copy, resolved against a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from newsevents.nlp.dates import find_dates, resolve

PUB = date(2019, 1, 23)  # a Wednesday

CASES = [
    ("on Tuesday", "2019-01-22", "day"),
    ("Wednesday", "2019-01-23", "day"),
    ("Monday", "2019-01-21", "day"),
    ("yesterday", "2019-01-22", "day"),
    ("today", "2019-01-23", "day"),
    ("last month", "2018-12", "month"),
    ("earlier this month", "2019-01", "month"),
    ("last year", "2018", "year"),
    ("since July", "2018-07", "month"),
    ("in 2001", "2001", "year"),
    ("January 22, 2019", "2019-01-22", "day"),
    ("22 Jan", "2019-01-22", "day"),
    ("Jan. 22", "2019-01-22", "day"),
    ("December 30", "2018-12-30", "day"),
    ("3 JAN 90", "1990-01-03", "day"),
    ("March 1989", "1989-03", "month"),
    ("2019-01-20", "2019-01-20", "day"),
    ("two weeks ago", "2019-01-09", "week"),
    ("last week", "2019-01-14", "week"),
]


@pytest.mark.parametrize(("text", "value", "precision"), CASES)
def test_resolves_news_dates(text: str, value: str, precision: str) -> None:
    got = resolve(text, PUB)
    assert got is not None, text
    assert (got.value, got.precision) == (value, precision)


@pytest.mark.parametrize("text", ["17-year-old", "two days", "the 1990s", "a decade-long war"])
def test_durations_and_ages_are_not_dates(text: str) -> None:
    assert resolve(text, PUB) is None


def test_future_weekday_points_forward() -> None:
    got = resolve("Friday", PUB, future=True)
    assert got is not None and got.value == "2019-01-25"


def test_absolute_dates_need_no_publication_date() -> None:
    got = resolve("January 22, 2019", None)
    assert got is not None and got.value == "2019-01-22"
    assert resolve("on Tuesday", None) is None


def test_find_dates_in_a_parsed_sentence(bare_nlp) -> None:
    doc = bare_nlp("The Taliban claimed an attack on Tuesday after talks since July, launched in 2001.")
    found = {d.text: (d.value, d.relation, d.past) for d in find_dates(doc, "2019-01-23")}
    assert found["Tuesday"] == ("2019-01-22", "on", False)
    assert found["July"][0:2] == ("2018-07", "since")
    assert found["2001"] == ("2001", "on", True)


def test_month_inside_another_entity_is_not_a_date(bare_nlp) -> None:
    doc = bare_nlp("The war began after the September 11 attacks.")
    assert all(d.value != "2018-09" for d in find_dates(doc, "2019-01-23"))

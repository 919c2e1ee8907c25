"""Parsers of small hostile strings: dates, event dates, figures, query filters."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from newsevents.errors import QueryError
from newsevents.nlp.counts import parse_figure
from newsevents.nlp.dates import resolve
from newsevents.query import EventFilter, count_events, query_events
from newsevents.query.filters import where
from newsevents.sources import normalise_date
from newsevents.sources.dates import MAX_YEAR, MIN_YEAR
from newsevents.store import Store
from tests.store.factories import synthetic_batch

from .conftest import fuzz, within

IN_RANGE = st.dates(date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31))
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DATE_WORDS = st.sampled_from(
    ["today", "yesterday", "tomorrow", "Monday", "last", "next", "week", "month", "year",
     "ago", "days", "weeks", "years", "months", "in", "on", "the", "'99", "2019", "1066", "31st",
     "May", "may", "Sept.", "2019-13-45", "2019-02-29", "1990s", "-", "of", "early", "late",
     "100000000000", "99999999", "0", "-5", "two", "dozen", "hundred", *MONTHS])
DATE_TEXT = st.lists(DATE_WORDS, min_size=1, max_size=6).map(" ".join) | st.text(max_size=40)


# --- publication dates ------------------------------------------------------------


@fuzz(500)
@given(value=st.one_of(st.text(max_size=120), st.integers(), st.floats(), st.none(),
                       st.dates(), st.datetimes(), st.binary(max_size=20),
                       st.lists(st.text(max_size=5), max_size=2)))
def test_normalise_date_gives_an_iso_day_in_range_or_none(value):
    out = normalise_date(value)
    if out is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", out)
        day = date.fromisoformat(out)
        assert MIN_YEAR <= day.year <= MAX_YEAR


@fuzz(300)
@given(day=IN_RANGE, hour=st.times(), layout=st.sampled_from(
    ["iso", "iso-time", "rfc822", "long", "short", "dmy-text", "compact"]))
def test_normalise_date_reads_each_layout_back_to_its_day(day, hour, layout):
    moment = datetime.combine(day, hour, tzinfo=UTC)
    text = {
        "iso": day.isoformat(),
        "iso-time": moment.isoformat(),
        "rfc822": format_datetime(moment),
        "long": f"{MONTHS[day.month - 1]} {day.day}, {day.year}",
        "short": f"{MONTHS[day.month - 1][:3]} {day.day} {day.year}",
        "dmy-text": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
        "compact": day.strftime("%Y%m%d") if day.year >= 1000 else day.isoformat(),
    }[layout]
    assert normalise_date(text) == day.isoformat(), text


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2019-02-30", "03/04/2019",
                                   "1799-12-31", "2101-01-01", "x" * 10_000, "\x00", ""])
def test_normalise_date_refuses_impossible_or_ambiguous_days(value):
    assert normalise_date(value) is None


# --- event dates -----------------------------------------------------------------


@fuzz(500)
@given(text=DATE_TEXT, published=st.one_of(st.none(), IN_RANGE), future=st.booleans())
def test_resolve_gives_a_value_matching_its_precision_or_none(text, published, future):
    with within(what="resolve"):
        out = resolve(text, published, future=future)
    if out is None:
        return
    pattern = {"day": r"\d{4}-\d{2}-\d{2}", "week": r"\d{4}-\d{2}-\d{2}",
               "month": r"\d{4}-\d{2}", "year": r"\d{4}"}[out.precision]
    assert re.fullmatch(pattern, out.value), out
    assert MIN_YEAR <= int(out.value[:4]) <= MAX_YEAR, out
    if out.precision in ("day", "week"):
        date.fromisoformat(out.value)


@fuzz(200)
@given(day=IN_RANGE, published=st.one_of(st.none(), IN_RANGE),
       layout=st.sampled_from(["dmy", "mdy", "iso"]))
def test_resolve_reads_a_written_day_exactly(day, published, layout):
    month = MONTHS[day.month - 1]
    text = {"dmy": f"{day.day} {month} {day.year}", "mdy": f"{month} {day.day}, {day.year}",
            "iso": day.isoformat()}[layout]
    out = resolve(text, published)
    assert out is not None and (out.value, out.precision) == (day.isoformat(), "day"), text


@pytest.mark.parametrize("text", ["100000000000 days ago", "99999999 weeks ago",
                                  "9999999999999 years ago", "10000 months ago"])
def test_relative_dates_beyond_the_calendar_are_not_dates(text):
    # found by this suite: these raised OverflowError, failing the whole document,
    # or gave years such as -9999999997980
    assert resolve(text, date(2019, 1, 23)) is None


# --- figures --------------------------------------------------------------------

FIGURE_WORDS = st.sampled_from(
    ["at least", "about", "some", "nearly", "more than", "up to", "between", "and", "to", "or",
     "dozens", "hundreds", "of", "people", "million", "billion", "thousand", "1,5", "1.5",
     "65", "9" * 400, "1e309", "nan", "inf", "-3", "two", "twenty-one", "a", ",", "-"])
FIGURE_TEXT = st.lists(FIGURE_WORDS, min_size=1, max_size=6).map(" ".join) | st.text(max_size=40)


@fuzz(500)
@given(text=FIGURE_TEXT)
def test_parse_figure_gives_finite_ordered_figures_or_none(text):
    with within(what="parse_figure"):
        out = parse_figure(text)
    if out is None:
        return
    for value in (out.min, out.max):
        assert value is None or (math.isfinite(value) and value >= 0), out
    if out.min is not None and out.max is not None:
        assert out.min <= out.max, out
    assert out.min is not None or out.max is not None


@fuzz(200)
@given(n=st.integers(0, 10**12), m=st.integers(0, 10**12),
       qualifier=st.sampled_from(["", "at least ", "more than "]))
def test_parse_figure_reads_written_numbers(n, m, qualifier):
    single = parse_figure(f"{qualifier}{n:,}")
    assert single is not None and single.min == n
    low, high = sorted((n, m))
    ranged = parse_figure(f"between {low} and {high}")
    assert ranged is not None and (ranged.min, ranged.max) == (low, high)


def test_a_four_hundred_digit_figure_is_not_infinity():
    # found by this suite: float("9" * 400) is inf, stored as "Infinity", which is not JSON
    assert parse_figure("9" * 400 + " people") is None


# --- query filters --------------------------------------------------------------

FIELDS = ["actor", "source_country", "target_country", "country", "dyad", "dyad_ordered",
          "cameo", "cameo_root", "plover", "acled_event_type", "acled_sub_event_type",
          "quad_class", "date_from", "date_to", "place", "near", "outlet", "modality",
          "doc_id", "text", "limit", "offset"]
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["AFG", "usa", "USA,TAL", "USA;TAL", "USA,", "19", "190", "20", "21", "00",
                     "ASSAULT", "Battles", "2019", "2019-01", "2019-13", "2019-01-32", "1,2,3",
                     "34.5,69.1,50", "91,0,1", "0,0,0", "nan,0,1", "true", "asserted", "1e3",
                     "' OR 1=1 --", "%", "_", "\x00", "1000", "1001", "-1", "10000001", " "]),
    st.integers(-5, 5000).map(str), st.none(),
)
PARAMS = st.dictionaries(st.sampled_from([*FIELDS, "bogus", "limit ", "Actor"]), VALUES,
                         max_size=6)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz-query") / "store.duckdb"
    with Store.open(path) as opened:
        opened.write(synthetic_batch(0, 30))
    return path


@fuzz(400)
@given(params=PARAMS)
def test_event_filter_from_any_parameters_is_valid_or_names_the_bad_one(params):
    try:
        flt = EventFilter.from_params(params)
    except QueryError as exc:
        assert exc.target in params, (exc.target, params)
        assert exc.message.strip()
        return
    sql, values = where(flt)
    assert sql.count("?") == len(values)
    # the SQL text depends on which criteria are set, never on their values
    for value in params.values():
        if isinstance(value, str) and len(value.strip()) >= 3 and not value.strip().isalpha():
            assert value.strip() not in sql, (value, sql)


@fuzz(120)
@given(params=PARAMS)
def test_every_valid_filter_runs_against_a_real_store(store, params):
    try:
        flt = EventFilter.from_params(params)
    except QueryError:
        assume(False)
        return
    with within(what="query_events"):
        page = query_events(store, flt.page(1000, 0))
        total = count_events(store, flt)
    assert len(page) == total  # 30 documents: one page holds every match
    assert len({e["event_id"] for e in page}) == len(page)


def test_sql_injection_text_is_a_value(store):
    flt = EventFilter(text="' OR 1=1 --", actor="'; DROP TABLE events; --")
    assert count_events(store, flt) == 0
    assert count_events(store, EventFilter()) > 0  # nothing was dropped


"""CSV-like exports never hand a spreadsheet a formula from article text (issue 16, item 7).

A cell starting with = + - @ (or a tab or carriage return) is a formula to
Excel and LibreOffice: an article saying =HYPERLINK("http://evil.example",...)
became a live link in the analyst's sheet. Such cells now get a leading ',
unless the export is asked for raw cells.
"""

from __future__ import annotations

import csv

import pytest

from newsevents.model import Actor, Location
from newsevents.query import export
from newsevents.store import Store
from tests.store.factories import KABUL, coded, make_doc, make_event

FORMULA = '=HYPERLINK("http://evil.example","click")'
SOURCE = Actor(name="@SUM(1+1)*cmd|' /C calc'!A0", text="the group", country="AFG",
               agent="REB", code="AFGREB", kind="group")
WEST = Location(name="+Kabul West", admin1="13", country="AFG", lat=-34.53, lon=-69.17,
                geonameid=1138958, feature="city", text="Kabul West")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("formulas") / "f.duckdb"
    doc = make_doc("formula", outlet="-2+3+cmd.example", published="2019-02-11")
    event = make_event("formula", source=SOURCE, target=None, cameo="18", location=WEST,
                       day="2019-02-10", evidence=FORMULA)
    quiet = make_doc("quiet", outlet="tolonews.com", published="2019-02-11")
    plain = make_event("quiet", cameo="18", location=KABUL, day="2019-02-09",
                       evidence="- Police said the attack was repelled.")
    with Store.open(path) as store:
        store.write([coded(doc, [event]), coded(quiet, [plain])])
    return path


def _cells(path, delimiter=","):
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle, delimiter=delimiter) for cell in row]


def _live(cells):
    """Cells a spreadsheet would read as a formula (numbers and lone signs are not)."""
    return [c for c in cells if len(c) > 1 and c[0] in "=+-@\t\r"
            and not c.lstrip("+-").replace(".", "", 1).isdigit()]


@pytest.mark.parametrize("fmt,delimiter", [("csv", ","), ("acled", ","), ("gdelt", "\t")])
def test_csv_like_exports_neutralise_formulas(hostile_store, tmp_path, fmt, delimiter):
    out = tmp_path / f"e.{fmt}"
    export(hostile_store, None, fmt, out)
    cells = _cells(out, delimiter)
    assert _live(cells) == []
    if fmt != "gdelt":  # gdelt has no evidence column
        assert "'" + FORMULA in cells
        assert "'- Police said the attack was repelled." in cells
    assert "'" + SOURCE.name in cells or f"'{SOURCE.name} (Afghanistan)" in cells
    # numbers stay numbers: the negative coordinates are not quoted
    assert "-34.53" in cells and "-69.17" in cells


def test_raw_cells_are_kept_for_programs(hostile_store, tmp_path):
    out = tmp_path / "raw.csv"
    export(hostile_store, None, "csv", out, spreadsheet_safe=False)
    cells = _cells(out)
    assert FORMULA in cells and "'" + FORMULA not in cells

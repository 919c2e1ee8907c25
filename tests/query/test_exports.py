"""Each export read back with its format's own reader."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from newsevents.errors import QueryError
from newsevents.query import ACLED_COLUMNS, FORMATS, GDELT_COLUMNS, EventFilter, export
from newsevents.query.exports import FLAT_COLUMNS

from .conftest import LABELS


def test_gdelt_tsv_has_61_columns_in_order(qstore, tmp_path):
    out = tmp_path / "events.tsv"
    n = export(qstore, None, "gdelt", out)
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[26:35] == ("EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources",
                                    "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert n == len(rows) == len(LABELS)
    assert all(len(r) == 61 for r in rows)
    records = [dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows]
    wardak = next(r for r in records if r["EventRootCode"] == "18")
    assert wardak["Day"] == "20190122" and wardak["MonthYear"] == "201901"
    assert wardak["FractionDate"] == f"{2019 + (1 * 30 + 22) / 365:.4f}"
    assert (wardak["NumMentions"], wardak["NumSources"], wardak["NumArticles"]) == ("3", "3", "3")
    assert wardak["Actor1KnownGroupCode"] == "TAL"
    assert wardak["Actor1CountryCode"] == "AFG" and wardak["Actor2Type1Code"] == "SPY"
    assert wardak["QuadClass"] == "4" and wardak["GoldsteinScale"] == "-9"
    assert wardak["ActionGeo_Type"] == "5"  # a first-order region outside the US
    assert wardak["ActionGeo_CountryCode"] == "AFG"
    assert wardak["ActionGeo_ADM1Code"] == "AFG40"
    assert wardak["ActionGeo_FeatureID"] == "1120985"
    assert wardak["IsRootEvent"] == "1"
    assert len(wardak["DATEADDED"]) == 14 and wardak["SOURCEURL"].startswith("https://")
    assert int(wardak["GlobalEventID"]) > 0
    ny = next(r for r in records if r["EventCode"] == "042")
    assert ny["ActionGeo_Type"] == "3" and ny["IsRootEvent"] == "0"
    assert ny["SOURCEURL"] == "https://nyt.example/x"
    trade = next(r for r in records if r["EventCode"] == "057")
    assert trade["ActionGeo_Type"] == "" and trade["Day"] == "20190301"
    protest = next(r for r in records if r["EventCode"] == "145")
    assert "\x1b" not in "\t".join(protest.values())


def test_plover_json(qstore, tmp_path):
    out = tmp_path / "events.json"
    assert export(qstore, EventFilter(plover="CONSULT"), "plover", out) == 2
    records = json.loads(out.read_text(encoding="utf-8"))
    assert len(records) == 2
    for rec in records:
        assert {"event_id", "story_date", "event_date", "actor", "recipient", "event_type",
                "mode", "context", "event_text", "event_loc", "plover_version"} <= set(rec)
        assert rec["event_type"] == "CONSULT"
        assert isinstance(rec["actor"], list) and rec["actor"][0]["country"]
    doha = next(r for r in records if r["event_loc"] and r["event_loc"]["name"] == "Doha")
    assert doha["story_date"] == "2019-01-23" and doha["num_articles"] == 2


def test_acled_csv(qstore, tmp_path):
    out = tmp_path / "acled.csv"
    n = export(qstore, None, "acled", out)
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == list(ACLED_COLUMNS)
    # only events with an ACLED type: the attack, the protest, the arrest
    assert n == len(frame) == 3
    attack = frame[frame["event_type"] == "Violence against civilians"].iloc[0]
    assert attack["fatalities"] == 65
    assert attack["disorder_type"] == "Political violence"
    assert attack["country"] == "Afghanistan" and int(attack["iso"]) == 4
    assert attack["admin1"] == "Wardak" and attack["geo_precision"] == 3
    assert attack["inter1"] == 2 and attack["inter2"] == 1 and attack["interaction"] == 12
    assert set(attack["source"].split("; ")) == {"aljazeera.com", "bbc.co.uk", "reuters.com"}
    protest = frame[frame["event_type"] == "Protests"].iloc[0]
    assert protest["inter1"] == 6 and protest["disorder_type"] == "Demonstrations"
    assert protest["event_id_cnty"].startswith("AFG")


def test_csv_and_parquet_have_the_flat_columns(qstore, tmp_path):
    n_csv = export(qstore, None, "csv", tmp_path / "e.csv")
    frame = pd.read_csv(tmp_path / "e.csv")
    assert list(frame.columns) == list(FLAT_COLUMNS)
    assert "data" not in frame.columns
    n_pq = export(qstore, None, "parquet", tmp_path / "e.parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.column_names == list(FLAT_COLUMNS)
    assert n_csv == n_pq == len(frame) == table.num_rows == len(LABELS)
    wardak = table.to_pandas().set_index("cameo_root").loc["18"]
    assert wardak["fatalities"] == 65 and wardak["num_sources"] == 3


def test_jsonl(qstore, tmp_path):
    out = tmp_path / "e.jsonl"
    n = export(qstore, EventFilter(country="AFG"), "jsonl", out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(lines) == 5  # the Taliban are AFG too
    for event in lines:
        assert {"event_id", "reports", "num_mentions", "counts", "day", "date_added"} <= set(event)


def test_max_rows_and_errors(qstore, tmp_path):
    assert export(qstore, None, "jsonl", tmp_path / "two.jsonl", max_rows=2) == 2
    with pytest.raises(QueryError) as info:
        export(qstore, None, "xml", tmp_path / "x.xml")
    assert info.value.target == "format"
    assert set(FORMATS) == {"gdelt", "plover", "acled", "csv", "parquet", "jsonl"}


def test_failed_export_leaves_no_file(qstore, tmp_path, monkeypatch):
    out = tmp_path / "events.tsv"

    def broken(row):
        raise RuntimeError("boom")

    monkeypatch.setattr("newsevents.query.exports.gdelt_row", broken)
    with pytest.raises(RuntimeError):
        export(qstore, None, "gdelt", out)
    assert list(tmp_path.iterdir()) == []

"""newsevents query / series / export, invoked through click's CliRunner."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from newsevents.commands.store_cmds import COMMANDS
from newsevents.errors import QueryError

query, series, export = COMMANDS
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _run(command, args):
    return CliRunner().invoke(command, [str(a) for a in args], catch_exceptions=True)


def test_names_and_examples():
    assert [c.name for c in COMMANDS] == ["query", "series", "export"]
    for command in COMMANDS:
        assert "Example: newsevents " + command.name in (command.help or "")


def test_query_table_strips_control_characters(qstore):
    result = _run(query, ["--db", qstore, "--place", "kabul"])
    assert result.exit_code == 0, result.output
    assert "Protesters" in result.stdout and "Police arrested" in result.stdout
    assert not _CONTROL.search(result.stdout.replace("\n", ""))
    assert "2 event(s)" in result.stderr


def test_query_json_and_filters(qstore):
    result = _run(query, ["--db", qstore, "--format", "json", "--dyad", "USA,TAL", "--ordered"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert {e["cameo"] for e in events} == {"04", "042"}
    result = _run(query, ["--db", qstore, "--format", "jsonl", "--since", "2019-02",
                          "--limit", "1"])
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["day"] >= "2019-02-01"


def test_query_rejects_bad_options(qstore):
    result = _run(query, ["--db", qstore, "--limit", "5000"])
    assert result.exit_code != 0
    assert isinstance(result.exception, QueryError)
    assert result.exception.target == "limit"
    result = _run(query, ["--db", qstore, "--near", "100,0,5"])
    assert isinstance(result.exception, QueryError) and result.exception.target == "near"


def test_series_command(qstore):
    result = _run(series, ["--db", qstore, "--by", "month", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["events"] for r in rows] == [4, 1, 1]
    table = _run(series, ["--db", qstore, "--by", "week", "--group", "dyad", "--country", "AFG"])
    assert table.exit_code == 0 and "TAL-AFGSPY" in table.stdout


@pytest.mark.parametrize("fmt", ["gdelt", "plover", "acled", "csv", "parquet", "jsonl"])
def test_export_command(qstore, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    result = _run(export, [fmt, out, "--db", qstore, "--cameo-root", "18"])
    assert result.exit_code == 0, result.output
    assert out.is_file() and out.stat().st_size > 0
    assert "wrote 1 event(s)" in result.stderr


def test_default_db_comes_from_settings(qstore, tmp_path):
    result = _run(query, ["--set", f"store.path={qstore}", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 6
    missing = _run(query, ["--db", tmp_path / "none.duckdb"])
    assert missing.exit_code != 0 and "no store here" in str(missing.exception)

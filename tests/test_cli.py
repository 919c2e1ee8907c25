"""The command line on good and bad input: one clear line per bad input, the rest coded,
and an exit status that tells partial from total failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, shared_path

ARTICLE = (
    "Chinese President Xi Jinping met French President Emmanuel Macron in Paris on Monday.\n"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsevents.cli", *args],
        capture_output=True, text=True, cwd=cwd or REPO, timeout=600,
    )


@pytest.fixture()
def inputs(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 64)
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Le ministre fran\xe7ais a rencontr\xe9 son homologue.".encode("latin-1"))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": ARTICLE, "date": "2024-05-06"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "b", "text": ARTICLE, "date": "2024-05-06"}) + "\n",
        encoding="utf-8",
    )
    return {"good": good, "empty": empty, "binary": binary, "latin": latin, "corpus": corpus}


def test_good_input_codes_and_exits_zero(inputs):
    result = run("code", str(inputs["good"]), "--published", "2024-05-06")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(e["cameo_root"] == "04" for e in events)
    assert {e["source"]["country"] for e in events} <= {"CHN", "FRA"}


def test_bad_inputs_each_get_one_line_and_the_rest_is_coded(inputs, tmp_path):
    out = tmp_path / "events.jsonl"
    result = run(
        "code", str(inputs["good"]), str(inputs["empty"]), str(inputs["binary"]),
        str(inputs["latin"]), str(tmp_path / "missing.txt"), str(inputs["corpus"]),
        "--published", "2024-05-06", "--events-out", str(out),
    )
    assert result.returncode == 1, result.stderr
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected")]
    assert len(rejected) == 5, result.stderr
    for name in ("empty.txt", "binary.txt", "latin1.txt", "missing.txt", "corpus.jsonl:2"):
        assert sum(name in line for line in rejected) == 1, (name, rejected)
    assert "coded 3 document(s)" in result.stderr
    assert out.read_text(encoding="utf-8").count("\n") >= 3


def test_nothing_usable_exits_two(inputs, tmp_path):
    result = run("code", str(inputs["empty"]), str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    assert sum(line.startswith("rejected") for line in result.stderr.splitlines()) == 2


def test_table_output_is_readable(inputs):
    result = run("code", str(inputs["good"]), "--published", "2024-05-06", "--format", "table")
    assert result.returncode == 0
    assert "evidence" in result.stdout and "Macron" in result.stdout


def test_unknown_setting_is_one_clear_error(inputs):
    result = run("code", str(inputs["good"]), "--set", "nlp.modle=x")
    assert result.returncode == 2
    assert "[EV100]" in result.stderr and "nlp.modle" in result.stderr


def test_explain_says_why(inputs):
    result = run("explain", "--text", "Officials said the weather was fine.")
    assert result.returncode == 0
    assert "no verb or noun here is in the pattern files" in result.stdout


def test_eval_prints_the_seed_figures():
    gold = shared_path("examples", "seed", "gold.json")
    result = run("eval", str(gold))
    assert result.returncode == 0, result.stderr
    assert "recall    1.000 (9/9 required events)" in result.stdout


def test_the_command_table_names_each_command_where_it_is_defined():
    import importlib

    from newsevents.cli import COMMAND_MODULES, cli

    found = {}
    for module in set(COMMAND_MODULES.values()):
        for command in importlib.import_module(f"newsevents.commands.{module}").COMMANDS:
            found[command.name] = module
    assert found == COMMAND_MODULES
    assert sorted(cli.commands) == sorted(COMMAND_MODULES)


def test_code_imports_neither_the_store_nor_the_api_nor_html_tools():
    probe = (
        "import sys, click\n"
        "from newsevents.cli import cli\n"
        "cli.get_command(click.Context(cli), 'code')\n"
        "heavy = ('newsevents.store', 'newsevents.api', 'newsevents.web', 'dask', 'datasketch',\n"
        "         'trafilatura', 'pandas', 'pyarrow', 'duckdb', 'fastapi', 'scipy')\n"
        "print([m for m in sys.modules if m.startswith(heavy)])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

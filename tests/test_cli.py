"""The command line on good and bad input: one clear line per bad input, the rest coded,
and an exit status that tells partial from total failure."""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, shared_path
from tests.special import FifoReader, device_or_none, fifo

ARTICLE = (
    "Chinese President Xi Jinping met French President Emmanuel Macron in Paris on Monday.\n"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # "python -m newsevents", as a user without the console script on PATH runs it
    return subprocess.run(
        [sys.executable, "-m", "newsevents", *args],
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


@pytest.mark.timeout(300)
def test_special_files_neither_hang_nor_get_replaced(tmp_path):
    """Issue 16, items 1-3 as reported: a FIFO among the inputs hung the batch, a glob
    over an ``a -> .`` link coded one file 41 times, and --events-out replaced a link
    (and a FIFO, and as root a device node) with a regular file, exiting 0."""
    folder = tmp_path / "d"
    folder.mkdir()
    fifo(folder / "f.txt")
    (folder / "ok.txt").write_text("Rebels attacked an army base.\n", encoding="utf-8")
    looped = tmp_path / "g"
    looped.mkdir()
    (looped / "two.txt").write_text(
        "Taliban fighters attacked a police checkpoint in Kandahar on Monday.\n",
        encoding="utf-8")
    os.symlink(".", looped / "a")
    (tmp_path / "target.jsonl").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to("target.jsonl")
    places = FifoReader(fifo(tmp_path / "places.fifo"), seconds=240)
    null = device_or_none(tmp_path / "null")  # root only: a stand-in for /dev/null
    quotes = str(null) if null else "quotes.jsonl"
    result = run("code", "d", "g/**/*.txt", "--published", "2024-05-06",
                 "--events-out", "link.jsonl", "--places-out", "places.fifo",
                 "--quotes-out", quotes, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected")]
    assert rejected == ["rejected [EV210] d/f.txt: is a FIFO, not a regular file"]
    assert "coded 2 document(s)" in result.stderr  # d/ok.txt, and g/two.txt once
    assert (tmp_path / "link.jsonl").is_symlink()
    events = [json.loads(line) for line in
              (tmp_path / "target.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["doc_id"] for e in events} and len({e["doc_id"] for e in events}) <= 2
    assert any("Kandahar" in line for line in places.data().decode("utf-8").splitlines())
    assert stat.S_ISFIFO(os.lstat(tmp_path / "places.fifo").st_mode)
    if null:
        assert stat.S_ISCHR(os.lstat(null).st_mode)


def run_bounded(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``run`` with a minute and 3 GB: a settings error comes before any work, and a reader
    without a cap (/dev/zero) ends in a MemoryError, not the machine's memory."""
    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    return subprocess.run([sys.executable, "-m", "newsevents.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60, preexec_fn=limit_memory)


@pytest.mark.timeout(120)
def test_settings_files_that_are_special_are_one_error_each(inputs, tmp_path):
    """Issue 16, item 4: --config FIFO hung, --set codebook.extra=/dev/zero read until
    the kernel killed the process."""
    pipe = fifo(tmp_path / "settings.toml")
    result = run_bounded("code", str(inputs["good"]), "--config", str(pipe), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"[EV100] {pipe}: cannot read config file: is a FIFO, not a regular file")
    result = run_bounded("code", str(inputs["good"]), "--set", "codebook.extra=/dev/zero",
                         cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "[EV400] /dev/zero: cannot read codebook file: is a character device, not a regular file")


@pytest.mark.timeout(120)
def test_numbers_out_of_range_are_one_error_not_a_traceback(inputs, tmp_path):
    """Issue 16, item 5: a 30-digit nlp.max_chars printed an OverflowError traceback, and
    zero or negative limits were taken, then rejected every document."""
    for setting, shown in (("nlp.max_chars=999999999999999999999999999999",
                            "must be between 1 and 50,000,000, not 999999999999999999999999"),
                           ("nlp.max_chars=-1", "must be between 1 and 50,000,000, not -1")):
        # the other keys and values (fetch.max_bytes=-5, fetch.timeout=nan, ...) are checked
        # in-process by tests/test_settings.py
        result = run_bounded("code", str(inputs["good"]), "--set", setting, cwd=tmp_path)
        assert result.returncode == 2, (setting, result.stderr)
        assert "Traceback" not in result.stderr
        [line] = result.stderr.splitlines()
        key = setting.split("=")[0]
        assert line.startswith(f"[EV100] {key}: {shown}"), line


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

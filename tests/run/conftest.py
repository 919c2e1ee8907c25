"""A small real sample from ../shared/corpus, and ways to run ``newsevents ingest``."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import corpus_lines

# Runs the CLI's own main (error rendering and exit status included).
CLI_SCRIPT = "import sys\nfrom newsevents import cli\ncli.main(sys.argv[1:])\n"


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real articles: 6 Reuters politics, 3 BBC politics, 3 MUC, and one reprint.

    The reprint is the first Reuters article under another id and outlet, so
    the run must store it as a duplicate without coding it.
    """
    isot = corpus_lines("reuters_politics_2017_isot_subset.jsonl", 6)
    bbc = corpus_lines("bbc_news_2004_2005.jsonl", 3,
                 lambda r: dict(r.get("meta") or {}).get("category") == "politics")
    muc = corpus_lines("muc34_latin_america_conflict_1988_1990.jsonl", 3)
    reprint = json.loads(isot[0])
    reprint.update(id="reprint-of-isot-0", source="Daily Reprint")
    folder = tmp_path_factory.mktemp("sample")
    path = folder / "sample.jsonl"
    path.write_text("\n".join([*isot, *bbc, *muc, json.dumps(reprint)]) + "\n", encoding="utf-8")
    return path


SAMPLE_DOCUMENTS = 13


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory, sample: Path) -> list[Path]:
    """An empty file, a binary file, a Latin-1 file and a JSONL file with a broken line."""
    folder = tmp_path_factory.mktemp("bad")
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    binary = folder / "binary.txt"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    latin = folder / "latin1.txt"
    latin.write_bytes(
        "Le ministre a d\u00e9clar\u00e9 que les pourparlers reprendront.".encode("latin-1")
    )
    broken = folder / "broken.jsonl"
    good = corpus_lines("muc34_latin_america_conflict_1988_1990.jsonl", 4)[3]  # not in the sample
    broken.write_text('{"id": "cut", "text": "no closing quote\n' + good + "\n", encoding="utf-8")
    return [empty, binary, latin, broken]


@pytest.fixture
def newsevents(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the CLI in this process: (exit status, stdout, stderr)."""
    from newsevents import cli

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        with pytest.raises(SystemExit) as stop:
            cli.main([str(a) for a in args])
        out = capsys.readouterr()
        code = stop.value.code
        return (code if isinstance(code, int) else 0), out.out, out.err

    return run


def spawn(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """``newsevents ingest ...`` in a child process."""
    return subprocess.Popen(
        [sys.executable, "-c", CLI_SCRIPT, "ingest", *map(str, args)],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )

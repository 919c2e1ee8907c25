"""The docs cannot drift from the code: every command and every setting is documented."""

from __future__ import annotations

import subprocess
import sys

from newsevents.cli import cli
from newsevents.config import all_keys
from tests.conftest import REPO


def test_cli_reference_is_current():
    generated = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "cli_docs.py")],
        capture_output=True, text=True, check=True, cwd=REPO,
    ).stdout
    current = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert generated == current, "docs/cli.md is out of date: run `make docs`"


def test_every_command_has_an_example():
    for name, command in cli.commands.items():
        assert "Example:" in (command.help or ""), name


def test_every_setting_is_documented():
    text = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [key for key in all_keys() if f"`{key}`" not in text]
    assert not missing, missing


def test_readme_names_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme

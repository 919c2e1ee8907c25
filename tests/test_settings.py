"""Settings files and values (issue 16, items 4 and 5).

``--set codebook.extra=/dev/zero`` read until the kernel killed the process,
``--config FIFO`` hung, a 30-digit ``nlp.max_chars`` ended in an OverflowError
traceback, and zero or negative limits were accepted and then rejected every
document. Settings and the files they name now follow the input rules: regular
files only, capped, and every value range-checked with one clear error.
The command-line reproductions of both items are in tests/test_cli.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents import config
from newsevents.codebook import load_codebook
from newsevents.codebook.patterns import load_patterns
from newsevents.documents.clean import load_rules
from newsevents.errors import CodebookError, ConfigError
from newsevents.events.acled import AcledClassifier
from tests.special import fifo

pytestmark = pytest.mark.timeout(90)


def test_a_config_file_over_its_cap_is_refused(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text("# padding\n" * (config.MAX_CONFIG_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="too large") as info:
        config.load(path)
    assert info.value.target == str(path)


@pytest.mark.parametrize("name,load", [
    ("actors.tsv", lambda p: load_codebook([p])),
    ("verbs.yaml", lambda p: load_patterns((p,))),
    ("rules.yaml", lambda p: AcledClassifier.load((p,))),
    ("my_boilerplate.tsv", lambda p: load_rules((p,))),
])
def test_every_reader_of_codebook_extra_refuses_a_fifo(tmp_path, name, load):
    path = str(fifo(tmp_path / name))
    with pytest.raises(CodebookError, match="is a FIFO, not a regular file") as info:
        load(path)
    assert info.value.target == path


def test_codebook_extra_files_are_capped(tmp_path, monkeypatch):
    monkeypatch.setattr("newsevents.safefiles.MAX_DATA_FILE_BYTES", 1000)
    path = tmp_path / "verbs.yaml"
    path.write_text("verbs: []\n" + "# padding\n" * 200, encoding="utf-8")
    with pytest.raises(CodebookError, match="too large"):
        load_patterns((str(path),))


@pytest.mark.parametrize("key", sorted(config.RANGES))
def test_every_numeric_setting_has_a_range(key):
    low, high = config.RANGES[key]
    default = config.apply(config.Settings(), {})
    section, name = key.split(".")
    assert low <= getattr(getattr(default, section), name) <= high
    for bad in (low - 1, high * 10, "nan", "-inf", "1e400", "9" * 40):
        with pytest.raises(ConfigError) as info:
            config.apply(config.Settings(), {key: bad})
        assert info.value.target == key and len(info.value.message) < 120


HOSTILE = ("", " ", "x" * 5000, "a\x00b", "-1", "0", "nan", "inf", "9" * 5000, "/dev/zero",
           "a,b", "true", "[1]", "1e999", "\u202e", 10**40, -(10**40), float("nan"), [], {},
           ["a", 1], True)


@pytest.mark.parametrize("key", config.all_keys())
def test_no_value_of_any_setting_escapes_as_another_exception(key):
    for value in HOSTILE:
        try:
            config.apply(config.Settings(), {key: value})
        except ConfigError as exc:
            assert exc.target == key and "\n" not in str(exc) and len(str(exc)) < 300


def test_the_ranges_are_documented():
    text = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text("utf-8")
    for key, (low, high) in config.RANGES.items():
        assert f"`{key}` | {low:,} – {high:,}" in text, key

"""Options and output helpers shared by the commands."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

import click

from .. import compiled, config
from ..config import Settings
from ..safefiles import output_file

F = TypeVar("F", bound=Callable[..., Any])

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def settings_options(func: F) -> F:
    """--config and --set, turned into a validated Settings passed as ``settings``."""
    func = click.option(
        "--set",
        "overrides",
        multiple=True,
        metavar="KEY=VALUE",
        help="Override a setting, e.g. --set nlp.model=en_core_web_md (repeatable).",
    )(func)
    func = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="A TOML settings file (see docs/settings.md).",
    )(func)
    return func


def load_settings(config_path: str | None, overrides: Iterable[str]) -> Settings:
    settings = config.load(config_path, overrides)
    compiled.configure(settings.cache.dir)
    return settings


def safe(text: str | None, width: int | None = None) -> str:
    """Article text for a terminal: no control or bidi characters, one line, clipped."""
    if text is None:
        return ""
    clean = _CONTROL.sub(" ", " ".join(str(text).split()))
    if width is not None and len(clean) > width:
        clean = clean[: max(0, width - 1)] + "\u2026"
    return clean


@contextmanager
def output(path: str | None) -> Iterator[IO[str]]:
    """stdout for ``-`` or nothing, else the file by the rules of ``safefiles.output_file``
    (a regular file is written whole or not at all; a FIFO or device is streamed to)."""
    if path in (None, "-"):
        yield sys.stdout
        return
    with output_file(path) as handle:
        yield handle


def write_jsonl(handle: IO[str], rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    line = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(widths[i]) for i, c in enumerate(row)) for row in rows]
    return "\n".join(out)

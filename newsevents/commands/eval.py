"""newsevents eval: measure the coder against gold files and dev sets."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..evaluate.gold import format_report
from ..evaluate.seed import code_gold_document
from .common import load_settings, settings_options


@click.command("eval")
@click.argument("targets", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@settings_options
def eval_(targets: tuple[str, ...], as_json: bool, config_path: str | None, overrides: tuple[str, ...]) -> int:
    """Score coded output against gold files (newsevents-gold/1).

    Example: newsevents eval ../shared/examples/seed/gold.json
    """
    settings = load_settings(config_path, overrides)
    results = {}
    for target in targets:
        path = Path(target)
        _, report = code_gold_document(path, settings)
        results[str(path)] = report.to_dict()
        if not as_json:
            click.echo(format_report(report))
    if as_json:
        click.echo(json.dumps(results, indent=2))
    return 0


COMMANDS = [eval_]

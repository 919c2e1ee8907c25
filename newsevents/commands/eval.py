"""newsevents eval: measure the coder against gold files and dev sets."""

from __future__ import annotations

from pathlib import Path

import click

from ..evaluate.runner import dumps, evaluate, format_result, targets
from .common import load_settings, settings_options


@click.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--component",
    is_flag=True,
    help="Score parts handed the gold's cues (the ACLED classifier the whole snippet, the "
    "location chooser the gold verb, the place finder the article) instead of what `code` "
    "writes.",
)
@settings_options
def eval_(
    paths: tuple[str, ...],
    as_json: bool,
    component: bool,
    config_path: str | None,
    overrides: tuple[str, ...],
) -> int:
    """Score the coder against gold files and the labelled dev sets.

    PATHS are gold files (newsevents-gold/1 JSON), labelled sets (plover_gsr,
    cameo_sentences, acled_subtypes, geoparse_tr_news, event_location,
    muc4_templates, indiapoliceevents_docs) or a folder holding them. Records
    are coded as `newsevents code` codes a corpus and the events it writes are
    scored (end to end). Sets in a folder named check are reported as
    aggregate figures only.

    Example: newsevents eval ../shared/examples/seed/gold.json ../shared/eval/dev
    """
    settings = load_settings(config_path, overrides)
    results = {}
    for raw in paths:
        for path in targets(Path(raw)):
            result = evaluate(path, settings, component=component)
            results[str(path)] = result
            if not as_json:
                click.echo(format_result(path, result))
    if as_json:
        click.echo(dumps(results))
    return 0


COMMANDS = [eval_]

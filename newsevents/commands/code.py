"""newsevents code: articles in, events out."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date
from typing import Any

import click

from ..model import CodedDocument, Event, Rejection
from ..run.batch import Summary, code_inputs
from .common import load_settings, output, safe, settings_options, table, write_jsonl


def _valid_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


def _actor_cell(actor: Any) -> str:
    if actor is None:
        return "-"
    label = actor.name or actor.text
    return f"{safe(label, 28)} [{actor.code or '?'}]"


def event_rows(events: list[Event]) -> list[list[str]]:
    rows = []
    for e in events:
        counts = ", ".join(f"{k} {c.text}" for k, c in e.counts.items())
        rows.append(
            [
                e.date.value if e.date else "-",
                _actor_cell(e.source),
                f"{e.cameo} {e.plover.get('type') or ''}".strip(),
                _actor_cell(e.target),
                safe(e.location.name if e.location else "-", 18),
                safe(counts, 20) or "-",
                e.modality,
                str(e.mentions),
                safe(e.evidence, 70),
            ]
        )
    return rows


EVENT_HEADERS = ["date", "source", "code", "target", "place", "counts", "modality", "n", "evidence"]


@click.command("code")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--published",
    callback=_valid_date,
    help="Publication date YYYY-MM-DD for inputs that carry none.",
)
@click.option(
    "--events-out",
    type=click.Path(dir_okay=False),
    help="Write events as JSON lines here (default stdout).",
)
@click.option(
    "--quotes-out", type=click.Path(dir_okay=False), help="Write quotes as JSON lines here."
)
@click.option(
    "--places-out", type=click.Path(dir_okay=False), help="Write place mentions as JSON lines here."
)
@click.option(
    "--documents-out",
    type=click.Path(dir_okay=False),
    help="Write each coded document (id, metadata and the text every span indexes: the "
    "text as given, or a page's extracted text) as JSON lines here.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True
)
@settings_options
def code(
    paths: tuple[str, ...],
    published: str | None,
    events_out: str | None,
    quotes_out: str | None,
    places_out: str | None,
    documents_out: str | None,
    fmt: str,
    config_path: str | None,
    overrides: tuple[str, ...],
) -> int:
    """Code news articles into events.

    A .txt file is one article; a .jsonl file is a corpus with one article per
    line (id, text, and optional title, date, source, url). HTML pages, feeds,
    WARC archives, CSV files and directories work too. Exit status: 0 all
    coded, 1 some inputs rejected, 2 nothing coded.

    Example: newsevents code article.txt --published 2019-01-23 --format table
    """
    settings = load_settings(config_path, overrides)
    summary = Summary()
    coded_docs: list[CodedDocument] = []
    with (
        output(events_out) as ev,
        output(quotes_out) if quotes_out else nullcontext() as qo,
        output(places_out) if places_out else nullcontext() as po,
        output(documents_out) if documents_out else nullcontext() as do,
    ):
        wanted = {"events"} | ({"quotes"} if quotes_out else set())
        outputs = frozenset(wanted | ({"places"} if places_out else set()))
        for entry in code_inputs(list(paths), settings, published=published, outputs=outputs):
            if isinstance(entry, Rejection):
                summary.rejected.append(entry)
                click.echo(render_rejection(entry), err=True)
                continue
            summary.add(entry)
            if fmt == "jsonl" or events_out:
                write_jsonl(ev, (e.to_dict() for e in entry.events))
            if fmt == "table" and not events_out:
                coded_docs.append(entry)
            if qo is not None:
                write_jsonl(qo, (q.to_dict() for q in entry.quotes))
            if po is not None:
                write_jsonl(po, (p.to_dict() for p in entry.places))
            if do is not None:
                write_jsonl(do, [entry.document.to_dict()])
    if fmt == "table":
        events = [e for d in coded_docs for e in d.events]
        click.echo(table(event_rows(events), EVENT_HEADERS))
    click.echo(
        f"coded {summary.coded} document(s), {summary.events} event(s), {summary.quotes} quote(s); "
        f"{summary.skipped} skipped (language), {len(summary.rejected)} rejected",
        err=True,
    )
    return summary.exit_code


def render_rejection(rejection: Rejection) -> str:
    return f"rejected {safe(str(rejection), 300)}"


COMMANDS = [code]

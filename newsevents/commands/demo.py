"""newsevents demo: code the bundled samples into the embedded store and show them."""

from __future__ import annotations

from pathlib import Path

import click

from ..model import CodedDocument, Rejection
from ..run.batch import Summary, code_stream, read_documents
from ..store import Store
from .code import EVENT_HEADERS, event_rows, render_rejection
from .common import load_settings, output, settings_options, table, write_jsonl

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "samples.jsonl"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "seed" / "article.txt"
SEED_PUBLISHED = "2019-01-23"


@click.command("demo")
@click.option("--db", default=None, help="The store to build (default: store.path setting).")
@click.option("--out", "out_dir", default="out", show_default=True, help="Folder for events.jsonl.")
@settings_options
def demo(db: str | None, out_dir: str, config_path: str | None, overrides: tuple[str, ...]) -> int:
    """Code the bundled sample articles (and the reference article when ../shared is
    present), store them, print the events and say how to open the dashboard.

    Example: newsevents demo --db newsevents.duckdb --out out
    """
    settings = load_settings(config_path, overrides)
    db_path = db or settings.store.path
    summary = Summary()
    coded: list[CodedDocument] = []
    streams = [read_documents([str(SAMPLES)], settings)]
    if SEED.exists():
        streams.append(read_documents([str(SEED)], settings, published=SEED_PUBLISHED))
    with Store.open(db_path) as store:
        for stream in streams:
            batch: list[CodedDocument] = []
            rejected: list[Rejection] = []
            for entry in code_stream(stream, settings):
                if isinstance(entry, Rejection):
                    rejected.append(entry)
                    click.echo(render_rejection(entry), err=True)
                    continue
                summary.add(entry)
                batch.append(entry)
            store.write(batch, rejected)
            coded.extend(batch)
            summary.rejected.extend(rejected)
        counts = store.counts()
    events = [e for d in coded for e in d.events]
    events.sort(key=lambda e: (e.date.value if e.date else "", e.cameo))
    click.echo(table(event_rows(events), EVENT_HEADERS))
    out_file = Path(out_dir) / "events.jsonl"
    with output(str(out_file)) as handle:
        write_jsonl(handle, (e.to_dict() for e in events))
    click.echo(
        f"\ncoded {summary.coded} article(s) into {len(events)} event(s); "
        f"the store {db_path} now holds {counts.get('events', 0)} merged event(s) from "
        f"{counts.get('documents', 0)} document(s); events also written to {out_file}"
    )
    click.echo(
        f"open the dashboard: newsevents serve --db {db_path}  then browse http://127.0.0.1:8000/"
    )
    return summary.exit_code


COMMANDS = [demo]

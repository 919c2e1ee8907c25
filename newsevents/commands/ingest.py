"""newsevents ingest: sources in, coded documents and events into the store."""

from __future__ import annotations

import sys
from typing import TextIO

import click

from ..model import Rejection
from ..run.ingest import IngestSummary, ingest, open_runner
from ..run.target import Target
from .code import _valid_date, render_rejection
from .common import load_settings, settings_options

PROGRESS_EVERY_S = 2.0


class Progress:
    """One status line on stderr: rewritten in place on a terminal, one line each otherwise."""

    def __init__(self, stream: TextIO, *, tty: bool) -> None:
        self.stream = stream
        self.tty = tty
        self.shown = False

    def __call__(self, s: IngestSummary) -> None:
        line = (f"{s.documents:,} documents ({s.coded:,} coded), {s.rate:.1f} docs/s, "
                f"{s.events:,} events, {s.rejected:,} rejected")
        if self.tty:
            self.stream.write("\r\x1b[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.shown = True

    def end(self) -> None:
        if self.tty and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def summary_line(s: IngestSummary) -> str:
    return (
        f"ingested {s.documents:,} document(s) in {s.seconds:.1f}s ({s.rate:.1f}/s): "
        f"{s.coded:,} coded, {s.duplicates:,} duplicate(s) not coded again, "
        f"{s.skipped_language:,} skipped (language), {s.stored_before:,} already stored, "
        f"{s.repeated:,} repeated; {s.events:,} event(s); {s.rejected:,} rejected; "
        f"{s.batches:,} batch(es) written, run {s.run_id}"
    )


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", default=None, metavar="PATH",
              help="The DuckDB store to write (default: store.path, newsevents.duckdb).")
@click.option("--parquet", default=None, metavar="DIR",
              help="Write a partitioned Parquet dataset in DIR instead of the DuckDB store.")
@click.option("--published", callback=_valid_date,
              help="Publication date YYYY-MM-DD for inputs that carry none.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (local engine: a process pool when above 1).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Where documents are coded.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (with --engine dask; default: a LocalCluster "
                   "of --workers processes).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Documents per store transaction (default: store.batch_size).")
@click.option("--run-id", default=None,
              help="Name of the run (default: derived from the inputs, so rerunning the "
                   "same inputs resumes the same run).")
@click.option("--progress/--no-progress", default=None,
              help="Progress on stderr every few seconds (default: only on a terminal).")
@settings_options
def ingest_command(
    sources: tuple[str, ...],
    db: str | None,
    parquet: str | None,
    published: str | None,
    workers: int,
    engine: str,
    scheduler: str | None,
    batch_size: int | None,
    run_id: str | None,
    progress: bool | None,
    config_path: str | None,
    overrides: tuple[str, ...],
) -> int:
    """Read news sources, code them, and store documents and events.

    SOURCES are files, directories, globs, http(s) URLs, feeds, WARC archives
    and JSONL/CSV corpora. Documents already stored are skipped, so running
    the same command again adds nothing, and a run that was killed picks up
    where it stopped. Copies of an earlier document (exact or near) are
    stored as duplicates without coding them again; documents not in English
    are stored without coding. Each bad input is reported on one line and
    stored as a rejection. Exit status: 0 all done, 1 some inputs rejected,
    2 nothing usable.

    Example: newsevents ingest corpus.jsonl feeds/*.xml --db news.duckdb --workers 2
    """
    if db is not None and parquet is not None:
        raise click.UsageError("give --db or --parquet, not both")
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    settings = load_settings(config_path, overrides)
    show = progress if progress is not None else sys.stderr.isatty()
    meter = Progress(sys.stderr, tty=sys.stderr.isatty()) if show else None

    def report(rejection: Rejection) -> None:
        if meter is not None:
            meter.end()
        click.echo(render_rejection(rejection), err=True)

    with Target.open(settings, db=db, parquet=parquet) as target:
        runner = open_runner(settings, engine=engine, workers=workers, scheduler=scheduler)
        try:
            summary = ingest(
                list(sources), settings, target, runner,
                published=published, run_id=run_id, batch_size=batch_size,
                on_rejection=report, on_progress=meter, progress_every=PROGRESS_EVERY_S,
            )
        finally:
            runner.close()
            if meter is not None:
                meter.end()
    click.echo(summary_line(summary), err=True)
    return summary.exit_code


COMMANDS = [ingest_command]

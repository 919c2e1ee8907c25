"""newsevents query / series / export: the store's read side on the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..query import FORMATS, GROUPS, PERIODS, EventFilter, export, query_events, series
from .common import load_settings, safe, settings_options, table

F = TypeVar("F", bound=Callable[..., Any])

# (option, EventFilter field, help); values are passed through
# EventFilter.from_params, which validates them and names the bad one.
_FILTERS: tuple[tuple[str, str, str], ...] = (
    ("--actor", "actor", "Actor name or code contains this (either side)."),
    ("--source-country", "source_country", "Source actor's country (ISO alpha-3)."),
    ("--target-country", "target_country", "Target actor's country (ISO alpha-3)."),
    ("--country", "country", "Either actor's country (ISO alpha-3)."),
    ("--dyad", "dyad", "Two actor codes or countries, e.g. USA,TAL (either order)."),
    ("--cameo", "cameo", "CAMEO code prefix, e.g. 19 or 190."),
    ("--cameo-root", "cameo_root", "CAMEO root, 01 to 20."),
    ("--plover", "plover", "PLOVER event type, e.g. ASSAULT."),
    ("--acled-type", "acled_event_type", "ACLED event type, e.g. Battles."),
    ("--acled-subtype", "acled_sub_event_type", "ACLED sub-event type, e.g. Armed clash."),
    ("--quad-class", "quad_class", "Quad class 1-4."),
    ("--since", "date_from", "Events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
    ("--until", "date_to", "Events on or before this date."),
    ("--place", "place", "Place name contains this."),
    ("--near", "near", "Within a radius: LAT,LON,KM."),
    ("--outlet", "outlet", "Reported by an outlet whose name contains this."),
    ("--modality", "modality", "asserted, negated, intended, threatened, claimed, ..."),
    ("--doc-id", "doc_id", "Reported by this document."),
    ("--text", "text", "An evidence sentence contains this."),
)


def filter_options(func: F) -> F:
    """The filter options, collected into ``filters`` (a dict of raw values)."""
    for option, field, help_ in reversed(_FILTERS):
        func = click.option(option, f"f_{field}", default=None, help=help_)(func)
    func = click.option("--ordered", "f_dyad_ordered", is_flag=True,
                        help="With --dyad: only the first acting on the second.")(func)
    return func


def db_option(func: F) -> F:
    return click.option(
        "--db", "db", default=None, metavar="PATH",
        help="The store: a DuckDB file, or a Parquet dataset folder "
             "(default: store.path, newsevents.duckdb).",
    )(func)


def build_filter(kwargs: dict[str, Any], **paging: Any) -> EventFilter:
    """EventFilter from the f_* options; removes them from ``kwargs``."""
    params = {k[2:]: kwargs.pop(k) for k in list(kwargs) if k.startswith("f_")}
    if not params.get("dyad_ordered"):
        params.pop("dyad_ordered", None)
    params.update({k: v for k, v in paging.items() if v is not None})
    return EventFilter.from_params(params)


def _store(db: str | None, config_path: str | None, overrides: tuple[str, ...]) -> str:
    return db or load_settings(config_path, overrides).store.path


def _actor(event: dict[str, Any], side: str) -> str:
    actor = event.get(side)
    if not actor:
        return "-"
    label = actor.get("name") or actor.get("text") or ""
    code = actor.get("code") or f"{actor.get('country') or ''}{actor.get('agent') or ''}" or "?"
    return f"{safe(label, 26)} [{safe(code, 12)}]"


def event_table(events: list[dict[str, Any]]) -> str:
    rows = []
    for e in events:
        killed = (e.get("counts") or {}).get("killed")
        loc = e.get("location") or {}
        rows.append([
            safe(e.get("day") or "-", 10),
            _actor(e, "source"),
            safe(f"{e.get('cameo')} {(e.get('plover') or {}).get('type') or ''}".strip(), 20),
            _actor(e, "target"),
            safe(loc.get("name") or loc.get("country") or "-", 18),
            safe(killed.get("text") if killed else "-", 14),
            str(e.get("num_mentions")),
            str(e.get("num_sources")),
            safe(e.get("evidence"), 70),
        ])
    headers = ["date", "source", "code", "target", "place", "killed", "n", "srcs", "evidence"]
    return table(rows, headers)


@click.command("query")
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]),
              default="table", show_default=True)
@click.option("--limit", type=int, default=20, show_default=True, help="At most 1000.")
@click.option("--offset", type=int, default=0, show_default=True)
@settings_options
def query(db: str | None, fmt: str, limit: int, offset: int, config_path: str | None,
          overrides: tuple[str, ...], **kwargs: Any) -> int:
    """Show merged events from the store, newest first.

    \b
    Example: newsevents query --db newsevents.duckdb --actor taliban --since 2019-01 --format table
    """
    flt = build_filter(kwargs, limit=limit, offset=offset)
    events = query_events(_store(db, config_path, overrides), flt)
    if fmt == "json":
        click.echo(json.dumps(events, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for e in events:
            click.echo(json.dumps(e, ensure_ascii=False))
    else:
        click.echo(event_table(events))
        click.echo(f"{len(events)} event(s)", err=True)
    return 0


@click.command("series")
@db_option
@filter_options
@click.option("--by", type=click.Choice(list(PERIODS)), default="week", show_default=True)
@click.option("--group", type=click.Choice(list(GROUPS)), default="none", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]),
              default="table", show_default=True)
@settings_options
def series_(db: str | None, by: str, group: str, fmt: str, config_path: str | None,
            overrides: tuple[str, ...], **kwargs: Any) -> int:
    """Count events and sum Goldstein scores per period (and dyad or country).

    \b
    Example: newsevents series --db newsevents.duckdb --by week --group dyad --country AFG
    """
    flt = build_filter(kwargs)
    rows = series(_store(db, config_path, overrides), flt, by=by, group=group)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    else:
        headers = ["period", "group", "events", "mentions", "goldstein_sum", "fatalities"]
        cells = [[safe(str(r[h]) if r[h] is not None else "-", 40) for h in headers]
                 for r in rows]
        click.echo(table(cells, headers))
    return 0


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(list(FORMATS)))
@click.argument("out", type=click.Path(dir_okay=False))
@db_option
@filter_options
@click.option("--max-rows", type=int, default=None, help="Stop after this many events.")
@click.option("--raw-cells", is_flag=True,
              help="gdelt, acled, csv: write cells starting with = + - @ as they are, for "
                   "programs (by default they get a leading ' so a spreadsheet shows text).")
@settings_options
def export_(fmt: str, out: str, db: str | None, max_rows: int | None, raw_cells: bool,
            config_path: str | None, overrides: tuple[str, ...], **kwargs: Any) -> int:
    """Export matching events as GDELT (TSV), PLOVER (JSON), ACLED (CSV), csv, parquet, jsonl.

    The file is written whole or not at all (a FIFO or device is written to as a
    stream). Paging does not apply: every matching event is written. Text cells
    that a spreadsheet would run as formulas get a leading ' unless --raw-cells.

    \b
    Example: newsevents export gdelt events.tsv --db newsevents.duckdb --since 2019-01-01
    """
    flt = build_filter(kwargs)
    n = export(_store(db, config_path, overrides), flt, fmt, out, max_rows=max_rows,
               spreadsheet_safe=not raw_cells)
    click.echo(f"wrote {n} event(s) to {safe(out, 200)} ({fmt})", err=True)
    return 0


COMMANDS = [query, series_, export_]

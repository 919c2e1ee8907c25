"""newsevents serve / report: the HTTP API with its dashboard, and the same views as one file."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click

from ..api import DEFAULT_MAX_BODY, create_app, is_loopback, server
from ..errors import ConfigError
from ..store import Store
from ..web.report import DEFAULT_MAX_EVENTS, build_report
from .common import load_settings, safe, settings_options
from .store_cmds import build_filter, db_option, filter_options

log = logging.getLogger(__name__)

TOKEN_ENV = "NEWSEVENTS_TOKEN"


def check_bind(host: str, token: str | None, insecure: bool) -> None:
    """Refuse to listen beyond this machine with writes open to anyone."""
    if not is_loopback(host) and not token and not insecure:
        raise ConfigError(
            "refusing to listen on a non-loopback address without a token",
            target="--host",
            hint=f"give --token (or set {TOKEN_ENV}), or --insecure to accept anyone's writes",
        )


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --token or --insecure.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", envvar=TOKEN_ENV, default=None, show_envvar=True,
              help="Bearer token that write routes (POST /api/documents) require.")
@click.option("--insecure", is_flag=True,
              help="Allow a non-loopback --host without a token.")
@click.option("--max-body", type=click.IntRange(1_000, 100_000_000), default=DEFAULT_MAX_BODY,
              show_default=True, help="Largest request body accepted, in bytes.")
@click.option("--allow-private-urls", is_flag=True,
              help="Let POST /api/documents fetch private and loopback addresses.")
@settings_options
def serve(db: str | None, host: str, port: int, token: str | None, insecure: bool,
          max_body: int, allow_private_urls: bool, config_path: str | None,
          overrides: tuple[str, ...]) -> int:
    """Serve the HTTP API (/api/..., schema at /openapi.json) and the dashboard (/).

    \b
    Example: newsevents serve --db newsevents.duckdb --port 8000
    """
    import uvicorn

    check_bind(host, token, insecure)
    settings = load_settings(config_path, overrides)
    path = Path(db or settings.store.path)
    if not path.exists():
        # a new store, so the dashboard opens (empty) and POST /api/documents can fill it
        Store.open(path, settings=settings).close()
    loopback = is_loopback(host)
    # on loopback, other Host names are refused: a web page must not reach the
    # API through DNS rebinding
    allowed = ("127.0.0.1", "localhost", "::1") if loopback else None
    app = create_app(path, token=token, settings=settings, max_body=max_body,
                     allowed_hosts=allowed, allow_private_urls=allow_private_urls)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newsevents: serving {safe(str(path), 200)} on http://{shown}:{port}/ "
               f"(writes {'need the token' if token else 'are open'}; Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True,
                **server.UVICORN_OPTIONS)
    return 0


@click.command("report")
@db_option
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
@filter_options
@click.option("--max-events", type=click.IntRange(1, 20_000), default=DEFAULT_MAX_EVENTS,
              show_default=True, help="Newest matching events to include, with their evidence.")
@click.option("--title", default="newsevents report", show_default=True)
@settings_options
def report(db: str | None, out: str, max_events: int, title: str, config_path: str | None,
           overrides: tuple[str, ...], **kwargs: Any) -> int:
    """Write the dashboard's views over the matching events as one self-contained HTML file.

    The file needs no server and loads nothing from the network.

    \b
    Example: newsevents report --db newsevents.duckdb --out afg.html --country AFG --since 2019-01
    """
    flt = build_filter(kwargs)
    source = db or load_settings(config_path, overrides).store.path
    summary = build_report(source, flt, out, max_events=max_events, title=title)
    click.echo(f"wrote {safe(str(summary.path), 200)}: {summary.events} of {summary.total} "
               f"event(s), {summary.bytes:,} bytes", err=True)
    return 0


COMMANDS = [serve, report]

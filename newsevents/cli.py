"""The command line: a click group whose commands live in newsevents/commands/.

Each command is a thin function over one library call. Errors become
messages here and nowhere else: ``main`` renders any NewsEventsError as one
coded line on stderr and exits 2 (usage/config), or the command's own
status (0 all done, 1 partial failure, 2 total failure).
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import MutableMapping

import click

from . import __version__
from .errors import NewsEventsError, render

# Each command and the module under newsevents.commands that defines it (in the
# module's COMMANDS list). A module is imported when one of its commands runs, so
# `newsevents code` does not load the store, the HTTP API or Dask (tests/test_cli.py
# keeps this table in step with the modules).
COMMAND_MODULES = {
    "code": "code",
    "demo": "demo",
    "eval": "eval",
    "explain": "explain",
    "ingest": "ingest",
    "query": "store_cmds",
    "series": "store_cmds",
    "export": "store_cmds",
    "serve": "serve",
    "report": "serve",
}

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_FAILED = 2


class LazyGroup(click.Group):
    """A group whose commands are imported when they are asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self._own})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self._own and cmd_name in COMMAND_MODULES:
            module = importlib.import_module(f"newsevents.commands.{COMMAND_MODULES[cmd_name]}")
            for command in module.COMMANDS:
                self._own.setdefault(command.name, command)
        return self._own.get(cmd_name)

    @property
    def commands(self) -> MutableMapping[str, click.Command]:  # type: ignore[override]
        """Every command, all imported (for help, docs and tests)."""
        for name in COMMAND_MODULES:
            self.get_command(click.Context(self), name)
        return self._own

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._own = dict(value)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsevents")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """newsevents: political event data from news reports.

    Example: newsevents code article.txt --published 2019-01-23 --format table
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def main(argv: list[str] | None = None) -> None:
    try:
        status = cli.main(args=argv, prog_name="newsevents", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_FAILED)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_FAILED)
    except NewsEventsError as exc:
        click.echo(render(exc), err=True)
        sys.exit(EXIT_FAILED)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    sys.exit(status if isinstance(status, int) else EXIT_OK)


if __name__ == "__main__":
    main()

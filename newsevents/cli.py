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

import click

from . import __version__
from .errors import NewsEventsError, render

# Modules under newsevents.commands that each define one or more click
# commands in a module-level COMMANDS list.
COMMAND_MODULES = (
    "code",
    "demo",
    "eval",
    "explain",
    "ingest",
    "store_cmds",
    "serve",
)

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_FAILED = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsevents")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """newsevents: political event data from news reports.

    Example: newsevents code article.txt --published 2019-01-23 --format table
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def _register() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"newsevents.commands.{name}")
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


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

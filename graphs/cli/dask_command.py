"""``dask arc-search ...``: the project as a subcommand of Dask's own ``dask`` command.

Dask's command line adds a subcommand for every ``dask_cli`` entry point
(``pyproject.toml`` names ``arc_search`` below), loading its module first. This
module imports ``graphs.cli.settings``, which registers the search's defaults
with ``dask.config.update_defaults``, so with the package installed
``dask config get arc-search`` lists the shipped keys, as it lists
``distributed``'s. ``dask arc-search FLAGS...`` is ``arc-search FLAGS...``.
"""

from __future__ import annotations

import sys

import click

import graphs.cli.settings  # noqa: F401  (registers the arc-search.* defaults with dask config)
from graphs.cli.main import main


@click.command(name="arc-search", add_help_option=False,
               context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.argument("flags", nargs=-1, type=click.UNPROCESSED)
def arc_search(flags: tuple[str, ...]) -> None:
    """Program search for ARC-AGI tasks: the arc-search command (run, status, bench)."""
    sys.exit(main(list(flags)))

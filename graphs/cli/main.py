"""``arc-search``: the console script, one command per job (run, status, bench).

``arc-search run`` takes the flags of ``python -m graphs.run`` (which stays),
``arc-search status OUT`` those of ``python -m graphs.status``, and
``arc-search bench`` those of ``python -m graphs.bench``. With no command, or
flags first, it runs the search, as ``python -m graphs.run`` does.
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Callable, Sequence

DISTRIBUTION = "arc-dask-search"

EPILOG = """examples:
  arc-search run                                   the default job: 40 ARC-AGI-1 training tasks on a LocalCluster
  arc-search run --data arc-agi-2 --split evaluation --budget 3600 --out runs/eval
  arc-search status runs/eval --watch              where that run stands, refreshed every 2 s
"""

COMMANDS = {
    "run": "search for ARC solvers (the flags of python -m graphs.run)",
    "status": "where the search in an output folder stands (read-only, safe while it runs)",
    "bench": "the benchmarks (the flags of python -m graphs.bench)",
}


def package_version() -> str:
    """The installed version of the project, from its package metadata.

    >>> package_version()[0].isdigit()
    True
    """
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return f"unknown ({DISTRIBUTION} is not installed: pip install -e .)"


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser: the command and its own flags, which it hands on untouched."""
    parser = argparse.ArgumentParser(
        prog="arc-search", description="Program search for ARC-AGI tasks as a Dask graph.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {package_version()} (Python {sys.version.split()[0]})")
    commands = "\n".join(f"  {name:<8}{text}" for name, text in COMMANDS.items())
    parser.add_argument("command", choices=sorted(COMMANDS), metavar="COMMAND",
                        help=f"one of:\n{commands}\n'arc-search COMMAND --help' shows its flags")
    parser.add_argument("flags", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    parser.formatter_class = argparse.RawTextHelpFormatter
    return parser


def _run(flags: list[str]) -> int:
    from graphs.cli.run import main as run_main

    return run_main(flags, prog="arc-search run")


def _status(flags: list[str]) -> int:
    from graphs.status import main as status_main

    return status_main(flags, prog="arc-search status")


def _bench(flags: list[str]) -> int:
    from graphs.bench.__main__ import main as bench_main

    return bench_main(flags)


HANDLERS: dict[str, Callable[[list[str]], int]] = {"run": _run, "status": _status, "bench": _bench}


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch ``arc-search COMMAND FLAGS...``; the command's exit status.

    A first word that is a flag (or none at all) means ``run``, so
    ``arc-search --rounds 1`` is ``python -m graphs.run --rounds 1``.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["run", *argv]
    args = build_parser().parse_args(argv)
    return HANDLERS[args.command](args.flags)


if __name__ == "__main__":
    sys.exit(main())

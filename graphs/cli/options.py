"""The command line of ``python -m graphs.run``: flags, defaults, and what they become.

Parsing is kept apart from running so the flags can be read (and tested)
without starting anything.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from graphs.cli.settings import configured

DEFAULT_DATA = "arc-agi-1"
DEFAULT_SPLIT = "training"
# With no --data, --tasks or --count, a fixed subset of ARC-AGI-1 training:
# the first tasks in id order, enough to show the search at work in ~2 minutes.
DEFAULT_COUNT = 40
DEFAULT_OUT = "arc-search-out"


def _positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text}")
    return value


def seconds_flag(text: str) -> float:
    """A flag's number of seconds, more than 0 (also ``graphs.status``'s ``--watch``).

    >>> seconds_flag("2.5")
    2.5
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {text}")
    return value


def _bytes(text: str) -> int:
    """A memory size as Dask writes them: ``256MiB``, ``1 GB``, or a number of bytes.

    >>> _bytes("256MiB")
    268435456
    """
    from dask.utils import parse_bytes

    try:
        value = parse_bytes(text)
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"must be a size such as 256MiB, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 byte, got {text!r}")
    return value


def _share(text: str) -> float:
    """A share of a whole: a number above 0 and at most 1.

    >>> _share("0.5")
    0.5
    """
    try:
        value = float(text)
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"must be a number above 0 and at most 1, got {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1, got {text!r}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None


class DefaultsOnceFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows a flag's default once: not for flags without one (None, off), nor where the help names it.

    >>> parser = argparse.ArgumentParser(formatter_class=DefaultsOnceFormatter)
    >>> _ = parser.add_argument("--rounds", default=2, help="rounds at most")
    >>> _ = parser.add_argument("--budget", help="seconds (default: no limit)")
    >>> _ = parser.add_argument("--quiet", action="store_true", help="say less")
    >>> [line.split(None, 1)[1] for line in parser.format_help().splitlines() if "--" in line][-3:]
    ['ROUNDS  rounds at most (default: 2)', 'BUDGET  seconds (default: no limit)', 'say less']
    """

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if action.default is None or action.default is False or "default" in text:
            return action.help
        return super()._get_help_string(action)


def search_defaults() -> dict:
    """The search flags' defaults, from dask config (``arc-search.*``), checked as the flags are.

    Raises ``graphs.cli.settings.ConfigError`` naming a key whose value its flag would refuse.

    >>> search_defaults()["round_timeout"], search_defaults()["chunk_size"] is None
    (60.0, True)
    """
    types = {"seed": _int, "rounds": _positive_int, "budget": seconds_flag, "round_timeout": seconds_flag,
             "candidate_timeout": seconds_flag, "chunk_size": _positive_int, "generation_time": seconds_flag,
             "bank_memory": _bytes, "bank_share": _share}
    return configured(types)


def _unset_means(default, meaning: str) -> str:
    """What an unset default means, for the help; nothing when dask config set one (the help shows it)."""
    return f" (default: {meaning})" if default is None else ""


def build_parser(prog: str = "python -m graphs.run") -> argparse.ArgumentParser:
    """The parser for every flag of ``python -m graphs.run`` (``arc-search run`` gives its own ``prog``)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Search for ARC solvers as a Dask graph, on a LocalCluster or a remote scheduler. "
                    "With no flags: a fixed subset of ARC-AGI-1 training tasks on a LocalCluster sized "
                    "to this machine.",
        formatter_class=DefaultsOnceFormatter)
    data = parser.add_argument_group("tasks")
    data.add_argument("--data", default=None,
                      help=f"data set name (default: {DEFAULT_DATA}; also arc-agi-1-2019, arc-agi-2, kaggle-2024, "
                           "kaggle-2025), "
                           "a folder of task JSON files, a Kaggle *_challenges.json, or one task file")
    data.add_argument("--split", default=DEFAULT_SPLIT, choices=["training", "evaluation"],
                      help="split of a named data set")
    data.add_argument("--tasks", nargs="+", metavar="ID", help="only these task ids, in this order")
    data.add_argument("--count", type=_positive_int, metavar="N",
                      help=f"only the first N tasks (default: {DEFAULT_COUNT} when --data, --tasks and "
                           "--count are all unset, else all)")
    data.add_argument("--programs", type=Path, metavar="DIR",
                      help="a folder of your own DSL program files (*.py) to seed the pool")

    configured = search_defaults()
    search = parser.add_argument_group(
        "search (defaults from dask config arc-search.*: see graphs/cli/arc-search.yaml)")
    search.add_argument("--seed", type=_int, default=configured["seed"], help="seed of every random choice")
    search.add_argument("--rounds", type=_positive_int, default=configured["rounds"],
                        help="search rounds at most")
    search.add_argument("--budget", type=seconds_flag, metavar="SECONDS", default=configured["budget"],
                        help="stop starting rounds once this much time is spent"
                             + _unset_means(configured["budget"], "no limit"))
    search.add_argument("--round-timeout", type=seconds_flag, default=configured["round_timeout"], metavar="S",
                        help="deadline of one round (generation and evaluation); what finished by then is kept")
    search.add_argument("--candidate-timeout", type=seconds_flag, default=configured["candidate_timeout"],
                        metavar="S",
                        help="wall-clock budget of one candidate on one task")
    search.add_argument("--hard-timeout", type=seconds_flag, default=30.0, metavar="S",
                        help="a Dask task executing longer than this gets its worker restarted")
    search.add_argument("--chunk-size", type=_positive_int, default=configured["chunk_size"], metavar="N",
                        help="candidates per Dask task"
                             + _unset_means(configured["chunk_size"], "chosen each round from the "
                                            "cluster's threads and the round's work"))
    search.add_argument("--max-candidates", type=_positive_int, default=None, metavar="N",
                        help="candidates generated per task per round (default: the generator's)")
    search.add_argument("--generation-time", type=seconds_flag, default=configured["generation_time"],
                        metavar="S",
                        help="time one task's candidate generation may take per round"
                             + _unset_means(configured["generation_time"], "the generator's")
                             + "; generation is deterministic for a seed while it stops "
                               "on its size bounds rather than on this time")
    search.add_argument("--bank-memory", type=_bytes, default=configured["bank_memory"], metavar="SIZE",
                        help="memory one task's bank of terms may hold (estimated), kept in worker "
                             "memory from round to round; past it the task's enumeration stops growing")
    search.add_argument("--bank-share", type=_share, default=configured["bank_share"], metavar="SHARE",
                        help="share of the workers' memory the banks of all tasks may take together; "
                             "past it after a round, the largest are let go (kept below Dask's spill "
                             "threshold, so banks are not written to disk and read back each step)")
    search.add_argument("--more-solvers", action="store_true",
                        help="keep searching tasks that already have a solver")

    cluster = parser.add_argument_group("cluster (defaults come from this machine and dask config)")
    cluster.add_argument("--scheduler", metavar="ADDRESS",
                         help="connect to this Dask scheduler instead of starting a LocalCluster "
                              "(also DASK_SCHEDULER_ADDRESS)")
    cluster.add_argument("--workers", type=_positive_int, metavar="N", help="LocalCluster workers")
    cluster.add_argument("--threads", type=_positive_int, metavar="N", help="threads per worker")
    cluster.add_argument("--processes", action=argparse.BooleanOptionalAction, default=None,
                         help="process workers (can be restarted when stuck) or thread workers")
    cluster.add_argument("--memory-limit", metavar="SIZE", help="memory per worker, e.g. 4GiB, or auto")
    cluster.add_argument("--dashboard", action=argparse.BooleanOptionalAction, default=None,
                         help="serve the Dask dashboard")
    cluster.add_argument("--dashboard-port", type=_positive_int, metavar="PORT", help="dashboard port")
    cluster.add_argument("--profiler", action=argparse.BooleanOptionalAction, default=None,
                         help="sample the workers' stacks for the dashboard's Profile page "
                              "(costs ~8%% of a busy worker's time)")
    cluster.add_argument("--tls-ca", metavar="FILE", help="CA certificate for a TLS scheduler")
    cluster.add_argument("--tls-cert", metavar="FILE", help="client certificate for a TLS scheduler")
    cluster.add_argument("--tls-key", metavar="FILE", help="client key for a TLS scheduler")
    cluster.add_argument("--connect-timeout", type=seconds_flag, metavar="S",
                         help="give up reaching the scheduler after this long (default: 10, or dask config "
                              "arc-search.cluster.connect-timeout)")

    output = parser.add_argument_group("output")
    output.add_argument("--out", type=Path, default=Path(DEFAULT_OUT), metavar="DIR",
                        help="output folder: store.sqlite, telemetry.jsonl, submission.json, report.json, run.log")
    output.add_argument("--resume", action="store_true",
                        help="continue the last interrupted run in --out with its own settings")
    output.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="a bar per round on stderr: candidates, their rate, tasks solved "
                             "(default: when stderr is a terminal and not --quiet)")
    verbosity = output.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="print per-task results")
    return parser


def cluster_overrides(args: argparse.Namespace) -> dict:
    """The cluster settings the flags give (None where a flag was not used)."""
    tls = None
    if args.tls_ca or args.tls_cert or args.tls_key:
        from cluster import ClusterError, TLSFiles

        if not (args.tls_ca and args.tls_cert and args.tls_key):
            raise ClusterError("TLS needs all three of --tls-ca, --tls-cert and --tls-key")
        tls = TLSFiles(args.tls_ca, args.tls_cert, args.tls_key)
    return {"workers": args.workers, "threads_per_worker": args.threads, "processes": args.processes,
            "memory_limit": args.memory_limit, "dashboard": args.dashboard,
            "dashboard_port": args.dashboard_port, "profiler": args.profiler,
            "scheduler_address": args.scheduler,
            "tls": tls, "connect_timeout_s": args.connect_timeout}


def shows_progress(args: argparse.Namespace, stderr_is_terminal: bool) -> bool:
    """Whether to show the rounds' bars: as asked by --progress/--no-progress, else on a terminal unless -q.

    >>> parser = build_parser()
    >>> [shows_progress(parser.parse_args(argv), tty) for argv, tty in
    ...  [([], True), ([], False), (["-q"], True), (["--progress", "-q"], False), (["--no-progress"], True)]]
    [True, False, False, True, False]
    """
    if args.progress is not None:
        return args.progress
    return stderr_is_terminal and not args.quiet


def task_count(args: argparse.Namespace) -> int | None:
    """How many tasks to keep: --count, or the default subset when nothing chose tasks.

    >>> task_count(build_parser().parse_args([]))
    40
    >>> task_count(build_parser().parse_args(["--data", "arc-agi-2"])) is None
    True
    """
    if args.count is not None:
        return args.count
    if args.tasks or args.data is not None:
        return None
    return DEFAULT_COUNT

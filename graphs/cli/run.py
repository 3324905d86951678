"""``python -m graphs.run``: search for ARC solvers on a LocalCluster or a remote scheduler.

Loads the tasks, opens the store in the output folder, starts (or connects
to) the cluster it states explicitly, runs the rounds, and writes
``submission.json``, ``report.json`` and ``telemetry.jsonl``; then prints a
summary. What it prints, and the library's log records, also go to ``run.log``
there (``graphs.cli.logs``). Bad input ends in one line on stderr and exit status 2; Ctrl-C
marks the run interrupted (``--resume`` continues it) and exits with 130; a
run stopped by its surroundings (the output folder full or read-only, the
scheduler lost) ends in one line and exit status 1, and resumes too.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import signal
import sys
import threading
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Sequence

from cluster import ClusterError, dashboard_link, open_client, resolve_spec
from graphs.api import default_differs, default_seeds, search, write_answers
from graphs.cli.options import DEFAULT_DATA, build_parser, cluster_overrides, shows_progress, task_count
from graphs.cli.logs import CLI, RUN_LOG, SUMMARY, console_logging, run_log
from graphs.cli.programs import load_program_folder
from graphs.cli.resume import RUN_FLAGS, given_run_flags, resumed_flags
from graphs.cli.settings import ConfigError
from graphs.engine.collect import SchedulerLost
from graphs.engine.round import RoundSettings
from graphs.engine.search import SearchConfig, SearchResult
from graphs.engine.store import Store, StoreError, StoreWriteError
from graphs.engine.store_file import file_write_failure
from graphs.engine.telemetry import summary_lines
from tasks.data.arc import Dataset, LoadError, load_dataset
from tasks.data.budget import Budget
from tasks.running.evaluate import Candidate
from tasks.search.settings import GenerationSettings
from tasks.programs.parse import ProgramSyntaxError


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


def search_config(args: argparse.Namespace) -> SearchConfig:
    """The search configuration the flags describe."""
    generation = GenerationSettings()
    if args.max_candidates is not None:
        generation = replace(generation, max_candidates=args.max_candidates)
    if args.generation_time is not None:
        generation = replace(generation, time_budget_s=args.generation_time)
    if args.bank_memory is not None:
        generation = replace(generation, max_bank_bytes=args.bank_memory)
    return SearchConfig(
        rounds=args.rounds, budget_s=args.budget, seed=args.seed,
        round=RoundSettings(chunk_size=args.chunk_size,
                            candidate_budget=Budget(timeout_s=args.candidate_timeout),
                            round_timeout_s=args.round_timeout, hard_timeout_s=args.hard_timeout),
        generation=generation,
        keep_solved=args.more_solvers,
        bank_share=args.bank_share)


def search_line(config: SearchConfig) -> str:
    """The search's main settings in one line, printed with the cluster's.

    >>> search_line(SearchConfig(rounds=3))
    'rounds 3, budget none, round timeout 60 s, generation 2 s per task and round (growing), bank memory 128.00 MiB per task, 0.3 of worker memory for all banks'
    """
    from dask.utils import format_bytes

    budget = "none" if config.budget_s is None else f"{config.budget_s:g} s"
    return (f"rounds {config.rounds}, budget {budget}, round timeout {config.round.round_timeout_s:g} s, "
            f"generation {config.generation.time_budget_s:g} s per task and round (growing), "
            f"bank memory {format_bytes(config.generation.max_bank_bytes)} per task"
            + ("" if config.bank_share is None else f", {config.bank_share:g} of worker memory for all banks"))


def _saved_flags(args: argparse.Namespace) -> dict:
    return {name: (str(value) if isinstance(value, Path) else value)
            for name, value in vars(args).items() if name in RUN_FLAGS}


def prepare_out(folder: Path) -> Path:
    """Create the output folder and check it is writable, or raise UsageError."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{secrets.token_hex(4)}"
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        raise UsageError(f"--out {folder}: not a writable folder ({error.strerror or error})") from None
    return folder


def load_tasks(args: argparse.Namespace) -> Dataset:
    return load_dataset(args.data or DEFAULT_DATA, args.split, args.tasks, task_count(args))


def seed_programs(args: argparse.Namespace, warn) -> list[Candidate]:
    """The hand-written solvers, and the user's own programs from --programs."""
    seeds = default_seeds()
    if args.programs is not None:
        try:
            seeds += load_program_folder(args.programs, warn)
        except FileNotFoundError as error:
            raise UsageError(str(error)) from None
    return seeds


def summary(result: SearchResult, out: Path) -> list[str]:
    """The run's closing lines: what it evaluated, how healthy, what it solved, what it wrote."""
    lines = summary_lines(result.tasks, result.outcomes, result.wall_s, result.busy_by_worker,
                          result.evaluated)
    solved = result.solved_on_train
    lines.append(f"solved on train pairs: {len(solved)}/{result.tasks} tasks")
    if result.report is not None:
        r = result.report
        lines.append(f"test outputs right (top-2): {r['test_outputs_right']}/{r['test_outputs']} "
                     f"({100 * r['share_right']:.1f}%)")
    lines.append(f"written: {out / 'submission.json'}, {out / 'telemetry.jsonl'}, {out / 'store.sqlite'}, "
                 f"{out / RUN_LOG}" + (f", {out / 'report.json'}" if result.report is not None else ""))
    return lines


def print_summary(result: SearchResult, out: Path) -> None:
    """The summary on stdout (with -q too) and in run.log."""
    for line in summary(result, out):
        CLI.info(line, extra=SUMMARY)


class Stopped(KeyboardInterrupt):
    """A stop signal other than Ctrl-C (SIGTERM, SIGHUP), taken the way Ctrl-C is taken."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


# What job schedulers (SLURM, Kubernetes, systemd) send before they kill, and what a closed
# terminal sends: each stops the run as Ctrl-C does, so it ends "interrupted" and can resume.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise ``Stopped`` in the main thread; then the old handlers.

    Python lets only the main thread set handlers: called from another thread, this does nothing.
    """
    def stop(signum, frame):
        raise Stopped(signum)

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS if in_main_thread}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def exit_status(stop: KeyboardInterrupt) -> int:
    """128 + the signal's number, as a shell reports a process ended by it: 130 for Ctrl-C, 143 for SIGTERM.

    >>> exit_status(KeyboardInterrupt()), exit_status(Stopped(signal.SIGTERM))
    (130, 143)
    """
    return 128 + getattr(stop, "signum", signal.SIGINT)


def main(argv: Sequence[str] | None = None, prog: str = "python -m graphs.run") -> int:
    with stop_signals_interrupt():
        return _main(argv, prog)


def _main(argv: Sequence[str] | None, prog: str) -> int:
    try:
        parser = build_parser(prog)  # its defaults come from dask config, checked here
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    if not args.verbose:
        # Workers' and nannies' chatter (start, stop, restarts) would drown the run's own lines;
        # what matters reaches the summary, the telemetry and the store.
        logging.getLogger("distributed").setLevel(logging.ERROR)
    with console_logging(args.quiet), ExitStack() as logs:
        return _run(args, argv, prog, logs)


def say(message: str) -> None:
    """One of the run's lines: on stdout (not with -q) and in run.log."""
    CLI.info(message)


def warn(message: str) -> None:
    CLI.warning(f"warning: {message}")


def fail(message: str) -> None:
    CLI.error(message)


def _run(args: argparse.Namespace, argv: Sequence[str] | None, prog: str, logs: ExitStack) -> int:
    held = None
    try:
        out = prepare_out(args.out)
        logs.enter_context(run_log(out))
        # Held to the end: a bad store, or a second run in this folder, is refused here, at once,
        # before any work (the search's own open of the store shares this process's lock).
        held = Store.open(out / "store.sqlite")
        run_id, resume = None, args.resume
        if resume:
            last = held.last_run(status="running") or held.last_run(status="interrupted")
            if last is None:
                raise UsageError(f"--resume: no interrupted run in {out / 'store.sqlite'}")
            run_id = last.id
            given = given_run_flags(build_parser(prog), sys.argv[1:] if argv is None else argv)
            try:
                changed = resumed_flags(args, given, last.config.get("flags", {}))
            except ValueError as error:
                raise UsageError(str(error)) from None
            say(f"resuming run {run_id}" + (f" with {', '.join(changed)}" if changed else ""))
        dataset = load_tasks(args)
        spec = resolve_spec(cluster_overrides(args))
        # After every round, so a run killed at any point leaves complete answers behind.
        config = replace(search_config(args),
                         on_round=lambda done: write_answers(out, done.submission, done.report))
        for problem in dataset.problems:
            warn(f"skipped {problem}")
        if not dataset.tasks:
            # Every task was malformed: a run would start a cluster to search nothing.
            raise UsageError(f"{dataset.source}: no task to search ({len(dataset.problems)} skipped, "
                             "see the warnings above)")
        seeds = seed_programs(args, warn)
        differs = default_differs()
        say(f"tasks: {len(dataset.tasks)} from {dataset.source}; seeds: {len(seeds)} programs; "
            f"differs: {len(differs)}")
        say(f"cluster: {spec.describe()}")
        say(f"search: {search_line(search_config(args))}")
        if not spec.hard_stops_available:
            say("note: thread workers cannot be hard-stopped; a candidate stuck in C code "
                "holds its thread until it returns (use --processes for hard stops)")
        with open_client(spec) as client:
            link = dashboard_link(client)
            if link:
                say(f"dashboard: {link}")
            # The search's own lines (rounds, problems) are log records, shown by console_logging.
            result = search(client, dataset, out, config, seeds=seeds, differs=differs,
                            run_id=run_id, resume=resume, run_config={"flags": _saved_flags(args),
                                                                  "task_ids": [t.id for t in dataset.tasks]},
                            show_progress=shows_progress(args, sys.stderr.isatty()))
        if args.verbose:
            for task_id, found in sorted(result.solvers.items()):
                CLI.info(f"{task_id}: {len(found)} solvers" + (f", best {found[0].program_id}" if found else ""),
                         extra=SUMMARY)
        print_summary(result, out)
        return 0
    except KeyboardInterrupt as stop:
        fail(f"interrupted{f' by {stop}' if isinstance(stop, Stopped) else ''}: every committed chunk "
             "is in the store; continue with --resume")
        return exit_status(stop)
    except (SchedulerLost, StoreWriteError) as error:  # the run stopped mid-way; it resumes
        fail(f"error: {error}")
        return 1
    except (UsageError, LoadError, ClusterError, StoreError, ProgramSyntaxError) as error:
        fail(f"error: {error}")
        return 2
    except OSError as error:
        failure = file_write_failure(error, args.out)
        if failure is None:
            raise
        fail(f"error: {failure}")
        return 1
    finally:
        if held is not None:
            held.close()


if __name__ == "__main__":
    sys.exit(main())

"""``python -m graphs.status OUT`` (``arc-search status OUT``): where the search in a folder stands.

Reads the store, the telemetry and the report of a running or finished
search, and prints its settings, its round and that round's deadline, the
tasks solved so far, the candidate rate of the last rounds, the outcome
shares, the run's health with its advice, and when the last chunk was
committed. ``--watch [SECONDS]`` refreshes it until Ctrl-C.

It only reads: the store is opened with SQLite's ``mode=ro`` (WAL lets it
read committed chunks while the run writes), and it takes no writer's lock.
A folder that holds no search ends in one line and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Sequence

from graphs.cli.options import seconds_flag
from graphs.engine.store import RunRow, Store, StoreError, store_path
from graphs.engine.store_file import BUSY_TIMEOUT_S, check_store_file
from graphs.engine.telemetry import health, infrastructure_share, read_records

# How many of the last finished rounds the candidate rate is shown for.
RATE_ROUNDS = 3
WATCH_EVERY_S = 2.0


class StatusError(Exception):
    """The folder holds no search that can be read: printed as one line, exit status 2."""


@dataclass(frozen=True)
class RoundRate:
    """A finished round's candidates and wall time (from its telemetry record)."""

    round: int
    candidates: int
    wall_s: float

    @property
    def per_second(self) -> float:
        """Candidates per second of the round's wall time.

        >>> RoundRate(0, 300, 2.0).per_second
        150.0
        """
        return self.candidates / self.wall_s if self.wall_s > 0 else 0.0


@dataclass(frozen=True)
class CurrentRound:
    """The round a run is in (or ended with), as far as the store tells.

    ``planned`` is when its first task's candidates were saved (a few seconds
    after the round began, once the first generation returned); None while no
    generation has returned. ``finished`` is whether its telemetry record exists.
    """

    index: int
    planned: datetime | None
    finished: bool
    candidates: int


@dataclass(frozen=True)
class Status:
    """Everything ``status`` prints about the last run of an output folder."""

    out: Path
    run: RunRow
    runs: int
    current: CurrentRound
    tasks: int | None
    solved: int
    rates: tuple[RoundRate, ...]
    outcomes: dict[str, int]
    last_commit: datetime | None
    report: dict | None

    @property
    def flags(self) -> dict[str, Any]:
        """The run's settings as the CLI saved them (empty for a run started from Python)."""
        return dict(self.run.config.get("flags", {}))

    @property
    def deadline(self) -> datetime | None:
        """When the current round stops collecting, from its plan's time and the round timeout.

        None when the round has no plan yet, is finished, or the timeout is unknown.
        """
        timeout = self.flags.get("round_timeout")
        if self.current.planned is None or self.current.finished or timeout is None:
            return None
        return self.current.planned + timedelta(seconds=float(timeout))


def parse_time(text: str | None) -> datetime | None:
    """A store's ISO 8601 time, as an aware datetime.

    >>> parse_time("2026-12-01T10:00:00.000+00:00").hour
    10
    """
    return None if text is None else datetime.fromisoformat(text)


def open_store_readonly(out: Path) -> Store:
    """The store of an output folder, opened read-only (``mode=ro``), or ``StatusError``.

    Opened here rather than with ``Store.open_readonly`` so that whatever a
    writer must take to open the store, a reader never takes it.
    """
    if not out.is_dir():
        raise StatusError(f"{out}: no such folder; pass a run's --out folder")
    path = store_path(out)
    if not path.exists():
        raise StatusError(f"{out}: no {path.name} here; pass a run's --out folder")
    try:
        if not check_store_file(path):
            raise StatusError(f"{path}: an empty database, not a search store")
    except StoreError as error:
        raise StatusError(str(error)) from None
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                                 timeout=BUSY_TIMEOUT_S, isolation_level=None)
    return Store(path, connection, readonly=True)


def _round_records(out: Path, run_id: str) -> dict[int, dict]:
    """The run's round records from ``telemetry.jsonl``, by round (a line still being written is skipped)."""
    path = out / "telemetry.jsonl"
    if not path.exists():
        return {}
    try:
        records = read_records(path)
    except json.JSONDecodeError:
        # The writer flushes whole lines; a torn last line only means a read mid-write.
        text = path.read_text(encoding="utf-8").splitlines()
        records = []
        for line in text:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return {r["round"]: r for r in records if r.get("kind") == "round" and r.get("run") == run_id}


def _current_round(store: Store, run_id: str, finished_rounds: set[int]) -> CurrentRound:
    query = store.connection.execute
    planned = dict(query("SELECT round, saved FROM plans WHERE run_id = ?", (run_id,)).fetchall())
    index = max([*planned, *(r + 1 for r in finished_rounds)], default=0)
    if index not in planned and index - 1 in finished_rounds and store.run(run_id).status != "running":
        index -= 1  # the run ended after that round: no round began after it
    (candidates,) = query("SELECT COUNT(*) FROM results WHERE run_id = ? AND round = ?",
                          (run_id, index)).fetchone()
    return CurrentRound(index, parse_time(planned.get(index)), index in finished_rounds, candidates)


def _run_tasks(store: Store, run: RunRow) -> set[str] | None:
    """The run's task ids: saved by the CLI with the run; else those its rounds planned."""
    saved = run.config.get("task_ids")
    if saved is not None:
        return set(saved)
    rows = store.connection.execute("SELECT DISTINCT task_id FROM plan_tasks WHERE run_id = ?",
                                    (run.id,)).fetchall()
    return {row[0] for row in rows} or None


def _current_report(out: Path, run: RunRow) -> dict | None:
    """``report.json`` if this run wrote it (after a round, or at its end); else None."""
    path = out / "report.json"
    try:
        written = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
        if written < parse_time(run.started):
            return None  # an earlier run's report
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def read_status(out: Path | str) -> Status:
    """Where the last run in ``out`` stands; ``StatusError`` when there is none to read."""
    out = Path(out)
    store = open_store_readonly(out)
    try:
        with store:
            run = store.last_run()
            if run is None:
                raise StatusError(f"{store.path}: no run in this store yet")
            records = _round_records(out, run.id)
            current = _current_round(store, run.id, set(records))
            tasks = _run_tasks(store, run)
            solved = store.solved_tasks()
            outcomes: Counter = Counter()
            for counts in store.outcome_counts(run.id).values():
                outcomes.update(counts)
            (last,) = store.connection.execute("SELECT MAX(written) FROM chunks WHERE run_id = ?",
                                               (run.id,)).fetchone()
            runs = len(store.runs())
    except sqlite3.Error as error:
        raise StatusError(f"{store_path(out)}: cannot be read ({error})") from None
    rates = tuple(RoundRate(k, r["candidates"], r["wall_s"]) for k, r in sorted(records.items()))
    return Status(out, run, runs, current, None if tasks is None else len(tasks),
                  len(solved & tasks) if tasks else len(solved), rates[-RATE_ROUNDS:],
                  dict(outcomes), parse_time(last), _current_report(out, run))


def _ago(moment: datetime, now: datetime) -> str:
    """A time as the clock shows it, and how long ago it was.

    >>> at = datetime(2026, 12, 1, 10, 0, 5, tzinfo=timezone.utc)
    >>> _ago(at, at + timedelta(seconds=75))
    '10:00:05 UTC (75 s ago)'
    """
    seconds = (now - moment).total_seconds()
    when = f"in {-seconds:.0f} s" if seconds < 0 else f"{seconds:.0f} s ago"
    return f"{moment.astimezone(timezone.utc):%H:%M:%S} UTC ({when})"


def _settings_line(status: Status) -> str:
    flags = status.flags
    if not flags:
        return str(status.run.config.get("search", status.run.config))
    shown = {name: value for name, value in sorted(flags.items())
             if value not in (None, False) and name != "programs"}
    if flags.get("programs"):
        shown["programs"] = flags["programs"]
    return ", ".join(name.replace("_", "-") + ("" if value is True else f" {_value(value)}")
                     for name, value in shown.items())


def _value(value: Any) -> str:
    """A flag's value as typed.

    >>> _value(["a", "b"]), _value(0.5)
    ('a b', '0.5')
    """
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)


def _round_line(status: Status, now: datetime) -> str:
    current, rounds = status.current, status.flags.get("rounds")
    of = f" of {rounds}" if rounds else ""
    if current.finished:
        return f"{current.index}{of}: finished, {current.candidates} candidates"
    if status.run.status != "running":
        return f"{current.index}{of}: stopped unfinished ({status.run.status}), {current.candidates} candidates"
    if current.planned is None:
        return f"{current.index}{of}: generating candidates"
    line = f"{current.index}{of}: evaluating, {current.candidates} candidates so far"
    deadline = status.deadline
    return line + (f"; deadline {_ago(deadline, now)}" if deadline else "")


def _silence(status: Status, now: datetime) -> str:
    """A warning when a run marked running has committed nothing for longer than a round may take.

    A killed client cannot mark its run interrupted, so its run stays "running"
    in the store; only the silence tells.
    """
    timeout = status.flags.get("round_timeout")
    if status.run.status != "running" or timeout is None:
        return ""
    quiet_s = (now - status.last_commit).total_seconds()
    # A round commits chunks until its deadline; generation of the next takes at most the hard timeout.
    longest_s = float(timeout) + float(status.flags.get("hard_timeout") or 0.0)
    if quiet_s <= longest_s:
        return ""
    return f"; nothing since, though a round lasts at most {longest_s:.0f} s: is the run still alive?"


def summary_rows(status: Status, now: datetime | None = None) -> list[tuple[str, str]]:
    """(label, value) lines of the status, in the order they are printed."""
    now = now or datetime.now(timezone.utc)
    run = status.run
    ended = f", ended {_ago(parse_time(run.ended), now)}" if run.ended else ""
    rows = [("folder", f"{status.out} ({status.runs} run{'s' * (status.runs != 1)} in its store)"),
            ("run", f"{run.id}: {run.status}, started {_ago(parse_time(run.started), now)}{ended}"),
            ("settings", _settings_line(status) or "defaults"),
            ("round", _round_line(status, now))]
    of = f"/{status.tasks}" if status.tasks is not None else ""
    rows.append(("solved on train", f"{status.solved}{of} tasks"))
    if status.report is not None:
        r = status.report
        rows.append(("test outputs right", f"{r['test_outputs_right']}/{r['test_outputs']} "
                                           f"({100 * r['share_right']:.1f}%, top-2)"))
    if status.rates:
        rows.append(("candidates/s", ", ".join(f"round {r.round} {r.per_second:.1f}"
                                               for r in status.rates)))
    total = sum(status.outcomes.values())
    ranked = sorted(status.outcomes.items(), key=lambda item: (-item[1], item[0]))
    rows.append(("outcomes", f"{total} candidates: " + ", ".join(
        f"{kind} {100 * n / total:.1f}%" for kind, n in ranked) if total else "none yet"))
    level, tip = health(status.outcomes)
    rows.append(("health", f"{level} (infrastructure losses "
                           f"{100 * infrastructure_share(status.outcomes):.2f}%)"
                           + (f": try {tip}" if tip else "")))
    rows.append(("last commit", (_ago(status.last_commit, now) + _silence(status, now))
                 if status.last_commit else "none yet"))
    return rows


def render(status: Status, now: datetime | None = None):
    """The status as a ``rich`` table of labels and values."""
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False, title_justify="left",
                  title=f"arc-search status {status.out}")
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in summary_rows(status, now):
        table.add_row(label, value)
    return table


def build_parser(prog: str = "python -m graphs.status") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[1].replace("\n", " "))
    parser.add_argument("out", type=Path, metavar="OUT", help="a run's output folder (its --out)")
    parser.add_argument("--watch", type=seconds_flag, nargs="?", const=WATCH_EVERY_S, metavar="SECONDS",
                        help=f"refresh every SECONDS (default: {WATCH_EVERY_S:g}) until Ctrl-C")
    return parser


def watch(out: Path, every_s: float) -> None:
    """Redraw the status every ``every_s`` seconds until Ctrl-C (or an unreadable folder)."""
    from rich.live import Live

    with Live(render(read_status(out)), auto_refresh=False) as live:
        while True:
            time.sleep(every_s)
            live.update(render(read_status(out)), refresh=True)


def main(argv: Sequence[str] | None = None, prog: str = "python -m graphs.status") -> int:
    from rich.console import Console

    args = build_parser(prog).parse_args(argv)
    try:
        if args.watch is None:
            Console(highlight=False).print(render(read_status(args.out)))
        else:
            watch(args.out, args.watch)
    except StatusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

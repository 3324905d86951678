"""Helpers for reliability tests: tiny task folders, the CLI in a subprocess, process trees."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "tests.reliability.faulty_plugin"

# Two small tasks: mirror each row, and turn a quarter clockwise.
TASKS = {
    "flip": {"train": [{"input": [[1, 2, 3]], "output": [[3, 2, 1]]},
                       {"input": [[4, 0], [5, 6]], "output": [[0, 4], [6, 5]]}],
             "test": [{"input": [[7, 8]], "output": [[8, 7]]}]},
    "turn": {"train": [{"input": [[1, 2], [3, 4]], "output": [[3, 1], [4, 2]]},
                       {"input": [[5, 6]], "output": [[5], [6]]}],
             "test": [{"input": [[1, 0], [0, 0]], "output": [[0, 1], [0, 0]]}]},
}


def write_tasks(folder: Path, tasks: dict | None = None) -> Path:
    """A folder of task JSON files, one per task id."""
    folder.mkdir(parents=True, exist_ok=True)
    for task_id, task in (tasks or TASKS).items():
        (folder / f"{task_id}.json").write_text(json.dumps(task))
    return folder


def write_programs(folder: Path, programs: dict[str, str]) -> Path:
    """A --programs folder: file stem -> file text."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in programs.items():
        (folder / f"{stem}.py").write_text(text)
    return folder


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a CLI run: the faulty plugin loaded, the project importable."""
    env = {**os.environ, "ARC_SEARCH_PLUGINS": PLUGIN, "PYTHONPATH": str(ROOT),
           "PYTHONUNBUFFERED": "1"}
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    env.update(extra)
    return env


def cli_command(*args: str, prefix: tuple[str, ...] = ()) -> list[str]:
    """The CLI's command line; ``prefix`` runs it under another command (e.g. ``nsenter``)."""
    return [*prefix, sys.executable, "-m", "graphs.run", *args]


def run_cli(*args: str, timeout: float = 240, env: dict | None = None,
            prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``python -m graphs.run ARGS`` to completion; stdout and stderr as text."""
    return subprocess.run(cli_command(*args, prefix=prefix), cwd=ROOT, env=env or cli_env(),
                          capture_output=True, text=True, timeout=timeout, check=False)


def _ctrl_c_as_in_a_terminal() -> None:
    # A program started from a terminal gets SIGINT's default action; one started under a
    # runner that ignores SIGINT (a background job of a script) would inherit "ignored",
    # and Python then never turns Ctrl-C into KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_cli(*args: str, env: dict | None = None, log: Path,
              prefix: tuple[str, ...] = ()) -> subprocess.Popen:
    """``python -m graphs.run ARGS`` in the background, its output to ``log``.

    It leads a process group of its own (so a test can signal it and its workers
    together) and takes Ctrl-C as a terminal's foreground program does, whatever
    the test runner does with SIGINT.
    """
    with log.open("w") as out:
        return subprocess.Popen(cli_command(*args, prefix=prefix), cwd=ROOT, env=env or cli_env(), stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_ctrl_c_as_in_a_terminal)


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    """The processes still running (zombies count as gone: they hold nothing)."""
    living = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                living.append(process)
        except psutil.NoSuchProcess:
            pass
    return living


def wait_until(condition, timeout: float, every: float = 0.1) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())


def query(store: Path, sql: str, parameters: tuple = ()) -> list[tuple]:
    """Rows of a read-only query on a store file (safe while a run writes it)."""
    if not store.exists():
        return []
    # absolute(), not resolve(): a path through /proc/<pid>/root must keep naming that view.
    connection = sqlite3.connect(store.absolute().as_uri() + "?mode=ro", uri=True, timeout=30)
    try:
        return connection.execute(sql, parameters).fetchall()
    except sqlite3.OperationalError:
        return []  # the schema is not there yet
    finally:
        connection.close()


def result_rows(store: Path) -> set[tuple]:
    """What a run computed, without run ids and timings: comparable across runs."""
    return set(query(store, "SELECT round, task_id, program_id, outcome, train_score, "
                            "differ_scores, predictions FROM results"))


def recovery_figures(fault: str, before: list[tuple], after: list[tuple], rows: int, planned: int,
                     recovered_s: float) -> str:
    """The README's fault-table line: chunks committed before the fault and kept, rows, losses.

    ``before`` and ``after`` are (round, task, chunk index, written) of the committed chunks
    when the fault struck and at the end: a chunk of ``before`` missing or rewritten is lost,
    a chunk key committed twice a duplicate.

    >>> recovery_figures("x", [(0, "t", 0, "w")], [(0, "t", 0, "w"), (0, "t", 1, "v")], 4, 4, 2.0)
    'fault figures: x: 1 chunks committed before, 1 kept; rows 4 of 4 planned; lost 0, duplicates 0; recovered in 2.0 s'
    """
    kept = len(set(before) & set(after))
    duplicates = len(after) - len({chunk[:3] for chunk in after})
    return (f"fault figures: {fault}: {len(before)} chunks committed before, {kept} kept; rows {rows} of "
            f"{planned} planned; lost {len(before) - kept}, duplicates {duplicates}; "
            f"recovered in {recovered_s:.1f} s")


def timed(call):
    """(what ``call()`` returns, the seconds it took)."""
    started = time.monotonic()
    value = call()
    return value, time.monotonic() - started


def kill_tree(process: subprocess.Popen) -> None:
    """SIGKILL a background CLI and everything it started (cleanup after a failed test)."""
    for child in [psutil.Process(process.pid), *descendants(process.pid)]:
        try:
            child.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass
    process.wait(timeout=30)


@pytest.fixture
def tasks_folder(tmp_path) -> Path:
    return write_tasks(tmp_path / "data")

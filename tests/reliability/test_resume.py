"""The client killed (SIGKILL) or interrupted (Ctrl-C) mid-run, then ``--resume``.

The runs go through ``python -m graphs.run`` in a subprocess; slow candidates
(``fault_nap``) keep a round busy long enough to interrupt it after a first
chunk is committed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from graphs.engine.telemetry import read_records
from tests.reliability.conftest import (
    alive,
    descendants,
    kill_tree,
    query,
    recovery_figures,
    result_rows,
    run_cli,
    start_cli,
    timed,
    wait_until,
    write_programs,
    write_tasks,
)
from tests.reliability.test_faults import nap_programs

RUN = ("--rounds", "1", "--max-candidates", "5", "--workers", "2", "--threads", "1", "--processes",
       "--chunk-size", "2", "--candidate-timeout", "5", "--seed", "7", "--quiet")


def committed(store: Path) -> list[tuple]:
    """(round, task, chunk index, written) of every committed chunk."""
    return query(store, "SELECT round, task_id, chunk_index, written FROM chunks "
                        "ORDER BY round, task_id, chunk_index")


def planned(store: Path) -> int:
    return query(store, "SELECT SUM(json_array_length(program_ids)) FROM plan_tasks")[0][0]


def interrupt_after_first_chunks(tmp: Path, name: str, how) -> tuple[Path, list[tuple], list, int]:
    """Start a run, wait for committed chunks, interrupt it with ``how(process)``.

    Returns the output folder, the chunks committed when it was interrupted,
    the processes it had started, and its exit status.
    """
    out = tmp / name
    cli = start_cli("--data", str(tmp / "data"), "--programs", str(tmp / "programs"), "--out",
                    str(out), *RUN, log=tmp / f"{name}.log")
    store = out / "store.sqlite"
    try:
        assert wait_until(lambda: len(committed(store)) >= 2, 120), (tmp / f"{name}.log").read_text()
        children = descendants(cli.pid)
        how(cli)
        status = cli.wait(timeout=60)
    finally:
        if cli.poll() is None:
            kill_tree(cli)
    return out, committed(store), children, status


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("resume")
    write_tasks(tmp / "data")
    write_programs(tmp / "programs", nap_programs(6))
    return tmp


@pytest.fixture(scope="module")
def uninterrupted(folders) -> Path:
    out = folders / "whole"
    done = run_cli("--data", str(folders / "data"), "--programs", str(folders / "programs"),
                   "--out", str(out), *RUN)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def killed_then_resumed(folders):
    """A run whose client is SIGKILLed mid-round, then resumed; with what it had committed."""
    out, before, children, status = interrupt_after_first_chunks(
        folders, "killed", lambda cli: cli.send_signal(signal.SIGKILL))
    assert status == -signal.SIGKILL
    # The client's worker processes notice their parent is gone and exit by themselves.
    assert wait_until(lambda: not alive(children), 30), alive(children)
    assert query(out / "store.sqlite", "SELECT status FROM runs") == [("running",)]
    resumed, seconds = timed(lambda: run_cli("--out", str(out), "--resume", "--workers", "2", "--processes",
                                             "--quiet"))
    assert resumed.returncode == 0, resumed.stderr
    store = out / "store.sqlite"
    print("\n" + recovery_figures("client SIGKILL, then --resume", before, committed(store),
                                  query(store, "SELECT COUNT(*) FROM results")[0][0], planned(store), seconds))
    return out, before


def test_after_a_client_kill_resume_keeps_every_committed_chunk_once_and_repeats_none(
        killed_then_resumed):
    out, before = killed_then_resumed
    store = out / "store.sqlite"
    after = committed(store)
    assert set(before) <= set(after)  # committed chunks untouched: same rows, same write times
    assert len({row[:3] for row in after}) == len(after)
    assert query(store, "SELECT COUNT(*), MIN(status) FROM runs") == [(1, "finished")]
    chunk_rows = query(store, "SELECT SUM(candidates) FROM chunks")[0][0]
    assert query(store, "SELECT COUNT(*) FROM results")[0][0] == chunk_rows
    # The resumed process evaluated only the chunks that were not committed.
    # (The killed process wrote no round record: it never reached the end of the round.)
    [record] = [r for r in read_records(out / "telemetry.jsonl") if r["kind"] == "round"]
    assert record["chunks"] == len(after) - len(before)


def test_a_resumed_run_computes_what_an_uninterrupted_one_does(killed_then_resumed, uninterrupted):
    out, _ = killed_then_resumed
    store = out / "store.sqlite"
    assert query(store, "SELECT COUNT(*) FROM results")[0][0] == planned(store)
    assert result_rows(out / "store.sqlite") == result_rows(uninterrupted / "store.sqlite")
    assert json.loads((out / "submission.json").read_text()) == \
        json.loads((uninterrupted / "submission.json").read_text())


def ctrl_c(cli: subprocess.Popen) -> None:
    """What Ctrl-C in a terminal does: SIGINT to the whole foreground process group."""
    os.killpg(cli.pid, signal.SIGINT)


def assert_interrupted_then_resumed(out: Path, before: list[tuple], children: list, gone_within_s: float,
                                    fault: str) -> None:
    """No process left behind, the run marked interrupted with its chunks kept, and --resume finishes it."""
    # Gone with the CLI (multiprocessing's resource tracker may take a moment to see it go).
    assert wait_until(lambda: not alive(children), gone_within_s), alive(children)
    store = out / "store.sqlite"
    assert query(store, "SELECT status FROM runs") == [("interrupted",)]
    assert set(before) <= set(committed(store))
    resumed, seconds = timed(lambda: run_cli("--out", str(out), "--resume", "--workers", "2", "--processes",
                                             "--quiet"))
    assert resumed.returncode == 0, resumed.stderr
    assert query(store, "SELECT status FROM runs") == [("finished",)]
    assert len(committed(store)) > len(before)
    print("\n" + recovery_figures(f"{fault}, then --resume", before, committed(store),
                                  query(store, "SELECT COUNT(*) FROM results")[0][0], planned(store), seconds))


def test_ctrl_c_exits_130_leaves_no_process_behind_and_the_run_resumes(folders, uninterrupted):
    out, before, children, status = interrupt_after_first_chunks(folders, "ctrl-c", ctrl_c)
    assert status == 130, (folders / "ctrl-c.log").read_text()
    assert "--resume" in (folders / "ctrl-c.log").read_text()
    assert_interrupted_then_resumed(out, before, children, gone_within_s=10, fault="Ctrl-C")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["sigterm", "sighup"])
def test_a_stop_signal_is_taken_as_ctrl_c_and_the_run_resumes(folders, stop):
    # What SLURM, Kubernetes and systemd send before they kill, and what a closed terminal sends:
    # to the CLI alone, not its process group, so the CLI must shut its own workers down.
    name = signal.Signals(stop).name
    out, before, children, status = interrupt_after_first_chunks(
        folders, name, lambda cli: cli.send_signal(stop))
    log = (folders / f"{name}.log").read_text()
    assert status == 128 + stop, log
    assert f"interrupted by {name}" in log and "--resume" in log
    assert_interrupted_then_resumed(out, before, children, gone_within_s=30, fault=name)

"""A chunk lost with its worker is work still to do: ``--resume`` runs it again.

A candidate kills its worker while a file exists (``fault_kill_worker_if_armed``),
so its chunk is recorded ``worker_lost`` (after Dask's one retry). The run is
interrupted with Ctrl-C while slow candidates keep the round busy; with the
file gone, ``--resume`` runs the lost chunk again, and its real results
replace the lost ones: one row per planned candidate, none lost.
"""

from __future__ import annotations

import os
import signal

from tests.reliability.conftest import cli_env, kill_tree, query, run_cli, start_cli, wait_until, write_programs
from tests.reliability.faulty import ARMED_FILE_VARIABLE, RUNS_FILE_VARIABLE, program_text, runs_recorded
from tests.reliability.test_faults import FAST_RUN, nap_programs
from tests.reliability.test_resume import planned


def test_resume_runs_again_the_chunks_lost_with_their_workers(tmp_path, tasks_folder):
    # The killer is the smallest program, so the pool puts it first and its chunk runs early.
    programs = write_programs(tmp_path / "programs",
                              {"killer": program_text("solve", "kill_worker_if_armed"),
                               **nap_programs(16)})
    armed, runs = tmp_path / "armed", tmp_path / "runs.txt"
    armed.write_text("")
    env = cli_env(**{ARMED_FILE_VARIABLE: str(armed), RUNS_FILE_VARIABLE: str(runs)})
    out, log = tmp_path / "out", tmp_path / "first.log"
    store = out / "store.sqlite"
    # A dying worker takes others' chunks with it too (worker_lost), and a result being fetched
    # from it when it dies is given up (cancelled): all of them are still to do.
    lost = "SELECT COUNT(*) FROM results WHERE outcome IN ('worker_lost', 'cancelled')"
    killer = ("SELECT outcome FROM results r JOIN programs p ON p.id = r.program_id "
              "WHERE p.source LIKE '%fault_kill_worker_if_armed%'")
    cli = start_cli("--data", str(tasks_folder), "--programs", str(programs), "--out", str(out),
                    "--tasks", "flip", "--chunk-size", "2", "--candidate-timeout", "5", *FAST_RUN,
                    env=env, log=log)
    try:
        assert wait_until(lambda: query(store, killer) == [("worker_lost",)], 120), log.read_text()
        assert query(store, "SELECT status FROM runs") == [("running",)], "the round ended too soon"
        os.killpg(cli.pid, signal.SIGINT)
        assert cli.wait(timeout=60) == 130, log.read_text()
    finally:
        if cli.poll() is None:
            kill_tree(cli)
    lost_rows = query(store, lost)[0][0]
    killed = runs_recorded(runs)
    assert killed == 2  # the first run and Dask's one retry
    # The lost chunk has its rows but is not committed: it is still to do.
    assert query(store, "SELECT COUNT(*) FROM results")[0][0] == \
        query(store, "SELECT SUM(candidates) FROM chunks")[0][0] + lost_rows
    armed.unlink()
    resumed = run_cli("--out", str(out), "--resume", "--workers", "2", "--processes", "--quiet",
                      env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert runs_recorded(runs) == killed  # ran again, disarmed: no worker died this time
    assert query(store, lost) == [(0,)]
    assert query(store, killer) == [("mismatch",)]
    assert query(store, "SELECT COUNT(*) FROM results")[0][0] == planned(store) == \
        query(store, "SELECT SUM(candidates) FROM chunks")[0][0]
    assert query(store, "SELECT status FROM runs") == [("finished",)]
    assert f"candidates: {planned(store)} (" in resumed.stdout, resumed.stdout

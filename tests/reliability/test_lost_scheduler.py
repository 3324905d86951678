"""A real ``dask scheduler`` SIGKILLed mid-run, then ``--resume`` against a new scheduler.

The client must end at once (within ``--connect-timeout``) with one line that
names the scheduler and says what to do, keep every committed chunk, and leave
the chunks that were in flight to the resumed run, which must compute what an
uninterrupted run computes.
"""

from __future__ import annotations

import json
import signal
import time

import pytest

from tests.reliability.conftest import (
    cli_env,
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
from tests.reliability.test_remote import RemoteCluster
from tests.reliability.test_resume import committed, planned

RUN = ("--rounds", "2", "--max-candidates", "5", "--chunk-size", "2", "--candidate-timeout", "5",
       "--seed", "7", "--quiet")
CONNECT_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lost-scheduler")
    write_tasks(tmp / "data")
    write_programs(tmp / "programs", nap_programs(6))
    return tmp


@pytest.fixture(scope="module")
def uninterrupted(folders):
    out = folders / "whole"
    done = run_cli("--data", str(folders / "data"), "--programs", str(folders / "programs"),
                   "--out", str(out), "--workers", "2", "--threads", "1", "--processes", *RUN)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def killed_scheduler(folders):
    """A run whose scheduler is SIGKILLed once chunks are committed; what the client did then."""
    cluster = RemoteCluster(folders, faulty=True)
    out, log = folders / "killed", folders / "killed.log"
    cli = start_cli("--data", str(folders / "data"), "--programs", str(folders / "programs"),
                    "--out", str(out), "--scheduler", cluster.address,
                    "--connect-timeout", str(CONNECT_TIMEOUT_S), *RUN, env=cli_env(), log=log)
    try:
        assert wait_until(lambda: len(committed(out / "store.sqlite")) >= 2, 120), log.read_text()
        cluster.processes[0].send_signal(signal.SIGKILL)
        killed = time.monotonic()
        status = cli.wait(timeout=CONNECT_TIMEOUT_S + 60)
        ended_after_s = time.monotonic() - killed
        print(f"client ended {ended_after_s:.2f} s after the scheduler's SIGKILL, exit {status}")
    finally:
        if cli.poll() is None:
            kill_tree(cli)
        cluster.close()
    return out, cluster.address, status, ended_after_s, log.read_text(), committed(out / "store.sqlite")


def test_a_lost_scheduler_ends_the_client_at_once_with_one_line(killed_scheduler):
    out, address, status, ended_after_s, log, _ = killed_scheduler
    assert status == 1, log
    lines = log.strip().splitlines()
    assert len(lines) == 1, log
    [line] = lines
    assert line.startswith(f"error: lost the scheduler at {address} in round "), line
    assert "start a scheduler" in line and "--resume" in line
    assert ended_after_s < CONNECT_TIMEOUT_S, (ended_after_s, log)
    store = out / "store.sqlite"
    assert query(store, "SELECT status FROM runs") == [("interrupted",)]
    # Nothing in flight was recorded as lost: those chunks are still to do.
    assert query(store, "SELECT COUNT(*) FROM results WHERE outcome IN "
                        "('cancelled', 'worker_lost', 'timeout')") == [(0,)]
    assert query(store, "SELECT COUNT(*) FROM results")[0][0] == \
        query(store, "SELECT SUM(candidates) FROM chunks")[0][0]


def test_resume_on_a_new_scheduler_finishes_the_run_as_an_uninterrupted_one(
        folders, killed_scheduler, uninterrupted):
    out, _, _, _, _, before = killed_scheduler
    cluster = RemoteCluster(folders, faulty=True)
    try:
        resumed, seconds = timed(lambda: run_cli("--out", str(out), "--resume", "--scheduler",
                                                 cluster.address, env=cli_env()))
    finally:
        cluster.close()
    assert resumed.returncode == 0, resumed.stderr
    store = out / "store.sqlite"
    after = committed(store)
    print("\n" + recovery_figures("scheduler SIGKILL, then --resume on a new cluster", before, after,
                                  query(store, "SELECT COUNT(*) FROM results")[0][0], planned(store), seconds))
    assert set(before) <= set(after)  # committed chunks untouched: same rows, same write times
    assert len({row[:3] for row in after}) == len(after)
    assert query(store, "SELECT COUNT(*) FROM results")[0][0] == planned(store)
    got, want = result_rows(store), result_rows(uninterrupted / "store.sqlite")
    assert got == want, (sorted(got - want)[:5], sorted(want - got)[:5])
    assert json.loads((out / "submission.json").read_text()) == \
        json.loads((uninterrupted / "submission.json").read_text())
    # The summary counts the whole run, both invocations.
    assert f"candidates: {planned(store)} (" in resumed.stdout, resumed.stdout

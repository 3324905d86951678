"""A run whose budget ends mid-round ends cleanly: no traceback, no ERROR line from Dask (real processes)."""

from __future__ import annotations

from tests.reliability.conftest import run_cli, write_programs
from tests.reliability.test_faults import nap_programs


def test_a_budget_that_ends_mid_round_leaves_nothing_logged_at_error(tmp_path, tasks_folder):
    # 16 slow candidates (0.8 s each on a task) in chunks of 2, on 2 workers: the round would take
    # about 13 s, and the 6 s budget cuts it with chunks in flight and queued, as the budget of a
    # long benchmark run does.
    folder = write_programs(tmp_path / "programs", nap_programs(16))
    done = run_cli("--data", str(tasks_folder), "--programs", str(folder), "--out", str(tmp_path / "out"),
                   "--budget", "6", "--rounds", "3", "--max-candidates", "5", "--chunk-size", "2",
                   "--candidate-timeout", "5", "--workers", "2", "--threads", "1", "--processes",
                   "--verbose")  # --verbose keeps Dask's own log lines, which a quiet run drops
    assert done.returncode == 0, done.stderr
    assert "timeout" in done.stdout  # the budget did cut the round
    logged = done.stdout + done.stderr
    assert "Traceback" not in logged
    assert [line for line in logged.splitlines() if " ERROR " in line or line.startswith("ERROR")] == []

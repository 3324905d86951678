"""A search watched while it runs (``python -m graphs.status``), then SIGKILLed: its answers stay whole.

Slow candidates (``fault_nap``) keep the rounds busy; a third task no program
solves keeps the rounds coming, so the run is still going when it is watched.
"""

from __future__ import annotations

import json
import subprocess
import sys

from graphs.engine.telemetry import read_records
from tests.reliability.conftest import (
    ROOT,
    TASKS,
    cli_env,
    kill_tree,
    query,
    start_cli,
    wait_until,
    write_programs,
    write_tasks,
)
from tests.reliability.test_faults import nap_programs

# The same input wants three outputs: no program solves it, so every round has work.
NOISE = {"train": [{"input": [[1, 2], [3, 4]], "output": [[6]]},
                   {"input": [[1, 2], [3, 4]], "output": [[8]]},
                   {"input": [[1, 2], [3, 4]], "output": [[7]]}],
         "test": [{"input": [[1, 1], [2, 2]], "output": [[6]]}]}

RUN = ("--rounds", "50", "--max-candidates", "5", "--workers", "2", "--threads", "1", "--processes",
       "--chunk-size", "2", "--candidate-timeout", "5", "--quiet")


def status_of(out) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graphs.status", str(out)], cwd=ROOT, env=cli_env(),
                          capture_output=True, text=True, timeout=120, check=False)


def rounds_done(out) -> list[int]:
    path = out / "telemetry.jsonl"
    return [r["round"] for r in read_records(path) if r["kind"] == "round"] if path.exists() else []


def chunks(out) -> int:
    rows = query(out / "store.sqlite", "SELECT COUNT(*) FROM chunks")
    return rows[0][0] if rows else 0


def test_status_beside_a_running_search_and_answers_whole_after_a_sigkill(tmp_path):
    data = write_tasks(tmp_path / "data", {**TASKS, "noise": NOISE})
    programs = write_programs(tmp_path / "programs", nap_programs(6))
    out = tmp_path / "out"
    log = tmp_path / "log.txt"
    cli = start_cli("--data", str(data), "--programs", str(programs), "--out", str(out), *RUN, log=log)
    try:
        # Written after round 0 (just after its telemetry), while the run goes on: every task
        # has its attempts.
        assert wait_until((out / "submission.json").exists, 240), log.read_text()
        assert rounds_done(out)
        submission = json.loads((out / "submission.json").read_text())
        assert set(submission) == {"flip", "turn", "noise"}

        watched = status_of(out)
        assert watched.returncode == 0, watched.stderr
        lines = {line.split(None, 1)[0]: line for line in watched.stdout.splitlines() if line.strip()}
        assert ": running, started" in lines["run"]
        assert " of 50: " in lines["round"]
        assert "candidates/s" in watched.stdout and "round 0 " in watched.stdout
        assert cli.poll() is None, log.read_text()  # still running: the watch did not stop it

        # The writer goes on committing beside the reader.
        seen = chunks(out)
        assert wait_until(lambda: chunks(out) > seen, 120), log.read_text()
        assert wait_until(lambda: len(rounds_done(out)) >= 2, 240), log.read_text()
    finally:
        kill_tree(cli)
    answers = json.loads((out / "submission.json").read_text())
    assert set(answers) == {"flip", "turn", "noise"}
    assert all(set(attempt) == {"attempt_1", "attempt_2"} for task in answers.values() for attempt in task)
    after = status_of(out)
    assert after.returncode == 0 and "solved on train" in after.stdout

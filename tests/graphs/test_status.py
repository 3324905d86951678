"""``python -m graphs.status OUT`` on finished and (crafted) running searches, and on folders without one.

A search watched by real processes while it runs is in tests/reliability/test_status.py.
"""

import hashlib
import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from graphs import status as status_module
from graphs.cli.options import build_parser
from graphs.cli.run import _saved_flags, main as run_main
from graphs.engine.store import ProgramRow, Store
from graphs.engine.telemetry import read_records
from graphs.status import StatusError, main, read_status, summary_rows
from tasks.running.evaluate import CandidateResult
from tests.graphs.test_run import FAST, MIRROR, NOISE, TURN


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """The output folder of a finished two-round search over three tasks (two solvable)."""
    tmp = tmp_path_factory.mktemp("status")
    data = tmp / "data"
    data.mkdir()
    for name, task in {"mirror": MIRROR, "turn": TURN, "noise": NOISE}.items():
        (data / f"{name}.json").write_text(json.dumps(task))
    out = tmp / "out"
    assert run_main(["--data", str(data), "--out", str(out), *FAST, "--rounds", "2"]) == 0
    return out


def printed(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def value_of(text: str, label: str) -> str:
    """The value printed beside a label, with the lines it wraps onto."""
    lines = text.splitlines()
    (start,) = [k for k, line in enumerate(lines) if line.startswith(label + " ")]
    value = [lines[start][len(label):]]
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        value.append(line)
    return " ".join(" ".join(value).split())


def test_a_finished_search_shows_where_it_ended(finished, capsys):
    code, out, err = printed([str(finished)], capsys)
    assert code == 0, err
    assert re.fullmatch(r"\d{8}-\d{6}-\w{6}: finished, started \S+ UTC \(\d+ s ago\), "
                        r"ended \S+ UTC \(\d+ s ago\)", value_of(out, "run"))
    assert value_of(out, "solved on train") == "2/3 tasks"
    assert value_of(out, "test outputs right").startswith("2/3 (66.7%")
    assert value_of(out, "health").startswith("healthy")
    assert "last commit" in out


def test_the_figures_are_the_runs_own(finished):
    status = read_status(finished)
    records = [r for r in read_records(finished / "telemetry.jsonl") if r["kind"] == "round"]
    assert [(r.round, r.candidates) for r in status.rates] == [(r["round"], r["candidates"]) for r in records]
    assert sum(status.outcomes.values()) == sum(r["candidates"] for r in records)
    assert status.current.index == 1 and status.current.finished and status.deadline is None
    assert (status.tasks, status.solved) == (3, 2)
    assert status.flags["rounds"] == 2 and status.report["test_outputs_right"] == 2
    rows = dict(summary_rows(status))
    assert rows["round"] == f"1 of 2: finished, {records[1]['candidates']} candidates"
    assert rows["candidates/s"] == ", ".join(
        f"round {r['round']} {r['candidates'] / r['wall_s']:.1f}" for r in records)


def test_status_changes_nothing_in_the_folder(finished, capsys):
    def snapshot():
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
                for path in finished.iterdir() if path.name != "store.sqlite-shm"}

    before = snapshot()
    assert main([str(finished)]) == 0
    capsys.readouterr()
    assert snapshot() == before


def test_watch_redraws_until_ctrl_c(finished, monkeypatch, capsys):
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(status_module.time, "sleep", sleep)
    code, out, _ = printed([str(finished), "--watch", "0.5"], capsys)
    assert code == 0 and naps == [0.5, 0.5, 0.5]
    assert "solved on train" in out


def test_watch_without_seconds_refreshes_every_two():
    assert status_module.build_parser().parse_args(["out", "--watch"]).watch == 2.0
    assert status_module.build_parser().parse_args(["out"]).watch is None


@pytest.mark.parametrize("make, message", [
    (lambda folder: folder / "missing", "missing: no such folder; pass a run's --out folder"),
    (lambda folder: folder, "no store.sqlite here; pass a run's --out folder"),
    (lambda folder: (folder / "store.sqlite").write_text("hello") and folder, "not an SQLite database"),
    (lambda folder: Store.open(folder / "store.sqlite").close() or folder, "no run in this store yet"),
])
def test_a_folder_without_a_search_is_one_line_and_exit_2(tmp_path, make, message, capsys):
    code, out, err = printed([str(make(tmp_path))], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


def test_a_running_round_shows_its_progress_and_deadline(tmp_path):
    args = build_parser().parse_args(["--rounds", "3", "--round-timeout", "60", "--tasks", "a", "b"])
    program = ProgramRow("solver_ab", "solver", "def solve(S, I):\n    O = rot90(I)\n    return O\n",
                         1, "hand")
    with Store.open(tmp_path / "store.sqlite") as store:
        store.begin_run("r1", {"flags": _saved_flags(args), "task_ids": ["a", "b"]}, seed=0)
        store.add_programs([program])
        store.connection.execute("INSERT INTO plans (run_id, round, chunk_size, saved) VALUES "
                                 "('r1', 0, 256, '2026-12-01T10:00:00.000+00:00')")
        store.write_chunk("r1", 0, "a", 0, [CandidateResult("solver_ab", "ok", 0.01, 1000, {}, ())])
    status = read_status(tmp_path)
    assert status.run.status == "running" and not status.current.finished
    assert status.deadline == datetime(2026, 12, 1, 10, 1, tzinfo=timezone.utc)
    rows = dict(summary_rows(status, now=status.deadline - timedelta(seconds=15)))
    rows["last commit"] = dict(summary_rows(status, now=status.last_commit))["last commit"]
    assert rows["round"] == "0 of 3: evaluating, 1 candidates so far; deadline 10:01:00 UTC (in 15 s)"
    assert rows["solved on train"] == "1/2 tasks"
    assert rows["settings"].startswith("bank-memory 134217728, bank-share 0.3, candidate-timeout 0.5, hard-timeout 30.0, ")
    assert "tasks a b" in rows["settings"]
    assert "candidates/s" not in rows  # no round has finished
    assert "still alive" not in rows["last commit"]
    # A killed client leaves its run "running": a silence longer than any round says so.
    later = dict(summary_rows(status, now=status.last_commit + timedelta(seconds=95)))
    assert later["last commit"].endswith(
        "(95 s ago); nothing since, though a round lasts at most 90 s: is the run still alive?")


def test_read_status_raises_status_error_for_a_folder_without_a_store(tmp_path):
    with pytest.raises(StatusError, match="no store.sqlite here"):
        read_status(tmp_path)

"""`python -m graphs.run` end to end on tiny tasks: outputs, flags, the pool across runs."""

import json

import pytest

from graphs import api
from graphs.api import ClusterSpec, SearchConfig, load_tasks, open_cluster, search, write_atomically
from graphs.api import write_answers as real_write_answers
from graphs.cli import run as cli_run
from graphs.cli.options import build_parser
from graphs.cli.run import _saved_flags, main
from graphs.engine.round import RoundSettings
from graphs.engine.store import Store
from graphs.engine.round import chosen_chunk_size
from graphs.engine.telemetry import read_records
from tasks.running.evaluate import Candidate
from tasks.search.settings import GenerationSettings

MIRROR = {"train": [{"input": [[1, 2, 3]], "output": [[3, 2, 1]]},
                    {"input": [[4, 0], [5, 6]], "output": [[0, 4], [6, 5]]}],
          "test": [{"input": [[7, 8]], "output": [[8, 7]]}]}
TURN = {"train": [{"input": [[1, 2], [3, 4]], "output": [[3, 1], [4, 2]]},
                  {"input": [[5, 6]], "output": [[5], [6]]}],
        "test": [{"input": [[1, 0], [0, 0]], "output": [[0, 1], [0, 0]]}]}
# The same input wants three outputs, each a colour found in neither the input nor the
# other pairs (what a program sees through S): no program of the DSL solves this.
NOISE = {"train": [{"input": [[1, 2], [3, 4]], "output": [[6]]},
                   {"input": [[1, 2], [3, 4]], "output": [[8]]},
                   {"input": [[1, 2], [3, 4]], "output": [[7]]}],
         "test": [{"input": [[1, 1], [2, 2]], "output": [[6]]}, {"input": [[3, 3], [3, 3]]}]}

FAST = ["--workers", "2", "--threads", "1", "--processes", "--rounds", "1", "--max-candidates", "300",
        "--generation-time", "3", "--round-timeout", "60", "-q"]


@pytest.fixture
def folder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name, task in {"mirror": MIRROR, "turn": TURN, "noise": NOISE}.items():
        (data / f"{name}.json").write_text(json.dumps(task))
    return data


def run(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_help_documents_every_flag_the_issue_names():
    text = build_parser().format_help()
    for flag in ["--data", "--split", "--tasks", "--count", "--seed", "--workers", "--threads",
                 "--processes", "--no-processes", "--memory-limit", "--scheduler", "--candidate-timeout",
                 "--round-timeout", "--rounds", "--chunk-size", "--out", "--quiet", "--verbose",
                 "--budget", "--resume", "--programs"]:
        assert flag in text


@pytest.mark.parametrize("args, message", [
    (["--workers", "0"], "--workers: must be a whole number >= 1"),
    (["--round-timeout", "soon"], "--round-timeout: must be a number of seconds"),
    (["--split", "testing"], "invalid choice"),
])
def test_bad_flag_values_exit_2_with_one_line(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_unknown_data_set_and_task_id_are_one_line_errors(tmp_path, capsys):
    code, _, err = run(["--data", "arc-agi-9", "--out", str(tmp_path / "o")], capsys)
    assert code == 2 and err.strip().count("\n") == 0 and "unknown data set 'arc-agi-9'" in err
    code, _, err = run(["--tasks", "nope", "--out", str(tmp_path / "o")], capsys)
    assert code == 2 and "unknown task id 'nope'" in err


def test_a_run_writes_its_outputs_and_a_second_run_starts_from_the_first(folder, tmp_path, capsys):
    out = tmp_path / "out"
    code, printed, err = run(["--data", str(folder), "--out", str(out), *FAST], capsys)
    assert code == 0, err
    assert "solved on train pairs: 2/3 tasks" in printed
    assert "test outputs right (top-2): 2/3" in printed
    assert "health: healthy" in printed

    submission = json.loads((out / "submission.json").read_text())
    assert set(submission) == {"mirror", "turn", "noise"}
    assert len(submission["noise"]) == 2  # one entry per test input, solved or not
    for attempts in submission.values():
        for attempt in attempts:
            assert set(attempt) == {"attempt_1", "attempt_2"}
            assert all(isinstance(row, list) for row in attempt["attempt_1"] + attempt["attempt_2"])
    assert [[8, 7]] in (submission["mirror"][0]["attempt_1"], submission["mirror"][0]["attempt_2"])

    report = json.loads((out / "report.json").read_text())
    assert report["tasks_solved_train"] == 2 and set(report["solved"]) == {"mirror", "turn"}

    records = read_records(out / "telemetry.jsonl")
    task_records = [r for r in records if r["kind"] == "task"]
    assert {r["task"] for r in task_records} == {"mirror", "turn", "noise"}
    assert all(sum(r["outcomes"].values()) == r["candidates"] > 0 for r in task_records)
    (round_record,) = [r for r in records if r["kind"] == "round"]
    assert round_record["candidates"] == sum(r["candidates"] for r in task_records)
    assert round_record["busy_s_by_worker"]
    # No --chunk-size: chosen for 3 tasks x 300 candidates on 2 threads, and saved with the plan.
    assert round_record["chunk_size"] == chosen_chunk_size(3 * 300, 2) == 112
    with Store.open_readonly(out / "store.sqlite") as store:
        assert store.plan_chunk_size(store.last_run().id, 0) == 112

    with Store.open_readonly(out / "store.sqlite") as store:
        first_run = store.last_run()
        assert first_run.status == "finished"
        solver_ids = {row.program_id for row in store.solvers()}
    # The next run in the same folder skips solved tasks and keeps their solvers.
    code, printed, err = run(["--data", str(folder), "--out", str(out), *FAST], capsys)
    assert code == 0, err
    assert "solved on train pairs: 2/3 tasks" in printed
    with Store.open_readonly(out / "store.sqlite") as store:
        assert len(store.runs()) == 2
        assert {row.program_id for row in store.solvers()} == solver_ids
        second = store.last_run()
        assert {row.task_id for row in store.task_table(second.id)} <= {"noise"}


def test_test_outputs_never_reach_the_search(folder, tmp_path):
    # Same tasks, same seed, test outputs changed: every stored result must be the same.
    # Generation stops on its size bound here, not on time, so the runs are deterministic.
    poisoned = tmp_path / "poisoned"
    poisoned.mkdir()
    for path in folder.glob("*.json"):
        task = json.loads(path.read_text())
        for pair in task["test"]:
            if "output" in pair:
                pair["output"] = [[9] * 3] * 3
        (poisoned / path.name).write_text(json.dumps(task))
    # Three rounds: enumeration (with its symmetries and stacked partial answers), then mutants,
    # transplants and deeper enumerations (sizes 0, 1, 2); every path of generation and ranking
    # runs. Each enumeration ends on its size bound, not on the clock or the bank's size (where it
    # stops within a size depends on timing), and no deadline cuts a round.
    config = SearchConfig(rounds=3, generation=GenerationSettings(max_size=0, time_budget_s=300,
                                                                  max_candidates=300,
                                                                  symmetries=("transpose",)),
                          round=RoundSettings(round_timeout_s=300.0), keep_solved=True)

    def results(data, out):
        with open_cluster(ClusterSpec(2, 1, True, "2GiB")) as client:
            found = search(client, load_tasks(str(data)), out, config, say=lambda line: None)
        with Store.open_readonly(out / "store.sqlite") as store:
            rows = store.connection.execute(
                "SELECT task_id, program_id, round, outcome, train_score, differ_score, differ_scores, "
                "predictions FROM results ORDER BY task_id, program_id, round").fetchall()
        return [tuple(row) for row in rows], found.submission, (out / "submission.json").read_text()

    clean = results(folder, tmp_path / "a")
    rows = clean[0]
    assert len(rows) > 100 and len({row[2] for row in rows}) == 3  # three rounds ran
    assert json.loads(clean[2]) == clean[1]
    # Every path of generation ran: a solver found for one task transplanted to another in a later
    # round (the pool as is), and mutants of the unsolvable task's near-misses.
    found_in = {(program, round_) for task, program, round_, outcome, *_ in rows if outcome == "ok"}
    assert any((program, earlier) in found_in and round_ > earlier
               for task, program, round_, outcome, *_ in rows for earlier in range(round_)
               if outcome != "ok")
    assert mutants_of_near_misses(tmp_path / "a" / "store.sqlite", "noise")
    assert clean == results(poisoned, tmp_path / "b")


def mutants_of_near_misses(store_path, task_id):
    """Programs evaluated on the task in round 1 that are mutants of its best round-0 mismatches."""
    import random

    from graphs.engine.store_rows import parse_stored
    from tasks.search.mutate import mutate

    with Store.open_readonly(store_path) as store:
        best = store.connection.execute(
            "SELECT r.program_id, p.source, p.kind FROM results r JOIN programs p ON p.id = r.program_id "
            "WHERE r.task_id = ? AND r.round = 0 AND r.outcome = 'mismatch' "
            "ORDER BY r.differ_score DESC, r.train_score DESC, r.program_id LIMIT 8", (task_id,)).fetchall()
        later = {row[0] for row in store.connection.execute(
            "SELECT program_id FROM results WHERE task_id = ? AND round = 1", (task_id,))}
    mutants = {Candidate.of(mutant).id for program_id, source, kind in best for seed in range(5)
               for mutant in mutate(parse_stored(source, kind, program_id), random.Random(seed), 200)}
    return mutants & later


def interrupted_run(out, argv):
    """A store with an interrupted run of these flags that had not finished a round."""
    with Store.open(out / "store.sqlite") as store:
        store.begin_run("r1", {"flags": _saved_flags(build_parser().parse_args(argv))}, seed=0)
        store.end_run("r1", "interrupted", {})


def test_resume_with_flags_that_contradict_the_saved_run_names_them(folder, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    interrupted_run(out, ["--data", str(folder), *FAST])
    code, printed, err = run(["--out", str(out), "--resume", "--seed", "3", "--count", "1",
                              "--max-candidates", "300", "--more-solvers", "--workers", "2"], capsys)
    assert code == 2 and printed == ""
    assert err.count("\n") == 1
    assert ("--count 1 (saved: unset), --seed 3 (saved: 0), --more-solvers on (saved: off); "
            "drop these flags") in err and "--max-candidates" not in err
    with Store.open_readonly(out / "store.sqlite") as store:
        assert store.last_run().status == "interrupted"  # nothing started


def test_resume_honours_rounds_and_budget_and_says_so(folder, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    interrupted_run(out, ["--data", str(folder), *FAST])
    code, printed, err = run(["--out", str(out), "--resume", "--rounds", "2", "--budget", "600",
                              *FAST[:5]], capsys)
    assert code == 0, err
    assert "resuming run r1 with --rounds 2 (saved: 1), --budget 600.0 (saved: unset)\n" in printed
    rounds = [r["round"] for r in read_records(out / "telemetry.jsonl") if r["kind"] == "round"]
    assert rounds == [0, 1]


def test_the_answers_are_written_after_every_round(folder, tmp_path, capsys, monkeypatch):
    written = []

    def write_answers(out, submission, report):
        written.append((set(submission), report["tasks_solved_train"]))
        real_write_answers(out, submission, report)

    monkeypatch.setattr(cli_run, "write_answers", write_answers)
    out = tmp_path / "out"
    code, _, err = run(["--data", str(folder), "--out", str(out), *FAST, "--rounds", "2"], capsys)
    assert code == 0, err
    assert written == [({"mirror", "turn", "noise"}, 2)] * 2
    assert set(json.loads((out / "submission.json").read_text())) == {"mirror", "turn", "noise"}
    assert not [path for path in out.iterdir() if path.name.startswith(".")]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "submission.json"
    write_atomically(target, '{"old": []}')

    def broken_fsync(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(api.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, '{"new": []}' * 1000)
    assert json.loads(target.read_text()) == {"old": []}
    assert [path.name for path in tmp_path.iterdir()] == ["submission.json"]

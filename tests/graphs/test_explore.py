"""graphs.notebook.explore: tables and rates read from real stores, and traces that agree with the interpreter."""

from __future__ import annotations

from collections import Counter

import pytest

from graphs.notebook import explore
from graphs.engine.search import SearchResult
from graphs.engine.store import ProgramRow, Store
from tasks.data.arc import Dataset, Pair, Task
from tasks.data.budget import Budget
from tasks.dsl.registry import Primitive
from tasks.data.arc import samples_without
from tasks.running.evaluate import CandidateResult
from tasks.running.interpreter import run_program
from tasks.programs.program import Program
from tasks.running.scoring import SolverFound
from tasks.solvers import load_solvers, load_tasks

SOLVERS = load_solvers()


@pytest.fixture(scope="module")
def solver_tasks():
    return load_tasks(SOLVERS).by_id()


def test_table_prints_aligned():
    table = explore.Table(("name", "score"), (("<b>", 1.25), ("long name", None)))
    assert str(table).splitlines() == ["name       score", "---------  -----", "<b>        1.2",
                                       "long name"]
    assert repr(table) == str(table)
    assert len(table) == 2 and table.column("score") == [1.25, None]


def test_table_as_a_dataframe_keeps_columns_and_values(store):
    pandas = pytest.importorskip("pandas")
    frame = explore.store_table(store).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(explore.store_table(store).columns)
    assert frame.set_index("task").loc["a", "solvers"] == 2
    assert frame.sort_values("best differ score", ascending=False)["task"].tolist() == ["b", "a"]
    assert explore.Table(("a",), ()).to_pandas().empty


def test_table_without_pandas_says_how_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r'pip install -e "\.\[notebook\]"'):
        explore.Table(("a",), ((1,),)).to_pandas()


def test_outcome_kind_shares_merge_details_and_sum_to_one():
    shares = explore.outcome_kind_shares({"error:TypeError": 2, "error:ValueError": 1, "ok": 1,
                                          "budget:cells": 1, "timeout": 5})
    assert shares == {"ok": 0.1, "error": 0.3, "budget": 0.1, "timeout": 0.5}
    assert list(shares) == ["ok", "error", "budget", "timeout"]  # the charts' stacking order


@pytest.mark.parametrize("task_id", sorted(SOLVERS))
def test_trace_ends_in_what_the_interpreter_returns(task_id, solver_tasks):
    task, program = solver_tasks[task_id], SOLVERS[task_id]
    steps = explore.trace_on_pair(program, task, pair_index=0)
    assert [step.name for step in steps][-1] == "O" and len(steps) == program.size
    assert not any(step.error for step in steps)
    ran = run_program(program, {"S": samples_without(task, 0), "I": task.train[0].input},
                      explore.TRACE_BUDGET)
    assert steps[-1].value == ran.value == task.train[0].output


def boom(grid):
    raise ValueError("no")


VOCABULARY = {"flip": Primitive("flip", lambda g: tuple(r[::-1] for r in g), ("Grid",), "Grid", ""),
              "boom": Primitive("boom", boom, ("Grid",), "Grid", "")}


def test_trace_stops_at_the_failing_step():
    program = Program.from_steps("solver", [("flip", "I"), ("boom", "x1"), ("flip", "x2")])
    steps = explore.trace_program(program, {"S": (), "I": ((1, 2),)}, primitives=VOCABULARY,
                                  constants={})
    assert [(s.name, s.value, s.error) for s in steps] == [
        ("x1", ((2, 1),), ""), ("x2", None, "ValueError: no")]
    assert steps[1].text == "x2 = boom(x1)"


def test_trace_keeps_to_its_budget():
    program = Program.from_steps("solver", [("flip", "I"), ("flip", "x1"), ("flip", "x2")])
    steps = explore.trace_program(program, {"S": (), "I": ((1, 2),)}, Budget(max_steps=2),
                                  primitives=VOCABULARY, constants={})
    assert [s.error for s in steps] == ["", "", "budget:steps (3 > 2)"]


def test_run_on_train_gives_one_outcome_per_pair(solver_tasks):
    task = solver_tasks["67a3c6ac"]
    outcomes = explore.run_on_train(SOLVERS["67a3c6ac"], task)
    assert [o.value for o in outcomes] == [pair.output for pair in task.train]


SOURCE = "def solve(S, I):\n    O = {}(I)\n    return O\n"


@pytest.fixture
def store(tmp_path):
    """A store with one run of two rounds: task a solved by two programs, task b only near-misses."""
    rows = [ProgramRow(f"solver_{name}", "solver", SOURCE.format(prim), size, "hand")
            for name, prim, size in [("s1", "rot90", 1), ("s2", "rot180", 1), ("m1", "identity", 1),
                                     ("m2", "transpose", 1)]]
    with Store.open(tmp_path / "store.sqlite") as writer:
        writer.begin_run("run1", {}, seed=0)
        writer.add_programs(rows)
        writer.write_chunk("run1", 0, "a", 0, [
            CandidateResult("solver_s1", "ok", 0.1, 1000, {}, (((1,),),)),
            CandidateResult("solver_m1", "mismatch", 0.1, 500, {"differ_x": 700.0, "differ_y": 300.0}),
            CandidateResult("solver_m2", "error:TypeError", 0.1)])
        writer.write_chunk("run1", 1, "a", 0, [CandidateResult("solver_s2", "ok", 0.2, 1000, {},
                                                                (((2,),),))])
        writer.write_chunk("run1", 1, "b", 0, [
            CandidateResult("solver_m1", "mismatch", 0.1, 400, {"differ_x": 900.0}),
            CandidateResult("solver_m2", "mismatch", 0.1, 100, {}),
            CandidateResult("solver_s1", "timeout", 0.0)])
        writer.end_run("run1", "finished", {"candidates": 6, "solved_train": 1})
    with Store.open_readonly(tmp_path / "store.sqlite") as reader:
        yield reader


def test_store_table_has_a_row_per_task(store):
    table = explore.store_table(store)
    assert table.column("task") == ["a", "b"]
    assert table.column("candidates") == [4, 3]
    assert table.column("solvers") == [2, 0]
    assert table.column("best solver") == ["solver_s1", None]
    assert table.column("best differ score") == [500.0, 900.0]


def test_solvers_table_ranks_within_each_task(store):
    table = explore.solvers_table(store)
    assert [(row[0], row[1], row[2], row[5]) for row in table.rows] == [
        ("a", 1, "solver_s1", 0), ("a", 2, "solver_s2", 1)]
    assert table.column("source") == ["O = rot90(I)", "O = rot180(I)"]


def test_outcome_rates_per_round(store):
    assert explore.outcome_rates(store) == {
        0: pytest.approx({"ok": 1 / 3, "mismatch": 1 / 3, "error": 1 / 3}),
        1: pytest.approx({"ok": 0.25, "mismatch": 0.5, "timeout": 0.25})}


def test_runs_table(store):
    assert explore.runs_table(store).rows[0][:2] == ("run1", "finished")
    assert explore.runs_table(store).column("solved on train") == [1]


def test_near_miss_matrix_leaves_out_unscored_near_misses(store):
    near = store.near_misses("b", 5)
    assert [row.program_id for row in near] == ["solver_m1", "solver_m2"]
    ids, columns, scores = explore.near_miss_matrix(near, names={"differ_x": "cells"})
    assert (ids, columns, scores) == (["solver_m1"], ["mean", "cells"], [[900.0, 900.0]])
    ids, columns, scores = explore.near_miss_matrix(store.near_misses("a", 5), names={})
    assert columns == ["mean", "differ_x", "differ_y"] and scores == [[500.0, 700.0, 300.0]]
    assert explore.best_near_miss(store, "b").program_id == "solver_m1"
    assert explore.best_near_miss(store, "nowhere") is None


def test_latest_run_of_an_empty_store_is_an_error(tmp_path):
    Store.open(tmp_path / "s.sqlite").close()
    with Store.open_readonly(tmp_path / "s.sqlite") as empty, pytest.raises(ValueError, match="no run"):
        explore.latest_run_id(empty)


def test_result_table_and_attempts():
    task = Task("a", (Pair(((1,),), ((2,),)),), (((3,),),))
    dataset = Dataset("mem", (task, Task("b", task.train, task.test_inputs)),
                      {"a": (((4,),),), "b": (((4,),),)})
    result = SearchResult(
        "run1", 2, [], Counter({"ok": 1}), 1.0, {},
        {"a": [SolverFound("solver_s1", 1, 0, (((4,),),))], "b": []},
        {"a": [{"attempt_1": [[4]], "attempt_2": [[4]]}], "b": [{"attempt_1": [[3]], "attempt_2": [[3]]}]},
        {"per_task": {"a": {"test_right": 1, "test_known": 1}, "b": {"test_right": 0, "test_known": 1}}})
    table = explore.result_table(result)
    assert table.rows == (("a", True, 1, "solver_s1", "1/1"), ("b", False, 0, None, "0/1"))
    assert explore.attempts_vs_expected(result, dataset, "b") == [(((3,),), ((4,),), ((3,),))]


def test_quick_demo_is_smaller_than_the_full_one():
    quick, full = explore.demo_config(True), explore.demo_config(False)
    assert quick.rounds < full.rounds
    assert quick.generation.max_candidates < full.generation.max_candidates
    assert len(explore.demo_tasks(True)) < len(explore.demo_tasks(False))
    assert set(explore.demo_tasks(True)) <= set(explore.demo_tasks(False))
    assert explore.demo_spec(True).workers == 1 and explore.demo_spec(True, dashboard=True).dashboard
    assert explore.notebook_quick({}) and not explore.notebook_quick({explore.FULL_VARIABLE: "1"})
    assert "rounds: 1" in explore.describe_config(quick)

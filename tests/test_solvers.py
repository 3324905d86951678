"""Hand-written solvers: every one is right on its task's train and test pairs.

The solver files are program text: they are parsed, type-checked and run by
the interpreter, never imported.
"""

from __future__ import annotations

import fnmatch
import subprocess
import sys
from pathlib import Path

import pytest

from tasks.programs.canonical import content_id
from tasks.programs.parse import ProgramSyntaxError
from tasks.programs.program import SOLVER, Program
from tasks.solvers import (SOLVER_FOLDER, SolverCheck, check_solver, check_solvers,
                           load_solvers, load_tasks, solver_files)
from tasks.solvers import conftest as solver_conftest

SOLVERS = load_solvers()
DATASET = load_tasks(SOLVERS)
ROOT = Path(__file__).resolve().parents[1]


def test_there_are_at_least_fifty_solvers_for_real_training_tasks():
    assert len(SOLVERS) >= 50
    assert set(SOLVERS) == {task.id for task in DATASET.tasks}
    assert all(program.kind == SOLVER for program in SOLVERS.values())


@pytest.mark.parametrize("task_id", sorted(SOLVERS))
def test_solver_is_right_on_every_train_and_test_pair(task_id):
    check = check_solver(task_id, SOLVERS[task_id], DATASET)
    assert check.correct, str(check)
    task = DATASET.by_id()[task_id]
    assert check.pairs == len(task.train) + len(task.test_inputs)


def test_solvers_span_the_dsl_rather_than_repeating_one_trick():
    used = set().union(*(program.primitives for program in SOLVERS.values()))
    assert len(used) >= 80
    assert len({content_id(program) for program in SOLVERS.values()}) >= len(SOLVERS) - 5


def test_a_wrong_solver_is_reported_with_the_first_failing_pair():
    wrong = Program.from_steps(SOLVER, [("identity", "I")])
    check = check_solver("67a3c6ac", wrong, DATASET)
    assert not check.correct and check.right == 0
    assert check.failure == "train 0: wrong output"
    assert str(check).startswith("FAIL 67a3c6ac  0/")


def test_a_failing_solver_reports_its_outcome():
    crashing = Program.from_steps(SOLVER, [("crop", "I", "ORIGIN", "ORIGIN")])
    check = check_solver("67a3c6ac", crashing, DATASET)
    assert not check.correct
    assert check.failure.startswith("train 0: error:")


def test_an_unknown_task_is_a_failure_not_a_crash():
    assert check_solver("ffffffff", SOLVERS["67a3c6ac"], DATASET) == SolverCheck(
        "ffffffff", 0, 0, f"no task ffffffff in {DATASET.source}")


def test_only_task_id_files_are_solvers():
    names = {path.name for path in solver_files()}
    assert "__init__.py" not in names and "conftest.py" not in names
    assert all(len(Path(name).stem) == 8 for name in names)


def test_pytest_is_kept_from_importing_the_program_files():
    (pattern,) = solver_conftest.collect_ignore_glob
    files = [path.name for path in SOLVER_FOLDER.glob("*.py")]
    ignored = {name for name in files if fnmatch.fnmatch(name, pattern)}
    assert ignored == {path.name for path in solver_files()}


def test_syntax_errors_name_the_file_and_line(tmp_path):
    (tmp_path / "0123abcd.py").write_text("# a comment\ndef solve(S, I):\n    x1 = rot90(I)\n"
                                          "    O = x1[0]\n    return O\n")
    with pytest.raises(ProgramSyntaxError, match=r"0123abcd.py:4: subscript is not allowed"):
        load_solvers(tmp_path)


def test_type_errors_name_the_file_and_the_step(tmp_path):
    (tmp_path / "0123abcd.py").write_text("def solve(S, I):\n    x1 = size(I)\n"
                                          "    O = rot90(x1)\n    return O\n")
    with pytest.raises(ProgramSyntaxError, match=r"0123abcd.py:1: type error: .*rot90\(x1\)"):
        load_solvers(tmp_path)


def test_a_differ_is_not_accepted_as_a_solver(tmp_path):
    (tmp_path / "0123abcd.py").write_text("def differ(S, I, C):\n    O = colour_counts(I)\n"
                                          "    return O\n")
    with pytest.raises(ProgramSyntaxError, match=r"0123abcd.py:1: expected a solver"):
        load_solvers(tmp_path)


def test_check_solvers_covers_every_solver_in_order():
    checks = check_solvers(SOLVERS, DATASET)
    assert [check.task_id for check in checks] == sorted(SOLVERS)
    assert all(check.correct for check in checks)


def test_the_command_prints_one_line_per_solver_and_the_total():
    result = subprocess.run([sys.executable, "-m", "tasks.solvers"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(lines) == len(SOLVERS) + 1
    assert lines[-1] == f"{len(SOLVERS)}/{len(SOLVERS)} solvers correct"

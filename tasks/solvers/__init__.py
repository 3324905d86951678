"""Hand-written solvers for ARC-AGI-1 training tasks, as DSL program files.

Each file ``<task_id>.py`` in this folder holds one ``def solve(S, I):``
program. The files are data: they are read as text and parsed by
``tasks.programs.parse``, never imported or executed. They keep the ``.py`` suffix so
editors highlight them; ``conftest.py`` here keeps pytest from importing them.

They prove the DSL on real tasks and seed the search's pool of programs.

>>> solvers = load_solvers()
>>> solvers["67a3c6ac"].steps[-1].primitive
'mirror_left_right'
>>> check_solver("67a3c6ac", solvers["67a3c6ac"], load_tasks(["67a3c6ac"])).correct
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from tasks.data.arc import Dataset, load_dataset
from tasks.data.budget import Budget
from tasks.data.arc import samples_without
from tasks.running.interpreter import run_program
from tasks.programs.parse import ProgramSyntaxError, parse_program
from tasks.programs.program import SOLVER, Program
from tasks.programs.typecheck import ProgramTypeError, typecheck

SOLVER_FOLDER = Path(__file__).parent
DATA = ("arc-agi-1", "training")

# A solver file is named by its task id: eight hex digits, as ARC-AGI-1 ids are.
_TASK_FILE = re.compile(r"[0-9a-f]{8}\.py\Z")

# Generous limits: these are trusted programs, and a slow one should fail loudly, not time out.
CHECK_BUDGET = Budget(timeout_s=10.0)


def solver_files(folder: Path = SOLVER_FOLDER) -> list[Path]:
    """The solver files of ``folder``, sorted by task id.

    >>> solver_files()[0].name
    '007bbfb7.py'
    """
    return sorted(path for path in folder.iterdir() if _TASK_FILE.match(path.name))


def read_solver(path: Path) -> Program:
    """Parse and type-check one solver file; errors name the file and line.

    Raises ``ProgramSyntaxError`` (``file:line: reason``) for text the DSL does
    not accept, including a type misfit (reported at the ``def`` line, the
    message naming the step).
    """
    text = path.read_text()
    program = parse_program(text, str(path), kind=SOLVER)
    try:
        typecheck(program)
    except ProgramTypeError as error:
        line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("def ")), 1)
        raise ProgramSyntaxError(str(path), line, f"type error: {error}") from None
    return program


def load_solvers(folder: Path = SOLVER_FOLDER) -> dict[str, Program]:
    """Every solver of ``folder``: task id -> Program, sorted by task id."""
    return {path.stem: read_solver(path) for path in solver_files(folder)}


def load_tasks(ids: Iterable[str] | None = None) -> Dataset:
    """The ARC-AGI-1 training tasks the solvers are for (all of them when ``ids`` is None)."""
    return load_dataset(*DATA, ids=None if ids is None else list(ids))


@dataclass(frozen=True)
class SolverCheck:
    """How one solver did: pairs right out of pairs run, and the first failure if any."""

    task_id: str
    right: int
    pairs: int
    failure: str = ""

    @property
    def correct(self) -> bool:
        return self.right == self.pairs and self.pairs > 0

    def __str__(self) -> str:
        verdict = "ok  " if self.correct else "FAIL"
        tail = f"  {self.failure}" if self.failure else ""
        return f"{verdict} {self.task_id}  {self.right}/{self.pairs} pairs{tail}"


def _runs(task, answers) -> Iterable[tuple[str, dict, object]]:
    """(label, inputs, expected) for every train pair (leave-one-out S) and test pair."""
    for k, pair in enumerate(task.train):
        yield f"train {k}", {"S": samples_without(task, k), "I": pair.input}, pair.output
    everything = samples_without(task, None)
    for k, (grid, expected) in enumerate(zip(task.test_inputs, answers)):
        yield f"test {k}", {"S": everything, "I": grid}, expected


def check_solver(task_id: str, program: Program, dataset: Dataset,
                 budget: Budget = CHECK_BUDGET) -> SolverCheck:
    """Run ``program`` on its task's train pairs and test pairs (outputs from ``dataset.answers``)."""
    task = dataset.by_id().get(task_id)
    if task is None:
        return SolverCheck(task_id, 0, 0, f"no task {task_id} in {dataset.source}")
    right, pairs, failure = 0, 0, ""
    for label, inputs, expected in _runs(task, dataset.answers.get(task_id, ())):
        pairs += 1
        outcome = run_program(program, inputs, budget)
        if outcome.ok and outcome.value == expected:
            right += 1
        elif not failure:
            failure = f"{label}: {outcome.label if not outcome.ok else 'wrong output'}"
    return SolverCheck(task_id, right, pairs, failure)


def check_solvers(solvers: Mapping[str, Program], dataset: Dataset | None = None,
                  budget: Budget = CHECK_BUDGET) -> list[SolverCheck]:
    """``check_solver`` for every solver, in task id order."""
    dataset = load_tasks(solvers) if dataset is None else dataset
    return [check_solver(task_id, solvers[task_id], dataset, budget) for task_id in sorted(solvers)]

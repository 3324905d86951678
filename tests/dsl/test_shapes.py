"""Shape rules are exact where their primitive succeeds, and pruning by them changes nothing found."""

from __future__ import annotations

from dataclasses import replace
from itertools import islice, product

import pytest

from tasks.data.arc import leave_one_out, load_dataset
from tasks.data.budget import Budget, enter, leave
from tasks.dsl import CONSTANTS, PRIMITIVES
from tasks.dsl.shapes import shape_of
from tasks.programs.program import vocabulary
from tasks.running.interpreter import is_valid_grid
from tasks.search.enumerate import Search
from tasks.search.settings import GenerationSettings

TASKS = ("007bbfb7", "0520fde7", "1cf80156", "3c9b0459", "6150a2bd", "a416b8f3", "b91ae062", "d10ecb37")
RULED = sorted(name for name, entry in PRIMITIVES.items() if entry.shape is not None)


def argument_values(task) -> dict[str, list]:
    """Values of each argument type, from a task's grids and the DSL's own results on them."""
    grids = [grid for pair in task.train for grid in (pair.input, pair.output)]
    objects = [obj for grid in grids[:4] for obj in islice(PRIMITIVES["objects"].function(grid, True, False, True), 3)]
    return {
        "Grid": grids,
        "Integer": [-1, 0, 1, 2, 3, 5, 8],
        "Pair": [CONSTANTS[name].value for name in ("UNITY", "UP", "DOWN", "LEFT", "RIGHT", "TWO_BY_TWO")],
        "Object": objects,
        "Patch": objects + [frozenset(cell for _, cell in obj) for obj in objects],
        # The task's own samples, and samples that keep every grid as it is (any rule fits them).
        "Samples": [leave_one_out(task)[0], tuple((grid, grid) for grid in grids[:3])],
    }


@pytest.mark.parametrize("name", RULED)
def test_a_shape_rule_tells_the_shape_of_every_result(name: str) -> None:
    entry = PRIMITIVES[name]
    tasks = load_dataset("arc-agi-1", "training", ids=list(TASKS)).tasks
    checked = 0
    for task in tasks:
        values = argument_values(task)
        for args in islice(product(*(values[kind] for kind in entry.args)), 400):
            token = enter(Budget(timeout_s=1.0, max_cells=3_600))
            try:
                result = entry.function(*args)
            except Exception:  # noqa: BLE001 - the primitive refuses these arguments
                continue
            finally:
                leave(token)
            if not is_valid_grid(result):
                continue
            assert entry.shape(*args) == shape_of(result), (name, args)
            checked += 1
    assert checked >= 5, f"{name}: too few arguments it accepts to check its rule"


def without_rules(primitives: dict) -> dict:
    return {name: replace(entry, shape=None) for name, entry in primitives.items()}


@pytest.mark.parametrize("task_id", ("0520fde7", "6150a2bd", "d10ecb37"))
def test_pruning_by_shape_keeps_the_same_bank(task_id: str) -> None:
    """For the same limits in sizes, the bank with rules equals the bank built by running everything."""
    task = load_dataset("arc-agi-1", "training", ids=[task_id]).tasks[0]
    primitives, constants = vocabulary()
    settings = GenerationSettings(max_size=2, time_budget_s=120, max_values=10**6, stop_when_solved=False)
    banks = []
    for vocabulary_used in (primitives, without_rules(primitives)):
        search = Search(task, settings, vocabulary_used, constants)
        assert search.run() == "size"
        banks.append(sorted(term.text for term in search.bank.terms()))
    assert banks[0] == banks[1]

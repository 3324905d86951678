"""Primitives declared commutative give one result for either order, and building one order loses nothing."""

from __future__ import annotations

from dataclasses import replace
from itertools import islice, product

import pytest

from tasks.data.arc import load_dataset
from tasks.data.budget import Budget, enter, leave
from tasks.dsl import PRIMITIVES
from tasks.dsl.registry import primitive
from tasks.programs.program import vocabulary
from tasks.search.bank import term_key
from tasks.search.enumerate import Search
from tasks.search.settings import GenerationSettings
from tests.dsl.test_shapes import TASKS, argument_values

COMMUTATIVE = sorted(name for name, entry in PRIMITIVES.items() if entry.commutative)


def values_of(task) -> dict[str, list]:
    values = argument_values(task)
    patches = values["Patch"]
    values["FrozenSet"] = patches + [frozenset({1, 2}), frozenset({2, 3}), frozenset()]
    return values


def outcome(function, args):
    token = enter(Budget(timeout_s=1.0, max_cells=3_600))
    try:
        return ("value", function(*args))
    except Exception as error:  # noqa: BLE001 - either order must refuse alike
        return ("refused", type(error).__name__)
    finally:
        leave(token)


@pytest.mark.parametrize("name", COMMUTATIVE)
def test_a_commutative_primitive_gives_the_same_result_with_its_first_two_arguments_exchanged(name):
    entry = PRIMITIVES[name]
    checked = 0
    for task in load_dataset("arc-agi-1", "training", ids=list(TASKS)).tasks:
        values = values_of(task)
        for args in islice(product(*(values[kind] for kind in entry.args)), 300):
            exchanged = (args[1], args[0], *args[2:])
            here, there = outcome(entry.function, args), outcome(entry.function, exchanged)
            assert here[0] == there[0], (name, args)
            if here[0] == "value":
                assert here[1] == there[1], (name, args)
                checked += 1
    assert checked >= 5, f"{name}: too few arguments it accepts to check"


def test_commutative_needs_two_first_arguments_of_one_type():
    with pytest.raises(ValueError, match="commutative needs two first arguments of one type"):
        primitive("Grid", "Integer", returns="Grid", register=False, commutative=True)(lambda grid, n: grid)


@pytest.mark.parametrize("task_id", ("0520fde7", "99b1bc43", "d10ecb37"))
def test_building_one_order_of_commutative_arguments_keeps_every_value_of_the_bank(task_id):
    """For the same size limits, the bank holds the same values (texts may name the other order)."""
    task = load_dataset("arc-agi-1", "training", ids=[task_id]).tasks[0]
    primitives, constants = vocabulary()
    plain = {name: replace(entry, commutative=False) for name, entry in primitives.items()}
    settings = GenerationSettings(max_size=2, time_budget_s=120, max_values=10**6, stop_when_solved=False)
    banks, applied = [], []
    for used in (primitives, plain):
        search = Search(task, settings, used, constants)
        assert search.run() == "size"
        terms = list(search.bank.terms())
        banks.append((len(terms), {(term.size, term_key(term)) for term in terms}))
        applied.append(search.solved_at)
    assert banks[0] == banks[1]
    assert applied[0] == applied[1]


def test_one_order_offers_each_unordered_choice_of_arguments_exactly_once():
    task = load_dataset("arc-agi-1", "training", ids=["0520fde7"]).tasks[0]
    primitives, constants = vocabulary()
    settings = GenerationSettings(max_size=2, time_budget_s=120, max_values=10**6, stop_when_solved=False)
    search = Search(task, settings, primitives, constants)
    search.run()
    search.bank.settle(2)
    for name in ("grid_and", "union", "add"):
        entry = PRIMITIVES[name]
        plain = replace(entry, commutative=False)
        offered = 0
        for size in (2, 3):
            one = [(frozenset((id(a), id(b))), tuple(map(id, rest))) for a, b, *rest in search._choices(entry, size)]
            both = {(frozenset((id(a), id(b))), tuple(map(id, rest)))
                    for a, b, *rest in search._choices(plain, size)}
            assert len(one) == len(set(one)) and set(one) == both, (name, size)
            offered += len(one)
        assert offered > 0, name

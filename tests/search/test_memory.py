"""A bank keeps one copy of each row and cell its values share, and counts them once."""

from __future__ import annotations

import gc
import sys

from tasks.data.arc import Pair, Task
from tasks.programs.program import vocabulary
from tasks.search.bank import Bank
from tasks.search.enumerate import Search
from tasks.search.settings import GenerationSettings
from tasks.search.terms import Term


def fresh(rows) -> tuple:
    """A grid whose every row is a new object, as a primitive's result would be."""
    return tuple(tuple(list(row)) for row in rows)


def grid_term(grid: tuple, size: int = 1) -> Term:
    return Term("Grid", "Grid", (fresh(grid),), size)


def test_equal_rows_of_different_grids_are_one_object() -> None:
    bank = Bank()
    first = grid_term(((0, 0, 0), (1, 2, 3)))
    second = grid_term(((1, 2, 3), (0, 0, 0), (0, 0, 0)))
    assert bank.add(first) and bank.add(second)
    assert first.values[0][1] is second.values[0][0]
    assert second.values[0][1] is second.values[0][2] is first.values[0][0]


def test_cells_of_patches_are_shared() -> None:
    bank = Bank()
    a = Term("Indices", "Indices", (frozenset(fresh([(0, 0), (0, 1)])),), 1)
    b = Term("Indices", "Indices", (frozenset(fresh([(0, 1), (5, 5)])),), 1)
    assert bank.add(a) and bank.add(b)
    kept = {id(cell) for value in (a.values[0], b.values[0]) for cell in value}
    assert len(kept) == 3


def test_shared_rows_are_counted_once() -> None:
    """A second grid made of rows already held costs only its own tuple of rows."""
    bank = Bank()
    bank.add(grid_term(((0,) * 10,) * 10))
    one = bank.bytes
    bank.add(grid_term(((0,) * 10,) * 9))
    again = bank.bytes - one
    assert one > again
    # Its tuple of 9 rows and the term's overhead: no row is counted twice.
    assert again < sys.getsizeof(((0,) * 10,) * 9) + 400


def test_the_bank_holds_no_copy_of_a_stored_value_but_the_shared_one() -> None:
    """The lookup key is made from the shared values, so the originals are not kept alive by it."""
    bank = Bank()
    first, second = grid_term(((7, 7), (1, 1))), grid_term(((1, 1), (7, 7)))
    bank.add(first)
    bank.add(second)
    key = list(bank.seen)[1]
    assert key[1] is second.values
    assert key[1][0][0] is first.values[0][1]


def test_the_estimate_follows_what_the_values_really_hold() -> None:
    """Bank.bytes against the memory reachable from the stored values, within a factor of two."""
    rows = tuple(tuple((r * c) % 10 for c in range(12)) for r in range(12))
    task = Task("m", (Pair(rows, rows[::-1]), Pair(rows[::-1], rows)), ())
    primitives, constants = vocabulary()
    search = Search(task, GenerationSettings(max_size=3, time_budget_s=60, max_values=2_000,
                                             stop_when_solved=False), primitives, constants)
    search.run()
    gc.collect()
    seen: set[int] = set()

    def reachable(value: object) -> int:
        if id(value) in seen or not isinstance(value, (tuple, frozenset)):
            return 0
        seen.add(id(value))
        return sys.getsizeof(value) + sum(reachable(item) for item in value)

    held = sum(reachable(value) for term in search.bank.terms() for value in term.values)
    overhead = 320 * search.bank.count
    assert 0.5 < (search.bank.bytes - overhead) / held < 2.0

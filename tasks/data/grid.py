"""Grids: immutable tuples of row tuples of ints 0..9, 1..30 rows and columns.

>>> to_grid([[0, 1], [2, 3]])
((0, 1), (2, 3))
>>> to_grid([[0, 1], [2]])
Traceback (most recent call last):
...
tasks.data.grid.GridError: ragged rows: row 1 has 1 cells, row 0 has 2
"""

from __future__ import annotations

from typing import Any

Grid = tuple[tuple[int, ...], ...]

MAX_SIDE = 30
COLOURS = range(10)


class GridError(ValueError):
    """Raw data is not a valid ARC grid; the message says what is wrong."""


def to_grid(raw: Any) -> Grid:
    """Validate a list-of-lists (as read from JSON) and freeze it into a Grid."""
    if not isinstance(raw, (list, tuple)):
        raise GridError(f"expected a list of rows, got {type(raw).__name__}")
    if not 1 <= len(raw) <= MAX_SIDE:
        raise GridError(f"{len(raw)} rows, expected 1..{MAX_SIDE}")
    rows = []
    for r, row in enumerate(raw):
        if not isinstance(row, (list, tuple)):
            raise GridError(f"row {r} is a {type(row).__name__}, expected a list of ints")
        if len(row) != len(raw[0]):
            raise GridError(f"ragged rows: row {r} has {len(row)} cells, row 0 has {len(raw[0])}")
        for c, value in enumerate(row):
            # bool is an int subclass, but True is not a colour.
            if type(value) is not int or value not in COLOURS:
                raise GridError(f"cell ({r}, {c}) is {value!r}, expected an int 0..9")
        rows.append(tuple(row))
    if not 1 <= len(rows[0]) <= MAX_SIDE:
        raise GridError(f"{len(rows[0])} columns, expected 1..{MAX_SIDE}")
    return tuple(rows)


def is_grid(value: Any) -> bool:
    """True when ``value`` is already a valid Grid (tuples, ints 0..9, 1..30 a side).

    >>> is_grid(((1,),)), is_grid([[1]]), is_grid(((1, 2), (3,)))
    (True, False, False)
    """
    if type(value) is not tuple or not 1 <= len(value) <= MAX_SIDE:
        return False
    width = len(value[0]) if type(value[0]) is tuple else -1
    if not 1 <= width <= MAX_SIDE:
        return False
    return all(type(row) is tuple and len(row) == width
               and all(type(v) is int and 0 <= v <= 9 for v in row) for row in value)


# Scores of grids against expected grids run 0..MAX_SCORE (identical).
MAX_SCORE = 1000


def cell_accuracy(got: Grid, expected: Grid) -> int:
    """Share of equal cells, 0..1000; 0 when the shapes differ.

    >>> cell_accuracy(((1, 2),), ((1, 3),)), cell_accuracy(((1,),), ((1, 1),))
    (500, 0)
    """
    if len(got) != len(expected) or len(got[0]) != len(expected[0]):
        return 0
    cells = len(expected) * len(expected[0])
    same = sum(a == b for row_a, row_b in zip(got, expected) for a, b in zip(row_a, row_b))
    return same * MAX_SCORE // cells

"""Grids made from summaries of a grid: counts shown as lengths, colours ranked, objects counted, the repeating tile.

Beside ``tasks.dsl.selection`` (parts and crops of a grid): here the output
is built from what the grid holds, not cut from it. 0 is the background;
a summary longer than a grid's side does not fit (``ValueError``).

>>> colour_bars(((1, 1, 2),))
((1, 2), (1, 0))
"""

from __future__ import annotations

from collections import Counter

from tasks.dsl.colour import most_common_of
from tasks.dsl.geometry import subgrid
from tasks.dsl.objects import connected_groups
from tasks.dsl.registry import primitive
from tasks.dsl.selection import _drawn
from tasks.data.types import GRID, INTEGER

__all__ = [
    "foreground_row", "colours_by_count", "colour_bars", "objects_diagonal",
    "most_common_object", "repeating_tile",
]

# The largest side an ARC grid may have: a summary longer than this does not fit.
MAX_SIDE = 30

# ---------------------------------------------------------------- grids from counts

def _foreground_counts(grid) -> Counter:
    counts = Counter(value for row in grid for value in row if _drawn(value))
    if not counts:
        raise ValueError("the grid has no cell but 0")
    return counts


def _by_count(counts: Counter) -> list[int]:
    """The colours from the most to the least common, ties going to the lowest colour."""
    return sorted(counts, key=lambda colour: (-counts[colour], colour))


def _check_side(length: int, what: str) -> int:
    if length > MAX_SIDE:
        raise ValueError(f"{what} of {length} cells is longer than a grid's side")
    return length


def _foreground_row_shape(grid) -> tuple[int, int]:
    return 1, sum(1 for row in grid for value in row if _drawn(value))


@primitive(GRID, returns=GRID, shape=_foreground_row_shape)
def foreground_row(grid):
    """The colours of the non-zero cells as one row, in reading order: a count shown as a length.

    >>> foreground_row(((0, 3, 0), (4, 0, 3)))
    ((3, 4, 3),)
    """
    row = tuple(value for line in grid for value in line if _drawn(value))
    if not row:
        raise ValueError("the grid has no cell but 0")
    _check_side(len(row), "a row")
    return (row,)


def _colours_by_count_shape(grid, skip: int) -> tuple[int, int]:
    return len({value for row in grid for value in row if _drawn(value)}) - skip, 1


@primitive(GRID, INTEGER, returns=GRID, shape=_colours_by_count_shape)
def colours_by_count(grid, skip):
    """The non-zero colours as one column, the most common on top, the ``skip`` most common left out.

    Ties go to the lowest colour. Skipping the dominant colours leaves the
    rare ones, ranked; nothing left does not fit.

    >>> colours_by_count(((2, 0, 5), (5, 5, 2), (7, 0, 0)), 0)
    ((5,), (2,), (7,))
    >>> colours_by_count(((2, 0, 5), (5, 5, 2), (7, 0, 0)), 1)
    ((2,), (7,))
    """
    if skip < 0:
        raise ValueError(f"cannot skip {skip} colours")
    ranked = _by_count(_foreground_counts(grid))[skip:]
    if not ranked:
        raise ValueError(f"no colour left after the {skip} most common")
    return tuple((colour,) for colour in ranked)


@primitive(GRID, returns=GRID)
def colour_bars(grid):
    """A bar chart of the colour counts: a column per non-zero colour, as tall as its count.

    Bars hang from the top, the most common colour's first (ties to the lowest
    colour); 0 fills below the shorter ones. Turns and mirrors of it stand or
    lie the chart the other ways.

    >>> colour_bars(((1, 1, 2), (3, 1, 2)))
    ((1, 2, 3), (1, 2, 0), (1, 0, 0))
    """
    counts = _foreground_counts(grid)
    colours = _by_count(counts)
    height = _check_side(counts[colours[0]], "a bar")
    return tuple(tuple(colour if counts[colour] > level else 0 for colour in colours)
                 for level in range(height))


def _objects(grid) -> list[list[tuple[int, int]]]:
    """The objects: 8-connected groups of non-zero cells of one colour.

    One colour each, so that drawings of two colours touching at a corner are counted apart.
    """
    return connected_groups(grid, _drawn, diagonal=True)


@primitive(GRID, returns=GRID)
def objects_diagonal(grid):
    """An n x n grid for n objects: its main diagonal in the grid's most common non-zero colour, 0 elsewhere.

    Objects are the 8-connected groups of non-zero cells of one colour.

    >>> objects_diagonal(((3, 0, 0), (0, 0, 3), (3, 0, 3)))
    ((3, 0, 0), (0, 3, 0), (0, 0, 3))
    """
    colour = most_common_of(_foreground_counts(grid))
    side = _check_side(len(_objects(grid)), "a diagonal")
    return tuple(tuple(colour if i == j else 0 for j in range(side)) for i in range(side))


@primitive(GRID, returns=GRID)
def most_common_object(grid):
    """The box of the drawing that occurs most often among the objects (8-connected, one colour).

    Two objects are alike when their boxes hold the same colours in the same
    places; a tie for the most occurrences does not fit.

    >>> most_common_object(((1, 0, 2, 2), (0, 0, 0, 0), (1, 0, 1, 0), (0, 0, 0, 0)))
    ((1,),)
    """
    boxes = Counter(subgrid(grid, frozenset(cells)) for cells in _objects(grid))
    ranked = boxes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        raise ValueError("no single drawing occurs most often")
    return ranked[0][0]


def _smallest_divisor_period(lines) -> int:
    """The fewest leading lines whose repetition, a whole number of times, gives all the lines."""
    count = len(lines)
    return next(period for period in range(1, count + 1)
                if not count % period and all(lines[k] == lines[k % period] for k in range(count)))


@primitive(GRID, returns=GRID)
def repeating_tile(grid):
    """The smallest block whose repetition across and down, whole times over, gives the grid.

    Undoes ``tile``; a grid that repeats in neither direction does not fit.

    >>> repeating_tile(((1, 2, 1, 2), (3, 4, 3, 4)))
    ((1, 2), (3, 4))
    """
    rows = _smallest_divisor_period(grid)
    columns = _smallest_divisor_period(tuple(zip(*grid)))
    if rows == len(grid) and columns == len(grid[0]):
        raise ValueError("the grid does not repeat")
    return tuple(row[:columns] for row in grid[:rows])

"""Colour primitives: palettes and counts, recolouring, fill and paint, grid logic.

"Background" means the grid's most common colour, ties going to 0 (then to the
lowest colour); ``background_colour`` is the one definition every primitive here
uses. The shape-keeping edits of ``tasks.dsl.painting`` use the other rule kept
here, ``black_or_most_common``. The grid-logic primitives (``grid_and``,
``grid_or``, ``grid_xor``, ``grid_not``, ``overlay``) instead treat 0 as empty,
because ARC draws its overlays on black and the majority colour of a half-filled
grid is not a reliable background.

>>> grid = ((0, 1), (1, 2))
>>> background_colour(grid), replace_colour(grid, 1, 3)
(1, ((0, 3), (3, 2)))
"""

from __future__ import annotations

from collections import Counter

from tasks.dsl.patches import is_object, locations
from tasks.dsl.registry import primitive
from tasks.data.types import (BOOLEAN, GRID, GRIDS, INDICES, INTEGER, INTEGER_SET, OBJECT,
                              PATCH, TUPLE)
from tasks.dsl.shapes import same_shape

__all__ = [
    "palette", "patch_palette", "colour_count", "colour_counts", "num_colours",
    "most_common_colour", "least_common_colour", "background_colour", "foreground_colour",
    "replace_colour", "switch_colours", "colour_indices", "foreground_indices",
    "fill", "paint", "underfill", "underpaint", "cover",
    "cellwise", "cells_differ", "grid_and", "grid_or", "grid_xor", "overlay",
    "keep_colour", "erase_colour", "recolour_grid", "grid_not", "is_uniform",
]


# ---------------------------------------------------------------- helpers (not primitives)

def check_colour(colour: int) -> int:
    """``colour`` itself when it is an int 0..9, else ValueError.

    >>> check_colour(7)
    7
    """
    # A primitive that writes a colour into a grid must keep the grid valid.
    if type(colour) is not int or not 0 <= colour <= 9:
        raise ValueError(f"colour must be an int 0..9, got {colour!r}")
    return colour


def _same_shape(a, b) -> None:
    if len(a) != len(b) or len(a[0]) != len(b[0]):
        raise ValueError(f"grids differ in shape: {len(a)}x{len(a[0])} vs {len(b)}x{len(b[0])}")


def _counts(grid) -> Counter:
    return Counter(value for row in grid for value in row)


def set_cells(grid, cells) -> tuple:
    """A copy of ``grid`` with ``(colour, (row, col))`` cells written; out-of-grid cells skipped."""
    height, width = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for colour, (i, j) in cells:
        if 0 <= i < height and 0 <= j < width:
            rows[i][j] = colour
    return tuple(tuple(row) for row in rows)


# ---------------------------------------------------------------- palettes and counts

@primitive(GRID, returns=INTEGER_SET)
def palette(grid):
    """The set of colours used in the grid.

    >>> sorted(palette(((0, 1), (1, 5))))
    [0, 1, 5]
    """
    return frozenset(value for row in grid for value in row)


@primitive(PATCH, returns=INTEGER_SET)
def patch_palette(patch):
    """The colours of an Object's cells; Indices carry no colour, so they give the empty set.

    >>> sorted(patch_palette(frozenset({(3, (0, 0)), (4, (0, 1))})))
    [3, 4]
    >>> patch_palette(frozenset({(0, 0)}))
    frozenset()
    """
    if not is_object(patch):
        return frozenset()
    return frozenset(colour for colour, _ in patch)


@primitive(GRID, INTEGER, returns=INTEGER)
def colour_count(grid, colour):
    """How many cells of the grid have this colour.

    >>> colour_count(((0, 1), (1, 1)), 1)
    3
    """
    return sum(row.count(colour) for row in grid)


@primitive(GRID, returns=TUPLE)
def colour_counts(grid):
    """The colour histogram: ``(colour, count)`` pairs for colours present, sorted by colour.

    >>> colour_counts(((2, 0), (2, 2)))
    ((0, 1), (2, 3))
    """
    return tuple(sorted(_counts(grid).items()))


def most_common_of(counts) -> int:
    """The colour with the highest count; ties go to the lowest colour (the DSL's one rule).

    >>> most_common_of({3: 2, 1: 2, 7: 1})
    1
    """
    return min(counts, key=lambda colour: (-counts[colour], colour))


@primitive(GRID, returns=INTEGER)
def num_colours(grid):
    """How many distinct colours the grid uses.

    >>> num_colours(((0, 1), (1, 7)))
    3
    """
    return len(palette(grid))


@primitive(GRID, returns=INTEGER)
def most_common_colour(grid):
    """The colour covering the most cells; ties go to the lowest colour.

    >>> most_common_colour(((3, 1), (1, 3)))
    1
    """
    counts = _counts(grid)
    return most_common_of(counts)


@primitive(GRID, returns=INTEGER)
def least_common_colour(grid):
    """The present colour covering the fewest cells; ties go to the lowest colour.

    >>> least_common_colour(((3, 3), (5, 4)))
    4
    """
    counts = _counts(grid)
    return min(counts, key=lambda colour: (counts[colour], colour))


@primitive(GRID, returns=INTEGER)
def background_colour(grid):
    """The grid's background: its most common colour, ties going to 0.

    >>> background_colour(((0, 4), (4, 0))), background_colour(((4, 4), (4, 0)))
    (0, 4)
    """
    # Ties go to the lowest colour, which is 0 whenever 0 is among them.
    return most_common_colour(grid)


# A second rule on purpose: painting's edits keep ARC's black canvas even where shapes cover more.
def black_or_most_common(grid) -> int:
    """Black when the grid has any, else its most common colour (``background_colour``).

    ARC draws on black: a grid crowded with shapes may hold more of their colour
    than of black, and the most common colour would then be a shape's.

    >>> black_or_most_common(((5, 5), (5, 0))), black_or_most_common(((5, 5), (5, 3)))
    (0, 5)
    """
    for row in grid:
        if 0 in row:
            return 0
    return background_colour(grid)


@primitive(GRID, returns=INTEGER)
def foreground_colour(grid):
    """The most common colour other than the background; ties go to the lowest colour.

    >>> foreground_colour(((0, 0, 0), (2, 3, 3)))
    3
    >>> foreground_colour(((5, 5),))
    Traceback (most recent call last):
    ...
    ValueError: the grid has only its background colour 5
    """
    background = background_colour(grid)
    counts = _counts(grid)
    del counts[background]
    if not counts:
        raise ValueError(f"the grid has only its background colour {background}")
    return most_common_of(counts)


@primitive(GRID, returns=BOOLEAN)
def is_uniform(grid):
    """True when every cell of the grid has the same colour.

    >>> is_uniform(((2, 2), (2, 2))), is_uniform(((2, 2), (2, 0)))
    (True, False)
    """
    first = grid[0][0]
    return all(value == first for row in grid for value in row)


# ---------------------------------------------------------------- where colours are

@primitive(GRID, INTEGER, returns=INDICES)
def colour_indices(grid, colour):
    """The locations of all cells of this colour.

    >>> sorted(colour_indices(((0, 1), (1, 0)), 1))
    [(0, 1), (1, 0)]
    """
    return frozenset((i, j) for i, row in enumerate(grid)
                     for j, value in enumerate(row) if value == colour)


@primitive(GRID, returns=INDICES)
def foreground_indices(grid):
    """The locations of all cells not of the background colour.

    >>> sorted(foreground_indices(((0, 0, 0), (0, 0, 6))))
    [(1, 2)]
    """
    background = background_colour(grid)
    return frozenset((i, j) for i, row in enumerate(grid)
                     for j, value in enumerate(row) if value != background)


# ---------------------------------------------------------------- recolouring a whole grid

@primitive(GRID, INTEGER, INTEGER, returns=GRID, shape=same_shape)
def replace_colour(grid, old, new):
    """Every cell of colour ``old`` becomes ``new``.

    >>> replace_colour(((1, 0), (0, 1)), 1, 8)
    ((8, 0), (0, 8))
    """
    check_colour(new)
    return tuple(tuple(new if value == old else value for value in row) for row in grid)


@primitive(GRID, INTEGER, INTEGER, returns=GRID, shape=same_shape)
def switch_colours(grid, a, b):
    """Swap two colours: ``a`` cells become ``b`` and ``b`` cells become ``a``.

    >>> switch_colours(((1, 2), (2, 3)), 1, 2)
    ((2, 1), (1, 3))
    """
    check_colour(a)
    check_colour(b)
    swap = {a: b, b: a}
    return tuple(tuple(swap.get(value, value) for value in row) for row in grid)


@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
def keep_colour(grid, colour):
    """Keep only cells of this colour; every other cell becomes the background.

    >>> keep_colour(((0, 1, 2), (0, 0, 0)), 2)
    ((0, 0, 2), (0, 0, 0))
    """
    background = background_colour(grid)
    return tuple(tuple(value if value == colour else background for value in row)
                 for row in grid)


@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
def erase_colour(grid, colour):
    """Cells of this colour become the background.

    >>> erase_colour(((0, 1, 2), (0, 0, 0)), 2)
    ((0, 1, 0), (0, 0, 0))
    """
    return replace_colour(grid, colour, background_colour(grid))


@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
def recolour_grid(grid, colour):
    """Every cell not of the background colour becomes ``colour``.

    >>> recolour_grid(((0, 1), (3, 0)), 5)
    ((0, 5), (5, 0))
    """
    check_colour(colour)
    background = background_colour(grid)
    return tuple(tuple(value if value == background else colour for value in row)
                 for row in grid)


# ---------------------------------------------------------------- fill and paint patches

@primitive(GRID, INTEGER, PATCH, returns=GRID, shape=same_shape)
def fill(grid, colour, patch):
    """Set every location of the patch to ``colour``; locations outside the grid are ignored.

    >>> fill(((0, 0), (0, 0)), 4, frozenset({(0, 1), (5, 5)}))
    ((0, 4), (0, 0))
    """
    check_colour(colour)
    return set_cells(grid, ((colour, location) for location in locations(patch)))


@primitive(GRID, OBJECT, returns=GRID, shape=same_shape)
def paint(grid, obj):
    """Draw the object's cells, with their own colours, onto the grid.

    >>> paint(((0, 0), (0, 0)), frozenset({(3, (1, 0)), (4, (1, 1))}))
    ((0, 0), (3, 4))
    """
    for colour, _ in obj:
        check_colour(colour)
    return set_cells(grid, obj)


@primitive(GRID, INTEGER, PATCH, returns=GRID, shape=same_shape)
def underfill(grid, colour, patch):
    """Like ``fill``, but only where the grid shows its background colour.

    >>> underfill(((0, 1), (0, 0)), 7, frozenset({(0, 0), (0, 1)}))
    ((7, 1), (0, 0))
    """
    check_colour(colour)
    background = background_colour(grid)
    height, width = len(grid), len(grid[0])
    cells = ((colour, (i, j)) for i, j in locations(patch)
             if 0 <= i < height and 0 <= j < width and grid[i][j] == background)
    return set_cells(grid, cells)


@primitive(GRID, OBJECT, returns=GRID, shape=same_shape)
def underpaint(grid, obj):
    """Like ``paint``, but only where the grid shows its background colour.

    >>> underpaint(((0, 1), (0, 0)), frozenset({(5, (0, 0)), (5, (0, 1))}))
    ((5, 1), (0, 0))
    """
    for colour, _ in obj:
        check_colour(colour)
    background = background_colour(grid)
    height, width = len(grid), len(grid[0])
    cells = ((colour, (i, j)) for colour, (i, j) in obj
             if 0 <= i < height and 0 <= j < width and grid[i][j] == background)
    return set_cells(grid, cells)


@primitive(GRID, PATCH, returns=GRID, shape=same_shape)
def cover(grid, patch):
    """Erase the patch: its locations become the grid's background colour.

    >>> cover(((0, 0, 0), (0, 2, 2)), frozenset({(2, (1, 1))}))
    ((0, 0, 0), (0, 0, 2))
    """
    return fill(grid, background_colour(grid), patch)


# ---------------------------------------------------------------- comparing and combining grids

@primitive(GRID, GRID, INTEGER, returns=GRID, shape=same_shape, commutative=True)
def cellwise(a, b, fallback):
    """Where the two grids agree keep their colour, elsewhere use ``fallback``.

    >>> cellwise(((1, 2), (3, 4)), ((1, 0), (3, 0)), 9)
    ((1, 9), (3, 9))
    """
    check_colour(fallback)
    _same_shape(a, b)
    return tuple(tuple(x if x == y else fallback for x, y in zip(row_a, row_b))
                 for row_a, row_b in zip(a, b))


@primitive(GRID, GRID, returns=INDICES, commutative=True)
def cells_differ(a, b):
    """The locations where two same-shaped grids have different colours.

    >>> sorted(cells_differ(((1, 2), (3, 4)), ((1, 0), (3, 0))))
    [(0, 1), (1, 1)]
    """
    _same_shape(a, b)
    return frozenset((i, j) for i, (row_a, row_b) in enumerate(zip(a, b))
                     for j, (x, y) in enumerate(zip(row_a, row_b)) if x != y)


def _logic(a, b, colour, keep) -> tuple:
    check_colour(colour)
    _same_shape(a, b)
    return tuple(tuple(colour if keep(x != 0, y != 0) else 0 for x, y in zip(row_a, row_b))
                 for row_a, row_b in zip(a, b))


@primitive(GRID, GRID, INTEGER, returns=GRID, shape=same_shape, commutative=True)
def grid_and(a, b, colour):
    """``colour`` where both grids have a non-zero cell, 0 elsewhere.

    >>> grid_and(((1, 1), (0, 0)), ((2, 0), (2, 0)), 3)
    ((3, 0), (0, 0))
    """
    return _logic(a, b, colour, lambda x, y: x and y)


@primitive(GRID, GRID, INTEGER, returns=GRID, shape=same_shape, commutative=True)
def grid_or(a, b, colour):
    """``colour`` where either grid has a non-zero cell, 0 elsewhere.

    >>> grid_or(((1, 1), (0, 0)), ((2, 0), (2, 0)), 3)
    ((3, 3), (3, 0))
    """
    return _logic(a, b, colour, lambda x, y: x or y)


@primitive(GRID, GRID, INTEGER, returns=GRID, shape=same_shape, commutative=True)
def grid_xor(a, b, colour):
    """``colour`` where exactly one of the grids has a non-zero cell, 0 elsewhere.

    >>> grid_xor(((1, 1), (0, 0)), ((2, 0), (2, 0)), 3)
    ((0, 3), (3, 0))
    """
    return _logic(a, b, colour, lambda x, y: x != y)


@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
def grid_not(grid, colour):
    """``colour`` where the grid has a 0 cell, 0 elsewhere: the complement of the drawing.

    >>> grid_not(((0, 3), (0, 0)), 4)
    ((4, 0), (4, 4))
    """
    check_colour(colour)
    return tuple(tuple(0 if value else colour for value in row) for row in grid)


@primitive(GRIDS, returns=GRID)
def overlay(grids):
    """Stack same-shaped grids: each later grid's non-zero cells cover the earlier ones.

    >>> overlay((((1, 0), (0, 0)), ((0, 0), (0, 2)), ((3, 0), (0, 0))))
    ((3, 0), (0, 2))
    """
    if not grids:
        raise ValueError("overlay needs at least one grid")
    rows = [list(row) for row in grids[0]]
    for grid in grids[1:]:
        _same_shape(grids[0], grid)
        for out, row in zip(rows, grid):
            for j, value in enumerate(row):
                if value:
                    out[j] = value
    return tuple(tuple(row) for row in rows)

"""Tiling: a grid cut into equal parts or at separator lines, grids joined, a grid repeated.

Splits return the parts as Grids, in reading order; joins take Grids (or two
grids) of matching sides; ``tile`` and ``mirror_quad`` repeat one grid; the
rest pick from a collection of grids. Joins and repeats compute their output
size from their arguments and call ``check_cells`` before building it.

>>> split_columns(((1, 2, 3, 4),), 2)
(((1, 2),), ((3, 4),))
>>> join_h(split_columns(((1, 2, 3, 4),), 2))
((1, 2, 3, 4),)
"""

from __future__ import annotations

from tasks.data.budget import check_cells
from tasks.dsl.geometry import check_positive
from tasks.dsl.registry import primitive
from tasks.data.types import GRID, GRIDS, INTEGER
from tasks.dsl.shapes import doubled_shape, side_by_side_shape, stacked_shape, tiled_shape

__all__ = [
    "split_rows", "split_columns", "split_at_separators",
    "concat_h", "concat_v", "join_h", "join_v", "tile", "mirror_quad",
    "grids_first", "grids_last", "grid_at", "as_grids",
]


# ---------------------------------------------------------------- splits

def _part_bounds(length: int, parts: int) -> list[tuple[int, int]]:
    """(start, stop) of ``parts`` equal parts of ``length``, with or without 1-line separators."""
    check_positive(parts, "the number of parts")
    if length % parts == 0:
        step, gap = length // parts, 0
    elif (length - (parts - 1)) % parts == 0:
        # Exactly parts-1 lines are left over: one separator line between neighbours.
        step, gap = (length - (parts - 1)) // parts, 1
    else:
        raise ValueError(f"cannot split {length} lines into {parts} equal parts")
    if step < 1:
        raise ValueError(f"cannot split {length} lines into {parts} non-empty parts")
    return [(k * (step + gap), k * (step + gap) + step) for k in range(parts)]


@primitive(GRID, INTEGER, returns=GRIDS)
def split_rows(grid, parts):
    """Cut into ``parts`` equal bands of rows, top to bottom, skipping 1-row separators if any.

    >>> split_rows(((1,), (2,), (5,), (3,), (4,)), 2)
    (((1,), (2,)), ((3,), (4,)))
    """
    return tuple(grid[start:stop] for start, stop in _part_bounds(len(grid), parts))


@primitive(GRID, INTEGER, returns=GRIDS)
def split_columns(grid, parts):
    """Cut into ``parts`` equal bands of columns, left to right, skipping 1-column separators.

    >>> split_columns(((1, 2, 3, 4),), 2)
    (((1, 2),), ((3, 4),))
    """
    return tuple(tuple(row[start:stop] for row in grid)
                 for start, stop in _part_bounds(len(grid[0]), parts))


def runs_of_false(flags) -> list[tuple[int, int]]:
    """(start, stop) of each maximal run of False in ``flags``: the blocks between lines.

    >>> runs_of_false([False, True, False, False])
    [(0, 1), (2, 4)]
    """
    runs, start = [], None
    for k, flag in enumerate((*flags, True)):
        if not flag and start is None:
            start = k
        elif flag and start is not None:
            runs.append((start, k))
            start = None
    return runs


@primitive(GRID, returns=GRIDS)
def split_at_separators(grid):
    """Cut along full rows and columns of one separator colour; blocks in reading order.

    The separator colour is the one colour that forms at least one full row or
    column and appears nowhere else.

    >>> split_at_separators(((1, 5, 2), (5, 5, 5), (3, 5, 4)))
    (((1,),), ((2,),), ((3,),), ((4,),))
    """
    columns = tuple(zip(*grid))
    full = {line[0] for line in (*grid, *columns) if len(set(line)) == 1}
    found = []
    for colour in sorted(full):
        line_rows = [len(set(row)) == 1 and row[0] == colour for row in grid]
        line_cols = [len(set(col)) == 1 and col[0] == colour for col in columns]
        elsewhere = any(value == colour for i, row in enumerate(grid) if not line_rows[i]
                        for j, value in enumerate(row) if not line_cols[j])
        if not elsewhere:
            found.append((line_rows, line_cols))
    if len(found) != 1:
        raise ValueError(f"no unique separator colour ({len(found)} candidates)")
    line_rows, line_cols = found[0]
    blocks = tuple(tuple(row[left:right] for row in grid[top:bottom])
                   for top, bottom in runs_of_false(line_rows)
                   for left, right in runs_of_false(line_cols))
    if not blocks:
        raise ValueError("the grid is all separator lines")
    return blocks


# ---------------------------------------------------------------- joins

@primitive(GRID, GRID, returns=GRID, shape=side_by_side_shape)
def concat_h(left, right):
    """Put two grids of equal height side by side.

    >>> concat_h(((1,), (2,)), ((3,), (4,)))
    ((1, 3), (2, 4))
    """
    return join_h((left, right))


@primitive(GRID, GRID, returns=GRID, shape=stacked_shape)
def concat_v(top, bottom):
    """Stack two grids of equal width, the first on top.

    >>> concat_v(((1, 2),), ((3, 4),))
    ((1, 2), (3, 4))
    """
    return join_v((top, bottom))


@primitive(GRIDS, returns=GRID)
def join_h(grids):
    """Put grids of equal height side by side, left to right.

    >>> join_h((((1,),), ((2,),), ((3,),)))
    ((1, 2, 3),)
    """
    if not grids:
        raise ValueError("join_h needs at least one grid")
    rows = len(grids[0])
    if any(len(grid) != rows for grid in grids):
        raise ValueError(f"join_h needs equal heights, got {[len(g) for g in grids]}")
    check_cells(rows * sum(len(grid[0]) for grid in grids))
    return tuple(sum(parts, ()) for parts in zip(*grids))


@primitive(GRIDS, returns=GRID)
def join_v(grids):
    """Stack grids of equal width, first on top.

    >>> join_v((((1, 2),), ((3, 4),)))
    ((1, 2), (3, 4))
    """
    if not grids:
        raise ValueError("join_v needs at least one grid")
    columns = len(grids[0][0])
    if any(len(grid[0]) != columns for grid in grids):
        raise ValueError(f"join_v needs equal widths, got {[len(g[0]) for g in grids]}")
    check_cells(columns * sum(len(grid) for grid in grids))
    return sum(grids, ())


# ---------------------------------------------------------------- repeating a grid

@primitive(GRID, INTEGER, INTEGER, returns=GRID, shape=tiled_shape)
def tile(grid, rows, columns):
    """Repeat the whole grid ``rows`` times downwards and ``columns`` times across.

    >>> tile(((1, 2),), 2, 2)
    ((1, 2, 1, 2), (1, 2, 1, 2))
    """
    check_positive(rows, "the number of tile rows")
    check_positive(columns, "the number of tile columns")
    check_cells(len(grid) * len(grid[0]) * rows * columns)
    return tuple(row * columns for row in grid) * rows


@primitive(GRID, returns=GRID, shape=doubled_shape)
def mirror_quad(grid):
    """Twice the size: the grid, its left-right mirror to the right, and both mirrored below.

    >>> mirror_quad(((1, 2),))
    ((1, 2, 2, 1), (1, 2, 2, 1))
    """
    check_cells(4 * len(grid) * len(grid[0]))
    top = tuple(row + row[::-1] for row in grid)
    return top + top[::-1]


# ---------------------------------------------------------------- collections of grids

@primitive(GRIDS, returns=GRID)
def grids_first(grids):
    """The first grid of a collection (IndexError when empty).

    >>> grids_first((((1,),), ((2,),)))
    ((1,),)
    """
    return grids[0]


@primitive(GRIDS, returns=GRID)
def grids_last(grids):
    """The last grid of a collection (IndexError when empty).

    >>> grids_last((((1,),), ((2,),)))
    ((2,),)
    """
    return grids[-1]


@primitive(GRIDS, INTEGER, returns=GRID)
def grid_at(grids, index):
    """The grid at position ``index``, counting from 0 (no wrap-around for negatives).

    >>> grid_at((((1,),), ((2,),), ((3,),)), 1)
    ((2,),)
    """
    if not 0 <= index < len(grids):
        raise IndexError(f"grid index {index} outside 0..{len(grids) - 1}")
    return grids[index]


@primitive(GRID, GRID, returns=GRIDS)
def as_grids(a, b):
    """Two grids as a collection, e.g. to ``join_h`` or ``overlay`` them.

    >>> as_grids(((1,),), ((2,),))
    (((1,),), ((2,),))
    """
    return (a, b)

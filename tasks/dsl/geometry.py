"""Grid geometry: rotations, mirrors, sizes, crops and halves, scaling, borders, canvases.

Grids are tuples of row tuples. Every primitive here returns a non-empty,
rectangular grid or raises ``ValueError`` when the result would be empty (a
crop outside the grid, a half of a one-row grid); primitives whose output size
is computed from their arguments call ``check_cells`` before building it.

>>> rot90(((1, 2), (3, 4)))
((3, 1), (4, 2))
>>> upscale(((1, 2),), 2)
((1, 1, 2, 2), (1, 1, 2, 2))
"""

from __future__ import annotations

from collections import Counter

from tasks.data.budget import check_cells
from tasks.dsl.colour import check_colour, background_colour, most_common_of
from tasks.dsl.patches import extent
from tasks.dsl.registry import primitive
from tasks.data.types import BOOLEAN, GRID, INDICES, INTEGER, PAIR, PATCH
from tasks.dsl.shapes import (blocks_shape, bordered_shape, half_height_shape, half_width_shape, heightened_shape,
                              same_shape, sampled_shape, scaled_shape, transposed_shape, trimmed_shape,
                              turned_shape, widened_shape)

__all__ = [
    "rot90", "rot180", "rot270", "rotate", "mirror_top_bottom", "mirror_left_right",
    "transpose", "antitranspose", "height", "width", "shape", "is_square",
    "crop", "subgrid", "top_half", "bottom_half", "left_half", "right_half",
    "upscale", "upscale_h", "upscale_v", "downscale", "downscale_majority",
    "trim", "add_border", "crop_to_content", "compress",
    "shift_grid", "roll_grid", "canvas", "grid_indices", "colour_at",
]


def _non_empty(rows, what: str) -> tuple:
    # Primitives promise non-empty rectangular grids; an empty result is a candidate's fault.
    if not rows or not rows[0]:
        raise ValueError(f"{what} leaves an empty grid")
    return rows


def check_positive(value: int, what: str) -> int:
    """``value`` itself when it is at least 1, else ValueError naming ``what``.

    >>> check_positive(3, "the upscale factor")
    3
    """
    if value < 1:
        raise ValueError(f"{what} must be at least 1, got {value}")
    return value


# ---------------------------------------------------------------- rotations and mirrors

@primitive(GRID, returns=GRID, shape=transposed_shape)
def rot90(grid):
    """Rotate a quarter turn clockwise.

    >>> rot90(((1, 2), (3, 4)))
    ((3, 1), (4, 2))
    """
    return tuple(zip(*grid[::-1]))


@primitive(GRID, returns=GRID, shape=same_shape)
def rot180(grid):
    """Rotate a half turn.

    >>> rot180(((1, 2), (3, 4)))
    ((4, 3), (2, 1))
    """
    return tuple(row[::-1] for row in grid[::-1])


@primitive(GRID, returns=GRID, shape=transposed_shape)
def rot270(grid):
    """Rotate a quarter turn anticlockwise (three turns clockwise).

    >>> rot270(((1, 2), (3, 4)))
    ((2, 4), (1, 3))
    """
    return tuple(zip(*grid))[::-1]


@primitive(GRID, INTEGER, returns=GRID, shape=turned_shape)
def rotate(grid, quarter_turns):
    """Rotate clockwise by this many quarter turns (negative turns go anticlockwise).

    >>> rotate(((1, 2), (3, 4)), 1) == rot90(((1, 2), (3, 4)))
    True
    >>> rotate(((1, 2),), -1)
    ((2,), (1,))
    """
    turns = quarter_turns % 4
    if turns == 0:
        return grid
    return (rot90, rot180, rot270)[turns - 1](grid)


@primitive(GRID, returns=GRID, shape=same_shape)
def mirror_top_bottom(grid):
    """Flip upside down: the top row becomes the bottom row.

    >>> mirror_top_bottom(((1, 2), (3, 4)))
    ((3, 4), (1, 2))
    """
    return grid[::-1]


@primitive(GRID, returns=GRID, shape=same_shape)
def mirror_left_right(grid):
    """Flip left to right: the first column becomes the last.

    >>> mirror_left_right(((1, 2), (3, 4)))
    ((2, 1), (4, 3))
    """
    return tuple(row[::-1] for row in grid)


@primitive(GRID, returns=GRID, shape=transposed_shape)
def transpose(grid):
    """Mirror along the main diagonal: rows become columns.

    >>> transpose(((1, 2), (3, 4)))
    ((1, 3), (2, 4))
    """
    return tuple(zip(*grid))


@primitive(GRID, returns=GRID, shape=transposed_shape)
def antitranspose(grid):
    """Mirror along the anti-diagonal (top-right to bottom-left).

    >>> antitranspose(((1, 2), (3, 4)))
    ((4, 2), (3, 1))
    """
    return tuple(zip(*grid[::-1]))[::-1]


# ---------------------------------------------------------------- sizes and cells

@primitive(GRID, returns=INTEGER)
def height(grid):
    """Number of rows.

    >>> height(((1, 2), (3, 4), (5, 6)))
    3
    """
    return len(grid)


@primitive(GRID, returns=INTEGER)
def width(grid):
    """Number of columns.

    >>> width(((1, 2), (3, 4), (5, 6)))
    2
    """
    return len(grid[0])


@primitive(GRID, returns=PAIR)
def shape(grid):
    """The pair (height, width).

    >>> shape(((1, 2), (3, 4), (5, 6)))
    (3, 2)
    """
    return (len(grid), len(grid[0]))


@primitive(GRID, returns=BOOLEAN)
def is_square(grid):
    """True when the grid has as many rows as columns.

    >>> is_square(((1, 2), (3, 4))), is_square(((1, 2),))
    (True, False)
    """
    return len(grid) == len(grid[0])


@primitive(GRID, returns=INDICES)
def grid_indices(grid):
    """Every location (row, col) of the grid.

    >>> sorted(grid_indices(((1, 2),)))
    [(0, 0), (0, 1)]
    """
    return frozenset((i, j) for i in range(len(grid)) for j in range(len(grid[0])))


@primitive(GRID, PAIR, returns=INTEGER)
def colour_at(grid, location):
    """The colour at (row, col); IndexError outside the grid (no wrap-around for negatives).

    >>> colour_at(((1, 2), (3, 4)), (1, 0))
    3
    """
    i, j = location
    if not (0 <= i < len(grid) and 0 <= j < len(grid[0])):
        raise IndexError(f"location {location} is outside a {len(grid)}x{len(grid[0])} grid")
    return grid[i][j]


# ---------------------------------------------------------------- crops and halves

@primitive(GRID, PAIR, PAIR, returns=GRID)
def crop(grid, start, size):
    """The ``size`` (height, width) window whose top-left corner is ``start``, clipped to the grid.

    >>> crop(((1, 2, 3), (4, 5, 6), (7, 8, 9)), (1, 1), (2, 2))
    ((5, 6), (8, 9))
    """
    top, left = max(start[0], 0), max(start[1], 0)
    bottom, right = start[0] + size[0], start[1] + size[1]
    rows = tuple(row[left:max(right, left)] for row in grid[top:max(bottom, top)])
    return _non_empty(rows, f"crop at {start} of size {size}")


@primitive(GRID, PATCH, returns=GRID)
def subgrid(grid, patch):
    """The part of the grid inside the patch's bounding box.

    >>> subgrid(((1, 2, 3), (4, 5, 6)), frozenset({(0, 1), (1, 2)}))
    ((2, 3), (5, 6))
    """
    if not patch:
        raise ValueError("subgrid of an empty patch")
    top, left, bottom, right = extent(patch)
    return crop(grid, (top, left), (bottom - top + 1, right - left + 1))


@primitive(GRID, returns=GRID, shape=half_height_shape)
def top_half(grid):
    """The upper half of the rows; the middle row of an odd height is dropped.

    >>> top_half(((1,), (2,), (3,)))
    ((1,),)
    """
    return _non_empty(grid[:len(grid) // 2], "top_half")


@primitive(GRID, returns=GRID, shape=half_height_shape)
def bottom_half(grid):
    """The lower half of the rows; the middle row of an odd height is dropped.

    >>> bottom_half(((1,), (2,), (3,)))
    ((3,),)
    """
    return _non_empty(grid[(len(grid) + 1) // 2:], "bottom_half")


@primitive(GRID, returns=GRID, shape=half_width_shape)
def left_half(grid):
    """The left half of the columns; the middle column of an odd width is dropped.

    >>> left_half(((1, 2, 3, 4),))
    ((1, 2),)
    """
    half = len(grid[0]) // 2
    return _non_empty(tuple(row[:half] for row in grid), "left_half")


@primitive(GRID, returns=GRID, shape=half_width_shape)
def right_half(grid):
    """The right half of the columns; the middle column of an odd width is dropped.

    >>> right_half(((1, 2, 3),))
    ((3,),)
    """
    start = (len(grid[0]) + 1) // 2
    return _non_empty(tuple(row[start:] for row in grid), "right_half")


# ---------------------------------------------------------------- scaling

@primitive(GRID, INTEGER, returns=GRID, shape=scaled_shape)
def upscale(grid, factor):
    """Blow every cell up into a factor x factor block.

    >>> upscale(((1, 2),), 2)
    ((1, 1, 2, 2), (1, 1, 2, 2))
    """
    check_positive(factor, "the upscale factor")
    check_cells(len(grid) * len(grid[0]) * factor * factor)
    rows = []
    for row in grid:
        wide = tuple(value for value in row for _ in range(factor))
        rows.extend([wide] * factor)
    return tuple(rows)


@primitive(GRID, INTEGER, returns=GRID, shape=widened_shape)
def upscale_h(grid, factor):
    """Repeat every column ``factor`` times (the grid gets ``factor`` times wider).

    >>> upscale_h(((1, 2),), 2)
    ((1, 1, 2, 2),)
    """
    check_positive(factor, "the upscale factor")
    check_cells(len(grid) * len(grid[0]) * factor)
    return tuple(tuple(value for value in row for _ in range(factor)) for row in grid)


@primitive(GRID, INTEGER, returns=GRID, shape=heightened_shape)
def upscale_v(grid, factor):
    """Repeat every row ``factor`` times (the grid gets ``factor`` times taller).

    >>> upscale_v(((1, 2),), 2)
    ((1, 2), (1, 2))
    """
    check_positive(factor, "the upscale factor")
    check_cells(len(grid) * len(grid[0]) * factor)
    return tuple(row for row in grid for _ in range(factor))


@primitive(GRID, INTEGER, returns=GRID, shape=sampled_shape)
def downscale(grid, factor):
    """Keep every ``factor``-th row and column, starting with the first: undoes ``upscale``.

    >>> downscale(((1, 1, 2, 2), (1, 1, 2, 2)), 2)
    ((1, 2),)
    """
    check_positive(factor, "the downscale factor")
    return tuple(row[::factor] for row in grid[::factor])


@primitive(GRID, INTEGER, returns=GRID, shape=blocks_shape)
def downscale_majority(grid, factor):
    """Shrink each factor x factor block to its most common colour (ties to the lowest colour).

    Unlike ``downscale`` it tolerates noise inside the blocks; the grid's sides
    must be multiples of ``factor``.

    >>> downscale_majority(((1, 1, 0, 0), (1, 5, 0, 0)), 2)
    ((1, 0),)
    """
    check_positive(factor, "the downscale factor")
    h, w = len(grid), len(grid[0])
    if h % factor or w % factor:
        raise ValueError(f"a {h}x{w} grid is not made of {factor}x{factor} blocks")

    def vote(top, left):
        counts = Counter(value for row in grid[top:top + factor]
                         for value in row[left:left + factor])
        return most_common_of(counts)

    return tuple(tuple(vote(top, left) for left in range(0, w, factor))
                 for top in range(0, h, factor))


# ---------------------------------------------------------------- borders and content

@primitive(GRID, returns=GRID, shape=trimmed_shape)
def trim(grid):
    """Drop the outermost rows and columns.

    >>> trim(((1, 1, 1), (1, 2, 1), (1, 1, 1)))
    ((2,),)
    """
    return _non_empty(tuple(row[1:-1] for row in grid[1:-1]), "trim")


@primitive(GRID, INTEGER, returns=GRID, shape=bordered_shape)
def add_border(grid, colour):
    """Surround the grid with a one-cell frame of ``colour``: the inverse of ``trim``.

    >>> add_border(((2,),), 1)
    ((1, 1, 1), (1, 2, 1), (1, 1, 1))
    """
    check_colour(colour)
    check_cells((len(grid) + 2) * (len(grid[0]) + 2))
    edge = (colour,) * (len(grid[0]) + 2)
    return (edge, *((colour, *row, colour) for row in grid), edge)


@primitive(GRID, returns=GRID)
def crop_to_content(grid):
    """The smallest window holding every cell that is not the background colour.

    >>> crop_to_content(((0, 0, 0), (0, 3, 0), (0, 0, 4)))
    ((3, 0), (0, 4))
    """
    background = background_colour(grid)
    where = [(i, j) for i, row in enumerate(grid)
             for j, value in enumerate(row) if value != background]
    if not where:
        raise ValueError("crop_to_content of a grid holding only background")
    return subgrid(grid, frozenset(where))


@primitive(GRID, returns=GRID)
def compress(grid):
    """Drop every row and every column that is a single colour all the way across.

    >>> compress(((0, 0, 0), (1, 0, 2), (0, 0, 0)))
    ((1, 2),)
    """
    keep_rows = [i for i, row in enumerate(grid) if len(set(row)) > 1]
    keep_cols = [j for j, col in enumerate(zip(*grid)) if len(set(col)) > 1]
    rows = tuple(tuple(grid[i][j] for j in keep_cols) for i in keep_rows)
    return _non_empty(rows, "compress")


# ---------------------------------------------------------------- moving and making grids

@primitive(GRID, PAIR, INTEGER, returns=GRID, shape=same_shape)
def shift_grid(grid, offset, fill):
    """Move the contents by ``offset`` (rows, cols); cells moved in from outside get ``fill``.

    >>> shift_grid(((1, 2), (3, 4)), (0, 1), 0)
    ((0, 1), (0, 3))
    """
    check_colour(fill)
    di, dj = offset
    h, w = len(grid), len(grid[0])
    return tuple(tuple(grid[i - di][j - dj] if 0 <= i - di < h and 0 <= j - dj < w else fill
                       for j in range(w)) for i in range(h))


@primitive(GRID, PAIR, returns=GRID, shape=same_shape)
def roll_grid(grid, offset):
    """Move the contents by ``offset`` (rows, cols), wrapping around the edges.

    >>> roll_grid(((1, 2, 3),), (0, 1))
    ((3, 1, 2),)
    """
    h, w = len(grid), len(grid[0])
    di, dj = offset[0] % h, offset[1] % w
    rows = grid[h - di:] + grid[:h - di]
    return tuple(row[w - dj:] + row[:w - dj] for row in rows)


@primitive(INTEGER, PAIR, returns=GRID)
def canvas(colour, size):
    """A grid of shape ``size`` (height, width) filled with one colour.

    >>> canvas(5, (2, 3))
    ((5, 5, 5), (5, 5, 5))
    """
    check_colour(colour)
    rows, columns = size
    check_positive(rows, "canvas height")
    check_positive(columns, "canvas width")
    check_cells(rows * columns)
    return ((colour,) * columns,) * rows

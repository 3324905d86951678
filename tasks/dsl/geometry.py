"""Grid geometry: rotations, mirrors, crops, halves and splits, joins, scaling, tiling.

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

from tasks.data.budget import check_cells, tick
from tasks.dsl.colour import check_colour, background_colour, most_common_of
from tasks.dsl.patches import extent
from tasks.dsl.registry import primitive
from tasks.data.types import BOOLEAN, GRID, GRIDS, INDICES, INTEGER, PAIR, PATCH

__all__ = [
    "rot90", "rot180", "rot270", "rotate", "mirror_top_bottom", "mirror_left_right",
    "transpose", "antitranspose", "height", "width", "shape", "is_square",
    "crop", "subgrid", "top_half", "bottom_half", "left_half", "right_half",
    "split_rows", "split_columns", "split_at_separators",
    "concat_h", "concat_v", "join_h", "join_v",
    "upscale", "upscale_h", "upscale_v", "downscale", "downscale_majority", "tile", "mirror_quad",
    "trim", "add_border", "crop_to_content", "compress",
    "shift_grid", "roll_grid", "canvas", "grid_indices", "colour_at",
    "repair_symmetry", "repair_period",
    "grids_first", "grids_last", "grid_at", "as_grids",
]


def _non_empty(rows, what: str) -> tuple:
    # Primitives promise non-empty rectangular grids; an empty result is a candidate's fault.
    if not rows or not rows[0]:
        raise ValueError(f"{what} leaves an empty grid")
    return rows


def _positive(value: int, what: str) -> int:
    if value < 1:
        raise ValueError(f"{what} must be at least 1, got {value}")
    return value


# ---------------------------------------------------------------- rotations and mirrors

@primitive(GRID, returns=GRID)
def rot90(grid):
    """Rotate a quarter turn clockwise.

    >>> rot90(((1, 2), (3, 4)))
    ((3, 1), (4, 2))
    """
    return tuple(zip(*grid[::-1]))


@primitive(GRID, returns=GRID)
def rot180(grid):
    """Rotate a half turn.

    >>> rot180(((1, 2), (3, 4)))
    ((4, 3), (2, 1))
    """
    return tuple(row[::-1] for row in grid[::-1])


@primitive(GRID, returns=GRID)
def rot270(grid):
    """Rotate a quarter turn anticlockwise (three turns clockwise).

    >>> rot270(((1, 2), (3, 4)))
    ((2, 4), (1, 3))
    """
    return tuple(zip(*grid))[::-1]


@primitive(GRID, INTEGER, returns=GRID)
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


@primitive(GRID, returns=GRID)
def mirror_top_bottom(grid):
    """Flip upside down: the top row becomes the bottom row.

    >>> mirror_top_bottom(((1, 2), (3, 4)))
    ((3, 4), (1, 2))
    """
    return grid[::-1]


@primitive(GRID, returns=GRID)
def mirror_left_right(grid):
    """Flip left to right: the first column becomes the last.

    >>> mirror_left_right(((1, 2), (3, 4)))
    ((2, 1), (4, 3))
    """
    return tuple(row[::-1] for row in grid)


@primitive(GRID, returns=GRID)
def transpose(grid):
    """Mirror along the main diagonal: rows become columns.

    >>> transpose(((1, 2), (3, 4)))
    ((1, 3), (2, 4))
    """
    return tuple(zip(*grid))


@primitive(GRID, returns=GRID)
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


@primitive(GRID, returns=GRID)
def top_half(grid):
    """The upper half of the rows; the middle row of an odd height is dropped.

    >>> top_half(((1,), (2,), (3,)))
    ((1,),)
    """
    return _non_empty(grid[:len(grid) // 2], "top_half")


@primitive(GRID, returns=GRID)
def bottom_half(grid):
    """The lower half of the rows; the middle row of an odd height is dropped.

    >>> bottom_half(((1,), (2,), (3,)))
    ((3,),)
    """
    return _non_empty(grid[(len(grid) + 1) // 2:], "bottom_half")


@primitive(GRID, returns=GRID)
def left_half(grid):
    """The left half of the columns; the middle column of an odd width is dropped.

    >>> left_half(((1, 2, 3, 4),))
    ((1, 2),)
    """
    half = len(grid[0]) // 2
    return _non_empty(tuple(row[:half] for row in grid), "left_half")


@primitive(GRID, returns=GRID)
def right_half(grid):
    """The right half of the columns; the middle column of an odd width is dropped.

    >>> right_half(((1, 2, 3),))
    ((3,),)
    """
    start = (len(grid[0]) + 1) // 2
    return _non_empty(tuple(row[start:] for row in grid), "right_half")


# ---------------------------------------------------------------- splits

def _part_bounds(length: int, parts: int) -> list[tuple[int, int]]:
    """(start, stop) of ``parts`` equal parts of ``length``, with or without 1-line separators."""
    _positive(parts, "the number of parts")
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

@primitive(GRID, GRID, returns=GRID)
def concat_h(left, right):
    """Put two grids of equal height side by side.

    >>> concat_h(((1,), (2,)), ((3,), (4,)))
    ((1, 3), (2, 4))
    """
    return join_h((left, right))


@primitive(GRID, GRID, returns=GRID)
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


# ---------------------------------------------------------------- scaling, tiling, mirroring out

@primitive(GRID, INTEGER, returns=GRID)
def upscale(grid, factor):
    """Blow every cell up into a factor x factor block.

    >>> upscale(((1, 2),), 2)
    ((1, 1, 2, 2), (1, 1, 2, 2))
    """
    _positive(factor, "the upscale factor")
    check_cells(len(grid) * len(grid[0]) * factor * factor)
    rows = []
    for row in grid:
        wide = tuple(value for value in row for _ in range(factor))
        rows.extend([wide] * factor)
    return tuple(rows)


@primitive(GRID, INTEGER, returns=GRID)
def upscale_h(grid, factor):
    """Repeat every column ``factor`` times (the grid gets ``factor`` times wider).

    >>> upscale_h(((1, 2),), 2)
    ((1, 1, 2, 2),)
    """
    _positive(factor, "the upscale factor")
    check_cells(len(grid) * len(grid[0]) * factor)
    return tuple(tuple(value for value in row for _ in range(factor)) for row in grid)


@primitive(GRID, INTEGER, returns=GRID)
def upscale_v(grid, factor):
    """Repeat every row ``factor`` times (the grid gets ``factor`` times taller).

    >>> upscale_v(((1, 2),), 2)
    ((1, 2), (1, 2))
    """
    _positive(factor, "the upscale factor")
    check_cells(len(grid) * len(grid[0]) * factor)
    return tuple(row for row in grid for _ in range(factor))


@primitive(GRID, INTEGER, returns=GRID)
def downscale(grid, factor):
    """Keep every ``factor``-th row and column, starting with the first: undoes ``upscale``.

    >>> downscale(((1, 1, 2, 2), (1, 1, 2, 2)), 2)
    ((1, 2),)
    """
    _positive(factor, "the downscale factor")
    return tuple(row[::factor] for row in grid[::factor])


@primitive(GRID, INTEGER, returns=GRID)
def downscale_majority(grid, factor):
    """Shrink each factor x factor block to its most common colour (ties to the lowest colour).

    Unlike ``downscale`` it tolerates noise inside the blocks; the grid's sides
    must be multiples of ``factor``.

    >>> downscale_majority(((1, 1, 0, 0), (1, 5, 0, 0)), 2)
    ((1, 0),)
    """
    _positive(factor, "the downscale factor")
    h, w = len(grid), len(grid[0])
    if h % factor or w % factor:
        raise ValueError(f"a {h}x{w} grid is not made of {factor}x{factor} blocks")

    def vote(top, left):
        counts = Counter(value for row in grid[top:top + factor]
                         for value in row[left:left + factor])
        return most_common_of(counts)

    return tuple(tuple(vote(top, left) for left in range(0, w, factor))
                 for top in range(0, h, factor))


@primitive(GRID, INTEGER, INTEGER, returns=GRID)
def tile(grid, rows, columns):
    """Repeat the whole grid ``rows`` times downwards and ``columns`` times across.

    >>> tile(((1, 2),), 2, 2)
    ((1, 2, 1, 2), (1, 2, 1, 2))
    """
    _positive(rows, "the number of tile rows")
    _positive(columns, "the number of tile columns")
    check_cells(len(grid) * len(grid[0]) * rows * columns)
    return tuple(row * columns for row in grid) * rows


@primitive(GRID, returns=GRID)
def mirror_quad(grid):
    """Twice the size: the grid, its left-right mirror to the right, and both mirrored below.

    >>> mirror_quad(((1, 2),))
    ((1, 2, 2, 1), (1, 2, 2, 1))
    """
    check_cells(4 * len(grid) * len(grid[0]))
    top = tuple(row + row[::-1] for row in grid)
    return top + top[::-1]


# ---------------------------------------------------------------- borders and content

@primitive(GRID, returns=GRID)
def trim(grid):
    """Drop the outermost rows and columns.

    >>> trim(((1, 1, 1), (1, 2, 1), (1, 1, 1)))
    ((2,),)
    """
    return _non_empty(tuple(row[1:-1] for row in grid[1:-1]), "trim")


@primitive(GRID, INTEGER, returns=GRID)
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

@primitive(GRID, PAIR, INTEGER, returns=GRID)
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


@primitive(GRID, PAIR, returns=GRID)
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
    _positive(rows, "canvas height")
    _positive(columns, "canvas width")
    check_cells(rows * columns)
    return ((colour,) * columns,) * rows


# ---------------------------------------------------------------- repairing damaged patterns

def _straight_pairs(lines, s: int):
    """Value pairs a mirror at position ``s`` across each line makes (j, s - j), j < s - j."""
    low = max(0, s - len(lines[0]) + 1)
    return ((line[j], line[s - j]) for line in lines for j in range(low, (s + 1) // 2))


def _swapped_pairs(grid, rows: range, column):
    """Value pairs of a diagonal mirror: cell (u, column(v)) against (v, column(u)), u < v in ``rows``."""
    places = [(u, column(u)) for u in rows]
    return ((grid[u][cv], grid[v][cu]) for k, (u, cu) in enumerate(places) for v, cv in places[k + 1:])


def _mirror_axes(grid):
    """For each kind of mirror, its axes that pair up at least half of the grid's cells.

    Each axis is (map (i, j) -> (i', j'), function of the grid giving the value
    pairs it matches). Positions are given by the sum or difference of
    coordinates the mirror keeps fixed, so axes may lie off-centre (a pattern
    cut off by the grid's edge); an axis near an edge pairs almost nothing and
    would be "consistent" by default, so it is left out.

    >>> [len(family) for family in _mirror_axes(((1, 2, 3), (4, 5, 6)))]
    [3, 1, 0, 0]
    """
    h, w = len(grid), len(grid[0])
    columns = tuple(zip(*grid))

    def straight(length: int, s: int) -> int:  # cells of one line that pair with another
        return 2 * len(range(max(0, s - length + 1), (s + 1) // 2))

    families = (
        [((lambda i, j, s=s: (i, s - j)), h * straight(w, s), lambda s=s: _straight_pairs(grid, s))
         for s in range(2 * w - 1)],                                                 # left-right
        [((lambda i, j, s=s: (s - i, j)), w * straight(h, s), lambda s=s: _straight_pairs(columns, s))
         for s in range(2 * h - 1)],                                                 # top-bottom
        [((lambda i, j, d=d: (j + d, i - d)), len(span) * (len(span) - 1),          # main diagonal
          lambda d=d, span=span: _swapped_pairs(grid, span, lambda x, d=d: x - d))
         for d in range(-h + 1, w) for span in [range(max(0, d), min(h, w + d))]],
        [((lambda i, j, s=s: (s - j, s - i)), len(span) * (len(span) - 1),          # anti-diagonal
          lambda s=s, span=span: _swapped_pairs(grid, span, lambda x, s=s: s - x))
         for s in range(h + w - 1) for span in [range(max(0, s - w + 1), min(h, s + 1))]],
    )
    return [[(mirror, pairs) for mirror, overlap, pairs in family if 2 * overlap >= h * w]
            for family in families]


def _mirror_support(pairs, noise) -> int:
    """How many intact cells a mirror maps onto an equal intact cell; -1 on a contradiction."""
    matched = 0
    for value, image in pairs:
        if value != noise and image != noise:
            if value != image:
                return -1
            matched += 2
    return matched


@primitive(GRID, INTEGER, returns=GRID)
def repair_symmetry(grid, noise):
    """Repaint cells of colour ``noise`` from their images under the grid's mirror symmetries.

    For each kind of mirror (left-right, top-bottom, both diagonals) the axis
    that matches the most intact cells without contradiction is used, provided
    it pairs up at least half of the grid; noise cells take the colour of any
    intact image, repeatedly, until nothing changes. ValueError when the grid
    has no such symmetry.

    >>> repair_symmetry(((1, 2, 2, 1), (3, 4, 0, 3)), 0)
    ((1, 2, 2, 1), (3, 4, 4, 3))
    """
    h, w = len(grid), len(grid[0])
    if not any(noise in row for row in grid):
        return grid  # nothing to repaint
    mirrors = []
    for family in _mirror_axes(grid):
        tick()
        supports = [(_mirror_support(pairs(), noise), mirror) for mirror, pairs in family]
        valid = [(matched, mirror) for matched, mirror in supports if matched > 0]
        if valid:
            mirrors.append(max(valid, key=lambda pair: pair[0])[1])
    if not mirrors:
        raise ValueError("the grid has no mirror symmetry to repair from")
    rows = [list(row) for row in grid]
    damaged = {(i, j) for i in range(h) for j in range(w) if grid[i][j] == noise}
    while damaged:
        tick()
        repaired = {}
        for i, j in damaged:
            for mirror in mirrors:
                a, b = mirror(i, j)
                if 0 <= a < h and 0 <= b < w and rows[a][b] != noise:
                    repaired[(i, j)] = rows[a][b]
                    break
        if not repaired:
            break
        for (i, j), value in repaired.items():
            rows[i][j] = value
        damaged -= repaired.keys()
    return tuple(tuple(row) for row in rows)


def _smallest_period(lines, noise) -> int:
    """The smallest p such that lines k and k + p agree wherever neither is noise, transitively."""
    count = len(lines)
    for period in range(1, count + 1):
        tick()
        consistent = True
        for start in range(period):
            for column in zip(*lines[start::period]):
                if len(set(column) - {noise}) > 1:
                    consistent = False
                    break
            if not consistent:
                break
        if consistent:
            return period
    return count


@primitive(GRID, INTEGER, returns=GRID)
def repair_period(grid, noise):
    """Repaint cells of colour ``noise`` from the grid's repeating tile (smallest periods).

    The row and column periods are the smallest that agree with every intact
    cell; each noise cell takes the most common intact colour of its place in
    the tile, and stays noise if that place is damaged everywhere.

    >>> repair_period(((1, 2, 1, 2), (3, 4, 0, 4), (1, 0, 1, 2)), 0)
    ((1, 2, 1, 2), (3, 4, 3, 4), (1, 2, 1, 2))
    """
    if not any(noise in row for row in grid):
        return grid  # nothing to repaint
    row_period = _smallest_period(grid, noise)
    col_period = _smallest_period(tuple(zip(*grid)), noise)
    places: dict[tuple[int, int], Counter] = {}
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if value != noise:
                places.setdefault((i % row_period, j % col_period), Counter())[value] += 1

    def colour_of(i, j):
        counts = places.get((i % row_period, j % col_period))
        if not counts:
            return noise
        return most_common_of(counts)

    return tuple(tuple(colour_of(i, j) if value == noise else value for j, value in enumerate(row))
                 for i, row in enumerate(grid))


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

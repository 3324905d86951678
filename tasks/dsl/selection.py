"""Primitives whose output is a different grid than the input's shape: picking a part, summarising.

Crops chosen by a property of what they hold, grids built from counts, and
the cell-by-cell combination of a grid's parts. Each does a whole recurring
ARC move in one step, so that enumeration reaches it at size one or two;
each raises ``ValueError`` early when its input does not fit the move.

"Parts" are the blocks of a grid cut by full lines of one colour
(``split_at_lines``) or its equal squares (``split_squares``); unlike
``split_at_separators``, the line colour may appear inside the blocks too.

>>> grid = ((1, 0, 5, 0, 1),
...         (1, 1, 5, 1, 0),
...         (0, 1, 5, 0, 0))
>>> split_at_lines(grid)
(((1, 0), (1, 1), (0, 1)), ((0, 1), (1, 0), (0, 0)))
>>> grids_xor(split_at_lines(grid), 3)
((3, 3), (0, 3), (0, 3))
"""

from __future__ import annotations

from collections import Counter

from tasks.data.budget import check_cells, check_items
from tasks.dsl.colour import check_colour, most_common_of
from tasks.dsl.geometry import crop, rot90, rot180, rot270, subgrid
from tasks.dsl.objects import connected_groups
from tasks.dsl.registry import primitive
from tasks.dsl.repair import repair_period, repair_symmetry
from tasks.dsl.tiling import runs_of_false
from tasks.data.types import GRID, GRIDS, INTEGER
from tasks.dsl.shapes import product_shape, same_shape

__all__ = [
    "split_at_lines", "split_squares", "part_colours", "odd_one_out", "underlay",
    "grids_and", "grids_or", "grids_xor", "grids_nor",
    "kronecker", "fractal", "rotation_quad", "collapse_repeats",
    "crop_object_with_most", "uncover", "num_foreground_colours",
    "objects_as_grids", "symmetric_one", "asymmetric_one", "crop_marked_object",
    "frame_interior", "fold_left_right", "swap_colours",
]


# ---------------------------------------------------------------- helpers

def _line_blocks(grid) -> tuple[list, list, int]:
    """Row runs, column runs and colour of the blocks between full lines of one colour.

    The line colour is the one colour whose full lines hold all its cells (a
    true separator), else the one colour filling the most whole rows and
    columns; no such colour, or lines that leave fewer than two blocks, do not fit.
    """
    height, width = len(grid), len(grid[0])
    row_colours = [row[0] if len(set(row)) == 1 else None for row in grid]
    col_colours = [col[0] if len(set(col)) == 1 else None for col in zip(*grid)]
    rows, cols = Counter(row_colours), Counter(col_colours)
    candidates = (set(rows) | set(cols)) - {None}
    if not candidates:
        raise ValueError("no full line of one colour")
    totals = Counter(value for row in grid for value in row)
    separators = [c for c in candidates
                  if totals[c] == rows[c] * width + cols[c] * height - rows[c] * cols[c]]
    if len(separators) != 1:
        ranked = sorted(((rows[c] + cols[c], c) for c in candidates), reverse=True)
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
            raise ValueError("no single colour of full separator lines")
        separators = [ranked[0][1]]
    colour = separators[0]
    row_runs = runs_of_false([c == colour for c in row_colours])
    col_runs = runs_of_false([c == colour for c in col_colours])
    if len(row_runs) * len(col_runs) < 2:
        raise ValueError("the separator lines leave fewer than two blocks")
    return row_runs, col_runs, colour


def _block(grid, rows: tuple[int, int], cols: tuple[int, int]) -> tuple:
    return tuple(row[cols[0]:cols[1]] for row in grid[rows[0]:rows[1]])


def _mask(grid) -> tuple:
    return tuple(tuple(value != 0 for value in row) for row in grid)


def _drawn(colour: int) -> bool:
    """Is a cell of ``colour`` part of a drawing? Here 0 is the background, whatever covers most."""
    return colour != 0


def _same_shapes(grids, what: str) -> None:
    if len(grids) < 2:
        raise ValueError(f"{what} needs at least two grids")
    height, width = len(grids[0]), len(grids[0][0])
    if any(len(grid) != height or len(grid[0]) != width for grid in grids):
        raise ValueError(f"{what} needs grids of one shape")


def _is_symmetric(grid) -> bool:
    """Equal to its mirror image left-right or top-bottom, or to a diagonal reflection."""
    if grid == grid[::-1] or all(row == row[::-1] for row in grid):
        return True
    if len(grid) != len(grid[0]):
        return False
    columns = tuple(zip(*grid))
    return grid == columns or grid == tuple(column[::-1] for column in columns[::-1])


def _combine(grids, colour: int, keep, what: str) -> tuple:
    """``colour`` where ``keep(number of grids with a non-zero cell there)``, else 0."""
    check_colour(colour)
    _same_shapes(grids, what)
    return tuple(tuple(colour if keep(sum(1 for value in cells if value)) else 0
                       for cells in zip(*rows))
                 for rows in zip(*grids))


# ---------------------------------------------------------------- parts of a grid

@primitive(GRID, returns=GRIDS)
def split_at_lines(grid):
    """The blocks between full rows and columns of one colour, in reading order.

    The line colour is the one filling the most whole lines; it may also
    appear inside the blocks (a background of 0 with empty rows between
    drawings), which ``split_at_separators`` does not allow.

    >>> split_at_lines(((1, 0, 2), (0, 0, 0), (0, 0, 3)))
    (((1,),), ((2,),), ((0,),), ((3,),))
    """
    row_runs, col_runs, _ = _line_blocks(grid)
    return tuple(_block(grid, rows, cols) for rows in row_runs for cols in col_runs)


@primitive(GRID, returns=GRIDS)
def split_squares(grid):
    """Cut a grid whose long side is k >= 2 times its short side into k squares, in order.

    >>> split_squares(((1, 2, 3, 4), (5, 6, 7, 8)))
    (((1, 2), (5, 6)), ((3, 4), (7, 8)))
    """
    height, width = len(grid), len(grid[0])
    side = min(height, width)
    if height == width or max(height, width) % side:
        raise ValueError(f"a {height}x{width} grid is not a row of squares")
    if height > width:
        return tuple(grid[top:top + side] for top in range(0, height, side))
    return tuple(tuple(row[left:left + side] for row in grid) for left in range(0, width, side))


@primitive(GRID, returns=GRID)
def part_colours(grid):
    """One cell per block between separator lines: the block's most common colour but the lines'.

    A block of nothing but the line colour keeps it; ties go to the lowest colour.

    >>> part_colours(((3, 3, 5, 0, 4), (3, 0, 5, 4, 4), (5, 5, 5, 5, 5), (0, 5, 5, 0, 0)))
    ((3, 4), (0, 0))
    """
    row_runs, col_runs, line = _line_blocks(grid)

    def colour_of(rows, cols):
        counts = Counter(value for row in _block(grid, rows, cols) for value in row if value != line)
        return most_common_of(counts) if counts else line

    return tuple(tuple(colour_of(rows, cols) for cols in col_runs) for rows in row_runs)


@primitive(GRIDS, returns=GRID)
def odd_one_out(grids):
    """The one grid unlike the others: its drawing (non-zero cells) or, failing that, its colours.

    Fits when exactly one grid's drawing is shared with no other grid, or all
    drawings are alike and exactly one grid differs from every other.

    >>> odd_one_out((((1, 0),), ((1, 0),), ((0, 1),)))
    ((0, 1),)
    >>> odd_one_out((((1, 0),), ((2, 0),), ((1, 0),)))
    ((2, 0),)
    """
    if len(grids) < 3:
        raise ValueError("an odd one out needs at least three grids")
    for key in (_mask, lambda grid: grid):
        keys = [key(grid) for grid in grids]
        counts = Counter(keys)
        lonely = [grid for grid, k in zip(grids, keys) if counts[k] == 1]
        if len(lonely) == 1:
            return lonely[0]
        if len(counts) > 1:
            break
    raise ValueError("no single grid differs from the others")


# ---------------------------------------------------------------- combining parts cell by cell

@primitive(GRIDS, returns=GRID)
def underlay(grids):
    """Stack same-shaped grids with the first on top: a cell shows the first non-zero colour.

    The reverse priority of ``overlay``, where later grids cover earlier ones.

    >>> underlay((((1, 0), (0, 0)), ((2, 2), (0, 0)), ((3, 3), (3, 0))))
    ((1, 2), (3, 0))
    """
    _same_shapes(grids, "underlay")
    return tuple(tuple(next((value for value in cells if value), 0) for cells in zip(*rows))
                 for rows in zip(*grids))


@primitive(GRIDS, INTEGER, returns=GRID)
def grids_and(grids, colour):
    """``colour`` where every grid has a non-zero cell, 0 elsewhere.

    >>> grids_and((((1, 1),), ((2, 0),)), 3)
    ((3, 0),)
    """
    return _combine(grids, colour, lambda count: count == len(grids), "grids_and")


@primitive(GRIDS, INTEGER, returns=GRID)
def grids_or(grids, colour):
    """``colour`` where any grid has a non-zero cell, 0 elsewhere.

    >>> grids_or((((1, 0, 0),), ((2, 0, 4),)), 3)
    ((3, 0, 3),)
    """
    return _combine(grids, colour, lambda count: count > 0, "grids_or")


@primitive(GRIDS, INTEGER, returns=GRID)
def grids_xor(grids, colour):
    """``colour`` where exactly one grid has a non-zero cell, 0 elsewhere.

    >>> grids_xor((((1, 1, 0),), ((2, 0, 0),)), 3)
    ((0, 3, 0),)
    """
    return _combine(grids, colour, lambda count: count == 1, "grids_xor")


@primitive(GRIDS, INTEGER, returns=GRID)
def grids_nor(grids, colour):
    """``colour`` where no grid has a non-zero cell, 0 elsewhere.

    >>> grids_nor((((1, 0, 0),), ((2, 0, 4),)), 3)
    ((0, 3, 0),)
    """
    return _combine(grids, colour, lambda count: count == 0, "grids_nor")


# ---------------------------------------------------------------- grids built from grids

@primitive(GRID, GRID, returns=GRID, shape=product_shape)
def kronecker(pattern, tile):
    """A copy of ``tile`` in place of each non-zero cell of ``pattern``, 0s for its 0 cells.

    ``kronecker(grid, grid)`` is the self-similar fractal of a one-colour drawing.

    >>> kronecker(((1, 0), (0, 1)), ((7, 8),))
    ((7, 8, 0, 0), (0, 0, 7, 8))
    """
    height, width = len(tile), len(tile[0])
    check_cells(len(pattern) * height * len(pattern[0]) * width)
    blank = (0,) * width
    return tuple(sum((tile[r] if value else blank for value in pattern_row), ())
                 for pattern_row in pattern for r in range(height))


@primitive(GRID, INTEGER, returns=GRID)
def fractal(grid, colour):
    """The grid made of itself: a copy in place of each cell of ``colour``, 0s for the others.

    >>> fractal(((1, 0), (0, 2)), 1)
    ((1, 0, 0, 0), (0, 2, 0, 0), (0, 0, 0, 0), (0, 0, 0, 0))
    """
    check_colour(colour)
    height, width = len(grid), len(grid[0])
    check_cells(height * height * width * width)
    if not any(colour in row for row in grid):
        raise ValueError(f"no cell of colour {colour} to put a copy in")
    blank = (0,) * width
    return tuple(sum((grid[r] if value == colour else blank for value in pattern_row), ())
                 for pattern_row in grid for r in range(height))


@primitive(GRID, returns=GRID)
def rotation_quad(grid):
    """A square grid and its turns: itself, a quarter turn right of it, three quarters below, half.

    >>> rotation_quad(((1, 2), (3, 4)))
    ((1, 2, 3, 1), (3, 4, 4, 2), (2, 4, 4, 3), (1, 3, 2, 1))
    """
    if len(grid) != len(grid[0]):
        raise ValueError("rotation_quad needs a square grid")
    check_cells(4 * len(grid) * len(grid))
    top = tuple(a + b for a, b in zip(grid, rot90(grid)))
    return top + tuple(a + b for a, b in zip(rot270(grid), rot180(grid)))


@primitive(GRID, returns=GRID)
def collapse_repeats(grid):
    """Merge each run of equal adjacent rows into one row, and likewise columns.

    Undoes stretching by any factors, even uneven ones (blocks of colour
    become one cell each); a grid with no repeats does not fit.

    >>> collapse_repeats(((1, 1, 2), (1, 1, 2), (3, 3, 3)))
    ((1, 2), (3, 3))
    """
    rows = [row for k, row in enumerate(grid) if k == 0 or row != grid[k - 1]]
    columns = list(zip(*rows))
    kept = [column for k, column in enumerate(columns) if k == 0 or column != columns[k - 1]]
    if len(rows) == len(grid) and len(kept) == len(columns):
        raise ValueError("no adjacent rows or columns repeat")
    return tuple(zip(*kept))


# ---------------------------------------------------------------- crops chosen by content

@primitive(GRID, INTEGER, returns=GRID)
def crop_object_with_most(grid, colour):
    """The box of the object holding the most cells of ``colour``.

    Objects are the 4-connected groups of non-zero cells, of any colours (here
    0 is the background even where another colour covers more of the grid:
    blocks of 1 dotted with 2 are objects). No object holding the colour, or a
    tie for the most, does not fit.

    >>> crop_object_with_most(((1, 2, 0, 0), (1, 1, 0, 0), (0, 0, 0, 2), (0, 0, 0, 2)), 2)
    ((2,), (2,))
    """
    check_colour(colour)
    if colour == 0 or not any(colour in row for row in grid):
        raise ValueError(f"no object holds colour {colour}")
    best, tied = (0, None), False
    for cells in connected_groups(grid, _drawn, one_colour=False):
        count = sum(1 for i, j in cells if grid[i][j] == colour)
        if count > best[0]:
            best, tied = (count, cells), False
        elif count == best[0]:
            tied = True
    if best[1] is None or tied:
        raise ValueError(f"no single object holds the most cells of colour {colour}")
    return subgrid(grid, frozenset(best[1]))


@primitive(GRID, INTEGER, returns=GRID)
def uncover(grid, colour):
    """The window under the cells of ``colour``, repainted from the grid's mirror symmetry,
    or failing that from its repeating tile.

    The cells of ``colour`` must form one solid rectangle covering at most half the grid.

    >>> uncover(((1, 2, 2, 1), (3, 4, 0, 3)), 0)
    ((4,),)
    >>> uncover(((1, 2, 1, 2), (3, 4, 3, 0)), 0)
    ((4,),)
    """
    hidden = [(i, j) for i, row in enumerate(grid) for j, value in enumerate(row) if value == colour]
    if not hidden or 2 * len(hidden) > len(grid) * len(grid[0]):
        raise ValueError(f"colour {colour} hides nothing, or too much to recover")
    rows = [i for i, _ in hidden]
    cols = [j for _, j in hidden]
    top, left, bottom, right = min(rows), min(cols), max(rows) + 1, max(cols) + 1
    # A mask is one solid rectangle; checking that first spares the repair for most colours.
    if len(hidden) != (bottom - top) * (right - left):
        raise ValueError(f"the cells of colour {colour} are not one solid rectangle")
    try:
        repaired = repair_symmetry(grid, colour)
    except ValueError:
        repaired = grid
    if any(repaired[i][j] == colour for i, j in hidden):
        repaired = repair_period(grid, colour)
    window = crop(repaired, (top, left), (bottom - top, right - left))
    if any(value == colour for row in window for value in row):
        raise ValueError(f"the cells of colour {colour} cannot be recovered")
    return window


@primitive(GRID, INTEGER, returns=GRID)
def crop_marked_object(grid, colour):
    """The box of the object a marker of ``colour`` touches or sits in, the marker painted over.

    Objects are the 8-connected groups of non-zero cells of any colours; all
    cells of ``colour`` must lie in one of them. The marker cells left inside
    the box take the object's most common other colour: a dot that only points
    at a shape is not part of its drawing.

    >>> crop_marked_object(((0, 5, 0, 0), (1, 1, 0, 2), (0, 1, 0, 2)), 5)
    ((1, 1), (0, 1))
    >>> crop_marked_object(((4, 8, 4), (0, 4, 0)), 8)
    ((4, 4, 4), (0, 4, 0))
    """
    check_colour(colour)
    if colour == 0 or not any(colour in row for row in grid):
        raise ValueError(f"no marker of colour {colour}")
    marked = [cells for cells in connected_groups(grid, _drawn, diagonal=True, one_colour=False)
              if any(grid[i][j] == colour for i, j in cells)]
    if len(marked) != 1:
        raise ValueError(f"the cells of colour {colour} mark more than one object")
    drawing = [(i, j) for i, j in marked[0] if grid[i][j] != colour]
    if not drawing:
        raise ValueError(f"the marker of colour {colour} touches no object")
    paint = most_common_of(Counter(grid[i][j] for i, j in drawing))
    return tuple(tuple(paint if value == colour else value for value in row)
                 for row in subgrid(grid, frozenset(drawing)))


@primitive(GRID, returns=GRID)
def frame_interior(grid):
    """What lies strictly inside the one frame: a rectangle's outline of one colour, or its four corners.

    The frame's colour is the one colour whose cells cover the whole border of
    their box (other cells of it inside are allowed) or are exactly its four corners.

    >>> frame_interior(((3, 2, 2, 2, 2), (1, 2, 7, 8, 2), (1, 2, 2, 2, 2)))
    ((7, 8),)
    >>> frame_interior(((4, 0, 0, 4), (0, 1, 2, 0), (4, 0, 0, 4)))
    ((1, 2),)
    """
    boxes = {}
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            top, left, bottom, right, count = boxes.get(value, (i, j, i, j, 0))
            boxes[value] = (min(top, i), min(left, j), max(bottom, i), max(right, j), count + 1)
    frames = [box for colour, box in boxes.items() if _frames(grid, colour, box)]
    if len(frames) != 1:
        raise ValueError(f"{len(frames)} frames of one colour, not one")
    top, left, bottom, right, _ = frames[0]
    return tuple(row[left + 1:right] for row in grid[top + 1:bottom])


def _frames(grid, colour: int, box: tuple) -> bool:
    """Whether the cells of ``colour`` outline their box (at least 3x3), or mark just its corners."""
    top, left, bottom, right, count = box
    if bottom - top < 2 or right - left < 2:
        return False
    if count == 4:
        return all(grid[i][j] == colour for i in (top, bottom) for j in (left, right))
    return (all(value == colour for value in grid[top][left:right + 1])
            and all(value == colour for value in grid[bottom][left:right + 1])
            and all(grid[i][left] == colour and grid[i][right] == colour
                    for i in range(top + 1, bottom)))


# ---------------------------------------------------------------- objects as grids

@primitive(GRID, returns=GRIDS)
def objects_as_grids(grid):
    """The box of each object (8-connected non-zero cells, any colours), in reading order.

    Puts the selections over parts (``odd_one_out``, ``symmetric_one``, ...)
    to work on a grid's objects.

    >>> objects_as_grids(((1, 0, 0), (0, 1, 0), (0, 0, 0), (2, 2, 0)))
    (((1, 0), (0, 1)), ((2, 2),))
    """
    groups = connected_groups(grid, _drawn, diagonal=True, one_colour=False)
    if len(groups) < 2:
        raise ValueError("objects_as_grids needs at least two objects")
    check_items(len(groups))
    return tuple(subgrid(grid, frozenset(cells)) for cells in groups)


@primitive(GRIDS, returns=GRID)
def symmetric_one(grids):
    """The one grid equal to its mirror image (left-right, top-bottom or a diagonal).

    >>> symmetric_one((((1, 2), (0, 0)), ((2, 0, 2), (2, 2, 2)), ((3, 4), (0, 0))))
    ((2, 0, 2), (2, 2, 2))
    """
    return _the_one(grids, True)


@primitive(GRIDS, returns=GRID)
def asymmetric_one(grids):
    """The one grid unlike every mirror image of itself, among symmetric ones.

    >>> asymmetric_one((((1, 1), (1, 1)), ((2, 0, 2), (2, 2, 2)), ((3, 4), (0, 0))))
    ((3, 4), (0, 0))
    """
    return _the_one(grids, False)


def _the_one(grids, symmetric: bool) -> tuple:
    chosen = [grid for grid in grids if _is_symmetric(grid) == symmetric]
    if len(grids) < 2 or len(chosen) != 1:
        kind = "symmetric" if symmetric else "asymmetric"
        raise ValueError(f"not exactly one {kind} grid among {len(grids)}")
    return chosen[0]


# ---------------------------------------------------------------- folding and colours

@primitive(GRID, returns=GRID)
def fold_left_right(grid):
    """Fold the right half onto the left: the left half's cells, its 0s filled from the mirrored right.

    An odd width's middle column is the fold line and is dropped.

    >>> fold_left_right(((1, 0, 5, 0, 0), (0, 0, 5, 2, 3)))
    ((1, 0), (3, 2))
    """
    width = len(grid[0])
    if width < 2:
        raise ValueError("a single column has nothing to fold")
    half = width // 2
    return tuple(tuple(a or b for a, b in zip(row[:half], row[::-1][:half])) for row in grid)


@primitive(GRID, returns=GRID, shape=same_shape)
def swap_colours(grid):
    """Exchange the two colours of a grid that has exactly two.

    >>> swap_colours(((4, 4), (4, 2)))
    ((2, 2), (2, 4))
    """
    colours = {value for row in grid for value in row}
    if len(colours) != 2:
        raise ValueError(f"swap_colours needs exactly two colours, not {len(colours)}")
    first, second = colours
    swap = {first: second, second: first}
    return tuple(tuple(swap[value] for value in row) for row in grid)


# ---------------------------------------------------------------- counts

@primitive(GRID, returns=INTEGER)
def num_foreground_colours(grid):
    """How many colours the grid uses besides its background (the most common colour).

    >>> num_foreground_colours(((0, 1, 0), (5, 0, 1)))
    2
    """
    return len({value for row in grid for value in row}) - 1

"""Rays and strokes that keep the grid's shape: lines drawn from cells and shapes, gaps filled, steps taken.

The line-drawing half of ``tasks.dsl.painting`` (same background rule, same
early ``ValueError`` when there is nothing to draw), kept apart so that each
module stays short enough to read.

>>> fill_single_gaps(((1, 0, 1),), 2, (0, 1))
((1, 2, 1),)
"""

from __future__ import annotations

from tasks.data.budget import check_items
from tasks.dsl.colour import black_or_most_common, check_colour
from tasks.dsl.objects import connected_groups
from tasks.dsl.painting import _check_any_step, _draw_ray, _frozen, _has_colour
from tasks.dsl.patches import ALL_STEPS, DIAGONAL_STEPS
from tasks.dsl.registry import primitive
from tasks.data.types import GRID, INTEGER, PAIR
from tasks.dsl.shapes import same_shape

__all__ = [
    "step_towards", "fill_single_gaps", "extend_to_largest", "extend_line_ends", "shoot_from_shapes",
    "rays_from_open_corners",
]


# ---------------------------------------------------------------- steps

@primitive(GRID, INTEGER, INTEGER, returns=GRID, shape=same_shape)
def step_towards(grid, mover, target):
    """Every cell of colour ``mover`` takes one step (diagonal where both coordinates differ)
    towards its nearest cell of colour ``target``; a step onto another cell is not taken.

    >>> step_towards(((3, 0, 0), (0, 0, 0), (0, 0, 4)), 3, 4)
    ((0, 0, 0), (0, 3, 0), (0, 0, 4))
    """
    check_colour(mover)
    background = black_or_most_common(grid)
    if mover == target or background in (mover, target):
        raise ValueError("mover and target must be two colours other than the background")
    if not _has_colour(grid, mover) or not _has_colour(grid, target):
        raise ValueError("needs cells of both the mover's and the target's colour")
    movers = [(r, c) for r, row in enumerate(grid) for c, value in enumerate(row) if value == mover]
    targets = [(r, c) for r, row in enumerate(grid) for c, value in enumerate(row) if value == target]
    check_items(len(movers) * len(targets))
    rows = [list(row) for row in grid]
    for r, c in movers:
        rows[r][c] = background
    moved = False
    for r, c in movers:
        tr, tc = min(targets, key=lambda cell: abs(cell[0] - r) + abs(cell[1] - c))
        nr, nc = r + (tr > r) - (tr < r), c + (tc > c) - (tc < c)
        # Landing on the target, or on anything but background or another mover, is blocked.
        if (nr, nc) != (tr, tc) and grid[nr][nc] in (background, mover) and rows[nr][nc] == background:
            rows[nr][nc] = mover
            moved = True
        else:
            rows[r][c] = mover
    if not moved:
        raise ValueError("no cell of the mover's colour can step towards the target")
    return _frozen(rows)



@primitive(GRID, INTEGER, PAIR, returns=GRID, shape=same_shape)
def fill_single_gaps(grid, colour, direction):
    """Background cells lying between two cells of one colour, just before and after them
    along ``direction``'s line (RIGHT or LEFT: in rows; DOWN or UP: in columns; diagonal
    steps: along those diagonals), take ``colour``: one-cell gaps in a row of dots get filled.

    >>> fill_single_gaps(((1, 0, 1, 0, 0, 1), (0, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0)), 2, (0, 1))[0]
    (1, 2, 1, 0, 0, 1)
    """
    check_colour(colour)
    dr, dc = _check_any_step(direction)
    background = black_or_most_common(grid)
    height, width = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    filled = False
    # The cells whose neighbours along the line are both inside the grid.
    for r in range(abs(dr), height - abs(dr)):
        before, here, after = grid[r - dr], grid[r], grid[r + dr]
        for c in range(abs(dc), width - abs(dc)):
            if here[c] == background and before[c - dc] == after[c + dc] != background:
                rows[r][c] = colour
                filled = True
    if not filled:
        raise ValueError("no one-cell gap between two cells of one colour")
    return _frozen(rows)


# ---------------------------------------------------------------- rays

@primitive(GRID, returns=GRID, shape=same_shape)
def extend_to_largest(grid):
    """Every other cell that shares rows or columns with the largest shape draws a line of
    its own colour towards it, up to the shape's edge; cells facing it see past nothing
    but background.

    >>> extend_to_largest(((0, 0, 0, 0, 2), (3, 3, 0, 0, 0), (3, 3, 0, 0, 0), (0, 0, 0, 0, 0), (0, 1, 0, 0, 0)))
    ((0, 0, 0, 0, 2), (3, 3, 0, 0, 0), (3, 3, 0, 0, 0), (0, 1, 0, 0, 0), (0, 1, 0, 0, 0))
    """
    background = black_or_most_common(grid)
    shapes = connected_groups(grid, lambda value: value != background)
    if len(shapes) < 2:
        raise ValueError("needs a largest shape and other cells")
    largest = max(shapes, key=len)
    if sum(len(cells) == len(largest) for cells in shapes) > 1:
        raise ValueError("the largest shape is not unique")
    top, bottom = min(r for r, _ in largest), max(r for r, _ in largest)
    left, right = min(c for _, c in largest), max(c for _, c in largest)
    inside = set(largest)
    rows = [list(row) for row in grid]
    drawn = False
    for r, row in enumerate(grid):
        for c, colour in enumerate(row):
            if colour == background or (r, c) in inside:
                continue
            if top <= r <= bottom and not left <= c <= right:
                step = (0, 1) if c < left else (0, -1)
            elif left <= c <= right and not top <= r <= bottom:
                step = (1, 0) if r < top else (-1, 0)
            else:
                continue
            path = []
            nr, nc = r + step[0], c + step[1]
            while 0 <= nr < len(grid) and 0 <= nc < len(row) and (nr, nc) not in inside \
                    and grid[nr][nc] == background:
                path.append((nr, nc))
                nr, nc = nr + step[0], nc + step[1]
            if (nr, nc) in inside:
                for pr, pc in path:
                    rows[pr][pc] = colour
                drawn = drawn or bool(path)
    if not drawn:
        raise ValueError("no cell faces the largest shape across background")
    return _frozen(rows)


@primitive(GRID, returns=GRID, shape=same_shape)
def extend_line_ends(grid):
    """Every non-background cell with exactly one neighbour (of eight) of its colour draws a
    ray of its colour away from that neighbour, across background to the border or the
    first other cell: lines and diagonal tails grow on.

    >>> extend_line_ends(((0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 2, 0), (0, 0, 0, 2)))
    ((2, 0, 0, 0), (0, 2, 0, 0), (0, 0, 2, 0), (0, 0, 0, 2))
    """
    background = black_or_most_common(grid)
    height, width = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    drawn = False
    for r in range(height):
        for c in range(width):
            colour = grid[r][c]
            if colour == background:
                continue
            neighbours = [(dr, dc) for dr, dc in ALL_STEPS
                          if 0 <= r + dr < height and 0 <= c + dc < width
                          and grid[r + dr][c + dc] == colour]
            if len(neighbours) == 1:
                dr, dc = neighbours[0]
                drawn = _draw_ray(grid, rows, (r, c), (-dr, -dc), colour, background) or drawn
    if not drawn:
        raise ValueError("no line end can grow")
    return _frozen(rows)


@primitive(GRID, INTEGER, PAIR, returns=GRID, shape=same_shape)
def shoot_from_shapes(grid, colour, direction):
    """Each shape of ``colour`` (8-connected) shoots rays of its colour towards ``direction``
    (any of the eight steps) from its cells furthest that way: a diagonal from the corner,
    a side's worth of parallel rays straight. Rays cross background only.

    >>> shoot_from_shapes(((0, 0, 0, 0), (0, 1, 1, 0), (0, 1, 1, 0), (0, 0, 0, 0)), 1, (-1, -1))
    ((1, 0, 0, 0), (0, 1, 1, 0), (0, 1, 1, 0), (0, 0, 0, 0))
    """
    check_colour(colour)
    dr, dc = _check_any_step(direction)
    background = black_or_most_common(grid)
    if colour == background or not _has_colour(grid, colour):
        raise ValueError("needs cells of a colour other than the background")
    rows = [list(row) for row in grid]
    drawn = False
    for cells in connected_groups(grid, lambda value: value == colour, diagonal=True):
        furthest = max(dr * r + dc * c for r, c in cells)
        for r, c in cells:
            if dr * r + dc * c == furthest:
                drawn = _draw_ray(grid, rows, (r, c), (dr, dc), colour, background) or drawn
    if not drawn:
        raise ValueError("no ray has room to be drawn")
    return _frozen(rows)


@primitive(GRID, returns=GRID, shape=same_shape)
def rays_from_open_corners(grid):
    """Each shape (one colour, 8-connected, three cells or more) whose bounding box has a
    corner it does not fill shoots a diagonal ray of its colour out of that corner, away
    from the box, across background: an L's open corner points the way.

    >>> rays_from_open_corners(((0, 0, 0, 0, 0), (0, 0, 0, 0, 0), (0, 7, 0, 0, 0), (0, 7, 7, 0, 0)))
    ((0, 0, 0, 0, 7), (0, 0, 0, 7, 0), (0, 7, 0, 0, 0), (0, 7, 7, 0, 0))
    """
    background = black_or_most_common(grid)
    rows = [list(row) for row in grid]
    for cells in connected_groups(grid, lambda value: value != background, diagonal=True):
        if len(cells) < 3:  # a diagonal pair's two open corners point nowhere in particular
            continue
        top, bottom = min(r for r, _ in cells), max(r for r, _ in cells)
        left, right = min(c for _, c in cells), max(c for _, c in cells)
        if top == bottom or left == right:
            continue
        colour = grid[cells[0][0]][cells[0][1]]
        inside = set(cells)
        for dr, dc in DIAGONAL_STEPS:
            corner = (bottom if dr > 0 else top, right if dc > 0 else left)
            if corner not in inside and grid[corner[0]][corner[1]] == background:
                _draw_ray(grid, rows, corner, (dr, dc), colour, background)
    # No open corner is no error: shapes without one (squares, lines) sit beside those with one.
    return _frozen(rows)

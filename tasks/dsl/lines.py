"""Lines, rays and neighbourhoods of points and patches, and sliding patches.

Points and vectors are Pairs (row, col); every line here is Indices. Lines of
a computed length check the item budget before they are built, and loops
whose count comes from the arguments tick the step budget.

>>> sorted(connect((0, 0), (2, 2)))
[(0, 0), (1, 1), (2, 2)]
>>> sorted(ray_to_border(((0, 0, 0),), (0, 0), (0, 1)))
[(0, 1), (0, 2)]
"""

from __future__ import annotations

from tasks.data.budget import check_items, tick
from tasks.dsl.colour import background_colour
from tasks.dsl.patches import (ALL_STEPS, DIAGONAL_STEPS, ORTHOGONAL_STEPS, adjacent, locations,
                               share_columns, share_rows)
from tasks.dsl.registry import primitive
from tasks.data.types import GRID, INDICES, INTEGER, PAIR, PATCH


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


def _inside(grid: tuple, r: int, c: int) -> bool:
    # Explicit bounds: Python's negative indexing would silently wrap around.
    return 0 <= r < len(grid) and 0 <= c < len(grid[0])


# ---------------------------------------------------------------- lines

@primitive(PAIR, PAIR, returns=INDICES)
def connect(a, b):
    """The straight line from ``a`` to ``b``, ends included, when they share a row,
    a column or a diagonal; otherwise empty.

    >>> sorted(connect((0, 2), (0, 0))), connect((0, 0), (1, 2))
    ([(0, 0), (0, 1), (0, 2)], frozenset())
    """
    dr, dc = b[0] - a[0], b[1] - a[1]
    if dr and dc and abs(dr) != abs(dc):
        return frozenset()
    length = max(abs(dr), abs(dc)) + 1
    check_items(length)
    step_r, step_c = _sign(dr), _sign(dc)
    return frozenset((a[0] + k * step_r, a[1] + k * step_c) for k in range(length))


@primitive(PAIR, PAIR, INTEGER, returns=INDICES)
def shoot(start, direction, length):
    """``length`` points from ``start`` (included) stepping by ``direction``.

    >>> sorted(shoot((1, 1), (1, -1), 3))
    [(1, 1), (2, 0), (3, -1)]
    """
    check_items(length)
    dr, dc = direction
    return frozenset((start[0] + k * dr, start[1] + k * dc) for k in range(max(length, 0)))


@primitive(GRID, PAIR, PAIR, returns=INDICES)
def ray_to_border(grid, start, direction):
    """The grid locations after ``start`` (excluded) stepping by ``direction`` to the edge.

    >>> sorted(ray_to_border(((0, 0), (0, 0), (0, 0)), (0, 1), (1, 0)))
    [(1, 1), (2, 1)]
    """
    dr, dc = direction
    if dr == dc == 0:
        return frozenset()
    r, c = start[0] + dr, start[1] + dc
    found = []
    while _inside(grid, r, c):
        found.append((r, c))
        r, c = r + dr, c + dc
    return frozenset(found)


@primitive(GRID, PAIR, PAIR, returns=INDICES)
def ray_until_obstacle(grid, start, direction):
    """Like ``ray_to_border``, but the ray stops before the first non-background cell.

    >>> sorted(ray_until_obstacle(((1, 0, 0, 2, 0),), (0, 0), (0, 1)))
    [(0, 1), (0, 2)]
    """
    dr, dc = direction
    if dr == dc == 0:
        return frozenset()
    background = background_colour(grid)
    r, c = start[0] + dr, start[1] + dc
    found = []
    while _inside(grid, r, c) and grid[r][c] == background:
        found.append((r, c))
        r, c = r + dr, c + dc
    return frozenset(found)


@primitive(GRID, INTEGER, returns=INDICES)
def row_indices(grid, row):
    """Every location in row ``row`` of the grid (empty when out of range).

    >>> sorted(row_indices(((0, 0), (0, 0)), 1))
    [(1, 0), (1, 1)]
    """
    if not 0 <= row < len(grid):
        return frozenset()
    return frozenset((row, c) for c in range(len(grid[0])))


@primitive(GRID, INTEGER, returns=INDICES)
def column_indices(grid, column):
    """Every location in column ``column`` of the grid (empty when out of range).

    >>> sorted(column_indices(((0, 0), (0, 0)), 0))
    [(0, 0), (1, 0)]
    """
    if not 0 <= column < len(grid[0]):
        return frozenset()
    return frozenset((r, column) for r in range(len(grid)))


@primitive(GRID, PAIR, returns=INDICES)
def diagonal_indices(grid, point):
    """The grid locations on the top-left to bottom-right diagonal through ``point``.

    >>> sorted(diagonal_indices(((0, 0, 0), (0, 0, 0)), (0, 1)))
    [(0, 1), (1, 2)]
    """
    offset = point[1] - point[0]
    return frozenset((r, r + offset) for r in range(len(grid)) if _inside(grid, r, r + offset))


@primitive(GRID, PAIR, returns=INDICES)
def antidiagonal_indices(grid, point):
    """The grid locations on the top-right to bottom-left diagonal through ``point``.

    >>> sorted(antidiagonal_indices(((0, 0, 0), (0, 0, 0)), (0, 1)))
    [(0, 1), (1, 0)]
    """
    total = point[0] + point[1]
    return frozenset((r, total - r) for r in range(len(grid)) if _inside(grid, r, total - r))


# ---------------------------------------------------------------- neighbourhoods

@primitive(PAIR, returns=INDICES)
def neighbours4(point):
    """The four locations sharing an edge with ``point``.

    >>> sorted(neighbours4((0, 0)))
    [(-1, 0), (0, -1), (0, 1), (1, 0)]
    """
    r, c = point
    return frozenset((r + dr, c + dc) for dr, dc in ORTHOGONAL_STEPS)


@primitive(PAIR, returns=INDICES)
def neighbours8(point):
    """The eight locations sharing an edge or a corner with ``point``.

    >>> len(neighbours8((0, 0))), (0, 0) in neighbours8((0, 0))
    (8, False)
    """
    r, c = point
    return frozenset((r + dr, c + dc) for dr, dc in ALL_STEPS)


@primitive(PAIR, returns=INDICES)
def diagonal_neighbours(point):
    """The four locations sharing only a corner with ``point``.

    >>> sorted(diagonal_neighbours((1, 1)))
    [(0, 0), (0, 2), (2, 0), (2, 2)]
    """
    r, c = point
    return frozenset((r + dr, c + dc) for dr, dc in DIAGONAL_STEPS)


@primitive(PATCH, returns=INDICES)
def patch_neighbours4(patch):
    """Locations outside the patch that share an edge with it (not clipped to any grid).

    >>> sorted(patch_neighbours4(frozenset({(0, 0), (0, 1)})))
    [(-1, 0), (-1, 1), (0, -1), (0, 2), (1, 0), (1, 1)]
    """
    where = locations(patch)
    return frozenset((r + dr, c + dc) for r, c in where for dr, dc in ORTHOGONAL_STEPS) - where


@primitive(PATCH, returns=INDICES)
def patch_neighbours8(patch):
    """Locations outside the patch that share an edge or a corner with it: a ring around it.

    >>> len(patch_neighbours8(frozenset({(0, 0), (0, 1)})))
    10
    """
    where = locations(patch)
    return frozenset((r + dr, c + dc) for r, c in where for dr, dc in ALL_STEPS) - where


@primitive(GRID, PAIR, returns=INDICES)
def flood_region(grid, point):
    """The 4-connected region of ``point``'s colour containing ``point`` (empty if off the grid).

    >>> sorted(flood_region(((1, 1, 0), (0, 1, 1)), (0, 0)))
    [(0, 0), (0, 1), (1, 1), (1, 2)]
    """
    if not _inside(grid, *point):
        return frozenset()
    colour = grid[point[0]][point[1]]
    reached = {tuple(point)}
    stack = [tuple(point)]
    while stack:
        r, c = stack.pop()
        for dr, dc in ORTHOGONAL_STEPS:
            nr, nc = r + dr, c + dc
            if (nr, nc) not in reached and _inside(grid, nr, nc) and grid[nr][nc] == colour:
                reached.add((nr, nc))
                stack.append((nr, nc))
    return frozenset(reached)


# ---------------------------------------------------------------- sliding

def _approach_direction(source: frozenset, target: frozenset) -> tuple[int, int]:
    """The unit step that brings ``source`` straight towards ``target``."""
    sources, targets = locations(source), locations(target)
    top_s, bottom_s = min(r for r, _ in sources), max(r for r, _ in sources)
    left_s, right_s = min(c for _, c in sources), max(c for _, c in sources)
    top_t, bottom_t = min(r for r, _ in targets), max(r for r, _ in targets)
    left_t, right_t = min(c for _, c in targets), max(c for _, c in targets)
    if share_columns(source, target):
        if bottom_s < top_t:
            return 1, 0
        if top_s > bottom_t:
            return -1, 0
    if share_rows(source, target):
        if right_s < left_t:
            return 0, 1
        if left_s > right_t:
            return 0, -1
    raise ValueError("gravitate: the patches are neither in line vertically nor horizontally")


@primitive(PATCH, PATCH, returns=PAIR)
def gravitate(source, target):
    """The vector that slides ``source`` straight towards ``target`` until they are
    4-adjacent; (0, 0) when they already are. Raises ValueError when the patches are
    not in line or the slide would pass or run into ``target`` without touching it.

    >>> gravitate(frozenset({(0, 0)}), frozenset({(4, 0)}))
    (3, 0)
    >>> gravitate(frozenset({(2, 9), (2, 8)}), frozenset({(1, 0), (2, 0), (3, 0)}))
    (0, -7)
    """
    if adjacent(source, target):
        return 0, 0
    dr, dc = _approach_direction(source, target)
    targets = locations(target)
    moving = locations(source)
    # The slide can be no longer than the distance across both patches.
    every = moving | targets
    limit = (max(r for r, _ in every) - min(r for r, _ in every)
             + max(c for _, c in every) - min(c for _, c in every))
    for steps in range(1, limit + 1):
        tick()
        moving = frozenset((r + dr, c + dc) for r, c in moving)
        if moving & targets:
            break
        if adjacent(moving, targets):
            return steps * dr, steps * dc
    raise ValueError("gravitate: the source slides past the target without touching it")


@primitive(GRID, PATCH, PAIR, returns=PAIR)
def slide_vector(grid, patch, direction):
    """How far the patch can slide by ``direction`` over background cells before it would
    leave the grid or hit another cell; pass the result to ``move``.

    >>> slide_vector(((0, 3), (0, 0), (0, 0), (0, 5)), frozenset({(3, (0, 1))}), (1, 0))
    (2, 0)
    """
    dr, dc = direction
    if (dr == dc == 0) or not patch:
        return 0, 0
    background = background_colour(grid)
    own = locations(patch)
    moving = own
    steps = 0
    while True:
        tick()
        ahead = frozenset((r + dr, c + dc) for r, c in moving)
        if not all(_inside(grid, r, c) and (grid[r][c] == background or (r, c) in own)
                   for r, c in ahead):
            return steps * dr, steps * dc
        moving = ahead
        steps += 1

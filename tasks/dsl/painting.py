"""Whole-grid edits that keep the grid's shape: the recurring moves of ARC tasks.

Each primitive here does in one step what would take a long program of the
finer primitives (objects, lines, fill): gravity, rays and connections drawn
from cells (the rays and strokes are in ``tasks.dsl.rays``), regions filled by what encloses them, objects recoloured by a
property. One step is what the bottom-up enumeration can reach cheaply.

"Background" is black (0) wherever the grid has any, else its most common
colour (``tasks.dsl.colour.black_or_most_common``): ARC draws on black, and a
grid crowded with shapes may hold more of their colour than of black. Most
moves raise ``ValueError`` early when the grid offers them nothing to do (no
cell of the colour, no enclosed region), so enumeration wastes no time on a no-op.

Four primitives learn their rule from the task's samples ``S`` (the train
pairs as ``(input, output)`` grids) instead of taking it as arguments: the
stamp drawn around cells of each colour or over shapes of each form, and a
recolouring of shapes by their colour and size or size rank. A rule the samples contradict
raises ``ValueError``; during enumeration ``S`` holds the *other* train pairs,
so a learned rule that matches a pair has generalised to it.

>>> gravity(((1, 0), (0, 0), (0, 2)), (1, 0))
((0, 0), (0, 0), (1, 2))
>>> connect_same_colour(((3, 0, 0, 3),))
((3, 3, 3, 3),)
"""

from __future__ import annotations

from tasks.data.budget import check_items, tick
from tasks.dsl.colour import black_or_most_common, check_colour
from tasks.dsl.objects import connected_groups
from tasks.dsl.patches import ALL_STEPS, ORTHOGONAL_STEPS
from tasks.dsl.registry import primitive
from tasks.dsl.samples import learned, sample_pairs, steady_background
from tasks.data.types import GRID, INTEGER, PAIR, SAMPLES
from tasks.dsl.shapes import same_shape

__all__ = [
    "gravity", "connect_same_colour", "connect_same_colour_diagonal", "fill_enclosed", "flood_from_colour", "recolour_interiors",
    "recolour_enclosing", "recolour_far_half", "surround_shapes_of_size", "remove_isolated", "stamp_by_colour",
    "stamp_by_shape", "recolour_by_size", "recolour_by_size_rank",
]

_WINDOW = ((0, 0),) + ALL_STEPS  # a cell and its eight neighbours


# ---------------------------------------------------------------- helpers (not primitives)

def _check_step(direction: tuple) -> tuple[int, int]:
    if direction not in ORTHOGONAL_STEPS:
        raise ValueError(f"direction must be one of UP, DOWN, LEFT, RIGHT, got {direction!r}")
    return direction


def _check_any_step(direction: tuple) -> tuple[int, int]:
    if direction not in ALL_STEPS:
        raise ValueError(f"direction must be one of the eight unit steps, got {direction!r}")
    return direction


def _frozen(rows: list) -> tuple:
    return tuple(map(tuple, rows))


def _draw_ray(grid: tuple, rows: list, start: tuple[int, int], step: tuple[int, int],
              colour: int, background: int) -> bool:
    """Paint ``colour`` from the cell after ``start`` along ``step`` while the original grid
    shows background; stop at the border or the first other cell. True if anything was drawn."""
    height, width = len(grid), len(grid[0])
    dr, dc = step
    r, c = start[0] + dr, start[1] + dc
    drawn = False
    while 0 <= r < height and 0 <= c < width and grid[r][c] == background:
        rows[r][c] = colour
        drawn = True
        r, c = r + dr, c + dc
    return drawn


def _has_colour(grid: tuple, colour: int) -> bool:
    return any(colour in row for row in grid)


def _lines_towards(height: int, width: int, direction: tuple[int, int]) -> list[list[tuple]]:
    """The grid's rows or columns as lists of locations, each ordered from its far end
    (the side ``direction`` points to) back to its near end."""
    dr, dc = direction
    if dr:
        rows = range(height - 1, -1, -1) if dr > 0 else range(height)
        return [[(r, c) for r in rows] for c in range(width)]
    cols = range(width - 1, -1, -1) if dc > 0 else range(width)
    return [[(r, c) for c in cols] for r in range(height)]


def _enclosed_regions(grid: tuple, background: int) -> list[list[tuple[int, int]]]:
    """The background regions (4-connected) the border cannot reach: those not touching it."""
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    return [cells for cells in connected_groups(grid, lambda value: value == background)
            if not any(r in (0, last_row) or c in (0, last_col) for r, c in cells)]


# ---------------------------------------------------------------- gravity

@primitive(GRID, PAIR, returns=GRID, shape=same_shape)
def gravity(grid, direction):
    """Every non-background cell falls towards ``direction`` (UP/DOWN/LEFT/RIGHT) until it
    rests on the border or on a fallen cell; each row or column keeps its order.

    >>> gravity(((0, 4, 0), (2, 0, 0), (0, 3, 0)), (1, 0))
    ((0, 0, 0), (0, 4, 0), (2, 3, 0))
    """
    background = black_or_most_common(grid)
    height, width = len(grid), len(grid[0])
    rows = [[background] * width for _ in range(height)]
    for line in _lines_towards(height, width, _check_step(direction)):
        fallen = [grid[r][c] for r, c in line if grid[r][c] != background]
        for (r, c), colour in zip(line, fallen):
            rows[r][c] = colour
    return _frozen(rows)


# ---------------------------------------------------------------- connecting cells

def _connect_along(grid: tuple, lines) -> tuple:
    """Fill the background between consecutive same-coloured cells of each line.

    Lines are computed on the original grid; a later line paints over an
    earlier one's cells (so columns, drawn after rows, cross on top).
    """
    background = black_or_most_common(grid)
    rows = [list(row) for row in grid]
    for line in lines:
        last_colour, last_index = None, 0
        for index, (r, c) in enumerate(line):
            colour = grid[r][c]
            if colour == background:
                continue
            if colour == last_colour and index - last_index > 1:
                for fr, fc in line[last_index + 1:index]:
                    rows[fr][fc] = colour
            last_colour, last_index = colour, index
    # Nothing to join is no error: a task's pair may have no two cells facing each other.
    return _frozen(rows)


@primitive(GRID, returns=GRID, shape=same_shape)
def connect_same_colour(grid):
    """Join every two cells of one colour that face each other along a row or a column
    across background only; vertical joins cross over horizontal ones.

    >>> connect_same_colour(((0, 2, 0), (3, 0, 3), (0, 2, 0)))
    ((0, 2, 0), (3, 2, 3), (0, 2, 0))
    """
    height, width = len(grid), len(grid[0])
    rows = [[(r, c) for c in range(width)] for r in range(height)]
    cols = [[(r, c) for r in range(height)] for c in range(width)]
    return _connect_along(grid, rows + cols)


@primitive(GRID, returns=GRID, shape=same_shape)
def connect_same_colour_diagonal(grid):
    """Join every two cells of one colour that face each other along a diagonal across
    background only.

    >>> connect_same_colour_diagonal(((4, 0, 0), (0, 0, 0), (0, 0, 4)))
    ((4, 0, 0), (0, 4, 0), (0, 0, 4))
    """
    height, width = len(grid), len(grid[0])
    down_right = [[(r, r - d) for r in range(height) if 0 <= r - d < width]
                  for d in range(-width + 1, height)]
    down_left = [[(r, s - r) for r in range(height) if 0 <= s - r < width]
                 for s in range(height + width - 1)]
    return _connect_along(grid, down_right + down_left)


# ---------------------------------------------------------------- regions and interiors

@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
def fill_enclosed(grid, colour):
    """Background cells that the border cannot reach through background take ``colour``.

    >>> fill_enclosed(((1, 1, 1, 0, 0), (1, 0, 1, 0, 0), (1, 1, 1, 0, 0), (0, 0, 0, 0, 0)), 4)
    ((1, 1, 1, 0, 0), (1, 4, 1, 0, 0), (1, 1, 1, 0, 0), (0, 0, 0, 0, 0))
    """
    check_colour(colour)
    background = black_or_most_common(grid)
    regions = _enclosed_regions(grid, background)
    if not regions:
        raise ValueError("no background region is enclosed")
    rows = [list(row) for row in grid]
    for cells in regions:
        for r, c in cells:
            rows[r][c] = colour
    return _frozen(rows)


@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
def flood_from_colour(grid, colour):
    """Every background region (4-connected) that a cell of ``colour`` touches along a side
    is flooded with ``colour``: the colour spreads through the gaps it sits in.

    >>> flood_from_colour(((0, 0, 5, 0), (1, 0, 5, 0), (5, 5, 5, 0)), 1)
    ((1, 1, 5, 0), (1, 1, 5, 0), (5, 5, 5, 0))
    """
    check_colour(colour)
    background = black_or_most_common(grid)
    if colour == background or not _has_colour(grid, colour):
        raise ValueError("needs cells of a colour other than the background")
    height, width = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    flooded = False
    for cells in connected_groups(grid, lambda value: value == background):
        if any(0 <= r + dr < height and 0 <= c + dc < width and grid[r + dr][c + dc] == colour
               for r, c in cells for dr, dc in ORTHOGONAL_STEPS):
            for r, c in cells:
                rows[r][c] = colour
            flooded = True
    if not flooded:
        raise ValueError("no background region touches the colour")
    return _frozen(rows)


@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
def recolour_interiors(grid, colour):
    """Non-background cells whose eight neighbours all share their colour take ``colour``:
    solid shapes keep only their rim (``colour`` the background hollows them out).

    >>> recolour_interiors(((5, 5, 5, 0), (5, 5, 5, 0), (5, 5, 5, 0), (0, 0, 0, 0), (0, 0, 0, 0)), 2)[:3]
    ((5, 5, 5, 0), (5, 2, 5, 0), (5, 5, 5, 0))
    """
    check_colour(colour)
    background = black_or_most_common(grid)
    height, width = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    changed = False
    for r in range(1, height - 1):
        above, here, below = grid[r - 1], grid[r], grid[r + 1]
        for c in range(1, width - 1):
            value = here[c]
            if value != background and value != colour \
                    and above[c - 1] == above[c] == above[c + 1] == value \
                    and here[c - 1] == here[c + 1] == value \
                    and below[c - 1] == below[c] == below[c + 1] == value:
                rows[r][c] = colour
                changed = True
    if not changed:
        raise ValueError("no shape has an interior to recolour")
    return _frozen(rows)


@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
def recolour_enclosing(grid, colour):
    """Shapes (one colour, 8-connected) that alone enclose a background region take ``colour``.

    >>> grid = ((1, 1, 1, 0, 1, 0), (1, 0, 1, 0, 1, 0), (1, 1, 1, 0, 0, 0), (0, 0, 0, 0, 0, 0))
    >>> recolour_enclosing(grid, 8)[:3]
    ((8, 8, 8, 0, 1, 0), (8, 0, 8, 0, 1, 0), (8, 8, 8, 0, 0, 0))
    """
    check_colour(colour)
    background = black_or_most_common(grid)
    height, width = len(grid), len(grid[0])
    label = [[-1] * width for _ in range(height)]
    shapes = connected_groups(grid, lambda value: value != background, diagonal=True)
    for number, cells in enumerate(shapes):
        for r, c in cells:
            label[r][c] = number
    enclosing = set()
    for hole in _enclosed_regions(grid, background):
        walls = {label[r + dr][c + dc] for r, c in hole for dr, dc in ORTHOGONAL_STEPS
                 if 0 <= r + dr < height and 0 <= c + dc < width and label[r + dr][c + dc] >= 0}
        if len(walls) == 1:
            enclosing |= walls
    if not enclosing:
        raise ValueError("no shape encloses a background region by itself")
    rows = [list(row) for row in grid]
    for number in enclosing:
        for r, c in shapes[number]:
            rows[r][c] = colour
    return _frozen(rows)


@primitive(GRID, INTEGER, PAIR, returns=GRID, shape=same_shape)
def recolour_far_half(grid, colour, direction):
    """The cells of each shape (one colour, 4-connected) that lie past the middle of its
    bounding box towards ``direction`` (UP/DOWN/LEFT/RIGHT) take ``colour``; an odd
    middle row or column keeps its colour.

    >>> recolour_far_half(((1, 0), (1, 0), (1, 0), (1, 0), (1, 0)), 8, (1, 0))
    ((1, 0), (1, 0), (1, 0), (8, 0), (8, 0))
    """
    check_colour(colour)
    dr, dc = _check_step(direction)
    background = black_or_most_common(grid)
    rows = [list(row) for row in grid]
    changed = False
    for cells in connected_groups(grid, lambda value: value != background and value != colour):
        # Projections onto the direction: a cell is past the middle when twice its
        # projection exceeds the sum of the shape's extremes.
        ends = [dr * r + dc * c for r, c in cells]
        middle = min(ends) + max(ends)
        for (r, c), end in zip(cells, ends):
            if 2 * end > middle:
                rows[r][c] = colour
                changed = True
    if not changed:
        raise ValueError("no shape has a far half to recolour")
    return _frozen(rows)


@primitive(GRID, INTEGER, INTEGER, returns=GRID, shape=same_shape)
def surround_shapes_of_size(grid, size, colour):
    """The background around each shape (one colour, 4-connected) of exactly ``size`` cells,
    its eight neighbours' worth, takes ``colour``: a halo marks the shapes of one size.

    >>> surround_shapes_of_size(((0, 0, 0, 0, 0), (0, 2, 2, 0, 0), (0, 0, 0, 0, 2)), 2, 3)
    ((3, 3, 3, 3, 0), (3, 2, 2, 3, 0), (3, 3, 3, 3, 2))
    """
    check_colour(colour)
    if type(size) is not int or size < 1:
        raise ValueError(f"size must be a positive int, got {size!r}")
    background = black_or_most_common(grid)
    height, width = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    changed = False
    for cells in connected_groups(grid, lambda value: value != background):
        if len(cells) != size:
            continue
        for r, c in cells:
            for dr, dc in ALL_STEPS:
                nr, nc = r + dr, c + dc
                if 0 <= nr < height and 0 <= nc < width and grid[nr][nc] == background \
                        and rows[nr][nc] != colour:
                    rows[nr][nc] = colour
                    changed = True
    if not changed:
        raise ValueError("no shape of this size has background around it")
    return _frozen(rows)


@primitive(GRID, returns=GRID, shape=same_shape)
def remove_isolated(grid):
    """Non-background cells with no neighbour (of eight) of their own colour become background:
    the noise around shapes goes, the shapes stay.

    >>> remove_isolated(((1, 1, 0, 0), (1, 1, 0, 2), (0, 0, 0, 0)))
    ((1, 1, 0, 0), (1, 1, 0, 0), (0, 0, 0, 0))
    """
    background = black_or_most_common(grid)
    height, width = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    removed = False
    for r in range(height):
        for c in range(width):
            value = grid[r][c]
            if value == background:
                continue
            if not any(0 <= r + dr < height and 0 <= c + dc < width and grid[r + dr][c + dc] == value
                       for dr, dc in ALL_STEPS):
                rows[r][c] = background
                removed = True
    if not removed:
        raise ValueError("no isolated cell")
    return _frozen(rows)


# ---------------------------------------------------------------- rules learned from samples

def _learn_stamps(samples) -> tuple | None:
    pairs = sample_pairs(samples)
    background = steady_background(pairs)
    seen: dict[int, dict[tuple, set]] = {}
    for grid_in, grid_out in pairs:
        height, width = len(grid_in), len(grid_in[0])
        for r, row in enumerate(grid_in):
            for c, colour in enumerate(row):
                if colour == background:
                    continue
                around = seen.setdefault(colour, {})
                for dr, dc in _WINDOW:
                    nr, nc = r + dr, c + dc
                    # Only what lands on background shows the stamp; other cells have their own.
                    if 0 <= nr < height and 0 <= nc < width \
                            and (grid_in[nr][nc] == background or (dr, dc) == (0, 0)):
                        around.setdefault((dr, dc), set()).add(grid_out[nr][nc])
    stamps = {}
    for colour, around in seen.items():
        marks = tuple((dr, dc, next(iter(outputs))) for (dr, dc), outputs in sorted(around.items())
                      if len(outputs) == 1
                      and next(iter(outputs)) != (colour if (dr, dc) == (0, 0) else background))
        if marks:
            stamps[colour] = marks
    return (background, stamps) if stamps else None


@primitive(SAMPLES, GRID, returns=GRID, shape=same_shape)
def stamp_by_colour(samples, grid):
    """Around each cell the 3x3 stamp the samples always draw around cells of its colour:
    an offset is stamped when every sample cell of that colour shows one colour there.
    The background is the colour the samples leave unchanged most often.

    >>> samples = ((((0, 0, 0, 0), (0, 2, 0, 0), (0, 0, 0, 0)), ((4, 0, 4, 0), (0, 2, 0, 0), (4, 0, 4, 0))),)
    >>> stamp_by_colour(samples, ((0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 2, 0), (0, 0, 0, 0)))
    ((0, 0, 0, 0), (0, 4, 0, 4), (0, 0, 2, 0), (0, 4, 0, 4))
    """
    rule = learned("stamp_by_colour", samples, _learn_stamps)
    if rule is None:
        raise ValueError("the samples draw no stamp around any colour")
    background, stamps = rule
    height, width = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for r, row in enumerate(grid):
        for c, colour in enumerate(row):
            for dr, dc, mark in stamps.get(colour, ()):
                if 0 <= r + dr < height and 0 <= c + dc < width \
                        and (grid[r + dr][c + dc] == background or (dr, dc) == (0, 0)):
                    rows[r + dr][c + dc] = mark
    result = _frozen(rows)
    if result == grid:
        raise ValueError("no cell here has a stamp")
    return result


def _shape_windows(grid: tuple, background: int):
    """Each shape (one colour, 4-connected) with its key ``(colour, normalised cells)``, its
    bounding box's top-left corner, its cells, and the locations of the box grown by one
    on every side that are in the grid and show the shape or background."""
    height, width = len(grid), len(grid[0])
    for cells in connected_groups(grid, lambda value: value != background):
        top, bottom = min(r for r, _ in cells), max(r for r, _ in cells)
        left, right = min(c for _, c in cells), max(c for _, c in cells)
        inside = set(cells)
        key = (grid[cells[0][0]][cells[0][1]], frozenset((r - top, c - left) for r, c in cells))
        window = [(r, c) for r in range(max(top - 1, 0), min(bottom + 2, height))
                  for c in range(max(left - 1, 0), min(right + 2, width))
                  if (r, c) in inside or grid[r][c] == background]
        yield key, (top, left), inside, window


def _learn_shape_stamps(samples) -> tuple | None:
    pairs = sample_pairs(samples)
    background = steady_background(pairs)
    seen: dict[tuple, dict[tuple, set]] = {}
    for grid_in, grid_out in pairs:
        for key, (top, left), _, window in _shape_windows(grid_in, background):
            tick()
            around = seen.setdefault(key, {})
            for r, c in window:
                around.setdefault((r - top, c - left), set()).add(grid_out[r][c])
    stamps = {}
    for (colour, cells), around in seen.items():
        marks = tuple((dr, dc, next(iter(outputs))) for (dr, dc), outputs in sorted(around.items())
                      if len(outputs) == 1
                      and next(iter(outputs)) != (colour if (dr, dc) in cells else background))
        if marks:
            stamps[(colour, cells)] = marks
    return (background, stamps) if stamps else None


@primitive(SAMPLES, GRID, returns=GRID, shape=same_shape)
def stamp_by_shape(samples, grid):
    """Over each shape (one colour, 4-connected) and the ring of cells around it, the marks
    the samples always make over shapes of that colour and form: where every such sample
    shape shows one new colour at a place of its box grown by one, it is painted there
    (on the shape itself or on background). The background is the colour the samples
    leave unchanged most often.

    >>> samples = ((((0, 0, 0, 0), (0, 5, 5, 0), (0, 0, 0, 0)), ((1, 0, 0, 2), (0, 5, 5, 0), (0, 0, 0, 0))),)
    >>> stamp_by_shape(samples, ((0, 0, 0, 0, 0), (0, 0, 0, 0, 0), (0, 0, 5, 5, 0)))
    ((0, 0, 0, 0, 0), (0, 1, 0, 0, 2), (0, 0, 5, 5, 0))
    """
    rule = learned("stamp_by_shape", samples, _learn_shape_stamps)
    if rule is None:
        raise ValueError("the samples mark no shape")
    background, stamps = rule
    height, width = len(grid), len(grid[0])
    rows = [list(row) for row in grid]
    for key, (top, left), inside, _ in _shape_windows(grid, background):
        for dr, dc, mark in stamps.get(key, ()):
            r, c = top + dr, left + dc
            if 0 <= r < height and 0 <= c < width and ((r, c) in inside or grid[r][c] == background):
                rows[r][c] = mark
    result = _frozen(rows)
    if result == grid:
        raise ValueError("no shape here has a stamp")
    return result


def _by_size(grid: tuple, shapes: list) -> list[tuple[tuple[int, int], list]]:
    return [((grid[cells[0][0]][cells[0][1]], len(cells)), cells) for cells in shapes]


def _by_size_rank(grid: tuple, shapes: list) -> list[tuple[tuple[int, int], list]]:
    # Rank 0 is the largest size among the shapes of one colour; equal sizes share a rank.
    sizes: dict[int, set] = {}
    for cells in shapes:
        sizes.setdefault(grid[cells[0][0]][cells[0][1]], set()).add(len(cells))
    ranks = {colour: {size: rank for rank, size in enumerate(sorted(found, reverse=True))}
             for colour, found in sizes.items()}
    keyed = []
    for cells in shapes:
        colour = grid[cells[0][0]][cells[0][1]]
        keyed.append(((colour, ranks[colour][len(cells)]), cells))
    return keyed


def _every_shape(grid: tuple) -> list[list[tuple[int, int]]]:
    # Background regions are shapes too: holes get recoloured by their size like objects.
    return connected_groups(grid, lambda value: True)


def _learn_recolouring(key_of):
    """A learner of ``(colour, key) -> output colour`` over the samples' shapes; None when
    one key meets two colours or a shape comes out in several colours."""
    def learn(samples):
        table: dict = {}
        for grid_in, grid_out in sample_pairs(samples):
            for key, cells in key_of(grid_in, _every_shape(grid_in)):
                colours = {grid_out[r][c] for r, c in cells}
                if len(colours) != 1:
                    return None
                (colour,) = colours
                if table.setdefault(key, colour) != colour:
                    return None
        return table
    return learn


def _nearest(table: dict, key: tuple[int, int]) -> int:
    """The entry for ``(colour, n)``, or for the same colour's nearest ``n`` (ties: the
    larger); a colour the table never saw stays as it is.

    Sizes and ranks the samples never show usually sit on one side of a threshold.

    >>> table = {(5, 1): 3, (5, 4): 8}
    >>> _nearest(table, (5, 2)), _nearest(table, (5, 9)), _nearest(table, (6, 1))
    (3, 8, 6)
    """
    if key in table:
        return table[key]
    colour, n = key
    known = [other for other in table if other[0] == colour]
    if not known:
        return colour
    return table[min(known, key=lambda other: (abs(other[1] - n), -other[1]))]


def _recolour_shapes(samples, grid, name: str, key_of) -> tuple:
    table = learned(name, samples, _learn_recolouring(key_of))
    if table is None:
        raise ValueError("the samples do not recolour whole shapes by this key")
    shapes = _every_shape(grid)
    check_items(len(shapes))
    rows = [list(row) for row in grid]
    for key, cells in key_of(grid, shapes):
        colour = _nearest(table, key)
        for r, c in cells:
            rows[r][c] = colour
    result = _frozen(rows)
    if result == grid:
        raise ValueError("the recolouring changes nothing here")
    return result


@primitive(SAMPLES, GRID, returns=GRID)
def recolour_by_size(samples, grid):
    """Each shape (one colour, 4-connected; background regions too) takes the colour the
    samples give shapes of its colour and size, or of its colour and the nearest size
    they show; a colour they never show stays.

    >>> samples = ((((5, 0, 5, 5, 0, 0, 0),), ((1, 0, 2, 2, 0, 0, 0),)),)
    >>> recolour_by_size(samples, ((5, 5, 0, 5, 0, 5, 0, 0, 0, 0),))
    ((2, 2, 0, 1, 0, 1, 0, 0, 0, 0),)
    """
    return _recolour_shapes(samples, grid, "recolour_by_size", _by_size)


@primitive(SAMPLES, GRID, returns=GRID)
def recolour_by_size_rank(samples, grid):
    """Each shape (one colour, 4-connected; background regions too) takes the colour the
    samples give shapes of its colour and size rank among that colour's shapes (0 the
    largest), or of the nearest rank they show; a colour they never show stays.

    >>> samples = ((((5, 0, 5, 5, 0, 0, 0),), ((2, 0, 1, 1, 0, 0, 0),)),)
    >>> recolour_by_size_rank(samples, ((5, 5, 5, 0, 5, 5, 0, 0, 0, 0, 0, 0),))
    ((1, 1, 1, 0, 2, 2, 0, 0, 0, 0, 0, 0),)
    """
    return _recolour_shapes(samples, grid, "recolour_by_size_rank", _by_size_rank)

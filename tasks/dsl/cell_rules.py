"""Each cell's new colour read from a table the samples teach, keyed by what surrounds it.

Many ARC rules are local: a cell changes by its neighbours, by the first
colour it sees along a row, column or diagonal, by whether it lies between two
cells of one colour, or by where it sits (row and column parity). The one
primitive here, ``paint_by_cell_rule``, learns such a rule from the samples
``S``: it describes every sample cell by its colour and a fixed list of
features (``FEATURES``), and looks for the key that tells the samples' output
colours apart with the fewest entries, the most general: the cell's colour
alone, or with one feature, or with two. A key under which the samples give
two cells of one key two output colours is no rule. A cell whose key the
samples never show keeps its colour.

During enumeration ``S`` holds the *other* train pairs, so a rule that
reproduces a pair has generalised to it from the rest.

>>> samples = ((((0, 0, 0), (0, 5, 0), (0, 0, 0)), ((0, 1, 0), (1, 5, 1), (0, 1, 0))),
...            (((5, 0, 0), (0, 0, 0), (0, 0, 0)), ((5, 1, 0), (1, 0, 0), (0, 0, 0))))
>>> paint_by_cell_rule(samples, ((0, 0, 0), (0, 0, 0), (0, 0, 5)))
((0, 0, 0), (0, 0, 1), (0, 1, 5))
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

from tasks.data.budget import check_items, tick
from tasks.data.types import GRID, SAMPLES
from tasks.dsl.colour import background_colour
from tasks.dsl.objects import connected_groups
from tasks.dsl.registry import primitive
from tasks.dsl.samples import learned, sample_pairs
from tasks.dsl.shapes import same_shape

__all__ = ["paint_by_cell_rule"]

# The eight directions, the four edge-sharing ones first.
DIRECTIONS = ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))
OFF_GRID, NOTHING_SEEN, UNEQUAL = -1, -1, -2
SIZE_CAP = 5  # regions of 5 cells or more look alike: sizes past that rarely carry a rule

# What each place of a cell's feature tuple holds, in order (see ``cell_features``).
FEATURES = (
    *(f"neighbour {d}" for d in DIRECTIONS),
    *(f"first colour seen towards {d}" for d in DIRECTIONS),
    "row parity", "column parity", "row mod 3", "column mod 3", "diagonal parity",
    "non-background neighbours of eight", "non-background neighbours of four",
    "on the border", "size of its one-colour region (capped)",
    "colour seen both up and down", "colour seen both left and right",
    "background cell in a row with other colours", "background cell in a column with other colours",
    "four neighbours", "eight neighbours", "colours seen along the four edges' directions",
    "set of colours seen in four directions", "set of colours seen in eight directions",
    "colours of its row and of its column", "which of eight neighbours are not background",
    "which of four neighbours are not background",
)

# Trying this many keys counts as one step of the budget: the enumeration allows an
# application 1,000 steps, and one application learns from each of its inputs' samples.
CHOICES_PER_STEP = 64

# Keys of growing detail: no feature, each one, each pair.
FEATURE_CHOICES = ((),) + tuple((i,) for i in range(len(FEATURES))) \
    + tuple(combinations(range(len(FEATURES)), 2))


def first_seen(grid: tuple, step: tuple[int, int], background: int) -> list[list[int]]:
    """For every cell, the first non-background colour beyond it along ``step``
    (``NOTHING_SEEN`` if none): one sweep, each cell reading the one ``step`` ahead.

    >>> first_seen(((3, 0, 0, 4),), (0, 1), 0), first_seen(((3, 0, 0, 4),), (1, 0), 0)
    ([[4, 4, 4, -1]], [[-1, -1, -1, -1]])
    """
    height, width = len(grid), len(grid[0])
    dr, dc = step
    seen = [[NOTHING_SEEN] * width for _ in range(height)]
    rows = range(height - 1, -1, -1) if dr > 0 else range(height)
    columns = range(width - 1, -1, -1) if dc > 0 else range(width)
    for r in rows:
        ahead_r = r + dr
        if not 0 <= ahead_r < height:
            continue
        for c in columns:
            ahead_c = c + dc
            if 0 <= ahead_c < width:
                ahead = grid[ahead_r][ahead_c]
                seen[r][c] = ahead if ahead != background else seen[ahead_r][ahead_c]
    return seen


def cell_features(grid: tuple) -> tuple[tuple[tuple[int, tuple], ...], ...]:
    """Per row, per cell: ``(colour, features)``, the features in ``FEATURES``' order.

    The background is the grid's most common colour (``background_colour``: ties
    go to 0). One step of the budget whether or not the grid was described before
    (``_described`` remembers), so what a program may do does not depend on what
    ran before it.

    >>> colour, features = cell_features(((0, 2), (0, 0)))[0][0]
    >>> colour, features[3], features[11], features[23]
    (0, 2, 2, True)
    """
    check_items(len(grid) * len(grid[0]))
    tick()
    return _described(grid)


@lru_cache(maxsize=256)
def _described(grid: tuple) -> tuple[tuple[tuple[int, tuple], ...], ...]:
    height, width = len(grid), len(grid[0])
    background = background_colour(grid)
    region_size = {}
    for cells in connected_groups(grid, lambda value: True):
        for cell in cells:
            region_size[cell] = min(len(cells), SIZE_CAP)
    row_colours = [frozenset(row) for row in grid]
    column_colours = [frozenset(row[c] for row in grid) for c in range(width)]
    row_busy = [sum(value != background for value in row) for row in grid]
    column_busy = [sum(row[c] != background for row in grid) for c in range(width)]
    sights = [first_seen(grid, step, background) for step in DIRECTIONS]
    described = []
    for r in range(height):
        row = []
        for c in range(width):
            colour = grid[r][c]
            near = tuple(grid[r + dr][c + dc] if 0 <= r + dr < height and 0 <= c + dc < width
                         else OFF_GRID for dr, dc in DIRECTIONS)
            seen = tuple(sight[r][c] for sight in sights)
            occupied = tuple(value not in (background, OFF_GRID) for value in near)
            is_background = colour == background
            row.append((colour, (
                *near, *seen, r % 2, c % 2, r % 3, c % 3, (r + c) % 2,
                sum(occupied), sum(occupied[:4]),
                r in (0, height - 1) or c in (0, width - 1), region_size[(r, c)],
                seen[0] if seen[0] == seen[1] else UNEQUAL, seen[2] if seen[2] == seen[3] else UNEQUAL,
                is_background and row_busy[r] > 0, is_background and column_busy[c] > 0,
                near[:4], near, seen[:4], frozenset(seen[:4]), frozenset(seen),
                (row_colours[r], column_colours[c]), occupied, occupied[:4],
            )))
        described.append(tuple(row))
    return tuple(described)


def _table(described: list, chosen: tuple[int, ...]) -> dict | None:
    """``(colour, chosen features) -> output colour`` over the samples' cells; None on a clash."""
    table: dict = {}
    for cells, grid_out in described:
        for row, row_out in zip(cells, grid_out):
            for (colour, features), wanted in zip(row, row_out):
                key = (colour, *(features[i] for i in chosen))
                if table.setdefault(key, wanted) != wanted:
                    return None
    return table


def _learn_cell_rule(samples) -> tuple[tuple[int, ...], dict, frozenset] | None:
    """The key with the fewest entries that tells the samples' outputs apart, its table,
    and the colours it changes (a grid without them is left as it is, undescribed)."""
    pairs = sample_pairs(samples)
    if all(grid_in == grid_out for grid_in, grid_out in pairs):
        return None
    described = [(cell_features(grid_in), grid_out) for grid_in, grid_out in pairs]
    best = None
    for tried, chosen in enumerate(FEATURE_CHOICES):
        if tried % CHOICES_PER_STEP == 0:
            tick()
        table = _table(described, chosen)
        if table is not None and (best is None or len(table) < len(best[1])):
            best = (chosen, table)
    if best is None:
        return None
    chosen, table = best
    return chosen, table, frozenset(key[0] for key, colour in table.items() if key[0] != colour)


@primitive(SAMPLES, GRID, returns=GRID, shape=same_shape)
def paint_by_cell_rule(samples, grid):
    """Each cell takes the colour the samples give cells of its colour and surroundings, by
    the most general rule (its colour and at most two features: neighbours, the first
    colour seen each way, parities, region size) that fits every sample; cells whose kind
    the samples never show keep their colour.

    >>> samples = ((((0, 0, 0, 0), (0, 3, 0, 0)), ((0, 3, 0, 0), (0, 3, 0, 0))),)
    >>> paint_by_cell_rule(samples, ((0, 0, 0), (0, 0, 0), (0, 0, 3)))
    ((0, 0, 3), (0, 0, 3), (0, 0, 3))
    """
    rule = learned("paint_by_cell_rule", samples, _learn_cell_rule)
    if rule is None:
        raise ValueError("no rule of cell colours and at most two features fits the samples")
    chosen, table, changed = rule
    if not any(colour in changed for row in grid for colour in row):
        raise ValueError("the learned cell rule changes nothing here")
    result = tuple(tuple(table.get((colour, *(features[i] for i in chosen)), colour)
                         for colour, features in row)
                   for row in cell_features(grid))
    if result == grid:
        raise ValueError("the learned cell rule changes nothing here")
    return result

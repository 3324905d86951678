"""Repairing damaged patterns: cells of a noise colour repainted from the grid's own regularity.

``repair_symmetry`` uses the grid's mirror symmetries (left-right, top-bottom,
both diagonals, axes off-centre too); ``repair_period`` its repeating tile. Both
return the grid unchanged when it holds no noise cell, and tick the step budget
in their searches, whose length comes from the grid.

>>> repair_symmetry(((1, 2, 2, 1), (3, 4, 0, 3)), 0)
((1, 2, 2, 1), (3, 4, 4, 3))
"""

from __future__ import annotations

from collections import Counter

from tasks.data.budget import tick
from tasks.dsl.colour import most_common_of
from tasks.dsl.registry import primitive
from tasks.data.types import GRID, INTEGER
from tasks.dsl.shapes import same_shape

__all__ = ["repair_symmetry", "repair_period"]


# ---------------------------------------------------------------- mirror symmetry

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


@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
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


# ---------------------------------------------------------------- repeating tiles

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


@primitive(GRID, INTEGER, returns=GRID, shape=same_shape)
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

"""Objects: connected components of a grid, their colour and size, finding and picking them.

An Object is a frozenset of cells ``(colour, (row, col))``; patches in general
(Indices or Objects, their boxes, positions and moves) are ``tasks.dsl.patches``.
The background colour of a grid is ``tasks.dsl.colour.background_colour`` (the
most common colour).

>>> grid = ((0, 1, 0),
...         (0, 1, 0),
...         (2, 0, 0))
>>> sorted(sorted(obj) for obj in objects_single_colour(grid))
[[(1, (0, 1)), (1, (1, 1))], [(2, (2, 0))]]
>>> largest(objects_single_colour(grid)) == frozenset({(1, (0, 1)), (1, (1, 1))})
True
"""

from __future__ import annotations

from collections import Counter

from tasks.data.budget import tick
from tasks.dsl.colour import background_colour, most_common_of, set_cells
from tasks.dsl.containers import sort_key
from tasks.dsl.patches import ALL_STEPS, ORTHOGONAL_STEPS, normalise, patch_shape, shift
from tasks.dsl.registry import primitive
from tasks.data.types import BOOLEAN, GRID, INDICES, INTEGER, OBJECT, OBJECTS, PAIR, PATCH
from tasks.dsl.shapes import same_shape


# ---------------------------------------------------------------- components

def connected_groups(grid, keep, diagonal: bool = False,
                     one_colour: bool = True) -> list[list[tuple[int, int]]]:
    """Connected groups of the cells whose colour ``keep`` accepts, in reading order of their first cell.

    ``diagonal``: cells touching at a corner connect; ``one_colour``: a group
    holds one colour. Each group lists its first cell first. The one flood
    fill every DSL module uses (objects, shape-keeping edits, selections).

    >>> connected_groups(((1, 1, 0), (0, 2, 2)), lambda colour: colour != 0)
    [[(0, 0), (0, 1)], [(1, 1), (1, 2)]]
    >>> len(connected_groups(((1, 1, 0), (0, 2, 2)), lambda colour: colour != 0, one_colour=False))
    1
    """
    height, width = len(grid), len(grid[0])
    steps = ALL_STEPS if diagonal else ORTHOGONAL_STEPS
    seen = [[not keep(colour) for colour in row] for row in grid]
    groups = []
    for r0 in range(height):
        for c0 in range(width):
            if seen[r0][c0]:
                continue
            seen[r0][c0] = True
            colour = grid[r0][c0]
            stack, cells = [(r0, c0)], []
            while stack:
                r, c = stack.pop()
                cells.append((r, c))
                for dr, dc in steps:
                    nr, nc = r + dr, c + dc
                    if 0 <= nr < height and 0 <= nc < width and not seen[nr][nc] \
                            and (not one_colour or grid[nr][nc] == colour):
                        seen[nr][nc] = True
                        stack.append((nr, nc))
            groups.append(cells)
    return groups


@primitive(GRID, BOOLEAN, BOOLEAN, BOOLEAN, returns=OBJECTS)
def objects(grid, univalued, diagonal, without_background):
    """Connected components of the grid as Objects.

    ``univalued``: a component holds one colour; ``diagonal``: cells touching at a
    corner connect; ``without_background``: cells of the background colour are
    left out (with it and not univalued, the whole grid is one component).

    >>> grid = ((1, 2, 0), (0, 0, 3))
    >>> len(objects(grid, True, False, True)), len(objects(grid, False, True, True))
    (3, 1)
    """
    background = background_colour(grid) if without_background else None
    groups = connected_groups(grid, lambda colour: colour != background, diagonal, univalued)
    return frozenset(frozenset((grid[r][c], (r, c)) for r, c in cells) for cells in groups)


@primitive(GRID, returns=OBJECTS)
def objects_single_colour(grid):
    """One-colour, 4-connected components of the non-background cells.

    >>> len(objects_single_colour(((1, 0), (0, 1))))
    2
    """
    return objects(grid, True, False, True)


@primitive(GRID, returns=OBJECTS)
def objects_single_colour_diagonal(grid):
    """One-colour, 8-connected components of the non-background cells.

    >>> len(objects_single_colour_diagonal(((1, 0), (0, 1))))
    1
    """
    return objects(grid, True, True, True)


@primitive(GRID, returns=OBJECTS)
def objects_multicolour(grid):
    """Multicolour, 8-connected components of the non-background cells.

    >>> len(objects_multicolour(((1, 0, 0), (0, 2, 0), (0, 0, 0))))
    1
    """
    return objects(grid, False, True, True)


@primitive(GRID, returns=OBJECTS)
def partition(grid):
    """One Object per colour holding every cell of that colour, connected or not.

    >>> sorted(len(obj) for obj in partition(((1, 0), (0, 1))))
    [2, 2]
    """
    by_colour: dict[int, list] = {}
    for r, row in enumerate(grid):
        for c, colour in enumerate(row):
            by_colour.setdefault(colour, []).append((colour, (r, c)))
    return frozenset(frozenset(cells) for cells in by_colour.values())


@primitive(GRID, returns=OBJECTS)
def partition_foreground(grid):
    """``partition`` without the background colour's Object.

    >>> [len(obj) for obj in partition_foreground(((0, 0), (0, 1)))]
    [1]
    """
    background = background_colour(grid)
    return frozenset(obj for obj in partition(grid) if next(iter(obj))[0] != background)


@primitive(GRID, returns=OBJECT)
def as_object(grid):
    """Every cell of the grid as one Object.

    >>> sorted(as_object(((5, 6),)))
    [(5, (0, 0)), (6, (0, 1))]
    """
    return frozenset((colour, (r, c)) for r, row in enumerate(grid)
                     for c, colour in enumerate(row))


# ---------------------------------------------------------------- properties

@primitive(OBJECT, returns=INTEGER)
def object_colour(obj):
    """The object's most common colour (the smallest on ties; raises on empty).

    >>> object_colour(frozenset({(2, (0, 0)), (5, (0, 1)), (5, (1, 1))}))
    5
    """
    counts = Counter(colour for colour, _ in obj)
    if not counts:
        raise ValueError("object_colour: the object is empty")
    return most_common_of(counts)


@primitive(PATCH, returns=INTEGER)
def object_size(patch):
    """Number of cells in the patch.

    >>> object_size(frozenset({(0, 0), (0, 1)}))
    2
    """
    return len(patch)


# ---------------------------------------------------------------- moving an object on its grid

@primitive(GRID, OBJECT, PAIR, returns=GRID, shape=same_shape)
def move(grid, obj, vector):
    """The grid with ``obj`` erased to background and painted again shifted by ``vector``.

    Cells moved off the grid are lost.

    >>> move(((0, 3, 0),), frozenset({(3, (0, 1))}), (0, 1))
    ((0, 0, 3),)
    """
    background = background_colour(grid)
    erased = set_cells(grid, ((background, location) for _, location in obj))
    return set_cells(erased, shift(obj, vector))


# ---------------------------------------------------------------- searching a grid

@primitive(GRID, OBJECT, returns=INDICES)
def occurrences(grid, obj):
    """Upper-left positions where the object's normalised cells all match the grid.

    >>> sorted(occurrences(((1, 2, 1, 2),), frozenset({(1, (5, 5)), (2, (5, 6))})))
    [(0, 0), (0, 2)]
    """
    if not obj:
        return frozenset()
    pattern = tuple(normalise(obj))
    span_h, span_w = patch_shape(obj)
    height, width = len(grid), len(grid[0])
    found = []
    for r in range(height - span_h + 1):
        tick()  # the grid's size comes from the program; let the deadline interrupt
        for c in range(width - span_w + 1):
            if all(grid[r + i][c + j] == colour for colour, (i, j) in pattern):
                found.append((r, c))
    return frozenset(found)


# ---------------------------------------------------------------- filters and picks

@primitive(OBJECTS, INTEGER, returns=OBJECTS)
def size_filter(objs, count):
    """The objects with exactly ``count`` cells.

    >>> [len(o) for o in size_filter(frozenset({frozenset({(1, (0, 0))}),
    ...                                         frozenset({(1, (5, 5)), (1, (5, 6))})}), 2)]
    [2]
    """
    return frozenset(obj for obj in objs if len(obj) == count)


@primitive(OBJECTS, INTEGER, returns=OBJECTS)
def colour_filter(objs, colour):
    """The objects whose (most common) colour is ``colour``.

    >>> colour_filter(frozenset({frozenset({(1, (0, 0))}), frozenset({(2, (3, 3))})}), 2)
    frozenset({frozenset({(2, (3, 3))})})
    """
    return frozenset(obj for obj in objs if obj and object_colour(obj) == colour)


@primitive(OBJECTS, PAIR, returns=OBJECTS)
def shape_filter(objs, shape):
    """The objects whose bounding box has this (height, width).

    >>> bar, dot = frozenset({(1, (0, 0)), (1, (0, 1))}), frozenset({(2, (3, 3))})
    >>> shape_filter(frozenset({bar, dot}), (1, 2)) == frozenset({bar})
    True
    """
    return frozenset(obj for obj in objs if patch_shape(obj) == tuple(shape))


def _first_by_size(objs: frozenset, pick) -> frozenset:
    """The object ``pick`` (max or min) chooses by size; ties go to the first in sort_key order."""
    if not objs:
        raise ValueError("there are no objects to choose from")
    best = pick(len(obj) for obj in objs)
    return min((obj for obj in objs if len(obj) == best), key=sort_key)


@primitive(OBJECTS, returns=OBJECT)
def largest(objs):
    """The object with the most cells; on ties the top-left one (raises when empty).

    >>> dot, bar = frozenset({(1, (0, 0))}), frozenset({(2, (3, 3)), (2, (3, 4))})
    >>> largest(frozenset({dot, bar})) == bar
    True
    """
    return _first_by_size(objs, max)


@primitive(OBJECTS, returns=OBJECT)
def smallest(objs):
    """The object with the fewest cells; on ties the top-left one (raises when empty).

    >>> smallest(frozenset({frozenset({(1, (0, 0))}), frozenset({(2, (3, 3)), (2, (3, 4))})}))
    frozenset({(1, (0, 0))})
    """
    return _first_by_size(objs, min)

"""Objects and patches: connected components, their properties, and moving them.

A Patch is a frozenset of locations: either Indices, ``{(row, col), ...}``, or
an Object, ``{(colour, (row, col)), ...}``. Primitives that take a Patch accept
both; those that return a Patch keep the kind they were given. The background
colour of a grid is ``tasks.dsl.colour.background_colour`` (the most common colour).

>>> grid = ((0, 1, 0),
...         (0, 1, 0),
...         (2, 0, 0))
>>> sorted(sorted(obj) for obj in objects_single_colour(grid))
[[(1, (0, 1)), (1, (1, 1))], [(2, (2, 0))]]
>>> upper_left(largest(objects_single_colour(grid)))
(0, 1)
"""

from __future__ import annotations

from collections import Counter

from tasks.data.budget import check_items, tick
from tasks.dsl.colour import background_colour, most_common_of, set_cells
from tasks.dsl.containers import sort_key
from tasks.dsl.patches import is_object, locations
from tasks.dsl.registry import primitive
from tasks.data.types import (BOOLEAN, GRID, INDICES, INTEGER, OBJECT, OBJECTS, PAIR,
                         PATCH)

ORTHOGONAL_STEPS = ((-1, 0), (1, 0), (0, -1), (0, 1))
DIAGONAL_STEPS = ((-1, -1), (-1, 1), (1, -1), (1, 1))
ALL_STEPS = ORTHOGONAL_STEPS + DIAGONAL_STEPS


# ---------------------------------------------------------------- helpers

def _extent(patch: frozenset) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of the bounding box; ValueError for an empty patch."""
    where = locations(patch)
    if not where:
        raise ValueError("the patch is empty: it has no bounding box")
    rows = [r for r, _ in where]
    cols = [c for _, c in where]
    return min(rows), min(cols), max(rows), max(cols)


def _map_locations(patch: frozenset, move) -> frozenset:
    """Apply ``move`` to every location, keeping the patch's kind (and colours)."""
    if is_object(patch):
        return frozenset((colour, move(location)) for colour, location in patch)
    return frozenset(move(location) for location in patch)


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


# ---------------------------------------------------------------- conversions

@primitive(PATCH, returns=INDICES)
def to_indices(patch):
    """The locations of a patch, without colours.

    >>> to_indices(frozenset({(4, (1, 2))}))
    frozenset({(1, 2)})
    """
    return locations(patch)


@primitive(PATCH, GRID, returns=OBJECT)
def to_object(patch, grid):
    """The patch's locations with the grid's colours there; locations off the grid are dropped.

    >>> to_object(frozenset({(0, 1), (5, 5)}), ((3, 4),))
    frozenset({(4, (0, 1))})
    """
    height, width = len(grid), len(grid[0])
    return frozenset((grid[r][c], (r, c)) for r, c in locations(patch)
                     if 0 <= r < height and 0 <= c < width)


@primitive(PATCH, INTEGER, returns=OBJECT)
def recolour(patch, colour):
    """The patch as an Object of one colour.

    >>> recolour(frozenset({(4, (1, 2))}), 7)
    frozenset({(7, (1, 2))})
    """
    return frozenset((colour, location) for location in locations(patch))


@primitive(PATCH, GRID, returns=PATCH)
def clip_to_grid(patch, grid):
    """The part of the patch that lies inside the grid.

    >>> clip_to_grid(frozenset({(0, 0), (0, -1), (2, 0)}), ((1, 1), (1, 1)))
    frozenset({(0, 0)})
    """
    height, width = len(grid), len(grid[0])
    if is_object(patch):
        return frozenset(cell for cell in patch
                         if 0 <= cell[1][0] < height and 0 <= cell[1][1] < width)
    return frozenset(loc for loc in patch if 0 <= loc[0] < height and 0 <= loc[1] < width)


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


@primitive(PATCH, returns=PAIR)
def upper_left(patch):
    """(top row, left column) of the bounding box: the patch's position.

    >>> upper_left(frozenset({(1, 3), (2, 2)}))
    (1, 2)
    """
    top, left, _, _ = _extent(patch)
    return top, left


@primitive(PATCH, returns=PAIR)
def upper_right(patch):
    """(top row, right column) of the bounding box.

    >>> upper_right(frozenset({(1, 3), (2, 2)}))
    (1, 3)
    """
    top, _, _, right = _extent(patch)
    return top, right


@primitive(PATCH, returns=PAIR)
def lower_left(patch):
    """(bottom row, left column) of the bounding box.

    >>> lower_left(frozenset({(1, 3), (2, 2)}))
    (2, 2)
    """
    _, left, bottom, _ = _extent(patch)
    return bottom, left


@primitive(PATCH, returns=PAIR)
def lower_right(patch):
    """(bottom row, right column) of the bounding box.

    >>> lower_right(frozenset({(1, 3), (2, 2)}))
    (2, 3)
    """
    _, _, bottom, right = _extent(patch)
    return bottom, right


@primitive(PATCH, returns=PAIR)
def centre(patch):
    """The middle of the bounding box, rounded up and to the left for even sizes.

    >>> centre(frozenset({(0, 0), (2, 2)})), centre(frozenset({(0, 0), (1, 1)}))
    ((1, 1), (0, 0))
    """
    top, left, bottom, right = _extent(patch)
    return (top + bottom) // 2, (left + right) // 2


@primitive(PATCH, returns=INDICES)
def corners(patch):
    """The four corners of the bounding box (fewer when it is one row or column).

    >>> sorted(corners(frozenset({(1, 1), (2, 3)})))
    [(1, 1), (1, 3), (2, 1), (2, 3)]
    """
    top, left, bottom, right = _extent(patch)
    return frozenset({(top, left), (top, right), (bottom, left), (bottom, right)})


@primitive(PATCH, returns=INTEGER)
def uppermost(patch):
    """The smallest row index in the patch.

    >>> uppermost(frozenset({(1, 3), (2, 2)}))
    1
    """
    return _extent(patch)[0]


@primitive(PATCH, returns=INTEGER)
def leftmost(patch):
    """The smallest column index in the patch.

    >>> leftmost(frozenset({(1, 3), (2, 2)}))
    2
    """
    return _extent(patch)[1]


@primitive(PATCH, returns=INTEGER)
def lowermost(patch):
    """The largest row index in the patch.

    >>> lowermost(frozenset({(1, 3), (2, 2)}))
    2
    """
    return _extent(patch)[2]


@primitive(PATCH, returns=INTEGER)
def rightmost(patch):
    """The largest column index in the patch.

    >>> rightmost(frozenset({(1, 3), (2, 2)}))
    3
    """
    return _extent(patch)[3]


@primitive(PATCH, returns=INTEGER)
def patch_height(patch):
    """Rows spanned by the bounding box (0 for an empty patch).

    >>> patch_height(frozenset({(1, 3), (4, 2)}))
    4
    """
    if not patch:
        return 0
    top, _, bottom, _ = _extent(patch)
    return bottom - top + 1


@primitive(PATCH, returns=INTEGER)
def patch_width(patch):
    """Columns spanned by the bounding box (0 for an empty patch).

    >>> patch_width(frozenset({(1, 3), (4, 2)}))
    2
    """
    if not patch:
        return 0
    _, left, _, right = _extent(patch)
    return right - left + 1


@primitive(PATCH, returns=PAIR)
def patch_shape(patch):
    """(height, width) of the bounding box ((0, 0) for an empty patch).

    >>> patch_shape(frozenset({(1, 3), (4, 2)}))
    (4, 2)
    """
    return patch_height(patch), patch_width(patch)


@primitive(PATCH, returns=BOOLEAN)
def is_square_patch(patch):
    """True when the bounding box is as tall as it is wide (False for an empty patch).

    >>> is_square_patch(frozenset({(0, 0), (1, 1)})), is_square_patch(frozenset({(0, 0), (0, 1)}))
    (True, False)
    """
    return bool(patch) and patch_height(patch) == patch_width(patch)


@primitive(PATCH, returns=BOOLEAN)
def is_rectangle(patch):
    """True when the patch fills its whole bounding box (False for an empty patch).

    >>> is_rectangle(frozenset({(0, 0), (0, 1)})), is_rectangle(frozenset({(0, 0), (1, 1)}))
    (True, False)
    """
    return bool(patch) and len(locations(patch)) == patch_height(patch) * patch_width(patch)


@primitive(PATCH, returns=BOOLEAN)
def is_hline(patch):
    """True when the patch is an unbroken horizontal line (a single cell counts).

    >>> is_hline(frozenset({(2, 0), (2, 1)})), is_hline(frozenset({(2, 0), (2, 2)}))
    (True, False)
    """
    return bool(patch) and patch_height(patch) == 1 and is_rectangle(patch)


@primitive(PATCH, returns=BOOLEAN)
def is_vline(patch):
    """True when the patch is an unbroken vertical line (a single cell counts).

    >>> is_vline(frozenset({(0, 4), (1, 4)})), is_vline(frozenset({(0, 4), (1, 5)}))
    (True, False)
    """
    return bool(patch) and patch_width(patch) == 1 and is_rectangle(patch)


# ---------------------------------------------------------------- moving and mirroring

@primitive(PATCH, returns=PATCH)
def normalise(patch):
    """The patch shifted so its bounding box starts at (0, 0).

    >>> sorted(normalise(frozenset({(2, 3), (3, 5)})))
    [(0, 0), (1, 2)]
    """
    if not patch:
        return patch
    top, left, _, _ = _extent(patch)
    return shift(patch, (-top, -left))


@primitive(PATCH, PAIR, returns=PATCH)
def shift(patch, vector):
    """The patch moved by ``vector`` (rows, columns).

    >>> shift(frozenset({(1, (0, 0))}), (2, -1))
    frozenset({(1, (2, -1))})
    """
    dr, dc = vector
    return _map_locations(patch, lambda loc: (loc[0] + dr, loc[1] + dc))


@primitive(GRID, OBJECT, PAIR, returns=GRID)
def move(grid, obj, vector):
    """The grid with ``obj`` erased to background and painted again shifted by ``vector``.

    Cells moved off the grid are lost.

    >>> move(((0, 3, 0),), frozenset({(3, (0, 1))}), (0, 1))
    ((0, 0, 3),)
    """
    background = background_colour(grid)
    erased = set_cells(grid, ((background, location) for _, location in obj))
    return set_cells(erased, shift(obj, vector))


@primitive(PATCH, returns=PATCH)
def mirror_patch_left_right(patch):
    """The patch mirrored left-right within its own bounding box.

    >>> sorted(mirror_patch_left_right(frozenset({(1, (0, 0)), (2, (0, 1)), (3, (1, 0))})))
    [(1, (0, 1)), (2, (0, 0)), (3, (1, 1))]
    """
    if not patch:
        return patch
    _, left, _, right = _extent(patch)
    return _map_locations(patch, lambda loc: (loc[0], left + right - loc[1]))


@primitive(PATCH, returns=PATCH)
def mirror_patch_top_bottom(patch):
    """The patch mirrored top-bottom within its own bounding box.

    >>> sorted(mirror_patch_top_bottom(frozenset({(0, 0), (1, 0), (1, 1)})))
    [(0, 0), (0, 1), (1, 0)]
    """
    if not patch:
        return patch
    top, _, bottom, _ = _extent(patch)
    return _map_locations(patch, lambda loc: (top + bottom - loc[0], loc[1]))


# ---------------------------------------------------------------- boxes and outlines

def _box_locations(patch: frozenset) -> tuple[int, int, int, int]:
    """The patch's extent, after checking its bounding box may be allocated."""
    top, left, bottom, right = _extent(patch)
    # A patch shifted far apart has a huge box; check before building it.
    check_items((bottom - top + 1) * (right - left + 1))
    return top, left, bottom, right


@primitive(PATCH, returns=INDICES)
def bounding_box(patch):
    """Every location in the patch's bounding box (empty for an empty patch).

    >>> sorted(bounding_box(frozenset({(0, 0), (1, 1)})))
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    if not patch:
        return frozenset()
    top, left, bottom, right = _box_locations(patch)
    return frozenset((r, c) for r in range(top, bottom + 1) for c in range(left, right + 1))


@primitive(PATCH, returns=INDICES)
def box(patch):
    """The outline of the bounding box: its first and last rows and columns.

    >>> sorted(box(frozenset({(0, 0), (2, 2)})))
    [(0, 0), (0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1), (2, 2)]
    """
    if not patch:
        return frozenset()
    top, left, bottom, right = _extent(patch)
    check_items(2 * (bottom - top + 1) + 2 * (right - left + 1))
    rows = {(r, c) for r in (top, bottom) for c in range(left, right + 1)}
    cols = {(r, c) for r in range(top, bottom + 1) for c in (left, right)}
    return frozenset(rows | cols)


@primitive(PATCH, returns=INDICES)
def outline(patch):
    """The patch's locations that have a neighbour (8-connected) outside the patch.

    >>> square = frozenset((r, c) for r in range(3) for c in range(3))
    >>> sorted(square - outline(square))
    [(1, 1)]
    """
    where = locations(patch)
    return frozenset((r, c) for r, c in where
                     if any((r + dr, c + dc) not in where for dr, dc in ALL_STEPS))


@primitive(PATCH, returns=INDICES)
def delta(patch):
    """The bounding box's locations that are not in the patch.

    >>> sorted(delta(frozenset({(0, 0), (1, 1)})))
    [(0, 1), (1, 0)]
    """
    return bounding_box(patch) - locations(patch)


@primitive(PATCH, returns=INDICES)
def holes(patch):
    """Locations enclosed by the patch: not in it, and not reachable from outside its
    bounding box by 4-connected steps through locations outside the patch.

    >>> ring = frozenset({(0, 0), (0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1), (2, 2)})
    >>> holes(ring)
    frozenset({(1, 1)})
    """
    empty = delta(patch)
    if not empty:
        return frozenset()
    top, left, bottom, right = _extent(patch)
    # Flood from the gaps on the box's edge: whatever it reaches is open to the outside.
    stack = [(r, c) for r, c in empty if r in (top, bottom) or c in (left, right)]
    reached = set(stack)
    while stack:
        r, c = stack.pop()
        for dr, dc in ORTHOGONAL_STEPS:
            step = (r + dr, c + dc)
            if step in empty and step not in reached:
                reached.add(step)
                stack.append(step)
    return empty - reached


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


@primitive(PATCH, GRID, returns=BOOLEAN)
def touches_border(patch, grid):
    """True when some location of the patch lies on the grid's outer edge.

    >>> touches_border(frozenset({(0, 1)}), ((0, 0, 0), (0, 0, 0), (0, 0, 0)))
    True
    >>> touches_border(frozenset({(1, 1)}), ((0, 0, 0), (0, 0, 0), (0, 0, 0)))
    False
    """
    last_row, last_col = len(grid) - 1, len(grid[0]) - 1
    return any(r in (0, last_row) or c in (0, last_col) for r, c in locations(patch))


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


# ---------------------------------------------------------------- relations between patches

@primitive(PATCH, PATCH, returns=BOOLEAN)
def adjacent(a, b):
    """True when a location of ``a`` is a 4-neighbour of a location of ``b``.

    >>> here = frozenset({(0, 0)})
    >>> adjacent(here, frozenset({(0, 1)})), adjacent(here, frozenset({(1, 1)}))
    (True, False)
    """
    other = locations(b)
    return any((r + dr, c + dc) in other for r, c in locations(a) for dr, dc in ORTHOGONAL_STEPS)


@primitive(PATCH, PATCH, returns=INTEGER)
def manhattan(a, b):
    """The smallest Manhattan distance between a location of ``a`` and one of ``b``.

    >>> manhattan(frozenset({(0, 0)}), frozenset({(2, 3), (0, 9)}))
    5
    """
    if not a or not b:
        raise ValueError("manhattan: a patch is empty")
    others = tuple(locations(b))
    check_items(len(a) * len(others))
    return min(abs(r - rb) + abs(c - cb) for r, c in locations(a) for rb, cb in others)


@primitive(PATCH, PATCH, returns=PAIR)
def relative_position(a, b):
    """The unit direction (each part -1, 0 or 1) from ``a``'s centre to ``b``'s.

    >>> relative_position(frozenset({(0, 0)}), frozenset({(5, 0)}))
    (1, 0)
    """
    (ra, ca), (rb, cb) = centre(a), centre(b)
    return (rb > ra) - (rb < ra), (cb > ca) - (cb < ca)


@primitive(PATCH, PATCH, returns=BOOLEAN)
def share_rows(a, b):
    """True when the two patches' row ranges overlap (one could slide sideways into the other).

    >>> tall = frozenset({(0, 5), (2, 5)})
    >>> share_rows(frozenset({(1, 0)}), tall), share_rows(frozenset({(3, 0)}), tall)
    (True, False)
    """
    top_a, _, bottom_a, _ = _extent(a)
    top_b, _, bottom_b, _ = _extent(b)
    return top_a <= bottom_b and top_b <= bottom_a


@primitive(PATCH, PATCH, returns=BOOLEAN)
def share_columns(a, b):
    """True when the two patches' column ranges overlap (one could slide vertically into the other).

    >>> wide = frozenset({(5, 0), (5, 2)})
    >>> share_columns(frozenset({(0, 1)}), wide), share_columns(frozenset({(0, 3)}), wide)
    (True, False)
    """
    _, left_a, _, right_a = _extent(a)
    _, left_b, _, right_b = _extent(b)
    return left_a <= right_b and left_b <= right_a


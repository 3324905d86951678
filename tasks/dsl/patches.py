"""Patches: Indices and Objects as sets of locations, their boxes, positions and moves.

A Patch is a frozenset of locations: either Indices, ``{(row, col), ...}``, or
an Object, ``{(colour, (row, col)), ...}``. Primitives that take a Patch accept
both; those that return a Patch keep the kind they were given. Nothing here
reads a colour rule, so this module sits below every other DSL module and each
reads a patch's kind and locations the same way.

>>> obj = frozenset({(3, (0, 1))})
>>> is_object(obj), locations(obj)
(True, frozenset({(0, 1)}))
>>> sorted(box(frozenset({(0, 0), (1, 2)})))
[(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
"""

from __future__ import annotations

from tasks.data.budget import check_items
from tasks.dsl.registry import primitive
from tasks.data.types import BOOLEAN, GRID, INDICES, INTEGER, OBJECT, PAIR, PATCH

ORTHOGONAL_STEPS = ((-1, 0), (1, 0), (0, -1), (0, 1))
DIAGONAL_STEPS = ((-1, -1), (-1, 1), (1, -1), (1, 1))
ALL_STEPS = ORTHOGONAL_STEPS + DIAGONAL_STEPS


# ---------------------------------------------------------------- helpers (not primitives)

def is_object(patch: frozenset) -> bool:
    """True when ``patch`` holds cells (colour, location); an empty patch counts as Indices.

    >>> is_object(frozenset({(3, (0, 0))})), is_object(frozenset({(0, 0)}))
    (True, False)
    """
    for item in patch:
        return isinstance(item[1], tuple)
    return False


def locations(patch: frozenset) -> frozenset:
    """The (row, col) locations of a patch, whether Indices or an Object (not a primitive;
    see ``to_indices``).

    >>> sorted(locations(frozenset({(4, (1, 2)), (4, (0, 0))})))
    [(0, 0), (1, 2)]
    """
    if is_object(patch):
        return frozenset(location for _, location in patch)
    # frozenset() returns a frozenset unchanged, so Indices cost no copy.
    return frozenset(patch)


def extent(patch: frozenset) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of the bounding box; ValueError for an empty patch.

    >>> extent(frozenset({(1, 3), (2, 2)}))
    (1, 2, 2, 3)
    """
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


# ---------------------------------------------------------------- conversions and the grid

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


# ---------------------------------------------------------------- positions and shapes

@primitive(PATCH, returns=PAIR)
def upper_left(patch):
    """(top row, left column) of the bounding box: the patch's position.

    >>> upper_left(frozenset({(1, 3), (2, 2)}))
    (1, 2)
    """
    top, left, _, _ = extent(patch)
    return top, left


@primitive(PATCH, returns=PAIR)
def upper_right(patch):
    """(top row, right column) of the bounding box.

    >>> upper_right(frozenset({(1, 3), (2, 2)}))
    (1, 3)
    """
    top, _, _, right = extent(patch)
    return top, right


@primitive(PATCH, returns=PAIR)
def lower_left(patch):
    """(bottom row, left column) of the bounding box.

    >>> lower_left(frozenset({(1, 3), (2, 2)}))
    (2, 2)
    """
    _, left, bottom, _ = extent(patch)
    return bottom, left


@primitive(PATCH, returns=PAIR)
def lower_right(patch):
    """(bottom row, right column) of the bounding box.

    >>> lower_right(frozenset({(1, 3), (2, 2)}))
    (2, 3)
    """
    _, _, bottom, right = extent(patch)
    return bottom, right


@primitive(PATCH, returns=PAIR)
def centre(patch):
    """The middle of the bounding box, rounded up and to the left for even sizes.

    >>> centre(frozenset({(0, 0), (2, 2)})), centre(frozenset({(0, 0), (1, 1)}))
    ((1, 1), (0, 0))
    """
    top, left, bottom, right = extent(patch)
    return (top + bottom) // 2, (left + right) // 2


@primitive(PATCH, returns=INDICES)
def corners(patch):
    """The four corners of the bounding box (fewer when it is one row or column).

    >>> sorted(corners(frozenset({(1, 1), (2, 3)})))
    [(1, 1), (1, 3), (2, 1), (2, 3)]
    """
    top, left, bottom, right = extent(patch)
    return frozenset({(top, left), (top, right), (bottom, left), (bottom, right)})


@primitive(PATCH, returns=INTEGER)
def uppermost(patch):
    """The smallest row index in the patch.

    >>> uppermost(frozenset({(1, 3), (2, 2)}))
    1
    """
    return extent(patch)[0]


@primitive(PATCH, returns=INTEGER)
def leftmost(patch):
    """The smallest column index in the patch.

    >>> leftmost(frozenset({(1, 3), (2, 2)}))
    2
    """
    return extent(patch)[1]


@primitive(PATCH, returns=INTEGER)
def lowermost(patch):
    """The largest row index in the patch.

    >>> lowermost(frozenset({(1, 3), (2, 2)}))
    2
    """
    return extent(patch)[2]


@primitive(PATCH, returns=INTEGER)
def rightmost(patch):
    """The largest column index in the patch.

    >>> rightmost(frozenset({(1, 3), (2, 2)}))
    3
    """
    return extent(patch)[3]


@primitive(PATCH, returns=INTEGER)
def patch_height(patch):
    """Rows spanned by the bounding box (0 for an empty patch).

    >>> patch_height(frozenset({(1, 3), (4, 2)}))
    4
    """
    if not patch:
        return 0
    top, _, bottom, _ = extent(patch)
    return bottom - top + 1


@primitive(PATCH, returns=INTEGER)
def patch_width(patch):
    """Columns spanned by the bounding box (0 for an empty patch).

    >>> patch_width(frozenset({(1, 3), (4, 2)}))
    2
    """
    if not patch:
        return 0
    _, left, _, right = extent(patch)
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
    top, left, _, _ = extent(patch)
    return shift(patch, (-top, -left))


@primitive(PATCH, PAIR, returns=PATCH)
def shift(patch, vector):
    """The patch moved by ``vector`` (rows, columns).

    >>> shift(frozenset({(1, (0, 0))}), (2, -1))
    frozenset({(1, (2, -1))})
    """
    dr, dc = vector
    return _map_locations(patch, lambda loc: (loc[0] + dr, loc[1] + dc))


@primitive(PATCH, returns=PATCH)
def mirror_patch_left_right(patch):
    """The patch mirrored left-right within its own bounding box.

    >>> sorted(mirror_patch_left_right(frozenset({(1, (0, 0)), (2, (0, 1)), (3, (1, 0))})))
    [(1, (0, 1)), (2, (0, 0)), (3, (1, 1))]
    """
    if not patch:
        return patch
    _, left, _, right = extent(patch)
    return _map_locations(patch, lambda loc: (loc[0], left + right - loc[1]))


@primitive(PATCH, returns=PATCH)
def mirror_patch_top_bottom(patch):
    """The patch mirrored top-bottom within its own bounding box.

    >>> sorted(mirror_patch_top_bottom(frozenset({(0, 0), (1, 0), (1, 1)})))
    [(0, 0), (0, 1), (1, 0)]
    """
    if not patch:
        return patch
    top, _, bottom, _ = extent(patch)
    return _map_locations(patch, lambda loc: (top + bottom - loc[0], loc[1]))


# ---------------------------------------------------------------- boxes and outlines

def _box_locations(patch: frozenset) -> tuple[int, int, int, int]:
    """The patch's extent, after checking its bounding box may be allocated."""
    top, left, bottom, right = extent(patch)
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
    top, left, bottom, right = extent(patch)
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
    top, left, bottom, right = extent(patch)
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


@primitive(PATCH, PATCH, returns=INTEGER, commutative=True)
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
    top_a, _, bottom_a, _ = extent(a)
    top_b, _, bottom_b, _ = extent(b)
    return top_a <= bottom_b and top_b <= bottom_a


@primitive(PATCH, PATCH, returns=BOOLEAN)
def share_columns(a, b):
    """True when the two patches' column ranges overlap (one could slide vertically into the other).

    >>> wide = frozenset({(5, 0), (5, 2)})
    >>> share_columns(frozenset({(0, 1)}), wide), share_columns(frozenset({(0, 3)}), wide)
    (True, False)
    """
    _, left_a, _, right_a = extent(a)
    _, left_b, _, right_b = extent(b)
    return left_a <= right_b and left_b <= right_a

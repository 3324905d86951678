"""Shared hypothesis strategies for DSL tests: colours, grids, pairs, patches.

Sizes are kept small so property tests stay fast. DSL-B may append new
strategies at the end of this file; please do not change the existing ones.

>>> from hypothesis import given
>>> from tasks.data.grid import is_grid
>>> @given(grids())
... def check(grid):
...     assert is_grid(grid)
>>> check()
"""

from __future__ import annotations

from hypothesis import strategies as st

MAX_TEST_SIDE = 8


def colours() -> st.SearchStrategy[int]:
    """One ARC colour, 0..9."""
    return st.integers(min_value=0, max_value=9)


def shapes(min_side: int = 1, max_side: int = MAX_TEST_SIDE) -> st.SearchStrategy[tuple[int, int]]:
    """A grid shape (height, width)."""
    side = st.integers(min_value=min_side, max_value=max_side)
    return st.tuples(side, side)


def grids_of_shape(height: int, width: int,
                   palette: st.SearchStrategy[int] | None = None) -> st.SearchStrategy[tuple]:
    """A grid with exactly this shape, cells drawn from ``palette`` (default all colours)."""
    palette = colours() if palette is None else palette
    row = st.lists(palette, min_size=width, max_size=width).map(tuple)
    return st.lists(row, min_size=height, max_size=height).map(tuple)


def grids(min_side: int = 1, max_side: int = MAX_TEST_SIDE,
          palette: st.SearchStrategy[int] | None = None) -> st.SearchStrategy[tuple]:
    """A valid grid of any shape within the bounds.

    Pass ``palette=st.sampled_from([0, 1, 2])`` for grids with few colours, where
    objects and repeated colours are common.
    """
    return shapes(min_side, max_side).flatmap(
        lambda shape: grids_of_shape(shape[0], shape[1], palette))


def sparse_grids(min_side: int = 1, max_side: int = MAX_TEST_SIDE) -> st.SearchStrategy[tuple]:
    """Grids that are mostly background 0 with a few foreground colours."""
    palette = st.one_of(st.just(0), st.just(0), st.integers(min_value=1, max_value=3))
    return grids(min_side, max_side, palette)


def square_grids(min_side: int = 1, max_side: int = MAX_TEST_SIDE) -> st.SearchStrategy[tuple]:
    """A grid with as many rows as columns."""
    side = st.integers(min_value=min_side, max_value=max_side)
    return side.flatmap(lambda n: grids_of_shape(n, n))


def same_shape_grids(count: int = 2, min_side: int = 1, max_side: int = MAX_TEST_SIDE,
                     palette: st.SearchStrategy[int] | None = None) -> st.SearchStrategy[tuple]:
    """A tuple of ``count`` grids that all share one shape."""
    return shapes(min_side, max_side).flatmap(
        lambda shape: st.tuples(*[grids_of_shape(shape[0], shape[1], palette)
                                  for _ in range(count)]))


def small_ints(bound: int = 20) -> st.SearchStrategy[int]:
    """An int in -bound..bound."""
    return st.integers(min_value=-bound, max_value=bound)


def pairs(bound: int = 20) -> st.SearchStrategy[tuple[int, int]]:
    """A Pair (row, col) with both parts in -bound..bound: a point or a vector."""
    return st.tuples(small_ints(bound), small_ints(bound))


def points(max_side: int = MAX_TEST_SIDE) -> st.SearchStrategy[tuple[int, int]]:
    """A non-negative location inside a max_side x max_side grid."""
    coord = st.integers(min_value=0, max_value=max_side - 1)
    return st.tuples(coord, coord)


def indices(min_size: int = 0, max_size: int = 12,
            max_side: int = MAX_TEST_SIDE) -> st.SearchStrategy[frozenset]:
    """Indices: a frozenset of (row, col) locations inside a max_side square."""
    return st.frozensets(points(max_side), min_size=min_size, max_size=max_size)


def objects(min_size: int = 0, max_size: int = 12,
            max_side: int = MAX_TEST_SIDE) -> st.SearchStrategy[frozenset]:
    """An Object: a frozenset of (colour, (row, col)) cells, one colour per location."""
    return st.dictionaries(points(max_side), colours(), min_size=min_size,
                           max_size=max_size).map(
        lambda cells: frozenset((colour, loc) for loc, colour in cells.items()))


def patches(min_size: int = 0, max_size: int = 12,
            max_side: int = MAX_TEST_SIDE) -> st.SearchStrategy[frozenset]:
    """A Patch: either Indices or an Object."""
    return st.one_of(indices(min_size, max_size, max_side),
                     objects(min_size, max_size, max_side))


def grid_and_point(min_side: int = 1, max_side: int = MAX_TEST_SIDE) -> st.SearchStrategy[tuple]:
    """A grid and a location inside it."""
    def with_point(grid):
        rows = st.integers(min_value=0, max_value=len(grid) - 1)
        cols = st.integers(min_value=0, max_value=len(grid[0]) - 1)
        return st.tuples(st.just(grid), st.tuples(rows, cols))
    return grids(min_side, max_side).flatmap(with_point)


def grid_and_patch(min_side: int = 1, max_side: int = MAX_TEST_SIDE,
                   min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[tuple]:
    """A grid and Indices lying inside it."""
    def with_patch(grid):
        rows = st.integers(min_value=0, max_value=len(grid) - 1)
        cols = st.integers(min_value=0, max_value=len(grid[0]) - 1)
        locations = st.frozensets(st.tuples(rows, cols), min_size=min_size, max_size=max_size)
        return st.tuples(st.just(grid), locations)
    return grids(min_side, max_side).flatmap(with_patch)


# ------------------------------------------------------- checking values against type names

def _is_pair(value) -> bool:
    return (type(value) is tuple and len(value) == 2
            and all(type(v) is int for v in value))


def _is_cell(value) -> bool:
    return (type(value) is tuple and len(value) == 2 and type(value[0]) is int
            and _is_pair(value[1]))


def _is_object(value) -> bool:
    return type(value) is frozenset and all(_is_cell(v) for v in value)


def _is_indices(value) -> bool:
    return type(value) is frozenset and all(_is_pair(v) for v in value)


def value_has_type(value, type_name: str) -> bool:
    """True when ``value`` is a value of the DSL type ``type_name`` (see tasks.data.types).

    Used to check that a primitive returns what its signature declares.

    >>> value_has_type(((1, 2),), "Grid"), value_has_type((1, 2), "Grid")
    (True, False)
    >>> value_has_type(frozenset({(3, (0, 0))}), "Patch")
    True
    """
    from tasks.data.grid import is_grid
    checks = {
        "Any": lambda v: True,
        "Integer": lambda v: type(v) is int,
        "Boolean": lambda v: type(v) is bool,
        "Pair": _is_pair,
        "Grid": is_grid,
        "Grids": lambda v: type(v) is tuple and all(is_grid(g) for g in v),
        "Cell": _is_cell,
        "Object": _is_object,
        "Indices": _is_indices,
        "Patch": lambda v: _is_object(v) or _is_indices(v),
        "Objects": lambda v: type(v) is frozenset and all(_is_object(o) for o in v),
        "IndicesSet": lambda v: type(v) is frozenset and all(_is_indices(o) for o in v),
        "IntegerSet": lambda v: type(v) is frozenset and all(type(i) is int for i in v),
        "Tuple": lambda v: type(v) is tuple,
        "FrozenSet": lambda v: type(v) is frozenset,
        "Container": lambda v: type(v) in (tuple, frozenset),
        "Callable": callable,
        "Samples": lambda v: type(v) is tuple and all(
            type(p) is tuple and len(p) == 2 and is_grid(p[0]) and is_grid(p[1]) for p in v),
    }
    if type_name not in checks:
        raise ValueError(f"unknown type name {type_name!r}")
    return checks[type_name](value)

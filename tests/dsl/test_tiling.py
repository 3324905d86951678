"""Tests for tasks.dsl.tiling: examples for every primitive, splits and joins, signatures."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.dsl.geometry import crop, height, mirror_left_right, mirror_top_bottom, shape, width
from tasks.dsl.tiling import (
    as_grids, concat_h, concat_v, grid_at, grids_first, grids_last, join_h, join_v, mirror_quad,
    split_at_separators, split_columns, split_rows, tile)
from tests.dsl.strategies import grids

PROPERTY = settings(max_examples=60, deadline=None)

G = ((1, 2, 3),
     (4, 5, 6))


# ---------------------------------------------------------------- splits

def test_split_rows_into_equal_parts():
    grid = ((1,), (2,), (3,), (4,), (5,), (6,))
    assert split_rows(grid, 3) == (((1,), (2,)), ((3,), (4,)), ((5,), (6,)))
    assert split_rows(grid, 1) == (grid,)


def test_split_rows_skips_one_separator_between_parts():
    grid = ((1,), (5,), (2,), (5,), (3,))
    assert split_rows(grid, 3) == (((1,),), ((2,),), ((3,),))


def test_split_columns_into_thirds_with_separators():
    grid = ((1, 1, 0, 2, 2, 0, 3, 3),)
    assert split_columns(grid, 3) == (((1, 1),), ((2, 2),), ((3, 3),))


@pytest.mark.parametrize("parts", [0, -1, 4, 7])
def test_split_rows_that_cannot_be_equal_raises(parts):
    with pytest.raises(ValueError):
        split_rows(((1,), (2,), (3,), (4,), (5,)), parts)


@PROPERTY
@given(grids(), st.integers(min_value=1, max_value=4))
def test_split_then_join_is_the_identity_when_parts_divide_evenly(grid, parts):
    if height(grid) % parts == 0:
        assert join_v(split_rows(grid, parts)) == grid
    if width(grid) % parts == 0:
        assert join_h(split_columns(grid, parts)) == grid


def test_split_at_separators_finds_the_line_colour():
    grid = ((1, 0, 5, 2, 2),
            (0, 1, 5, 2, 0),
            (5, 5, 5, 5, 5),
            (3, 3, 5, 0, 4))
    assert split_at_separators(grid) == (
        ((1, 0), (0, 1)), ((2, 2), (2, 0)), ((3, 3),), ((0, 4),))


def test_split_at_separators_with_only_columns():
    grid = ((1, 0, 5, 0, 1),
            (0, 0, 5, 1, 1))
    assert split_at_separators(grid) == (((1, 0), (0, 0)), ((0, 1), (1, 1)))


def test_split_at_separators_ignores_a_full_line_of_a_colour_used_elsewhere():
    # Row 1 is all 0, but 0 also appears inside the parts, so only 5 separates.
    grid = ((1, 0, 5, 2),
            (0, 0, 5, 0),
            (3, 0, 5, 4))
    assert split_at_separators(grid) == (((1, 0), (0, 0), (3, 0)), ((2,), (0,), (4,)))


@pytest.mark.parametrize("grid", [((1, 2), (3, 4)), ((5, 5), (5, 5))])
def test_split_at_separators_without_separators_raises(grid):
    with pytest.raises(ValueError):
        split_at_separators(grid)


# ---------------------------------------------------------------- joins

def test_concatenation():
    assert concat_h(((1,), (2,)), ((3, 4), (5, 6))) == ((1, 3, 4), (2, 5, 6))
    assert concat_v(((1, 2),), ((3, 4), (5, 6))) == ((1, 2), (3, 4), (5, 6))


def test_concatenation_of_mismatched_sizes_raises():
    with pytest.raises(ValueError):
        concat_h(((1,), (2,)), ((3,),))
    with pytest.raises(ValueError):
        concat_v(((1, 2),), ((3,),))


def test_join_many_grids():
    parts = (((1,),), ((2,),), ((3,),))
    assert join_h(parts) == ((1, 2, 3),)
    assert join_v(parts) == ((1,), (2,), (3,))
    with pytest.raises(ValueError):
        join_h(())
    with pytest.raises(ValueError):
        join_v(())


@PROPERTY
@given(grids(), grids())
def test_concat_shapes_add_up(a, b):
    if height(a) == height(b):
        joined = concat_h(a, b)
        assert shape(joined) == (height(a), width(a) + width(b))
        assert crop(joined, (0, width(a)), shape(b)) == b
    if width(a) == width(b):
        stacked = concat_v(a, b)
        assert shape(stacked) == (height(a) + height(b), width(a))
        assert crop(stacked, (height(a), 0), shape(b)) == b


# ---------------------------------------------------------------- repeating a grid

def test_tile_repeats_the_whole_grid():
    assert tile(((1, 2),), 2, 3) == ((1, 2, 1, 2, 1, 2), (1, 2, 1, 2, 1, 2))
    assert tile(G, 1, 1) == G
    with pytest.raises(ValueError):
        tile(G, 0, 1)


def test_mirror_quad():
    assert mirror_quad(((1, 2), (3, 4))) == ((1, 2, 2, 1),
                                             (3, 4, 4, 3),
                                             (3, 4, 4, 3),
                                             (1, 2, 2, 1))


@PROPERTY
@given(grids(max_side=5))
def test_mirror_quad_is_symmetric_both_ways(grid):
    quad = mirror_quad(grid)
    assert mirror_left_right(quad) == quad
    assert mirror_top_bottom(quad) == quad
    assert crop(quad, (0, 0), shape(grid)) == grid


# ---------------------------------------------------------------- collections of grids

def test_grid_collections():
    a, b, c = ((1,),), ((2,),), ((3,),)
    assert grids_first((a, b, c)) == a
    assert grids_last((a, b, c)) == c
    assert grid_at((a, b, c), 1) == b
    assert as_grids(a, b) == (a, b)
    with pytest.raises(IndexError):
        grid_at((a, b), 2)
    with pytest.raises(IndexError):
        grid_at((a, b), -1)
    with pytest.raises(IndexError):
        grids_first(())


# ---------------------------------------------------------------- registry, signatures, doctests

SAMPLE_ARGS = {
    "split_rows": (G, 2), "split_columns": (G, 3), "split_at_separators": (((1, 5, 2), (3, 5, 4)),),
    "concat_h": (G, G), "concat_v": (G, G), "join_h": ((G, G),), "join_v": ((G, G),),
    "tile": (G, 2, 2), "mirror_quad": (G,), "grids_first": ((G,),), "grids_last": ((G,),),
    "grid_at": ((G,), 0), "as_grids": (G, G),
}

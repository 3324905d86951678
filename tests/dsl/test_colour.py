"""Tests for tasks.dsl.colour: examples for every primitive, properties, signatures."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.dsl.colour import (
    background_colour, cells_differ, cellwise, colour_count, colour_counts, colour_indices,
    cover, erase_colour, fill, foreground_colour, foreground_indices, grid_and, grid_or,
    grid_not, grid_xor, is_uniform, keep_colour, least_common_colour, most_common_colour,
    num_colours, overlay, paint, palette, patch_palette, recolour_grid, replace_colour,
    switch_colours, underfill, underpaint)
from tests.dsl.strategies import (colours, grid_and_patch, grids, objects, same_shape_grids,
                                  sparse_grids)

PROPERTY = settings(max_examples=60, deadline=None)

G = ((0, 0, 1),
     (0, 2, 2),
     (0, 0, 2))


# ---------------------------------------------------------------- palettes and counts

def test_palette_and_counts():
    assert palette(G) == frozenset({0, 1, 2})
    assert colour_count(G, 0) == 5
    assert colour_count(G, 2) == 3
    assert colour_count(G, 7) == 0
    assert colour_counts(G) == ((0, 5), (1, 1), (2, 3))
    assert num_colours(G) == 3


def test_patch_palette_reads_object_colours_only():
    assert patch_palette(frozenset({(1, (0, 0)), (4, (0, 1)), (4, (1, 1))})) == {1, 4}
    assert patch_palette(frozenset({(0, 0), (1, 1)})) == frozenset()
    assert patch_palette(frozenset()) == frozenset()


@PROPERTY
@given(grids())
def test_counts_agree_with_each_other(grid):
    counts = dict(colour_counts(grid))
    assert set(counts) == palette(grid)
    assert sum(counts.values()) == len(grid) * len(grid[0])
    assert all(colour_count(grid, c) == n for c, n in counts.items())
    assert num_colours(grid) == len(counts)
    assert counts[most_common_colour(grid)] == max(counts.values())
    assert counts[least_common_colour(grid)] == min(counts.values())


def test_most_and_least_common_colour():
    assert most_common_colour(G) == 0
    assert least_common_colour(G) == 1
    # Ties go to the lowest colour.
    assert most_common_colour(((3, 3), (4, 4))) == 3
    assert least_common_colour(((5, 3), (4, 4))) == 3


def test_background_colour_ties_go_to_zero():
    assert background_colour(((2, 0), (2, 0))) == 0
    assert background_colour(((2, 2), (2, 0))) == 2
    assert background_colour(((5, 3), (3, 5))) == 3


def test_foreground_colour():
    assert foreground_colour(G) == 2
    assert foreground_colour(((4, 4, 4), (4, 0, 4))) == 0
    with pytest.raises(ValueError):
        foreground_colour(((7, 7),))


def test_is_uniform():
    assert is_uniform(((3,),))
    assert is_uniform(((3, 3), (3, 3)))
    assert not is_uniform(G)


# ---------------------------------------------------------------- where colours are

def test_colour_indices():
    assert colour_indices(G, 2) == frozenset({(1, 1), (1, 2), (2, 2)})
    assert colour_indices(G, 9) == frozenset()


def test_foreground_indices():
    assert foreground_indices(G) == frozenset({(0, 2), (1, 1), (1, 2), (2, 2)})
    assert foreground_indices(((6, 6), (6, 6))) == frozenset()


@PROPERTY
@given(grids())
def test_colour_indices_partition_the_grid(grid):
    parts = [colour_indices(grid, c) for c in palette(grid)]
    assert sum(len(p) for p in parts) == len(grid) * len(grid[0])
    assert frozenset().union(*parts) == frozenset(
        (i, j) for i in range(len(grid)) for j in range(len(grid[0])))
    background = colour_indices(grid, background_colour(grid))
    assert foreground_indices(grid) | background == frozenset().union(*parts)
    assert not foreground_indices(grid) & background


# ---------------------------------------------------------------- recolouring a whole grid

def test_replace_colour():
    assert replace_colour(G, 2, 5) == ((0, 0, 1), (0, 5, 5), (0, 0, 5))
    assert replace_colour(G, 8, 5) == G
    with pytest.raises(ValueError):
        replace_colour(G, 2, 10)


def test_switch_colours():
    assert switch_colours(G, 1, 2) == ((0, 0, 2), (0, 1, 1), (0, 0, 1))
    assert switch_colours(G, 0, 0) == G


@PROPERTY
@given(grids(), colours(), colours())
def test_switching_twice_is_the_identity(grid, a, b):
    assert switch_colours(switch_colours(grid, a, b), a, b) == grid
    assert colour_count(switch_colours(grid, a, b), a) == colour_count(grid, b)


@PROPERTY
@given(grids(), colours(), colours())
def test_replace_colour_moves_all_counts(grid, old, new):
    result = replace_colour(grid, old, new)
    if old != new:
        assert colour_count(result, old) == 0
        assert colour_count(result, new) == colour_count(grid, old) + colour_count(grid, new)


def test_keep_and_erase_colour():
    assert keep_colour(G, 1) == ((0, 0, 1), (0, 0, 0), (0, 0, 0))
    assert erase_colour(G, 2) == ((0, 0, 1), (0, 0, 0), (0, 0, 0))
    assert erase_colour(G, 0) == G


def test_recolour_grid():
    assert recolour_grid(G, 3) == ((0, 0, 3), (0, 3, 3), (0, 0, 3))
    assert recolour_grid(((5, 5, 1), (5, 2, 5)), 0) == ((5, 5, 0), (5, 0, 5))
    with pytest.raises(ValueError):
        recolour_grid(G, -1)


@PROPERTY
@given(sparse_grids(), st.integers(min_value=1, max_value=9))
def test_keep_and_erase_split_the_foreground(grid, colour):
    background = background_colour(grid)
    kept, erased = keep_colour(grid, colour), erase_colour(grid, colour)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            assert kept[i][j] == (value if value == colour else background)
            assert erased[i][j] == (background if value == colour else value)


# ---------------------------------------------------------------- fill and paint

BLANK = ((0, 0, 0), (0, 0, 0))


def test_fill_indices_and_objects_ignoring_outside_cells():
    assert fill(BLANK, 3, frozenset({(0, 0), (1, 2), (2, 2), (-1, 0)})) == ((3, 0, 0), (0, 0, 3))
    assert fill(BLANK, 3, frozenset({(8, (0, 1))})) == ((0, 3, 0), (0, 0, 0))
    assert fill(BLANK, 3, frozenset()) == BLANK
    with pytest.raises(ValueError):
        fill(BLANK, 11, frozenset({(0, 0)}))


def test_paint_uses_the_object_colours():
    obj = frozenset({(1, (0, 0)), (2, (1, 1)), (3, (5, 5))})
    assert paint(BLANK, obj) == ((1, 0, 0), (0, 2, 0))


def test_underfill_and_underpaint_leave_foreground_alone():
    grid = ((0, 5, 0), (0, 0, 0))
    assert underfill(grid, 3, frozenset({(0, 0), (0, 1)})) == ((3, 5, 0), (0, 0, 0))
    obj = frozenset({(1, (0, 1)), (2, (0, 2))})
    assert underpaint(grid, obj) == ((0, 5, 2), (0, 0, 0))


def test_cover_restores_the_background():
    assert cover(G, frozenset({(1, 1), (0, 2)})) == ((0, 0, 0), (0, 0, 2), (0, 0, 2))
    obj = frozenset({(2, (1, 2)), (2, (2, 2))})
    assert cover(G, obj) == ((0, 0, 1), (0, 2, 0), (0, 0, 0))


@PROPERTY
@given(grid_and_patch(), colours())
def test_fill_sets_exactly_the_patch(grid_patch, colour):
    grid, patch = grid_patch
    result = fill(grid, colour, patch)
    for i, row in enumerate(result):
        for j, value in enumerate(row):
            assert value == (colour if (i, j) in patch else grid[i][j])


@PROPERTY
@given(grid_and_patch(), colours())
def test_underfill_changes_only_background_cells(grid_patch, colour):
    grid, patch = grid_patch
    background = background_colour(grid)
    result = underfill(grid, colour, patch)
    for i, row in enumerate(result):
        for j, value in enumerate(row):
            changes = (i, j) in patch and grid[i][j] == background
            assert value == (colour if changes else grid[i][j])


@PROPERTY
@given(grids(max_side=6), objects(max_side=6))
def test_painting_an_object_then_covering_it(grid, obj):
    painted = paint(grid, obj)
    inside = {(colour, (i, j)) for colour, (i, j) in obj
              if i < len(grid) and j < len(grid[0])}
    for colour, (i, j) in inside:
        assert painted[i][j] == colour
    assert paint(painted, obj) == painted
    covered = cover(painted, obj)
    background = background_colour(painted)
    assert all(covered[i][j] == background for _, (i, j) in inside)


# ---------------------------------------------------------------- comparing and combining

def test_cellwise():
    a = ((1, 2), (3, 4))
    b = ((1, 0), (0, 4))
    assert cellwise(a, b, 9) == ((1, 9), (9, 4))
    with pytest.raises(ValueError):
        cellwise(a, ((1, 2),), 0)


def test_cells_differ():
    assert cells_differ(((1, 2), (3, 4)), ((1, 0), (0, 4))) == frozenset({(0, 1), (1, 0)})
    with pytest.raises(ValueError):
        cells_differ(((1, 2),), ((1,), (2,)))


@PROPERTY
@given(same_shape_grids(2))
def test_cellwise_and_cells_differ_agree(pair):
    a, b = pair
    assert cells_differ(a, a) == frozenset()
    differ = cells_differ(a, b)
    assert differ == cells_differ(b, a)
    merged = cellwise(a, b, 0)
    for i, row in enumerate(merged):
        for j, value in enumerate(row):
            assert value == (0 if (i, j) in differ else a[i][j])


def test_grid_logic_treats_zero_as_empty():
    a = ((1, 1, 0, 0),)
    b = ((7, 0, 7, 0),)
    assert grid_and(a, b, 2) == ((2, 0, 0, 0),)
    assert grid_or(a, b, 2) == ((2, 2, 2, 0),)
    assert grid_xor(a, b, 2) == ((0, 2, 2, 0),)
    assert grid_not(a, 2) == ((0, 0, 2, 2),)
    # Zero is empty even when it is not the most common colour.
    assert grid_not(((3, 3, 0),), 3) == ((0, 0, 3),)
    with pytest.raises(ValueError):
        grid_and(a, ((1,),), 2)


@PROPERTY
@given(same_shape_grids(2, palette=st.sampled_from([0, 0, 1, 4])), colours())
def test_and_plus_xor_is_or(pair, colour):
    a, b = pair
    conj, disj, excl = grid_and(a, b, 1), grid_or(a, b, 1), grid_xor(a, b, 1)
    for row_and, row_or, row_xor in zip(conj, disj, excl):
        for x, y, z in zip(row_and, row_or, row_xor):
            assert y == (x or z) and not (x and z)
    assert grid_and(a, b, colour) == grid_and(b, a, colour)
    # De Morgan: not (a or b) == (not a) and (not b).
    assert grid_not(grid_or(a, b, 1), 1) == grid_and(grid_not(a, 1), grid_not(b, 1), 1)


def test_overlay_stacks_non_zero_cells():
    bottom = ((1, 1), (1, 1))
    top = ((0, 2), (0, 0))
    assert overlay((bottom, top)) == ((1, 2), (1, 1))
    assert overlay((top, bottom)) == bottom
    assert overlay((top,)) == top
    with pytest.raises(ValueError):
        overlay(())
    with pytest.raises(ValueError):
        overlay((top, ((1,),)))


# ---------------------------------------------------------------- registry, signatures, doctests

OBJ = frozenset({(3, (0, 0)), (4, (1, 1))})
SAMPLE_ARGS = {
    "palette": (G,), "patch_palette": (OBJ,), "colour_count": (G, 2), "colour_counts": (G,),
    "num_colours": (G,), "most_common_colour": (G,), "least_common_colour": (G,),
    "background_colour": (G,), "foreground_colour": (G,), "is_uniform": (G,),
    "colour_indices": (G, 2), "foreground_indices": (G,), "replace_colour": (G, 2, 3),
    "switch_colours": (G, 1, 2), "keep_colour": (G, 1), "erase_colour": (G, 1),
    "recolour_grid": (G, 5), "grid_not": (G, 5), "fill": (G, 4, frozenset({(0, 0)})),
    "paint": (G, OBJ), "underfill": (G, 4, frozenset({(0, 0)})), "underpaint": (G, OBJ),
    "cover": (G, OBJ), "cellwise": (G, G, 0), "cells_differ": (G, G),
    "grid_and": (G, G, 1), "grid_or": (G, G, 1), "grid_xor": (G, G, 1), "overlay": ((G, G),),
}


def test_colour_counts_match_a_counter_on_a_grid_with_every_colour():
    grid = tuple(tuple((i * 3 + j) % 10 for j in range(3)) for i in range(4))
    assert dict(colour_counts(grid)) == Counter(v for row in grid for v in row)

"""Tests for tasks.dsl.objects: examples for every primitive, components and their
properties, moving, searching and picking objects, budgets, signatures."""

from itertools import combinations, product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.colour import background_colour
from tasks.dsl.objects import (
    as_object, colour_filter, largest, move, object_colour, object_size, objects,
    objects_multicolour, objects_single_colour, objects_single_colour_diagonal, occurrences,
    partition, partition_foreground, shape_filter, size_filter, smallest)
from tasks.dsl.patches import adjacent, upper_left
from tests.dsl.strategies import grids, sparse_grids

PROPERTY = settings(max_examples=60, deadline=None)

# Background 0; a 4-connected "1" bar, a diagonal pair of 2s, a lone 3 touching a 2.
G = ((0, 0, 0, 0, 0),
     (1, 1, 0, 2, 0),
     (0, 0, 0, 0, 2),
     (0, 3, 0, 0, 0))


def cells(obj):
    return sorted(obj)


def located(objs):
    """Objects as sorted lists of cells, sorted, for readable comparisons."""
    return sorted(sorted(obj) for obj in objs)


def foreground(grid):
    background = background_colour(grid)
    return {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v != background}


# ---------------------------------------------------------------- components

def test_objects_single_colour_four_connected():
    assert located(objects_single_colour(G)) == [
        [(1, (1, 0)), (1, (1, 1))], [(2, (1, 3))], [(2, (2, 4))], [(3, (3, 1))]]


def test_objects_single_colour_diagonal_joins_corners():
    assert located(objects_single_colour_diagonal(G)) == [
        [(1, (1, 0)), (1, (1, 1))], [(2, (1, 3)), (2, (2, 4))], [(3, (3, 1))]]


def test_objects_multicolour_joins_colours():
    grid = ((0, 0, 0), (1, 2, 0), (0, 0, 3))
    assert located(objects_multicolour(grid)) == [[(1, (1, 0)), (2, (1, 1)), (3, (2, 2))]]
    assert len(objects(grid, False, False, True)) == 2


def test_objects_with_background_include_background_components():
    grid = ((0, 1, 0),)
    assert located(objects(grid, True, False, False)) == [
        [(0, (0, 0))], [(0, (0, 2))], [(1, (0, 1))]]
    # Not univalued and with background: everything touches, one component.
    assert len(objects(grid, False, False, False)) == 1


def test_objects_of_a_uniform_grid():
    assert objects(((4, 4), (4, 4)), True, True, True) == frozenset()
    assert len(objects(((4, 4), (4, 4)), True, True, False)) == 1


VARIANTS = list(product([False, True], repeat=3))


@PROPERTY
@given(sparse_grids(), st.sampled_from(VARIANTS))
def test_components_partition_the_cells_they_cover(grid, variant):
    univalued, diagonal, without_background = variant
    objs = objects(grid, univalued, diagonal, without_background)
    covered = [loc for obj in objs for _, loc in obj]
    assert len(covered) == len(set(covered))  # disjoint
    expected = foreground(grid) if without_background else {
        (r, c) for r in range(len(grid)) for c in range(len(grid[0]))}
    assert set(covered) == expected
    for obj in objs:
        assert all(grid[r][c] == colour for colour, (r, c) in obj)
        if univalued:
            assert len({colour for colour, _ in obj}) == 1


@PROPERTY
@given(sparse_grids())
def test_diagonal_components_are_unions_of_orthogonal_ones(grid):
    four = objects(grid, True, False, True)
    eight = objects(grid, True, True, True)
    assert len(eight) <= len(four)
    for obj in four:
        assert sum(obj <= big for big in eight) == 1


@PROPERTY
@given(sparse_grids())
def test_four_connected_components_cannot_touch_each_other(grid):
    for a, b in combinations(objects(grid, False, False, True), 2):
        assert not adjacent(a, b)


def test_partition_by_colour():
    assert sorted(len(obj) for obj in partition(G)) == [1, 2, 2, 15]
    assert sorted(object_colour(obj) for obj in partition_foreground(G)) == [1, 2, 3]


@PROPERTY
@given(grids(max_side=6))
def test_partition_covers_the_grid_once_per_colour(grid):
    parts = partition(grid)
    assert frozenset().union(*parts) == as_object(grid)
    assert len(parts) == len({v for row in grid for v in row})
    assert len(partition_foreground(grid)) == len(parts) - 1


def test_as_object():
    assert as_object(((1, 2),)) == frozenset({(1, (0, 0)), (2, (0, 1))})


# ---------------------------------------------------------------- properties

def test_object_colour_and_size():
    mixed = frozenset({(2, (0, 0)), (7, (0, 1)), (7, (1, 1))})
    assert object_colour(mixed) == 7
    assert object_colour(frozenset({(4, (0, 0)), (3, (0, 1))})) == 3  # tie: the smaller
    assert object_size(mixed) == 3
    with pytest.raises(ValueError):
        object_colour(frozenset())


# ---------------------------------------------------------------- moving an object on its grid

def test_move_erases_and_repaints():
    bar = frozenset({(1, (1, 0)), (1, (1, 1))})
    moved = move(G, bar, (1, 1))
    assert moved[1][:3] == (0, 0, 0)
    assert moved[2][:3] == (0, 1, 1)
    assert moved[3] == G[3]


def test_move_drops_cells_that_leave_the_grid():
    assert move(((0, 5),), frozenset({(5, (0, 1))}), (0, 1)) == ((0, 0),)


@PROPERTY
@given(sparse_grids())
def test_move_by_nothing_changes_nothing(grid):
    for obj in objects(grid, True, False, True):
        assert move(grid, obj, (0, 0)) == grid


# ---------------------------------------------------------------- searching a grid

def test_occurrences_finds_every_match():
    grid = ((1, 2, 1, 2),
            (2, 1, 2, 1))
    pattern = frozenset({(1, (7, 7)), (2, (8, 7))})  # a 1 above a 2
    assert occurrences(grid, pattern) == frozenset({(0, 0), (0, 2)})
    assert occurrences(grid, frozenset({(3, (0, 0))})) == frozenset()
    assert occurrences(grid, frozenset()) == frozenset()


def test_occurrences_of_a_pattern_larger_than_the_grid():
    assert occurrences(((1,),), frozenset({(1, (0, 0)), (1, (0, 1))})) == frozenset()


@PROPERTY
@given(sparse_grids())
def test_every_object_occurs_at_its_own_position(grid):
    for obj in objects(grid, False, True, True):
        assert upper_left(obj) in occurrences(grid, obj)


def test_occurrences_counts_steps():
    with active(Budget(max_steps=3)):
        with pytest.raises(BudgetExceeded):
            occurrences(((0,) * 5,) * 5, frozenset({(0, (0, 0))}))


# ---------------------------------------------------------------- filters and picks

OBJS = objects_single_colour(G)


def test_size_colour_and_shape_filters():
    assert located(size_filter(OBJS, 2)) == [[(1, (1, 0)), (1, (1, 1))]]
    assert located(colour_filter(OBJS, 2)) == [[(2, (1, 3))], [(2, (2, 4))]]
    assert located(shape_filter(OBJS, (1, 2))) == [[(1, (1, 0)), (1, (1, 1))]]
    assert colour_filter(OBJS, 9) == frozenset()


def test_largest_and_smallest_break_ties_top_left_first():
    assert largest(OBJS) == frozenset({(1, (1, 0)), (1, (1, 1))})
    assert smallest(OBJS) == frozenset({(2, (1, 3))})
    with pytest.raises(ValueError):
        largest(frozenset())


@PROPERTY
@given(sparse_grids())
def test_largest_and_smallest_bound_every_size(grid):
    objs = objects_single_colour(grid)
    if objs:
        assert all(len(smallest(objs)) <= len(obj) <= len(largest(objs)) for obj in objs)
        assert largest(objs) in objs and smallest(objs) in objs


# ---------------------------------------------------------------- registry, signatures, doctests

OBJ = frozenset({(1, (1, 0)), (1, (1, 1))})
IND = frozenset({(1, 0), (2, 2)})

SAMPLE_ARGS = {
    "objects": (G, True, False, True), "objects_single_colour": (G,),
    "objects_single_colour_diagonal": (G,), "objects_multicolour": (G,), "partition": (G,),
    "partition_foreground": (G,), "as_object": (G,), "object_colour": (OBJ,), "object_size": (IND,),
    "move": (G, OBJ, (1, 0)), "occurrences": (G, OBJ), "size_filter": (OBJS, 1),
    "colour_filter": (OBJS, 2), "shape_filter": (OBJS, (1, 1)), "largest": (OBJS,),
    "smallest": (OBJS,),
}

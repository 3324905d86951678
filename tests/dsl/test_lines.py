"""Tests for tasks.dsl.lines: examples for every primitive, line and neighbourhood
properties, sliding, budgets, signatures."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.lines import (
    antidiagonal_indices, column_indices, connect, diagonal_indices, diagonal_neighbours,
    flood_region, gravitate, neighbours4, neighbours8, patch_neighbours4, patch_neighbours8,
    ray_to_border, ray_until_obstacle, row_indices, shoot, slide_vector)
from tasks.dsl.objects import move, objects_single_colour
from tasks.dsl.patches import adjacent, shift, to_indices
from tests.dsl.strategies import grid_and_point, pairs, patches

PROPERTY = settings(max_examples=60, deadline=None)

EMPTY_3x4 = ((0, 0, 0, 0),) * 3

UNIT_VECTORS = st.sampled_from([(-1, 0), (1, 0), (0, -1), (0, 1),
                                (-1, -1), (-1, 1), (1, -1), (1, 1)])


# ---------------------------------------------------------------- lines

def test_connect_straight_and_diagonal_lines():
    assert connect((1, 1), (1, 4)) == frozenset({(1, 1), (1, 2), (1, 3), (1, 4)})
    assert connect((3, 0), (0, 0)) == frozenset({(0, 0), (1, 0), (2, 0), (3, 0)})
    assert connect((0, 3), (2, 1)) == frozenset({(0, 3), (1, 2), (2, 1)})
    assert connect((5, 5), (5, 5)) == frozenset({(5, 5)})


def test_connect_points_not_in_line_gives_nothing():
    assert connect((0, 0), (1, 3)) == frozenset()


@PROPERTY
@given(pairs(), pairs())
def test_connect_is_symmetric_and_contains_its_ends(a, b):
    line = connect(a, b)
    assert line == connect(b, a)
    if line:
        assert a in line and b in line
        assert len(line) == max(abs(a[0] - b[0]), abs(a[1] - b[1])) + 1


def test_shoot_includes_its_start():
    assert shoot((2, 2), (-1, 0), 3) == frozenset({(2, 2), (1, 2), (0, 2)})
    assert shoot((2, 2), (0, 0), 5) == frozenset({(2, 2)})
    assert shoot((2, 2), (1, 1), 0) == frozenset()
    assert shoot((2, 2), (1, 1), -4) == frozenset()


@PROPERTY
@given(pairs(), UNIT_VECTORS, st.integers(1, 15))
def test_shoot_agrees_with_connect(start, direction, length):
    end = (start[0] + (length - 1) * direction[0], start[1] + (length - 1) * direction[1])
    assert shoot(start, direction, length) == connect(start, end)


def test_ray_to_border_excludes_its_start():
    assert ray_to_border(EMPTY_3x4, (1, 1), (0, 1)) == frozenset({(1, 2), (1, 3)})
    assert ray_to_border(EMPTY_3x4, (0, 0), (1, 1)) == frozenset({(1, 1), (2, 2)})
    assert ray_to_border(EMPTY_3x4, (0, 0), (-1, 0)) == frozenset()
    assert ray_to_border(EMPTY_3x4, (1, 1), (0, 0)) == frozenset()


def test_ray_to_border_from_outside_the_grid():
    assert ray_to_border(EMPTY_3x4, (1, -1), (0, 1)) == row_indices(EMPTY_3x4, 1)


def test_ray_until_obstacle_stops_before_foreground():
    grid = ((0, 0, 0, 0),
            (5, 0, 0, 3),
            (0, 0, 0, 0))
    assert ray_until_obstacle(grid, (1, 0), (0, 1)) == frozenset({(1, 1), (1, 2)})
    assert ray_until_obstacle(grid, (1, 0), (-1, 0)) == frozenset({(0, 0)})
    assert ray_until_obstacle(grid, (1, 3), (0, 1)) == frozenset()
    assert ray_until_obstacle(grid, (1, 3), (0, 0)) == frozenset()


@PROPERTY
@given(grid_and_point(), UNIT_VECTORS)
def test_rays_stay_inside_the_grid(grid_point, direction):
    grid, point = grid_point
    full = ray_to_border(grid, point, direction)
    blocked = ray_until_obstacle(grid, point, direction)
    assert blocked <= full
    assert point not in full
    assert all(0 <= r < len(grid) and 0 <= c < len(grid[0]) for r, c in full)


def test_row_and_column_indices():
    assert row_indices(EMPTY_3x4, 2) == frozenset({(2, 0), (2, 1), (2, 2), (2, 3)})
    assert column_indices(EMPTY_3x4, 3) == frozenset({(0, 3), (1, 3), (2, 3)})
    assert row_indices(EMPTY_3x4, 3) == frozenset()
    assert column_indices(EMPTY_3x4, -1) == frozenset()


def test_diagonals_through_a_point():
    assert diagonal_indices(EMPTY_3x4, (1, 2)) == frozenset({(0, 1), (1, 2), (2, 3)})
    assert antidiagonal_indices(EMPTY_3x4, (1, 2)) == frozenset({(0, 3), (1, 2), (2, 1)})
    assert diagonal_indices(EMPTY_3x4, (0, 9)) == frozenset()


@PROPERTY
@given(grid_and_point())
def test_lines_through_a_point_contain_it(grid_point):
    grid, point = grid_point
    for line in (row_indices(grid, point[0]), column_indices(grid, point[1]),
                 diagonal_indices(grid, point), antidiagonal_indices(grid, point)):
        assert point in line


# ---------------------------------------------------------------- neighbourhoods

def test_neighbourhoods_of_a_point():
    assert neighbours4((1, 1)) == frozenset({(0, 1), (2, 1), (1, 0), (1, 2)})
    assert diagonal_neighbours((1, 1)) == frozenset({(0, 0), (0, 2), (2, 0), (2, 2)})
    assert neighbours8((1, 1)) == neighbours4((1, 1)) | diagonal_neighbours((1, 1))
    assert neighbours4((0, 0)) == frozenset({(-1, 0), (1, 0), (0, -1), (0, 1)})


@PROPERTY
@given(pairs())
def test_neighbour_sets_split_the_ring(point):
    assert not (neighbours4(point) & diagonal_neighbours(point))
    assert len(neighbours8(point)) == 8 and point not in neighbours8(point)


def test_patch_neighbours():
    bar = frozenset({(7, (1, 1)), (7, (1, 2))})
    assert patch_neighbours4(bar) == frozenset({(0, 1), (0, 2), (2, 1), (2, 2), (1, 0), (1, 3)})
    assert patch_neighbours8(bar) == patch_neighbours4(bar) | frozenset(
        {(0, 0), (0, 3), (2, 0), (2, 3)})
    assert patch_neighbours4(frozenset()) == frozenset()


@PROPERTY
@given(patches(max_size=8), patches(max_size=8))
def test_patch_neighbours4_is_what_adjacency_means(a, b):
    inside = to_indices(a)
    assert not (patch_neighbours4(a) & inside)
    assert patch_neighbours4(a) <= patch_neighbours8(a)
    if not (inside & to_indices(b)):
        assert adjacent(a, b) == bool(patch_neighbours4(a) & to_indices(b))


def test_flood_region():
    grid = ((1, 1, 0),
            (0, 1, 0),
            (1, 0, 0))
    assert flood_region(grid, (0, 0)) == frozenset({(0, 0), (0, 1), (1, 1)})
    assert flood_region(grid, (0, 2)) == frozenset({(0, 2), (1, 2), (2, 2), (2, 1)})
    assert flood_region(grid, (2, 0)) == frozenset({(2, 0)})
    assert flood_region(grid, (-1, 0)) == frozenset()  # no wrap-around


@PROPERTY
@given(grid_and_point(max_side=6))
def test_flood_region_is_a_single_colour_component(grid_point):
    grid, point = grid_point
    region = flood_region(grid, point)
    colour = grid[point[0]][point[1]]
    assert point in region
    assert all(grid[r][c] == colour for r, c in region)
    assert all(flood_region(grid, other) == region for other in region)


# ---------------------------------------------------------------- sliding

def test_gravitate_vertically_and_horizontally():
    assert gravitate(frozenset({(0, 2)}), frozenset({(5, 1), (5, 2)})) == (4, 0)
    assert gravitate(frozenset({(6, 2)}), frozenset({(1, 2)})) == (-4, 0)
    assert gravitate(frozenset({(3, 0)}), frozenset({(3, 8)})) == (0, 7)
    assert gravitate(frozenset({(3, 9)}), frozenset({(2, 0), (3, 0)})) == (0, -8)


def test_gravitate_when_already_touching():
    assert gravitate(frozenset({(0, 0)}), frozenset({(0, 1)})) == (0, 0)


def test_gravitate_between_patches_not_in_line_raises():
    with pytest.raises(ValueError):
        gravitate(frozenset({(0, 0)}), frozenset({(5, 5)}))


def test_gravitate_past_a_target_without_touching_raises():
    # Column ranges overlap but no column is shared: the cells pass each other.
    with pytest.raises(ValueError):
        gravitate(frozenset({(0, 0), (0, 4)}), frozenset({(5, 2)}))


@PROPERTY
@given(patches(min_size=1, max_size=5), patches(min_size=1, max_size=5))
def test_gravitate_ends_adjacent(a, b):
    if to_indices(a) & to_indices(b):
        return
    try:
        vector = gravitate(a, b)
    except ValueError:
        return
    assert adjacent(shift(a, vector), b)
    assert not (to_indices(shift(a, vector)) & to_indices(b))


def test_slide_vector_stops_at_obstacles_and_borders():
    grid = ((0, 4, 0),
            (0, 0, 0),
            (0, 0, 0),
            (0, 6, 0))
    four = frozenset({(4, (0, 1))})
    assert slide_vector(grid, four, (1, 0)) == (2, 0)
    assert slide_vector(grid, four, (0, 1)) == (0, 1)
    assert slide_vector(grid, four, (-1, 0)) == (0, 0)
    assert slide_vector(grid, four, (0, 0)) == (0, 0)
    assert move(grid, four, slide_vector(grid, four, (1, 0)))[2] == (0, 4, 0)


def test_slide_vector_lets_an_object_slide_over_itself():
    grid = ((2, 2, 0, 0),)
    assert slide_vector(grid, frozenset({(2, (0, 0)), (2, (0, 1))}), (0, 1)) == (0, 2)


@PROPERTY
@given(grid_and_point(max_side=6), UNIT_VECTORS)
def test_slid_objects_land_on_background_inside_the_grid(grid_point, direction):
    grid, _ = grid_point
    for obj in objects_single_colour(grid):
        vector = slide_vector(grid, obj, direction)
        moved = move(grid, obj, vector)
        assert sorted(v for row in moved for v in row) == sorted(v for row in grid for v in row)


# ---------------------------------------------------------------- budgets

def test_long_lines_raise_budget_exceeded():
    with active(Budget(max_items=100)):
        with pytest.raises(BudgetExceeded):
            connect((0, 0), (0, 10**9))
        with pytest.raises(BudgetExceeded):
            shoot((0, 0), (1, 1), 10**9)
        assert len(shoot((0, 0), (1, 1), 100)) == 100


def test_sliding_counts_steps():
    with active(Budget(max_steps=5)):
        with pytest.raises(BudgetExceeded):
            gravitate(frozenset({(0, 0)}), frozenset({(50, 0)}))
        with pytest.raises(BudgetExceeded):
            slide_vector(((0,),) * 20, frozenset({(0, 0)}), (1, 0))


# ---------------------------------------------------------------- registry, signatures, doctests

IND = frozenset({(1, 1)})

SAMPLE_ARGS = {
    "connect": ((0, 0), (2, 2)), "shoot": ((0, 0), (0, 1), 3),
    "ray_to_border": (EMPTY_3x4, (0, 0), (0, 1)),
    "ray_until_obstacle": (EMPTY_3x4, (0, 0), (1, 0)), "row_indices": (EMPTY_3x4, 1),
    "column_indices": (EMPTY_3x4, 1), "diagonal_indices": (EMPTY_3x4, (1, 1)),
    "antidiagonal_indices": (EMPTY_3x4, (1, 1)), "neighbours4": ((1, 1),),
    "neighbours8": ((1, 1),), "diagonal_neighbours": ((1, 1),),
    "patch_neighbours4": (IND,), "patch_neighbours8": (frozenset({(3, (1, 1))}),),
    "flood_region": (EMPTY_3x4, (0, 0)), "gravitate": (IND, frozenset({(1, 5)})),
    "slide_vector": (EMPTY_3x4, IND, (0, 1)),
}

"""Tests for tasks.dsl.objects: examples for every primitive, component and patch
properties, budgets, signatures."""

from itertools import combinations, product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.colour import background_colour
from tasks.dsl.objects import (
    adjacent, as_object, bounding_box, box, centre, clip_to_grid, colour_filter, corners, delta,
    holes, is_hline, is_rectangle, is_square_patch, is_vline, largest, leftmost,
    lower_left, lower_right, lowermost, manhattan, mirror_patch_left_right,
    mirror_patch_top_bottom, move, normalise, object_colour, object_size, objects,
    objects_multicolour, objects_single_colour, objects_single_colour_diagonal, occurrences,
    outline, partition, partition_foreground, patch_height, patch_shape, patch_width, recolour,
    relative_position, rightmost, shape_filter, share_columns, share_rows, shift, size_filter,
    smallest, to_indices, to_object, touches_border, upper_left, upper_right, uppermost)
from tasks.dsl.patches import is_object
from tests.dsl.strategies import (grids, pairs, patches, sparse_grids)

PROPERTY = settings(max_examples=60, deadline=None)

# Background 0; a 4-connected "1" bar, a diagonal pair of 2s, a lone 3 touching a 2.
G = ((0, 0, 0, 0, 0),
     (1, 1, 0, 2, 0),
     (0, 0, 0, 0, 2),
     (0, 3, 0, 0, 0))

RING = frozenset({(0, 0), (0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1), (2, 2)})


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


# ---------------------------------------------------------------- conversions

def test_to_indices_and_to_object():
    obj = frozenset({(1, (1, 0)), (1, (1, 1))})
    assert to_indices(obj) == frozenset({(1, 0), (1, 1)})
    assert to_indices(frozenset({(1, 0)})) == frozenset({(1, 0)})
    assert to_object(frozenset({(1, 0), (9, 9), (-1, 0)}), G) == frozenset({(1, (1, 0))})


@PROPERTY
@given(sparse_grids())
def test_to_object_recovers_a_grid_object_from_its_indices(grid):
    for obj in objects(grid, False, True, False):
        assert to_object(to_indices(obj), grid) == obj


def test_recolour():
    assert recolour(frozenset({(1, (0, 0)), (2, (0, 1))}), 5) == frozenset(
        {(5, (0, 0)), (5, (0, 1))})
    assert recolour(frozenset({(3, 3)}), 1) == frozenset({(1, (3, 3))})


def test_clip_to_grid_keeps_the_patch_kind():
    grid = ((0, 0), (0, 0))
    assert clip_to_grid(frozenset({(0, 1), (2, 0), (0, -1)}), grid) == frozenset({(0, 1)})
    assert clip_to_grid(frozenset({(4, (1, 1)), (4, (1, 2))}), grid) == frozenset({(4, (1, 1))})


def test_is_object():
    assert is_object(frozenset({(1, (0, 0))}))
    assert not is_object(frozenset({(1, 0)}))
    assert not is_object(frozenset())


# ---------------------------------------------------------------- properties

L_SHAPE = frozenset({(2, 1), (3, 1), (4, 1), (4, 2), (4, 3)})


def test_object_colour_and_size():
    mixed = frozenset({(2, (0, 0)), (7, (0, 1)), (7, (1, 1))})
    assert object_colour(mixed) == 7
    assert object_colour(frozenset({(4, (0, 0)), (3, (0, 1))})) == 3  # tie: the smaller
    assert object_size(mixed) == 3
    with pytest.raises(ValueError):
        object_colour(frozenset())


def test_corners_and_extremes_of_an_l_shape():
    assert upper_left(L_SHAPE) == (2, 1)
    assert upper_right(L_SHAPE) == (2, 3)
    assert lower_left(L_SHAPE) == (4, 1)
    assert lower_right(L_SHAPE) == (4, 3)
    assert corners(L_SHAPE) == frozenset({(2, 1), (2, 3), (4, 1), (4, 3)})
    assert (uppermost(L_SHAPE), lowermost(L_SHAPE)) == (2, 4)
    assert (leftmost(L_SHAPE), rightmost(L_SHAPE)) == (1, 3)
    assert centre(L_SHAPE) == (3, 2)


def test_position_of_an_empty_patch_raises():
    with pytest.raises(ValueError):
        upper_left(frozenset())
    with pytest.raises(ValueError):
        centre(frozenset())


def test_shape_of_patches():
    assert (patch_height(L_SHAPE), patch_width(L_SHAPE)) == (3, 3)
    assert patch_shape(frozenset({(1, (5, 5)), (1, (5, 8))})) == (1, 4)
    assert patch_shape(frozenset()) == (0, 0)


def test_shape_predicates():
    assert is_square_patch(L_SHAPE)
    assert not is_rectangle(L_SHAPE)
    assert is_rectangle(frozenset({(0, 0), (0, 1), (1, 0), (1, 1)}))
    assert is_hline(frozenset({(3, 1), (3, 2), (3, 3)}))
    assert not is_hline(frozenset({(3, 1), (3, 3)}))
    assert is_vline(frozenset({(7, (0, 0)), (7, (1, 0))}))
    assert not is_vline(L_SHAPE)
    for predicate in (is_square_patch, is_rectangle, is_hline, is_vline):
        assert predicate(frozenset()) is False


@PROPERTY
@given(patches(min_size=1))
def test_position_properties_agree(patch):
    top, left = upper_left(patch)
    bottom, right = lower_right(patch)
    assert (upper_right(patch), lower_left(patch)) == ((top, right), (bottom, left))
    assert patch_shape(patch) == (bottom - top + 1, right - left + 1)
    assert top <= centre(patch)[0] <= bottom and left <= centre(patch)[1] <= right
    assert corners(patch) <= bounding_box(patch)


# ---------------------------------------------------------------- moving and mirroring

def test_shift_and_normalise_keep_the_patch_kind():
    assert shift(frozenset({(0, 0)}), (2, 3)) == frozenset({(2, 3)})
    assert shift(frozenset({(5, (0, 0))}), (-1, 1)) == frozenset({(5, (-1, 1))})
    assert normalise(L_SHAPE) == frozenset({(0, 0), (1, 0), (2, 0), (2, 1), (2, 2)})
    assert normalise(frozenset()) == frozenset()


@PROPERTY
@given(patches(), pairs())
def test_shift_by_v_then_minus_v_is_the_identity(patch, vector):
    back = (-vector[0], -vector[1])
    assert shift(shift(patch, vector), back) == patch


@PROPERTY
@given(patches(min_size=1), pairs())
def test_normalise_forgets_position(patch, vector):
    assert upper_left(normalise(patch)) == (0, 0)
    assert normalise(shift(patch, vector)) == normalise(patch)
    assert normalise(normalise(patch)) == normalise(patch)


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


def test_mirror_patches_in_place():
    assert mirror_patch_left_right(L_SHAPE) == frozenset(
        {(2, 3), (3, 3), (4, 3), (4, 2), (4, 1)})
    assert mirror_patch_top_bottom(L_SHAPE) == frozenset(
        {(4, 1), (3, 1), (2, 1), (2, 2), (2, 3)})
    obj = frozenset({(1, (0, 0)), (2, (0, 1))})
    assert mirror_patch_left_right(obj) == frozenset({(2, (0, 0)), (1, (0, 1))})


@PROPERTY
@given(patches())
def test_mirroring_a_patch_twice_is_the_identity(patch):
    assert mirror_patch_left_right(mirror_patch_left_right(patch)) == patch
    assert mirror_patch_top_bottom(mirror_patch_top_bottom(patch)) == patch
    if patch:
        assert bounding_box(mirror_patch_left_right(patch)) == bounding_box(patch)


# ---------------------------------------------------------------- boxes and outlines

def test_bounding_box_box_delta():
    diagonal = frozenset({(0, 0), (1, 1), (2, 2)})
    assert bounding_box(diagonal) == frozenset((r, c) for r in range(3) for c in range(3))
    assert box(diagonal) == RING
    assert delta(diagonal) == frozenset((r, c) for r in range(3) for c in range(3) if r != c)
    assert bounding_box(frozenset()) == box(frozenset()) == delta(frozenset()) == frozenset()


def test_outline_of_a_filled_square_is_its_ring():
    square = frozenset((r, c) for r in range(3) for c in range(3))
    assert outline(square) == RING
    assert outline(frozenset({(4, 4)})) == frozenset({(4, 4)})


def test_holes_of_a_ring_and_of_an_open_cup():
    assert holes(RING) == frozenset({(1, 1)})
    cup = RING - {(0, 1)}
    assert holes(cup) == frozenset()
    # A corner gap does not open a hole to the outside under 4-connected flooding.
    assert holes(RING - {(0, 0)}) == frozenset({(1, 1)})


def test_holes_of_a_big_ring():
    ring = box(frozenset({(0, 0), (4, 5)}))
    assert holes(ring) == frozenset((r, c) for r in range(1, 4) for c in range(1, 5))


@PROPERTY
@given(patches())
def test_box_relations(patch):
    inside = to_indices(patch)
    assert inside <= bounding_box(patch)
    assert delta(patch) | inside == bounding_box(patch)
    assert not (delta(patch) & inside)
    assert box(patch) <= bounding_box(patch)
    assert outline(patch) <= inside
    assert holes(patch) <= delta(patch)
    assert holes(holes(patch) | inside) == frozenset()


def test_huge_bounding_boxes_raise_budget_exceeded():
    far_apart = frozenset({(0, 0), (10**6, 10**6)})
    with active(Budget(max_items=10_000)):
        with pytest.raises(BudgetExceeded):
            bounding_box(far_apart)
        with pytest.raises(BudgetExceeded):
            delta(far_apart)
        with pytest.raises(BudgetExceeded):
            holes(far_apart)
        with pytest.raises(BudgetExceeded):
            box(frozenset({(0, 0), (10**5, 10**5)}))


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


def test_touches_border():
    assert touches_border(frozenset({(1, 0)}), G)
    assert touches_border(frozenset({(3, (3, 1))}), G)
    assert not touches_border(frozenset({(1, 1), (2, 2)}), G)


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


# ---------------------------------------------------------------- relations

def test_adjacent():
    a = frozenset({(1, (1, 0)), (1, (1, 1))})
    assert adjacent(a, frozenset({(2, 1)}))
    assert not adjacent(a, frozenset({(2, 2)}))  # diagonal only
    assert not adjacent(a, frozenset())


def test_manhattan():
    assert manhattan(frozenset({(0, 0), (5, 5)}), frozenset({(6, 7)})) == 3
    assert manhattan(frozenset({(1, 1)}), frozenset({(1, 1)})) == 0
    with pytest.raises(ValueError):
        manhattan(frozenset(), frozenset({(0, 0)}))


@PROPERTY
@given(patches(min_size=1, max_size=6), patches(min_size=1, max_size=6))
def test_manhattan_is_symmetric_and_one_when_adjacent(a, b):
    assert manhattan(a, b) == manhattan(b, a)
    if adjacent(a, b) and not (to_indices(a) & to_indices(b)):
        assert manhattan(a, b) == 1


def test_relative_position():
    here = frozenset({(5, 5)})
    assert relative_position(here, frozenset({(0, 5)})) == (-1, 0)
    assert relative_position(here, frozenset({(9, 0)})) == (1, -1)
    assert relative_position(here, here) == (0, 0)


def test_share_rows_and_columns():
    bar = frozenset({(2, 0), (2, 1), (2, 2)})
    assert share_rows(bar, frozenset({(1, 9), (3, 9)}))
    assert not share_rows(bar, frozenset({(3, 0)}))
    assert share_columns(bar, frozenset({(9, 2)}))
    assert not share_columns(bar, frozenset({(9, 3)}))


# ---------------------------------------------------------------- registry, signatures, doctests

OBJ = frozenset({(1, (1, 0)), (1, (1, 1))})
IND = frozenset({(1, 0), (2, 2)})

SAMPLE_ARGS = {
    "objects": (G, True, False, True), "objects_single_colour": (G,),
    "objects_single_colour_diagonal": (G,), "objects_multicolour": (G,),
    "partition": (G,), "partition_foreground": (G,), "as_object": (G,),
    "to_indices": (OBJ,), "to_object": (IND, G), "recolour": (IND, 3),
    "clip_to_grid": (IND, G), "object_colour": (OBJ,), "object_size": (IND,),
    "upper_left": (OBJ,), "upper_right": (IND,), "lower_left": (OBJ,), "lower_right": (IND,),
    "centre": (IND,), "corners": (OBJ,), "uppermost": (IND,), "leftmost": (IND,),
    "lowermost": (OBJ,), "rightmost": (OBJ,), "patch_height": (IND,), "patch_width": (IND,),
    "patch_shape": (OBJ,), "is_square_patch": (IND,), "is_rectangle": (OBJ,),
    "is_hline": (OBJ,), "is_vline": (IND,), "normalise": (OBJ,), "shift": (IND, (1, 1)),
    "move": (G, OBJ, (1, 0)), "mirror_patch_left_right": (OBJ,),
    "mirror_patch_top_bottom": (IND,), "bounding_box": (IND,), "box": (IND,),
    "outline": (OBJ,), "delta": (IND,), "holes": (RING,), "occurrences": (G, OBJ),
    "touches_border": (OBJ, G), "size_filter": (OBJS, 1), "colour_filter": (OBJS, 2),
    "shape_filter": (OBJS, (1, 1)), "largest": (OBJS,), "smallest": (OBJS,),
    "adjacent": (OBJ, IND), "manhattan": (OBJ, IND), "relative_position": (OBJ, IND),
    "share_rows": (OBJ, IND), "share_columns": (OBJ, IND),
}

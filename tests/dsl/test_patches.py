"""Tests for tasks.dsl.patches: examples for every primitive, conversions, positions,
boxes and relations of patches, budgets, signatures."""

import pytest
from hypothesis import given, settings

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.objects import objects
from tasks.dsl.patches import (
    adjacent, bounding_box, box, centre, clip_to_grid, corners, delta, holes, is_hline,
    is_object, is_rectangle, is_square_patch, is_vline, leftmost, lower_left, lower_right,
    lowermost, manhattan, mirror_patch_left_right, mirror_patch_top_bottom, normalise, outline,
    patch_height, patch_shape, patch_width, recolour, relative_position, rightmost,
    share_columns, share_rows, shift, to_indices, to_object, touches_border, upper_left,
    upper_right, uppermost)
from tests.dsl.strategies import pairs, patches, sparse_grids

PROPERTY = settings(max_examples=60, deadline=None)

# Background 0; a 4-connected "1" bar, a diagonal pair of 2s, a lone 3 touching a 2.
G = ((0, 0, 0, 0, 0),
     (1, 1, 0, 2, 0),
     (0, 0, 0, 0, 2),
     (0, 3, 0, 0, 0))

RING = frozenset({(0, 0), (0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1), (2, 2)})


# ---------------------------------------------------------------- conversions and the grid

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


def test_touches_border():
    assert touches_border(frozenset({(1, 0)}), G)
    assert touches_border(frozenset({(3, (3, 1))}), G)
    assert not touches_border(frozenset({(1, 1), (2, 2)}), G)


# ---------------------------------------------------------------- positions and shapes

L_SHAPE = frozenset({(2, 1), (3, 1), (4, 1), (4, 2), (4, 3)})


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
    "to_indices": (OBJ,), "to_object": (IND, G), "recolour": (IND, 3), "clip_to_grid": (IND, G),
    "upper_left": (OBJ,), "upper_right": (IND,), "lower_left": (OBJ,), "lower_right": (IND,),
    "centre": (IND,), "corners": (OBJ,), "uppermost": (IND,), "leftmost": (IND,),
    "lowermost": (OBJ,), "rightmost": (OBJ,), "patch_height": (IND,), "patch_width": (IND,),
    "patch_shape": (OBJ,), "is_square_patch": (IND,), "is_rectangle": (OBJ,), "is_hline": (OBJ,),
    "is_vline": (IND,), "normalise": (OBJ,), "shift": (IND, (1, 1)),
    "mirror_patch_left_right": (OBJ,), "mirror_patch_top_bottom": (IND,), "bounding_box": (IND,),
    "box": (IND,), "outline": (OBJ,), "delta": (IND,), "holes": (RING,), "touches_border": (OBJ, G),
    "adjacent": (OBJ, IND), "manhattan": (OBJ, IND), "relative_position": (OBJ, IND),
    "share_rows": (OBJ, IND), "share_columns": (OBJ, IND),
}

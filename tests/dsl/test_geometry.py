"""Tests for tasks.dsl.geometry: examples for every primitive, properties, budgets, signatures."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.geometry import (
    add_border, antitranspose, bottom_half, canvas, colour_at, compress, crop, crop_to_content,
    downscale, downscale_majority, grid_indices, height, is_square, left_half,
    mirror_left_right, mirror_top_bottom, right_half, roll_grid, rot90, rot180, rot270, rotate,
    shape, shift_grid, subgrid, top_half, transpose, trim, upscale, upscale_h, upscale_v, width)
from tasks.dsl.tiling import concat_h, concat_v, join_v, mirror_quad, tile
from tasks.data.grid import is_grid
from tests.dsl.strategies import grids, pairs

PROPERTY = settings(max_examples=60, deadline=None)

G = ((1, 2, 3),
     (4, 5, 6))


# ---------------------------------------------------------------- rotations and mirrors

def test_rotations_of_a_non_square_grid():
    assert rot90(G) == ((4, 1), (5, 2), (6, 3))
    assert rot180(G) == ((6, 5, 4), (3, 2, 1))
    assert rot270(G) == ((3, 6), (2, 5), (1, 4))


def test_rotate_counts_quarter_turns_modulo_four():
    assert rotate(G, 0) == G
    assert rotate(G, 1) == rot90(G)
    assert rotate(G, 2) == rot180(G)
    assert rotate(G, 3) == rot270(G)
    assert rotate(G, 5) == rot90(G)
    assert rotate(G, -1) == rot270(G)


def test_mirrors():
    assert mirror_top_bottom(G) == ((4, 5, 6), (1, 2, 3))
    assert mirror_left_right(G) == ((3, 2, 1), (6, 5, 4))
    assert transpose(G) == ((1, 4), (2, 5), (3, 6))
    assert antitranspose(G) == ((6, 3), (5, 2), (4, 1))


def test_rows_are_tuples_after_zip_based_rotations():
    for turn in (rot90, rot270, transpose, antitranspose):
        assert is_grid(turn(G))


@PROPERTY
@given(grids())
def test_four_quarter_turns_are_the_identity(grid):
    assert rot90(rot90(rot90(rot90(grid)))) == grid
    assert rot90(rot90(grid)) == rot180(grid)
    assert rot90(rot180(grid)) == rot270(grid)
    assert rot270(rot90(grid)) == grid


@PROPERTY
@given(grids())
def test_each_mirror_applied_twice_is_the_identity(grid):
    for mirror in (mirror_top_bottom, mirror_left_right, transpose, antitranspose):
        assert mirror(mirror(grid)) == grid


@PROPERTY
@given(grids())
def test_mirrors_relate_to_rotations(grid):
    assert mirror_left_right(mirror_top_bottom(grid)) == rot180(grid)
    assert mirror_left_right(transpose(grid)) == rot90(grid)
    assert antitranspose(grid) == rot180(transpose(grid))
    assert shape(transpose(grid)) == shape(grid)[::-1]


# ---------------------------------------------------------------- sizes and cells

def test_sizes():
    assert height(G) == 2
    assert width(G) == 3
    assert shape(G) == (2, 3)
    assert not is_square(G)
    assert is_square(((1, 2), (3, 4)))


def test_grid_indices_covers_every_cell():
    assert grid_indices(G) == frozenset({(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)})


def test_colour_at_reads_row_then_column():
    assert colour_at(G, (0, 2)) == 3
    assert colour_at(G, (1, 0)) == 4


@pytest.mark.parametrize("location", [(2, 0), (0, 3), (-1, 0), (0, -1)])
def test_colour_at_outside_the_grid_raises(location):
    with pytest.raises(IndexError):
        colour_at(G, location)


# ---------------------------------------------------------------- crops and halves

def test_crop_window():
    assert crop(G, (0, 1), (2, 2)) == ((2, 3), (5, 6))
    assert crop(G, (1, 0), (1, 1)) == ((4,),)


def test_crop_is_clipped_to_the_grid():
    assert crop(G, (1, 1), (5, 5)) == ((5, 6),)
    assert crop(G, (-1, -1), (2, 2)) == ((1,),)


@pytest.mark.parametrize("start, size", [((2, 0), (1, 1)), ((0, 0), (0, 2)), ((0, 5), (1, 1)),
                                         ((0, 0), (-1, 1))])
def test_crop_that_leaves_nothing_raises(start, size):
    with pytest.raises(ValueError):
        crop(G, start, size)


def test_subgrid_takes_the_bounding_box_of_indices_or_objects():
    assert subgrid(G, frozenset({(0, 0), (1, 1)})) == ((1, 2), (4, 5))
    assert subgrid(G, frozenset({(9, (1, 2)), (9, (0, 2))})) == ((3,), (6,))
    with pytest.raises(ValueError):
        subgrid(G, frozenset())


def test_halves_of_even_sizes():
    grid = ((1, 2), (3, 4), (5, 6), (7, 8))
    assert top_half(grid) == ((1, 2), (3, 4))
    assert bottom_half(grid) == ((5, 6), (7, 8))
    assert left_half(grid) == ((1,), (3,), (5,), (7,))
    assert right_half(grid) == ((2,), (4,), (6,), (8,))


def test_halves_of_odd_sizes_drop_the_middle_line():
    grid = ((1, 2, 3), (4, 5, 6), (7, 8, 9))
    assert top_half(grid) == ((1, 2, 3),)
    assert bottom_half(grid) == ((7, 8, 9),)
    assert left_half(grid) == ((1,), (4,), (7,))
    assert right_half(grid) == ((3,), (6,), (9,))


@pytest.mark.parametrize("half", [top_half, bottom_half])
def test_halves_of_a_single_row_raise(half):
    with pytest.raises(ValueError):
        half(((1, 2),))


@pytest.mark.parametrize("half", [left_half, right_half])
def test_halves_of_a_single_column_raise(half):
    with pytest.raises(ValueError):
        half(((1,), (2,)))


@PROPERTY
@given(grids(min_side=2))
def test_halves_of_even_grids_join_back(grid):
    if height(grid) % 2 == 0:
        assert concat_v(top_half(grid), bottom_half(grid)) == grid
    if width(grid) % 2 == 0:
        assert concat_h(left_half(grid), right_half(grid)) == grid


# ---------------------------------------------------------------- scaling

def test_upscale_and_its_directional_variants():
    grid = ((1, 2), (3, 4))
    assert upscale(grid, 2) == ((1, 1, 2, 2), (1, 1, 2, 2), (3, 3, 4, 4), (3, 3, 4, 4))
    assert upscale(grid, 1) == grid
    assert upscale_h(grid, 3) == ((1, 1, 1, 2, 2, 2), (3, 3, 3, 4, 4, 4))
    assert upscale_v(grid, 2) == ((1, 2), (1, 2), (3, 4), (3, 4))


def test_downscale_takes_every_kth_cell():
    grid = ((1, 0, 2, 0), (0, 0, 0, 0), (3, 0, 4, 0))
    assert downscale(grid, 2) == ((1, 2), (3, 4))
    assert downscale(grid, 1) == grid


@pytest.mark.parametrize("scale",
                         [upscale, upscale_h, upscale_v, downscale, downscale_majority])
@pytest.mark.parametrize("factor", [0, -2])
def test_scaling_by_a_non_positive_factor_raises(scale, factor):
    with pytest.raises(ValueError):
        scale(G, factor)


@PROPERTY
@given(grids(max_side=5), st.integers(min_value=1, max_value=4))
def test_upscale_then_downscale_is_the_identity(grid, factor):
    big = upscale(grid, factor)
    assert shape(big) == (height(grid) * factor, width(grid) * factor)
    assert downscale(big, factor) == grid
    assert upscale_v(upscale_h(grid, factor), factor) == big
    assert downscale_majority(big, factor) == grid


def test_downscale_majority_votes_within_each_block():
    noisy = ((3, 3, 3, 0, 0, 0),
             (3, 5, 3, 0, 0, 5),
             (3, 3, 3, 0, 0, 0))
    assert downscale_majority(noisy, 3) == ((3, 0),)
    assert downscale_majority(((1, 2), (2, 1)), 2) == ((1,),)
    with pytest.raises(ValueError):
        downscale_majority(noisy, 2)


# ---------------------------------------------------------------- budgets

@pytest.mark.parametrize("call", [
    lambda: upscale(G, 10),
    lambda: upscale_h(G, 20),
    lambda: upscale_v(G, 20),
    lambda: tile(G, 5, 5),
    lambda: canvas(0, (10, 11)),
    lambda: concat_h(canvas(0, (10, 6)), canvas(0, (10, 5))),
    lambda: join_v((canvas(0, (6, 10)),) * 2),
    lambda: mirror_quad(canvas(0, (5, 6))),
    lambda: add_border(canvas(0, (9, 9)), 1),
])
def test_growing_primitives_check_the_cell_budget_before_building(call):
    with active(Budget(max_cells=100)):
        with pytest.raises(BudgetExceeded) as caught:
            call()
    assert caught.value.limit == "cells"


def test_huge_upscale_is_refused_under_the_default_budget():
    with pytest.raises(BudgetExceeded):
        upscale(canvas(0, (30, 30)), 10 ** 6)


def test_growing_primitives_within_budget_succeed():
    with active(Budget(max_cells=100)):
        assert shape(upscale(G, 4)) == (8, 12)
        assert shape(canvas(0, (10, 10))) == (10, 10)


# ---------------------------------------------------------------- borders and content

def test_trim_and_add_border():
    framed = ((1, 1, 1, 1), (1, 2, 3, 1), (1, 1, 1, 1))
    assert trim(framed) == ((2, 3),)
    assert add_border(((2, 3),), 1) == framed
    with pytest.raises(ValueError):
        trim(((1, 1), (1, 1)))
    with pytest.raises(ValueError):
        add_border(G, 10)


@PROPERTY
@given(grids(), st.integers(min_value=0, max_value=9))
def test_trim_undoes_add_border(grid, colour):
    assert trim(add_border(grid, colour)) == grid


def test_crop_to_content_uses_the_background_colour():
    grid = ((0, 0, 0, 0),
            (0, 2, 0, 0),
            (0, 0, 3, 0),
            (0, 0, 0, 0))
    assert crop_to_content(grid) == ((2, 0), (0, 3))
    on_blue = ((1, 1, 1), (1, 1, 7), (1, 1, 1))
    assert crop_to_content(on_blue) == ((7,),)
    with pytest.raises(ValueError):
        crop_to_content(((4, 4), (4, 4)))


def test_compress_drops_uniform_rows_and_columns():
    grid = ((5, 5, 5, 5),
            (1, 5, 2, 5),
            (5, 5, 5, 5),
            (3, 5, 4, 5))
    assert compress(grid) == ((1, 2), (3, 4))
    with pytest.raises(ValueError):
        compress(((1, 1), (2, 2)))


# ---------------------------------------------------------------- moving and making grids

def test_shift_grid_fills_vacated_cells():
    assert shift_grid(G, (1, 0), 0) == ((0, 0, 0), (1, 2, 3))
    assert shift_grid(G, (0, -1), 9) == ((2, 3, 9), (5, 6, 9))
    assert shift_grid(G, (5, 5), 7) == ((7, 7, 7), (7, 7, 7))


@PROPERTY
@given(grids(), pairs(bound=4))
def test_shift_by_v_then_minus_v_keeps_the_cells_that_stayed_inside(grid, offset):
    back = shift_grid(shift_grid(grid, offset, 0), (-offset[0], -offset[1]), 0)
    h, w = shape(grid)
    for i in range(h):
        for j in range(w):
            stayed = 0 <= i + offset[0] < h and 0 <= j + offset[1] < w
            assert back[i][j] == (grid[i][j] if stayed else 0)


def test_roll_grid_wraps_around():
    assert roll_grid(G, (1, 0)) == ((4, 5, 6), (1, 2, 3))
    assert roll_grid(G, (0, -1)) == ((2, 3, 1), (5, 6, 4))
    assert roll_grid(G, (2, 3)) == G


@PROPERTY
@given(grids(), pairs(bound=12))
def test_roll_by_v_then_minus_v_is_the_identity(grid, offset):
    assert roll_grid(roll_grid(grid, offset), (-offset[0], -offset[1])) == grid


def test_canvas():
    assert canvas(3, (1, 2)) == ((3, 3),)
    for bad_size in [(0, 2), (2, 0), (-1, 3)]:
        with pytest.raises(ValueError):
            canvas(3, bad_size)
    with pytest.raises(ValueError):
        canvas(12, (2, 2))


# ---------------------------------------------------------------- registry, signatures, doctests

SAMPLE_ARGS = {
    "rot90": (G,), "rot180": (G,), "rot270": (G,), "rotate": (G, 1), "mirror_top_bottom": (G,),
    "mirror_left_right": (G,), "transpose": (G,), "antitranspose": (G,), "height": (G,),
    "width": (G,), "shape": (G,), "is_square": (G,), "grid_indices": (G,), "colour_at": (G, (1, 1)),
    "crop": (G, (0, 0), (1, 2)), "subgrid": (G, frozenset({(0, 1)})), "top_half": (G,),
    "bottom_half": (G,), "left_half": (G,), "right_half": (G,), "upscale": (G, 2),
    "upscale_h": (G, 2), "upscale_v": (G, 2), "downscale": (G, 2),
    "downscale_majority": (upscale(G, 2), 2), "trim": (canvas(1, (3, 3)),), "add_border": (G, 0),
    "crop_to_content": (G,), "compress": (G,), "shift_grid": (G, (1, 1), 0),
    "roll_grid": (G, (1, 1)), "canvas": (0, (2, 2)),
}

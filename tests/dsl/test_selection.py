"""Tests for tasks.dsl.selection: examples for every primitive, properties, budgets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.colour import grid_and, grid_or, grid_xor, overlay
from tasks.dsl.geometry import rot90, rot180, rot270, upscale
from tasks.dsl.selection import (
    collapse_repeats, crop_object_with_most, fractal, grids_and, grids_nor, grids_or, grids_xor,
    kronecker, num_foreground_colours, odd_one_out, part_colours, rotation_quad, split_at_lines,
    split_squares, uncover, underlay, objects_as_grids, symmetric_one, asymmetric_one,
    crop_marked_object, frame_interior, fold_left_right, swap_colours)
from tasks.dsl.summaries import (
    colour_bars, colours_by_count, foreground_row, most_common_object, objects_diagonal, repeating_tile)
from tasks.dsl.tiling import join_h, join_v, tile
from tests.dsl.strategies import grids, grids_of_shape, sparse_grids, square_grids

PROPERTY = settings(max_examples=40, deadline=None)

# Two 2x3 drawings on 0, cut apart by a column of 5 (the shape of 0520fde7 / 99b1bc43).
LEFT = ((1, 0, 1),
        (0, 1, 1))
RIGHT = ((1, 1, 0),
         (0, 0, 0))
SEPARATED = tuple(a + (5,) + b for a, b in zip(LEFT, RIGHT))


# ---------------------------------------------------------------- parts of a grid

def test_split_at_lines_cuts_at_a_separator_column():
    assert split_at_lines(SEPARATED) == (LEFT, RIGHT)


def test_split_at_lines_allows_the_line_colour_inside_the_blocks():
    # Empty rows and columns of the background between drawings (780d0b14, 88a62173).
    grid = ((1, 1, 0, 2),
            (1, 0, 0, 0),
            (0, 0, 0, 0),
            (3, 0, 0, 4))
    assert split_at_lines(grid) == (((1, 1), (1, 0)), ((2,), (0,)), ((3, 0),), ((4,),))


def test_split_at_lines_prefers_the_colour_that_appears_only_in_lines():
    # A blank row inside a part is a full line of 0, but 4 is the true separator (3428a4f5).
    grid = ((2, 0), (0, 0), (4, 4), (0, 2), (2, 2))
    assert split_at_lines(grid) == (((2, 0), (0, 0)), ((0, 2), (2, 2)))


def test_split_at_lines_rejects_grids_without_a_single_line_colour():
    with pytest.raises(ValueError):
        split_at_lines(((1, 2), (3, 4)))
    with pytest.raises(ValueError):  # full rows of two colours, one each: a tie
        split_at_lines(((1, 1, 1), (3, 4, 5), (2, 2, 2)))
    with pytest.raises(ValueError):  # a line at the edge leaves a single block
        split_at_lines(((5, 5), (1, 2)))


def test_split_squares_cuts_along_the_long_side():
    tall = ((1,), (2,), (3,))
    assert split_squares(tall) == (((1,),), ((2,),), ((3,),))
    wide = ((1, 2, 3, 4, 5, 6),
            (7, 8, 9, 1, 2, 3))
    assert split_squares(wide) == (((1, 2), (7, 8)), ((3, 4), (9, 1)), ((5, 6), (2, 3)))


@pytest.mark.parametrize("grid", [((1, 2), (3, 4)), ((1, 2, 3), (4, 5, 6))])
def test_split_squares_rejects_squares_and_uneven_sides(grid):
    with pytest.raises(ValueError):
        split_squares(grid)


@PROPERTY
@given(st.integers(1, 4), st.integers(2, 4), st.booleans(), st.data())
def test_split_squares_joins_back_to_the_grid(side, count, tall, data):
    shape = (side * count, side) if tall else (side, side * count)
    grid = data.draw(grids_of_shape(*shape))
    parts = split_squares(grid)
    assert len(parts) == count
    assert (join_v(parts) if tall else join_h(parts)) == grid


def test_part_colours_summarises_each_block():
    # Blocks of one colour with background noise, cut by empty lines (780d0b14).
    grid = ((1, 1, 0, 6, 0),
            (1, 0, 0, 6, 6),
            (0, 0, 0, 0, 0),
            (2, 2, 0, 0, 3))
    assert part_colours(grid) == ((1, 6), (2, 3))


def test_part_colours_gives_blocks_of_only_line_colour_that_colour():
    grid = ((3, 7, 3), (7, 7, 7), (3, 7, 7))
    # The cell at the bottom right is a block of its own made of the line colour.
    assert part_colours(((3, 7, 3), (7, 7, 7), (3, 7, 1))) == ((3, 3), (3, 1))
    assert part_colours(grid) == ((3, 3), (3, 7))


def test_part_colours_counts_layout_of_blocks_of_any_size():
    # Uneven blocks between lines of 7 (1190e5a7): the output is the layout.
    grid = ((3, 7, 3, 3, 7, 3),
            (7, 7, 7, 7, 7, 7),
            (3, 7, 3, 3, 7, 3),
            (3, 7, 3, 3, 7, 3))
    assert part_colours(grid) == ((3, 3, 3), (3, 3, 3))


def test_odd_one_out_by_drawing_then_by_colour():
    shape_a, shape_b = ((1, 0), (1, 1)), ((0, 1), (1, 1))
    recoloured = ((2, 0), (2, 2))
    assert odd_one_out((shape_a, recoloured, shape_b, shape_a)) == shape_b
    assert odd_one_out((shape_a, recoloured, shape_a)) == recoloured


@pytest.mark.parametrize("grids_", [
    (((1,),), ((2,),)),                           # two grids: neither is odd
    (((1,),), ((1,),), ((1,),)),                  # all alike
    (((1, 0),), ((0, 1),), ((1, 1),)),            # all different
    (((1, 0),), ((1, 0),), ((0, 1),), ((1, 1),)), # two loners
])
def test_odd_one_out_needs_exactly_one_loner(grids_):
    with pytest.raises(ValueError):
        odd_one_out(grids_)


# ---------------------------------------------------------------- combining parts

def test_logic_on_the_two_sides_of_a_separator():
    parts = split_at_lines(SEPARATED)
    assert grids_and(parts, 2) == ((2, 0, 0), (0, 0, 0))
    assert grids_or(parts, 2) == ((2, 2, 2), (0, 2, 2))
    assert grids_xor(parts, 3) == ((0, 3, 3), (0, 3, 3))
    assert grids_nor(parts, 4) == ((0, 0, 0), (4, 0, 0))


def test_logic_over_three_grids_counts_the_grids_with_a_drawing():
    grids_ = (((1, 1, 0, 0),), ((1, 0, 1, 0),), ((1, 0, 0, 0),))
    assert grids_and(grids_, 5) == ((5, 0, 0, 0),)
    assert grids_xor(grids_, 5) == ((0, 5, 5, 0),)
    assert grids_nor(grids_, 5) == ((0, 0, 0, 5),)


@PROPERTY
@given(st.data())
def test_logic_of_two_grids_agrees_with_the_pairwise_primitives(data):
    a = data.draw(sparse_grids())
    b = data.draw(grids_of_shape(len(a), len(a[0]), st.sampled_from([0, 0, 3])))
    assert grids_and((a, b), 7) == grid_and(a, b, 7)
    assert grids_or((a, b), 7) == grid_or(a, b, 7)
    assert grids_xor((a, b), 7) == grid_xor(a, b, 7)
    nor = grids_nor((a, b), 7)
    assert all((x == 7) != (y == 7) for x_row, y_row in zip(nor, grids_or((a, b), 7))
               for x, y in zip(x_row, y_row))


@pytest.mark.parametrize("combine", [grids_and, grids_or, grids_xor, grids_nor])
def test_logic_rejects_bad_inputs(combine):
    with pytest.raises(ValueError):
        combine((LEFT,), 1)             # one grid
    with pytest.raises(ValueError):
        combine((LEFT, ((1,),)), 1)     # shapes differ
    with pytest.raises(ValueError):
        combine((LEFT, RIGHT), 10)      # not a colour


def test_underlay_gives_the_first_grid_priority():
    # cf98881b: the left part covers the middle, the middle covers the right.
    parts = (((4, 0, 0),), ((9, 9, 0),), ((1, 1, 1),))
    assert underlay(parts) == ((4, 9, 1),)


@PROPERTY
@given(st.data())
def test_underlay_is_overlay_in_reverse(data):
    first = data.draw(sparse_grids())
    shape = (len(first), len(first[0]))
    others = data.draw(st.lists(grids_of_shape(*shape, st.sampled_from([0, 0, 5])), min_size=1, max_size=3))
    stack = (first, *others)
    assert underlay(stack) == overlay(stack[::-1])


# ---------------------------------------------------------------- grids built from grids

def test_kronecker_puts_the_drawing_where_the_drawing_is():
    # 007bbfb7: a one-colour drawing made of copies of itself.
    grid = ((7, 0), (7, 7))
    assert kronecker(grid, grid) == ((7, 0, 0, 0),
                                     (7, 7, 0, 0),
                                     (7, 0, 7, 0),
                                     (7, 7, 7, 7))


@PROPERTY
@given(sparse_grids(max_side=4), st.integers(1, 3), st.integers(1, 3))
def test_kronecker_with_a_full_pattern_is_tiling(tile_grid, rows, cols):
    full = ((1,) * cols,) * rows
    assert kronecker(full, tile_grid) == tile(tile_grid, rows, cols)


def test_fractal_places_copies_on_one_colour_only():
    # cce03e0d: copies where the grid has 2, nothing where it has 1 or 0.
    grid = ((2, 1), (0, 2))
    assert fractal(grid, 2) == ((2, 1, 0, 0),
                                (0, 2, 0, 0),
                                (0, 0, 2, 1),
                                (0, 0, 0, 2))
    with pytest.raises(ValueError):
        fractal(grid, 5)


def test_growing_primitives_check_the_cell_budget():
    grid = ((1,) * 6,) * 6
    with active(Budget(max_cells=100)):
        with pytest.raises(BudgetExceeded):
            kronecker(grid, grid)
        with pytest.raises(BudgetExceeded):
            fractal(grid, 1)
        with pytest.raises(BudgetExceeded):
            rotation_quad(grid)


def test_rotation_quad_example_of_46442a0e():
    assert rotation_quad(((8, 6), (6, 8))) == ((8, 6, 6, 8),
                                                (6, 8, 8, 6),
                                                (6, 8, 8, 6),
                                                (8, 6, 6, 8))


@PROPERTY
@given(square_grids(max_side=5))
def test_rotation_quad_quadrants_are_the_turns(grid):
    n = len(grid)
    quad = rotation_quad(grid)
    quadrant = lambda top, left: tuple(row[left:left + n] for row in quad[top:top + n])
    assert quadrant(0, 0) == grid
    assert quadrant(0, n) == rot90(grid)
    assert quadrant(n, 0) == rot270(grid)
    assert quadrant(n, n) == rot180(grid)


def test_rotation_quad_rejects_non_square_grids():
    with pytest.raises(ValueError):
        rotation_quad(((1, 2),))


def test_collapse_repeats_summarises_stripes():
    # 746b3537: repeated rows or columns of colour become one each.
    assert collapse_repeats(((2, 3, 3, 8, 1),) * 3) == ((2, 3, 8, 1),)
    assert collapse_repeats(((4, 4), (4, 4), (2, 2), (8, 8))) == ((4,), (2,), (8,))
    # Only adjacent repeats merge: a colour coming back stays.
    assert collapse_repeats(((1, 1, 2, 1),)) == ((1, 2, 1),)


def test_collapse_repeats_rejects_grids_without_repeats():
    with pytest.raises(ValueError):
        collapse_repeats(((1, 2), (3, 4)))


@PROPERTY
@given(grids(max_side=4), st.integers(2, 3))
def test_collapse_repeats_undoes_upscaling_by_any_factor(grid, factor):
    collapsed = collapse_repeats(upscale(grid, factor))
    assert collapsed == collapse_repeats(upscale(grid, 2))
    assert all(a != b for a, b in zip(collapsed, collapsed[1:]))


# ---------------------------------------------------------------- crops chosen by content

def test_crop_object_with_most_picks_the_block_with_the_most_marks():
    # 8efcae92: blocks of 1 dotted with 2; here 1 is more common than the background 0.
    grid = ((1, 1, 1, 0, 1, 1),
            (1, 2, 1, 0, 2, 1),
            (1, 1, 1, 0, 1, 2),
            (0, 0, 0, 0, 1, 1))
    assert crop_object_with_most(grid, 2) == ((1, 1), (2, 1), (1, 2), (1, 1))


def test_crop_object_with_most_does_not_join_blocks_at_corners():
    # ae4f1146: blocks touching at a corner are separate objects.
    grid = ((8, 1, 0, 0),
            (1, 8, 0, 0),
            (0, 0, 1, 1),
            (0, 0, 1, 8))
    assert crop_object_with_most(grid, 1) == ((1, 1), (1, 8))


@pytest.mark.parametrize("colour", [0, 3, 1])
def test_crop_object_with_most_rejects_absent_colours_and_ties(colour):
    grid = ((1, 0, 1), (2, 0, 2))
    with pytest.raises(ValueError):
        crop_object_with_most(grid, colour)


def test_uncover_repairs_from_a_mirror():
    # dc0a314f / ff805c23: cells of 9 hide part of a left-right symmetric picture.
    hidden = ((1, 2, 2, 1),
              (4, 5, 9, 4),
              (6, 7, 9, 6))
    assert uncover(hidden, 9) == ((5,), (7,))


def test_uncover_repairs_from_the_period_when_there_is_no_mirror():
    # f9012d9b: a tiled pattern with a hole of 0; no mirror fits rows 1 and 2.
    grid = ((1, 2, 3, 1, 2, 3),
            (4, 5, 6, 4, 5, 6),
            (7, 8, 9, 7, 8, 9),
            (1, 2, 3, 1, 0, 0))
    assert uncover(grid, 0) == ((2, 3),)


def test_uncover_rejects_colours_that_hide_nothing_or_too_much():
    with pytest.raises(ValueError):
        uncover(((1, 2), (2, 1)), 5)
    with pytest.raises(ValueError):
        uncover(((0, 0), (0, 1)), 0)
    with pytest.raises(ValueError):  # not one solid rectangle
        uncover(((1, 2, 2, 1), (4, 5, 9, 4), (6, 9, 7, 6)), 9)


# ---------------------------------------------------------------- counts

def test_num_foreground_colours_leaves_out_the_background():
    assert num_foreground_colours(((0, 6, 7), (0, 6, 6), (0, 0, 0))) == 2
    assert num_foreground_colours(((4, 4), (4, 4))) == 0


def test_upscale_by_the_number_of_colours_example_of_b91ae062():
    grid = ((3, 2, 0), (0, 7, 3), (0, 0, 0))
    assert upscale(grid, num_foreground_colours(grid)) == upscale(grid, 3)


# ---------------------------------------------------------------- marked objects and frames

def test_crop_marked_object_takes_the_shape_under_a_pointer_dot():
    # A dot of 5 sits on top of the shape it picks (48d8fb45); other shapes are left out.
    grid = ((0, 5, 0, 0, 0, 0),
            (0, 1, 0, 0, 2, 2),
            (1, 1, 1, 0, 2, 0),
            (0, 1, 1, 0, 0, 0))
    assert crop_marked_object(grid, 5) == ((0, 1, 0), (1, 1, 1), (0, 1, 1))


def test_crop_marked_object_paints_a_marker_inside_the_shape():
    # The 8 in the middle of a shape of 4 stands for a 4 (5117e062).
    grid = ((0, 0, 0, 0, 3),
            (0, 4, 0, 0, 3),
            (4, 8, 4, 0, 0),
            (0, 4, 0, 0, 0))
    assert crop_marked_object(grid, 8) == ((0, 4, 0), (4, 4, 4), (0, 4, 0))


def test_crop_marked_object_rejects_absent_scattered_or_lonely_markers():
    with pytest.raises(ValueError):
        crop_marked_object(((1, 1), (1, 0)), 5)
    with pytest.raises(ValueError):  # two markers on two different shapes
        crop_marked_object(((5, 1, 0, 5, 2),), 5)
    with pytest.raises(ValueError):  # a marker touching nothing
        crop_marked_object(((5, 0, 1),), 5)
    with pytest.raises(ValueError):
        crop_marked_object(((5, 0, 1),), 0)


def test_frame_interior_finds_the_outline_among_noise():
    # Noise of every colour around, a full outline of 2 (1c786137).
    grid = ((3, 1, 8, 3, 8, 1),
            (1, 2, 2, 2, 2, 3),
            (8, 2, 7, 2, 2, 8),
            (3, 2, 1, 0, 2, 1),
            (1, 2, 2, 2, 2, 3))
    assert frame_interior(grid) == ((7, 2), (1, 0))


def test_frame_interior_takes_four_corner_marks():
    grid = ((0, 0, 0, 0, 0),
            (0, 4, 0, 0, 4),
            (0, 0, 2, 2, 0),
            (0, 4, 0, 0, 4))
    assert frame_interior(grid) == ((2, 2),)


def test_frame_interior_needs_exactly_one_frame():
    with pytest.raises(ValueError):
        frame_interior(((1, 2), (3, 4)))
    two_frames = ((1, 1, 1, 2, 2, 2),
                  (1, 0, 1, 2, 0, 2),
                  (1, 1, 1, 2, 2, 2))
    with pytest.raises(ValueError):
        frame_interior(two_frames)


# ---------------------------------------------------------------- objects as grids, symmetry

def test_objects_as_grids_keeps_each_objects_colours_in_its_box():
    grid = ((0, 0, 0, 0),
            (2, 3, 0, 0),
            (0, 0, 0, 6),
            (0, 0, 6, 0))
    assert objects_as_grids(grid) == (((2, 3),), ((0, 6), (6, 0)))


def test_objects_as_grids_needs_two_objects():
    with pytest.raises(ValueError):
        objects_as_grids(((0, 1), (1, 0)))


def test_symmetric_one_picks_the_mirror_symmetric_object_of_72ca375d():
    grid = ((0, 2, 2, 0, 0, 0, 0, 0),
            (0, 0, 2, 2, 2, 0, 0, 0),
            (0, 0, 0, 0, 0, 0, 7, 7),
            (0, 0, 0, 0, 0, 7, 0, 7),
            (0, 0, 0, 0, 0, 0, 0, 0),
            (6, 6, 6, 6, 0, 0, 0, 0),
            (0, 6, 6, 0, 0, 0, 0, 0))
    assert symmetric_one(objects_as_grids(grid)) == ((6, 6, 6, 6), (0, 6, 6, 0))


def test_asymmetric_one_picks_the_part_unlike_its_transpose_of_662c240a():
    parts = (((8, 9, 8), (9, 8, 8), (8, 8, 8)),
             ((2, 2, 1), (2, 2, 1), (1, 1, 2)),
             ((4, 4, 4), (4, 4, 3), (3, 3, 3)))
    assert asymmetric_one(parts) == parts[2]


def test_symmetry_selections_need_exactly_one():
    symmetric = ((1, 0, 1),)
    lopsided = ((1, 2), (0, 0))
    with pytest.raises(ValueError):
        symmetric_one((lopsided, lopsided))
    with pytest.raises(ValueError):
        symmetric_one((symmetric, symmetric, lopsided))
    with pytest.raises(ValueError):
        asymmetric_one((lopsided,))


@PROPERTY
@given(grids(max_side=5))
def test_a_grid_joined_to_its_mirror_is_symmetric(grid):
    lopsided = ((1, 2), (0, 0))
    doubled = tuple(row + row[::-1] for row in grid)
    assert symmetric_one((doubled, lopsided)) == doubled
    assert asymmetric_one((doubled, lopsided)) == lopsided


# ---------------------------------------------------------------- folding and colour swaps

def test_fold_left_right_drops_the_fold_line_and_mirrors_the_right_half():
    # e3497940: a column of 5 down the middle, drawings on both sides.
    grid = ((0, 0, 0, 5, 0, 0, 0),
            (0, 0, 4, 5, 0, 0, 0),
            (0, 0, 0, 5, 4, 4, 0),
            (0, 3, 3, 5, 0, 0, 0))
    assert fold_left_right(grid) == ((0, 0, 0), (0, 0, 4), (0, 4, 4), (0, 3, 3))


def test_fold_left_right_keeps_the_left_half_where_both_are_drawn():
    assert fold_left_right(((1, 0, 3, 2),)) == ((1, 3),)


def test_fold_left_right_rejects_a_single_column():
    with pytest.raises(ValueError):
        fold_left_right(((1,), (2,)))


@PROPERTY
@given(grids(max_side=6))
def test_folding_a_grid_onto_its_own_mirror_gives_it_back(grid):
    assert fold_left_right(tuple(row + row[::-1] for row in grid)) == grid


def test_swap_colours_inverts_a_two_colour_grid_example_of_b94a9452():
    assert swap_colours(((3, 3, 3), (3, 1, 3), (3, 3, 3))) == ((1, 1, 1), (1, 3, 1), (1, 1, 1))


def test_swap_colours_needs_exactly_two_colours():
    with pytest.raises(ValueError):
        swap_colours(((1, 1),))
    with pytest.raises(ValueError):
        swap_colours(((1, 2, 3),))


@PROPERTY
@given(grids(max_side=5))
def test_swapping_twice_gives_the_grid_back(grid):
    if len({value for row in grid for value in row}) == 2:
        assert swap_colours(swap_colours(grid)) == grid
    else:
        with pytest.raises(ValueError):
            swap_colours(grid)


# ---------------------------------------------------------------- grids from counts

def test_foreground_row_lists_the_drawn_cells_in_reading_order_example_of_d631b094():
    assert foreground_row(((0, 8, 0), (8, 8, 0), (8, 0, 0))) == ((8, 8, 8, 8),)
    assert foreground_row(((0, 1, 2), (3, 0, 0))) == ((1, 2, 3),)


def test_foreground_row_rejects_blank_grids_and_rows_longer_than_a_grid():
    with pytest.raises(ValueError):
        foreground_row(((0, 0),))
    with pytest.raises(ValueError):
        foreground_row(((1,) * 16, (2,) * 16))


@PROPERTY
@given(grids(max_side=5))
def test_foreground_row_keeps_every_drawn_cell(grid):
    drawn = sorted(value for row in grid for value in row if value)
    if drawn:
        assert sorted(foreground_row(grid)[0]) == drawn
    else:
        with pytest.raises(ValueError):
            foreground_row(grid)


def test_colours_by_count_ranks_colours_and_skips_the_dominant_ones():
    # 1 fills the picture, the rare colours are ranked below it (f8b3ba0a).
    grid = ((1, 1, 0, 4), (1, 1, 0, 4), (2, 1, 0, 3), (2, 1, 0, 4))
    assert colours_by_count(grid, 0) == ((1,), (4,), (2,), (3,))
    assert colours_by_count(grid, 1) == ((4,), (2,), (3,))


def test_colours_by_count_breaks_ties_towards_the_lowest_colour():
    assert colours_by_count(((3, 1, 0, 2),), 0) == ((1,), (2,), (3,))


@pytest.mark.parametrize("grid, skip", [(((0, 0),), 0), (((1, 2),), 2), (((1, 2),), -1)])
def test_colours_by_count_needs_a_colour_left(grid, skip):
    with pytest.raises(ValueError):
        colours_by_count(grid, skip)


def test_colour_bars_hangs_a_bar_per_colour_example_of_9af7a82c():
    grid = ((2, 2, 1), (2, 3, 1), (1, 1, 1))
    assert colour_bars(grid) == ((1, 2, 3), (1, 2, 0), (1, 2, 0), (1, 0, 0), (1, 0, 0))


@PROPERTY
@given(grids(max_side=5))
def test_colour_bars_columns_count_their_colour(grid):
    counts = {}
    for row in grid:
        for value in row:
            if value:
                counts[value] = counts.get(value, 0) + 1
    if not counts:
        with pytest.raises(ValueError):
            colour_bars(grid)
        return
    bars = colour_bars(grid)
    assert len(bars) == max(counts.values())
    for column in zip(*bars):
        assert column.count(0) + column.count(column[0]) == len(column)
        assert column.count(column[0]) == counts[column[0]]
        assert column == (column[0],) * counts[column[0]] + (0,) * column.count(0)
    assert [column[0] for column in zip(*bars)] == [c for c, in colours_by_count(grid, 0)]


def test_colour_bars_rejects_a_bar_taller_than_a_grid():
    with pytest.raises(ValueError):
        colour_bars(((1,) * 16, (1,) * 16))


def test_objects_diagonal_has_a_cell_per_object_example_of_d0f5fe59():
    grid = ((8, 8, 0, 0, 0),
            (0, 8, 0, 0, 8),
            (0, 0, 0, 8, 0),
            (8, 0, 0, 0, 0))
    assert objects_diagonal(grid) == ((8, 0, 0), (0, 8, 0), (0, 0, 8))


def test_objects_diagonal_counts_colours_apart_and_paints_the_most_common():
    grid = ((1, 2, 0), (0, 0, 0), (0, 2, 0))
    assert objects_diagonal(grid) == ((2, 0, 0), (0, 2, 0), (0, 0, 2))
    with pytest.raises(ValueError):
        objects_diagonal(((0, 0),))


def test_most_common_object_picks_the_drawing_seen_most_example_of_39a8645d():
    cross = ((0, 4, 0), (4, 4, 4), (0, 4, 0))
    blank = ((0,) * 3,)
    grid = (cross[0] + (0,) + cross[0], cross[1] + (0,) + cross[1], cross[2] + (0,) + cross[2],
            blank[0] + (0,) + blank[0],
            (0, 0, 0, 0, 2, 2, 0), (0, 0, 0, 0, 0, 2, 0))
    assert most_common_object(grid) == cross


def test_most_common_object_tells_touching_colours_apart():
    # A 1 touching a 2 at a corner is two objects, so the 1s are the most common.
    grid = ((1, 0, 0, 0), (0, 2, 0, 1), (0, 0, 0, 0), (1, 0, 0, 0))
    assert most_common_object(grid) == ((1,),)


def test_most_common_object_needs_a_single_winner():
    with pytest.raises(ValueError):
        most_common_object(((1, 0, 2),))
    with pytest.raises(ValueError):
        most_common_object(((0, 0),))


def test_repeating_tile_undoes_tiling_across_or_down_example_of_7b7f7511():
    assert repeating_tile(((4, 4, 4, 4, 4, 4), (6, 4, 8, 6, 4, 8))) == ((4, 4, 4), (6, 4, 8))
    assert repeating_tile(((2, 3), (3, 2), (2, 3), (3, 2))) == ((2, 3), (3, 2))


def test_repeating_tile_needs_whole_repeats():
    with pytest.raises(ValueError):
        repeating_tile(((1, 2, 1),))
    with pytest.raises(ValueError):
        repeating_tile(((1, 2), (3, 4)))


@PROPERTY
@given(grids(max_side=4), st.integers(1, 3), st.integers(1, 3))
def test_repeating_tile_of_a_tiling_tiles_back_to_it(grid, rows, columns):
    tiled = tile(grid, rows, columns)
    if tiled == grid:
        return
    unit = repeating_tile(tiled)
    assert len(grid) % len(unit) == 0 and len(grid[0]) % len(unit[0]) == 0
    assert tile(unit, len(tiled) // len(unit), len(tiled[0]) // len(unit[0])) == tiled


# Primitive name -> sample arguments, read by tests/dsl/test_signatures.py.
SAMPLE_ARGS: dict = {
    "split_at_lines": (SEPARATED,),
    "split_squares": (((1, 2, 3, 4),),),
    "part_colours": (SEPARATED,),
    "odd_one_out": ((LEFT, LEFT, RIGHT),),
    "underlay": ((LEFT, RIGHT),),
    "grids_and": ((LEFT, RIGHT), 2),
    "grids_or": ((LEFT, RIGHT), 2),
    "grids_xor": ((LEFT, RIGHT), 2),
    "grids_nor": ((LEFT, RIGHT), 2),
    "kronecker": (LEFT, RIGHT),
    "fractal": (LEFT, 1),
    "rotation_quad": (((1, 2), (3, 4)),),
    "collapse_repeats": (((1, 1, 2),),),
    "crop_object_with_most": (SEPARATED, 1),
    "uncover": (((1, 2, 2, 1), (3, 4, 0, 3)), 0),
    "num_foreground_colours": (SEPARATED,),
    "objects_as_grids": (((1, 0, 2),),),
    "symmetric_one": ((LEFT, ((1, 0, 1),)),),
    "asymmetric_one": ((LEFT, ((1, 0, 1),)),),
    "crop_marked_object": (((0, 5, 0), (1, 1, 0)), 5),
    "frame_interior": (((2, 2, 2), (2, 7, 2), (2, 2, 2)),),
    "fold_left_right": (SEPARATED,),
    "swap_colours": (LEFT,),
}

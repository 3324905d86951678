"""Tests for tasks.dsl.painting: examples for every primitive, properties, budgets."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.colour import black_or_most_common
from tasks.dsl.painting import (
    connect_same_colour, connect_same_colour_diagonal, fill_enclosed, flood_from_colour, gravity,
    recolour_by_size, recolour_by_size_rank, recolour_enclosing, recolour_far_half,
    recolour_interiors, remove_isolated, stamp_by_colour, stamp_by_shape, surround_shapes_of_size)
from tasks.dsl.rays import (
    extend_line_ends, extend_to_largest, fill_single_gaps, rays_from_open_corners, shoot_from_shapes,
    step_towards)
from tests.dsl.strategies import sparse_grids

PROPERTY = settings(max_examples=40, deadline=None)

UP, DOWN, LEFT, RIGHT = (-1, 0), (1, 0), (0, -1), (0, 1)
UP_LEFT, DOWN_RIGHT = (-1, -1), (1, 1)


def parse(text: str) -> tuple:
    """A grid from rows of digits, '.' for 0: how ARC grids are easiest to read."""
    return tuple(tuple(0 if ch == "." else int(ch) for ch in line.strip())
                 for line in text.strip().splitlines())


RING = parse("""
    ......
    .111..
    .1.1..
    .111..
    ......
""")

# A 2 with red corners around it, as ARC's "stamp" tasks draw them.
STAMP_SAMPLE = (parse("""
    .....
    .2...
    .....
    ....."""), parse("""
    4.4..
    .2...
    4.4..
    ....."""))

# A hollow 3x3 square of 1 becomes a plus of 2, as in 6c434453.
RING_TO_PLUS = (parse("""
    .....
    .111.
    .1.1.
    .111.
    ....."""), parse("""
    .....
    ..2..
    .222.
    ..2..
    ....."""))

SIZE_SAMPLE = (parse("""
    5.55..
    ......
    555...
    ......"""), parse("""
    3.22..
    ......
    111...
    ......"""))

# Primitive name -> sample arguments, read by tests/dsl/test_signatures.py.
SAMPLE_ARGS: dict = {
    "gravity": (RING, DOWN),
    "flood_from_colour": (RING, 1),
    "recolour_far_half": (parse("1.\n1.\n1."), 8, DOWN),
    "surround_shapes_of_size": (parse("....\n.22.\n...."), 2, 3),
    "stamp_by_shape": ((RING_TO_PLUS,), RING),
    "connect_same_colour": (parse("2..2\n....\n...."),),
    "connect_same_colour_diagonal": (parse("3...\n....\n..3.\n...."),),
    "fill_enclosed": (RING, 4),
    "recolour_interiors": (parse("555.\n555.\n555.\n...."), 2),
    "recolour_enclosing": (RING, 8),
    "remove_isolated": (parse("11..\n11.3\n...."),),
    "stamp_by_colour": ((STAMP_SAMPLE,), parse("....\n..2.\n....")),
    "recolour_by_size": ((SIZE_SAMPLE,), parse("55.5\n....\n....")),
    "recolour_by_size_rank": ((SIZE_SAMPLE,), parse("55.5\n....\n....")),
}


# ---------------------------------------------------------------- gravity

def test_gravity_stacks_cells_against_the_side_in_their_order():
    grid = parse("""
        .4.9
        ....
        .46.
        1...""")
    assert gravity(grid, DOWN) == parse("""
        ....
        ....
        .4..
        1469""")
    assert gravity(grid, LEFT) == parse("""
        49..
        ....
        46..
        1...""")
    assert gravity(grid, UP) == parse("""
        1469
        .4..
        ....
        ....""")


def test_gravity_fills_a_gap_under_a_hanging_shape():
    # 3906de3d: the red bar rises into the notch of the blue shape hanging from the top.
    grid = parse("""
        .111.
        .1.1.
        .....
        ..2..
        ..2..""")
    assert gravity(grid, UP) == parse("""
        .111.
        .121.
        ..2..
        .....
        .....""")


def test_gravity_takes_only_the_four_steps():
    with pytest.raises(ValueError):
        gravity(RING, (1, 1))
    with pytest.raises(ValueError):
        gravity(RING, (0, 2))


@PROPERTY
@given(sparse_grids(), st.sampled_from([UP, DOWN, LEFT, RIGHT]))
def test_gravity_keeps_every_colour_and_is_idempotent(grid, direction):
    fallen = gravity(grid, direction)
    assert Counter(v for row in fallen for v in row) == Counter(v for row in grid for v in row)
    assert gravity(fallen, direction) == fallen


# ---------------------------------------------------------------- connecting cells

def test_connect_same_colour_joins_facing_cells_of_one_colour():
    grid = parse("""
        3....3
        ......
        1...2.
        ......""")
    assert connect_same_colour(grid) == parse("""
        333333
        ......
        1...2.
        ......""")


def test_connect_same_colour_stops_at_a_cell_of_another_colour():
    assert connect_same_colour(parse("2.5.2\n.....")) == parse("2.5.2\n.....")


def test_connect_same_colour_draws_columns_over_rows():
    # 40853293: where a vertical and a horizontal join cross, the vertical one shows.
    grid = parse("""
        ..2..
        .....
        3...3
        .....
        ..2..""")
    assert connect_same_colour(grid) == parse("""
        ..2..
        ..2..
        33233
        ..2..
        ..2..""")


def test_connect_same_colour_diagonal_joins_both_diagonals():
    grid = parse("""
        6...4
        .....
        .....
        .....
        4...6""")
    joined = connect_same_colour_diagonal(grid)
    assert joined[1] == (0, 6, 0, 4, 0)
    assert joined[2][2] == 4  # the later diagonal crosses on top
    assert connect_same_colour_diagonal(parse("6...\n....\n....")) == parse("6...\n....\n....")


def _between(line: list, index: int, colour: int) -> bool:
    return colour in line[:index] and colour in line[index + 1:]


@PROPERTY
@given(sparse_grids())
def test_connect_same_colour_paints_only_background_between_two_cells_of_the_colour(grid):
    joined = connect_same_colour(grid)
    background = black_or_most_common(grid)  # black when there is any (hypothesis found ((1, 2, 1, 2),))
    for r, (row, new_row) in enumerate(zip(grid, joined)):
        for c, (old, new) in enumerate(zip(row, new_row)):
            if old != new:
                column = [line[c] for line in grid]
                assert old == background and (_between(list(row), c, new) or _between(column, r, new))


# ---------------------------------------------------------------- regions and interiors

def test_fill_enclosed_fills_holes_but_not_what_reaches_the_border():
    grid = parse("""
        ......
        .1111.
        .1..1.
        .1111.
        .1.1..
        .1.1..""")
    assert fill_enclosed(grid, 4) == parse("""
        ......
        .1111.
        .1441.
        .1111.
        .1.1..
        .1.1..""")


def test_fill_enclosed_needs_an_enclosed_region_and_a_colour():
    with pytest.raises(ValueError):
        fill_enclosed(parse("1...\n....\n...."), 4)
    with pytest.raises(ValueError):
        fill_enclosed(RING, 10)


def test_recolour_interiors_keeps_rims():
    grid = parse("""
        .....
        .555.
        .555.
        .555.
        .....""")
    assert recolour_interiors(grid, 2)[2] == (0, 5, 2, 5, 0)
    assert recolour_interiors(grid, 0)[2] == (0, 5, 0, 5, 0)  # hollowed out


def test_recolour_interiors_treats_black_as_background_even_when_outnumbered():
    # bb43febb's test grid has more grey than black: black is still the background.
    grid = parse("""
        5555
        5555
        5555
        ....""")
    assert recolour_interiors(grid, 2) == parse("5555\n5225\n5555\n....")


def test_recolour_interiors_needs_a_shape_with_an_inside():
    with pytest.raises(ValueError):
        recolour_interiors(RING, 2)


def test_recolour_enclosing_recolours_closed_shapes_only():
    grid = parse("""
        .......
        .111.1.
        .1.1.1.
        .111.11
        .......""")
    assert recolour_enclosing(grid, 8) == parse("""
        .......
        .888.1.
        .8.8.1.
        .888.11
        .......""")
    with pytest.raises(ValueError):
        recolour_enclosing(parse(".1.\n.1.\n..."), 8)


def test_recolour_enclosing_ignores_a_hole_shared_by_two_shapes():
    grid = parse("""
        .......
        .1112..
        .1..2..
        .1112..
        .......""")
    with pytest.raises(ValueError):
        recolour_enclosing(grid, 8)


def test_remove_isolated_keeps_cells_touching_their_colour_even_diagonally():
    grid = parse("""
        8....
        .8..8
        .....
        ..3..""")
    assert remove_isolated(grid) == parse("""
        8....
        .8...
        .....
        .....""")
    with pytest.raises(ValueError):
        remove_isolated(parse("11\n11"))


# ---------------------------------------------------------------- rays

def test_extend_to_largest_draws_facing_cells_up_to_the_shape():
    # d43fd935: cells in line with the green block reach out to it; others stay.
    grid = parse("""
        1.........
        ..33....1.
        ..33......
        ..........
        ..6.......
        .....7....""")
    assert extend_to_largest(grid) == parse("""
        1.........
        ..3311111.
        ..33......
        ..6.......
        ..6.......
        .....7....""")


def test_extend_to_largest_is_blocked_by_other_cells():
    grid = parse("""
        33...5.1
        33......""")
    # The 5 reaches the block; the 1 behind it is blocked by the 5 and draws nothing.
    assert extend_to_largest(grid) == parse("""
        335555.1
        33......""")


def test_extend_to_largest_needs_a_unique_largest_shape():
    with pytest.raises(ValueError):
        extend_to_largest(parse("11..\n....\n..22"))
    with pytest.raises(ValueError):
        extend_to_largest(parse("11..\n11..\n...."))


# ---------------------------------------------------------------- rules learned from samples

def test_stamp_by_colour_draws_what_the_samples_draw_around_each_colour():
    grid = parse("""
        ......
        ..2...
        ......
        ....2.
        ......""")
    assert stamp_by_colour((STAMP_SAMPLE,), grid) == parse("""
        .4.4..
        ..2...
        .4.4.4
        ....2.
        ...4.4""")


def test_stamp_by_colour_stamps_only_what_every_sample_agrees_on():
    # Around 1 the samples once draw 7 above and once nothing: no stamp above.
    first = (parse("...\n.1.\n..."), parse(".7.\n.17\n..."))
    second = (parse("...\n.1.\n..."), parse("...\n.17\n..."))
    assert stamp_by_colour((first, second), parse("....\n.1..\n....")) == parse("....\n.17.\n....")


def test_stamp_by_colour_may_remove_the_centre():
    sample = (parse("...\n.2.\n..."), parse("3.6\n...\n8.7"))
    assert stamp_by_colour((sample,), parse("....\n..2.\n....")) == parse(".3.6\n....\n.8.7")


def test_stamp_by_colour_refuses_when_there_is_nothing_to_stamp():
    unchanged = (parse("...\n.2.\n..."), parse("...\n.2.\n..."))
    with pytest.raises(ValueError):
        stamp_by_colour((unchanged,), parse("....\n.2..\n...."))
    with pytest.raises(ValueError):
        stamp_by_colour((STAMP_SAMPLE,), parse("....\n.5..\n...."))  # no stamp for 5
    with pytest.raises(ValueError):
        stamp_by_colour(((parse("12"), parse("1")),), RING)  # no sample keeps its shape


def test_recolour_by_size_learns_size_to_colour_and_takes_the_nearest_size():
    grid = parse("""
        5.55.5555
        .........
        55.......""")
    assert recolour_by_size((SIZE_SAMPLE,), grid) == parse("""
        3.22.1111
        .........
        22.......""")


def test_recolour_by_size_recolours_background_regions_too():
    # e8593010: grey covers the grid and the black holes are what gets recoloured.
    sample = (parse("5.55\n5555\n55.5"), parse("5355\n5555\n5535"))
    assert recolour_by_size((sample,), parse("55.5\n.555")) == parse("5535\n3555")


def test_recolour_by_size_keys_on_colour_and_leaves_unknown_colours():
    # c0f76784: holes are filled by their size, the black around them stays black, and
    # the grey rings, which the samples never recolour, stay grey.
    sample = (parse("""
        .......
        .555...
        .5.5...
        .555...
        ......."""), parse("""
        .......
        .555...
        .565...
        .555...
        ......."""))
    grid = parse("""
        ........
        .555.22.
        .5.5.22.
        .555....
        ........""")
    assert recolour_by_size((sample,), grid) == parse("""
        ........
        .555.22.
        .565.22.
        .555....
        ........""")


def test_recolour_by_size_refuses_samples_that_split_a_size():
    split = (parse("1.1\n...\n..."), parse("2.3\n...\n..."))
    with pytest.raises(ValueError):
        recolour_by_size((split,), parse("1..\n...\n..."))


def test_recolour_by_size_rank_follows_rank_not_size():
    bars = (parse("5.5.5\n5.5..\n5...."), parse("1.2.3\n1.2..\n1...."))
    assert recolour_by_size_rank((bars,), parse("5.5.5\n5.5.5\n5.5..\n5....")) == \
        parse("1.2.3\n1.2.3\n1.2..\n1....")


def test_learned_rules_see_the_samples_they_are_given():
    # The learned table is cached by the samples' identity; other samples, another table.
    grid = parse("....\n.2..\n....")
    other = (parse("...\n.2.\n..."), parse(".9.\n.2.\n..."))
    assert stamp_by_colour((STAMP_SAMPLE,), grid)[0][0] == 4
    assert stamp_by_colour((other,), grid)[0][1] == 9
    assert stamp_by_colour((STAMP_SAMPLE,), grid)[0][1] == 0


def test_learned_rules_stay_right_past_the_cache_limit():
    grid = parse("....\n.2..\n....")
    for colour in list(range(1, 10)) * 10:  # many more sample sets than the cache keeps
        sample = (parse("...\n.2.\n..."), ((0, colour, 0), (0, 2, 0), (0, 0, 0)))
        assert stamp_by_colour((sample,), grid)[0][1] == colour


# ---------------------------------------------------------------- budgets

def test_learning_counts_its_samples_against_the_step_budget():
    samples = (STAMP_SAMPLE,) * 50
    with active(Budget(max_steps=10)):
        with pytest.raises(BudgetExceeded):
            stamp_by_colour(samples, parse("....\n.2..\n...."))


def test_recolouring_checks_the_item_budget():
    many = parse("5.5.5.5.5\n.........\n5.5.5.5.5")
    with active(Budget(max_items=3)):
        with pytest.raises(BudgetExceeded):
            recolour_by_size((SIZE_SAMPLE,), many)


# ---------------------------------------------------------------- stepping towards a colour

def test_step_towards_moves_each_cell_one_step_to_its_nearest_target():
    # dc433765: the green cell steps diagonally, then straight, towards the yellow one.
    assert step_towards(parse("3..\n...\n..4"), 3, 4) == parse("...\n.3.\n..4")
    assert step_towards(parse("3...4\n....."), 3, 4) == parse(".3..4\n.....")
    grid = parse("""
        4.....
        ......
        ..3..3
        ......
        .....4""")
    assert step_towards(grid, 3, 4) == parse("""
        4.....
        .3....
        ......
        .....3
        .....4""")


def test_step_towards_never_steps_onto_another_cell():
    # Next to its target, or facing another colour, a cell stays put.
    assert step_towards(parse("3.4\n34.\n..."), 3, 4) == parse(".34\n34.\n...")
    with pytest.raises(ValueError):
        step_towards(parse("34\n.."), 3, 4)
    with pytest.raises(ValueError):
        step_towards(parse("3.\n.."), 3, 4)  # no target
    with pytest.raises(ValueError):
        step_towards(parse("3.4"), 3, 3)


# ---------------------------------------------------------------- one-cell gaps

def test_fill_single_gaps_fills_only_one_cell_gaps_along_the_direction():
    # a699fb00: gaps in rows of blue dots turn red; a column gap is left alone for RIGHT.
    grid = parse("""
        1.1.1..1
        ........
        1.....2.
        ......2.""")
    assert fill_single_gaps(grid, 2, RIGHT) == parse("""
        12121..1
        ........
        1.....2.
        ......2.""")
    assert fill_single_gaps(grid, 5, DOWN) == parse("""
        1.1.1..1
        5.......
        1.....2.
        ......2.""")
    assert fill_single_gaps(grid, 2, RIGHT) == fill_single_gaps(grid, 2, LEFT)


def test_fill_single_gaps_along_a_diagonal_and_refusing_mixed_colours():
    assert fill_single_gaps(parse("3..\n...\n..3"), 4, DOWN_RIGHT) == parse("3..\n.4.\n..3")
    with pytest.raises(ValueError):
        fill_single_gaps(parse("1.2\n..."), 4, RIGHT)
    with pytest.raises(ValueError):
        fill_single_gaps(parse("1.1"), 4, (0, 2))


@PROPERTY
@given(sparse_grids(), st.sampled_from([RIGHT, DOWN, DOWN_RIGHT]), st.integers(4, 9))
def test_fill_single_gaps_changes_only_background_between_two_equal_cells(grid, direction, colour):
    try:
        filled = fill_single_gaps(grid, colour, direction)
    except ValueError:
        return
    background = black_or_most_common(grid)
    dr, dc = direction
    for r, (row, new_row) in enumerate(zip(grid, filled)):
        for c, (old, new) in enumerate(zip(row, new_row)):
            if old != new:
                assert old == background and new == colour
                assert grid[r - dr][c - dc] == grid[r + dr][c + dc] != background


# ---------------------------------------------------------------- flooding from a colour

def test_flood_from_colour_fills_the_regions_the_colour_touches():
    # 9edfc990: black regions holding a blue cell turn blue; others stay black.
    grid = parse("""
        ..5..
        1.5..
        555..
        ...5.
        ..5.1""")
    assert flood_from_colour(grid, 1) == parse("""
        11511
        11511
        55511
        ...51
        ..511""")


def test_flood_from_colour_ignores_a_corner_touch_and_needs_the_colour():
    with pytest.raises(ValueError):
        flood_from_colour(parse("1.\n.."), 2)
    with pytest.raises(ValueError):
        flood_from_colour(parse("15.\n5.."), 1)  # the blue cell meets black at a corner only
    assert flood_from_colour(parse("1.5\n.5.\n5.."), 1) == parse("115\n15.\n5..")


# ---------------------------------------------------------------- far halves

def test_recolour_far_half_leaves_an_odd_middle():
    # ce9e57f2: the lower half of each bar turns blue-grey; an odd bar keeps its middle.
    grid = parse("""
        1.....
        1.2...
        1.2.3.
        1.2.3.""")
    assert recolour_far_half(grid, 8, DOWN) == parse("""
        1.....
        1.2...
        8.2.3.
        8.8.8.""")
    assert recolour_far_half(parse("444.\n...."), 7, LEFT) == parse("744.\n....")


def test_recolour_far_half_needs_a_straight_direction_and_a_half():
    with pytest.raises(ValueError):
        recolour_far_half(RING, 8, DOWN_RIGHT)
    with pytest.raises(ValueError):
        recolour_far_half(parse("1.\n.."), 8, DOWN)  # one cell has no half past its middle


# ---------------------------------------------------------------- halos by size

def test_surround_shapes_of_size_halos_only_shapes_of_that_size():
    # b27ca6d3: the red pairs get a green frame; single red cells do not.
    grid = parse("""
        ......
        .2....
        .2..2.
        ......""")
    assert surround_shapes_of_size(grid, 2, 3) == parse("""
        333...
        323...
        323.2.
        333...""")


def test_surround_shapes_of_size_paints_background_only():
    grid = parse("""
        .....
        .11..
        ..5..""")
    assert surround_shapes_of_size(grid, 2, 4) == parse("""
        4444.
        4114.
        4454.""")
    with pytest.raises(ValueError):
        surround_shapes_of_size(grid, 3, 4)
    with pytest.raises(ValueError):
        surround_shapes_of_size(grid, 0, 4)


# ---------------------------------------------------------------- line ends and shots

def test_extend_line_ends_grows_tails_and_lines_to_the_border():
    # 7ddcd7ec: a cell hanging off a block's corner draws a diagonal on away from it.
    grid = parse("""
        ......
        .33...
        .33...
        ...3..
        ......
        ......""")
    assert extend_line_ends(grid) == parse("""
        ......
        .33...
        .33...
        ...3..
        ....3.
        .....3""")
    assert extend_line_ends(parse("....\n.22.\n....")) == parse("....\n2222\n....")


def test_extend_line_ends_stops_at_other_cells_and_needs_an_end():
    assert extend_line_ends(parse("11..5.")) == parse("11115.")
    with pytest.raises(ValueError):
        extend_line_ends(parse("11\n11"))


def test_shoot_from_shapes_shoots_from_the_furthest_cells():
    # 5c0a986e: a blue block sends a diagonal off its top-left corner only.
    block = parse("""
        .....
        .....
        ..11.
        ..11.
        .....""")
    assert shoot_from_shapes(block, 1, UP_LEFT) == parse("""
        1....
        .1...
        ..11.
        ..11.
        .....""")
    assert shoot_from_shapes(block, 1, DOWN) == parse("""
        .....
        .....
        ..11.
        ..11.
        ..11.""")


def test_shoot_from_shapes_stops_at_other_cells_and_needs_the_colour():
    assert shoot_from_shapes(parse("1..2.."), 1, RIGHT) == parse("1112..")
    with pytest.raises(ValueError):
        shoot_from_shapes(parse("1..2.."), 3, RIGHT)
    with pytest.raises(ValueError):
        shoot_from_shapes(parse("1..2.."), 1, LEFT)  # no room
    with pytest.raises(ValueError):
        shoot_from_shapes(parse("1..2.."), 1, (0, 2))


def test_rays_from_open_corners_leave_each_l_through_its_gap():
    # 6e19193c: each L shoots a diagonal out of the corner its box leaves empty.
    grid = parse("""
        .......
        .......
        .7...99
        .77...9
        .......
        .......""")
    assert rays_from_open_corners(grid) == parse("""
        ....7..
        ...7...
        .7...99
        .77...9
        ....9..
        ...9...""")


def test_rays_from_open_corners_skip_full_boxes_and_lines():
    grid = parse("....\n.22.\n.22.\n....\n3333")
    assert rays_from_open_corners(grid) == grid


# ---------------------------------------------------------------- stamps by shape

def test_stamp_by_shape_redraws_shapes_of_the_learned_form():
    # 6c434453: hollow squares become pluses; a plus of the same colour stays as it is.
    grid = parse("""
        111....
        1.1..1.
        111.111
        .....1.""")
    assert stamp_by_shape((RING_TO_PLUS,), grid) == parse("""
        .2.....
        222..1.
        .2..111
        .....1.""")


def test_stamp_by_shape_marks_around_each_shape_and_keys_on_colour():
    # 95990924: the samples mark the four corners around a grey block.
    sample = (parse("....\n.55.\n.55.\n...."), parse("1..2\n.55.\n.55.\n3..4"))
    grid = parse("""
        ......
        ......
        ..55..
        ..55..
        ......
        88....
        88....""")
    assert stamp_by_shape((sample,), grid) == parse("""
        ......
        .1..2.
        ..55..
        ..55..
        .3..4.
        88....
        88....""")


def test_stamp_by_shape_stamps_only_what_every_sample_agrees_on():
    first = (parse("...\n.1.\n..."), parse(".7.\n.1.\n.6."))
    second = (parse("...\n.1.\n..."), parse("...\n.1.\n.6."))
    assert stamp_by_shape((first, second), parse("...\n.1.\n...\n...")) == parse("...\n.1.\n.6.\n...")
    with pytest.raises(ValueError):
        stamp_by_shape((first,), parse("...\n.11\n..."))  # a form the samples never show
    with pytest.raises(ValueError):
        stamp_by_shape(((RING, RING),), RING)  # samples that change nothing


def test_stamp_by_shape_counts_its_learning_against_the_step_budget():
    with active(Budget(max_steps=5)):
        with pytest.raises(BudgetExceeded):
            stamp_by_shape((RING_TO_PLUS,) * 20, RING)


def test_step_towards_checks_the_item_budget():
    grid = parse("3333\n....\n4444")
    with active(Budget(max_items=10)):
        with pytest.raises(BudgetExceeded):
            step_towards(grid, 3, 4)

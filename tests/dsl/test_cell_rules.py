"""Tests for tasks.dsl.cell_rules: rules of cell colours learned from the samples."""

import pytest

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.cell_rules import (
    FEATURE_CHOICES, FEATURES, _learn_cell_rule, _table, cell_features, paint_by_cell_rule)


def parse(text: str) -> tuple:
    """A grid from rows of digits, '.' for 0."""
    return tuple(tuple(0 if ch == "." else int(ch) for ch in line.strip())
                 for line in text.strip().splitlines())


# Background between two cells of one colour on a row takes 4; everything else stays.
BETWEEN = (
    (parse("2..2.\n..2..\n3...."), parse("2442.\n..2..\n3....")),
    (parse(".....\n3.3..\n...3."), parse(".....\n343..\n...3.")),
    (parse("2.3..\n.....\n2..2."), parse("2.3..\n.....\n2442.")),
)

# A cross of 1 around every 5.
CROSS = (
    (parse("...\n.5.\n..."), parse(".1.\n151\n.1.")),
    (parse("5..\n...\n..."), parse("51.\n1..\n...")),
)

SAMPLE_ARGS: dict = {
    "paint_by_cell_rule": (CROSS, parse("....\n..5.\n....")),
}


def test_features_are_listed_in_the_order_cells_hold_them():
    (colour, features), = cell_features(((7,),))[0]
    assert colour == 7 and len(features) == len(FEATURES)
    assert len(FEATURE_CHOICES) == 1 + len(FEATURES) + len(FEATURES) * (len(FEATURES) - 1) // 2


def test_a_neighbour_rule_is_learned_and_drawn_on_a_new_grid():
    assert paint_by_cell_rule(CROSS, parse("....\n..5.\n....")) == parse("..1.\n.151\n..1.")


def test_cells_between_two_of_one_colour_are_filled_and_others_stay():
    grid = parse("2.2...\n..3...\n3..3.3")
    assert paint_by_cell_rule(BETWEEN, grid) == parse("242...\n..3...\n344343")


def test_the_rule_with_fewest_entries_wins():
    # The exact eight neighbours also tell BETWEEN's outputs apart, with many more entries
    # that a new grid would seldom match; "between left and right" generalises.
    chosen, table, changed = _learn_cell_rule(BETWEEN)
    assert changed == {0}
    assert [FEATURES[i] for i in chosen] == ["colour seen both left and right"]
    described = [(cell_features(grid_in), grid_out) for grid_in, grid_out in BETWEEN]
    exact = _table(described, (FEATURES.index("eight neighbours"),))
    assert exact is not None and len(exact) > 4 * len(table)


def test_colours_the_samples_never_show_keep_their_colour():
    # 8 is a neighbour like any other colour, but no rule tells what an 8 becomes.
    assert paint_by_cell_rule(CROSS, parse("5...\n....\n...8")) == parse("51..\n1..1\n..18")


def test_samples_that_contradict_themselves_teach_no_rule():
    grid = parse("...\n.5.\n...")
    clash = ((grid, parse(".1.\n151\n.1.")), (grid, parse(".2.\n252\n.2.")))
    with pytest.raises(ValueError, match="no rule"):
        paint_by_cell_rule(clash, grid)


def test_a_rule_that_changes_nothing_here_is_refused():
    with pytest.raises(ValueError, match="changes nothing"):
        paint_by_cell_rule(CROSS, parse("...\n...\n..."))
    with pytest.raises(ValueError, match="changes nothing"):  # no colour the rule changes
        paint_by_cell_rule(CROSS, parse("58\n88"))


def test_samples_that_change_nothing_teach_no_rule():
    still = ((parse("1.\n.."), parse("1.\n..")),)
    with pytest.raises(ValueError, match="no rule"):
        paint_by_cell_rule(still, parse("1.\n.."))


def test_learning_counts_against_the_step_budget():
    with active(Budget(max_steps=10)):
        with pytest.raises(BudgetExceeded):
            paint_by_cell_rule(BETWEEN * 3, parse("2..2\n...."))


def test_large_grids_check_the_item_budget():
    paint_by_cell_rule(CROSS, parse("5....\n....."))
    with active(Budget(max_items=8)):
        with pytest.raises(BudgetExceeded):
            # described before or not, a grid counts against the budget alike
            paint_by_cell_rule(CROSS, parse("5....\n....."))

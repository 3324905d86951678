"""Tests for tasks.dsl.repair: repairing by symmetry and by period, budgets, signatures."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.repair import repair_period, repair_symmetry
from tasks.dsl.tiling import mirror_quad, tile

PROPERTY = settings(max_examples=60, deadline=None)

G = ((1, 2, 3),
     (4, 5, 6))


# ---------------------------------------------------------------- repairing damaged patterns

def test_repair_symmetry_left_right_and_top_bottom():
    damaged = ((1, 2, 2, 1),
               (3, 0, 4, 3),
               (3, 4, 4, 0),
               (1, 2, 2, 1))
    assert repair_symmetry(damaged, 0) == ((1, 2, 2, 1), (3, 4, 4, 3), (3, 4, 4, 3), (1, 2, 2, 1))


def test_repair_symmetry_across_the_diagonal():
    damaged = ((1, 2, 3),
               (2, 5, 6),
               (0, 6, 9))
    assert repair_symmetry(damaged, 0) == ((1, 2, 3), (2, 5, 6), (3, 6, 9))


def test_repair_symmetry_with_an_off_centre_axis():
    # Symmetric about the line between columns 1 and 2; column 4 has no image.
    damaged = ((1, 2, 2, 1, 7),
               (3, 4, 0, 3, 8))
    assert repair_symmetry(damaged, 0) == ((1, 2, 2, 1, 7), (3, 4, 4, 3, 8))


def test_repair_symmetry_keeps_noise_that_has_no_intact_image():
    damaged = ((1, 0, 0, 1),
               (3, 4, 4, 3))
    assert repair_symmetry(damaged, 0) == damaged


def test_repair_symmetry_without_a_symmetry_raises():
    with pytest.raises(ValueError):
        repair_symmetry(((1, 2, 3), (4, 5, 6), (7, 8, 0)), 0)


@PROPERTY
@given(st.permutations(range(1, 10)),
       st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=3))
def test_repair_symmetry_restores_damage_to_one_quadrant(colours, damage):
    source = (tuple(colours[0:3]), tuple(colours[3:6]), tuple(colours[6:9]))
    whole = mirror_quad(source)
    rows = [list(row) for row in whole]
    for i, j in damage:
        rows[i][j] = 0
    assert repair_symmetry(tuple(map(tuple, rows)), 0) == whole


def test_repair_period_fills_from_the_tile():
    damaged = ((1, 2, 3, 1, 2, 3, 1),
               (4, 5, 6, 4, 0, 0, 4),
               (1, 2, 3, 1, 2, 3, 0))
    assert repair_period(damaged, 0) == ((1, 2, 3, 1, 2, 3, 1),
                                         (4, 5, 6, 4, 5, 6, 4),
                                         (1, 2, 3, 1, 2, 3, 1))


def test_repair_period_of_a_grid_without_repetition_changes_nothing():
    grid = ((1, 2), (3, 0))
    assert repair_period(grid, 0) == grid


@PROPERTY
@given(st.integers(1, 3), st.integers(1, 3), st.permutations(range(1, 10)),
       st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=3))
def test_repair_period_restores_a_damaged_tiling(rows, columns, colours, damage):
    source = tuple(tuple(colours[r * columns:(r + 1) * columns]) for r in range(rows))
    whole = tile(source, 3, 3)
    damaged = [list(row) for row in whole]
    for i, j in damage:
        damaged[i % len(damaged)][j % len(damaged[0])] = 0
    assert repair_period(tuple(map(tuple, damaged)), 0) == whole


def test_repair_under_a_step_budget_raises():
    with active(Budget(max_steps=2)):
        with pytest.raises(BudgetExceeded):
            repair_symmetry(mirror_quad(((1, 2), (3, 0))), 0)


# ---------------------------------------------------------------- registry, signatures, doctests

SAMPLE_ARGS = {
    "repair_symmetry": (mirror_quad(G), 0), "repair_period": (tile(G, 2, 2), 0),
}

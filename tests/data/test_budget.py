"""tasks.data.budget: the active budget is per context and restored on the way out."""

import pytest

from tasks.data.budget import Budget, BudgetExceeded, active, check_cells, enter, leave, tick


def test_enter_and_leave_nest_like_active():
    outer = enter(Budget(max_cells=100))
    try:
        check_cells(100)
        with active(Budget(max_cells=10)):
            with pytest.raises(BudgetExceeded):
                check_cells(11)
        check_cells(100)  # the outer budget is back
        with pytest.raises(BudgetExceeded):
            check_cells(101)
    finally:
        leave(outer)
    check_cells(101)  # outside any budget: the default sizes


def test_each_enter_starts_a_fresh_step_count():
    budget = Budget(max_steps=2)
    for _ in range(3):
        token = enter(budget)
        try:
            tick(2)
        finally:
            leave(token)
    token = enter(budget)
    try:
        with pytest.raises(BudgetExceeded):
            tick(3)
    finally:
        leave(token)

"""Tests for tasks.dsl.higher_order: examples for every primitive, composition laws,
value equality of built functions, the step budget, signatures."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.containers import apply, keep_if, order
from tasks.dsl.higher_order import (
    branch, call, chain, compose, fixed_point, fork, identity, left_bind, matcher, negation,
    power, right_bind)
from tasks.dsl.objects import largest, object_size, objects_single_colour
from tasks.dsl.patches import recolour

PROPERTY = settings(max_examples=60, deadline=None)

ints = st.integers(-50, 50)


def increment(n):
    return n + 1


def double(n):
    return n * 2


def subtract(a, b):
    return a - b


def is_positive(n):
    return n > 0


# ---------------------------------------------------------------- building functions

def test_identity():
    assert identity((1, 2)) == (1, 2)


def test_compose_applies_inner_first():
    assert compose(double, increment)(3) == 8
    assert compose(increment, double)(3) == 7


def test_compose_passes_every_argument_to_inner():
    assert compose(double, subtract)(5, 2) == 6


def test_chain_applies_right_to_left():
    assert chain(str, double, increment)(4) == "10"


@PROPERTY
@given(ints)
def test_composition_laws(x):
    assert compose(identity, double)(x) == compose(double, identity)(x) == double(x)
    assert chain(double, increment, abs)(x) == compose(double, compose(increment, abs))(x)
    left_nested = compose(compose(double, increment), abs)
    assert left_nested(x) == compose(double, compose(increment, abs))(x)


def test_fork_feeds_both_results_to_outer():
    assert fork(subtract, double, increment)(5) == 4
    assert fork(subtract, subtract, max)(5, 1) == -1


def test_left_and_right_bind():
    assert left_bind(subtract, 10)(3) == 7
    assert right_bind(subtract, 10)(3) == -7
    assert left_bind(recolour, frozenset({(0, 0)}))(4) == frozenset({(4, (0, 0))})
    assert right_bind(recolour, 4)(frozenset({(0, 0)})) == frozenset({(4, (0, 0))})


def test_binding_leaves_the_other_arguments_open():
    def three(a, b, c):
        return (a, b, c)
    assert left_bind(three, 1)(2, 3) == (1, 2, 3)
    assert right_bind(three, 3)(1, 2) == (1, 2, 3)


def test_matcher_and_negation():
    is_three_long = matcher(len, 3)
    assert is_three_long((1, 2, 3)) is True
    assert is_three_long(()) is False
    assert negation(is_positive)(-1) is True
    assert negation(is_positive)(1) is False


@PROPERTY
@given(ints)
def test_negation_twice_is_the_predicate(x):
    assert negation(negation(is_positive))(x) == is_positive(x)


def test_branch():
    assert branch(True, "then", "else") == "then"
    assert branch(False, "then", "else") == "else"
    assert branch(0, "then", "else") == "else"


def test_call():
    assert call(double, 4) == 8
    assert call(left_bind(subtract, 1), 3) == -2


def test_built_functions_are_values():
    assert compose(double, increment) == compose(double, increment)
    assert hash(fork(subtract, double, abs)) == hash(fork(subtract, double, abs))
    assert compose(double, increment) != compose(increment, double)
    assert len({left_bind(subtract, 1), left_bind(subtract, 1), right_bind(subtract, 1)}) == 2


def test_built_functions_print_as_program_text():
    assert repr(compose(double, increment)) == "compose(double, increment)"
    assert repr(right_bind(recolour, 4)) == "right_bind(recolour, 4)"
    assert repr(power(compose(double, abs), 3)) == "power(compose(double, abs), 3)"


def test_built_functions_work_with_containers():
    grid = ((1, 0, 2),
            (1, 0, 0))
    objs = objects_single_colour(grid)
    assert order(objs, object_size)[-1] == largest(objs)
    assert apply((1, 2, 3), compose(double, increment)) == (4, 6, 8)
    assert keep_if((-1, 2, -3), negation(is_positive)) == (-1, -3)


# ---------------------------------------------------------------- iteration

def test_power_applies_n_times():
    assert power(double, 0)(3) == 3
    assert power(double, 5)(1) == 32
    with pytest.raises(ValueError):
        power(double, -1)


@PROPERTY
@given(st.integers(0, 10), st.integers(0, 10), ints)
def test_power_adds_exponents(m, n, x):
    assert power(increment, m)(power(increment, n)(x)) == power(increment, m + n)(x) == x + m + n


def test_deep_power_stops_on_the_step_budget():
    with active(Budget(max_steps=100)):
        with pytest.raises(BudgetExceeded) as caught:
            power(increment, 10**9)(0)
    assert caught.value.limit == "steps"


def test_nested_power_counts_every_inner_step():
    # 7 outer applications, each running 7 inner ones: 7 + 49 steps.
    with active(Budget(max_steps=56)):
        assert power(power(increment, 7), 7)(0) == 49
    with active(Budget(max_steps=55)):
        with pytest.raises(BudgetExceeded):
            power(power(increment, 7), 7)(0)


def test_fixed_point_stops_when_nothing_changes():
    assert fixed_point(100, lambda n: max(n - 7, 0)) == 0
    assert fixed_point(5, identity) == 5


def test_fixed_point_of_a_function_that_never_settles_hits_the_budget():
    with active(Budget(max_steps=30)):
        with pytest.raises(BudgetExceeded):
            fixed_point(0, increment)


# ---------------------------------------------------------------- registry, signatures, doctests

SAMPLE_ARGS = {
    "identity": (1,), "compose": (double, increment), "chain": (double, increment, abs),
    "fork": (subtract, double, abs), "left_bind": (subtract, 1), "right_bind": (subtract, 1),
    "matcher": (abs, 1), "negation": (is_positive,), "branch": (True, 1, 2),
    "power": (double, 2), "call": (double, 2), "fixed_point": (3, abs),
}

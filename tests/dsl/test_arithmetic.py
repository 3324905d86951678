"""Tests for tasks.dsl.arithmetic: examples for every primitive, algebraic laws, signatures."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.dsl.arithmetic import (
    absolute, add, add_pair, both, decrement, divide, double, either, equals, flip, greater,
    halve, halve_pair, increment, is_even, is_positive, make_pair, maximum, minimum, modulo,
    multiply, multiply_pair, negate, negate_pair, pair_area, pair_col, pair_row, scale_pair,
    sign, sign_pair, square_pair, subtract, subtract_pair, swap_pair)
from tests.dsl.strategies import pairs, small_ints

PROPERTY = settings(max_examples=80, deadline=None)


# ---------------------------------------------------------------- integers

def test_integer_operations():
    assert add(2, -5) == -3
    assert subtract(2, -5) == 7
    assert multiply(-3, 4) == -12
    assert divide(9, 3) == 3
    assert divide(7, -2) == -4
    assert modulo(9, 4) == 1
    assert modulo(-9, 4) == 3
    assert negate(-6) == 6
    assert double(-3) == -6
    assert halve(9) == 4
    assert halve(-1) == -1
    assert increment(-1) == 0
    assert decrement(0) == -1
    assert absolute(-7) == 7
    assert absolute(7) == 7
    assert maximum(-2, -9) == -2
    assert minimum(-2, -9) == -9


def test_sign():
    assert [sign(n) for n in (-9, -1, 0, 1, 9)] == [-1, -1, 0, 1, 1]


@pytest.mark.parametrize("operation", [divide, modulo])
def test_division_by_zero_raises(operation):
    with pytest.raises(ZeroDivisionError):
        operation(3, 0)


@PROPERTY
@given(small_ints(), small_ints())
def test_division_and_modulo_reconstruct_the_dividend(a, b):
    if b != 0:
        assert add(multiply(divide(a, b), b), modulo(a, b)) == a


@PROPERTY
@given(small_ints(), small_ints())
def test_add_and_subtract_are_inverse(a, b):
    assert subtract(add(a, b), b) == a
    assert add(a, b) == add(b, a)
    assert subtract(a, b) == negate(subtract(b, a))


@PROPERTY
@given(small_ints())
def test_unary_laws(n):
    assert halve(double(n)) == n
    assert decrement(increment(n)) == n
    assert negate(negate(n)) == n
    assert multiply(sign(n), absolute(n)) == n
    assert is_even(double(n))
    assert is_even(n) != is_even(increment(n))
    assert is_positive(n) == greater(n, 0)


@PROPERTY
@given(small_ints(), small_ints())
def test_maximum_and_minimum(a, b):
    assert {maximum(a, b), minimum(a, b)} == {a, b}
    assert maximum(a, b) >= minimum(a, b)
    assert greater(maximum(a, b), minimum(a, b)) == (a != b)


# ---------------------------------------------------------------- comparisons and logic

def test_comparisons():
    assert greater(3, 2) and not greater(2, 3) and not greater(2, 2)
    assert is_even(0) and is_even(-4) and not is_even(7)
    assert is_positive(5) and not is_positive(0) and not is_positive(-5)


def test_equals_compares_any_values():
    assert equals(((1, 2),), ((1, 2),))
    assert not equals(((1, 2),), ((2, 1),))
    assert equals(frozenset({(0, 0)}), frozenset({(0, 0)}))
    assert not equals(3, (3,))


@pytest.mark.parametrize("a", [False, True])
@pytest.mark.parametrize("b", [False, True])
def test_boolean_truth_tables(a, b):
    assert both(a, b) is (a and b)
    assert either(a, b) is (a or b)
    assert flip(a) is (not a)
    assert flip(both(a, b)) is either(flip(a), flip(b))


# ---------------------------------------------------------------- pairs

def test_pair_construction_and_access():
    assert make_pair(3, -1) == (3, -1)
    assert square_pair(4) == (4, 4)
    assert pair_row((3, -1)) == 3
    assert pair_col((3, -1)) == -1
    assert swap_pair((3, -1)) == (-1, 3)
    assert pair_area((3, 4)) == 12


def test_pair_arithmetic():
    assert add_pair((1, 2), (10, 20)) == (11, 22)
    assert subtract_pair((1, 2), (10, 20)) == (-9, -18)
    assert multiply_pair((2, 3), (-1, 4)) == (-2, 12)
    assert scale_pair((2, 3), -2) == (-4, -6)
    assert halve_pair((7, -3)) == (3, -2)
    assert negate_pair((0, -4)) == (0, 4)
    assert sign_pair((-7, 0)) == (-1, 0)


@PROPERTY
@given(pairs(), pairs())
def test_pair_laws(a, b):
    assert subtract_pair(add_pair(a, b), b) == a
    assert add_pair(a, negate_pair(a)) == (0, 0)
    assert add_pair(a, a) == scale_pair(a, 2)
    assert multiply_pair(a, square_pair(3)) == scale_pair(a, 3)
    assert swap_pair(swap_pair(a)) == a
    assert make_pair(pair_row(a), pair_col(a)) == a
    assert sign_pair(a) == (sign(a[0]), sign(a[1]))
    assert halve_pair(scale_pair(a, 2)) == a
    assert pair_area(a) == pair_row(a) * pair_col(a)


# ---------------------------------------------------------------- registry, signatures, doctests

SAMPLE_ARGS = {
    "add": (1, 2), "subtract": (1, 2), "multiply": (2, 3), "divide": (7, 2), "modulo": (7, 2),
    "negate": (1,), "double": (1,), "halve": (5,), "increment": (1,), "decrement": (1,),
    "sign": (-3,), "absolute": (-3,), "maximum": (1, 2), "minimum": (1, 2), "is_even": (2,),
    "is_positive": (2,), "greater": (1, 2), "equals": ((1,), (1,)), "both": (True, False),
    "either": (True, False), "flip": (False,), "make_pair": (1, 2), "square_pair": (2,),
    "pair_row": ((1, 2),), "pair_col": ((1, 2),), "swap_pair": ((1, 2),),
    "pair_area": ((2, 3),), "add_pair": ((1, 2), (3, 4)), "subtract_pair": ((1, 2), (3, 4)),
    "multiply_pair": ((1, 2), (3, 4)), "scale_pair": ((1, 2), 3), "halve_pair": ((4, 5),),
    "negate_pair": ((1, 2),), "sign_pair": ((-4, 5),),
}


@PROPERTY
@given(st.booleans(), st.booleans())
def test_boolean_primitives_return_real_booleans(a, b):
    for result in (both(a, b), either(a, b), flip(a), equals(a, b)):
        assert type(result) is bool

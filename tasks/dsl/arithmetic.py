"""Arithmetic and logic on Integers, Pairs and Booleans.

A Pair is ``(row, col)``: a point, a vector or a shape (height, width).
Division and halving round down (towards minus infinity), like Python's ``//``.

>>> add_pair((1, 2), (3, 4)), divide(7, 2), sign(-5)
((4, 6), 3, -1)
"""

from __future__ import annotations

from tasks.dsl.registry import primitive
from tasks.data.types import ANY, BOOLEAN, INTEGER, PAIR

__all__ = [
    "add", "subtract", "multiply", "divide", "modulo", "negate", "double", "halve",
    "increment", "decrement", "sign", "absolute", "maximum", "minimum",
    "is_even", "is_positive", "greater", "equals", "both", "either", "flip",
    "make_pair", "square_pair", "pair_row", "pair_col", "swap_pair", "pair_area",
    "add_pair", "subtract_pair", "multiply_pair", "scale_pair", "halve_pair",
    "negate_pair", "sign_pair",
]


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


# ---------------------------------------------------------------- integers

@primitive(INTEGER, INTEGER, returns=INTEGER, commutative=True)
def add(a, b):
    """a + b.

    >>> add(2, 3)
    5
    """
    return a + b


@primitive(INTEGER, INTEGER, returns=INTEGER)
def subtract(a, b):
    """a - b.

    >>> subtract(2, 3)
    -1
    """
    return a - b


@primitive(INTEGER, INTEGER, returns=INTEGER, commutative=True)
def multiply(a, b):
    """a * b.

    >>> multiply(4, 3)
    12
    """
    return a * b


@primitive(INTEGER, INTEGER, returns=INTEGER)
def divide(a, b):
    """a divided by b, rounded down; ZeroDivisionError when b is 0.

    >>> divide(7, 2), divide(-7, 2)
    (3, -4)
    """
    return a // b


@primitive(INTEGER, INTEGER, returns=INTEGER)
def modulo(a, b):
    """The remainder of a divided by b, with b's sign (as Python's ``%``).

    >>> modulo(7, 3), modulo(-1, 3)
    (1, 2)
    """
    return a % b


@primitive(INTEGER, returns=INTEGER)
def negate(n):
    """-n.

    >>> negate(4)
    -4
    """
    return -n


@primitive(INTEGER, returns=INTEGER)
def double(n):
    """2n.

    >>> double(4)
    8
    """
    return n * 2


@primitive(INTEGER, returns=INTEGER)
def halve(n):
    """n / 2 rounded down.

    >>> halve(7), halve(-7)
    (3, -4)
    """
    return n // 2


@primitive(INTEGER, returns=INTEGER)
def increment(n):
    """n + 1.

    >>> increment(4)
    5
    """
    return n + 1


@primitive(INTEGER, returns=INTEGER)
def decrement(n):
    """n - 1.

    >>> decrement(4)
    3
    """
    return n - 1


@primitive(INTEGER, returns=INTEGER)
def sign(n):
    """-1, 0 or 1 as n is negative, zero or positive.

    >>> sign(-3), sign(0), sign(8)
    (-1, 0, 1)
    """
    return _sign(n)


@primitive(INTEGER, returns=INTEGER)
def absolute(n):
    """|n|.

    >>> absolute(-3)
    3
    """
    return abs(n)


@primitive(INTEGER, INTEGER, returns=INTEGER, commutative=True)
def maximum(a, b):
    """The larger of two integers.

    >>> maximum(2, 7)
    7
    """
    return a if a >= b else b


@primitive(INTEGER, INTEGER, returns=INTEGER, commutative=True)
def minimum(a, b):
    """The smaller of two integers.

    >>> minimum(2, 7)
    2
    """
    return a if a <= b else b


# ---------------------------------------------------------------- comparisons and logic

@primitive(INTEGER, returns=BOOLEAN)
def is_even(n):
    """True when n is divisible by 2.

    >>> is_even(4), is_even(-3)
    (True, False)
    """
    return n % 2 == 0


@primitive(INTEGER, returns=BOOLEAN)
def is_positive(n):
    """True when n > 0.

    >>> is_positive(1), is_positive(0)
    (True, False)
    """
    return n > 0


@primitive(INTEGER, INTEGER, returns=BOOLEAN)
def greater(a, b):
    """True when a > b.

    >>> greater(3, 2), greater(2, 2)
    (True, False)
    """
    return a > b


@primitive(ANY, ANY, returns=BOOLEAN)
def equals(a, b):
    """True when the two values are equal (grids, patches, numbers, anything).

    >>> equals((1, 2), (1, 2)), equals(frozenset({1}), frozenset({2}))
    (True, False)
    """
    return a == b


@primitive(BOOLEAN, BOOLEAN, returns=BOOLEAN)
def both(a, b):
    """Logical and.

    >>> both(True, False)
    False
    """
    return bool(a and b)


@primitive(BOOLEAN, BOOLEAN, returns=BOOLEAN)
def either(a, b):
    """Logical or.

    >>> either(True, False)
    True
    """
    return bool(a or b)


@primitive(BOOLEAN, returns=BOOLEAN)
def flip(a):
    """Logical not.

    >>> flip(True)
    False
    """
    return not a


# ---------------------------------------------------------------- pairs

@primitive(INTEGER, INTEGER, returns=PAIR)
def make_pair(row, col):
    """The pair (row, col).

    >>> make_pair(2, 3)
    (2, 3)
    """
    return (row, col)


@primitive(INTEGER, returns=PAIR)
def square_pair(n):
    """The pair (n, n), e.g. the shape of an n x n square.

    >>> square_pair(3)
    (3, 3)
    """
    return (n, n)


@primitive(PAIR, returns=INTEGER)
def pair_row(pair):
    """The first component (row, or height of a shape).

    >>> pair_row((2, 3))
    2
    """
    return pair[0]


@primitive(PAIR, returns=INTEGER)
def pair_col(pair):
    """The second component (column, or width of a shape).

    >>> pair_col((2, 3))
    3
    """
    return pair[1]


@primitive(PAIR, returns=PAIR)
def swap_pair(pair):
    """(col, row): the transposed point or shape.

    >>> swap_pair((2, 3))
    (3, 2)
    """
    return (pair[1], pair[0])


@primitive(PAIR, returns=INTEGER)
def pair_area(pair):
    """row * col: the number of cells in a shape (height, width).

    >>> pair_area((2, 3))
    6
    """
    return pair[0] * pair[1]


@primitive(PAIR, PAIR, returns=PAIR, commutative=True)
def add_pair(a, b):
    """Componentwise sum: a point moved by a vector.

    >>> add_pair((1, 2), (3, -4))
    (4, -2)
    """
    return (a[0] + b[0], a[1] + b[1])


@primitive(PAIR, PAIR, returns=PAIR)
def subtract_pair(a, b):
    """Componentwise difference: the vector from b to a.

    >>> subtract_pair((4, 4), (1, 3))
    (3, 1)
    """
    return (a[0] - b[0], a[1] - b[1])


@primitive(PAIR, PAIR, returns=PAIR, commutative=True)
def multiply_pair(a, b):
    """Componentwise product, e.g. a shape scaled by (row factor, column factor).

    >>> multiply_pair((2, 3), (4, 5))
    (8, 15)
    """
    return (a[0] * b[0], a[1] * b[1])


@primitive(PAIR, INTEGER, returns=PAIR)
def scale_pair(pair, factor):
    """Both components multiplied by ``factor``.

    >>> scale_pair((2, -3), 3)
    (6, -9)
    """
    return (pair[0] * factor, pair[1] * factor)


@primitive(PAIR, returns=PAIR)
def halve_pair(pair):
    """Both components halved, rounded down: e.g. the centre offset of a shape.

    >>> halve_pair((5, 4))
    (2, 2)
    """
    return (pair[0] // 2, pair[1] // 2)


@primitive(PAIR, returns=PAIR)
def negate_pair(pair):
    """The opposite vector.

    >>> negate_pair((1, -2))
    (-1, 2)
    """
    return (-pair[0], -pair[1])


@primitive(PAIR, returns=PAIR)
def sign_pair(pair):
    """The sign of each component: a vector reduced to a unit step (e.g. (3, -5) -> (1, -1)).

    >>> sign_pair((3, -5)), sign_pair((0, 2))
    ((1, -1), (0, 1))
    """
    return (_sign(pair[0]), _sign(pair[1]))

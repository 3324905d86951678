"""Typed constants that programs may use, keyed by their exact program text.

Integers and booleans appear in program text as literals (``3``, ``-1``,
``True``); directions and shapes by name (``UP``, ``UNITY``).

>>> CONSTANTS["UP"].value, CONSTANTS["UP"].type
((-1, 0), 'Pair')
>>> CONSTANTS["-1"].value
-1
"""

from tasks.dsl.registry import CONSTANTS, constant
from tasks.data.types import BOOLEAN, INTEGER, PAIR

for _n in range(-1, 11):
    constant(str(_n), _n, INTEGER)

constant("True", True, BOOLEAN)
constant("False", False, BOOLEAN)

ORIGIN = constant("ORIGIN", (0, 0), PAIR)
UNITY = constant("UNITY", (1, 1), PAIR)
NEG_UNITY = constant("NEG_UNITY", (-1, -1), PAIR)
UP = constant("UP", (-1, 0), PAIR)
DOWN = constant("DOWN", (1, 0), PAIR)
LEFT = constant("LEFT", (0, -1), PAIR)
RIGHT = constant("RIGHT", (0, 1), PAIR)
UP_LEFT = constant("UP_LEFT", (-1, -1), PAIR)
UP_RIGHT = constant("UP_RIGHT", (-1, 1), PAIR)
DOWN_LEFT = constant("DOWN_LEFT", (1, -1), PAIR)
DOWN_RIGHT = constant("DOWN_RIGHT", (1, 1), PAIR)
TWO_BY_TWO = constant("TWO_BY_TWO", (2, 2), PAIR)
THREE_BY_THREE = constant("THREE_BY_THREE", (3, 3), PAIR)

__all__ = ["CONSTANTS"]

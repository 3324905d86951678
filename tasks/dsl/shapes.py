"""Shape rules: the (height, width) a grid primitive's result will have, told from its arguments.

A primitive may declare one beside its signature (``@primitive(..., shape=
same_shape)``). The enumeration asks it before running the primitive for a
last step: a result whose shape cannot be the output's is never built. A
rule must be exact whenever the primitive succeeds; where it raises, or the
primitive has none, the primitive is run and its result looked at instead.
Each rule takes the primitive's own arguments.

>>> same_shape(((1, 2, 3),), 4), transposed_shape(((1, 2, 3),))
((1, 3), (3, 1))
"""

from __future__ import annotations

from typing import Any

Shape = tuple[int, int]


def shape_of(grid: tuple) -> Shape:
    """(rows, columns) of a grid.

    >>> shape_of(((1, 2), (3, 4), (5, 6)))
    (3, 2)
    """
    return len(grid), len(grid[0])


def _first_grid(args: tuple) -> tuple:
    """The first argument that is a grid (a tuple of row tuples): samples come before it in some."""
    for arg in args:
        if type(arg) is tuple and arg and type(arg[0]) is tuple and arg[0] and type(arg[0][0]) is int:
            return arg
    raise ValueError("no grid among the arguments")


def same_shape(*args: Any) -> Shape:
    """The result has the shape of the first grid argument (recolourings, flips, painting).

    >>> same_shape((), ((1, 2),))
    (1, 2)
    """
    return shape_of(_first_grid(args))


def transposed_shape(grid: tuple) -> Shape:
    """Rows and columns exchanged (quarter turns, diagonal flips).

    >>> transposed_shape(((1, 2),))
    (2, 1)
    """
    height, width = shape_of(grid)
    return width, height


def turned_shape(grid: tuple, quarter_turns: int) -> Shape:
    """The shape after this many quarter turns.

    >>> turned_shape(((1, 2),), 3), turned_shape(((1, 2),), -2)
    ((2, 1), (1, 2))
    """
    return transposed_shape(grid) if quarter_turns % 2 else shape_of(grid)


def bordered_shape(grid: tuple, colour: int) -> Shape:
    """One more row and column on every side.

    >>> bordered_shape(((1,),), 3)
    (3, 3)
    """
    height, width = shape_of(grid)
    return height + 2, width + 2


def trimmed_shape(grid: tuple) -> Shape:
    """One row and column fewer on every side.

    >>> trimmed_shape(((1, 1, 1),) * 3)
    (1, 1)
    """
    height, width = shape_of(grid)
    return height - 2, width - 2


def _positive(count: int) -> int:
    if type(count) is not int or count < 1:
        raise ValueError(f"no shape for a count of {count!r}")
    return count


def scaled_shape(grid: tuple, factor: int) -> Shape:
    """Each cell a ``factor`` x ``factor`` block.

    >>> scaled_shape(((1, 2),), 3)
    (3, 6)
    """
    height, width = shape_of(grid)
    return height * _positive(factor), width * factor


def widened_shape(grid: tuple, factor: int) -> Shape:
    """Each column repeated ``factor`` times.

    >>> widened_shape(((1, 2),), 3)
    (1, 6)
    """
    height, width = shape_of(grid)
    return height, width * _positive(factor)


def heightened_shape(grid: tuple, factor: int) -> Shape:
    """Each row repeated ``factor`` times.

    >>> heightened_shape(((1, 2),), 3)
    (3, 2)
    """
    height, width = shape_of(grid)
    return height * _positive(factor), width


def sampled_shape(grid: tuple, factor: int) -> Shape:
    """Every ``factor``-th row and column, from the first.

    >>> sampled_shape(((1,) * 5,) * 4, 2)
    (2, 3)
    """
    height, width = shape_of(grid)
    step = _positive(factor)
    return -(-height // step), -(-width // step)


def blocks_shape(grid: tuple, factor: int) -> Shape:
    """One cell per ``factor`` x ``factor`` block (the primitive refuses sides that are not multiples).

    >>> blocks_shape(((1,) * 6,) * 4, 2)
    (2, 3)
    """
    height, width = shape_of(grid)
    step = _positive(factor)
    return height // step, width // step


def tiled_shape(grid: tuple, rows: int, columns: int) -> Shape:
    """The grid repeated ``rows`` times down and ``columns`` times across.

    >>> tiled_shape(((1, 2),), 2, 3)
    (2, 6)
    """
    height, width = shape_of(grid)
    return height * _positive(rows), width * _positive(columns)


def doubled_shape(grid: tuple) -> Shape:
    """Twice as tall and twice as wide.

    >>> doubled_shape(((1, 2),))
    (2, 4)
    """
    height, width = shape_of(grid)
    return 2 * height, 2 * width


def stacked_shape(top: tuple, bottom: tuple) -> Shape:
    """One grid above the other.

    >>> stacked_shape(((1, 2),), ((3, 4), (5, 6)))
    (3, 2)
    """
    return len(top) + len(bottom), len(top[0])


def side_by_side_shape(left: tuple, right: tuple) -> Shape:
    """One grid beside the other.

    >>> side_by_side_shape(((1,), (2,)), ((3, 4), (5, 6)))
    (2, 3)
    """
    return len(left), len(left[0]) + len(right[0])


def product_shape(pattern: tuple, tile: tuple) -> Shape:
    """A copy of ``tile`` for each cell of ``pattern``.

    >>> product_shape(((1, 0),), ((1, 2, 3),))
    (1, 6)
    """
    return len(pattern) * len(tile), len(pattern[0]) * len(tile[0])


def half_height_shape(grid: tuple) -> Shape:
    """Half the rows (either half), the middle one of an odd height dropped.

    >>> half_height_shape(((1,),) * 5)
    (2, 1)
    """
    height, width = shape_of(grid)
    return height // 2, width


def half_width_shape(grid: tuple) -> Shape:
    """Half the columns (either half), the middle one of an odd width dropped.

    >>> half_width_shape(((1,) * 5,))
    (1, 2)
    """
    height, width = shape_of(grid)
    return height, width // 2

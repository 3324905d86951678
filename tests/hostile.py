"""Hostile primitives for fault tests; never part of the DSL.

They are registered only where a test asks: in-process through the
``hostile_primitives`` fixture (which removes them afterwards), and in worker
processes by ``ARC_SEARCH_PLUGINS=tests.hostile_plugin``.
"""

from __future__ import annotations

import time

from tasks.data.budget import tick
from tasks.dsl.registry import Primitive
from tasks.data.types import GRID, INTEGER


def nap(grid, tenths):
    """Cooperative slowness: sleeps ``tenths`` tenths of a second, ticking every 10 ms."""
    for _ in range(tenths * 10):
        tick()
        time.sleep(0.01)
    return grid


def sleep_in_c(grid):
    """Stuck in C code: one long sleep that no budget check can interrupt."""
    time.sleep(3600)
    return grid


def spin(grid):
    """A pure-Python loop that never checks its budget."""
    while True:
        pass


def explode(grid):
    """Raises an exception type no primitive raises."""
    raise LookupError("hostile")


def recurse(grid):
    """Unbounded recursion."""
    return recurse(grid)


def wrong_type(grid):
    return 5


def bad_colour(grid):
    return ((11,),)


def ragged(grid):
    return ((1, 2), (1,))


HOSTILE = {
    name: Primitive(name, function, args, GRID, function.__doc__ or "")
    for name, function, args in [
        ("nap", nap, (GRID, INTEGER)),
        ("sleep_in_c", sleep_in_c, (GRID,)),
        ("spin", spin, (GRID,)),
        ("explode", explode, (GRID,)),
        ("recurse", recurse, (GRID,)),
        ("wrong_type", wrong_type, (GRID,)),
        ("bad_colour", bad_colour, (GRID,)),
        ("ragged", ragged, (GRID,)),
    ]
}

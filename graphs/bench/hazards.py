"""Deliberately slow primitives for ``python -m graphs.bench faults``; never part of the DSL.

They exist only in processes where the benchmark asks for them: it names this
module in ``ARC_SEARCH_PLUGINS`` before its cluster starts, and
``tasks.dsl`` imports the module in every worker. Importing it anywhere else
(a doctest run, say) registers nothing, so no search can ever draw them.

>>> sorted(HAZARDS)
['bench_hang', 'bench_nap']
"""

from __future__ import annotations

import os
import time

from tasks.data.budget import tick
from tasks.dsl.registry import PRIMITIVES, Primitive
from tasks.data.types import GRID, INTEGER

PLUGIN = __name__
NAP_STEP_S = 0.01
# Program constants stop at 10, so the nap counts in tens of seconds: past any benchmark deadline.
NAP_UNIT_S = 10.0


def bench_nap(grid, tens):
    """Slow but cooperative: sleeps ``tens`` x 10 s, checking its budget every 10 ms."""
    for _ in range(int(tens * NAP_UNIT_S / NAP_STEP_S)):
        tick()
        time.sleep(NAP_STEP_S)
    return grid


def bench_hang(grid):
    """Hangs in C: one hour-long sleep that no budget check can interrupt."""
    time.sleep(3600)
    return grid


HAZARDS = {
    "bench_nap": Primitive("bench_nap", bench_nap, (GRID, INTEGER), GRID, bench_nap.__doc__),
    "bench_hang": Primitive("bench_hang", bench_hang, (GRID,), GRID, bench_hang.__doc__),
}


def named_as_plugin() -> bool:
    """True when ``ARC_SEARCH_PLUGINS`` names this module (the benchmark set it)."""
    from tasks.dsl import PLUGINS_VARIABLE

    names = os.environ.get(PLUGINS_VARIABLE, "").split(",")
    return PLUGIN in (name.strip() for name in names)


if named_as_plugin():
    PRIMITIVES.update(HAZARDS)

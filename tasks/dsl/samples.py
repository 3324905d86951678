"""What primitives that learn their rule from the task's samples ``S`` share.

``S`` holds train pairs as ``(input, output)`` grids; during enumeration it is
the *other* train pairs, so a rule learned from it that reproduces a pair has
generalised to that pair. No primitive is defined here.

>>> sample_pairs([(((1,),), ((2,),)), (((1, 1),), ((3,),))])
[(((1,),), ((2,),))]
>>> steady_background([(((0, 0, 5),), ((0, 0, 7),))])
0
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable

from tasks.data.budget import tick

__all__: list[str] = []


def sample_pairs(samples) -> list[tuple[tuple, tuple]]:
    """The samples' pairs whose output has its input's shape; ValueError if there are none."""
    pairs = []
    for grid_in, grid_out in samples:
        tick()
        if len(grid_in) == len(grid_out) and len(grid_in[0]) == len(grid_out[0]):
            pairs.append((grid_in, grid_out))
    if not pairs:
        raise ValueError("no sample keeps its grid's shape: nothing to learn from")
    return pairs


# Learned tables by rule and samples, keyed by the samples' identity: one enumeration or
# one program run hands the same samples object to every call, so each table is learned
# once. The samples are kept alongside so their id cannot be reused while cached.
_LEARNED: dict[tuple[str, int], tuple] = {}
_LEARNED_LIMIT = 64


def learned(name: str, samples, learn: Callable[[Any], Any]) -> Any:
    """``learn(samples)``, remembered under the rule's ``name`` for this samples object."""
    key = (name, id(samples))
    hit = _LEARNED.get(key)
    if hit is not None and hit[0] is samples:
        return hit[1]
    table = learn(samples)
    if len(_LEARNED) >= _LEARNED_LIMIT:
        try:  # oldest first; a worker's other thread may be evicting at the same moment
            _LEARNED.pop(next(iter(_LEARNED)), None)
        except (RuntimeError, StopIteration):
            pass
    _LEARNED[key] = (samples, table)
    return table


def steady_background(pairs) -> int:
    """The colour most often left as it was: the samples' background, whatever covers most."""
    steady: Counter = Counter()
    for grid_in, grid_out in pairs:
        for row_in, row_out in zip(grid_in, grid_out):
            steady.update(a for a, b in zip(row_in, row_out) if a == b)
    if not steady:
        raise ValueError("the samples change every cell: no background to learn")
    return steady.most_common(1)[0][0]

"""What a bank's values cost in memory, and one copy of each part they share.

A bank holds thousands of grids that are mostly the same rows: every
transform of the input keeps its background rows, flips reverse the same
rows, recolourings change a few. Measured on six training tasks a 6 s
enumeration stopped by its memory limit, only 3-20% of the rows its grids
held were distinct, and rows were over half of the bank's memory. So each
stored value's parts (a grid's rows, a patch's cells, a tuple's items) are
kept once per bank (``SharedParts``), and a value costs its own container
plus the parts no other stored value had before it.

>>> shared = SharedParts()
>>> a = shared.value(((0, 0), (1, 2)))
>>> b = shared.value(((1, 2), (0, 0)))
>>> a[1] is b[0], shared.bytes
(True, 224)
"""

from __future__ import annotations

from typing import Any

# What a stored term costs besides its values: the object, its key in ``seen``, list slots.
TERM_OVERHEAD_BYTES = 320
# CPython (64-bit) object sizes: a tuple's header and slot, a frozenset's header and its
# hash table per item (at the load factors seen: 37 to 84 bytes an item), an int or a leaf.
TUPLE_BYTES, SLOT_BYTES = 40, 8
FROZENSET_BYTES, FROZENSET_ITEM_BYTES = 216, 60
SCALAR_BYTES = 32


def container_bytes(value: Any) -> int:
    """The memory of a value's own container, its items not counted; a scalar's whole size.

    >>> container_bytes(((1, 2), (3, 4))), container_bytes(frozenset({(0, 1)})), container_bytes(3)
    (56, 276, 32)
    """
    kind = type(value)
    if kind is tuple or kind is list:
        return TUPLE_BYTES + SLOT_BYTES * len(value)
    if kind is frozenset or kind is set:
        return FROZENSET_BYTES + FROZENSET_ITEM_BYTES * len(value)
    return SCALAR_BYTES


def part_bytes(part: tuple) -> int:
    """The memory of one part: its tuple, and the tuples inside it (a cell's position).

    Small ints are shared by CPython and cost nothing more.

    >>> part_bytes((1, 2, 3)), part_bytes((5, (0, 1)))
    (64, 112)
    """
    return container_bytes(part) + sum(container_bytes(item) for item in part if type(item) is tuple)


def has_parts(value: Any) -> bool:
    """Is ``value`` a container of containers, whose items are worth keeping once?

    >>> has_parts(((1, 2),)), has_parts(frozenset({(0, 1)})), has_parts((1, 2)), has_parts(3)
    (True, True, False, False)
    """
    kind = type(value)
    if (kind is not tuple and kind is not frozenset) or not value:
        return False
    return type(next(iter(value))) is tuple


class SharedParts:
    """One copy of each part (grid row, cell, item) of the values a bank stores.

    ``value(v)`` returns ``v`` made of the parts already held where they
    are equal, and adds to ``bytes`` what ``v`` costs on top of them: its own
    container and the parts that are new.
    """

    def __init__(self) -> None:
        self.parts: dict[tuple, tuple] = {}
        self.bytes = 0

    def value(self, value: Any) -> Any:
        if not has_parts(value):
            self.bytes += container_bytes(value)
            return value
        parts = self.parts
        before = len(parts)
        # setdefault(part, part) keeps the first copy; map runs in C, no Python loop per part.
        if type(value) is tuple:
            shared = tuple(map(parts.setdefault, value, value))
        else:
            shared = frozenset(map(parts.setdefault, value, value))
        new = len(parts) - before
        # Parts of one value have one size (rows of a grid, cells of a patch): the first stands for all.
        # Most values bring no new part (a bank's rows repeat), so the part is sized only when one does.
        self.bytes += container_bytes(shared) + (new * part_bytes(next(iter(value))) if new else 0)
        return shared

    def values(self, values: tuple) -> tuple:
        """Each of a term's values, made of shared parts (see ``value``)."""
        return tuple(map(self.value, values))

"""Patches: Indices and Objects as sets of locations.

A Patch is a frozenset of locations: either Indices, ``{(row, col), ...}``, or
an Object, ``{(colour, (row, col)), ...}``. This module sits below every other
DSL module, so each reads a patch's kind and locations the same way.

>>> obj = frozenset({(3, (0, 1))})
>>> is_object(obj), locations(obj)
(True, frozenset({(0, 1)}))
"""

from __future__ import annotations


def is_object(patch: frozenset) -> bool:
    """True when ``patch`` holds cells (colour, location); an empty patch counts as Indices.

    >>> is_object(frozenset({(3, (0, 0))})), is_object(frozenset({(0, 0)}))
    (True, False)
    """
    for item in patch:
        return isinstance(item[1], tuple)
    return False


def locations(patch: frozenset) -> frozenset:
    """The (row, col) locations of a patch, whether Indices or an Object (not a primitive;
    see ``to_indices``).

    >>> sorted(locations(frozenset({(4, (1, 2)), (4, (0, 0))})))
    [(0, 0), (1, 2)]
    """
    if is_object(patch):
        return frozenset(location for _, location in patch)
    # frozenset() returns a frozenset unchanged, so Indices cost no copy.
    return frozenset(patch)

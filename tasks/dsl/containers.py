"""Containers: sizes, set algebra, ordering, apply, filter and merge.

A container is a tuple or a frozenset. Frozensets have no order of their own
(two equal frozensets may iterate differently), so every primitive that picks
"the first" of something uses ``sort_key``, a total, deterministic order over
all DSL values; results never depend on hashing or insertion history.

>>> order(frozenset({3, 1, 2}), identity_key)
(1, 2, 3)
>>> sorted(merge_apply(frozenset({1, 2}), lambda n: frozenset({n, n * 10})))
[1, 2, 10, 20]
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tasks.data.budget import check_items
from tasks.dsl.registry import primitive
from tasks.data.types import (ANY, BOOLEAN, CALLABLE, CONTAINER, FROZENSET, INTEGER,
                         TUPLE)


def sort_key(value: Any) -> tuple:
    """A key that totally orders DSL values: ints, tuples, frozensets, anything else.

    Cells (colour, (row, col)) sort by location first, so a patch's key starts
    with its reading-order first cell and objects sort top-to-bottom, left-to-right.

    >>> sorted([frozenset({(5, (2, 0))}), frozenset({(9, (0, 3))})], key=sort_key)
    [frozenset({(9, (0, 3))}), frozenset({(5, (2, 0))})]
    """
    # Each kind gets its own rank so payloads of different shapes are never compared;
    # the fast paths (int tuples, cells) keep ordering a set of objects cheap.
    kind = type(value)
    if kind is int or kind is bool:
        return (0, value)
    if kind is tuple:
        if all(type(item) is int for item in value):
            return (1, value)
        if len(value) == 2 and type(value[0]) is int and type(value[1]) is tuple:
            return (2, value[1], value[0])
        return (3, tuple(map(sort_key, value)))
    if kind is frozenset:
        return (4, tuple(sorted(map(sort_key, value))))
    # Callables: a function's repr holds its memory address, its name does not; the
    # functions built by higher_order print as program text.
    name = getattr(value, "__name__", None)
    return (5, name if name is not None else repr(value))


def identity_key(value: Any) -> Any:
    """The value itself, for doctests of key-taking primitives (not a primitive).

    >>> identity_key(4)
    4
    """
    return value


def canonical_items(container: Any) -> tuple:
    """The container's items in a deterministic order: tuples as they are,
    frozensets sorted by ``sort_key`` (not a primitive).

    >>> canonical_items(frozenset({(1, 0), (0, 5)}))
    ((0, 5), (1, 0))
    """
    if isinstance(container, tuple):
        return container
    return tuple(sorted(container, key=sort_key))


def _rebuild(container: Any, items: Any) -> Any:
    """A container of the same kind as ``container`` holding ``items``."""
    return tuple(items) if isinstance(container, tuple) else frozenset(items)


@primitive(CONTAINER, returns=INTEGER)
def size(container):
    """Number of items.

    >>> size((1, 1, 2)), size(frozenset({1, 2}))
    (3, 2)
    """
    return len(container)


@primitive(CONTAINER, returns=ANY)
def first(container):
    """The first item; a frozenset's first in ``sort_key`` order (raises on empty).

    >>> first((3, 1)), first(frozenset({3, 1}))
    (3, 1)
    """
    if isinstance(container, tuple):
        return container[0]
    return min(container, key=sort_key)


@primitive(CONTAINER, returns=ANY)
def last(container):
    """The last item; a frozenset's last in ``sort_key`` order (raises on empty).

    >>> last((3, 1)), last(frozenset({3, 1}))
    (1, 3)
    """
    if isinstance(container, tuple):
        return container[-1]
    return max(container, key=sort_key)


@primitive(FROZENSET, FROZENSET, returns=FROZENSET, commutative=True)
def union(a, b):
    """Items in either set.

    >>> sorted(union(frozenset({1, 2}), frozenset({2, 3})))
    [1, 2, 3]
    """
    return frozenset(a) | frozenset(b)


@primitive(FROZENSET, FROZENSET, returns=FROZENSET, commutative=True)
def intersection(a, b):
    """Items in both sets.

    >>> intersection(frozenset({1, 2}), frozenset({2, 3}))
    frozenset({2})
    """
    return frozenset(a) & frozenset(b)


@primitive(FROZENSET, FROZENSET, returns=FROZENSET)
def difference(a, b):
    """Items of ``a`` not in ``b``.

    >>> difference(frozenset({1, 2}), frozenset({2, 3}))
    frozenset({1})
    """
    return frozenset(a) - frozenset(b)


@primitive(TUPLE, returns=TUPLE)
def dedupe(items):
    """Drop repeated items, keeping each one's first occurrence.

    >>> dedupe((3, 1, 3, 2, 1))
    (3, 1, 2)
    """
    return tuple(dict.fromkeys(items))


@primitive(TUPLE, returns=TUPLE)
def reverse(items):
    """The items in reverse order.

    >>> reverse((1, 2, 3))
    (3, 2, 1)
    """
    return items[::-1]


@primitive(CONTAINER, returns=TUPLE)
def to_tuple(container):
    """The items as a tuple, a frozenset's in ``sort_key`` order.

    Apply over the tuple to keep duplicate results (apply over a frozenset merges them).

    >>> to_tuple(frozenset({2, 1}))
    (1, 2)
    """
    return canonical_items(container)


@primitive(TUPLE, INTEGER, returns=ANY)
def nth(items, index):
    """The item at ``index`` (negative counts from the end; raises when out of range).

    >>> nth((5, 6, 7), 1), nth((5, 6, 7), -1)
    (6, 7)
    """
    return items[index]


@primitive(CONTAINER, CALLABLE, returns=TUPLE)
def order(container, key):
    """The items sorted by ``key`` (ascending); ties keep tuple order or ``sort_key`` order.

    >>> order((3, -5, 1), abs)
    (1, 3, -5)
    """
    return tuple(sorted(canonical_items(container), key=lambda item: sort_key(key(item))))


@primitive(CONTAINER, CALLABLE, returns=ANY)
def argmax(container, key):
    """The item with the largest ``key``; the first such one on ties (raises on empty).

    >>> argmax((3, -5, 1), abs)
    -5
    """
    # max() keeps the first of equal keys, and the items come in canonical order.
    return max(canonical_items(container), key=lambda item: sort_key(key(item)))


@primitive(CONTAINER, CALLABLE, returns=ANY)
def argmin(container, key):
    """The item with the smallest ``key``; the first such one on ties (raises on empty).

    >>> argmin((3, -5, 1, -1), abs)
    1
    """
    return min(canonical_items(container), key=lambda item: sort_key(key(item)))


@primitive(CONTAINER, CALLABLE, returns=ANY)
def max_value(container, key):
    """The largest value of ``key`` over the items (raises on empty).

    >>> max_value((3, -5, 1), abs)
    5
    """
    return max((key(item) for item in container), key=sort_key)


@primitive(CONTAINER, CALLABLE, returns=ANY)
def min_value(container, key):
    """The smallest value of ``key`` over the items (raises on empty).

    >>> min_value((3, -5, 1), abs)
    1
    """
    return min((key(item) for item in container), key=sort_key)


@primitive(CONTAINER, returns=INTEGER)
def total(container):
    """The sum of a container of integers (0 when empty).

    >>> total((1, 2, 2)), total(frozenset())
    (5, 0)
    """
    return sum(container)


@primitive(CONTAINER, CONTAINER, returns=FROZENSET)
def product(a, b):
    """Every pair (x, y) with x from ``a`` and y from ``b``; checks the size first.

    >>> sorted(product((1, 2), frozenset({0})))
    [(1, 0), (2, 0)]
    """
    check_items(len(a) * len(b))
    return frozenset((x, y) for x in a for y in b)


@primitive(TUPLE, TUPLE, returns=TUPLE)
def pairwise(a, b):
    """Pairs of items at the same position, as long as the shorter tuple.

    >>> pairwise((1, 2, 3), (4, 5))
    ((1, 4), (2, 5))
    """
    return tuple(zip(a, b))


@primitive(CONTAINER, CALLABLE, returns=CONTAINER)
def apply(container, function):
    """``function`` applied to each item, in a container of the same kind.

    >>> apply((1, 2, 1), abs), apply(frozenset({-1, 1}), abs)
    ((1, 2, 1), frozenset({1}))
    """
    return _rebuild(container, (function(item) for item in container))


@primitive(TUPLE, TUPLE, CALLABLE, returns=TUPLE)
def pairwise_apply(a, b, function):
    """``function(x, y)`` for the items at the same position, as long as the shorter tuple.

    >>> pairwise_apply((1, 2, 3), (10, 20), max)
    (10, 20)
    """
    return tuple(function(x, y) for x, y in zip(a, b))


@primitive(CONTAINER, returns=CONTAINER)
def merge(containers):
    """Flatten one level: a tuple of tuples into a tuple, otherwise into a frozenset.

    >>> merge(((1, 2), (2,))), merge(frozenset({frozenset({1}), frozenset({2})}))
    ((1, 2, 2), frozenset({1, 2}))
    """
    if isinstance(containers, tuple) and all(isinstance(part, tuple) for part in containers):
        return tuple(item for part in containers for item in part)
    return frozenset(item for part in containers for item in part)


@primitive(CONTAINER, CALLABLE, returns=FROZENSET)
def merge_apply(container, function):
    """Apply ``function`` (which returns containers) to each item and merge the results.

    >>> sorted(merge_apply((1, 2), lambda n: (n, -n)))
    [-2, -1, 1, 2]
    """
    return frozenset(item for part in container for item in function(part))


@primitive(CONTAINER, CALLABLE, returns=CONTAINER)
def keep_if(container, predicate):
    """The items for which ``predicate`` is true, in a container of the same kind.

    >>> keep_if((1, 2, 3, 4), lambda n: n % 2 == 0)
    (2, 4)
    """
    return _rebuild(container, (item for item in container if predicate(item)))


@primitive(CONTAINER, CALLABLE, returns=FROZENSET)
def merge_keep_if(container, predicate):
    """Keep the items (containers) for which ``predicate`` is true and merge them.

    >>> merge_keep_if(((1, 2), (3,), (4, 5)), lambda part: len(part) == 2)
    frozenset({1, 2, 4, 5})
    """
    return frozenset(item for part in container if predicate(part) for item in part)


@primitive(CONTAINER, CALLABLE, returns=ANY)
def extract(container, predicate):
    """The first item for which ``predicate`` is true (raises ValueError if none is).

    >>> extract(frozenset({5, 8, 2}), lambda n: n > 4)
    5
    """
    for item in canonical_items(container):
        if predicate(item):
            return item
    raise ValueError("extract: no item satisfies the predicate")


@primitive(CONTAINER, CALLABLE, returns=BOOLEAN)
def all_satisfy(container, predicate):
    """True when ``predicate`` holds for every item (so True when empty).

    >>> all_satisfy((2, 4), lambda n: n % 2 == 0), all_satisfy((2, 3), lambda n: n % 2 == 0)
    (True, False)
    """
    return all(predicate(item) for item in container)


@primitive(CONTAINER, CALLABLE, returns=BOOLEAN)
def any_satisfy(container, predicate):
    """True when ``predicate`` holds for at least one item (so False when empty).

    >>> any_satisfy((1, 4), lambda n: n % 2 == 0), any_satisfy((), lambda n: True)
    (True, False)
    """
    return any(predicate(item) for item in container)


def _counted(container: Any) -> list[tuple[Any, int]]:
    """(item, count) in canonical first-occurrence order, so ties resolve the same way."""
    counts = Counter(container)
    return [(item, counts[item]) for item in dict.fromkeys(canonical_items(container))]


@primitive(CONTAINER, returns=ANY)
def most_common(container):
    """The most frequent item; the first such one on ties (raises on empty).

    >>> most_common((1, 2, 2, 3, 3))
    2
    """
    return max(_counted(container), key=lambda pair: pair[1])[0]


@primitive(CONTAINER, returns=ANY)
def least_common(container):
    """The least frequent item; the first such one on ties (raises on empty).

    >>> least_common((1, 1, 2, 3, 3))
    2
    """
    return min(_counted(container), key=lambda pair: pair[1])[0]


@primitive(ANY, returns=FROZENSET)
def singleton(value):
    """A frozenset holding just ``value``.

    >>> singleton(3)
    frozenset({3})
    """
    return frozenset((value,))


@primitive(FROZENSET, ANY, returns=FROZENSET)
def insert(items, value):
    """The set with ``value`` added.

    >>> sorted(insert(frozenset({1}), 2))
    [1, 2]
    """
    return frozenset(items) | {value}


@primitive(CONTAINER, ANY, returns=CONTAINER)
def remove(container, value):
    """The container without any occurrence of ``value``.

    >>> remove((1, 2, 1, 3), 1), remove(frozenset({1, 2}), 2)
    ((2, 3), frozenset({1}))
    """
    return _rebuild(container, (item for item in container if item != value))


@primitive(CONTAINER, ANY, returns=ANY)
def other(container, value):
    """The first item that is not ``value``: in a pair, the other one (raises if none).

    >>> other(frozenset({4, 7}), 4), other((3, 3, 5), 3)
    (7, 5)
    """
    for item in canonical_items(container):
        if item != value:
            return item
    raise ValueError("other: every item equals the value")


@primitive(CONTAINER, ANY, returns=BOOLEAN)
def contains(container, value):
    """True when ``value`` is one of the items.

    >>> contains((1, 2), 2), contains(frozenset({1}), 2)
    (True, False)
    """
    return value in container


@primitive(INTEGER, INTEGER, INTEGER, returns=TUPLE)
def interval(start, stop, step):
    """The integers from ``start`` up to (not including) ``stop`` by ``step``.

    >>> interval(0, 5, 2), interval(3, 0, -1)
    ((0, 2, 4), (3, 2, 1))
    """
    steps = range(start, stop, step)  # raises ValueError for step 0
    check_items(len(steps))
    return tuple(steps)


@primitive(ANY, INTEGER, returns=TUPLE)
def repeat(value, times):
    """A tuple of ``times`` copies of ``value`` (empty for times <= 0).

    >>> repeat(7, 3)
    (7, 7, 7)
    """
    check_items(times)
    return (value,) * max(times, 0)

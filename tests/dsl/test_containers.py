"""Tests for tasks.dsl.containers: examples for every primitive, set laws, determinism,
budgets, signatures."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import Budget, BudgetExceeded, active
from tasks.dsl.containers import (
    all_satisfy, any_satisfy, apply, argmax, argmin, canonical_items, contains, dedupe,
    difference, extract, first, insert, intersection, interval, keep_if, last, least_common,
    max_value, merge, merge_apply, merge_keep_if, min_value, most_common, nth, order, other, pairwise,
    pairwise_apply,
    product, remove, repeat, reverse, singleton, size, sort_key, to_tuple, total, union)
from tests.dsl.strategies import objects

PROPERTY = settings(max_examples=60, deadline=None)

int_sets = st.frozensets(st.integers(-5, 5), max_size=8)
int_tuples = st.lists(st.integers(-5, 5), max_size=8).map(tuple)


def is_even(n):
    return n % 2 == 0


def rebuilt(items):
    """An equal frozenset built in a different insertion order (iteration order may differ)."""
    return frozenset(reversed(list(items)))


# ---------------------------------------------------------------- ordering

def test_sort_key_orders_cells_by_location_first():
    top_right = frozenset({(9, (0, 5))})
    lower_left = frozenset({(1, (3, 0))})
    assert sorted([lower_left, top_right], key=sort_key) == [top_right, lower_left]


def test_sort_key_orders_mixed_kinds_without_comparing_them():
    values = [frozenset({1}), (1, 2), 3, identity_function]
    assert sorted(values, key=sort_key) == [3, (1, 2), frozenset({1}), identity_function]


def identity_function(x):
    return x


@PROPERTY
@given(st.frozensets(objects(max_size=4), max_size=5))
def test_canonical_items_do_not_depend_on_construction_order(objs):
    assert canonical_items(objs) == canonical_items(rebuilt(objs))


def test_size():
    assert size((1, 1, 2)) == 3
    assert size(frozenset()) == 0


def test_first_and_last_of_tuples_keep_their_order():
    assert first((5, 1, 3)) == 5
    assert last((5, 1, 3)) == 3


def test_first_and_last_of_frozensets_use_the_canonical_order():
    cells = frozenset({(2, 2), (0, 7), (1, 0)})
    assert first(cells) == (0, 7)
    assert last(cells) == (2, 2)


def test_first_of_empty_raises():
    with pytest.raises((IndexError, ValueError)):
        first(())
    with pytest.raises(ValueError):
        last(frozenset())


def test_order_sorts_by_key_and_keeps_ties_in_order():
    assert order((3, -1, 2, 1), abs) == (-1, 1, 2, 3)
    assert order((1, -1), abs) == (1, -1)


def test_order_of_a_frozenset_breaks_ties_canonically():
    assert order(frozenset({-2, 2, 1}), abs) == (1, -2, 2)


def test_order_by_a_set_valued_key_is_total():
    # frozenset "<" is the subset test, not an order; order must not rely on it.
    parts = (frozenset({5}), frozenset({1, 2}), frozenset({0}))
    assert order(parts, lambda part: part) == (frozenset({0}), frozenset({1, 2}), frozenset({5}))


def test_argmax_and_argmin_pick_the_first_of_ties():
    assert argmax((2, -3, 3), abs) == -3
    assert argmin((2, -2, 3), abs) == 2
    assert argmax(frozenset({-3, 3}), abs) == -3


def test_argmax_of_empty_raises():
    with pytest.raises(ValueError):
        argmax((), abs)
    with pytest.raises(ValueError):
        argmin(frozenset(), abs)


def test_max_and_min_value_return_key_values():
    assert max_value(((1, 2), (3,), ()), len) == 2
    assert min_value(((1, 2), (3,), ()), len) == 0


def test_total():
    assert total((3, 4, 4)) == 11
    assert total(frozenset({1, 2})) == 3


def test_reverse_and_nth():
    assert reverse((1, 2, 3)) == (3, 2, 1)
    assert nth((4, 5, 6), 0) == 4
    assert nth((4, 5, 6), -1) == 6
    with pytest.raises(IndexError):
        nth((4,), 3)


def test_to_tuple_keeps_tuples_and_orders_sets():
    assert to_tuple((3, 1, 3)) == (3, 1, 3)
    assert to_tuple(frozenset({3, 1})) == (1, 3)


def test_dedupe_keeps_first_occurrences():
    assert dedupe((2, 1, 2, 3, 1)) == (2, 1, 3)


# ---------------------------------------------------------------- set algebra

def test_union_intersection_difference():
    a, b = frozenset({1, 2, 3}), frozenset({3, 4})
    assert union(a, b) == frozenset({1, 2, 3, 4})
    assert intersection(a, b) == frozenset({3})
    assert difference(a, b) == frozenset({1, 2})


@PROPERTY
@given(int_sets, int_sets, int_sets)
def test_set_laws(a, b, c):
    assert union(a, b) == union(b, a)
    assert intersection(a, b) == intersection(b, a)
    assert union(a, union(b, c)) == union(union(a, b), c)
    assert intersection(a, union(b, c)) == union(intersection(a, b), intersection(a, c))
    assert union(difference(a, b), intersection(a, b)) == a
    assert intersection(difference(a, b), b) == frozenset()


def test_singleton_insert_remove_contains():
    assert singleton(4) == frozenset({4})
    assert insert(frozenset({1}), 2) == frozenset({1, 2})
    assert remove((1, 2, 1), 1) == (2,)
    assert remove(frozenset({1, 2}), 1) == frozenset({2})
    assert contains((1, 2), 2)
    assert not contains(frozenset({1}), 2)


@PROPERTY
@given(int_sets, st.integers(-5, 5))
def test_insert_then_remove_drops_the_value(items, value):
    assert contains(insert(items, value), value)
    assert remove(insert(items, value), value) == items - {value}


def test_product_pairs_every_item():
    assert product((1, 2), (3, 4)) == frozenset({(1, 3), (1, 4), (2, 3), (2, 4)})
    assert product((), (1,)) == frozenset()


@PROPERTY
@given(int_sets, int_sets)
def test_product_size_is_the_product_of_sizes(a, b):
    assert size(product(a, b)) == size(a) * size(b)


def test_pairwise_zips_to_the_shorter():
    assert pairwise((1, 2, 3), (4, 5)) == ((1, 4), (2, 5))


def test_pairwise_apply_combines_items_at_the_same_position():
    assert pairwise_apply((1, 2, 3), (4, 5), lambda x, y: x * y) == (4, 10)
    assert pairwise_apply((), (1,), max) == ()


@PROPERTY
@given(int_tuples, int_tuples)
def test_pairwise_apply_of_a_pair_maker_is_pairwise(a, b):
    assert pairwise_apply(a, b, lambda x, y: (x, y)) == pairwise(a, b)


def test_other_picks_the_remaining_item():
    pair = frozenset({frozenset({(1, (0, 0))}), frozenset({(2, (5, 5))})})
    assert other(pair, frozenset({(1, (0, 0))})) == frozenset({(2, (5, 5))})
    assert other((3, 3, 4, 5), 3) == 4
    with pytest.raises(ValueError):
        other((3, 3), 3)


# ---------------------------------------------------------------- apply, filter, merge

def test_apply_keeps_the_container_kind():
    assert apply((1, -1, 2), abs) == (1, 1, 2)
    assert apply(frozenset({1, -1, 2}), abs) == frozenset({1, 2})


def test_keep_if():
    assert keep_if((1, 2, 3, 4), is_even) == (2, 4)
    assert keep_if(frozenset({1, 2}), is_even) == frozenset({2})


def test_merge_flattens_one_level():
    assert merge(((1, 2), (3,), ())) == (1, 2, 3)
    assert merge(frozenset({frozenset({1, 2}), frozenset({2, 3})})) == frozenset({1, 2, 3})
    assert merge(((frozenset({1}), frozenset({(1, 1)})))) == frozenset({1, (1, 1)})


def test_merge_apply_and_merge_keep_if():
    assert merge_apply((1, 2), lambda n: frozenset({n, -n})) == frozenset({1, -1, 2, -2})
    parts = frozenset({frozenset({1, 2}), frozenset({3})})
    assert merge_keep_if(parts, lambda part: len(part) == 2) == frozenset({1, 2})


@PROPERTY
@given(st.frozensets(objects(min_size=1, max_size=4), max_size=5))
def test_merge_apply_is_merge_of_apply(objs):
    assert merge_apply(objs, lambda obj: obj) == merge(apply(objs, lambda obj: obj))


def test_extract_returns_the_first_match_or_raises():
    assert extract((1, 4, 6), is_even) == 4
    assert extract(frozenset({8, 6, 3}), is_even) == 6
    with pytest.raises(ValueError):
        extract((1, 3), is_even)


def test_all_and_any_satisfy():
    assert all_satisfy((2, 4), is_even) and not all_satisfy((2, 3), is_even)
    assert any_satisfy((1, 4), is_even) and not any_satisfy((1, 3), is_even)
    assert all_satisfy((), is_even) and not any_satisfy((), is_even)


def test_most_and_least_common():
    assert most_common((1, 2, 2, 3)) == 2
    assert least_common((1, 1, 2, 3, 3)) == 2
    assert most_common((3, 1, 1, 3)) == 3  # first of the tied, in tuple order
    with pytest.raises(ValueError):
        most_common(())


@PROPERTY
@given(int_tuples.filter(bool))
def test_most_common_has_the_highest_count(items):
    assert items.count(most_common(items)) == max(items.count(x) for x in items)
    assert items.count(least_common(items)) == min(items.count(x) for x in items)


# ---------------------------------------------------------------- ranges and budgets

def test_interval_and_repeat():
    assert interval(1, 7, 2) == (1, 3, 5)
    assert interval(2, -1, -1) == (2, 1, 0)
    assert repeat("x", 3) == ("x", "x", "x")
    assert repeat(1, -2) == ()
    with pytest.raises(ValueError):
        interval(0, 5, 0)


def test_blow_ups_raise_budget_exceeded():
    big = tuple(range(50))
    with active(Budget(max_items=1000)):
        with pytest.raises(BudgetExceeded) as caught:
            product(big, big)
        assert caught.value.limit == "items"
        with pytest.raises(BudgetExceeded):
            repeat(0, 10**12)
        with pytest.raises(BudgetExceeded):
            interval(0, 10**12, 1)
        assert len(product(big, big[:20])) == 1000


# ---------------------------------------------------------------- registry, signatures, doctests

def negate(n):
    return -n


SAMPLE_ARGS = {
    "size": ((1, 2),), "first": ((1, 2),), "last": (frozenset({1, 2}),),
    "union": (frozenset({1}), frozenset({2})), "intersection": (frozenset({1}), frozenset({1})),
    "difference": (frozenset({1}), frozenset({2})), "dedupe": ((1, 1),), "reverse": ((1, 2),),
    "to_tuple": (frozenset({1}),), "nth": ((1, 2), 1), "order": ((2, 1), negate),
    "argmax": ((2, 1), negate), "argmin": ((2, 1), negate), "max_value": ((2, 1), negate),
    "min_value": ((2, 1), negate), "total": ((2, 1),), "product": ((1,), (2,)),
    "pairwise": ((1,), (2,)), "pairwise_apply": ((1,), (2,), max), "other": ((1, 2), 1),
    "apply": ((1,), negate), "merge": (((1,), (2,)),),
    "merge_apply": ((1,), singleton), "keep_if": ((1, 2), is_even),
    "merge_keep_if": ((frozenset({2}),), bool), "extract": ((1, 2), is_even),
    "all_satisfy": ((2,), is_even), "any_satisfy": ((2,), is_even),
    "most_common": ((1, 1, 2),), "least_common": ((1, 1, 2),), "singleton": (1,),
    "insert": (frozenset(), 1), "remove": ((1, 2), 1), "contains": ((1, 2), 1),
    "interval": (0, 3, 1), "repeat": (1, 2),
}

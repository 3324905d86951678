"""The bank of one enumeration: terms by size, one per distinct value, and what fits a slot.

Also the leaves the bank starts from (``seed_terms``) and the primitives the
enumeration applies (``enumerable_primitives``), chosen by signature only.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from tasks.data.arc import Task, leave_one_out
from tasks.data.types import ANY, BOOLEAN, CALLABLE, CONTAINER, GRID, INTEGER, PAIR, PATCH, SAMPLES
from tasks.programs.program import Const, Input, Prim
from tasks.programs.typecheck import accepts
from tasks.search.memory import TERM_OVERHEAD_BYTES, SharedParts
from tasks.search.terms import ABSTRACT_TYPES, Term

# Primitives never worth enumerating: no-ops, and indirect calls of what is enumerated directly.
SKIPPED_PRIMITIVES = frozenset({"identity", "call", "branch", "fixed_point",
                                "product", "pairwise"})

# Higher-order primitives: what their function argument must return (None: anything).
FUNCTION_RESULTS: dict[str, str | None] = {
    "apply": None,
    "merge_apply": CONTAINER,
    "keep_if": BOOLEAN,
    "merge_keep_if": BOOLEAN,
    "extract": BOOLEAN,
    "argmax": INTEGER,
    "argmin": INTEGER,
    "order": INTEGER,
    "max_value": INTEGER,
    "min_value": INTEGER,
}


# Integer constants every task gets; the task's own colours are added to them.
BASE_INTEGERS = (0, 1, 2, 3, 4)

# Pair constants enumerated: the four steps and two small shapes. The diagonals and the
# rest stay reachable through mutation; as positions, constants rarely mean anything.
SEED_PAIRS = ("UNITY", "UP", "DOWN", "LEFT", "RIGHT", "TWO_BY_TWO", "THREE_BY_THREE")



def task_integers(task: Task) -> tuple[int, ...]:
    """Integer constants worth trying: small counts, and every colour the task shows.

    >>> from tasks.data.arc import Pair
    >>> task_integers(Task("t", (Pair(((7,),), ((8,),)),), ()))
    (0, 1, 2, 3, 4, 7, 8)
    """
    colours = {colour for pair in task.train for grid in (pair.input, pair.output)
               for row in grid for colour in row}
    return tuple(sorted(set(BASE_INTEGERS) | colours))



def input_values(task: Task) -> tuple[tuple, tuple]:
    """``I`` and ``S`` for every value a term holds: the train pairs (leave one out), then the test inputs.

    A term's values run over the test inputs too, so two programs that agree
    on every train output but not on a test input stay two terms: the second
    attempt then has a real alternative to offer.

    >>> from tasks.data.arc import Pair
    >>> inputs, samples = input_values(Task("t", (Pair(((1,),), ((2,),)),), (((3,),),)))
    >>> inputs, samples
    ((((1,),), ((3,),)), ((), ((((1,),), ((2,),)),)))
    """
    everything = tuple((pair.input, pair.output) for pair in task.train)
    inputs = tuple(pair.input for pair in task.train) + tuple(task.test_inputs)
    return inputs, leave_one_out(task) + (everything,) * len(task.test_inputs)


def seed_terms(task: Task, constants: Mapping[str, Any]) -> list[Term]:
    """The leaves: ``I``, ``S``, the task's integers, booleans and pair constants.

    Each holds one value per train pair and then one per test input (``input_values``).
    """
    inputs, samples = input_values(task)
    count = len(inputs)
    seeds = [Term(GRID, GRID, inputs, leaf=Input("I"), uses_input=True, reads_i=True),
             Term(SAMPLES, SAMPLES, samples, leaf=Input("S"), uses_input=True)]
    wanted_integers = set(task_integers(task))
    for name, entry in constants.items():
        if entry.type == INTEGER and entry.value not in wanted_integers:
            continue
        if entry.type == PAIR and name not in SEED_PAIRS:
            continue
        if entry.type in (INTEGER, BOOLEAN, PAIR):
            seeds.append(Term(entry.type, entry.type, (entry.value,) * count, leaf=Const(name)))
    return seeds


class Bank:
    """Terms by size, deduplicated by (type, values); lists of terms that fit a slot, cached.

    Of two terms with equal (type, values) the smaller is kept, and of two of
    one size the one whose ``text`` sorts first, so the bank after each size
    does not depend on the order the terms were built in.
    """

    def __init__(self, train_count: int | None = None) -> None:
        self.train_count = train_count  # values past it are the test inputs'
        self.integers: dict[tuple, Term] = {}  # train values -> the integer term standing for them
        self.by_size: list[list[Term]] = []
        self.seen: dict[tuple, tuple[int, int]] = {}  # key -> (size, position in by_size)
        self.count = 0
        self.shared = SharedParts()  # the parts (rows, cells) of stored values, one copy each
        self.terms_bytes = 0  # the stored terms' own objects (``TERM_OVERHEAD_BYTES`` each)
        self._fitting: dict[tuple[str, int], list[Term]] = {}

    def add(self, term: Term) -> bool:
        """Store ``term`` unless an equal one, no larger, is stored; True if stored."""
        key = term_key(term)
        try:
            where = self.seen.get(key)
        except TypeError:  # an unhashable value cannot be compared cheaply: skip it
            return False
        if where is not None:
            size, position = where
            stored = self.by_size[size][position]
            if size < term.size or stored.text <= term.text:
                return False
            term.values = stored.values  # equal: the one copy serves both
            self.by_size[size][position] = term  # same size, earlier text: it stands for the value
            self._index_train(term)
            return True
        while len(self.by_size) <= term.size:
            self.by_size.append([])
        # The key is made again from the shared values: one made of the originals would keep them alive.
        term.values = self.shared.values(term.values)
        self.seen[term_key(term)] = (term.size, len(self.by_size[term.size]))
        self.by_size[term.size].append(term)
        self.count += 1
        self.terms_bytes += TERM_OVERHEAD_BYTES
        self._index_train(term)
        return True

    @property
    def bytes(self) -> int:
        """An estimate of the memory the stored terms hold, their shared parts counted once.

        >>> bank = Bank()
        >>> grid = ((0, 0), (0, 0))
        >>> bank.add(Term("Grid", "Grid", (grid,), 1)), bank.bytes
        (True, 432)
        """
        return self.terms_bytes + self.shared.bytes

    def holds(self, term: Term) -> bool:
        """Is this very term stored (not replaced since by an equal one of earlier text)?

        >>> bank = Bank()
        >>> a, b = Term("Integer", "Integer", (1,), 1, _text="b"), Term("Integer", "Integer", (1,), 1, _text="a")
        >>> bank.add(a), bank.add(b), bank.holds(a), bank.holds(b)
        (True, True, False, True)
        """
        where = self.seen.get(term_key(term))
        return where is not None and self.by_size[where[0]][where[1]] is term

    def _index_train(self, term: Term) -> None:
        # Only integers are looked up by their train values (a fill colour per pair): indexing
        # every term would cost a slice and a dict entry per term on the enumeration's hot path.
        if term.type != INTEGER:
            return
        key = term.values[:self.train_count]
        known = self.integers.get(key)
        if known is None or (term.size, term.text) < (known.size, known.text):
            self.integers[key] = term

    def integer(self, train_values: tuple) -> Term | None:
        """The smallest stored integer term whose values on the train pairs are these, if any.

        >>> bank = Bank(train_count=1)
        >>> _ = bank.add(Term("Integer", "Integer", (4, 5), size=1))
        >>> bank.integer((4,)).values
        (4, 5)
        """
        return self.integers.get(tuple(train_values))

    def settle(self, size: int) -> None:
        """Put the terms of a finished ``size`` in text order, the order larger terms use them."""
        if size >= len(self.by_size):
            return
        terms = sorted(self.by_size[size], key=lambda term: term.text)
        self.by_size[size] = terms
        for position, term in enumerate(terms):
            self.seen[term_key(term)] = (size, position)

    def terms(self) -> Iterator[Term]:
        """Every stored term, smallest first."""
        for terms in self.by_size:
            yield from terms

    def fitting(self, expected: str, size: int) -> list[Term]:
        """The terms of exactly ``size`` that may be passed where ``expected`` is asked for.

        Only asked for sizes below the one being built, whose lists are final.
        """
        key = (expected, size)
        if key not in self._fitting:
            terms = self.by_size[size] if size < len(self.by_size) else []
            self._fitting[key] = [term for term in terms if fits_slot(expected, term)]
        return self._fitting[key]


def term_key(term: Term) -> tuple:
    """What makes two terms one: type and values, and for grids whether they read ``I``.

    A grid made from ``S`` alone never stands for one computed from the input
    (see ``Search.grids``), so the two are kept apart.
    """
    if term.type == GRID and not term.reads_i:
        return (term.type, term.values, "S")
    return (term.type, term.values)


def fits_slot(expected: str, term: Term) -> bool:
    if term.type == CALLABLE:
        return False
    if expected in ABSTRACT_TYPES and term.type == GRID and expected != PATCH:
        # A grid is a tuple of rows, but generic container primitives over rows duplicate
        # the grid primitives (reverse is mirror_top_bottom) or make noise (first row).
        return False
    if expected == ANY:
        # Any slots (remove, insert, repeat, ...) take plain values, not the task's samples.
        return term.type != SAMPLES
    return accepts(expected, term.type)



def enumerable_primitives(primitives: Mapping[str, Any]) -> list[Any]:
    """The primitives enumeration applies, by name: results that are values, not functions.

    Boolean results are left out too: without branching, a boolean term could
    only feed other booleans; predicates are used by name in ``keep_if`` and kin.
    """
    chosen = []
    for name in sorted(primitives):
        entry = primitives[name]
        if name in SKIPPED_PRIMITIVES or entry.returns in (CALLABLE, BOOLEAN) or not entry.args:
            continue
        if CALLABLE in entry.args and name not in FUNCTION_RESULTS:
            continue
        chosen.append(entry)
    return chosen


def function_choices(primitives: Mapping[str, Any]) -> list[Any]:
    """Unary primitives that may be passed by name to a higher-order primitive."""
    return [primitives[name] for name in sorted(primitives)
            if len(primitives[name].args) == 1 and name not in SKIPPED_PRIMITIVES
            and primitives[name].returns != CALLABLE and primitives[name].args[0] != ANY]


class FunctionLeaves:
    """Prim leaves for higher-order slots, by (element kind, wanted result), cached."""

    def __init__(self, primitives: Mapping[str, Any], count: int) -> None:
        self.choices = function_choices(primitives)
        self.count = count
        self._cache: dict[tuple[str, str | None], list[Term]] = {}
        self._named: dict[tuple[str, None], Term] = {}

    def named(self, name: str) -> Term:
        """The leaf passing the primitive ``name`` by name (any element kind).

        >>> from tasks.dsl import PRIMITIVES
        >>> FunctionLeaves(PRIMITIVES, 2).named("rot90").leaf
        Prim(name='rot90')
        """
        key = (name, None)
        if key not in self._named:
            function = next(entry.function for entry in self.choices if entry.name == name)
            self._named[key] = Term(CALLABLE, CALLABLE, (function,) * self.count, leaf=Prim(name))
        return self._named[key]

    def for_items(self, element: str | None, result: str | None) -> list[Term]:
        if element is None:
            return []
        key = (element, result)
        if key not in self._cache:
            self._cache[key] = [
                Term(CALLABLE, CALLABLE, (entry.function,) * self.count, leaf=Prim(entry.name))
                for entry in self.choices
                if accepts(entry.args[0], element)
                and (result is None or entry.returns == result
                     or (result == CONTAINER and accepts(CONTAINER, entry.returns)))]
        return self._cache[key]


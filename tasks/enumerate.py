"""Typed bottom-up enumeration of solvers with observational-equivalence pruning.

Sub-programs ("terms") are built smallest first. The leaves are the inputs
``I`` and ``S`` and typed constants (the task's colours and small integers,
booleans, a few pairs); a term applying one primitive has size one more than
its arguments' sizes added up, plus one when two or more of its arguments are
constants (see ``term_size``). Every term is run as soon as it is built, on
every train input of the task at once, so its value is the tuple of its
results per train pair (with ``S`` the other train pairs, leave one out). Two
terms of the same type with equal value tuples are one: the smaller is kept,
on a tie the one whose text sorts first. That is what keeps the bank small
enough to go deeper: ``rot90(rot270(I))`` is ``I``, and is never stored.

Each size is built in two passes: first only what could be a last step
(grids of the outputs' shape, judged on the first pair before the others
run), then the intermediate values larger programs need. The primitives take
turns by the time they have used, so a budget that runs out mid-size has
tried a little of everything. Three kinds of last step are found without
enumerating them: ``fill``/``underfill``/``paint`` of a patch that covers the
cells the outputs change, ``subgrid`` of a patch whose box has the outputs'
shape, and the colour swaps and replacements that map a grid onto the outputs.

Primitives are chosen by their signatures only (``tasks.dsl.PRIMITIVES``):
an argument slot takes the terms whose type fits it. Higher-order primitives
(``apply``, ``keep_if``, ``argmax``, ...) take a primitive by name as their
function argument, chosen by what the container holds.

>>> from tasks.arc import Pair, Task
>>> task = Task("t", (Pair(((1, 2),), ((2, 1),)), Pair(((3, 4), (5, 6)), ((4, 3), (6, 5)))), ())
>>> print(enumerate_programs(task)[0].to_source(), end="")
def solve(S, I):
    O = mirror_left_right(I)
    return O
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass
from itertools import chain, product
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

from tasks.arc import Task
from tasks.budget import Budget, enter, leave
from tasks.interpreter import is_valid_grid
from tasks.program import SOLVER, Const, Input, Prim, Program, Ref, Step, vocabulary
from tasks.typecheck import accepts
from tasks.types import (ANY, BOOLEAN, CALLABLE, CELL, CONTAINER, FROZENSET, GRID, GRIDS,
                         INDICES, INDICES_SET, INTEGER, INTEGER_SET, OBJECT, OBJECTS, PAIR,
                         PATCH, SAMPLES, TUPLE)

if TYPE_CHECKING:  # generate imports this module; the settings only annotate here
    from tasks.generate import GenerationSettings

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

# Returns its argument typed Any: what a program uses to pass a container as what it holds.
CAST_PRIMITIVE = "identity"

# Most swaps and replacements a colour-map completion may add (each counts 2 to the size).
MAX_RECOLOURS = 4

# Integer constants every task gets; the task's own colours are added to them.
BASE_INTEGERS = (0, 1, 2, 3, 4)

# Pair constants enumerated: the four steps and two small shapes. The diagonals and the
# rest stay reachable through mutation; as positions, constants rarely mean anything.
SEED_PAIRS = ("UNITY", "UP", "DOWN", "LEFT", "RIGHT", "TWO_BY_TWO", "THREE_BY_THREE")

# Types whose values are checked one sample deep; the abstract ones are refined at runtime.
_ABSTRACT = frozenset({ANY, CONTAINER, TUPLE, FROZENSET, PATCH})


@dataclass(eq=False, slots=True)
class Term:
    """A sub-program in the bank: a leaf argument, or a primitive applied to terms.

    ``type`` is what the type checker will see (the declared return type, or
    for an ``Any`` result the type its values show); ``kind`` is the most
    specific type of the values, used to choose functions for higher-order
    primitives; ``values`` holds one result per train pair.
    """

    type: str
    kind: str
    values: tuple
    size: int = 0
    depth: int = 0
    leaf: Any = None            # Input / Const / Prim for leaves
    primitive: str | None = None
    args: tuple = ()
    uses_input: bool = False    # depends on I or S: a term of constants alone is a constant
    cast: bool = False          # used as its values' type: the program adds identity()
    reads_i: bool = False       # depends on I: only such grids may be a solver's output
    _text: str | None = None

    @property
    def text(self) -> str:
        """The term as one nested expression: short at these sizes, and a total order.

        >>> Term("Grid", "Grid", (), 1, 1, None, "rot90", (Term("Grid", "Grid", (), leaf=Input("I")),)).text
        'rot90(I)'
        """
        if self._text is None:
            self._text = (self.leaf.name if self.leaf is not None
                          else f"{self.primitive}({','.join(arg.text for arg in self.args)})")
        return self._text


@dataclass(frozen=True)
class Found:
    """One enumerated solver: its program, size (``term_size``), depth, and fit to the outputs.

    ``accuracy`` is the mean share of cells equal to the outputs, 0..1000 (0
    unless every shape matches).
    """

    program: Program
    size: int
    depth: int
    exact: bool
    shape_match: bool
    accuracy: int


# --- values and their kinds -------------------------------------------------------------

def _is_pair(value: Any) -> bool:
    return type(value) is tuple and len(value) == 2 and type(value[0]) is int and type(value[1]) is int


def kind_of(value: Any) -> str:
    """The most specific DSL type of one value, judged by a sample of its items.

    >>> kind_of(3), kind_of((1, 2)), kind_of(((1, 2),)), kind_of(frozenset({(1, (0, 0))}))
    ('Integer', 'Pair', 'Grid', 'Object')
    >>> kind_of(frozenset()), kind_of(frozenset({frozenset({(0, 0)})}))
    ('FrozenSet', 'IndicesSet')
    """
    kind = type(value)
    if kind is bool:
        return BOOLEAN
    if kind is int:
        return INTEGER
    if kind is tuple:
        return _tuple_kind(value)
    if kind is frozenset:
        return _frozenset_kind(value)
    return CALLABLE if callable(value) else ANY


def _tuple_kind(value: tuple) -> str:
    if _is_pair(value):
        return PAIR
    if len(value) == 2 and type(value[0]) is int and _is_pair(value[1]):
        return CELL
    if is_valid_grid(value):
        return GRID
    if value and all(is_valid_grid(item) for item in value):
        return GRIDS
    return TUPLE


def _frozenset_kind(value: frozenset) -> str:
    if not value:
        return FROZENSET
    sample = next(iter(value))
    sample_kind = kind_of(sample)
    if sample_kind == CELL:
        return OBJECT
    if sample_kind == PAIR:
        return INDICES
    if sample_kind == INTEGER:
        return INTEGER_SET
    if sample_kind == OBJECT:
        return OBJECTS
    if sample_kind == INDICES:
        return INDICES_SET
    return FROZENSET


def _common_kind(values: tuple) -> str | None:
    """The one kind all values share, or None when they differ."""
    kinds = {kind_of(value) for value in values}
    return kinds.pop() if len(kinds) == 1 else None


def element_kind(values: tuple) -> str | None:
    """The kind of the items of a container term, from its first non-empty value.

    >>> element_kind((frozenset(), frozenset({(0, 1)})))
    'Pair'
    """
    for value in values:
        if type(value) in (tuple, frozenset) and value:
            return kind_of(next(iter(value)))
    return None


def leave_one_out(task: Task) -> tuple:
    """``S`` for each train pair: the other train pairs as (input, output) tuples.

    >>> from tasks.arc import Pair
    >>> leave_one_out(Task("t", (Pair(((1,),), ((2,),)), Pair(((3,),), ((4,),))), ()))
    (((((3,),), ((4,),)),), ((((1,),), ((2,),)),))
    """
    pairs = tuple((pair.input, pair.output) for pair in task.train)
    return tuple(pairs[:k] + pairs[k + 1:] for k in range(len(pairs)))


def task_integers(task: Task) -> tuple[int, ...]:
    """Integer constants worth trying: small counts, and every colour the task shows.

    >>> from tasks.arc import Pair
    >>> task_integers(Task("t", (Pair(((7,),), ((8,),)),), ()))
    (0, 1, 2, 3, 4, 7, 8)
    """
    colours = {colour for pair in task.train for grid in (pair.input, pair.output)
               for row in grid for colour in row}
    return tuple(sorted(set(BASE_INTEGERS) | colours))


# --- the bank ----------------------------------------------------------------------------

def seed_terms(task: Task, constants: Mapping[str, Any]) -> list[Term]:
    """The leaves: ``I``, ``S``, the task's integers, booleans and pair constants."""
    count = len(task.train)
    seeds = [Term(GRID, GRID, tuple(pair.input for pair in task.train), leaf=Input("I"),
                  uses_input=True, reads_i=True),
             Term(SAMPLES, SAMPLES, leave_one_out(task), leaf=Input("S"), uses_input=True)]
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

    def __init__(self) -> None:
        self.by_size: list[list[Term]] = []
        self.seen: dict[tuple, tuple[int, int]] = {}  # key -> (size, position in by_size)
        self.count = 0
        self._fitting: dict[tuple[str, int], list[Term]] = {}

    def add(self, term: Term) -> bool:
        """Store ``term`` unless an equal one, no larger, is stored; True if stored."""
        key = _key(term)
        try:
            where = self.seen.get(key)
        except TypeError:  # an unhashable value cannot be compared cheaply: skip it
            return False
        if where is not None:
            size, position = where
            stored = self.by_size[size][position]
            if size < term.size or stored.text <= term.text:
                return False
            self.by_size[size][position] = term  # same size, earlier text: it stands for the value
            return True
        while len(self.by_size) <= term.size:
            self.by_size.append([])
        self.seen[key] = (term.size, len(self.by_size[term.size]))
        self.by_size[term.size].append(term)
        self.count += 1
        return True

    def get(self, type_name: str, values: tuple) -> Term | None:
        """The stored term of this type with these values, if any."""
        where = self.seen.get((type_name, values))
        return None if where is None else self.by_size[where[0]][where[1]]

    def settle(self, size: int) -> None:
        """Put the terms of a finished ``size`` in text order, the order larger terms use them."""
        if size >= len(self.by_size):
            return
        terms = sorted(self.by_size[size], key=lambda term: term.text)
        self.by_size[size] = terms
        for position, term in enumerate(terms):
            self.seen[_key(term)] = (size, position)

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
            self._fitting[key] = [term for term in terms if _fits(expected, term)]
        return self._fitting[key]


def _key(term: Term) -> tuple:
    """What makes two terms one: type and values, and for grids whether they read ``I``.

    A grid made from ``S`` alone never stands for one computed from the input
    (see ``_Search.grids``), so the two are kept apart.
    """
    if term.type == GRID and not term.reads_i:
        return (term.type, term.values, "S")
    return (term.type, term.values)


def _fits(expected: str, term: Term) -> bool:
    if term.type == CALLABLE:
        return False
    if expected in _ABSTRACT and term.type == GRID and expected != PATCH:
        # A grid is a tuple of rows, but generic container primitives over rows duplicate
        # the grid primitives (reverse is mirror_top_bottom) or make noise (first row).
        return False
    if expected == ANY:
        # Any slots (remove, insert, repeat, ...) take plain values, not the task's samples.
        return term.type != SAMPLES
    return accepts(expected, term.type)


# --- applying primitives -----------------------------------------------------------------

def _run(function: Callable, arg_values: Sequence[tuple], budget: Budget) -> tuple | None:
    """The primitive on every train pair's arguments, or None if any run fails."""
    token = enter(budget)
    try:
        results = tuple(map(function, *arg_values))
    except Exception:  # noqa: BLE001 - a failing application just yields no term
        return None
    finally:
        leave(token)
    return None if None in results else results


def _typed(declared: str, values: tuple, can_cast: bool) -> tuple[str, str, bool] | None:
    """(type, kind, cast) of a new term, or None when its values cannot be used as one type.

    A result declared abstract (Container, FrozenSet, Patch, ...) whose values
    all show one concrete type is used as that type when ``can_cast``: its
    program then passes it through ``identity`` (which returns Any), the one
    way a program may say "this container holds Indices".
    """
    if declared == CALLABLE or any(callable(value) for value in values):
        return None
    if declared not in _ABSTRACT:
        return declared, declared, False
    kind = _common_kind(values)
    if declared == ANY:
        return (kind, kind, False) if kind not in (None, ANY) else None
    if kind is None or kind in _ABSTRACT or not accepts(declared, kind) or kind == declared:
        return declared, declared, False
    if not can_cast or not all(_holds_only(value, kind) for value in values):
        return declared, kind, False
    return kind, kind, True


# Item checks for the types a cast may claim; kind_of judges a container by one item only.
_ITEM_CHECKS: dict[str, Callable[[Any], bool]] = {
    INDICES: _is_pair,
    OBJECT: lambda item: type(item) is tuple and len(item) == 2 and type(item[0]) is int
    and _is_pair(item[1]),
    INTEGER_SET: lambda item: type(item) is int,
    OBJECTS: lambda item: type(item) is frozenset and _frozenset_kind(item) == OBJECT,
    INDICES_SET: lambda item: type(item) is frozenset and _frozenset_kind(item) == INDICES,
}


def _holds_only(value: Any, kind: str) -> bool:
    """Does every item of ``value`` fit ``kind`` (for the container kinds a cast may claim)?"""
    check = _ITEM_CHECKS.get(kind)
    return check is None or all(map(check, value))


def _constant_penalty(args: tuple) -> int:
    """1 when two or more arguments are constants, else 0: a part of a term's size.

    A primitive with several constant parameters (``switch_colours(x, 3, 4)``,
    ``crop(x, UNITY, TWO_BY_TWO)``) has as many variants as the product of
    its constants' counts; counting it one larger keeps those variants from
    crowding out compositions of simple steps at the same size.
    """
    constants = 0
    for arg in args:
        if type(arg.leaf) is Const:
            constants += 1
    return 1 if constants >= 2 else 0


def term_size(args: tuple) -> int:
    """The size of a term applying one primitive to ``args``.

    One for the application, the sizes of the arguments (leaves are 0), and
    ``_constant_penalty``.

    >>> leaf = lambda arg: Term("Integer", "Integer", (), leaf=arg)
    >>> term_size((leaf(Input("I")), leaf(Const("3")))), term_size((leaf(Const("3")), leaf(Const("4"))))
    (1, 2)
    """
    return 1 + sum(arg.size for arg in args) + _constant_penalty(args)


def _compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to write ``total`` as ``parts`` non-negative sizes, in a fixed order.

    >>> list(_compositions(2, 2))
    [(0, 2), (1, 1), (2, 0)]
    """
    if parts == 1:
        yield (total,)
        return
    for head in range(total + 1):
        for rest in _compositions(total - head, parts - 1):
            yield (head, *rest)


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


def _function_choices(primitives: Mapping[str, Any]) -> list[Any]:
    """Unary primitives that may be passed by name to a higher-order primitive."""
    return [primitives[name] for name in sorted(primitives)
            if len(primitives[name].args) == 1 and name not in SKIPPED_PRIMITIVES
            and primitives[name].returns != CALLABLE and primitives[name].args[0] != ANY]


class _Functions:
    """Prim leaves for higher-order slots, by (element kind, wanted result), cached."""

    def __init__(self, primitives: Mapping[str, Any], count: int) -> None:
        self.choices = _function_choices(primitives)
        self.count = count
        self._cache: dict[tuple[str, str | None], list[Term]] = {}

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


# --- turning terms into programs ---------------------------------------------------------

def term_program(term: Term) -> Program:
    """The straight-line solver computing ``term``; shared sub-terms become one step.

    A cast term is followed by ``identity`` of it, and its users read that.
    """
    steps: list[Step] = []
    index_of: dict[int, int] = {}

    def visit(node: Term) -> Any:
        if node.leaf is not None:
            return node.leaf
        if id(node) not in index_of:
            args = tuple(visit(arg) for arg in node.args)
            steps.append(Step(node.primitive, args))
            if node.cast:
                steps.append(Step(CAST_PRIMITIVE, (Ref(len(steps) - 1),)))
            index_of[id(node)] = len(steps) - 1
        return Ref(index_of[id(node)])

    visit(term)
    return Program(SOLVER, tuple(steps))


def _cell_accuracy(got: tuple, expected: tuple) -> int:
    """Share of equal cells in 0..1000; 0 when shapes differ."""
    if len(got) != len(expected) or len(got[0]) != len(expected[0]):
        return 0
    same = sum(a == b for row_a, row_b in zip(got, expected) for a, b in zip(row_a, row_b))
    return same * 1000 // (len(expected) * len(expected[0]))


def _fit(term: Term, outputs: tuple) -> tuple[bool, bool, int]:
    """(exact, shape_match, accuracy) of a grid term against the train outputs."""
    shapes = all(len(g) == len(o) and len(g[0]) == len(o[0]) for g, o in zip(term.values, outputs))
    accuracy = (sum(_cell_accuracy(g, o) for g, o in zip(term.values, outputs)) // len(outputs)
                if shapes else 0)
    return term.values == outputs, shapes, accuracy


# --- finishing with the last step the outputs ask for --------------------------------------

def _locations(patch: frozenset) -> frozenset:
    """The (row, col) locations of a patch, whether Indices or an Object."""
    sample = next(iter(patch), None)
    if sample is not None and type(sample[1]) is tuple:
        return frozenset(location for _, location in patch)
    return patch


def changed_cells(task: Task) -> tuple[frozenset, ...] | None:
    """Per pair, the locations where the output differs from the input; None unless shapes agree."""
    changes = []
    for pair in task.train:
        source, target = pair.input, pair.output
        if len(source) != len(target) or len(source[0]) != len(target[0]):
            return None
        changes.append(frozenset((r, c) for r, row in enumerate(target)
                                 for c, colour in enumerate(row) if colour != source[r][c]))
    return tuple(changes)


def fill_colours(task: Task, changes: tuple[frozenset, ...] | None) -> tuple[int, ...] | None:
    """Per pair, the one colour every changed cell takes; None unless each pair has one.

    >>> from tasks.arc import Pair
    >>> task = Task("t", (Pair(((0, 0),), ((0, 4),)), Pair(((1,),), ((5,),))), ())
    >>> fill_colours(task, changed_cells(task))
    (4, 5)
    """
    if changes is None or not all(changes):
        return None
    colours = []
    for pair, cells in zip(task.train, changes):
        taken = {pair.output[r][c] for r, c in cells}
        if len(taken) != 1:
            return None
        colours.append(taken.pop())
    return tuple(colours)


def colour_map(grids: tuple, outputs: tuple) -> dict[int, int] | None:
    """The colour each cell of ``grids`` becomes in ``outputs``, if one map serves every cell.

    Only the colours that change are kept; None when shapes differ or a colour
    would have to become two.

    >>> colour_map((((1, 2), (2, 3)),), (((2, 1), (1, 3)),))
    {1: 2, 2: 1}
    >>> colour_map((((1, 1),),), (((1, 2),),)) is None
    True
    """
    seen: set[tuple[int, int]] = set()
    for grid, output in zip(grids, outputs):
        if len(grid) != len(output) or len(grid[0]) != len(output[0]):
            return None
        seen.update(zip(chain.from_iterable(grid), chain.from_iterable(output)))
    mapping = dict(seen)
    if len(mapping) != len(seen):
        return None
    return {old: new for old, new in sorted(mapping.items()) if old != new}


def colour_map_steps(mapping: Mapping[int, int]) -> list[tuple[str, int, int]] | None:
    """``switch_colours``/``replace_colour`` calls, in an order that applies ``mapping``.

    Swaps first, then replacements, each colour replaced before the one that
    becomes it; None for a cycle of three or more colours (no order works).

    >>> colour_map_steps({1: 2, 2: 1, 3: 1, 4: 3})
    [('switch_colours', 1, 2), ('replace_colour', 3, 1), ('replace_colour', 4, 3)]
    """
    swaps = [(a, b) for a, b in sorted(mapping.items()) if a < b and mapping.get(b) == a]
    swapped = {colour for pair in swaps for colour in pair}
    pending = {a: b for a, b in mapping.items() if a not in swapped}
    steps: list[tuple[str, int, int]] = [("switch_colours", a, b) for a, b in swaps]
    while pending:
        # Replace a colour once what it becomes is no longer to be replaced itself.
        ready = sorted(a for a, b in pending.items() if b not in pending)
        if not ready:
            return None
        for a in ready:
            steps.append(("replace_colour", a, pending.pop(a)))
    return steps


class _Goal:
    """What the train outputs ask of a last step, worked out once per task.

    When every output is its input with some cells set to one colour per
    pair, a patch term holding those cells solves the task as
    ``fill(I, colour, patch)`` (or ``underfill``, or ``paint`` for an object
    with the right colours), the colour a constant or an integer term of the
    bank with those values; when a patch's bounding box has the output's
    shape on every pair, ``subgrid(I, patch)`` may be the answer. Checking
    costs one subset or shape test per new patch term, so every patch found
    is tried: the enumeration reaches one step further for these. A grid
    term whose cells map to the outputs' by one colour map is finished with
    the swaps and replacements that apply it (``finish_grid``).
    """

    def __init__(self, task: Task, primitives: Mapping[str, Any], constants: Mapping[str, Any],
                 inputs: Term, bank: Bank) -> None:
        self.inputs = inputs
        self.bank = bank
        self.primitives = primitives
        self.constants = constants
        self.outputs = tuple(pair.output for pair in task.train)
        self.shapes = tuple((len(o), len(o[0])) for o in self.outputs)
        self.changes = changed_cells(task)
        self.colours = fill_colours(task, self.changes)
        self.recolours = [primitives[name] for name in ("fill", "underfill") if name in primitives
                          ] if self.colours is not None else []
        self.paint = primitives.get("paint") if self.changes is not None and any(self.changes) else None
        self.subgrid = primitives.get("subgrid")
        self.constant_colour = None
        if self.colours is not None and len(set(self.colours)) == 1 and str(self.colours[0]) in constants:
            self.constant_colour = Term(INTEGER, INTEGER, self.colours, leaf=Const(str(self.colours[0])))

    @property
    def active(self) -> bool:
        """Could a patch finish the task at all?"""
        return bool(self.recolours) or self.paint is not None or self.subgrid is not None

    def _covers_changes(self, locations: Sequence[frozenset]) -> bool:
        return self.changes is not None and all(
            changed <= cells for changed, cells in zip(self.changes, locations))

    def _subgrid_fits(self, locations: Sequence[frozenset]) -> bool:
        return self.subgrid is not None and all(
            cells and _box_shape(cells) == shape for cells, shape in zip(locations, self.shapes))

    def may_finish(self, patches: tuple) -> bool:
        """Could these values (the first pairs' at least) be finished into the outputs?"""
        if not all(type(patch) is frozenset for patch in patches):
            return False
        locations = [_locations(patch) for patch in patches]
        return ((bool(self.recolours) or self.paint is not None) and self._covers_changes(locations)
                or self._subgrid_fits(locations))

    def _colour_term(self) -> Term | None:
        """The colour to fill with: a constant, or an integer term with the per-pair colours."""
        if self.constant_colour is not None:
            return self.constant_colour
        return self.bank.get(INTEGER, self.colours)

    def finish(self, term: Term, budget: Budget) -> Term | None:
        """A term one step above ``term`` that reproduces every output, if one fits."""
        if term.kind not in (INDICES, OBJECT) or not accepts(PATCH, term.type):
            return None
        locations = [_locations(patch) for patch in term.values]
        if self._covers_changes(locations):
            colour = self._colour_term() if self.recolours else None
            for entry in self.recolours if colour is not None else ():
                found = self._check(entry, (self.inputs, colour, term), budget)
                if found is not None:
                    return found
            if self.paint is not None and term.type == OBJECT:
                found = self._check(self.paint, (self.inputs, term), budget)
                if found is not None:
                    return found
        if self._subgrid_fits(locations):
            return self._check(self.subgrid, (self.inputs, term), budget)
        return None

    def finish_grid(self, term: Term, budget: Budget) -> Term | None:
        """``term`` recoloured into the outputs by at most ``MAX_RECOLOURS`` swaps/replacements."""
        if term.type != GRID or term.values == self.outputs:
            return None
        mapping = colour_map(term.values, self.outputs)
        steps = colour_map_steps(mapping) if mapping else None
        if steps is None or len(steps) > MAX_RECOLOURS:
            return None
        for name, a, b in steps:
            if name not in self.primitives or str(a) not in self.constants or str(b) not in self.constants:
                return None
            args = (term, self._constant(a), self._constant(b))
            term = self._check(self.primitives[name], args, budget, final=False)
            if term is None:
                return None
        return term if term.values == self.outputs else None

    def _constant(self, value: int) -> Term:
        return Term(INTEGER, INTEGER, (value,) * len(self.outputs), leaf=Const(str(value)))

    def _check(self, entry: Any, args: tuple, budget: Budget, final: bool = True) -> Term | None:
        values = _run(entry.function, [arg.values for arg in args], budget)
        if values is None or (final and values != self.outputs):
            return None
        size = term_size(args)
        depth = 1 + max(arg.depth for arg in args)
        return Term(GRID, GRID, values, size, depth, None, entry.name, args, True,
                    reads_i=any(arg.reads_i for arg in args))


def _box_shape(cells: frozenset) -> tuple[int, int]:
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    return max(rows) - min(rows) + 1, max(cols) - min(cols) + 1


# --- the search --------------------------------------------------------------------------

class _Search:
    """One enumeration: the bank, the clock, and the solvers found so far."""

    def __init__(self, task: Task, settings: "GenerationSettings",
                 primitives: Mapping[str, Any], constants: Mapping[str, Any]) -> None:
        self.settings = settings
        self.count = len(task.train)
        self.outputs = tuple(pair.output for pair in task.train)
        self.budget = Budget(timeout_s=settings.application_timeout_s, max_steps=1_000,
                             max_cells=settings.max_cells, max_items=settings.max_items)
        self.deadline = time.perf_counter() + settings.time_budget_s
        self.bank = Bank()
        self.solved_at: int | None = None
        self.spent: dict[str, float] = {}  # seconds each primitive has used, for fair turns
        self.can_cast = CAST_PRIMITIVE in primitives
        self.primitives = enumerable_primitives(primitives)
        self.functions = _Functions(primitives, self.count)
        seeds = seed_terms(task, constants)
        self.goal = _Goal(task, primitives, constants, seeds[0], self.bank)
        for seed in seeds:
            self._keep(seed)

    def out_of_budget(self) -> bool:
        return (time.perf_counter() > self.deadline
                or self.bank.count >= self.settings.max_values)

    def _keep(self, term: Term) -> None:
        if not self.bank.add(term):
            return
        try:
            finished = self.goal.finish(term, self.budget) or self.goal.finish_grid(term, self.budget)
        except Exception:  # noqa: BLE001 - a value the goal cannot read just is not finished
            finished = None
        if finished is not None:
            self._keep(finished)
        if self.solved_at is None and term.reads_i and term.values == self.outputs and term.type == GRID:
            self.solved_at = term.size

    def run(self) -> None:
        """Grow the bank size by size, each size in two passes, until done or out of budget.

        The first pass of a size builds only what could be a last step: grids
        of the outputs' shape (judged on the first pair before running the
        others) and patches the goal may finish. It is cheap, so every
        solution of a size is found before any time goes to the intermediate
        values of that size, which the second pass builds for larger programs.
        """
        for size in range(1, self.settings.max_size + 1):
            if not self._grow(size, final=True):
                return
            if self.solved_at is not None and self.settings.stop_when_solved:
                return
            if size < self.settings.max_size and not self._grow(size, final=False):
                return
            self.bank.settle(size)

    def _grow(self, size: int, final: bool) -> bool:
        """Build the terms of ``size`` (``final``: only candidate last steps); False when out of budget.

        The primitives share the time fairly: the next application is always
        one of the primitive that has used the least time so far. A budget
        that runs out within a size has then tried a little of everything, and
        a slow primitive (symmetry repair on large grids) cannot crowd out the
        cheap ones that most solutions are made of.
        """
        wanted = {GRID, ANY}
        if self.goal.active:
            # Patches may be finished; abstract containers too, cast to what they hold.
            wanted |= {INDICES, OBJECT, PATCH} | ({CONTAINER, FROZENSET} if self.can_cast else set())
        entries = [entry for entry in self.primitives if not final or entry.returns in wanted]
        choices = [self._choices(entry, size) for entry in entries]
        queue = [(self.spent.get(entry.name, 0.0), order) for order, entry in enumerate(entries)]
        heapq.heapify(queue)
        clock = time.perf_counter
        while queue:
            spent, order = heapq.heappop(queue)
            args = next(choices[order], None)
            if args is None:
                continue
            if self.out_of_budget():
                return False
            entry = entries[order]
            start = clock()
            self._apply(entry, args, size, final)
            spent += clock() - start
            self.spent[entry.name] = spent
            heapq.heappush(queue, (spent, order))
        return True

    def _choices(self, entry: Any, size: int) -> Iterator[tuple]:
        """Every argument tuple that makes a term of ``size`` with ``entry`` (see ``term_size``)."""
        if entry.name in FUNCTION_RESULTS:
            for sizes in _compositions(size - 1, len(entry.args)):
                yield from self._higher_order_choices(entry, sizes)
            return
        for extra in (0, 1):
            if size - 1 - extra < 0:
                continue
            for sizes in _compositions(size - 1 - extra, len(entry.args)):
                for args in product(*(self.bank.fitting(expected, part)
                                      for expected, part in zip(entry.args, sizes))):
                    if _constant_penalty(args) == extra:
                        yield args

    def _higher_order_choices(self, entry: Any, sizes: tuple[int, ...]) -> Iterator[tuple]:
        """Arguments for (container, function): functions chosen by the container's items."""
        slot = entry.args.index(CALLABLE)
        if sizes[slot] != 0:  # a function argument is a leaf, of size 0
            return
        other = 1 - slot
        for container in self.bank.fitting(entry.args[other], sizes[other]):
            element = element_kind(container.values)
            for function in self.functions.for_items(element, FUNCTION_RESULTS[entry.name]):
                yield (container, function) if slot == 1 else (function, container)

    def _apply(self, entry: Any, args: tuple, size: int, final: bool = False) -> None:
        """Run ``entry`` on ``args``; keep the result as a term of ``size`` if it is new."""
        depth = 1 + max(arg.depth for arg in args)
        # Constants combined with constants give more constants, many and rarely useful.
        if depth > self.settings.max_depth or not any(arg.uses_input for arg in args):
            return
        if final:
            # The first pair decides whether the others are worth running; its result is kept.
            first = self._first_pair_value(entry, args)
            if first is None:
                return
            rest = _run(entry.function, [arg.values[1:] for arg in args], self.budget)
            values = None if rest is None else first + rest
        else:
            values = _run(entry.function, [arg.values for arg in args], self.budget)
        if values is None:
            return
        typed = _typed(entry.returns, values, self.can_cast)
        if typed is None:
            return
        self._keep(Term(typed[0], typed[1], values, size, depth, None, entry.name, args, True,
                        cast=typed[2], reads_i=any(arg.reads_i for arg in args)))

    def _first_pair_value(self, entry: Any, args: tuple) -> tuple | None:
        """The result on the first pair, as a 1-tuple, if it could be a last step; else None.

        A last step matters only as a grid of the output's shape (or a patch
        the goal may finish); running one pair first saves running the others
        for most applications.
        """
        value = _run(entry.function, [arg.values[:1] for arg in args], self.budget)
        if value is None:
            return None
        if type(value[0]) is frozenset:
            try:
                return value if self.goal.may_finish(value) else None
            except Exception:  # noqa: BLE001 - not a patch after all
                return None
        if type(value[0]) is not tuple or not value[0]:
            return None
        grid, expected = value[0], self.outputs[0]
        fits = (len(grid) == len(expected) and type(grid[0]) is tuple
                and len(grid[0]) == len(expected[0]))
        return value if fits else None

    def found(self, limit: int | None = None) -> list[Found]:
        """The best ``limit`` grid terms as ``Found``s, ranked (see ``rank_key``).

        Ranked on the terms, so only the programs handed on are ever built.
        """
        fits = [(term, *_fit(term, self.outputs)) for term in self.grids()]
        fits.sort(key=lambda fit: (not fit[1], not fit[2], fit[0].size, -fit[3], fit[0].text))
        return [Found(term_program(term), term.size, term.depth, exact, shapes, accuracy)
                for term, exact, shapes, accuracy in fits[:limit]]

    def grids(self) -> list[Term]:
        """The stored terms that are a valid grid on every train input, computed from it (I aside).

        A grid made from ``S`` alone (another pair's output, recoloured) can
        reproduce every train output under leave-one-out and still ignore the
        input: it is no solver.
        """
        return [term for term in self.bank.terms()
                if term.type == GRID and term.leaf is None and term.reads_i
                and all(map(is_valid_grid, term.values))]


def enumerate_found(task: Task, settings: "GenerationSettings | None" = None,
                    primitives: Mapping[str, Any] | None = None,
                    constants: Mapping[str, Any] | None = None,
                    limit: int | None = None) -> list[Found]:
    """The grid-valued terms found within the budget, ranked, the best ``limit`` of them.

    Ranked exact matches of every train output first, then matches of every
    output's shape, then smaller, then closer to the outputs cell by cell,
    then by the text of the nested expression.
    """
    if settings is None:
        from tasks.generate import GenerationSettings
        settings = GenerationSettings()
    primitives, constants = vocabulary(primitives, constants)
    search = _Search(task, settings, primitives, constants)
    search.run()
    return search.found(limit)


def enumerate_programs(task: Task, settings: "GenerationSettings | None" = None,
                       skip: int = 0, primitives: Mapping[str, Any] | None = None,
                       constants: Mapping[str, Any] | None = None) -> list[Program]:
    """Solver candidates for ``task``: programs whose value is a grid on every train input.

    Ordered exact matches of every train output first, then programs whose
    output shape matches on every pair, then by size; at most
    ``settings.max_candidates``. ``skip`` leaves out the first ``skip`` of the
    ranked programs except the exact matches, which always come first (a
    later round with a longer budget hands on the ones after those earlier
    rounds handed on). The vocabulary
    is the real DSL's unless given (tests use a small one).
    """
    if settings is None:
        from tasks.generate import GenerationSettings
        settings = GenerationSettings()
    found = enumerate_found(task, settings, primitives, constants, skip + settings.max_candidates)
    exact = [f.program for f in found if f.exact]
    # The exact matches were among the ``skip`` handed on before: skip that many fewer others.
    rest = [f.program for f in found if not f.exact][max(0, skip - len(exact)):]
    return (exact + rest)[: settings.max_candidates]

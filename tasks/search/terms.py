"""Terms: the sub-programs an enumeration stores, their value kinds, types and sizes.

A term is a leaf (``I``, ``S``, a constant, a primitive passed by name) or a
primitive applied to terms; its ``values`` hold one result per train pair.
What a value *is* (``kind_of``) is judged from the value itself, so the
enumeration can use an ``Any`` result where a concrete type is asked for.

>>> kind_of(((1, 2),)), term_size(())
('Grid', 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from tasks.data.types import (ANY, BOOLEAN, CALLABLE, CELL, CONTAINER, FROZENSET, GRID, GRIDS,
                              INDICES, INDICES_SET, INTEGER, INTEGER_SET, OBJECT, OBJECTS, PAIR,
                              PATCH, TUPLE)
from tasks.programs.program import Const
from tasks.programs.typecheck import accepts
from tasks.data.budget import Budget, enter, leave
from tasks.running.interpreter import is_valid_grid

# Returns its argument typed Any: what a program uses to pass a container as what it holds.
CAST_PRIMITIVE = "identity"


# Types whose values are checked one sample deep; the abstract ones are refined at runtime.
ABSTRACT_TYPES = frozenset({ANY, CONTAINER, TUPLE, FROZENSET, PATCH})



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

        >>> from tasks.programs.program import Input
        >>> Term("Grid", "Grid", (), 1, 1, None, "rot90", (Term("Grid", "Grid", (), leaf=Input("I")),)).text
        'rot90(I)'
        """
        if self._text is None:
            self._text = (self.leaf.name if self.leaf is not None
                          else f"{self.primitive}({','.join(arg.text for arg in self.args)})")
        return self._text



# --- values and their kinds -------------------------------------------------------------

def is_pair(value: Any) -> bool:
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
        return frozenset_kind(value)
    return CALLABLE if callable(value) else ANY


def _tuple_kind(value: tuple) -> str:
    if is_pair(value):
        return PAIR
    if len(value) == 2 and type(value[0]) is int and is_pair(value[1]):
        return CELL
    if is_valid_grid(value):
        return GRID
    if value and all(is_valid_grid(item) for item in value):
        return GRIDS
    return TUPLE


def frozenset_kind(value: frozenset) -> str:
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


def common_kind(values: tuple) -> str | None:
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



# --- applying primitives -----------------------------------------------------------------

def apply_to_pairs(function: Callable, arg_values: Sequence[tuple], budget: Budget) -> tuple | None:
    """The primitive on every train pair's arguments, or None if any run fails."""
    token = enter(budget)
    try:
        results = tuple(map(function, *arg_values))
    except Exception:  # noqa: BLE001 - a failing application just yields no term
        return None
    finally:
        leave(token)
    return None if None in results else results



def result_type(declared: str, values: tuple, can_cast: bool) -> tuple[str, str, bool] | None:
    """(type, kind, cast) of a new term, or None when its values cannot be used as one type.

    A result declared abstract (Container, FrozenSet, Patch, ...) whose values
    all show one concrete type is used as that type when ``can_cast``: its
    program then passes it through ``identity`` (which returns Any), the one
    way a program may say "this container holds Indices".
    """
    if declared == CALLABLE or any(callable(value) for value in values):
        return None
    if declared not in ABSTRACT_TYPES:
        return declared, declared, False
    kind = common_kind(values)
    if declared == ANY:
        return (kind, kind, False) if kind not in (None, ANY) else None
    if kind is None or kind in ABSTRACT_TYPES or not accepts(declared, kind) or kind == declared:
        return declared, declared, False
    if not can_cast or not all(_holds_only(value, kind) for value in values):
        return declared, kind, False
    return kind, kind, True


# Item checks for the types a cast may claim; kind_of judges a container by one item only.
_ITEM_CHECKS: dict[str, Callable[[Any], bool]] = {
    INDICES: is_pair,
    OBJECT: lambda item: type(item) is tuple and len(item) == 2 and type(item[0]) is int
    and is_pair(item[1]),
    INTEGER_SET: lambda item: type(item) is int,
    OBJECTS: lambda item: type(item) is frozenset and frozenset_kind(item) == OBJECT,
    INDICES_SET: lambda item: type(item) is frozenset and frozenset_kind(item) == INDICES,
}


def _holds_only(value: Any, kind: str) -> bool:
    """Does every item of ``value`` fit ``kind`` (for the container kinds a cast may claim)?"""
    check = _ITEM_CHECKS.get(kind)
    return check is None or all(map(check, value))



def constant_penalty(args: tuple) -> int:
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


def applied_term(entry: Any, args: tuple, returns: str, budget: Budget) -> Term | None:
    """The term ``entry(*args)`` of type ``returns``, run on every value; None if any run fails.

    >>> from tasks.dsl import PRIMITIVES
    >>> from tasks.programs.program import Input
    >>> grid = Term("Grid", "Grid", (((1, 2),),), leaf=Input("I"), reads_i=True)
    >>> applied_term(PRIMITIVES["rot180"], (grid,), "Grid", Budget()).values
    (((2, 1),),)
    """
    values = apply_to_pairs(entry.function, [arg.values for arg in args], budget)
    if values is None:
        return None
    return Term(returns, returns, values, term_size(args), 1 + max(arg.depth for arg in args), None,
                entry.name, args, True, reads_i=any(arg.reads_i for arg in args))


def term_size(args: tuple) -> int:
    """The size of a term applying one primitive to ``args``.

    One for the application, the sizes of the arguments (leaves are 0), and
    ``constant_penalty``.

    >>> from tasks.programs.program import Input
    >>> leaf = lambda arg: Term("Integer", "Integer", (), leaf=arg)
    >>> term_size((leaf(Input("I")), leaf(Const("3")))), term_size((leaf(Const("3")), leaf(Const("4"))))
    (1, 2)
    """
    return 1 + sum(arg.size for arg in args) + constant_penalty(args)


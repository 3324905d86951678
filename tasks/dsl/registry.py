"""The registry of DSL primitives and typed constants.

A primitive is a plain Python function registered with its signature beside
its definition::

    @primitive(GRID, returns=GRID)
    def rot90(grid):
        ...

The function itself is returned unchanged, so calling it directly costs
nothing extra; the signature is kept as data in ``PRIMITIVES``.

>>> from tasks.data.types import INTEGER
>>> @primitive(INTEGER, returns=INTEGER, register=False)
... def _twice(n):
...     return n + n
>>> _twice(3)
6
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from tasks.data.types import TYPE_NAMES


@dataclass(frozen=True)
class Primitive:
    """A DSL primitive: its name, the function, and its signature."""

    name: str
    function: Callable[..., Any]
    args: tuple[str, ...]
    returns: str
    doc: str
    # The result's (height, width) told from the arguments, for grid results (``tasks.dsl.shapes``).
    shape: Callable[..., tuple[int, int]] | None = None
    # The first two arguments may be exchanged without changing the result (``grid_and``,
    # ``union``): the enumeration builds one of the two orders only.
    commutative: bool = False

    @property
    def arity(self) -> int:
        return len(self.args)

    def signature(self) -> str:
        """Readable signature, e.g. ``"rot90(Grid) -> Grid"``."""
        return f"{self.name}({', '.join(self.args)}) -> {self.returns}"


@dataclass(frozen=True)
class Constant:
    """A named, typed constant that programs may use (``UP``, ``True``, ``3``)."""

    name: str
    value: Any
    type: str


PRIMITIVES: dict[str, Primitive] = {}
CONSTANTS: dict[str, Constant] = {}


def _check_type_names(where: str, names: tuple[str, ...]) -> None:
    for name in names:
        if name not in TYPE_NAMES:
            raise ValueError(f"{where}: unknown type name {name!r}; known: {sorted(TYPE_NAMES)}")


def primitive(*args: str, returns: str, register: bool = True,
              shape: Callable[..., tuple[int, int]] | None = None, commutative: bool = False) -> Callable:
    """Decorator: register a function as a primitive with this signature (and shape rule).

    ``commutative``: its first two arguments, of one type, may be exchanged.
    """
    def decorate(function: Callable) -> Callable:
        name = function.__name__
        _check_type_names(name, (*args, returns))
        if commutative and (len(args) < 2 or args[0] != args[1]):
            raise ValueError(f"primitive {name!r}: commutative needs two first arguments of one type")
        if register:
            if name in PRIMITIVES:
                raise ValueError(f"primitive {name!r} is defined twice")
            PRIMITIVES[name] = Primitive(name, function, tuple(args), returns,
                                         (function.__doc__ or "").strip(), shape,
                                         commutative)
        return function
    return decorate


def constant(name: str, value: Any, type_name: str) -> Any:
    """Register a typed constant under ``name`` and return its value."""
    _check_type_names(name, (type_name,))
    if name in CONSTANTS:
        raise ValueError(f"constant {name!r} is defined twice")
    CONSTANTS[name] = Constant(name, value, type_name)
    return value

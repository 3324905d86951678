"""Type checking: does every step's argument fit its primitive's signature?

Types are the names of ``tasks.data.types``. A value of type ``actual`` is accepted
where ``expected`` is asked for when ``actual`` is a subtype of ``expected``,
or when either is ``Any`` (generic primitives like ``first`` return Any, so
their results are trusted here and checked by running). A primitive passed as
a value has type Callable, as does a step whose primitive returns Callable.

>>> from tasks.dsl.registry import Primitive
>>> vocab = {"rot90": Primitive("rot90", lambda g: g, ("Grid",), "Grid", ""),
...          "size": Primitive("size", len, ("Container",), "Integer", "")}
>>> typecheck(Program.from_steps("solver", [("rot90", "I")]), vocab, {})
'Grid'
>>> typecheck(Program.from_steps("solver", [("size", "I"), ("rot90", "x1")]), vocab, {})
Traceback (most recent call last):
...
tasks.programs.typecheck.ProgramTypeError: step O = rot90(x1): argument 1 is Integer, expected Grid
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from tasks.programs.program import DIFFER, SOLVER, Arg, Input, Prim, Program, Ref, step_name, vocabulary
from tasks.data.types import ANY, CALLABLE, GRID, SAMPLES, TUPLE, is_subtype

# What each input holds: S the train pairs, I the grid, C the expected grid (differs).
INPUT_TYPES: dict[str, str] = {"S": SAMPLES, "I": GRID, "C": GRID}

# What each kind of program must return: a grid, or a (score, diff) tuple.
RESULT_TYPES: dict[str, str] = {SOLVER: GRID, DIFFER: TUPLE}


class ProgramTypeError(ValueError):
    """A step does not fit its primitive's signature; ``step`` is its 0-based index (-1: the result)."""

    def __init__(self, step: int, message: str) -> None:
        self.step = step
        super().__init__(message)


@lru_cache(maxsize=None)
def accepts(expected: str, actual: str) -> bool:
    """May a value of type ``actual`` be passed where ``expected`` is asked for?

    >>> accepts("Patch", "Object"), accepts("Object", "Patch"), accepts("Grid", "Any")
    (True, False, True)
    """
    return actual == ANY or expected == ANY or is_subtype(actual, expected)


def arg_type(arg: Arg, step_types: tuple[str, ...] | list[str],
             constants: Mapping[str, Any]) -> str:
    """The type of one argument, given the types of the steps before it.

    >>> arg_type(Input("S"), [], {}), arg_type(Prim("rot90"), [], {}), arg_type(Ref(0), ["Pair"], {})
    ('Samples', 'Callable', 'Pair')
    """
    if type(arg) is Ref:
        return step_types[arg.index]
    if type(arg) is Input:
        return INPUT_TYPES[arg.name]
    if type(arg) is Prim:
        return CALLABLE
    if arg.name not in constants:
        raise KeyError(arg.name)
    return constants[arg.name].type


def _describe(program: Program, index: int) -> str:
    last = program.size - 1
    step = program.steps[index]
    args = ", ".join(step_name(a.index, last) if type(a) is Ref else a.name for a in step.args)
    return f"step {step_name(index, last)} = {step.primitive}({args})"


def _step_type(program: Program, index: int, step_types: list[str],
               primitives: Mapping[str, Any], constants: Mapping[str, Any]) -> str:
    """The return type of step ``index``, or ProgramTypeError naming what does not fit."""
    step = program.steps[index]
    where = _describe(program, index)
    if step.primitive not in primitives:
        raise ProgramTypeError(index, f"{where}: unknown primitive {step.primitive!r}")
    signature = primitives[step.primitive]
    if len(step.args) != len(signature.args):
        raise ProgramTypeError(index, f"{where}: {step.primitive} takes "
                                      f"{len(signature.args)} arguments, got {len(step.args)}")
    for position, (arg, expected) in enumerate(zip(step.args, signature.args), start=1):
        if type(arg) is Prim and arg.name not in primitives:
            raise ProgramTypeError(index, f"{where}: unknown primitive {arg.name!r}")
        try:
            actual = arg_type(arg, step_types, constants)
        except KeyError:
            raise ProgramTypeError(index, f"{where}: unknown constant {arg.name!r}") from None
        if not accepts(expected, actual):
            raise ProgramTypeError(index, f"{where}: argument {position} is {actual}, "
                                          f"expected {expected}")
    return signature.returns


def step_types(program: Program, primitives: Mapping[str, Any] | None = None,
               constants: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """The type of every step's value, in order; ProgramTypeError at the first misfit.

    Does not check the result against the kind (``typecheck`` does).
    """
    primitives, constants = vocabulary(primitives, constants)
    types: list[str] = []
    for index in range(program.size):
        types.append(_step_type(program, index, types, primitives, constants))
    return tuple(types)


def typecheck(program: Program, primitives: Mapping[str, Any] | None = None,
              constants: Mapping[str, Any] | None = None) -> str:
    """Check every step and the result; return the program's result type.

    A solver must return a Grid (or Any); a differ a Tuple (or Any).
    """
    result = step_types(program, primitives, constants)[-1]
    expected = RESULT_TYPES[program.kind]
    if not accepts(expected, result):
        raise ProgramTypeError(-1, f"a {program.kind} must return {expected}, "
                                   f"but {_describe(program, program.size - 1)} returns {result}")
    return result


def is_well_typed(program: Program, primitives: Mapping[str, Any] | None = None,
                  constants: Mapping[str, Any] | None = None) -> bool:
    """``typecheck`` as a predicate, for filtering generated candidates.

    >>> from tasks.dsl.registry import Primitive
    >>> vocab = {"size": Primitive("size", len, ("Container",), "Integer", "")}
    >>> is_well_typed(Program.from_steps("solver", [("size", "I")]), vocab, {})
    False
    """
    try:
        typecheck(program, primitives, constants)
    except ProgramTypeError:
        return False
    return True

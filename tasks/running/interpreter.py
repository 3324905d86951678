"""Run programs under a Budget; every run ends in an ``Outcome``, never in a raise.

A program is compiled once into an ``Executable``: its canonical form (dead
steps dropped, repeated steps merged) resolved into a list of (function,
argument slots), where every slot indexes one list holding the inputs, the
constants and primitives the program uses, and each step's value in turn.
Running it is then one loop of plain calls, with one budget tick per step.

Faults of the candidate (any Exception, a size or step limit, the deadline,
runaway recursion, memory) become outcomes; KeyboardInterrupt and SystemExit
pass through. Nothing here starts a thread or a pool, and program text is
never executed: only the primitives' functions are called.

>>> from tasks.dsl.registry import Primitive
>>> vocab = {"rot90": Primitive("rot90", lambda g: tuple(zip(*g[::-1])), ("Grid",), "Grid", "")}
>>> program = Program.from_steps("solver", [("rot90", "I")])
>>> run_program(program, {"S": (), "I": ((1, 2),)}, Budget(), vocab, {})
Outcome(kind='ok', value=((1,), (2,)), detail='')
>>> run_program(program, {"S": (), "I": ((1, 2),)}, Budget(max_steps=0), vocab, {})
Outcome(kind='budget', value=None, detail='steps')
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable, Mapping, Sequence

from tasks.data.budget import Budget, BudgetExceeded, DeadlineExceeded, active, check_cells, tick
from tasks.programs.canonical import canonical
from tasks.data.grid import MAX_SCORE, MAX_SIDE
from tasks.programs.program import SOLVER, Const, Input, Prim, Program, Ref, vocabulary

OK = "ok"
ERROR = "error"
BUDGET = "budget"
TIMEOUT = "timeout"
OUTCOME_KINDS = (OK, ERROR, BUDGET, TIMEOUT)

INVALID_GRID = "InvalidGrid"
INVALID_DIFFER_RESULT = "InvalidDifferResult"


@dataclass(frozen=True)
class Outcome:
    """How one run ended: ``kind`` ok/error/budget/timeout, the ``value`` if ok, and a ``detail``.

    ``detail`` is the exception's type name for "error" (or InvalidGrid /
    InvalidDifferResult for a result of the wrong shape), the limit's name for
    "budget" ("cells", "items", "steps"), and "" otherwise.
    """

    kind: str
    value: Any = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind == OK

    @property
    def label(self) -> str:
        """The telemetry label: ``ok``, ``error:<Type>``, ``budget:<limit>`` or ``timeout``.

        >>> Outcome("budget", detail="cells").label, Outcome("ok", 1).label
        ('budget:cells', 'ok')
        """
        return f"{self.kind}:{self.detail}" if self.detail else self.kind


class ProgramError(ValueError):
    """The program names a primitive or constant the vocabulary lacks, or miscounts arguments."""


class Executable:
    """A program resolved for running: call it with the inputs in parameter order.

    Calling it runs the steps under whatever budget is active (ticking once per
    step) and raises what the primitives raise; ``run_program`` is the safe way.
    """

    __slots__ = ("program", "kind", "inputs", "prefix", "plan", "size")

    def __init__(self, program: Program, prefix: tuple, plan: tuple) -> None:
        self.program = program
        self.kind = program.kind
        self.inputs = program.inputs
        self.prefix = prefix   # values after the inputs: constants and primitives passed as values
        self.plan = plan       # per step: (function, getter or None, True when one argument)
        self.size = len(plan)

    def __call__(self, *inputs: Any) -> Any:
        values = [*inputs, *self.prefix]
        append = values.append
        step = tick
        for function, getter, single in self.plan:
            step()
            if single:
                append(function(getter(values)))
            elif getter is None:
                append(function())
            else:
                append(function(*getter(values)))
        return values[-1]

    def __repr__(self) -> str:
        return f"<Executable {self.kind} of {self.size} steps>"


def _getter(slots: tuple[int, ...]) -> tuple[Callable | None, bool]:
    # itemgetter reads all of a step's arguments in one C call; with one slot it returns
    # the value itself rather than a 1-tuple, hence the flag.
    if not slots:
        return None, False
    return itemgetter(*slots), len(slots) == 1


def _resolve(program: Program, primitives: Mapping[str, Any],
             constants: Mapping[str, Any]) -> Executable:
    """Compile the canonical form: values laid out as [inputs, constants and primitives, steps]."""
    program = canonical(program)
    slot_of: dict[Any, int] = {Input(name): slot for slot, name in enumerate(program.inputs)}
    prefix: list[Any] = []
    for step in program.steps:
        for arg in step.args:
            if type(arg) in (Const, Prim) and arg not in slot_of:
                slot_of[arg] = len(program.inputs) + len(prefix)
                prefix.append(_value(arg, primitives, constants))
    first_step_slot = len(program.inputs) + len(prefix)
    plan = []
    for step in program.steps:
        entry = primitives.get(step.primitive)
        if entry is None:
            raise ProgramError(f"unknown primitive {step.primitive!r}")
        if len(step.args) != len(entry.args):
            raise ProgramError(f"{step.primitive} takes {len(entry.args)} arguments, "
                               f"got {len(step.args)}")
        slots = tuple(first_step_slot + arg.index if type(arg) is Ref else slot_of[arg]
                      for arg in step.args)
        plan.append((entry.function, *_getter(slots)))
    return Executable(program, tuple(prefix), tuple(plan))


def _value(arg, primitives: Mapping[str, Any], constants: Mapping[str, Any]) -> Any:
    if type(arg) is Prim:
        if arg.name not in primitives:
            raise ProgramError(f"unknown primitive {arg.name!r}")
        return primitives[arg.name].function
    if arg.name not in constants:
        raise ProgramError(f"unknown constant {arg.name!r}")
    return constants[arg.name].value


@lru_cache(maxsize=1 << 14)
def _compile_with_real_vocabulary(program: Program) -> Executable:
    return _resolve(program, *vocabulary())


def compile_program(program: Program, primitives: Mapping[str, Any] | None = None,
                    constants: Mapping[str, Any] | None = None) -> Executable:
    """Resolve ``program`` once for fast repeated runs; ProgramError for unknown names.

    With the real vocabulary the result is cached by program content; with a
    vocabulary of the caller's, it is not (the cache could not tell two
    vocabularies apart).
    """
    if primitives is None and constants is None:
        return _compile_with_real_vocabulary(program)
    return _resolve(program, *vocabulary(primitives, constants))


_COLOURS = frozenset(range(10))


def is_valid_grid(value: Any) -> bool:
    """True when ``value`` is a grid an ARC answer may be: rows of ints 0..9, 1..30 a side.

    Faster than ``tasks.data.grid.is_grid`` (the cells are checked in C, as one set),
    at one cost: a value equal to a colour present as an int (``True`` next to a
    ``1``) is not told apart from it, as ``==`` would not tell them apart either.

    >>> is_valid_grid(((0, 9), (9, 0))), is_valid_grid(((0, 10),)), is_valid_grid(((0,), (1, 2)))
    (True, False, False)
    >>> is_valid_grid(((True,),)), is_valid_grid(((1.0,),)), is_valid_grid([[1]])
    (False, False, False)
    """
    if type(value) is not tuple or not 1 <= len(value) <= MAX_SIDE:
        return False
    first = value[0]
    if type(first) is not tuple or not 1 <= len(first) <= MAX_SIDE:
        return False
    width = len(first)
    for row in value:
        if type(row) is not tuple or len(row) != width:
            return False
    cells = set().union(*value)
    return cells <= _COLOURS and all(type(cell) is int for cell in cells)


def is_valid_differ_result(value: Any) -> bool:
    """True for ``(score, diff)`` with an int score 0..1000.

    >>> is_valid_differ_result((1000, ())), is_valid_differ_result((1001, ())), is_valid_differ_result(5)
    (True, False, False)
    """
    return (type(value) is tuple and len(value) == 2 and type(value[0]) is int
            and 0 <= value[0] <= MAX_SCORE)


def _input_values(executable: Executable, inputs: Mapping[str, Any] | Sequence[Any]) -> list:
    names = executable.inputs
    if type(inputs) is dict or isinstance(inputs, Mapping):
        try:
            return [inputs[name] for name in names]
        except KeyError:
            missing = [name for name in names if name not in inputs]
            raise ValueError(f"a {executable.kind} needs inputs {names}; missing {missing}") from None
    if len(inputs) != len(names):
        raise ValueError(f"a {executable.kind} takes {len(names)} inputs {names}, got {len(inputs)}")
    return list(inputs)


# A run without a budget of its own gets the defaults: 1 s, 10,000 steps.
RUN_BUDGET = Budget()


def run_program(program: Program | Executable, inputs: Mapping[str, Any] | Sequence[Any],
                budget: Budget | None = None, primitives: Mapping[str, Any] | None = None,
                constants: Mapping[str, Any] | None = None) -> Outcome:
    """Run ``program`` on ``inputs`` under ``budget``; the outcome says how it ended.

    ``inputs`` maps input names to values (``{"S": pairs, "I": grid}``, plus
    ``"C"`` for a differ) or lists them in parameter order. ``program`` may be
    an Executable from ``compile_program`` (then the vocabulary arguments are
    ignored). Raises only for the caller's faults (missing inputs), never for
    the program's: unknown names end in ``error:ProgramError``.

    A solver's value must be a valid grid (else ``error:InvalidGrid``) within
    the cell budget; a differ's a ``(score, diff)`` with score 0..1000 (else
    ``error:InvalidDifferResult``).
    """
    if type(program) is Executable:
        executable = program
    else:
        try:
            executable = compile_program(program, primitives, constants)
        except ProgramError:
            return Outcome(ERROR, None, ProgramError.__name__)
    values = _input_values(executable, inputs)
    with active(RUN_BUDGET if budget is None else budget):
        try:
            value = executable(*values)
            if executable.kind == SOLVER:
                if not is_valid_grid(value):
                    return Outcome(ERROR, None, INVALID_GRID)
                check_cells(len(value) * len(value[0]))
            elif not is_valid_differ_result(value):
                return Outcome(ERROR, None, INVALID_DIFFER_RESULT)
            return Outcome(OK, value)
        except BudgetExceeded as exceeded:
            return Outcome(BUDGET, None, exceeded.limit)
        except DeadlineExceeded:
            return Outcome(TIMEOUT)
        except Exception as error:  # noqa: BLE001 - any fault of the candidate is an outcome
            return Outcome(ERROR, None, type(error).__name__)
        except BaseException as error:
            # SystemExit, GeneratorExit or a candidate's own BaseException must not kill the
            # worker and lose its whole chunk. Only a real Ctrl-C still stops the program: it
            # arrives in the main thread, where Dask never runs tasks of process workers.
            if isinstance(error, KeyboardInterrupt) and threading.current_thread() is threading.main_thread():
                raise
            return Outcome(ERROR, None, type(error).__name__)

"""Programs as data: straight-line steps ``x_k = primitive(args)``.

A program is a tuple of steps; each step names a primitive and its arguments;
the last step is the result. An argument is one of:

- ``Input("I")``: an input of the program (``S``, ``I``, and ``C`` for differs);
- ``Const("3")``: a typed constant, by its exact program text (a key of ``CONSTANTS``);
- ``Prim("rot90")``: a primitive passed by name as a value (for higher-order primitives);
- ``Ref(0)``: the value of an earlier step, by its 0-based position.

Programs carry no variable names: printing numbers the steps ``x1, x2, ...``
and names the last one ``O``.

>>> program = Program.from_steps("solver", [("rot90", "I"), ("fill", "x1", 3, "x1")])
>>> print(program.to_source(), end="")
def solve(S, I):
    x1 = rot90(I)
    O = fill(x1, 3, x1)
    return O
>>> program.size, program.inputs
(2, ('S', 'I'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Mapping, Union

SOLVER = "solver"
DIFFER = "differ"

# The inputs each kind of program receives, in the order of its parameters.
INPUT_NAMES: dict[str, tuple[str, ...]] = {SOLVER: ("S", "I"), DIFFER: ("S", "I", "C")}

# The function name each kind prints with.
FUNCTION_NAMES: dict[str, str] = {SOLVER: "solve", DIFFER: "differ"}

RESULT_NAME = "O"

_STEP_NAME = re.compile(r"x([1-9][0-9]*)\Z")
_CONSTANT_TEXT = re.compile(r"(-?[0-9]+|True|False|[A-Z][A-Z0-9_]*)\Z")


@dataclass(frozen=True, slots=True)
class Input:
    """An input of the program: ``S`` (train pairs), ``I`` (the grid), ``C`` (expected grid)."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Const:
    """A typed constant, named by its exact program text (``"3"``, ``"-1"``, ``"UP"``)."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Prim:
    """A primitive used as a value, e.g. the function argument of ``apply``."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Ref:
    """The value computed by an earlier step, by its 0-based position in the program."""

    index: int

    def __str__(self) -> str:
        return step_name(self.index)


Arg = Union[Input, Const, Prim, Ref]


@dataclass(frozen=True, slots=True)
class Step:
    """One step: ``primitive(*args)``."""

    primitive: str
    args: tuple[Arg, ...]


def vocabulary(primitives: Mapping[str, Any] | None = None,
               constants: Mapping[str, Any] | None = None) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """The primitives and constants to use: the ones given, else the real DSL's.

    Every function that reads names takes the vocabulary as parameters so it
    can run against a small test vocabulary; the real one is imported only
    when needed (importing ``tasks.dsl`` registers all primitives).
    """
    if primitives is None or constants is None:
        import tasks.dsl
        primitives = tasks.dsl.PRIMITIVES if primitives is None else primitives
        constants = tasks.dsl.CONSTANTS if constants is None else constants
    return primitives, constants


def step_name(index: int, last: int | None = None) -> str:
    """The printed name of step ``index`` (0-based); the step at ``last`` is ``O``.

    >>> step_name(0), step_name(4), step_name(4, last=4)
    ('x1', 'x5', 'O')
    """
    return RESULT_NAME if index == last else f"x{index + 1}"


def as_arg(value: Any) -> Arg:
    """Read one argument written the way programs print.

    Arg objects pass through; ints and bools are constants; a string is an
    input name (``"I"``), a step (``"x2"`` is the second step), a constant's
    text (digits, ``True``/``False``, or an UPPER_CASE name), or else a
    primitive's name.

    >>> as_arg("I"), as_arg("x2"), as_arg(-1), as_arg("UP"), as_arg("rot90")
    (Input(name='I'), Ref(index=1), Const(name='-1'), Const(name='UP'), Prim(name='rot90'))
    """
    if isinstance(value, (Input, Const, Prim, Ref)):
        return value
    if isinstance(value, bool):
        return Const(str(value))
    if isinstance(value, int):
        return Const(str(value))
    if not isinstance(value, str):
        raise TypeError(f"cannot read {value!r} as a program argument")
    if value in ("S", "I", "C"):
        return Input(value)
    match = _STEP_NAME.match(value)
    if match:
        return Ref(int(match.group(1)) - 1)
    if _CONSTANT_TEXT.match(value):
        return Const(value)
    return Prim(value)


def as_step(value: Step | Iterable[Any]) -> Step:
    """Read one step: a Step, or ``(primitive_name, *args)`` with args as in ``as_arg``.

    >>> as_step(("fill", "x1", 3, "I"))
    Step(primitive='fill', args=(Ref(index=0), Const(name='3'), Input(name='I')))
    """
    if isinstance(value, Step):
        return value
    name, *args = value
    return Step(name, tuple(as_arg(arg) for arg in args))


def _check_steps(kind: str, steps: tuple[Step, ...]) -> None:
    """Raise ValueError unless every reference points backwards and inputs suit ``kind``."""
    if kind not in INPUT_NAMES:
        raise ValueError(f"unknown program kind {kind!r}; expected one of {sorted(INPUT_NAMES)}")
    if not steps:
        raise ValueError("a program needs at least one step (its last step is the result)")
    inputs = INPUT_NAMES[kind]
    for position, step in enumerate(steps):
        if not isinstance(step, Step):
            raise TypeError(f"step {position + 1} is {type(step).__name__}, expected Step")
        for arg in step.args:
            if type(arg) not in (Input, Const, Prim, Ref):
                raise TypeError(f"step {step_name(position)} has argument {arg!r}; "
                                f"expected Input, Const, Prim or Ref (see as_arg)")
            if isinstance(arg, Ref) and not 0 <= arg.index < position:
                raise ValueError(f"step {step_name(position)} refers to {arg}, "
                                 f"which is not an earlier step")
            if isinstance(arg, Input) and arg.name not in inputs:
                raise ValueError(f"step {step_name(position)} uses input {arg.name}, "
                                 f"but a {kind} has only {', '.join(inputs)}")


@dataclass(frozen=True)
class Program:
    """A straight-line program of ``kind`` "solver" or "differ"; the last step is the result.

    Construction checks the structure (references point to earlier steps,
    inputs exist for the kind); whether the primitives and constants exist and
    fit together is the type checker's job (``tasks.programs.typecheck``).
    """

    kind: str
    steps: tuple[Step, ...]
    _hash: int | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.steps, tuple):
            object.__setattr__(self, "steps", tuple(self.steps))
        _check_steps(self.kind, self.steps)

    def __hash__(self) -> int:
        # Programs key caches (compiled forms, ids); hash the steps once, not per lookup.
        if self._hash is None:
            object.__setattr__(self, "_hash", hash((self.kind, self.steps)))
        return self._hash

    def __reduce__(self):
        # Pickle as plain tuples: programs cross process boundaries by the
        # hundred thousand (chunks to workers, through the scheduler), and
        # nested dataclass instances pickle several times slower. A cached hash
        # is only valid in the process that made it, so it is not carried.
        return (_decode, (self.kind, _encode_steps(self.steps)))

    @classmethod
    def from_steps(cls, kind: str, steps: Iterable[Step | Iterable[Any]]) -> "Program":
        """Build a program from steps written as ``(primitive_name, *args)``.

        >>> Program.from_steps("differ", [("equality", "I", "C")]).size
        1
        """
        return cls(kind, tuple(as_step(step) for step in steps))

    @property
    def size(self) -> int:
        """The number of steps."""
        return len(self.steps)

    @property
    def inputs(self) -> tuple[str, ...]:
        """The input names, in parameter order: ``("S", "I")`` or ``("S", "I", "C")``."""
        return INPUT_NAMES[self.kind]

    @property
    def primitives(self) -> frozenset[str]:
        """Every primitive the program names, called or passed as a value.

        >>> sorted(Program.from_steps("solver", [("apply", "rot90", "I")]).primitives)
        ['apply', 'rot90']
        """
        called = {step.primitive for step in self.steps}
        passed = {arg.name for step in self.steps for arg in step.args if isinstance(arg, Prim)}
        return frozenset(called | passed)

    def to_source(self, name: str | None = None) -> str:
        """The program as readable Python text, which ``tasks.programs.parse`` reads back.

        >>> print(Program.from_steps("solver", [("rot90", "I")]).to_source("solve_abc"), end="")
        def solve_abc(S, I):
            O = rot90(I)
            return O
        """
        last = len(self.steps) - 1
        lines = [f"def {name or FUNCTION_NAMES[self.kind]}({', '.join(self.inputs)}):"]
        for position, step in enumerate(self.steps):
            args = ", ".join(step_name(a.index, last) if isinstance(a, Ref) else a.name
                             for a in step.args)
            lines.append(f"    {step_name(position, last)} = {step.primitive}({args})")
        lines.append(f"    return {RESULT_NAME}")
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.to_source()


def _encode_arg(arg: Arg) -> Any:
    """An argument as a plain value: an int for a step, a tagged string otherwise."""
    if type(arg) is Ref:
        return arg.index
    return _ARG_TAGS[type(arg)] + arg.name


def _encode_steps(steps: tuple[Step, ...]) -> tuple:
    return tuple((step.primitive, tuple(_encode_arg(arg) for arg in step.args)) for step in steps)


# Distinct decoded steps a process keeps: far more than a round's candidates share.
DECODED_STEPS = 1 << 16


@lru_cache(maxsize=DECODED_STEPS)
def _decode_step(name: str, args: tuple) -> Step:
    """One encoded step, decoded once per process and then shared (steps are immutable).

    Candidates repeat the same few thousand steps: a worker unpickling a chunk of
    256 programs spent 4.6 ms building them afresh, as long as a few candidate runs.
    """
    return Step(name, tuple(Ref(code) if type(code) is int else _ARG_TYPES[code[0]](code[1:])
                            for code in args))


def _decode(kind: str, steps: tuple) -> "Program":
    """The program ``Program.__reduce__`` encoded.

    >>> import pickle
    >>> p = Program.from_steps("solver", [("fill", "I", 3, "I"), ("apply", "x1", "rot90")])
    >>> pickle.loads(pickle.dumps(p)) == p
    True
    """
    program = object.__new__(Program)
    # Encoded by __reduce__ from a program that passed its checks: not checked again.
    object.__setattr__(program, "kind", kind)
    object.__setattr__(program, "steps", tuple(_decode_step(name, args) for name, args in steps))
    object.__setattr__(program, "_hash", None)
    return program


_ARG_TAGS = {Input: "$", Const: "#", Prim: "@"}
_ARG_TYPES = {tag: kind for kind, tag in _ARG_TAGS.items()}

"""Type-correct mutations of programs: small edits a near-miss may be one step away from.

Five kinds of edit, each keeping the program well typed:

- replace an argument with an earlier step, an input or a constant whose type fits;
- swap a primitive for another with exactly the same signature;
- shift an integer constant by one up or down;
- append one step applying a Grid -> Grid primitive to the result;
- drop a step, rewiring its users to one of its own arguments of a fitting type.

Every mutant is checked by ``tasks.programs.typecheck``, put in canonical form (dead
steps dropped), and differs from the original by content id. Randomness comes
only from the ``random.Random`` passed in.

>>> import random
>>> program = Program.from_steps("solver", [("rot90", "I")])
>>> mutants = mutate(program, random.Random(0), 5)
>>> len(mutants), all(is_well_typed(m) for m in mutants)
(5, True)
"""

from __future__ import annotations

import random
from typing import Any, Callable, Mapping, Sequence

from tasks.programs.canonical import canonical, content_id
from tasks.programs.program import Const, Input, Prim, Program, Ref, Step, vocabulary
from tasks.programs.typecheck import INPUT_TYPES, accepts, arg_type, is_well_typed, step_types
from tasks.data.types import ANY, GRID, INTEGER

# Primitives a mutation never introduces: no-ops and indirect calls.
_NEVER_INTRODUCED = frozenset({"identity", "call"})

# Give up after this many tries per wanted mutant (some edits do not apply to a program).
_TRIES_PER_MUTANT = 12


def same_signature(name: str, primitives: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """Other primitives with exactly ``name``'s argument and return types, by name.

    >>> "rot270" in same_signature("rot90"), "rot90" in same_signature("rot90")
    (True, False)
    """
    primitives, _ = vocabulary(primitives, None)
    entry = primitives[name]
    return tuple(other for other in sorted(primitives)
                 if other != name and other not in _NEVER_INTRODUCED
                 and primitives[other].args == entry.args
                 and primitives[other].returns == entry.returns)


def grid_transforms(primitives: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """Unary Grid -> Grid primitives, by name: what ``append_step`` may add.

    >>> "rot90" in grid_transforms(), "fill" in grid_transforms()
    (True, False)
    """
    primitives, _ = vocabulary(primitives, None)
    return tuple(name for name in sorted(primitives)
                 if primitives[name].args == (GRID,) and primitives[name].returns == GRID)


def _replacements(program: Program, position: int, expected: str, types: Sequence[str],
                  constants: Mapping[str, Any]) -> list[Any]:
    """Every argument that may stand at step ``position`` where ``expected`` is asked for."""
    options: list[Any] = [Ref(k) for k in range(position) if accepts(expected, types[k])]
    options += [Input(name) for name in program.inputs if accepts(expected, INPUT_TYPES[name])]
    if expected != ANY:  # any constant fits Any; that is noise, not a mutation
        options += [Const(name) for name, entry in constants.items() if accepts(expected, entry.type)]
    return options


def _with_step(program: Program, position: int, step: Step) -> Program:
    steps = list(program.steps)
    steps[position] = step
    return Program(program.kind, tuple(steps))


def replace_argument(program: Program, rng: random.Random) -> Program | None:
    """Replace one argument with an earlier step, input or constant of a fitting type."""
    primitives, constants = vocabulary()
    types = step_types(program)
    slots = [(position, index) for position, step in enumerate(program.steps)
             for index, arg in enumerate(step.args) if type(arg) is not Prim]
    if not slots:
        return None
    position, index = rng.choice(slots)
    step = program.steps[position]
    expected = primitives[step.primitive].args[index]
    options = [arg for arg in _replacements(program, position, expected, types, constants)
               if arg != step.args[index]]
    if not options:
        return None
    args = list(step.args)
    args[index] = rng.choice(options)
    return _with_step(program, position, Step(step.primitive, tuple(args)))


def swap_primitive(program: Program, rng: random.Random) -> Program | None:
    """Swap one step's primitive (or a primitive passed as a value) for one of the same signature."""
    primitives, _ = vocabulary()
    sites = [(position, None) for position in range(program.size)]
    sites += [(position, index) for position, step in enumerate(program.steps)
              for index, arg in enumerate(step.args) if type(arg) is Prim]
    position, index = rng.choice(sites)
    step = program.steps[position]
    name = step.primitive if index is None else step.args[index].name
    options = same_signature(name, primitives)
    if not options:
        return None
    chosen = rng.choice(options)
    if index is None:
        return _with_step(program, position, Step(chosen, step.args))
    args = list(step.args)
    args[index] = Prim(chosen)
    return _with_step(program, position, Step(step.primitive, tuple(args)))


def shift_constant(program: Program, rng: random.Random) -> Program | None:
    """Move one integer constant up or down by one, when the shifted value is a constant too."""
    _, constants = vocabulary()
    sites = [(position, index) for position, step in enumerate(program.steps)
             for index, arg in enumerate(step.args)
             if type(arg) is Const and arg.name in constants and constants[arg.name].type == INTEGER]
    if not sites:
        return None
    position, index = rng.choice(sites)
    step = program.steps[position]
    value = constants[step.args[index].name].value + rng.choice((-1, 1))
    if str(value) not in constants:
        return None
    args = list(step.args)
    args[index] = Const(str(value))
    return _with_step(program, position, Step(step.primitive, tuple(args)))


def append_step(program: Program, rng: random.Random) -> Program | None:
    """Apply one Grid -> Grid primitive to the result."""
    result = len(program.steps) - 1
    return Program(program.kind, program.steps + (
        Step(rng.choice(grid_transforms()), (Ref(result),)),))


def drop_step(program: Program, rng: random.Random) -> Program | None:
    """Remove one step; its users read one of its own arguments instead, where that fits them."""
    if program.size < 2:
        return None
    primitives, constants = vocabulary()
    types = step_types(program)
    position = rng.randrange(program.size)
    step = program.steps[position]
    # What every user of the step asks for there; the result itself must stay a grid.
    wanted = [primitives[user.primitive].args[index] for user in program.steps[position + 1:]
              for index, arg in enumerate(user.args) if arg == Ref(position)]
    if position == program.size - 1:
        wanted.append(GRID)
    stand_ins = [arg for arg in step.args if type(arg) is not Prim
                 and all(accepts(expected, arg_type(arg, types, constants)) for expected in wanted)]
    if position == program.size - 1:
        stand_ins = [arg for arg in stand_ins if type(arg) is Ref]  # a result must be a step
    if not stand_ins:
        return None
    stand_in = rng.choice(stand_ins)

    def moved(arg: Any) -> Any:
        if type(arg) is not Ref:
            return arg
        if arg.index == position:
            return stand_in
        return Ref(arg.index - 1) if arg.index > position else arg

    steps = [Step(s.primitive, tuple(moved(arg) for arg in s.args))
             for k, s in enumerate(program.steps) if k != position]
    if position == program.size - 1:
        return Program(program.kind, tuple(steps[: stand_in.index + 1]))
    return Program(program.kind, tuple(steps))


MUTATIONS: tuple[Callable[[Program, random.Random], Program | None], ...] = (
    replace_argument, swap_primitive, shift_constant, append_step, drop_step)


def mutate(program: Program, rng: random.Random, count: int) -> list[Program]:
    """Up to ``count`` distinct well-typed mutants of ``program``, in canonical form.

    Every edit is blind to the task's data. Deterministic for the state of ``rng``.
    """
    original = content_id(program)
    seen = {original}
    mutants: list[Program] = []
    for _ in range(count * _TRIES_PER_MUTANT):
        if len(mutants) >= count:
            break
        try:
            mutant = rng.choice(MUTATIONS)(program, rng)
        except (KeyError, ValueError, IndexError):  # a program naming unknown primitives
            continue
        if mutant is None or not is_well_typed(mutant):
            continue
        mutant = canonical(mutant)
        key = content_id(mutant)
        if key not in seen:
            seen.add(key)
            mutants.append(mutant)
    return mutants

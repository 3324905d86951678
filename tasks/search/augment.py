"""A task seen under a symmetry of the square, and its solvers mapped back to the original task.

Some rules are one step in one orientation and several in another (the DSL
may draw lines or let objects fall one way more simply than another). The
enumeration of the task under a symmetry ``f`` (every train grid and test
input replaced by its image under ``f``) finds a program ``P`` for the
augmented task; the original task is then solved by ``f⁻¹ ∘ P ∘ f``, which is
again a straight-line DSL program: a first step ``f(I)``, then ``P``'s steps
reading it instead of ``I``, then ``f⁻¹`` of their result. It is evaluated on
the original train pairs like any other candidate, so it counts only when it
reproduces them.

Programs that read ``S`` (the other train pairs) are not mapped back: under
the symmetry they saw transformed pairs, which the original program cannot
recreate.

>>> from tasks.data.arc import Pair
>>> task = Task("t", (Pair(((1, 2),), ((1,), (2,))),), (((3, 4),),))
>>> augment_task(task, "transpose").train[0]
Pair(input=((1,), (2,)), output=((1, 2),))
>>> back = mapped_back(Program.from_steps("solver", [("rot90", "I")]), "transpose")
>>> [step.primitive for step in back.steps]
['transpose', 'rot90', 'transpose']
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from tasks.data.arc import Pair, Task
from tasks.dsl import PRIMITIVES
from tasks.programs.program import SOLVER, Input, Program, Ref, Step
from tasks.search.enumerate import enumerate_found
from tasks.search.settings import GenerationSettings

# Each symmetry by its DSL primitive, with the primitive that undoes it.
INVERSES: dict[str, str] = {
    "transpose": "transpose",
    "antitranspose": "antitranspose",
    "mirror_left_right": "mirror_left_right",
    "mirror_top_bottom": "mirror_top_bottom",
    "rot90": "rot270",
    "rot180": "rot180",
    "rot270": "rot90",
}


def augment_task(task: Task, symmetry: str) -> Task:
    """The task with every train grid and test input under ``symmetry`` (a key of ``INVERSES``)."""
    image = PRIMITIVES[symmetry].function
    return Task(f"{task.id}~{symmetry}",
                tuple(Pair(image(pair.input), image(pair.output)) for pair in task.train),
                tuple(image(grid) for grid in task.test_inputs))


def reads_samples(program: Program) -> bool:
    """Does any step read ``S``?

    >>> reads_samples(Program.from_steps("solver", [("rot90", "I")]))
    False
    """
    return any(arg == Input("S") for step in program.steps for arg in step.args)


def mapped_back(program: Program, symmetry: str) -> Program | None:
    """The solver of the original task made from a solver of the task under ``symmetry``.

    None when the program reads ``S`` (see the module's docstring).
    """
    if reads_samples(program):
        return None

    def shifted(arg: Any) -> Any:
        if arg == Input("I"):
            return Ref(0)
        return Ref(arg.index + 1) if isinstance(arg, Ref) else arg

    steps = [Step(symmetry, (Input("I"),))]
    steps += [Step(step.primitive, tuple(map(shifted, step.args))) for step in program.steps]
    steps.append(Step(INVERSES[symmetry], (Ref(len(steps) - 1),)))
    return Program(SOLVER, tuple(steps))


def solved_under_symmetries(task: Task, settings: GenerationSettings,
                            primitives: Mapping[str, Any] | None = None,
                            constants: Mapping[str, Any] | None = None) -> list[Program]:
    """Exact matches of ``task`` under each of ``settings.symmetries``, mapped back.

    Each symmetry's enumeration gets ``settings.symmetry_time_share`` of the
    time budget. The programs are only candidates: they count once evaluated
    on the original train pairs.
    """
    share = replace(settings, time_budget_s=settings.time_budget_s * settings.symmetry_time_share)
    solved = []
    for symmetry in settings.symmetries:
        augmented = augment_task(task, symmetry)
        for found in enumerate_found(augmented, share, primitives, constants, limit=settings.max_candidates):
            back = mapped_back(found.program, symmetry) if found.exact else None
            if back is not None:
                solved.append(back)
    return solved

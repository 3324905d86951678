"""Differs: DSL programs that say how near a candidate grid is to the expected one.

A differ ``differ(S, I, C) -> (score, diff)`` compares a candidate grid ``I``
with the expected grid ``C`` (``S`` holds the other train pairs): ``score`` is
0..1000, 1000 only when the grids are identical, and ``diff`` describes what
differs. Each looks at one aspect (cells, shape, palette, objects, ...), so a
near-miss scores high on the aspects it already gets right.

The programs live in ``programs.py`` beside this module, one named ``def``
each. That file is data: it is read as text and parsed by ``tasks.programs.parse``,
never imported (``conftest.py`` here keeps pytest from importing it).

>>> differs = load_named_differs()
>>> from tasks.programs.canonical import content_id
>>> len(differs) >= 12, content_id(differs["cells"]).startswith("differ_")
(True, True)
>>> run_differ(differs["grid_shape"], ((1, 2),), ((1, 2), (3, 4)))
(500, (1, 0))
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from tasks.data.budget import Budget
from tasks.programs.canonical import content_id
from tasks.running.interpreter import run_program
from tasks.programs.parse import ProgramSyntaxError, parse_programs
from tasks.programs.program import DIFFER, Program
from tasks.programs.typecheck import ProgramTypeError, typecheck

PROGRAMS_FILE = Path(__file__).with_name("programs.py")


def read_differs(path: Path = PROGRAMS_FILE) -> dict[str, Program]:
    """Parse and type-check every differ in ``path``: name -> Program, in file order.

    Raises ``ProgramSyntaxError`` (``file:line: reason``) at the first program
    the DSL does not accept, a type misfit or a solver included.
    """
    programs: dict[str, Program] = {}
    for entry in parse_programs(path.read_text(), str(path)):
        if entry.error is not None:
            raise entry.error
        if entry.program.kind != DIFFER:
            raise ProgramSyntaxError(str(path), entry.line, f"{entry.name} is not a differ: "
                                                            "its parameters must be (S, I, C)")
        if entry.name in programs:
            raise ProgramSyntaxError(str(path), entry.line, f"differ {entry.name} is defined twice")
        try:
            typecheck(entry.program)
        except ProgramTypeError as error:
            raise ProgramSyntaxError(str(path), entry.line,
                                     f"type error in {entry.name}: {error}") from None
        programs[entry.name] = entry.program
    return programs


@lru_cache(maxsize=1)
def _library() -> tuple[tuple[str, Program], ...]:
    return tuple(read_differs().items())


def load_named_differs() -> dict[str, Program]:
    """The bundled differs by name (``cells``, ``grid_shape``, ...), parsed once per process."""
    return dict(_library())


def load_differs() -> tuple[Program, ...]:
    """The bundled differs, in file order."""
    return tuple(program for _, program in _library())


def differ_ids() -> dict[str, str]:
    """Name -> content id (``differ_<hex>``) of every bundled differ.

    >>> all(i.startswith("differ_") for i in differ_ids().values())
    True
    """
    return {name: content_id(program) for name, program in _library()}


def run_differ(program: Program, candidate: Any, expected: Any, samples: tuple = (),
               budget: Budget | None = None) -> Any:
    """``(score, diff)`` of one differ on a candidate and the expected grid; raises if it fails.

    For inspecting differs by hand and in tests; the search runs them through
    ``tasks.running.evaluate.differ_score``, where a failing differ scores 0.
    """
    outcome = run_program(program, {"S": samples, "I": candidate, "C": expected}, budget)
    if not outcome.ok:
        raise RuntimeError(f"differ failed: {outcome.label}")
    return outcome.value

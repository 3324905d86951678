"""What one ARC task gets to try in one round: enumeration, transplants and mutations.

Round 0 is the bottom-up enumeration (``tasks.search.enumerate``) plus every pool
solver as it is (a solver of one task tried on another). Later rounds mutate
the best near-misses of this task and the pool's solvers
(``tasks.search.mutate``), and enumerate deeper where the budget allows. The result
is deduplicated by content id and depends only on (task, pool, near-misses,
settings, round, seed) -- up to the enumeration's time budget, which can cut
it short on a slow machine (``max_size`` bounds it deterministically).

>>> from tasks.data.arc import Pair, Task
>>> task = Task("t", (Pair(((1, 2),), ((2, 1),)), Pair(((3, 4), (5, 6)), ((4, 3), (6, 5)))), ())
>>> candidates = generate_candidates(task, (), (), GenerationSettings(), 0, seed=1)
>>> print(candidates[0].to_source(), end="")
def solve(S, I):
    O = mirror_left_right(I)
    return O
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any, Iterable, Mapping, Sequence

from tasks.data.arc import Task
from tasks.programs.canonical import content_id
from tasks.search.augment import solved_under_symmetries
from tasks.search.continuation import Handed, step_settings
from tasks.search.enumerate import enumerate_found, handed_on
from tasks.search.mutate import mutate
from tasks.search.settings import LONGEST_ROUND, GenerationSettings, time_budget
from tasks.programs.program import SOLVER, Program

__all__ = ["GenerationSettings", "LONGEST_ROUND", "ORIGINS", "dedupe_by_id", "generate_candidates",
           "generate_with_origins", "round_rng", "time_budget"]

# Where a candidate comes from, as its program row in the store says (the first origin of a
# program is kept): the task's enumeration (exact matches, stacked partial answers and
# near-misses), a mutant of one of the task's near-misses (which the differs choose), a pool
# solver of another task as it is, or a mutant of one.
ORIGINS = ("enumerated", "mutated", "transplanted", "pool-mutated")


def dedupe_by_id(programs: Iterable[Program]) -> tuple[Program, ...]:
    """The programs in order, each content id once (the first wins).

    >>> a = Program.from_steps("solver", [("rot90", "I")])
    >>> b = Program.from_steps("solver", [("rot180", "I"), ("rot90", "I")])
    >>> dedupe_by_id([a, b]) == (a,)
    True
    """
    return tuple(program for program, _ in _dedupe_with_origins([(programs, "")]))


def round_rng(seed: int | str, task_id: str, round_index: int) -> random.Random:
    """The random source of one (task, round): a string seed, so no salted hash() is involved.

    >>> round_rng(1, "t", 0).random() == round_rng(1, "t", 0).random()
    True
    """
    return random.Random(f"{seed}:{task_id}:{round_index}")


def _mutants(sources: Sequence[Program], rng: random.Random, count: int) -> list[Program]:
    mutants: list[Program] = []
    for program in sources:
        mutants.extend(mutate(program, rng, count))
    return mutants


def enumerated(task: Task, settings: GenerationSettings, skip: int = 0,
               primitives: Mapping[str, Any] | None = None,
               constants: Mapping[str, Any] | None = None) -> tuple[list[Program], list[Program]]:
    """(exact matches, the other programs handed on) of the task's enumeration.

    When the task itself has no exact match, it is enumerated again under each
    of ``settings.symmetries`` for ``settings.symmetry_time_share`` of the
    time, and the exact matches found there are mapped back
    (``tasks.search.augment``); they are still only candidates, evaluated on
    the original train pairs. The vocabulary is the real DSL's unless given.
    """
    found = enumerate_found(task, settings, primitives, constants, limit=skip + settings.max_candidates)
    exact, rest = handed_on(found, skip, settings.max_candidates)
    if exact:
        return exact, rest
    exact = solved_under_symmetries(task, settings, primitives, constants)
    return exact, rest[: max(0, settings.max_candidates - len(exact))]


def _enumerated_afresh(task: Task, settings: GenerationSettings,
                       round_index: int) -> tuple[list[Program], list[Program]]:
    """The enumeration of round ``round_index`` run from size 1: deeper and longer each round,
    past the programs the earlier rounds handed on."""
    if round_index == 0:
        return enumerated(task, settings)
    deeper = replace(step_settings(settings, round_index), time_budget_s=time_budget(settings, round_index))
    return enumerated(task, deeper, skip=settings.max_candidates * round_index)


def generate_candidates(task: Task, pool: Sequence[Program], near_misses: Sequence[Program],
                        settings: GenerationSettings, round_index: int,
                        seed: int | str = 0, handed: Handed | None = None) -> tuple[Program, ...]:
    """The candidates ``task`` gets in round ``round_index``, deduplicated by content id.

    The enumeration's exact matches come first, so a round cut by its deadline
    has evaluated them. Round 0: the enumeration (see ``enumerated``), then
    every pool solver as is. Later rounds: a longer and deeper enumeration
    (``max_size`` and ``max_depth`` one more per round, the time budget grown
    by ``deeper_time_factor`` per round) past the programs earlier rounds
    handed on, its exact matches first, then mutations of ``near_misses``
    (best first, as given), the pool solvers as is, mutants of a sample of
    them (``max_pool_mutants`` at most), then the rest of the enumeration.

    ``handed``: what a continued enumeration (``tasks.search.continuation``)
    handed on for this round, used instead of enumerating here.
    """
    return tuple(program for program, _ in generate_with_origins(task, pool, near_misses, settings,
                                                                 round_index, seed, handed))


def generate_with_origins(task: Task, pool: Sequence[Program], near_misses: Sequence[Program],
                          settings: GenerationSettings, round_index: int, seed: int | str = 0,
                          handed: Handed | None = None) -> tuple[tuple[Program, str], ...]:
    """``generate_candidates``, each program with where it came from (``ORIGINS``; the first wins).

    >>> from tasks.data.arc import Pair, Task
    >>> task = Task("t", (Pair(((1, 2),), ((2, 1),)),), ())
    >>> pool = (Program.from_steps("solver", [("rot90", "I")]),)
    >>> [origin for _, origin in generate_with_origins(task, pool, (), GenerationSettings(max_size=1), 0)][-1]
    'transplanted'
    """
    solvers = [program for program in pool if program.kind == SOLVER]
    if handed is None:
        exact, rest = _enumerated_afresh(task, settings, round_index)
    else:
        exact, rest = list(handed.exact), list(handed.rest)
    enumerated_, mutated, transplanted, pool_mutated = ORIGINS
    if round_index == 0:
        return _dedupe_with_origins([(exact, enumerated_), (rest, enumerated_), (solvers, transplanted)])
    rng = round_rng(seed, task.id, round_index)
    per_pool_program = max(1, settings.mutations_per_program // 4)
    # The pool grows with every solved task; a sample of it is mutated, so that its mutants
    # cannot crowd the round's chunks of this task past the deadline.
    sampled = rng.sample(solvers, min(len(solvers), settings.max_pool_mutants // per_pool_program))
    return _dedupe_with_origins([
        (exact, enumerated_),
        (_mutants(near_misses, rng, settings.mutations_per_program), mutated),
        (solvers, transplanted),
        (_mutants(sampled, rng, per_pool_program), pool_mutated),
        (rest, enumerated_),
    ])


def _dedupe_with_origins(groups: Sequence[tuple[Sequence[Program], str]]) -> tuple[tuple[Program, str], ...]:
    """The groups' programs in order, each content id once with the origin of its first group."""
    seen: set[str] = set()
    unique = []
    for programs, origin in groups:
        for program in programs:
            key = content_id(program)
            if key not in seen:
                seen.add(key)
                unique.append((program, origin))
    return tuple(unique)

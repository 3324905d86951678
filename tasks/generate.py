"""What one ARC task gets to try in one round: enumeration, transplants and mutations.

Round 0 is the bottom-up enumeration (``tasks.enumerate``) plus every pool
solver as it is (a solver of one task tried on another). Later rounds mutate
the best near-misses of this task and the pool's solvers
(``tasks.mutate``), and enumerate deeper where the budget allows. The result
is deduplicated by content id and depends only on (task, pool, near-misses,
settings, round, seed) -- up to the enumeration's time budget, which can cut
it short on a slow machine (``max_size`` bounds it deterministically).

>>> from tasks.arc import Pair, Task
>>> task = Task("t", (Pair(((1, 2),), ((2, 1),)), Pair(((3, 4), (5, 6)), ((4, 3), (6, 5)))), ())
>>> candidates = generate_candidates(task, (), (), GenerationSettings(), 0, seed=1)
>>> print(candidates[0].to_source(), end="")
def solve(S, I):
    O = mirror_left_right(I)
    return O
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from tasks.arc import Task
from tasks.canonical import content_id
from tasks.enumerate import enumerate_programs
from tasks.mutate import mutate
from tasks.program import SOLVER, Program

__all__ = ["GenerationSettings", "dedupe_by_id", "enumerate_programs", "generate_candidates",
           "mutate", "round_rng"]


@dataclass(frozen=True)
class GenerationSettings:
    """How much candidate generation does for one task in one round.

    ``max_depth``: deepest nesting of primitive applications enumerated;
    ``max_size``: largest size enumerated (``tasks.enumerate.term_size``:
    applications, plus one for two or more constant arguments; completions
    of patches and colour maps reach past it). It is the deterministic bound;
    ``time_budget_s`` (wall clock for the whole enumeration) and
    ``max_values`` (terms stored) stop it earlier on a slow machine or a
    task with many distinct values;
    ``max_candidates``: most enumerated programs handed on (the exact matches
    first; the rest only feed near-misses to mutation, since enumeration has
    already seen them miss, so few are worth their evaluation time);
    ``mutations_per_program``: mutants of each near-miss (pool solvers get a
    quarter as many); ``deeper_time_factor``: round ``r`` enumerates for
    ``time_budget_s * (1 + deeper_time_factor * r)``; ``stop_when_solved``:
    finish the size at which a program matches every train output, then stop;
    the rest are per-application limits of the enumeration: sizes and steps
    decide (deterministically), and ``application_timeout_s`` is only a
    backstop, long enough never to bite on a loaded machine in normal use.
    """

    max_depth: int = 4
    max_size: int = 3
    max_candidates: int = 512
    time_budget_s: float = 2.0
    max_values: int = 60_000
    mutations_per_program: int = 20
    stop_when_solved: bool = True
    deeper_time_factor: float = 0.5
    application_timeout_s: float = 1.0
    max_cells: int = 3_600
    max_items: int = 5_000


# Enumeration time grows with each round a task comes back, up to this many rounds.
LONGEST_ROUND = 4


def time_budget(settings: GenerationSettings, round_index: int) -> float:
    """Seconds round ``round_index``'s enumeration may take for one task (capped growth).

    >>> s = GenerationSettings(time_budget_s=2.0, deeper_time_factor=0.5)
    >>> time_budget(s, 2), time_budget(s, 50)
    (4.0, 6.0)
    """
    return settings.time_budget_s * (1 + settings.deeper_time_factor * min(round_index, LONGEST_ROUND))


def dedupe_by_id(programs: Iterable[Program]) -> tuple[Program, ...]:
    """The programs in order, each content id once (the first wins).

    >>> a = Program.from_steps("solver", [("rot90", "I")])
    >>> b = Program.from_steps("solver", [("rot180", "I"), ("rot90", "I")])
    >>> dedupe_by_id([a, b]) == (a,)
    True
    """
    seen: set[str] = set()
    unique = []
    for program in programs:
        key = content_id(program)
        if key not in seen:
            seen.add(key)
            unique.append(program)
    return tuple(unique)


def round_rng(seed: int | str, task_id: str, round_index: int) -> random.Random:
    """The random source of one (task, round): a string seed, so no salted hash() is involved.

    >>> round_rng(1, "t", 0).random() == round_rng(1, "t", 0).random()
    True
    """
    return random.Random(f"{seed}:{task_id}:{round_index}")


def _mutants(sources: Sequence[Program], task: Task, rng: random.Random, count: int) -> list[Program]:
    mutants: list[Program] = []
    for program in sources:
        mutants.extend(mutate(program, task, rng, count))
    return mutants


def generate_candidates(task: Task, pool: Sequence[Program], near_misses: Sequence[Program],
                        settings: GenerationSettings, round_index: int,
                        seed: int | str = 0) -> tuple[Program, ...]:
    """The candidates ``task`` gets in round ``round_index``, deduplicated by content id.

    Round 0: the enumeration, then every pool solver as is. Later rounds:
    mutations of ``near_misses`` (best first, as given), the pool solvers as is
    and mutated, then a longer and deeper enumeration (``max_size`` and
    ``max_depth`` one more per round, the time budget grown by
    ``deeper_time_factor`` per round), past the programs earlier rounds handed on.
    """
    solvers = [program for program in pool if program.kind == SOLVER]
    if round_index == 0:
        return dedupe_by_id([*enumerate_programs(task, settings), *solvers])
    rng = round_rng(seed, task.id, round_index)
    per_pool_program = max(1, settings.mutations_per_program // 4)
    deeper = replace(settings, max_size=settings.max_size + round_index,
                     max_depth=settings.max_depth + round_index,
                     time_budget_s=time_budget(settings, round_index))
    return dedupe_by_id([
        *_mutants(near_misses, task, rng, settings.mutations_per_program),
        *solvers,
        *_mutants(solvers, task, rng, per_pool_program),
        *enumerate_programs(task, deeper, skip=settings.max_candidates * round_index),
    ])


def measure(data: str = "arc-agi-1", split: str = "training", count: int = 20,
            settings: GenerationSettings | None = None) -> dict:
    """Enumerate for the first ``count`` tasks; how many does the enumeration alone solve?

    A task counts as solved when one of its first two exact matches of every
    train output (ranked as handed on) also gives every test output, which
    only this scoring reads (``Dataset.answers``); generation never sees them.
    """
    import time

    from tasks.arc import load_dataset
    from tasks.interpreter import run_program

    settings = settings or GenerationSettings()
    dataset = load_dataset(data, split, count=count)
    solved, seconds = [], []
    for task in dataset.tasks:
        start = time.perf_counter()
        programs = enumerate_programs(task, settings)
        seconds.append(time.perf_counter() - start)
        everything = tuple((pair.input, pair.output) for pair in task.train)
        outputs = tuple(pair.output for pair in task.train)
        exact = [p for p in programs[:2] if _outputs(p, task) == outputs]
        if any(tuple(run_program(p, {"S": everything, "I": grid}).value for grid in task.test_inputs)
               == tuple(dataset.answers[task.id]) for p in exact):
            solved.append(task.id)
    return {"tasks": len(dataset.tasks), "solved": solved,
            "seconds_per_task": sum(seconds) / max(1, len(seconds)),
            "max_seconds": max(seconds, default=0.0)}


def _outputs(program: Program, task: Task) -> tuple:
    from tasks.enumerate import leave_one_out
    from tasks.interpreter import run_program

    return tuple(run_program(program, {"S": samples, "I": pair.input}).value
                 for samples, pair in zip(leave_one_out(task), task.train))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(
        description="How many tasks does round-0 enumeration alone solve, and how fast?")
    parser.add_argument("--data", default="arc-agi-1")
    parser.add_argument("--split", default="training")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--time-budget", type=float, default=GenerationSettings.time_budget_s)
    options = parser.parse_args()
    report = measure(options.data, options.split, options.count,
                     GenerationSettings(time_budget_s=options.time_budget))
    print(f"{len(report['solved'])}/{report['tasks']} tasks solved by enumeration alone "
          f"({', '.join(report['solved']) or 'none'}); "
          f"{report['seconds_per_task']:.2f} s per task on average, {report['max_seconds']:.2f} s at most")

"""Candidate generation as Dask tasks: one per ARC task per round.

Generation runs on the workers (enumeration evaluates sub-programs on the
train inputs, which is real work). The client gets back programs with their
content ids, so every candidate is known by id before its chunk is built.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import dask

from graphs.engine.round import key_part, worker_name
from tasks.data.arc import Task
from tasks.running.evaluate import Candidate
from tasks.search.generate import generate_candidates
from tasks.search.settings import GenerationSettings
from tasks.programs.program import Program


# Below every chunk's priority (chunk k of a task has priority -k).
GENERATION_PRIORITY = -1_000_000


@dataclass(frozen=True)
class Generated:
    """One task's candidates for a round, the worker that made them, and its busy seconds."""

    candidates: tuple[Candidate, ...]
    worker: str
    busy_s: float


def run_generate(task: Task, pool: Sequence[Program], near_misses: Sequence[Program],
                 settings: GenerationSettings, round_index: int, seed: int) -> Generated:
    """Dask task: one ARC task's candidates for this round, with their content ids."""
    start = time.perf_counter()
    programs = generate_candidates(task, pool, near_misses, settings, round_index, seed)
    candidates = tuple(Candidate.of(program) for program in programs)
    return Generated(candidates, worker_name(), time.perf_counter() - start)


def pool_node(run_id: str, round_index: int, pool: Sequence[Program]) -> dask.delayed:
    """The round's pool as one key, shared by every task's generation."""
    return dask.delayed(tuple(pool), name=f"pool-{run_id}-r{round_index}", pure=False, traverse=False)


def generation_node(run_id: str, round_index: int, task: Task, pool: dask.delayed,
                    near_misses: Sequence[Program], settings: GenerationSettings,
                    seed: int, depth: int, position: int = 0) -> dask.delayed:
    """The delayed generation of one task's candidates for its ``depth``-th time.

    Generations come last in the workers' queue, in ``position`` order: a
    worker evaluates the chunks already made before it generates more, so the
    round goes task by task rather than generating everything first (which a
    deadline would cut before any evaluation).
    """
    with dask.annotate(priority=GENERATION_PRIORITY - position):
        return dask.delayed(run_generate)(
            task, pool, tuple(near_misses), settings, depth, seed,
            dask_key_name=f"generate-{run_id}-r{round_index}-{key_part(task.id)}")

"""The generation phase of a round: one Dask task per ARC task proposes its candidates.

Generation runs on the workers (enumeration evaluates sub-programs on the
train inputs, which is real work), and the client gets back programs with
their content ids, so every candidate of the evaluation graph is known, by
id, before it is submitted.
"""

from __future__ import annotations

import time
from typing import Mapping, Sequence

import dask
from distributed import Client, as_completed

from graphs.collect import collect_until
from graphs.round import key_part
from tasks.arc import Task
from tasks.evaluate import Candidate
from tasks.generate import GenerationSettings, generate_candidates
from tasks.program import Program


def run_generate(task: Task, pool: Sequence[Program], near_misses: Sequence[Program],
                 settings: GenerationSettings, round_index: int, seed: int) -> tuple[Candidate, ...]:
    """Dask task: one ARC task's candidates for this round, with their content ids."""
    programs = generate_candidates(task, pool, near_misses, settings, round_index, seed)
    return tuple(Candidate.of(program) for program in programs)


def generate_round(client: Client, run_id: str, round_index: int, tasks: Sequence[Task],
                   pool: Sequence[Program], near_misses: Mapping[str, Sequence[Program]],
                   settings: GenerationSettings, seed: int, timeout_s: float
                   ) -> tuple[dict[str, tuple[Candidate, ...]], list[str]]:
    """Candidates per task id, and the ids of tasks whose generation missed the deadline.

    Tasks that miss it get no candidates this round; nothing else waits on them.
    """
    pool_node = dask.delayed(tuple(pool), name=f"pool-{run_id}-r{round_index}", pure=False,
                             traverse=False)
    nodes = {task.id: dask.delayed(run_generate)(
                task, pool_node, tuple(near_misses.get(task.id, ())), settings, round_index, seed,
                dask_key_name=f"generate-{run_id}-r{round_index}-{key_part(task.id)}")
             for task in tasks}
    futures = client.compute(list(nodes.values()), optimize_graph=False)
    task_by_key = {future.key: task_id for future, task_id in zip(futures, nodes)}
    candidates: dict[str, tuple[Candidate, ...]] = {}

    def take(future, result) -> None:
        if future.status == "finished":
            candidates[task_by_key[future.key]] = result

    pending = as_completed(futures, with_results=True, raise_errors=False)
    collect_until(pending, time.time() + timeout_s, take)
    late = [task_id for task_id in nodes if task_id not in candidates]
    client.cancel([future for future in futures if not future.done()], force=True)
    return candidates, late

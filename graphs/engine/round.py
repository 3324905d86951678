"""One search round as one Dask graph of delayed tasks.

For every ARC task and every chunk of its candidates::

    chunk-<run>-r<round>-<task>-<chunk>   evaluate the chunk on the train pairs,
                                          then score its best near-misses with the differs

Each chunk carries its candidates and the content ids of its task and differs
(``graphs.engine.shared``: the task and any differ a worker cannot read itself
go to each worker once, in a worker plugin), so it depends on nothing and the
scheduler hands chunks out strictly by priority. A task's
chunks are reduced to a ``TaskSummary`` by the client (``summarise_task``),
which gathers every chunk's output anyway to write it to the store: as graph
tasks, the reductions were a fifth of a round's tasks and moved half of the
outputs from worker to worker first.

Chunks batch candidates because Dask's cost per task (~8 ms of CPU on a 2-core
machine whose client hosts the scheduler, half in the worker, half in the client)
is dozens of typical program runs (~0.1-0.5 ms each): a chunk should do >= 100 ms of work.
"""

from __future__ import annotations

import pickle
import time
from functools import partial
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import AbstractSet as Set, Any, Callable, Mapping, Sequence

import dask
from toolz import partition_all

from graphs.engine.shared import resolve, task_ref, to_send
from tasks.data.arc import Task
from tasks.data.budget import Budget
from tasks.running.evaluate import (Candidate, CandidateResult, Evaluated, evaluate_chunk_with_outputs,
                            score_near_misses)

# Measured with `python -m graphs.bench engine` (see README, Performance): at
# ~0.2-0.5 ms per candidate over a task's train pairs, 256 candidates keep a
# chunk near 100 ms. Chunks of 100 were slower and 512 no faster; 1,000 brought
# the engine from 0.89 to 0.96 of a process pool's rate (14 alternating turns)
# but make most tasks one chunk, which leaves threads idle on a cluster with
# more threads than a round has tasks. So a round chooses its own size
# (``chosen_chunk_size``) unless one is fixed; the benchmarks fix this one.
REFERENCE_CHUNK_SIZE = 256
# What ``--chunk-size`` defaults to: None, chosen per round.
DEFAULT_CHUNK_SIZE = None
# The largest chunk a round chooses: about a second of work at ~1 ms per candidate,
# and where the engine's rate stopped rising.
CHUNK_CAP = 1000
# Below this a chunk's Dask overhead (~8 ms of CPU here) is more than its work.
MIN_CHUNK_SIZE = 32
# Chunks per thread a round aims at: the last wave of chunks is a quarter of
# each thread's work, so threads finish close together.
CHUNKS_PER_THREAD = 4


def chosen_chunk_size(candidates: int, threads: int, cap: int = CHUNK_CAP) -> int:
    """Candidates per chunk for a round of ``candidates`` on ``threads`` threads.

    As large as leaves ``CHUNKS_PER_THREAD`` chunks for every thread, so each
    stays busy to the end of the round, but at most ``cap`` and at least
    ``MIN_CHUNK_SIZE`` (or ``cap``, if smaller).

    >>> chosen_chunk_size(100_000, 2, 1000)   # plenty of work: the cap
    1000
    >>> chosen_chunk_size(4_000, 2, 1000)     # 8 chunks of 500: 4 per thread
    500
    >>> chosen_chunk_size(40_000, 100, 1000)  # a larger cluster, smaller chunks
    100
    >>> chosen_chunk_size(4_000, 100, 1000), chosen_chunk_size(0, 4, 1000), chosen_chunk_size(10, 1, 8)
    (32, 32, 8)
    """
    if threads < 1 or cap < 1:
        raise ValueError(f"a chunk size needs threads >= 1 and cap >= 1 (got {threads}, {cap})")
    per_chunk = candidates // (threads * CHUNKS_PER_THREAD)  # rounded down: never fewer chunks
    return min(cap, max(MIN_CHUNK_SIZE, per_chunk))


def expected_candidates(tasks: Sequence[Task], saved: Mapping[str, Sequence[Candidate]],
                        per_generated_task: int) -> int:
    """A round's work as known at its start: the saved plans' candidates, and for each task still
    to generate the enumeration's share (``max_candidates``; mutants and pool solvers come on top).

    >>> expected_candidates([Task("a", (), ()), Task("b", (), ())], {"a": [None] * 300}, 128)
    428
    """
    return sum(len(saved[task.id]) if task.id in saved else per_generated_task for task in tasks)


@dataclass(frozen=True)
class RoundSettings:
    """How one round runs: chunking, budgets and deadlines.

    Parameters
    ----------
    chunk_size : int, optional
        Candidates per chunk, the Dask task that evaluates them; None: each
        round chooses it from the cluster's threads and its work
        (``chosen_chunk_size``, decided by ``settled``).
    candidate_budget : Budget
        The limits of each run of a program on one grid (a train pair, a test
        input, or a differ scoring an output): seconds, steps, cells, items.
    round_timeout_s : float
        The round's deadline, in seconds from its start: chunks stop starting
        candidates then, and what never ran is recorded as ``timeout``.
    grace_s : float
        How long the client waits past the deadline for the chunks in flight
        before cancelling what is left.
    hard_timeout_s : float
        The longest one Dask task may execute before the watchdog restarts
        its worker (where workers run under a nanny).
    differ_top_k : int
        How many of a chunk's best mismatches (by train score) every differ scores.
    """

    chunk_size: int | None = DEFAULT_CHUNK_SIZE
    candidate_budget: Budget = field(default_factory=Budget)
    round_timeout_s: float = 60.0
    grace_s: float = 0.5
    hard_timeout_s: float = 30.0
    differ_top_k: int = 8

    def settled(self, threads: int, candidates: int, planned: int | None = None) -> "RoundSettings":
        """These settings with the round's chunk size decided: the size a saved plan of
        the round was made with (``planned``, so a resumed round rebuilds the same chunks),
        else the fixed one, else the one chosen for ``candidates`` on ``threads`` threads.

        >>> RoundSettings().settled(threads=2, candidates=4_000).chunk_size
        500
        >>> RoundSettings(chunk_size=256).settled(2, 4_000).chunk_size
        256
        >>> RoundSettings().settled(64, 4_000, planned=500).chunk_size
        500
        """
        if planned is not None:
            return replace(self, chunk_size=planned)
        if self.chunk_size is not None:
            return self
        return replace(self, chunk_size=chosen_chunk_size(candidates, threads))


@dataclass(frozen=True)
class ChunkRef:
    """Which candidates of which task one chunk holds (results are keyed by id)."""

    key: str
    task_id: str
    index: int
    candidate_ids: tuple[str, ...]


@dataclass(frozen=True)
class ChunkOutput:
    """A finished chunk: its results, the worker that ran it, and its busy seconds."""

    results: tuple[CandidateResult, ...]
    worker: str
    busy_s: float


@dataclass(frozen=True)
class TaskSummary:
    """One task's round, reduced: outcome counts, solvers, the best near-misses."""

    task_id: str
    outcomes: Mapping[str, int]
    solvers: tuple[str, ...]
    near_misses: tuple[tuple[str, float], ...]
    busy_s: float
    workers: tuple[str, ...]
    chunks: int


@dataclass(frozen=True)
class RoundPlan:
    """The delayed graph of a round, the index of its chunks, and what they name by content id
    that the workers must be sent (``shared``: ref -> task or differ; see ``graphs.engine.shared``)."""

    run_id: str
    round_index: int
    chunks: tuple[ChunkRef, ...]
    chunk_outputs: tuple[dask.delayed, ...]
    deadline: float
    shared: Mapping[str, Any] = field(default_factory=dict)


def worker_name() -> str:
    """The address of the Dask worker running this code, or "local" outside one."""
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return "local"


def run_evaluate(task: Task, candidates: Sequence[Candidate], budget: Budget,
                 deadline: float) -> tuple[Evaluated, float]:
    """Dask task: evaluate a chunk; returns the results and the busy seconds."""
    start = time.perf_counter()
    evaluated = evaluate_chunk_with_outputs(task, candidates, budget, deadline)
    return evaluated, time.perf_counter() - start


def pack(task: str, chunk: Sequence[Candidate], differs: Sequence[str] = ()) -> bytes:
    """A chunk as one pickle, made once on the client: its task's ref, candidates and differs' refs.

    The scheduler passes bytes on as they are; a graph of Python objects it
    would unpickle and pickle again for the worker, which for tens of thousands
    of programs costs the client process seconds per round. The task and the
    differs are named by content id (``graphs.engine.shared``), not carried.

    >>> task, chunk, differs = pickle.loads(pack("task_1", [], ["differ_2"]))
    >>> task, chunk, differs
    ('task_1', (), ('differ_2',))
    """
    return pickle.dumps((task, tuple(chunk), tuple(differs)), protocol=pickle.HIGHEST_PROTOCOL)


def run_differs(task: Task, evaluated: tuple[Evaluated, float], differs: Sequence[Candidate],
                budget: Budget, top_k: int, deadline: float) -> ChunkOutput:
    """Score an evaluated chunk's best near-misses with every differ."""
    start = time.perf_counter()
    chunk, evaluate_s = evaluated
    results = score_near_misses(task, chunk, differs, budget, top_k, deadline)
    return ChunkOutput(results, worker_name(), evaluate_s + time.perf_counter() - start)


def run_chunk(packed: bytes, budget: Budget, top_k: int, deadline: float) -> ChunkOutput:
    """Dask task: evaluate a chunk made by ``pack`` on the train pairs, then apply the differs.

    One task per chunk, not two: the differs need the chunk's outputs, which
    never have to leave the worker, and each Dask task costs ~1.5 ms here.
    """
    task_id, chunk, differ_ids = pickle.loads(packed)
    task, differs = resolve(task_id), [resolve(ref) for ref in differ_ids]
    return run_differs(task, run_evaluate(task, chunk, budget, deadline), differs, budget, top_k,
                       deadline)


def summarise_task(task_id: str, outputs: Sequence[ChunkOutput], near_misses: int = 8) -> TaskSummary:
    """Reduce a task's chunk outputs: counts by outcome, solvers, best near-misses.

    >>> from tasks.running.evaluate import CandidateResult as R
    >>> out = ChunkOutput((R("a", "ok", 0.1, 1000), R("b", "mismatch", 0.1, 500, {"d": 700.0}),
    ...                    R("c", "error:ValueError", 0.1)), "w1", 0.3)
    >>> s = summarise_task("t", [out])
    >>> dict(s.outcomes), s.solvers, s.near_misses
    ({'ok': 1, 'mismatch': 1, 'error:ValueError': 1}, ('a',), (('b', 700.0),))
    """
    results = [r for output in outputs for r in output.results]
    scored = sorted((r for r in results if r.differ_scores),
                    key=lambda r: (-r.differ_score, r.candidate_id))
    return TaskSummary(
        task_id=task_id,
        outcomes=dict(Counter(r.outcome for r in results)),
        solvers=tuple(r.candidate_id for r in results if r.outcome == "ok"),
        near_misses=tuple((r.candidate_id, r.differ_score) for r in scored[:near_misses]),
        busy_s=sum(output.busy_s for output in outputs),
        workers=tuple(sorted({output.worker for output in outputs})),
        chunks=len(outputs),
    )


def key_part(task_id: str) -> str:
    """Task ids go into Dask keys; keep them to characters keys read well with."""
    return "".join(c if c.isalnum() or c in "_." else "_" for c in task_id)


def build_round(run_id: str, round_index: int, tasks: Sequence[Task],
                candidates: Mapping[str, Sequence[Candidate]], differs: Sequence[Candidate],
                settings: RoundSettings, start: float | None = None,
                skip: Set[tuple[str, int]] = frozenset(),
                chunk_function: Callable[..., ChunkOutput] | None = None) -> RoundPlan:
    """Build the round's graph: one task per chunk (evaluate, then differs).

    Tasks without candidates get no nodes, and chunks named in ``skip`` as
    (task id, chunk index) are left out (they were committed before a resume).
    Nothing runs until the plan's delayed objects are computed, and the plan's
    ``shared`` items are on the workers (``RoundCollector.submit`` sees to it). ``chunk_function``
    (``run_chunk`` unless given, same arguments) is what each chunk calls: the
    capacity benchmark puts one there that answers at once.
    """
    chunk_function = run_chunk if chunk_function is None else chunk_function
    if settings.chunk_size is None:
        raise ValueError("build_round needs a chunk size: settle it first (RoundSettings.settled)")
    start = time.time() if start is None else start
    deadline = start + settings.round_timeout_s
    prefix = f"{run_id}-r{round_index}"
    budget = settings.candidate_budget
    differ_refs = tuple(differ.id for differ in differs)
    chunks, outputs, shared = [], [], {}
    for task in tasks:
        ref = task_ref(task)
        for index, chunk in enumerate(partition_all(settings.chunk_size, candidates.get(task.id, ()))):
            if (task.id, index) in skip:
                continue
            name = f"{prefix}-{key_part(task.id)}-{index}"
            # The chunk and its refs travel inside the function (a partial),
            # so a chunk has no dependency: the scheduler queues such root tasks and
            # hands them out by priority. Earlier chunks hold the more promising
            # candidates (generation orders them): every task's chunk 0 runs first,
            # then chunk 1, and so on.
            with dask.annotate(priority=-index):
                output = dask.delayed(partial(chunk_function, pack(ref, chunk, differ_refs), budget,
                                              settings.differ_top_k, deadline),
                                      pure=False)(dask_key_name=f"chunk-{name}")
            chunks.append(ChunkRef(f"chunk-{name}", task.id, index, tuple(c.id for c in chunk)))
            outputs.append(output)
        if chunks and chunks[-1].task_id == task.id:  # the task has chunks: its workers need it
            shared.update(to_send(task, differs))
    return RoundPlan(run_id, round_index, tuple(chunks), tuple(outputs), deadline, shared)

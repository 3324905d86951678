"""``python -m graphs.bench capacity``: how many chunk results per second one client absorbs.

The workers' chunks take no time: each chunk's result is made beforehand on
the client, installed once in every worker process (``client.run``), and a
chunk only looks its result up by the digest of its packed bytes
(``play_back``). What is left is what the client and the scheduler pay per
chunk: packing it (``build_round``), the scheduler's work, unpickling its
result, the store write, and the round's bookkeeping (``RoundCollector``,
``summarise_task``). The results have the shape of real ones: mostly
mismatches and errors, each chunk's best near-misses scored by every differ,
a few solvers with predictions for the test inputs.

With process workers (the default) results cross TCP pickled, as on a real
cluster, and the client process also hosts the LocalCluster's scheduler, so
the client's CPU measured here is client plus scheduler; the main thread's
share (packing, collecting, store writes) is given apart from the rest (the
event loop: client comms and scheduler). Thread workers (``--no-processes``)
talk in-process without pickling and run inside the client process too.

From the rate: one-second chunks on W threads come back at W per second, so a
client that absorbs N chunk results per second keeps about N such threads busy.

>>> from tasks.data.arc import Pair, Task
>>> from tasks.programs.program import Program
>>> from tasks.running.evaluate import Candidate
>>> task = Task("t", (Pair(((1,),), ((2,),)),), (((3,),),))
>>> chunk = [Candidate.of(Program.from_steps("solver", [(name, "I")]))
...          for name in ("rot90", "rot180", "rot270", "identity")]
>>> out = playback_output(task, chunk, ("differ_a", "differ_b"), top_k=2, seed=0)
>>> len(out.results), sum(1 for r in out.results if r.differ_scores)
(4, 2)
"""

from __future__ import annotations

import hashlib
import os
import pickle
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from graphs.bench.common import rate
from graphs.engine.collect import RoundCollector
from graphs.engine.round import ChunkOutput, RoundSettings, build_round, pack, worker_name
from graphs.engine.shared import SharedOnWorkers, task_ref
from graphs.engine.store_batch import ChunkWriter
from tasks.data.arc import Task
from tasks.data.budget import Budget
from tasks.running.evaluate import Candidate, CandidateResult

Say = Callable[[str], None]

# The mix of outcomes in the default run's chunks (README: 84% mismatch, 11% ValueError, 4% InvalidGrid).
OUTCOME_MIX = (("mismatch", 0.84), ("error:ValueError", 0.11), ("error:InvalidGrid", 0.04), ("ok", 0.01))
NO_DEADLINE_S = 3600.0


@dataclass(frozen=True)
class CapacitySettings:
    """The workload of one capacity measurement.

    ``rounds`` rounds of ``tasks`` x ``per_task`` candidates in chunks of
    ``chunk_size`` (the same candidates every round, stored under each round's
    index), on ``workers`` workers of ``threads`` threads each.
    """

    tasks: int = 24
    per_task: int = 1024
    chunk_size: int = 256
    rounds: int = 12
    workers: int = 2
    threads: int = 4
    processes: bool = True
    seed: int = 0

    @property
    def chunks_per_round(self) -> int:
        return self.tasks * -(-self.per_task // self.chunk_size)


def playback_output(task: Task, chunk: Sequence[Candidate], differ_ids: Sequence[str], top_k: int,
                    seed: int) -> ChunkOutput:
    """A chunk's result as a real chunk would return it, drawn from ``seed``: outcomes in the run's mix,
    the ``top_k`` best mismatches scored by every differ, predictions (the test inputs) for solvers."""
    draw = random.Random(f"{seed}-{task.id}-{chunk[0].id if chunk else ''}")
    kinds, weights = zip(*OUTCOME_MIX)
    results, scored = [], 0
    for candidate in chunk:
        outcome = draw.choices(kinds, weights)[0]
        seconds = draw.uniform(0.0001, 0.002)
        if outcome == "ok":
            results.append(CandidateResult(candidate.id, outcome, seconds, 1000, {}, task.test_inputs))
        elif outcome == "mismatch" and scored < top_k:
            scored += 1
            scores = {d: round(draw.uniform(0, 1000), 1) for d in differ_ids}
            results.append(CandidateResult(candidate.id, outcome, seconds, draw.randrange(1000), scores))
        else:
            results.append(CandidateResult(candidate.id, outcome, seconds,
                                           draw.randrange(1000) if outcome == "mismatch" else 0))
    return ChunkOutput(tuple(results), "", 0.0)


def digest(packed: bytes) -> bytes:
    """The key a packed chunk's result is looked up by."""
    return hashlib.blake2b(packed, digest_size=16).digest()


_PLAYBACK: dict[bytes, ChunkOutput] = {}


def install_playback(table: Mapping[bytes, ChunkOutput]) -> int:
    """Run on every worker (``client.run``): the results its chunks will return."""
    _PLAYBACK.clear()
    _PLAYBACK.update(table)
    return len(_PLAYBACK)


def play_back(packed: bytes, budget: Budget, top_k: int, deadline: float) -> ChunkOutput:
    """A chunk function (the arguments of ``run_chunk``) that returns its installed result at once."""
    output = _PLAYBACK.get(digest(packed))
    if output is None:
        raise LookupError("capacity benchmark: no installed result for this chunk (install_playback first)")
    return ChunkOutput(output.results, worker_name(), 0.0)


def playback_table(tasks: Sequence[Task], candidates: Mapping[str, Sequence[Candidate]],
                   differs: Sequence[Candidate], settings: CapacitySettings, top_k: int
                   ) -> dict[bytes, ChunkOutput]:
    """Every chunk's result, keyed by the digest of the bytes ``build_round`` packs it into."""
    from toolz import partition_all

    differ_ids = [d.id for d in differs]
    refs = [d.id for d in differs]
    return {digest(pack(task_ref(task), chunk, refs)):
            playback_output(task, chunk, differ_ids, top_k, settings.seed)
            for task in tasks for chunk in partition_all(settings.chunk_size, candidates[task.id])}


@dataclass
class Measured:
    """What the timed rounds cost: chunks, wall seconds, CPU seconds of the client process."""

    chunks: int = 0
    results: int = 0
    wall_s: float = 0.0
    process_cpu_s: float = 0.0
    main_thread_cpu_s: float = 0.0


def timed_rounds(client, tasks: Sequence[Task], candidates: Mapping[str, Sequence[Candidate]],
                 differs: Sequence[Candidate], settings: CapacitySettings, store, run_id: str,
                 rounds: range, shared: SharedOnWorkers) -> Measured:
    """Build, submit and collect ``rounds`` (one after another), writing every chunk as the search does;
    what chunks share goes to the workers through ``shared``, once per run as in the search."""
    round_settings = RoundSettings(chunk_size=settings.chunk_size, round_timeout_s=NO_DEADLINE_S,
                                   hard_timeout_s=NO_DEADLINE_S)
    measured = Measured()
    wall, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
    for round_index in rounds:
        start = time.time()
        writer = ChunkWriter(store, run_id, round_index)
        collector = RoundCollector(client, round_index, round_settings, start + NO_DEADLINE_S,
                                   writer.write, on_idle=writer.flush_due, shared=shared)
        for task in tasks:  # task by task, as generation returns in a real round
            store.save_plan(run_id, round_index, {task.id: candidates[task.id]}, settings.chunk_size)
            collector.submit(build_round(run_id, round_index, [task], candidates, differs, round_settings,
                                         start=start, chunk_function=play_back))
        with writer:
            outcome = collector.collect()
        if outcome.problems:
            raise RuntimeError(f"capacity round {round_index}: {outcome.problems[0]}")
        measured.chunks += len(outcome.outputs)
        measured.results += sum(len(o.results) for o in outcome.outputs.values())
    measured.wall_s = time.perf_counter() - wall
    measured.process_cpu_s = time.process_time() - cpu
    measured.main_thread_cpu_s = time.thread_time() - main
    return measured


def measure_capacity(client, settings: CapacitySettings, say: Say = print) -> dict[str, Any]:
    """Warm up with one round, then time ``settings.rounds`` rounds; the figures of capacity.json."""
    from graphs.bench.engine import build_workload
    from graphs.engine.search import program_rows
    from graphs.engine.store import Store, store_path
    from tasks.differs import load_differs

    workload = build_workload(settings.tasks, settings.per_task, settings.seed)
    # Candidates reach a real client pickled, from generation on a worker (their steps shared).
    tasks, candidates = workload.tasks, pickle.loads(pickle.dumps(workload.candidates))
    differs = [Candidate.of(program) for program in load_differs()]
    top_k = RoundSettings().differ_top_k
    installed = client.run(install_playback, playback_table(tasks, candidates, differs, settings, top_k))
    say(f"capacity: {settings.chunks_per_round} chunks of {settings.chunk_size} per round, results "
        f"installed in {len(installed)} workers; 1 warm-up round, then {settings.rounds} timed")
    with tempfile.TemporaryDirectory() as folder, Store.open(store_path(Path(folder))) as store:
        run_id = "capacity"
        store.begin_run(run_id, {"benchmark": "capacity"}, seed=settings.seed)
        store.add_programs([row for task in tasks for row in program_rows(candidates[task.id], "bench")]
                           + program_rows(differs, "differ"), run_id)
        shared = SharedOnWorkers()
        try:
            timed_rounds(client, tasks, candidates, differs, settings, store, run_id, range(1), shared)
            measured = timed_rounds(client, tasks, candidates, differs, settings, store, run_id,
                                    range(1, settings.rounds + 1), shared)
        finally:
            shared.release(client)
        committed = len(store.committed_chunks(run_id))
    return capacity_figures(settings, measured, committed)


def capacity_figures(settings: CapacitySettings, measured: Measured, committed: int) -> dict[str, Any]:
    """The figures of capacity.json from one measurement.

    >>> f = capacity_figures(CapacitySettings(rounds=1), Measured(100, 25600, 0.5, 0.4, 0.3), 120)
    >>> f["chunks_per_s"], f["client_cpu_ms_per_chunk"], f["workers_at_1s_chunks"]
    (200.0, 4.0, 200)
    """
    per_chunk = 1000 * measured.process_cpu_s / measured.chunks if measured.chunks else 0.0
    # Rounded once: the threads kept busy are read off the figure printed (199.97/s is 200.0/s).
    chunks_per_s = round(rate(measured.chunks, measured.wall_s), 1)
    where = ("client process, hosting the LocalCluster's scheduler; workers in their own processes"
             if settings.processes else "client process, hosting the scheduler and the thread workers")
    return {
        "chunks_per_s": chunks_per_s,
        "results_per_s": round(rate(measured.results, measured.wall_s), 1),
        "client_cpu_ms_per_chunk": round(per_chunk, 3),
        "client_main_thread_cpu_ms_per_chunk": round(
            1000 * measured.main_thread_cpu_s / measured.chunks if measured.chunks else 0.0, 3),
        # One-second chunks on W threads come back at W a second: the rate is the threads kept busy.
        "workers_at_1s_chunks": int(chunks_per_s),
        # If the client process had a core to itself (it runs on one: the GIL), as on a real cluster.
        "chunks_per_s_client_bound": round(1000 / per_chunk, 1) if per_chunk else 0.0,
        "cpu_measured": where,
        "chunks": measured.chunks, "results": measured.results, "wall_s": round(measured.wall_s, 3),
        "committed_chunks": committed, "chunk_size": settings.chunk_size, "rounds": settings.rounds,
        "tasks": settings.tasks, "per_task": settings.per_task,
        "cluster": {"workers": settings.workers, "threads_per_worker": settings.threads,
                    "processes": settings.processes},
        "load_average": os.getloadavg(),
    }


def capacity_lines(figures: Mapping[str, Any]) -> list[str]:
    """The figures as a few lines of text."""
    return [
        f"chunk results absorbed: {figures['chunks_per_s']:,.0f}/s ({figures['results_per_s']:,.0f} candidate "
        f"results/s, chunks of {figures['chunk_size']}, store writes included)",
        f"client CPU per chunk: {figures['client_cpu_ms_per_chunk']:.2f} ms ({figures['cpu_measured']}); "
        f"main thread {figures['client_main_thread_cpu_ms_per_chunk']:.2f} ms",
        f"one client keeps ~{figures['workers_at_1s_chunks']:,} workers busy at 1 s per chunk here "
        f"(~{figures['chunks_per_s_client_bound']:,.0f} with a core of its own)",
    ]

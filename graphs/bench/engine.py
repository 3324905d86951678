"""``python -m graphs.bench engine``: the engine against the limit and against a process pool.

One fixed workload, built without the generator (which is tuned over time) so
that it stays the same from run to run: the first ARC-AGI-1 training tasks in
id order, and for each the hand-written solvers, every one-step grid transform
(unary ``Grid -> Grid`` primitives, and ``Grid, Integer -> Grid`` ones with
the constants 0..9), and a seeded sample of two-step chains of them. A
*candidate run* is one candidate evaluated on one task's train pairs (and on
its test inputs when it solves them).

Four ways, in one process run, on the same chunks and the same per-chunk work
(``run_evaluate`` then ``run_differs``, with no differs so that every chunk
size does the same work):

- ``sequential``: a plain loop in this process: the limit is W times its rate;
- ``dask``: ``build_round`` + ``RoundCollector`` on a LocalCluster of W process
  workers x 1 thread, timed from graph building to the last result;
- ``pool``: ``concurrent.futures.ProcessPoolExecutor(W)`` over the chunks;
- ``dask_per_candidate``: the engine's graph with one candidate per chunk,
  on an evenly strided slice of the workload (compared with the slice's own
  sequential rate).

Start-up stays out of every timing: the cluster and the pool are started and
warmed with a tiny round first. The ways take turns, ``--repeat`` times, and
each keeps its fastest timing, so a slow spell of a shared machine does not
fall on one way alone; the ratios of the main ways are also taken turn by turn
(two timings of the same moment) and their medians reported. Compile caches
are cleared before each timing so no way runs on another's warm cache.

>>> len(one_step_transforms()) > 100
True
>>> chunks_of({"t": (1, 2, 3)}, 2)
[('t', (1, 2)), ('t', (3,))]
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from statistics import median
from typing import Any, Callable, Iterator, Mapping, Sequence

from toolz import partition_all

from graphs.engine.collect import RoundCollector
from graphs.engine.round import REFERENCE_CHUNK_SIZE, ChunkOutput, RoundSettings, build_round, run_differs, run_evaluate
from tasks.data.arc import Task, load_dataset
from tasks.data.budget import Budget
from tasks.running.evaluate import Candidate
from tasks.programs.program import SOLVER, Program
from tasks.data.types import GRID, INTEGER

from graphs.bench.common import cpu_seconds, cpu_spent, rate, table

# The CLI's default candidate timeout: the same per-candidate budget a search uses.
CANDIDATE_BUDGET = Budget(timeout_s=0.5)
# Far enough away that no way is ever cut: the engine's deadline machinery stays idle.
NO_DEADLINE_S = 3600.0
SWEEP = (1, 10, 100, 1000)
# The chunk-size sweep and the per-candidate slice take at most this many turns: they show
# orders of magnitude, where the main ways compare figures a few percent apart.
OTHER_REPEAT = 3
INTEGER_ARGUMENTS = tuple(range(10))
# Left out of the transforms: their cost grows so steeply with grid size that on
# upscaled grids they end in timeouts, whose count depends on the machine's load,
# and a fixed workload must do the same work every time.
UNSTABLE_COST = ("repair_symmetry", "repair_period")


@dataclass(frozen=True)
class Workload:
    """Tasks and each task's candidates, fixed by (task count, candidates per task, seed)."""

    tasks: tuple[Task, ...]
    candidates: Mapping[str, tuple[Candidate, ...]]
    description: str

    @property
    def runs(self) -> int:
        """Candidate runs: one per (task, candidate)."""
        return sum(len(cs) for cs in self.candidates.values())

    def strided(self, runs: int) -> "Workload":
        """About ``runs`` candidate runs, every k-th candidate of every task (same mix, fewer)."""
        stride = max(1, -(-self.runs // runs))
        picked = {task_id: cs[::stride] for task_id, cs in self.candidates.items()}
        return Workload(self.tasks, picked, f"every {stride}th candidate of: {self.description}")


@dataclass
class WayResult:
    """One way's timing: candidate runs, seconds, outcomes."""

    way: str
    chunk_size: int
    runs: int
    seconds: float
    outcomes: Counter = field(default_factory=Counter)
    note: str = ""
    sliced: bool = False
    build_s: float = 0.0
    client_cpu_s: float | None = None   # this process (and a LocalCluster's scheduler)
    workers_cpu_s: float | None = None  # every worker process (a pool's, or Dask's nannies and workers)

    @property
    def rate(self) -> float:
        return rate(self.runs, self.seconds)


def one_step_transforms() -> list[tuple]:
    """Every grid-to-grid step with ``I`` as its grid: ``("rot90", "I")``, ``("upscale", "I", 2)``...

    Except those in ``UNSTABLE_COST``.
    """
    from tasks.dsl import PRIMITIVES

    steps: list[tuple] = []
    for name, entry in sorted(PRIMITIVES.items()):
        if entry.returns != GRID or name in UNSTABLE_COST:
            continue
        if tuple(entry.args) == (GRID,):
            steps.append((name, "I"))
        elif tuple(entry.args) == (GRID, INTEGER):
            steps.extend((name, "I", k) for k in INTEGER_ARGUMENTS)
    return steps


def _chain(first: tuple, second: tuple) -> Program:
    """``second`` applied to the result of ``first``."""
    return Program.from_steps(SOLVER, [first, (second[0], "x1", *second[2:])])


def task_programs(task_id: str, solvers: Sequence[Program], steps: Sequence[tuple], per_task: int,
                  seed: int) -> list[Candidate]:
    """The hand-written solvers, every one-step transform, then seeded two-step chains.

    Distinct by content id (some hand-written solvers are one-step transforms),
    so results keyed by candidate id never collide.
    """
    unique: dict[str, Candidate] = {}

    def add(program: Program) -> None:
        if len(unique) < per_task:
            candidate = Candidate.of(program)
            unique.setdefault(candidate.id, candidate)

    for program in [*solvers, *(Program.from_steps(SOLVER, [step]) for step in steps)]:
        add(program)
    rng = random.Random(f"bench:{seed}:{task_id}")
    for index in rng.sample(range(len(steps) ** 2), len(steps) ** 2):
        if len(unique) >= per_task:
            break
        add(_chain(steps[index // len(steps)], steps[index % len(steps)]))
    return list(unique.values())


def build_workload(task_count: int, per_task: int, seed: int) -> Workload:
    """The fixed workload: ``per_task`` candidates on each of the first ``task_count`` tasks."""
    from tasks.solvers import load_solvers

    tasks = load_dataset("arc-agi-1", "training", count=task_count).tasks
    solvers = [program for _, program in sorted(load_solvers().items())]
    steps = one_step_transforms()
    candidates = {task.id: tuple(task_programs(task.id, solvers, steps, per_task, seed)) for task in tasks}
    description = (f"{len(tasks)} ARC-AGI-1 training tasks x {per_task} candidates (hand-written "
                   f"solvers, {len(steps)} one-step transforms, two-step chains, seed {seed})")
    return Workload(tuple(tasks), candidates, description)


def chunks_of(candidates: Mapping[str, Sequence[Any]], chunk_size: int) -> list[tuple[str, tuple]]:
    """(task id, chunk) pairs, split as ``build_round`` splits them."""
    return [(task_id, tuple(chunk)) for task_id, cs in candidates.items()
            for chunk in partition_all(chunk_size, cs)]


def run_chunk(task: Task, chunk: Sequence[Candidate], budget: Budget, deadline: float) -> ChunkOutput:
    """The work of one chunk of the engine's graph, as one plain call (no differs)."""
    return run_differs(task, run_evaluate(task, chunk, budget, deadline), (), budget, 0, deadline)


def clear_caches() -> None:
    """Forget compiled programs and decoded steps, so a timing does not ride on an earlier run's caches."""
    from tasks.programs import program
    from tasks.running import interpreter

    # Private caches, read only to empty them: each way must start as cold as the others.
    getattr(interpreter, "_compile_with_real_vocabulary").cache_clear()
    getattr(program, "_decode_step").cache_clear()


def _count(outputs: Sequence[ChunkOutput]) -> Counter:
    return Counter(r.outcome for output in outputs for r in output.results)


def run_sequential(workload: Workload, chunk_size: int, budget: Budget = CANDIDATE_BUDGET) -> WayResult:
    """Every chunk in a plain loop in this process."""
    by_id = {task.id: task for task in workload.tasks}
    chunks = chunks_of(workload.candidates, chunk_size)
    clear_caches()
    start = time.perf_counter()
    deadline = time.time() + NO_DEADLINE_S
    outputs = [run_chunk(by_id[task_id], chunk, budget, deadline) for task_id, chunk in chunks]
    return WayResult("sequential", chunk_size, workload.runs, time.perf_counter() - start, _count(outputs))


def _warm_pool_worker(_: Any = None) -> int:
    """Import the DSL and run one tiny program, so the first timed chunk pays no start-up."""
    from tasks.running.interpreter import run_program

    run_program(Program.from_steps(SOLVER, [("rot90", "I")]), {"S": (), "I": ((1,),)})
    time.sleep(0.2)  # hold this process, so the pool's other processes get the other warm-ups
    return os.getpid()


@contextmanager
def open_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A warmed process pool of ``workers`` processes (spawned: no fork of a threaded client)."""
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        list(pool.map(_warm_pool_worker, range(2 * workers)))
        yield pool


def _cold_pool_worker(_: Any = None) -> int:
    """Forget compiled programs in this pool process (held a moment, so each process gets one)."""
    clear_caches()
    time.sleep(0.2)
    return os.getpid()


def run_pool(pool: ProcessPoolExecutor, workers: int, workload: Workload, chunk_size: int,
             budget: Budget = CANDIDATE_BUDGET) -> WayResult:
    """Every chunk through the pool, collected as they complete, as a user would write it.

    Like the other ways, the pool starts each timing with cold compile caches:
    a search sees each candidate once, so warm caches would flatter it.
    """
    by_id = {task.id: task for task in workload.tasks}
    chunks = chunks_of(workload.candidates, chunk_size)
    list(pool.map(_cold_pool_worker, range(2 * workers)))
    cpu_before = cpu_seconds()
    start = time.perf_counter()
    deadline = time.time() + NO_DEADLINE_S
    futures = [pool.submit(run_chunk, by_id[task_id], chunk, budget, deadline) for task_id, chunk in chunks]
    outputs = [future.result() for future in as_completed(futures)]
    seconds = time.perf_counter() - start
    cpu = cpu_spent(cpu_before, cpu_seconds())
    return WayResult("pool", chunk_size, workload.runs, seconds, _count(outputs),
                     client_cpu_s=cpu["this"], workers_cpu_s=cpu["children"])


def run_parallel_limit(pool: ProcessPoolExecutor, workers: int, workload: Workload,
                       chunk_size: int) -> WayResult:
    """The whole workload run sequentially in each of ``workers`` processes at the same time.

    What the machine itself allows: on shared or hyper-threaded cores, W
    processes at once run slower than one alone, so W x the sequential rate
    is a limit no engine reaches. Its rate counts every process's runs.
    """
    list(pool.map(_cold_pool_worker, range(2 * workers)))
    futures = [pool.submit(run_sequential, workload, chunk_size) for _ in range(workers)]
    results = [future.result() for future in futures]
    # Outcomes of one copy, comparable with the other ways'.
    return WayResult("parallel_limit", chunk_size, workers * workload.runs,
                     max(r.seconds for r in results), results[0].outcomes,
                     note=f"{workers} sequential runs at once, one per process")


def round_settings(chunk_size: int, budget: Budget = CANDIDATE_BUDGET) -> RoundSettings:
    """The engine's settings for a timing: only the chunk size and budget matter, no deadline bites."""
    return RoundSettings(chunk_size=chunk_size, candidate_budget=budget, round_timeout_s=NO_DEADLINE_S,
                         hard_timeout_s=NO_DEADLINE_S)


def engine_round(client, workload: Workload, settings: RoundSettings, run_id: str,
                 on_chunk: Callable | None = None, watchdog: Any = None, start: float | None = None):
    """Build and collect one round of the engine's graph, submitted task by task as the search does.

    Each task's chunks go to the cluster as soon as they are built, so the
    workers start on the first task while the client packs the next (``run_round``
    submits each task as its generation returns). Returns (outcome, seconds
    from the first build to the last result, seconds spent building);
    ``start`` (epoch s) is where the round's deadline counts from (default: now).
    """
    began = time.perf_counter()
    start = time.time() if start is None else start
    collector = RoundCollector(client, 0, settings, start + settings.round_timeout_s, on_chunk, watchdog)
    build_s = 0.0
    for task in workload.tasks:
        built = time.perf_counter()
        plan = build_round(run_id, 0, [task], workload.candidates, (), settings, start=start)
        build_s += time.perf_counter() - built
        collector.submit(plan)
    outcome = collector.collect()
    return outcome, time.perf_counter() - began, build_s


def build_seconds(workload: Workload, settings: RoundSettings) -> float:
    """How long ``build_round`` takes for ``workload`` (a dry build: nothing is submitted)."""
    began = time.perf_counter()
    build_round(f"dry-{time.monotonic_ns()}", 0, workload.tasks, workload.candidates, (), settings)
    return time.perf_counter() - began


def run_dask(client, workload: Workload, chunk_size: int, run_id: str, way: str = "dask",
             budget: Budget = CANDIDATE_BUDGET) -> WayResult:
    """The workload as one round of the engine's graph on ``client``'s cluster."""
    client.run(clear_caches)
    cpu_before = cpu_seconds()
    outcome, seconds, build_s = engine_round(client, workload, round_settings(chunk_size, budget), run_id)
    cpu = cpu_spent(cpu_before, cpu_seconds())
    return WayResult(way, chunk_size, workload.runs, seconds, outcome.outcome_counts(), build_s=build_s,
                     client_cpu_s=cpu["this"], workers_cpu_s=cpu["children"])


def warm_dask(client, workload: Workload) -> None:
    """One tiny round, so workers have imported everything and hold the scheduler's attention."""
    tiny = Workload(workload.tasks[:2], {t.id: workload.candidates[t.id][:20] for t in workload.tasks[:2]},
                    "warm-up")
    engine_round(client, tiny, round_settings(4), f"bench-warm-{time.monotonic_ns()}")


@dataclass
class EngineFigures:
    """Everything ``engine`` measured."""

    workers: int
    workload: str
    runs: int
    ways: list[WayResult]
    sweep: list[WayResult]
    slice_sequential: WayResult
    per_candidate: WayResult
    per_turn: Mapping[str, list[float]] = field(default_factory=dict)

    def way(self, name: str) -> WayResult:
        return next(w for w in self.ways if w.way == name)

    def efficiency(self, result: WayResult) -> float:
        """rate / (W x sequential rate), against the sequential rate of the same workload."""
        base = self.slice_sequential if result.sliced else self.way("sequential")
        return result.rate / (self.workers * base.rate) if base.rate else 0.0

    def turn_medians(self) -> dict[str, float]:
        """The median of each per-turn ratio, by name."""
        return {name: median(ratios) for name, ratios in self.per_turn.items() if ratios}

    def as_json(self) -> dict[str, Any]:
        sequential, dask_, pool = self.way("sequential"), self.way("dask"), self.way("pool")
        return {
            "workers": self.workers,
            "workload": self.workload,
            "candidate_runs": self.runs,
            "chunk_size": dask_.chunk_size,
            "sequential_rate": round(sequential.rate, 1),
            "dask_rate": round(dask_.rate, 1),
            "pool_rate": round(pool.rate, 1),
            "per_candidate_rate": round(self.per_candidate.rate, 1),
            "per_candidate_runs": self.per_candidate.runs,
            "per_candidate_sequential_rate": round(self.slice_sequential.rate, 1),
            "dask_efficiency": round(self.efficiency(dask_), 3),
            "pool_efficiency": round(self.efficiency(pool), 3),
            "per_candidate_efficiency": round(self.efficiency(self.per_candidate), 3),
            "dask_vs_pool": round(dask_.rate / pool.rate, 3) if pool.rate else 0.0,
            # The same figures turn by turn, and their medians: steadier on a shared machine.
            "per_turn": dict(self.per_turn),
            **{f"{name}_median": round(value, 3) for name, value in self.turn_medians().items()},
            # What W processes at once really reach here, and the engine against that.
            "parallel_limit_rate": round(self.way("parallel_limit").rate, 1),
            "dask_vs_parallel_limit": round(dask_.rate / self.way("parallel_limit").rate, 3)
            if self.way("parallel_limit").rate else 0.0,
            "seconds": {w.way: round(w.seconds, 3) for w in self.ways + [self.per_candidate]},
            # Of the dask seconds, those spent in build_round on the client, before submission.
            "dask_build_s": round(dask_.build_s, 3),
            # Where each way's CPU went during its best timing: the client process (with a
            # LocalCluster, the scheduler too) and the worker processes together.
            "cpu_s": {w.way: {"client": w.client_cpu_s, "workers": w.workers_cpu_s}
                      for w in (dask_, pool)},
            "outcomes": {w.way: dict(w.outcomes) for w in self.ways},
            "outcomes_agree": len({tuple(sorted(w.outcomes.items())) for w in self.ways}) == 1,
            "chunk_sweep": [{"chunk_size": w.chunk_size, "runs": w.runs, "rate": round(w.rate, 1),
                             "efficiency": round(self.efficiency(w), 3), "seconds": round(w.seconds, 3),
                             "build_s": round(w.build_s, 3), "note": w.note} for w in self.sweep],
        }


def best(results: Sequence[WayResult]) -> WayResult:
    """The fastest of a way's timings, noting them all: other work on the machine only ever slows a run.

    >>> best([WayResult("w", 1, 10, s) for s in (3.0, 2.0, 4.0)]).note
    'best of 3: 3.00 2.00 4.00'
    """
    fastest = min(results, key=lambda r: r.seconds)
    if len(results) > 1:
        fastest.note = ", ".join(filter(None, [fastest.note, f"best of {len(results)}: "
                                               + " ".join(f"{r.seconds:.2f}" for r in results)]))
    return fastest


def take_turns(repeat: int, measures: Mapping[str, Callable[[], WayResult]],
               say: Callable[[str], None] = print) -> dict[str, list[WayResult]]:
    """Each way timed ``repeat`` times in turn, odd turns in reverse order; every timing, by way.

    Taking turns spreads the slow spells of a shared machine over every way,
    where timing one way after another would hand one of them all of a spell.
    A way also runs slower right after one that left a core idle (here, dask
    after sequential: median 6.4 s against 5.8 s after the pool), so the order
    reverses every other turn (a, b, c, then c, b, a): no way always follows
    the same one.

    >>> times, order = iter([3.0, 5.0, 6.0, 2.0]), []
    >>> def way(name):
    ...     return lambda: order.append(name) or WayResult(name, 1, 10, next(times))
    >>> timed = take_turns(2, {"a": way("a"), "b": way("b")}, say=len)
    >>> order, [r.seconds for r in timed["a"]], [r.seconds for r in timed["b"]]
    (['a', 'b', 'b', 'a'], [3.0, 2.0], [5.0, 6.0])
    """
    timings: dict[str, list[WayResult]] = {name: [] for name in measures}
    for turn in range(max(1, repeat)):
        names = list(measures) if turn % 2 == 0 else list(reversed(measures))
        for name in names:
            result = measures[name]()
            timings[name].append(result)
            say(f"{result.way} (chunk {result.chunk_size}): {result.seconds:.2f} s")
    return timings


def interleaved(repeat: int, measures: Mapping[str, Callable[[], WayResult]],
                say: Callable[[str], None] = print) -> dict[str, WayResult]:
    """``take_turns``, keeping the fastest timing of each way."""
    return {name: best(results) for name, results in take_turns(repeat, measures, say).items()}


def turn_ratios(numerators: Sequence[WayResult], denominators: Sequence[WayResult],
                scale: float = 1.0) -> list[float]:
    """``scale`` x numerator seconds / denominator seconds, turn by turn.

    Two ways timed in the same turn share that moment's load, so their ratio
    is steadier than a ratio of two fastest timings taken in different turns.

    >>> turn_ratios([WayResult("pool", 1, 10, s) for s in (2.0, 3.0)],
    ...             [WayResult("dask", 1, 10, s) for s in (2.5, 3.0)])
    [0.8, 1.0]
    """
    return [round(scale * n.seconds / d.seconds, 3) if d.seconds else 0.0
            for n, d in zip(numerators, denominators)]


def measure_engine(client, workers: int, workload: Workload, per_candidate_runs: int, repeat: int = 1,
                   say: Callable[[str], None] = print, sweep: Sequence[int] = SWEEP) -> EngineFigures:
    """Every way, in turn, while one warmed pool and ``client``'s warmed cluster both stand by.

    ``client``'s cluster must have W process workers x 1 thread. The pool's
    processes wait on a pipe while the others run; the cluster's idle
    servers check their event loops once a second (``cluster.connect``).
    """
    chunk_size = REFERENCE_CHUNK_SIZE
    tag = f"bench-{time.monotonic_ns()}"
    runs = iter(range(1_000_000))  # each Dask timing gets keys of its own
    small = workload.strided(per_candidate_runs)
    say(f"workload: {workload.description}: {workload.runs:,} candidate runs")

    def dask_way(load: Workload, size: int, way: str = "dask") -> Callable[[], WayResult]:
        return lambda: run_dask(client, load, size, f"{tag}-{next(runs)}", way=way)

    with open_pool(workers) as pool:
        say(f"pool: {workers} spawned processes, started and warmed before timing")
        # The one-core way at an end of the order: dask and pool always follow a way that kept
        # every core busy.
        turns = take_turns(repeat, {
            "sequential": lambda: run_sequential(workload, chunk_size),
            "parallel_limit": lambda: run_parallel_limit(pool, workers, workload, chunk_size),
            "dask": dask_way(workload, chunk_size),
            "pool": lambda: run_pool(pool, workers, workload, chunk_size),
        }, say)
    ways = {name: best(results) for name, results in turns.items()}
    # Turn by turn: each of these ratios compares two timings of the same moment.
    per_turn = {"dask_vs_pool": turn_ratios(turns["pool"], turns["dask"]),
                "dask_efficiency": turn_ratios(turns["sequential"], turns["dask"], 1 / workers),
                "pool_efficiency": turn_ratios(turns["sequential"], turns["pool"], 1 / workers)}
    others = min(repeat, OTHER_REPEAT)
    sliced = interleaved(others, {"sequential_slice": lambda: run_sequential(small, 1),
                                  "dask_per_candidate": dask_way(small, 1, "dask_per_candidate")}, say)
    slice_sequential, per_candidate = sliced["sequential_slice"], sliced["dask_per_candidate"]
    slice_sequential.way = "sequential_slice"
    for result in (slice_sequential, per_candidate):
        result.sliced = True
        result.note = f"slice of {small.runs:,} runs; " + result.note
    swept = []
    for size in sorted({*sweep, chunk_size}):
        if size == 1:
            swept.append(per_candidate)
        elif size == chunk_size:
            swept.append(replace(ways["dask"], note="the default; " + ways["dask"].note))
        else:
            swept.append(interleaved(others, {"dask": dask_way(workload, size)}, say)["dask"])
    return EngineFigures(workers, workload.description, workload.runs,
                         [ways["sequential"], ways["dask"], ways["pool"], ways["parallel_limit"]], swept,
                         slice_sequential, per_candidate, per_turn)


def _cpu_text(result: WayResult) -> str:
    """"client/workers" CPU seconds, or "" where a way does not measure them.

    >>> _cpu_text(WayResult("pool", 256, 10, 1.0, client_cpu_s=0.25, workers_cpu_s=9.5)), _cpu_text(WayResult("x", 1, 1, 1.0))
    ('0.25/9.5', '')
    """
    if result.client_cpu_s is None:
        return ""
    return f"{result.client_cpu_s:g}/{result.workers_cpu_s:g}"


def engine_table(figures: EngineFigures) -> str:
    """The printed table: each way's rate and efficiency, then the chunk-size sweep."""
    ways = figures.ways + [figures.slice_sequential, figures.per_candidate]
    rows = [[w.way, w.chunk_size, w.runs, round(w.seconds, 3), round(w.build_s, 3), round(w.rate),
             round(figures.efficiency(w), 3), _cpu_text(w), w.note] for w in ways]
    head = table(rows, ["way", "chunk", "runs", "seconds", "of which build", "cand/s", "efficiency",
                        "cpu s client/workers", "note"])
    sweep = table([[w.chunk_size, w.runs, round(w.seconds, 3), round(w.build_s, 3), round(w.rate),
                    round(figures.efficiency(w), 3), w.note] for w in figures.sweep],
                  ["chunk", "runs", "seconds", "of which build", "cand/s", "efficiency", "note"])
    turns = "; ".join(f"{name.replace('_', ' ')} {value:.3f} ({' '.join(f'{r:.2f}' for r in figures.per_turn[name])})"
                      for name, value in figures.turn_medians().items())
    return f"{head}\n\nturn by turn, median (each turn):\n{turns}\n\nchunk-size sweep (dask):\n{sweep}"

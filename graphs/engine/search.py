"""Rounds that learn: generate, evaluate, store; the pool grows between rounds.

Each round is built from the store as it stands after the previous one: the
pool of solvers (of any task) and each task's best near-misses seed the
round's mutations, and a solver found for one task is tried on the others.
Solved tasks stop consuming candidates unless asked to look for more.

A round's plan (which candidates, in which chunks) is saved before it is
submitted, so ``--resume`` rebuilds exactly the chunks that were not
committed, and never repeats one.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from typing import Callable, Mapping, Sequence

from distributed import Client, Future

from cluster.watchdog import Watchdog
from graphs.engine.collect import RoundCollector, RoundOutcome
from graphs.engine.generation import (Banks, Carried, Generated, balanced_choice, pool_node,
                                      submit_generation)
from graphs.engine.progress import RoundProgress
from graphs.engine.round import (ChunkOutput, ChunkRef, RoundSettings, TaskSummary, build_round,
                                 expected_candidates)
from graphs.engine.shared import SharedOnWorkers, to_send
from graphs.engine.store import ProgramRow, SolverRow, Store
from graphs.engine.store_batch import ChunkWriter
from graphs.engine.telemetry import TelemetryLog, merge_counts, round_record, task_record
from tasks.data.arc import Dataset, Task
from tasks.search.enumerate import BANK_LIMITS
from tasks.running.evaluate import Candidate
from tasks.search.settings import GenerationSettings
from tasks.running.scoring import SolverFound, attempts_for, rank_solvers, score_attempts

Say = Callable[[str], None]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunContext:
    """What one run works with, the same in every round: where it runs, records and reports.

    Parameters
    ----------
    client
        The Dask client of the cluster the rounds run on.
    store
        The open store the run writes every chunk to, and reads the pool from.
    telemetry
        Where each task's and each round's records go.
    run_id
        The run's id in the store (already begun, or reopened to resume).
    seeds
        Programs added to every round's pool (the hand-written solvers, the user's own).
    differs
        The programs that score each chunk's near-misses.
    watchdog
        A ``cluster.Watchdog`` that restarts workers stuck past the hard
        timeout, or None where workers cannot be restarted.
    show_progress
        Whether to show a progress bar for each round (``graphs.engine.progress``).
    say
        Also takes each of the run's one-line messages, which are logged (INFO, this
        module's logger) in any case; None: logged only.
    banks
        Each task's enumeration between rounds, held in worker memory
        (``graphs.engine.generation.Banks``); a new run, or a resumed one,
        starts with none.
    shared
        What the run's chunks name by content id and the workers cannot read
        themselves (its tasks, differs not bundled), sent to each worker once
        per run (``graphs.engine.shared``); released when the run ends.
    """

    client: Client
    store: Store
    telemetry: TelemetryLog
    run_id: str
    seeds: Sequence[Candidate] = ()
    differs: Sequence[Candidate] = ()
    watchdog: Watchdog | None = None
    show_progress: bool = False
    say: Say | None = None
    banks: Banks = field(default_factory=Banks)
    shared: SharedOnWorkers = field(default_factory=SharedOnWorkers)


@dataclass(frozen=True)
class SearchConfig:
    """Everything that decides what a search does (the cluster is decided elsewhere).

    Parameters
    ----------
    rounds : int
        The most rounds to run; the search stops sooner when every task is
        solved (unless ``keep_solved``) or the budget is spent.
    budget_s : float, optional
        Wall-clock seconds for the whole search: each round's deadline is cut
        to what is left, and no round starts with a second or less left.
        None: rounds are bounded by their own deadline only.
    seed : int
        Seeds the random choices of mutation (per task and round), so the
        same search on the same store draws the same mutants.
    round : RoundSettings
        How each round runs: chunking, each candidate's budget, deadlines.
    generation : GenerationSettings
        How much candidate generation does for one task in one round.
    near_misses : int
        How many of a task's best near-misses (by differ score) seed the
        mutations of its next round.
    keep_solved : bool
        Keep searching tasks already solved, for more solvers; otherwise a
        solved task drops out of later rounds.
    bank_share : float, optional
        The share of the cluster's worker memory (Dask's memory limits) that
        the tasks' banks may take together between rounds; after a round past
        it, the largest banks are let go (``generation.banks_over_budget``)
        and those tasks stop growing (``"stopped": "cluster-memory"``). Well
        below Dask's thresholds (spill at 0.6 of managed memory, 0.7 of the
        process's), because a worker's RSS ran 1.3-1.7 times the banks'
        estimates and does not come down when banks are freed: once past 0.7,
        Dask spills every bank as it is stored. None, or workers without a
        memory limit: no budget.
    on_round : callable, optional
        Called after each round with a ``RoundDone`` (the answers as they
        stand), so a caller can write them out while the search goes on. Not
        part of what the search computes: left out of its repr and equality.
    """

    rounds: int = 2
    budget_s: float | None = None
    seed: int = 0
    round: RoundSettings = field(default_factory=RoundSettings)
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    near_misses: int = 8
    keep_solved: bool = False
    bank_share: float | None = 0.3
    on_round: Callable[["RoundDone"], None] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class RoundDone:
    """What a search knows after a round: handed to ``SearchConfig.on_round``."""

    round_index: int
    outcome: RoundOutcome
    submission: dict[str, list[dict[str, list]]]
    report: dict | None


@dataclass
class SearchResult:
    """What a search found and what it cost.

    ``outcomes`` counts the whole run, every invocation of a resumed one
    included (from the store); ``evaluated`` is how many candidates this
    invocation evaluated itself, in ``wall_s``.
    """

    run_id: str
    tasks: int
    rounds: list[RoundOutcome]
    outcomes: Counter
    wall_s: float
    busy_by_worker: dict[str, float]
    solvers: dict[str, list[SolverFound]]
    submission: dict[str, list[dict[str, list]]]
    report: dict | None
    evaluated: int | None = None

    @property
    def solved_on_train(self) -> list[str]:
        return sorted(task_id for task_id, found in self.solvers.items() if found)


def program_rows(candidates: Sequence[Candidate], origin: str) -> list[ProgramRow]:
    """Store rows for candidates' programs (canonical source, under their content ids)."""
    return [ProgramRow.of(c.program, origin) for c in candidates]


def _round_settings(config: SearchConfig, started: float) -> RoundSettings | None:
    """This round's settings, its deadline cut to what is left of the budget; None when spent."""
    if config.budget_s is None:
        return config.round
    left = config.budget_s - (time.time() - started)
    if left <= 1.0:
        return None
    return replace(config.round, round_timeout_s=min(config.round.round_timeout_s, left))


def _plan_task(run: RunContext, round_index: int, task: Task, generated: Sequence[Candidate],
               chunk_size: int, origins: Mapping[str, str] | None = None) -> tuple[Candidate, ...]:
    """A task's candidates for this round, minus those tried before; saved as its plan.

    ``origins`` (candidate id -> ``tasks.search.generate.ORIGINS``) go into the
    programs' rows; a program already stored keeps the origin it came with first.
    """
    tried = run.store.tried(task.id, before=(run.run_id, round_index))
    fresh = tuple(c for c in generated if c.id not in tried)
    origins = origins or {}
    run.store.save_plan(run.run_id, round_index, {task.id: fresh}, chunk_size,
                        [ProgramRow.of(c.program, origins.get(c.id, "generated")) for c in fresh])
    return fresh


def _write_telemetry(run: RunContext, round_index: int, outcome: RoundOutcome,
                     arrived: Mapping[str, float], start: float,
                     enumerations: Mapping[str, Mapping]) -> None:
    """One record per task of the round (with when its last chunk arrived, and where its
    enumeration stands), then the round's."""
    # A task whose generation made no candidate has no chunk, but its enumeration is news.
    idle = {task_id: TaskSummary(task_id, {}, (), (), 0.0, (), 0)
            for task_id in enumerations if task_id not in outcome.summaries}
    for task_id, summary in sorted({**outcome.summaries, **idle}.items()):
        record = task_record(run.run_id, round_index, summary, arrived.get(task_id, start) - start)
        if enumerations.get(task_id):
            record["enumeration"] = dict(enumerations[task_id])
        run.telemetry.write(record)
    run.telemetry.write(round_record(run.run_id, round_index, outcome.outcome_counts(),
                                     outcome.wall_s, outcome.busy_by_worker(),
                                     len(outcome.summaries), len(outcome.chunks),
                                     outcome.restarted_workers, outcome.chunk_size))


def pieces_for(threads: int, others: int) -> int:
    """Into how many pieces a task's next pass is split: the threads it would otherwise leave idle.

    ``others`` are the generations waiting or in flight besides it. With
    hundreds of tasks each step is one Dask task; with fewer tasks than
    threads, one task's search spans the cluster.

    >>> pieces_for(2, 300), pieces_for(8, 0), pieces_for(8, 2)
    (1, 8, 2)
    """
    return max(1, threads // (others + 1))


def run_round(run: RunContext, round_index: int, tasks: Sequence[Task], config: SearchConfig,
              settings: RoundSettings,
              saved: Mapping[str, Sequence[Candidate]] | None = None) -> RoundOutcome:
    """One round: generate each task's candidates, evaluate them as they come, store every chunk.

    A task's chunks are submitted as soon as its generation returns, so the
    workers never wait for the slowest task. On resume, tasks whose plan was
    saved (``saved``, read from the store when not given) reuse it and skip
    the chunks already committed.
    """
    store, run_id = run.store, run.run_id
    start = time.time()
    saved = (store.load_plan(run_id, round_index) or {}) if saved is None else saved
    threads = sum(run.client.nthreads().values())
    settings = settings.settled(threads,
                                expected_candidates(tasks, saved, config.generation.max_candidates),
                                store.plan_chunk_size(run_id, round_index))
    committed = {(task_id, index) for r, task_id, index in store.committed_chunks(run_id)
                 if r == round_index}
    bar = RoundProgress(round_index, [task.id for task in tasks], store.solved_tasks(), run.show_progress)
    arrived: dict[str, float] = {}

    writer = ChunkWriter(store, run_id, round_index)

    def on_chunk(chunk: ChunkRef, output: ChunkOutput) -> None:
        writer.write(chunk, output)
        arrived[chunk.task_id] = time.time()
        bar.chunk(chunk.task_id, [result.outcome for result in output.results])

    def plan(task: Task, candidates: Sequence[Candidate]):
        if not candidates:
            return None
        bar.planned(len(candidates))
        return build_round(run_id, round_index, [task], {task.id: candidates}, run.differs,
                           settings, start=start, skip=committed)

    enumerations: dict[str, Mapping] = {}

    def generated_plan(task: Task, generated: Generated):
        run.banks.handed_on(task.id)
        report = dict(generated.enumeration)
        if report.get("stopped") in BANK_LIMITS:  # for good: later rounds give mutants and the pool only
            run.banks.stop(task.id, report["stopped"])
        elif task.id in run.banks.stopped:  # no step: say which limit its bank reached earlier
            report["stopped"] = run.banks.stopped[task.id]
        enumerations[task.id] = report
        if "bank_bytes" in report:
            run.banks.note_bytes(task.id, report["bank_bytes"])
        return plan(task, _plan_task(run, round_index, task, generated.candidates, settings.chunk_size,
                                     generated.origin_of()))

    collector = RoundCollector(run.client, round_index, settings, start + settings.round_timeout_s,
                               on_chunk, run.watchdog, writer.flush_due, run.shared, keep_growers=True)
    # Every task of the round in one plugin, one round trip: each task's plan then finds it shared.
    collector.share({ref: item for task in tasks for ref, item in to_send(task, run.differs).items()})
    shared_pool = None
    if any(task.id not in saved for task in tasks):
        pool = {row.id: row.program for row in store.pool(before=(run_id, round_index))}
        pool.update({seed.id: seed.program for seed in run.seeds if seed.id not in pool})
        shared_pool = pool_node(run_id, round_index, list(pool.values()))
    # Tasks generated fewer times come first: when rounds are cut by their
    # deadline, the next round reaches the tasks this one did not.
    depths = {task.id: store.generations(task.id, before=(run_id, round_index)) for task in tasks}
    ordered = sorted(tasks, key=lambda task: depths[task.id])
    to_generate: deque[tuple[int, Task]] = deque()
    generation_slots = threads + 1
    worker_threads = run.client.nthreads()
    placed: dict[str, str | None] = {}  # generation key -> the worker its bank is on (None: anywhere)
    submitted: dict[str, tuple[str, Future, Future | None]] = {}  # generation key -> (task id, it, its step)
    # The last round's generations still running at its end: their candidates are this round's.
    carried = run.banks.take_carried({task.id for task in tasks if task.id not in saved})
    for position, task in enumerate(ordered):
        if task.id in carried:
            left = carried[task.id]
            placed[left.generate.key] = left.place
            submitted[left.generate.key] = (task.id, left.generate, left.step)
            collector.submit_then(left.generate, partial(generated_plan, task), watch_also=left.step)
        elif task.id not in saved:
            to_generate.append((position, task))
        else:
            task_plan = plan(task, saved[task.id])
            if task_plan is not None:
                collector.submit(task_plan)

    def feed() -> None:
        # A few generations in flight, not all: generations continuing a bank depend on it, so
        # Dask assigns them to its worker at once, and a worker's queue full of them leaves no
        # slot for the chunks (root tasks, handed out only to workers with a free slot).
        while to_generate and len(collector.growers) < generation_slots:
            # Of the next few, the first whose bank is on a worker with a thread to spare.
            window = [task for _, task in islice(to_generate, 2 * generation_slots)]
            places = run.banks.workers_of(run.client, [task.id for task in window])
            busy = Counter(placed[key] for key in collector.growers if placed.get(key))
            index = balanced_choice([places[task.id] for task in window], busy, worker_threads)
            position, task = to_generate[index]
            del to_generate[index]
            near = [row.program for row in store.near_misses(task.id, config.near_misses)]
            generate, step = submit_generation(run.client, run.banks, run_id, round_index, task,
                                               shared_pool, near, config.generation, config.seed,
                                               depths[task.id], position,
                                               pieces_for(threads, len(to_generate) + len(collector.growers)),
                                               sorted(worker_threads))
            placed[generate.key] = places[task.id]
            submitted[generate.key] = (task.id, generate, step)
            collector.submit_then(generate, partial(generated_plan, task), watch_also=step)

    collector.on_grown = feed
    feed()
    outcome = None
    try:
        outcome = collector.collect()
    finally:
        bar.close()
        collector.on_grown = None  # the two refer to each other: let them go with the round
        # A round that stopped early (Ctrl-C, a lost scheduler) cancelled all it had out: nothing goes on.
        late = outcome.late_growers if outcome is not None else ()
        run.banks.end_round(run.client, {
            submitted[key][0]: Carried(submitted[key][1], submitted[key][2], placed.get(key))
            for key in late if key in submitted})
        writer.close()  # however the round ends (Ctrl-C too), every collected chunk is committed
    if to_generate:
        outcome.problems.append(f"{len(to_generate)} tasks not reached by the deadline: they come "
                                "first next round")
    _write_telemetry(run, round_index, outcome, arrived, start, enumerations)
    return outcome


def cluster_memory(client: Client) -> int | None:
    """The workers' memory limits added up (bytes); None when a worker has none (Dask's 0)."""
    limits = [worker.get("memory_limit") or 0 for worker in client.scheduler_info()["workers"].values()]
    return sum(limits) if limits and all(limits) else None


def _fit_banks(run: RunContext, share: float | None) -> str | None:
    """Let go of the largest banks past ``share`` of the cluster's memory; a line saying so, if any went."""
    memory = None if share is None else cluster_memory(run.client)
    if memory is None:
        return None
    budget = int(share * memory)
    held = run.banks.live_bytes()
    over = run.banks.fit(budget)
    if not over:
        return None
    from dask.utils import format_bytes

    return (f"{len(over)} tasks' banks let go (banks held {format_bytes(held)}, over "
            f"{share:g} of the workers' {format_bytes(memory)}); those tasks go on with mutants and the pool")


def solver_found(row: SolverRow) -> SolverFound:
    """A stored solver as the ranking sees it."""
    return SolverFound(row.program_id, row.size, row.found, tuple(row.predictions))


def solvers_of(store: Store, task: Task) -> list[SolverFound]:
    """A task's solvers from every run in this store, ranked."""
    return rank_solvers([solver_found(row) for row in store.solvers(task.id)])


def report(dataset: Dataset, solvers: Mapping[str, list[SolverFound]],
           submission: Mapping[str, list[dict[str, list]]]) -> dict | None:
    """Score the attempts against the test outputs, where they are known; None if none are."""
    per_task, right, known = {}, 0, 0
    for task in dataset.tasks:
        task_right, task_known = score_attempts(submission[task.id], dataset.answers.get(task.id, ()))
        right, known = right + task_right, known + task_known
        per_task[task.id] = {"solved_train": bool(solvers[task.id]), "test_right": task_right,
                             "test_known": task_known,
                             "solvers": [s.program_id for s in solvers[task.id]]}
    if not known:
        return None
    solved = sorted(task_id for task_id, row in per_task.items() if row["solved_train"])
    return {"tasks": len(dataset.tasks), "tasks_solved_train": len(solved),
            "test_outputs": known, "test_outputs_right": right,
            "share_right": round(right / known, 4),
            "tasks_right": sorted(t for t, row in per_task.items()
                                  if row["test_known"] and row["test_right"] == row["test_known"]),
            "solved": {task_id: per_task[task_id]["solvers"] for task_id in solved},
            "per_task": per_task}


def answers(store: Store, dataset: Dataset) -> tuple[dict[str, list[SolverFound]], dict]:
    """Each task's ranked solvers, and the submission they give, as the store stands."""
    solvers = {task.id: solvers_of(store, task) for task in dataset.tasks}
    return solvers, {task.id: attempts_for(solvers[task.id], task.test_inputs) for task in dataset.tasks}


def _run_rounds(run: RunContext, dataset: Dataset, config: SearchConfig, started: float,
                say: Say) -> list[RoundOutcome]:
    """The rounds of ``run_search``, until the rounds, the budget or the unsolved tasks run out."""
    store, run_id = run.store, run.run_id
    rounds: list[RoundOutcome] = []
    for round_index in range(config.rounds):
        settings = _round_settings(config, started)
        if settings is None:
            say(f"budget of {config.budget_s:.0f} s spent: no round {round_index}")
            break
        # A task planned for this round stays in it even if chunks committed before a
        # resume solved it: its other chunks are part of the round as it began.
        planned = store.load_plan(run_id, round_index) or {}
        solved = store.solved_tasks()
        active = [t for t in dataset.tasks
                  if config.keep_solved or t.id in planned or t.id not in solved]
        if not active:
            say(f"every task is solved: no round {round_index}")
            break
        run.banks.keep_only({task.id for task in active})
        outcome = run_round(run, round_index, active, config, settings, saved=planned)
        rounds.append(outcome)
        for problem in outcome.problems:
            say(f"round {round_index}: {problem}")
        let_go = _fit_banks(run, config.bank_share)
        if let_go:
            say(f"round {round_index}: {let_go}")
        counts = outcome.outcome_counts()
        solved_now = len(store.solved_tasks() & {t.id for t in dataset.tasks})
        say(f"round {round_index}: {sum(counts.values())} candidates over {len(active)} tasks in "
            f"{outcome.wall_s:.1f} s (chunks of {outcome.chunk_size}); "
            f"{solved_now}/{len(dataset.tasks)} tasks solved on train")
        if config.on_round is not None:
            solvers, submission = answers(store, dataset)
            config.on_round(RoundDone(round_index, outcome, submission,
                                      report(dataset, solvers, submission)))
    return rounds


def run_search(run: RunContext, dataset: Dataset, config: SearchConfig) -> SearchResult:
    """Run up to ``config.rounds`` rounds over the dataset's tasks; return what was found."""
    store, run_id = run.store, run.run_id

    def say(message: str) -> None:
        log.info(message)
        if run.say is not None:
            run.say(message)

    started = time.time()
    store.add_programs(program_rows(run.seeds, "seed") + program_rows(run.differs, "differ"))
    try:
        rounds = _run_rounds(run, dataset, config, started, say)
    finally:
        run.shared.release(run.client)  # the workers drop the run's tasks
    run.banks.keep_only(set())
    solvers, submission = answers(store, dataset)
    busy: Counter = Counter()
    for outcome in rounds:
        busy.update(outcome.busy_by_worker())
    evaluated = sum(outcome.outcome_counts().total() for outcome in rounds)
    return SearchResult(run_id, len(dataset.tasks), rounds,
                        merge_counts(store.outcome_counts(run_id).values()),
                        time.time() - started, dict(busy), solvers, submission,
                        report(dataset, solvers, submission), evaluated)


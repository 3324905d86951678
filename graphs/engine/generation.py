"""Candidate generation as Dask tasks: per ARC task per round, a step of its enumeration, then its candidates.

Two keys per task and round::

    enumerate-<run>-r<round>-<task>   continue the task's enumeration (``tasks.search.continuation``)
                                      from the previous round's key of the same task
    generate-<run>-r<round>-<task>    the round's candidates: what that step handed on, mutants
                                      of the near-misses, the pool's solvers

The enumeration's result holds the task's bank. It stays in worker memory as
a Dask result between rounds (``Banks`` holds its future on the client), and
the next round's step depends on it, so the scheduler runs that step where
the bank is; under memory pressure Dask spills it to disk (its ``sizeof`` is
the bank's estimated bytes), and if its worker is lost, Dask recomputes it
from the steps before. The generate task depends on the step's key too, and
only its small result (programs with their content ids) comes to the client.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import dask
from dask.sizeof import sizeof
from distributed import Client, Future

from graphs.engine.round import key_part, worker_name
from tasks.data.arc import Task
from tasks.programs.program import Program
from tasks.running.evaluate import Candidate
from tasks.search.continuation import NOTHING_HANDED, Continuation, Handed
from tasks.search.pieces import Piece
from tasks.search.generate import generate_with_origins
from tasks.search.settings import GenerationSettings

# Below every chunk's priority (chunk k of a task has priority -k).
GENERATION_PRIORITY = -1_000_000


@dataclass(frozen=True)
class Generated:
    """One task's candidates for a round, the worker that made them, its busy seconds, and the step's report.

    ``origins`` says where each candidate came from (``tasks.search.generate.ORIGINS``), in order.
    """

    candidates: tuple[Candidate, ...]
    worker: str
    busy_s: float
    enumeration: dict[str, Any] = field(default_factory=dict)
    origins: tuple[str, ...] = ()

    def origin_of(self) -> dict[str, str]:
        """Candidate id -> where it came from."""
        return {candidate.id: origin for candidate, origin in zip(self.candidates, self.origins)}


@dataclass
class Stepped:
    """A Dask result: a task's continuation after a step, and what that step handed on."""

    continuation: Continuation
    handed: Handed
    busy_s: float


@sizeof.register(Stepped)
def _sizeof_stepped(stepped: Stepped) -> int:
    # What Dask's memory manager weighs when it decides to spill: the bank, not the wrapper.
    return stepped.continuation.search.bank.bytes


def run_step(previous: Stepped | None, task: Task, settings: GenerationSettings,
             generation: int) -> Stepped:
    """Dask task: continue ``task``'s enumeration from ``previous`` (start it when None) for one generation.

    The continuation is advanced in place: the previous key's value is only
    ever read by this one step (its dependent), and a copy of the bank per
    round would cost as much as growing it.
    """
    start = time.perf_counter()
    continuation = Continuation(task, settings) if previous is None else previous.continuation
    handed = continuation.step(generation, settings)
    return Stepped(continuation, handed, time.perf_counter() - start)


def run_piece(previous: Stepped, index: int, count: int, settings: GenerationSettings,
              generation: int) -> Piece:
    """Dask task: piece ``index`` of ``count`` of a task's next pass, read from its bank (a copy, elsewhere)."""
    return previous.continuation.piece(index, count, generation, settings)


def run_merge(previous: Stepped, pieces: Sequence[Piece], settings: GenerationSettings,
              generation: int) -> Stepped:
    """Dask task, where the bank is: the pieces merged into it, and what is new handed on."""
    start = time.perf_counter()
    handed = previous.continuation.absorb(generation, pieces, settings)
    busy = time.perf_counter() - start + sum(piece.seconds for piece in pieces)
    return Stepped(previous.continuation, handed, busy)


def run_generate(stepped: Stepped | None, task: Task, pool: Sequence[Program],
                 near_misses: Sequence[Program], settings: GenerationSettings, generation: int,
                 seed: int) -> Generated:
    """Dask task: one ARC task's candidates for this round, with their content ids."""
    start = time.perf_counter()
    handed = NOTHING_HANDED if stepped is None else stepped.handed  # None: the bank stopped growing
    made = generate_with_origins(task, pool, near_misses, settings, generation, seed, handed=handed)
    candidates = tuple(Candidate.of(program) for program, _ in made)
    origins = tuple(origin for _, origin in made)
    if stepped is None:
        return Generated(candidates, worker_name(), time.perf_counter() - start,
                         {"generation": generation, "steps": 0, "stopped": "stopped"}, origins)
    return Generated(candidates, worker_name(), time.perf_counter() - start + stepped.busy_s,
                     stepped.handed.report.as_record(), origins)


def pool_node(run_id: str, round_index: int, pool: Sequence[Program]) -> dask.delayed:
    """The round's pool as one key, shared by every task's generation."""
    return dask.delayed(tuple(pool), name=f"pool-{run_id}-r{round_index}", pure=False, traverse=False)


@dataclass(frozen=True)
class Carried:
    """A task's generation still running when its round ended, and its step: the next round takes it."""

    generate: Future
    step: Future | None
    place: str | None  # the worker its bank was on when it was submitted (None: anywhere)


class Banks:
    """The client's hold on each task's enumeration between rounds: the future of its last finished step.

    Holding the future keeps the bank in worker memory; dropping it lets Dask
    free it. A round's new step is pending until it finishes. A generation
    still running when its round ends (at most one per generation slot: the
    engine keeps only a few in flight) goes on into the next round, which
    takes its candidates instead of submitting the task again
    (``end_round(carry=...)``, ``take_carried``): cancelling it threw away
    up to a step's seconds of every thread at every round's end. Any other
    step still pending is cancelled, and the task goes on from its last
    finished step next round. A finished step whose hand-on never reached a
    plan is reused by the next round instead of continued (a new step hands
    on only what is new). A task whose step failed, or was lost for good,
    starts again.
    """

    def __init__(self) -> None:
        self.steps: dict[str, Future] = {}    # task id -> its last finished step
        self.pending: dict[str, Future] = {}  # task id -> this round's new step
        self.stopped: dict[str, str] = {}     # task id -> the limit its bank reached: no more steps
        self.consumed: set[str] = set()       # tasks whose last finished step's hand-on is in a plan
        self.bytes: dict[str, int] = {}       # task id -> its bank's estimated bytes, as its last step said
        self.carried: dict[str, Carried] = {}  # task id -> its generation the last round left running

    def next_step(self, task_id: str) -> tuple[Future | None, bool]:
        """(the task's last finished step, whether to continue from it with a new one); (None, True) to start."""
        previous = self.previous(task_id)
        if previous is None:
            return None, True
        return previous, task_id in self.consumed

    def hold(self, task_id: str, future: Future) -> None:
        """This round's new step of the task, pending until it finishes."""
        self.pending[task_id] = future

    def handed_on(self, task_id: str) -> None:
        """The task's generation this round reached a plan: its step is done and its hand-on used."""
        self._settle(task_id)
        self.consumed.add(task_id)

    def end_round(self, client: Client, carry: Mapping[str, Carried] | None = None) -> None:
        """Keep each new step that finished, and those of the generations ``carry`` takes into the
        next round; cancel the other steps the round did not get to finish."""
        self.carried = dict(carry or {})
        for task_id, future in list(self.pending.items()):
            if future.status == "finished":
                self._settle(task_id)
            elif task_id not in self.carried:
                del self.pending[task_id]
                client.cancel([future], force=True)

    def take_carried(self, task_ids: set[str]) -> dict[str, Carried]:
        """The generations the last round left running for these tasks; the others are cancelled.

        One that failed or was lost meanwhile (its worker died) is not taken:
        its task is generated again, as one never submitted.
        """
        carried, self.carried = self.carried, {}
        taken = {}
        for task_id, left in carried.items():
            if task_id in task_ids and left.generate.status not in ("error", "cancelled", "lost"):
                taken[task_id] = left
            else:
                self._cancel(task_id, left)
        return taken

    def _cancel(self, task_id: str, left: Carried) -> None:
        left.generate.cancel(force=True)
        pending = self.pending.get(task_id)
        if pending is not None and pending is left.step and pending.status != "finished":
            del self.pending[task_id]
            pending.cancel(force=True)

    def _settle(self, task_id: str) -> None:
        future = self.pending.pop(task_id, None)
        if future is None:
            return
        older = self.steps.get(task_id)
        self.steps[task_id] = future
        self.consumed.discard(task_id)
        if older is not None:
            older.release()

    def note_bytes(self, task_id: str, bank_bytes: int) -> None:
        """The task's bank holds about ``bank_bytes`` now (its step's report)."""
        self.bytes[task_id] = bank_bytes

    def held_bytes(self) -> dict[str, int]:
        """Task id -> estimated bytes, for every bank still held (0 before its first report)."""
        return {task_id: self.bytes.get(task_id, 0) for task_id in {*self.steps, *self.pending}}

    def live_bytes(self) -> int:
        """The estimated bytes of every bank still held."""
        return sum(self.held_bytes().values())

    def fit(self, budget: int, reason: str = "cluster-memory") -> list[str]:
        """Let go of banks (``banks_over_budget``) until those held fit in ``budget`` bytes; the tasks let go."""
        over = banks_over_budget(self.held_bytes(), budget)
        for task_id in over:
            self.stop(task_id, reason)
        return over

    def stop(self, task_id: str, reason: str) -> None:
        """The task's bank stopped growing (``reason``): let it go, and give the task no more steps."""
        self.stopped[task_id] = reason
        self.drop(task_id)

    def previous(self, task_id: str) -> Future | None:
        """The task's last finished step, if it is still worth continuing from."""
        future = self.steps.get(task_id)
        if future is not None and future.status in ("error", "cancelled", "lost"):
            self.drop(task_id)
            return None
        return future

    def workers_of(self, client: Client, task_ids: Sequence[str]) -> dict[str, str | None]:
        """Where each task's next step will run: the worker holding its bank (None: no bank, anywhere).

        One question to the scheduler for all of them. A bank on several
        workers (Dask copied it) counts as on the first.
        """
        held = {task_id: self.previous(task_id) for task_id in task_ids}
        futures = [future for future in held.values() if future is not None]
        holders = client.who_has(futures) if futures else {}
        return {task_id: (next(iter(holders.get(future.key, ())), None) if future is not None else None)
                for task_id, future in held.items()}

    def drop(self, task_id: str) -> None:
        left = self.carried.pop(task_id, None)
        if left is not None:
            left.generate.cancel(force=True)
        self.consumed.discard(task_id)
        self.bytes.pop(task_id, None)
        for held in (self.steps, self.pending):
            future = held.pop(task_id, None)
            if future is not None:
                future.release()

    def keep_only(self, task_ids: set[str]) -> None:
        """Let go of the banks of every task not named (solved, or no longer searched)."""
        for task_id in [t for t in {*self.steps, *self.pending, *self.carried} if t not in task_ids]:
            self.drop(task_id)


def banks_over_budget(bank_bytes: Mapping[str, int], budget: int) -> list[str]:
    """The banks to let go so that the rest fit in ``budget`` bytes: the largest first.

    Banks past what the workers can hold are not kept by spilling them: Dask
    would write and read a bank around every step (a 4 s step cost about 7 s
    of a thread in a 3,600 s run), so every task would slow down. The
    largest banks go: each frees the most memory per task given up, and a
    large bank is the slowest to grow one size further (big grids, many
    values). A task let go keeps what it found and gets mutants and the
    pool's solvers, as one whose own bank reached its limit.

    >>> banks_over_budget({"a": 50, "b": 30, "c": 20}, 60)
    ['a']
    >>> banks_over_budget({"a": 50, "b": 30, "c": 20}, 100), banks_over_budget({"a": 50, "b": 50}, 10)
    ([], ['a', 'b'])
    """
    total, over = sum(bank_bytes.values()), []
    for task_id, size in sorted(bank_bytes.items(), key=lambda item: (-item[1], item[0])):
        if total <= budget:
            break
        over.append(task_id)
        total -= size
    return over


def balanced_choice(places: Sequence[str | None], busy: Mapping[str, int],
                    threads: Mapping[str, int]) -> int:
    """Which of the waiting generations to submit next: the first whose worker has a free thread.

    ``places`` are the workers the waiting generations would run on, in
    their order (None: anywhere), ``busy`` the generations in flight per
    worker, ``threads`` each worker's threads. A continued step runs where its
    bank is; submitted in plain order, the few generations in flight can all
    land on one worker while the other idles. When every worker is full, the
    first waits as before.

    >>> balanced_choice(["a", "a", "b"], {"a": 2}, {"a": 1, "b": 1})
    2
    >>> balanced_choice(["a", None], {"a": 1}, {"a": 1, "b": 1}), balanced_choice(["a"], {"a": 5}, {"a": 1})
    (1, 0)
    """
    for index, place in enumerate(places):
        if place is None or busy.get(place, 0) < threads.get(place, 1):
            return index
    return 0


def submit_generation(client: Client, banks: Banks, run_id: str, round_index: int, task: Task,
                      pool: dask.delayed, near_misses: Sequence[Program],
                      settings: GenerationSettings, seed: int, generation: int,
                      position: int = 0, pieces: int = 1,
                      workers: Sequence[str] = ()) -> tuple[Future, Future | None]:
    """Submit one task's step (continuing its bank) and generation; (generate future, step future).

    Generations come last in the workers' queue, in ``position`` order: a
    worker evaluates the chunks already made before it generates more, so the
    round goes task by task rather than generating everything first (which a
    deadline would cut before any evaluation). A task whose bank has stopped
    growing gets no step: its candidates are mutants and the pool's solvers. A
    task whose last step's hand-on never reached a plan (the round ended
    first) gets that step again, not a new one (``Banks.next_step``). With
    ``pieces`` above 1 a continued step is its next pass split into that
    many Dask tasks (``tasks.search.pieces``), spread over ``workers``, merged
    where the bank is.
    """
    name = f"{run_id}-r{round_index}-{key_part(task.id)}"
    previous, fresh_step = banks.next_step(task.id)
    with dask.annotate(priority=GENERATION_PRIORITY - position):
        if task.id in banks.stopped:
            step = None
        elif fresh_step and pieces > 1 and previous is not None:
            # One pass in pieces, each reading the bank (moved once to each worker that runs one).
            parts = []
            for index in range(pieces):
                # Spread over the workers, not queued where the bank is (Dask would put them all there).
                where = {"workers": [workers[index % len(workers)]], "allow_other_workers": True} if workers else {}
                with dask.annotate(**where):
                    parts.append(dask.delayed(run_piece, pure=False)(previous, index, pieces, settings, generation,
                                                                     dask_key_name=f"piece-{name}-{index}"))
            step = dask.delayed(run_merge, pure=False)(previous, parts, settings, generation,
                                                       dask_key_name=f"enumerate-{name}")
        elif fresh_step:
            step = dask.delayed(run_step, pure=False)(previous, task, settings, generation,
                                                      dask_key_name=f"enumerate-{name}")
        else:  # the last step's hand-on never reached a plan: it is this round's
            step = previous
        generate = dask.delayed(run_generate, pure=False)(
            step, task, pool, tuple(near_misses), settings, generation, seed,
            dask_key_name=f"generate-{name}")
    if step is None:
        return client.compute(generate, optimize_graph=False), None
    if not fresh_step:
        return client.compute(generate, optimize_graph=False), previous
    step_future, generate_future = client.compute([step, generate], optimize_graph=False)
    banks.hold(task.id, step_future)
    return generate_future, step_future

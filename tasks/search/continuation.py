"""One task's enumeration continued generation after generation, instead of started again.

A ``Continuation`` holds the task's ``Search`` (its bank of terms and where it
stopped) and what it has already handed on. Each ``step`` grows the bank
further, one size more allowed than the step before and for the generation's
time budget, and hands on what is new: every exact match not handed on
before, solvers stacked from the best partial grids, and the best of the
other grids not handed on yet. The search is never started again from size
1, so a task that comes back in many rounds reaches sizes one long
enumeration would.

The engine keeps each task's continuation as a Dask result in worker memory
between rounds (``graphs.engine.generation``); it is picklable, so Dask may
spill it to disk or move it.

>>> from tasks.data.arc import Pair, Task
>>> task = Task("t", (Pair(((1, 2),), ((2, 1),)), Pair(((3, 4), (5, 6)), ((4, 3), (6, 5)))), ())
>>> continuation = Continuation(task, GenerationSettings())
>>> handed = continuation.step(0)
>>> print(handed.exact[0].to_source(), end="")
def solve(S, I):
    O = mirror_left_right(I)
    return O
>>> again = continuation.step(1)
>>> handed.report.stopped, again.exact == handed.exact, again.report.terms == handed.report.terms
('solved', True, True)
"""

from __future__ import annotations

import pickle
import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

import cloudpickle

from tasks.data.arc import Task
from tasks.programs.program import Program, vocabulary
from tasks.search.augment import solved_under_symmetries
from tasks.search.build import ranked_fits, term_program
from tasks.search.compose import Measured, measured_pieces, stacked_from
from tasks.search.enumerate import Search, is_solver_grid
from tasks.search.pieces import Piece, absorb, run_piece
from tasks.search.settings import GenerationSettings, time_budget
from tasks.search.terms import Term

# How long a copy of a bank (Dask spilling or moving it) waits for a step growing it to end;
# steps last seconds (``time_budget``), so only a hung step makes a copy give up.
COPY_WAIT_S = 120.0

# Ranked grids kept between steps, as multiples of what one step hands on: the next
# step's near-misses come from these and the grids it adds.
BACKLOG_FACTOR = 4


@dataclass(frozen=True)
class StepReport:
    """Where a task's enumeration stands after a step, for its telemetry record.

    ``steps`` counts the steps this continuation has made, this one included
    (more than 1: it went on from a bank kept since an earlier round).
    ``stopped`` is why the step ended (``tasks.search.enumerate.STOP_REASONS``):
    ``memory`` and ``values`` mean the bank reached its limit and stops growing.
    """

    generation: int
    steps: int
    size: int
    phase: str
    terms: int
    bank_bytes: int
    stopped: str
    seconds: float

    def as_record(self) -> dict[str, Any]:
        """The report as a JSON-ready mapping.

        >>> StepReport(1, 2, 3, "final", 10, 4096, "time", 1.23456).as_record()["seconds"]
        1.235
        """
        return {"generation": self.generation, "steps": self.steps, "size": self.size, "phase": self.phase,
                "terms": self.terms, "bank_bytes": self.bank_bytes, "stopped": self.stopped,
                "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class Handed:
    """What one step hands on: every exact match found so far, new near-misses, and where the search stands."""

    exact: tuple[Program, ...]
    rest: tuple[Program, ...]
    report: StepReport


# What a task whose bank stopped growing gets from enumeration: nothing new.
NOTHING_HANDED = Handed((), (), StepReport(0, 0, 0, "", 0, 0, "stopped", 0.0))


def step_settings(settings: GenerationSettings, generation: int) -> GenerationSettings:
    """The limits of a task's ``generation``-th step: one size and depth more per generation.

    >>> step_settings(GenerationSettings(max_size=3, max_depth=4), 2).max_size
    5
    """
    return replace(settings, max_size=settings.max_size + generation,
                   max_depth=settings.max_depth + generation)


class Continuation:
    """A task's enumeration between steps: the search, its best grids, and what was handed on."""

    def __init__(self, task: Task, settings: GenerationSettings,
                 primitives: Mapping[str, Any] | None = None,
                 constants: Mapping[str, Any] | None = None) -> None:
        primitives, constants = vocabulary(primitives, constants)
        self.task, self.settings, self.primitives, self.constants = task, settings, primitives, constants
        self.search = Search(task, settings, primitives, constants)
        self.handed: set[str] = set()      # texts of the terms handed on by earlier steps
        self.backlog: list[Term] = []      # ranked grids not handed on yet, the best few
        self.pieces: Measured = []         # the grids stacking combines, measured (``compose.measured_pieces``)
        self.exact: list[Term] = []        # every exact match found, in the order found
        self.steps = 0
        self._lock = threading.RLock()

    # A step the engine gave up on may still be running in a worker thread when the next
    # round's step of the same task starts there: they take turns (the lock), never both.
    #
    # Dask pickles a bank to spill it or move it, from its event loop, while a step may be
    # growing that very bank in a worker thread: the previous round's key holds the object the
    # step grows in place (seen in a 3,600 s run: "dictionary changed size during iteration",
    # logged ERROR). The whole state is pickled under the lock, so a copy is always of a bank
    # between steps. It waits for the step (seconds) rather than refusing: a refused copy fails
    # the transfer of a bank a piece or a generation elsewhere needs. The lock is re-entrant:
    # a step that copies its own bank (tests do) is not a race.
    def __reduce__(self):
        if not self._lock.acquire(timeout=COPY_WAIT_S):
            raise pickle.PicklingError(f"task {self.task.id}: a step held its bank over {COPY_WAIT_S:.0f} s")
        try:
            state = {name: value for name, value in self.__dict__.items() if name != "_lock"}
            # cloudpickle, as Dask falls back to: a vocabulary may hold functions made at run time.
            return _thawed, (cloudpickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL),)
        finally:
            self._lock.release()

    def step(self, generation: int, settings: GenerationSettings | None = None,
             time_budget_s: float | None = None) -> Handed:
        """Grow the bank for this generation (``step_settings``), then hand on what is new.

        ``settings`` are the base ones (those it was made with unless given); the
        time is ``time_budget(settings, generation)`` unless given. A bank
        that has stopped growing (solved, or at its memory or size limit of
        terms) is not grown again; the step still hands on its backlog.
        Every exact match found so far is handed on again (the engine drops
        those already tried): a step whose round was cut never reached a plan.
        """
        with self._lock:
            return self._step(generation, settings, time_budget_s)

    def _step(self, generation: int, settings: GenerationSettings | None,
              time_budget_s: float | None) -> Handed:
        search = self.search
        base = settings or self.settings
        started = time.perf_counter()
        self.steps += 1
        if search.growing:
            search.settings = step_settings(base, generation)
            search.run(time_budget(base, generation) if time_budget_s is None else time_budget_s)
        return self._handed(generation, base, started)

    def piece(self, index: int, count: int, generation: int,
              settings: GenerationSettings | None = None, time_budget_s: float | None = None) -> Piece:
        """Piece ``index`` of ``count`` of this generation's next pass (``tasks.search.pieces``); stores nothing.

        Pieces only read the bank, so they run side by side, here or on
        copies of it elsewhere; ``absorb`` merges them into the bank.
        """
        base = settings or self.settings
        self.search.settings = step_settings(base, generation)
        budget = time_budget(base, generation) if time_budget_s is None else time_budget_s
        return run_piece(self.search, index, count, budget)

    def absorb(self, generation: int, pieces: Sequence[Piece], settings: GenerationSettings | None = None,
               time_budget_s: float | None = None) -> Handed:
        """A step made of pieces: their terms stored as the pass would have, then what is new handed on.

        When the pieces ended their pass before the step's time budget, the
        search goes on from the merged bank, unsplit, for what is left.
        """
        with self._lock:
            base = settings or self.settings
            started = time.perf_counter()
            self.steps += 1
            search = self.search
            search.settings = step_settings(base, generation)
            if search.growing and absorb(search, pieces):
                search.stopped = search.standing()
                # A pass that ended before the step's time did: the rest of it goes on here.
                left = (time_budget(base, generation) if time_budget_s is None else time_budget_s) - max(
                    piece.seconds for piece in pieces)
                if search.growing and left > 0.1:
                    search.run(left)
            return self._handed(generation, base, started)

    def _handed(self, generation: int, base: GenerationSettings, started: float) -> Handed:
        search = self.search
        fresh = [term for term in search.fresh_grids if search.bank.holds(term) and is_solver_grid(term)]
        search.fresh_grids = []
        exact, rest = self._hand_on(fresh, base)
        if not exact and generation == 0 and base.symmetries:
            exact = tuple(solved_under_symmetries(self.task, base, self.primitives, self.constants))
        report = StepReport(generation, self.steps, search.size, search.phase, search.bank.count,
                            search.bank.bytes, search.stopped, time.perf_counter() - started)
        return Handed(exact, rest, report)

    def _hand_on(self, fresh: list[Term], settings: GenerationSettings) -> tuple[tuple, tuple]:
        """(exact, near-misses) not handed on before; the rest of the ranking stays as the backlog."""
        outputs = self.search.outputs
        ranked = ranked_fits([term for term in fresh if term.text not in self.handed] + self.backlog,
                             outputs)
        exact = [term for term, is_exact, _, _ in ranked if is_exact]
        others = [term for term, is_exact, _, _ in ranked if not is_exact]
        if not exact and settings.stack_partials:
            # The input itself may be the base; the pieces' masks are measured once, when new.
            grids = fresh if self.pieces else [self.search.goal.inputs, *fresh]
            self.pieces = measured_pieces(grids, outputs, measured=self.pieces)
            exact = [term for term in stacked_from(self.pieces, outputs, self.primitives,
                                                   self.search.budget)
                     if term.text not in self.handed]
        # Every exact match found so far goes out again with each step: a step whose round was
        # cut never reached a plan, and the engine drops the programs already tried.
        self.exact.extend(exact)
        room = max(0, settings.max_candidates - len(self.exact))
        near = others[:room]
        self.handed.update(term.text for term in exact + near)
        self.backlog = others[room:room + BACKLOG_FACTOR * settings.max_candidates]
        return tuple(map(term_program, self.exact)), tuple(map(term_program, near))


def _thawed(frozen: bytes) -> Continuation:
    """A continuation from the bytes ``Continuation.__reduce__`` made under its lock."""
    continuation = Continuation.__new__(Continuation)
    continuation.__dict__.update(pickle.loads(frozen))
    continuation._lock = threading.RLock()
    return continuation

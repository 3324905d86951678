"""Run a chunk of candidate programs on one task's train pairs, then score near-misses.

This is the work of one Dask task, and it is sequential: candidates run one
after another under their ``Budget``, and the chunk stops starting new work
once the round's deadline has passed, so a chunk in flight returns promptly
with everything it finished (the rest marked ``timeout``).

Every candidate ends in exactly one outcome (see ``tasks.data.outcomes``); the
engine adds ``cancelled`` and ``worker_lost`` for candidates it never got back.

>>> from tasks.data.arc import Pair, Task
>>> from tasks.programs.program import Program
>>> task = Task("t", (Pair(((1, 2),), ((2, 1),)), Pair(((3, 4),), ((4, 3),))), (((5, 6),),))
>>> flip = Candidate.of(Program.from_steps("solver", [("mirror_left_right", "I")]))
>>> same = Candidate.of(Program.from_steps("solver", [("identity", "I")]))
>>> results = evaluate_chunk(task, (flip, same), Budget())
>>> [(r.outcome, r.train_score, r.predictions) for r in results]
[('ok', 1000, (((6, 5),),)), ('mismatch', 0, ())]
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Sequence

from tasks.data.arc import Task
from tasks.data.budget import Budget
from tasks.data.arc import samples_without
from tasks.data.grid import MAX_SCORE, Grid, cell_accuracy
from tasks.programs.canonical import content_id
from tasks.running.interpreter import run_program
from tasks.data.outcomes import MISMATCH, OK, TIMEOUT
from tasks.programs.program import Program



@dataclass(frozen=True)
class Candidate:
    """A program to try, with its content id (``solver_<hex>``)."""

    id: str
    program: Program

    def __reduce__(self):
        # Plain arguments pickle faster than a dataclass's state dict.
        return (Candidate, (self.id, self.program))

    @classmethod
    def of(cls, program: Program) -> "Candidate":
        return cls(content_id(program), program)


@dataclass(frozen=True)
class CandidateResult:
    """What one candidate did on one task.

    ``train_score`` is the mean cell accuracy over train pairs, 0..1000 (a
    pair whose output has the wrong shape scores 0); ``differ_scores`` maps
    differ id to its mean score over pairs, for near-misses that were scored;
    ``predictions`` holds one output per test input for solvers (None where
    the solver failed on that input).
    """

    candidate_id: str
    outcome: str
    seconds: float
    train_score: int = 0
    differ_scores: dict[str, float] = field(default_factory=dict)
    predictions: tuple[Grid | None, ...] = ()

    def __reduce__(self):
        # Every result crosses from worker to client; a frozen dataclass's default pickle
        # took the client ~4 ms to unpickle per chunk of 256, plain arguments ~0.4 ms.
        return (CandidateResult, (self.candidate_id, self.outcome, self.seconds, self.train_score,
                                  self.differ_scores, self.predictions))

    @property
    def differ_score(self) -> float:
        """Mean of the differ scores (0 when unscored): how near this near-miss is."""
        scores = self.differ_scores.values()
        return sum(scores) / len(scores) if scores else 0.0


@dataclass(frozen=True)
class Evaluated:
    """A chunk's results, with the train outputs of its mismatches for the differs."""

    results: tuple[CandidateResult, ...]
    outputs: dict[str, tuple[Grid, ...]]


def _remaining(deadline: float | None, timeout_s: float | None) -> float | None:
    """Seconds a run may take: its own timeout, cut by the round's wall-clock deadline."""
    if deadline is None:
        return timeout_s
    left = max(0.0, deadline - time.time())
    return left if timeout_s is None else min(timeout_s, left)


def _outcome_name(kind: str, detail: str) -> str:
    return kind if kind in (OK, TIMEOUT) else f"{kind}:{detail}"


def evaluate_candidate(task: Task, candidate: Candidate, budget: Budget,
                       deadline: float | None = None) -> tuple[CandidateResult, tuple[Grid, ...]]:
    """Run one candidate on every train pair; on success, predict the test inputs."""
    start = time.perf_counter()
    outputs, scores = [], []
    for k, pair in enumerate(task.train):
        run_budget = replace(budget, timeout_s=_remaining(deadline, budget.timeout_s))
        outcome = run_program(candidate.program, {"S": samples_without(task, k), "I": pair.input},
                              run_budget)
        if outcome.kind != OK:
            name = _outcome_name(outcome.kind, outcome.detail)
            return CandidateResult(candidate.id, name, time.perf_counter() - start), ()
        outputs.append(outcome.value)
        scores.append(cell_accuracy(outcome.value, pair.output))
    train_score = sum(scores) // len(scores)
    if any(out != pair.output for out, pair in zip(outputs, task.train)):
        return (CandidateResult(candidate.id, MISMATCH, time.perf_counter() - start, train_score),
                tuple(outputs))
    everything = samples_without(task, None)
    predictions = []
    for grid in task.test_inputs:
        run_budget = replace(budget, timeout_s=_remaining(deadline, budget.timeout_s))
        outcome = run_program(candidate.program, {"S": everything, "I": grid}, run_budget)
        predictions.append(outcome.value if outcome.kind == OK else None)
    return (CandidateResult(candidate.id, OK, time.perf_counter() - start, MAX_SCORE, {},
                            tuple(predictions)), ())


def evaluate_chunk(task: Task, candidates: Sequence[Candidate], budget: Budget,
                   deadline: float | None = None) -> tuple[CandidateResult, ...]:
    """Results of every candidate, in order; see ``evaluate_chunk_with_outputs``."""
    return evaluate_chunk_with_outputs(task, candidates, budget, deadline).results


def evaluate_chunk_with_outputs(task: Task, candidates: Sequence[Candidate], budget: Budget,
                                deadline: float | None = None) -> Evaluated:
    """Evaluate candidates in order; those not started by ``deadline`` (epoch s) are ``timeout``."""
    results, outputs = [], {}
    for candidate in candidates:
        if deadline is not None and time.time() >= deadline:
            results.append(CandidateResult(candidate.id, TIMEOUT, 0.0))
            continue
        result, grids = evaluate_candidate(task, candidate, budget, deadline)
        results.append(result)
        if grids:
            outputs[candidate.id] = grids
    return Evaluated(tuple(results), outputs)


def differ_score(task: Task, differ: Candidate, outputs: Sequence[Grid], budget: Budget,
                 deadline: float | None = None) -> float:
    """Mean score, 0..1000, that ``differ`` gives a candidate's train outputs.

    A differ that fails, or returns anything but ``(score, diff)`` with an int
    score in 0..1000, scores 0 on that pair: it cannot vouch for the candidate.
    """
    total = 0
    for k, (got, pair) in enumerate(zip(outputs, task.train)):
        run_budget = replace(budget, timeout_s=_remaining(deadline, budget.timeout_s))
        outcome = run_program(differ.program,
                              {"S": samples_without(task, k), "I": got, "C": pair.output}, run_budget)
        value = outcome.value if outcome.kind == OK else None
        if (isinstance(value, tuple) and len(value) == 2 and type(value[0]) is int
                and 0 <= value[0] <= MAX_SCORE):
            total += value[0]
    return total / len(task.train)


def score_near_misses(task: Task, evaluated: Evaluated, differs: Sequence[Candidate],
                      budget: Budget, top_k: int, deadline: float | None = None
                      ) -> tuple[CandidateResult, ...]:
    """Apply every differ to the ``top_k`` mismatches by train score; return all results.

    Differs cost a run per pair each, so only the most promising near-misses
    of a chunk are scored; past the deadline none are (the results stand).
    """
    mismatches = [r for r in evaluated.results if r.outcome == MISMATCH and r.train_score > 0]
    best = sorted(mismatches, key=lambda r: (-r.train_score, r.candidate_id))[:top_k]
    scored = {}
    for result in best:
        if deadline is not None and time.time() >= deadline:
            break
        grids = evaluated.outputs[result.candidate_id]
        scored[result.candidate_id] = replace(result, differ_scores={
            differ.id: differ_score(task, differ, grids, budget, deadline) for differ in differs})
    return tuple(scored.get(r.candidate_id, r) for r in evaluated.results)

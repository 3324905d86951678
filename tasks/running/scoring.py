"""From solvers to attempts: rank a task's solvers, pick two attempts, score them.

Only train pairs decide what a solver is; test outputs are read here alone,
by ``score_attempts``, after the search has finished.

>>> ranked = rank_solvers([SolverFound("b", 3, 0, (((1,),),)),
...                        SolverFound("a", 2, 1, (((2,),),))])
>>> [s.program_id for s in ranked]
['a', 'b']
>>> attempts_for(ranked, [((9,),)])
[{'attempt_1': [[2]], 'attempt_2': [[1]]}]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from tasks.data.grid import Grid


@dataclass(frozen=True)
class SolverFound:
    """A program that reproduced every train output of a task.

    ``found`` orders discoveries (earlier is smaller); ``predictions`` holds
    one output per test input (None where the solver failed on that input).
    """

    program_id: str
    size: int
    found: int
    predictions: tuple[Grid | None, ...]


def rank_solvers(solvers: Sequence[SolverFound]) -> list[SolverFound]:
    """Fewer steps first, then more solvers agreeing on the same predictions, then found earlier, then id.

    Every solver reproduces every train output, so what tells two of one size
    apart is how many independent programs predict the same test outputs:
    a prediction several programs reach is more likely the rule's.

    >>> alone, agreed, also = (SolverFound("a", 2, 0, (((1,),),)), SolverFound("b", 2, 1, (((2,),),)),
    ...                        SolverFound("c", 3, 1, (((2,),),)))
    >>> [s.program_id for s in rank_solvers([alone, agreed, also])]
    ['b', 'a', 'c']
    """
    agreeing = Counter(solver.predictions for solver in solvers)
    return sorted(solvers, key=lambda s: (s.size, -agreeing[s.predictions], s.found, s.program_id))


def _as_lists(grid: Grid) -> list[list[int]]:
    return [list(row) for row in grid]


def attempts_for(ranked: Sequence[SolverFound], test_inputs: Sequence[Grid]) -> list[dict[str, list]]:
    """Two attempts per test input, in the Kaggle ARC Prize format.

    ``attempt_1`` is the best solver's prediction; ``attempt_2`` the best
    other solver's prediction that differs from it. With no prediction, the
    test input itself stands in (many ARC outputs resemble their input), and
    a repeated attempt stands in for a missing second one.
    """
    attempts = []
    for index, test_input in enumerate(test_inputs):
        guesses: list[Grid] = []
        for solver in ranked:
            prediction = solver.predictions[index] if index < len(solver.predictions) else None
            if prediction is not None and prediction not in guesses:
                guesses.append(prediction)
            if len(guesses) == 2:
                break
        if not guesses:
            guesses = [test_input]
        first = guesses[0]
        second = guesses[1] if len(guesses) > 1 else first
        attempts.append({"attempt_1": _as_lists(first), "attempt_2": _as_lists(second)})
    return attempts


def score_attempts(attempts: Sequence[Mapping[str, list]],
                   answers: Sequence[Grid | None]) -> tuple[int, int]:
    """(test outputs right, test outputs known): right when either attempt equals the output.

    >>> score_attempts([{"attempt_1": [[1]], "attempt_2": [[2]]}], [((2,),)])
    (1, 1)
    """
    right = known = 0
    for attempt, answer in zip(attempts, answers):
        if answer is None:
            continue
        known += 1
        expected = _as_lists(answer)
        right += expected in (attempt["attempt_1"], attempt["attempt_2"])
    return right, known

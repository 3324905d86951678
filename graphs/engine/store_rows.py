"""What the store gives back: one frozen dataclass per kind of row, and the JSON of their fields.

Nothing here knows SQL; ``graphs.engine.store`` reads and writes these.

>>> row = SolverRow("task1", "solver_ab", "def solve(S, I):\\n    O = rot90(I)\\n    return O\\n",
...                 1, "run1", 0, 1 * ROUNDS_PER_RUN + 0, (((1,),),), 1)
>>> row.program.size, predictions_to_json(row.predictions)
(1, '[[[1]]]')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Sequence

from tasks.data.grid import Grid

if TYPE_CHECKING:
    from tasks.programs.program import Program

# A run's status (``RunRow.status``); the schema's CHECK spells the same three words.
RUNNING, FINISHED, INTERRUPTED = "running", "finished", "interrupted"
RUN_STATUSES = (RUNNING, FINISHED, INTERRUPTED)

# ``found`` packs (run sequence number, round) into one int that sorts the same way.
ROUNDS_PER_RUN = 1_000_000


@dataclass(frozen=True)
class ProgramRow:
    """A stored program: content id, kind, canonical source, number of steps, where it came from.

    ``origin`` is free text: "seed" and "differ" for the programs a run starts
    with, and for generated candidates where they came from
    (``tasks.search.generate.ORIGINS``: "enumerated", "mutated", "transplanted",
    "pool-mutated"; "generated" in stores written before origins were kept).
    """

    id: str
    kind: str
    source: str
    size: int
    origin: str

    @classmethod
    def of(cls, program: "Program", origin: str) -> "ProgramRow":
        """The row for ``program``: its content id, and the source and size of its canonical form.

        >>> from tasks.programs.program import Program
        >>> p = Program.from_steps("solver", [("rot90", "I"), ("identity", "I")])
        >>> row = ProgramRow.of(p, "hand")
        >>> from tasks.programs.canonical import content_id
        >>> row.size, row.id == content_id(p), row.source.splitlines()[1]
        (1, True, '    O = identity(I)')
        """
        from tasks.programs.canonical import canonical, content_id

        shape = canonical(program)
        return cls(content_id(program), program.kind, shape.to_source(), shape.size, origin)

    @property
    def program(self) -> "Program":
        """The program, parsed back from its source (never executed)."""
        return parse_stored(self.source, self.kind, self.id)


@dataclass(frozen=True)
class RunRow:
    """One run: its configuration and seed, when it started and ended, and its totals."""

    id: str
    config: dict[str, Any]
    seed: int
    started: str
    ended: str | None
    status: str
    totals: dict[str, Any] | None


@dataclass(frozen=True)
class SolverRow:
    """A program that solved a task, where it was first found, and its predictions.

    ``found`` orders first discoveries: ``run_seq * ROUNDS_PER_RUN + round``
    of the first time it solved the task, where ``run_seq`` numbers runs in
    the order they began. It says which run and round came first, not which
    chunk happened to arrive first, so the ranking is the same however the
    cluster scheduled the round. ``rank`` is 1 for the task's best solver.
    """

    task_id: str
    program_id: str
    source: str
    size: int
    run_id: str
    round: int
    found: int
    predictions: tuple[Grid | None, ...]
    rank: int

    @property
    def program(self) -> "Program":
        """The program, parsed back from its source (never executed)."""
        return parse_stored(self.source, "solver", self.program_id)


@dataclass(frozen=True)
class NearMissRow:
    """A program's best mismatch on a task: its scores, and where that result was recorded."""

    task_id: str
    program_id: str
    source: str
    size: int
    differ_score: float
    train_score: int
    differ_scores: dict[str, float]
    run_id: str
    round: int

    @property
    def program(self) -> "Program":
        """The program, parsed back from its source (never executed)."""
        return parse_stored(self.source, "solver", self.program_id)


@dataclass(frozen=True)
class TaskRow:
    """One task in one run: candidates evaluated, distinct solvers, best scores, busy seconds."""

    task_id: str
    candidates: int
    solvers: int
    best_differ_score: float
    best_train_score: int
    seconds: float


@lru_cache(maxsize=1 << 14)
def parse_stored(source: str, kind: str, program_id: str) -> "Program":
    """Parse a stored program's source; errors name the program id as the file.

    A store written with an older DSL may hold programs whose primitives are
    gone: those raise ``tasks.programs.parse.ProgramSyntaxError``.

    >>> parse_stored("def solve(S, I):\\n    O = rot90(I)\\n    return O\\n", "solver", "x").size
    1
    """
    from tasks.programs.parse import parse_program

    return parse_program(source, f"<store {program_id}>", kind=kind)


def to_json(value: Any) -> str:
    """Compact JSON with sorted keys; values JSON lacks (paths, sets) become their text.

    >>> from pathlib import Path
    >>> to_json({"b": 1, "a": Path("x")})
    '{"a":"x","b":1}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def predictions_to_json(predictions: Sequence[Grid | None]) -> str:
    """Test predictions as JSON: a list of grids (lists of rows), null where there is none.

    >>> predictions_to_json((((1, 2),), None))
    '[[[1,2]],null]'
    """
    return json.dumps([None if grid is None else [list(row) for row in grid]
                       for grid in predictions], separators=(",", ":"))


def predictions_from_json(text: str) -> tuple[Grid | None, ...]:
    """Predictions back as immutable grids.

    >>> predictions_from_json('[[[1,2]],null]')
    (((1, 2),), None)
    """
    return tuple(None if grid is None else tuple(tuple(row) for row in grid)
                 for grid in json.loads(text))

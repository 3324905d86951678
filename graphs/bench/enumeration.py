"""``python -m graphs.bench.enumeration``: how many tasks round-0 enumeration alone solves, and how fast.

A benchmark, so it may read test answers (``Dataset.answers``) to score what
the enumeration handed on; the enumeration itself never sees them.
"""

from __future__ import annotations

import argparse
import time
from typing import Sequence

from tasks.data.arc import Task, leave_one_out, load_dataset, samples_without
from tasks.programs.program import Program
from tasks.running.interpreter import run_program
from tasks.search.enumerate import enumerate_programs
from tasks.search.settings import GenerationSettings


def train_outputs(program: Program, task: Task) -> tuple:
    """The program's output on each train input, leave-one-out."""
    return tuple(run_program(program, {"S": samples, "I": pair.input}).value
                 for samples, pair in zip(leave_one_out(task), task.train))


def predicted_outputs(program: Program, task: Task) -> tuple:
    """The program's output on each test input, with every train pair as ``S``."""
    everything = samples_without(task, None)
    return tuple(run_program(program, {"S": everything, "I": grid}).value for grid in task.test_inputs)


def measure(data: str = "arc-agi-1", split: str = "training", count: int = 20,
            settings: GenerationSettings | None = None) -> dict:
    """Enumerate for the first ``count`` tasks; how many does the enumeration alone solve?

    A task counts as solved when one of its first two exact matches of every
    train output (ranked as handed on) also gives every test output.
    """
    settings = settings or GenerationSettings()
    dataset = load_dataset(data, split, count=count)
    solved, seconds = [], []
    for task in dataset.tasks:
        start = time.perf_counter()
        programs = enumerate_programs(task, settings)
        seconds.append(time.perf_counter() - start)
        outputs = tuple(pair.output for pair in task.train)
        exact = [p for p in programs[:2] if train_outputs(p, task) == outputs]
        if any(predicted_outputs(p, task) == tuple(dataset.answers[task.id]) for p in exact):
            solved.append(task.id)
    return {"tasks": len(dataset.tasks), "solved": solved,
            "seconds_per_task": sum(seconds) / max(1, len(seconds)),
            "max_seconds": max(seconds, default=0.0)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graphs.bench.enumeration",
                                     description=__doc__.splitlines()[0].split(": ", 1)[1])
    parser.add_argument("--data", default="arc-agi-1")
    parser.add_argument("--split", default="training")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--time-budget", type=float, default=GenerationSettings.time_budget_s)
    options = parser.parse_args(argv)
    report = measure(options.data, options.split, options.count,
                     GenerationSettings(time_budget_s=options.time_budget))
    print(f"{len(report['solved'])}/{report['tasks']} tasks solved by enumeration alone "
          f"({', '.join(report['solved']) or 'none'}); "
          f"{report['seconds_per_task']:.2f} s per task on average, {report['max_seconds']:.2f} s at most")


if __name__ == "__main__":
    main()

"""``python -m graphs.bench solve``: the real search over a whole split under a time budget.

It runs what ``python -m graphs.run --data NAME --split SPLIT --budget S``
runs (the same flags, defaults and ``graphs.api.search``), with two
differences that keep the measure honest:

- the hand-written solvers of the measured tasks are left out of the seeds
  (each was written for its task; it may still seed the others, so solvers of
  tasks outside the split stay in), and the output says how many;
- the store is a fresh folder, so nothing found by an earlier run counts.

The share of test outputs right uses up to two attempts per test input, as
the Kaggle format allows; test outputs never reach the search.

>>> [c.id for c in seeds_without(set(hand_written()))]
[]
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from graphs.bench.common import rate
from tasks.running.evaluate import Candidate
from tasks.programs.program import Program
from tasks.running.scoring import SolverFound, attempts_for, rank_solvers, score_attempts

NOT_EVALUATED = ("timeout", "cancelled", "worker_lost")
# Rounds are not the limit here: the budget is (each round's deadline is cut to what is left).
SOLVE_ROUNDS = 1000


def hand_written() -> dict[str, Program]:
    """Task id -> its hand-written solver."""
    from tasks.solvers import load_solvers

    return dict(load_solvers())


def seeds_without(task_ids: set[str]) -> list[Candidate]:
    """The hand-written solvers as seeds, except those written for ``task_ids``."""
    return [Candidate.of(program) for task_id, program in sorted(hand_written().items())
            if task_id not in task_ids]


def run_argv(data: str, split: str, budget_s: float, workers: int, seed: int, count: int | None,
             rounds: int) -> list[str]:
    """The ``python -m graphs.run`` flags this benchmark's search corresponds to.

    >>> run_argv("arc-agi-1", "training", 600, 2, 0, None, 1000)[:6]
    ['--data', 'arc-agi-1', '--split', 'training', '--budget', '600']
    """
    argv = ["--data", data, "--split", split, "--budget", f"{budget_s:g}", "--rounds", str(rounds),
            "--seed", str(seed), "--workers", str(workers), "--threads", "1", "--processes"]
    return argv + (["--count", str(count)] if count else [])


def run_solve(data: str, split: str, budget_s: float, workers: int, seed: int, out: Path,
              count: int | None = None, rounds: int = SOLVE_ROUNDS,
              say: Callable[[str], None] = print) -> dict[str, Any]:
    """Search the split under the budget; return the figures for solve.json."""
    from cluster import open_client, resolve_spec
    from graphs.api import default_differs, new_run_id, search
    from graphs.cli.options import build_parser, cluster_overrides
    from graphs.cli.run import search_config
    from tasks.data.arc import load_dataset

    argv = run_argv(data, split, budget_s, workers, seed, count, rounds)
    args = build_parser().parse_args(argv)
    dataset = load_dataset(data, split, None, count)
    measured = {task.id for task in dataset.tasks}
    seeds = seeds_without(measured)
    left_out = sorted(measured & set(hand_written()))
    say(f"solve: {len(dataset.tasks)} tasks of {data} {split}; budget {budget_s:g} s; "
        f"hand-written solvers left out for their own tasks: {len(left_out)} (seeds kept: {len(seeds)})")
    spec = resolve_spec(cluster_overrides(args))
    say(f"cluster: {spec.describe()}")
    run_id = new_run_id()
    store_folder = out / "solve-runs" / f"{data}-{split}-{run_id}"
    with open_client(spec) as client:
        started = time.time()
        result = search(client, dataset, store_folder, search_config(args), seeds=seeds,
                        differs=default_differs(), run_id=run_id, say=say)
        wall_s = time.time() - started
        threads = sum(client.nthreads().values())
    figures = solve_figures(result, dataset, budget_s, wall_s, left_out, len(seeds), argv, store_folder)
    figures["busy_share"] = busy_share(result.busy_by_worker, wall_s, threads)
    figures["progress"] = progress_by_round(store_folder, run_id, dataset,
                                            [outcome.wall_s for outcome in result.rounds])
    figures["solved_by_origin"] = solved_by_origin(store_folder, run_id)
    return figures


def solved_by_origin(store_folder: Path, run_id: str) -> dict[str, int]:
    """How many tasks were first solved by a program of each origin (enumerated, mutated, ...)."""
    from collections import Counter

    from graphs.engine.store import Store

    with Store.open_readonly(Path(store_folder) / "store.sqlite") as store:
        return dict(Counter(store.first_solver_origins(run_id).values()).most_common())


def progress_by_round(store_folder: Path, run_id: str, dataset: Any,
                      round_walls: Sequence[float]) -> list[dict[str, Any]]:
    """After each round: its end (seconds of rounds so far), tasks solved on train, test outputs right.

    Re-ranks, round by round, the solvers the store holds for this run as the
    search ranks them at the end, so the last entry agrees with the report.
    """
    from graphs.engine.search import solver_found
    from graphs.engine.store import Store

    with Store.open_readonly(Path(store_folder) / "store.sqlite") as store:
        rows = [row for row in store.solvers() if row.run_id == run_id]
    progress, elapsed = [], 0.0
    for round_index, wall in enumerate(round_walls):
        elapsed += wall
        found: dict[str, list[SolverFound]] = {}
        for row in rows:
            if row.round <= round_index:
                found.setdefault(row.task_id, []).append(
                    solver_found(row))
        right = 0
        for task in dataset.tasks:
            attempts = attempts_for(rank_solvers(found.get(task.id, [])), task.test_inputs)
            right += score_attempts(attempts, dataset.answers.get(task.id, ()))[0]
        progress.append({"round": round_index, "elapsed_s": round(elapsed, 1),
                         "solved_train": len(found), "test_outputs_right": right})
    return progress


def draw_progress(figures: Mapping[str, Any], path: Path,
                  others: Sequence[tuple[str, Mapping[str, Any]]] = ()) -> Path | None:
    """Solved over time as a PNG (matplotlib), with other runs' curves to compare; None without matplotlib."""
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(7, 4), dpi=100)
    for label, run in [(f"this run ({figures.get('code', '')})", figures), *others]:
        points = run.get("progress", [])
        times = [0.0] + [point["elapsed_s"] for point in points]
        line, = axes.step(times, [0] + [point["test_outputs_right"] for point in points], where="post",
                          label=f"{label}: test outputs right")
        axes.step(times, [0] + [point["solved_train"] for point in points], where="post",
                  linestyle="--", color=line.get_color(), label=f"{label}: tasks solved on train")
    axes.set_xlabel("seconds of search")
    axes.set_ylabel("count")
    axes.set_title(f"{figures.get('data', '')}: {figures.get('test_outputs', 0)} test outputs, "
                   f"{figures.get('tasks', 0)} tasks")
    axes.grid(alpha=0.3)
    axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)
    return path


def solve_figures(result: Any, dataset: Any, budget_s: float, wall_s: float, left_out: list[str],
                  seeds: int, argv: list[str], store_folder: Path) -> dict[str, Any]:
    """solve.json's figures from a SearchResult (zeros where no test outputs are known)."""
    report: Mapping[str, Any] = result.report or {}
    candidates = sum(result.outcomes.values())
    # Cut at a deadline or lost with a worker: such candidates never (fully) ran.
    evaluated = sum(n for outcome, n in result.outcomes.items() if outcome not in NOT_EVALUATED)
    return {
        "data": dataset.source, "tasks": len(dataset.tasks),
        "test_outputs": report.get("test_outputs", 0),
        "test_outputs_right": report.get("test_outputs_right", 0),
        "share_right": report.get("share_right", 0.0),
        "tasks_solved_train": len(result.solved_on_train),
        "candidates": candidates, "programs_evaluated": evaluated,
        "programs_per_s": round(rate(evaluated, wall_s), 1),
        "budget_s": budget_s, "wall_s": round(wall_s, 1), "rounds": len(result.rounds),
        "tasks_right": report.get("tasks_right", []),
        "solved_train": {task_id: found[0].program_id for task_id, found in sorted(result.solvers.items())
                         if found},
        "hand_written_left_out": left_out, "seeds_used": seeds,
        "outcomes": dict(result.outcomes),
        "graphs_run_flags": argv, "store": str(store_folder),
    }


def busy_share(busy_by_worker: Mapping[str, float], wall_s: float, threads: int) -> float:
    """The share of the run's thread-seconds the workers spent on its chunks and generations.

    >>> busy_share({"w1": 9.0, "w2": 8.0}, 10.0, 2)
    0.85
    """
    return round(sum(busy_by_worker.values()) / (wall_s * threads), 3) if wall_s and threads else 0.0


def solve_lines(figures: Mapping[str, Any]) -> list[str]:
    """The printed summary.

    >>> solve_lines({"tasks": 2, "test_outputs": 2, "test_outputs_right": 1, "share_right": 0.5,
    ...              "tasks_solved_train": 1, "programs_per_s": 10.0, "budget_s": 5, "wall_s": 6.0,
    ...              "programs_evaluated": 60, "tasks_right": ["a"], "hand_written_left_out": []})[0]
    'test outputs right (top-2): 1/2 (50.0%) over 2 tasks; budget 5 s, wall 6.0 s'
    """
    return [
        f"test outputs right (top-2): {figures['test_outputs_right']}/{figures['test_outputs']} "
        f"({100 * figures['share_right']:.1f}%) over {figures['tasks']} tasks; "
        f"budget {figures['budget_s']:g} s, wall {figures['wall_s']:.1f} s",
        f"tasks solved on train pairs: {figures['tasks_solved_train']}; programs evaluated: "
        f"{figures['programs_evaluated']:,} ({figures['programs_per_s']:,.1f}/s; not counting "
        f"candidates cut by a deadline or lost with a worker)",
        f"tasks right: {', '.join(figures['tasks_right']) or 'none'}",
        f"hand-written solvers left out (their own tasks are measured): {len(figures['hand_written_left_out'])}",
        *([f"workers busy: {100 * figures['busy_share']:.1f}% of the run's thread-seconds"]
          if "busy_share" in figures else []),
        *([f"tasks first solved by: " + ", ".join(f"{origin} {count}" for origin, count
                                                   in figures["solved_by_origin"].items())]
          if figures.get("solved_by_origin") else []),
    ]

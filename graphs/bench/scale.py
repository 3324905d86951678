"""``python -m graphs.bench scale``: does one task's search get faster with more workers?

``--part one-task`` enumerates one hard training task through its first
sizes (every pass up to and including the rest pass of ``size``), each pass
split into pieces (``tasks.search.pieces``): the bank is sent once to every
worker that runs a piece (a Dask dependency, moved once per worker), each
piece returns its new terms, and a merge task where the bank is stores them
before the next pass, as in the engine. It is
timed on one worker and on two with the same pieces, and the pieces' CPU on
one worker is set against the unsplit enumeration of the same sizes, run on
a worker too. The banks are checked equal to the unsplit one's.

``--part budgets`` reads test outputs right after every round of one
evaluation search (``graphs.bench.solve``) at the budgets asked for, and
``--part workers`` runs the same search on one worker and on two.

>>> passes_through(2)
((1, 'final'), (1, 'rest'), (2, 'final'), (2, 'rest'))
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Sequence

from distributed import Client

from tasks.data.arc import Task, load_dataset
from tasks.programs.program import vocabulary
from tasks.search.enumerate import FINAL, REST, Search
from tasks.search.pieces import Piece, absorb, run_piece
from tasks.search.settings import GenerationSettings

# An unsolved training task whose size-2 rest pass takes several seconds (about 8 s here).
SCALE_TASK = "137eaa0f"
SCALE_SIZE = 2
SCALE_PIECES = 16
UNCUT = 1e9  # a piece's time budget: the bench times whole passes


def passes_through(size: int) -> tuple[tuple[int, str], ...]:
    """The passes an enumeration builds through the rest pass of ``size``, in order."""
    return tuple((s, phase) for s in range(1, size + 1) for phase in (FINAL, REST))


def scale_settings(size: int) -> GenerationSettings:
    """Limits that let every pass through ``size`` finish: no clock, no solved stop, room in the bank."""
    return GenerationSettings(max_size=size + 1, time_budget_s=UNCUT, max_values=10**7,
                              max_bank_bytes=2**40, stop_when_solved=False)


def unsplit_seconds(task: Task, size: int) -> tuple[float, int]:
    """(seconds, terms) of the unsplit enumeration through ``size`` (run on a worker)."""
    search = Search(task, scale_settings(size), *vocabulary())
    started = time.perf_counter()
    search.settings = replace(search.settings, max_size=size)
    search.run()  # stops before the rest pass of the largest size
    search.settings = replace(search.settings, max_size=size + 1)
    search.deadline = time.perf_counter() + UNCUT
    search.grow_pass()  # the rest pass of the largest size, which run leaves for a larger limit
    search.end_pass()
    return time.perf_counter() - started, search.bank.count


def new_search(task: Task, size: int) -> Search:
    """Dask task: the search, made where its bank is to stay."""
    return Search(task, scale_settings(size), *vocabulary())


def merged(search: Search, pieces: Sequence[Piece]) -> Search:
    """Dask task, where the bank is: the pass's pieces merged into it (in place, as the engine's merge)."""
    assert absorb(search, pieces)
    return search


def piece_cpu(pieces: Sequence[Piece]) -> float:
    return sum(piece.seconds for piece in pieces)


def bank_texts(search: Search) -> list[str]:
    return sorted(term.text for term in search.bank.terms())


def split_run(client: Client, task: Task, size: int, pieces: int, workers: Sequence[str]) -> dict[str, Any]:
    """One split enumeration through ``size``, its bank kept on the first worker: wall and CPU seconds, the bank.

    Each pass is ``pieces`` Dask tasks reading the bank (Dask moves it once
    to every other worker) and a merge where the bank is, as in the engine.
    """
    home = workers[:1]
    started = time.perf_counter()
    state = client.submit(new_search, task, size, pure=False, workers=home)
    cpu = []
    for _ in passes_through(size):
        parts = [client.submit(run_piece, state, index, pieces, UNCUT, pure=False,
                               workers=[workers[index % len(workers)]], allow_other_workers=False)
                 for index in range(pieces)]
        cpu.append(client.submit(piece_cpu, parts, pure=False, workers=home))
        state = client.submit(merged, state, parts, pure=False, workers=home)
    texts = client.submit(bank_texts, state, pure=False, workers=home).result()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "piece_cpu_s": sum(client.gather(cpu)), "terms": len(texts), "texts": texts}


def measure_one_task(client: Client, task_id: str = SCALE_TASK, size: int = SCALE_SIZE,
                     pieces: int = SCALE_PIECES, say: Callable[[str], None] = print) -> dict[str, Any]:
    """The one-task part: 1 vs 2 workers with the same pieces, and the split's CPU against unsplit."""
    task = load_dataset("arc-agi-1", "training", ids=[task_id]).tasks[0]
    workers = sorted(client.nthreads())
    unsplit_s, unsplit_terms = client.submit(unsplit_seconds, task, size, pure=False,
                                             workers=workers[:1]).result()
    say(f"unsplit enumeration of {task_id} through size {size}: {unsplit_s:.1f} s, {unsplit_terms} terms")
    one = split_run(client, task, size, pieces, workers[:1])
    say(f"{pieces} pieces a pass on 1 worker: {one['seconds']:.1f} s (pieces' CPU {one['piece_cpu_s']:.1f} s)")
    two = split_run(client, task, size, pieces, workers[:2])
    say(f"{pieces} pieces a pass on {len(workers[:2])} workers: {two['seconds']:.1f} s")
    same = one["texts"] == two["texts"] and one["terms"] == unsplit_terms
    return {"task": task_id, "size": size, "pieces": pieces, "unsplit_s": round(unsplit_s, 2),
            "one_worker_s": round(one["seconds"], 2), "two_workers_s": round(two["seconds"], 2),
            "speedup_2_workers": round(one["seconds"] / two["seconds"], 3),
            "split_cpu_ratio": round(one["piece_cpu_s"] / unsplit_s, 3),
            "terms": unsplit_terms, "same_bank": same}


def right_by_budget(progress: Sequence[dict], budgets: Sequence[float]) -> dict[str, int]:
    """Test outputs right at each budget, read off one search's rounds (the last round ended by then).

    >>> right_by_budget([{"elapsed_s": 60, "test_outputs_right": 3}, {"elapsed_s": 130, "test_outputs_right": 5}], [100, 200])
    {'100': 3, '200': 5}
    """
    return {str(int(budget)): max([row["test_outputs_right"] for row in progress
                                   if row["elapsed_s"] <= budget + 5] or [0])
            for budget in budgets}


def measure_budgets(budgets: Sequence[float], workers: int, seed: int, out: Path,
                    say: Callable[[str], None] = print) -> dict[str, Any]:
    """The budgets part: one ARC-AGI-1 evaluation search of the largest budget, read at each budget."""
    from graphs.bench.solve import run_solve

    figures = run_solve("arc-agi-1", "evaluation", max(budgets), workers, seed, out / "budgets", say=say)
    return {"right_by_budget": right_by_budget(figures["progress"], budgets),
            "budgets_run": {key: figures[key] for key in ("budget_s", "tasks_solved_train", "test_outputs_right",
                                                          "test_outputs", "busy_share", "progress")}}


def measure_workers(budget_s: float, seed: int, out: Path, say: Callable[[str], None] = print) -> dict[str, Any]:
    """The workers part: the same evaluation search on 1 worker, on 2, and on 1 for twice the time."""
    from graphs.bench.solve import run_solve

    solved = {}
    for workers, budget in ((1, budget_s), (2, budget_s), (1, 2 * budget_s)):
        figures = run_solve("arc-agi-1", "evaluation", budget, workers, seed, out / f"workers-{workers}-{budget:g}",
                            say=say)
        solved[f"{workers} worker(s), {budget:g} s"] = figures["tasks_solved_train"]
    return {"solved_by_workers": solved}


def scale_lines(figures: dict[str, Any]) -> list[str]:
    """The table the bench prints."""
    lines = []
    one = figures.get("one_task")
    if one:
        lines += [f"one task ({one['task']}, through size {one['size']}, {one['pieces']} pieces a pass):",
                  f"  unsplit {one['unsplit_s']} s; split on 1 worker {one['one_worker_s']} s, on 2 "
                  f"{one['two_workers_s']} s: speedup {one['speedup_2_workers']} (target 1.8)",
                  f"  pieces' CPU / unsplit: {one['split_cpu_ratio']} (target at most 1.1); same bank as "
                  f"unsplit: {one['same_bank']}"]
    if figures.get("right_by_budget"):
        lines.append("test outputs right by budget: " + ", ".join(
            f"{budget} s: {right}" for budget, right in figures["right_by_budget"].items()))
    if figures.get("solved_by_workers"):
        lines.append("solved on train by workers: " + ", ".join(
            f"{key}: {value}" for key, value in figures["solved_by_workers"].items()))
    return lines

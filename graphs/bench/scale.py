"""``python -m graphs.bench scale``: does one task's search get faster with more workers?

``--part one-task`` enumerates one hard training task through its first
sizes (every pass up to and including the rest pass of ``size``), each pass
split into pieces (``tasks.search.pieces``): the bank is sent once to every
worker that runs a piece (a Dask dependency, moved once per worker), each
piece returns its new terms, and a merge task where the bank is stores them
before the next pass, as in the engine. It is
timed on one worker and on two with the same pieces, and the pieces' CPU on
one worker is set against the unsplit enumeration of the same sizes, run on
a worker too; two unsplit enumerations at once, one per worker, give the
most two workers can do for this work on this machine (its ceiling). Turns
alternate, and the figures are their medians. The banks are checked equal
to the unsplit one's.

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
SCALE_TURNS = 5  # alternating turns; the figures are their medians
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
        # Spread over the workers, then balanced by Dask's work stealing, as in the engine.
        parts = [client.submit(run_piece, state, index, pieces, UNCUT, pure=False,
                               workers=[workers[index % len(workers)]], allow_other_workers=len(workers) > 1)
                 for index in range(pieces)]
        cpu.append(client.submit(piece_cpu, parts, pure=False, workers=home))
        state = client.submit(merged, state, parts, pure=False, workers=home)
    texts = client.submit(bank_texts, state, pure=False, workers=home).result()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "piece_cpu_s": sum(client.gather(cpu)), "terms": len(texts), "texts": texts}


def unsplit_pair_seconds(client: Client, task: Task, size: int, workers: Sequence[str]) -> float:
    """Wall seconds of two unsplit enumerations run at once, one on each of two workers."""
    started = time.perf_counter()
    client.gather([client.submit(unsplit_seconds, task, size, pure=False, workers=[worker])
                   for worker in workers[:2]])
    return time.perf_counter() - started


def median(values: Sequence[float]) -> float:
    """The middle value (the mean of the middle two for an even count).

    >>> median([3.0, 1.0, 2.0]), median([4.0, 1.0, 2.0, 3.0])
    (2.0, 2.5)
    """
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measure_one_task(client: Client, task_id: str = SCALE_TASK, size: int = SCALE_SIZE,
                     pieces: int = SCALE_PIECES, turns: int = SCALE_TURNS,
                     say: Callable[[str], None] = print) -> dict[str, Any]:
    """The one-task part: 1 vs 2 workers with the same pieces, and the split's CPU against unsplit.

    The machine is noisy and its two cores share caches, so each turn times,
    in alternation, the unsplit enumeration alone, two of them at once (one
    per worker: the most two workers can give for this work here, the
    ``ceiling``), and the split one on one worker and on two; the figures are
    the turns' medians.
    """
    task = load_dataset("arc-agi-1", "training", ids=[task_id]).tasks[0]
    workers = sorted(client.nthreads())
    rows = []
    for turn in range(turns):
        unsplit_s, unsplit_terms = client.submit(unsplit_seconds, task, size, pure=False,
                                                 workers=workers[:1]).result()
        pair_s = unsplit_pair_seconds(client, task, size, workers)
        one = split_run(client, task, size, pieces, workers[:1])
        two = split_run(client, task, size, pieces, workers[:2])
        rows.append({"unsplit_s": unsplit_s, "ceiling": 2 * unsplit_s / pair_s, "one_worker_s": one["seconds"],
                     "two_workers_s": two["seconds"], "speedup": one["seconds"] / two["seconds"],
                     "cpu_ratio": one["piece_cpu_s"] / unsplit_s,
                     "same": one["texts"] == two["texts"] and one["terms"] == unsplit_terms})
        say(f"turn {turn + 1}/{turns}: unsplit {unsplit_s:.1f} s ({unsplit_terms} terms), two at once "
            f"{pair_s:.1f} s (ceiling {rows[-1]['ceiling']:.2f}); {pieces} pieces a pass on 1 worker "
            f"{one['seconds']:.1f} s (pieces' CPU {one['piece_cpu_s']:.1f} s), on 2 {two['seconds']:.1f} s")

    def mid(name: str, digits: int = 2) -> float:
        return round(median([row[name] for row in rows]), digits)

    return {"task": task_id, "size": size, "pieces": pieces, "turns": turns, "unsplit_s": mid("unsplit_s"),
            "one_worker_s": mid("one_worker_s"), "two_workers_s": mid("two_workers_s"),
            "speedup_2_workers": mid("speedup", 3), "ceiling_2_workers": mid("ceiling", 3),
            "split_cpu_ratio": mid("cpu_ratio", 3), "terms": unsplit_terms,
            "same_bank": all(row["same"] for row in rows),
            "by_turn": [{key: (round(value, 3) if isinstance(value, float) else value) for key, value in row.items()}
                        for row in rows]}


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
                  f"{one['two_workers_s']} s: speedup {one['speedup_2_workers']} (target 1.8; medians of "
                  f"{one.get('turns', 1)} turns)",
                  f"  this machine's ceiling for the work (two unsplit enumerations at once against one): "
                  f"{one.get('ceiling_2_workers')}",
                  f"  pieces' CPU / unsplit: {one['split_cpu_ratio']} (target at most 1.1); same bank as "
                  f"unsplit: {one['same_bank']}"]
    if figures.get("right_by_budget"):
        lines.append("test outputs right by budget: " + ", ".join(
            f"{budget} s: {right}" for budget, right in figures["right_by_budget"].items()))
    if figures.get("solved_by_workers"):
        lines.append("solved on train by workers: " + ", ".join(
            f"{key}: {value}" for key, value in figures["solved_by_workers"].items()))
    return lines

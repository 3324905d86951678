"""``python -m graphs.bench.interpreter``: what the interpreter costs, and how fast the primitives are.

Three tables:

1. interpreter overhead: a fixed set of programs, each also written as plain
   Python calling the same primitives, run over real ARC-AGI-1 training grids;
   per program the time of the direct calls, of the compiled ``Executable``
   alone, and of ``run_program`` (budget, checks and outcome included), and
   the ratio run_program / direct (the issue's target: at most 1.25);
2. hostile programs: how far past its deadline each one stops;
3. throughput (calls/s) of the most used primitives on a 30x30 grid.

No test asserts these timings; ``--quick`` runs a tiny setting.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from types import SimpleNamespace
from typing import Any, Callable, Iterable, TextIO

from tasks.data.budget import Budget
from tasks.dsl import PRIMITIVES
from tasks.running.interpreter import compile_program, run_program
from tasks.programs.parse import parse_program
from tasks.programs.program import Program
from tasks.data.types import (
    BOOLEAN, CELL, CONTAINER, FROZENSET, GRID, GRIDS, INDICES, INTEGER, OBJECT, OBJECTS,
    PAIR, PATCH, TUPLE,
)

# The primitives as plain attributes, for the hand-written twins of the bench programs.
F = SimpleNamespace(**{name: entry.function for name, entry in PRIMITIVES.items()})

# (name, program text, the same computation as direct Python calls)
BENCH_PROGRAMS: tuple[tuple[str, str, Callable[[Any, Any], Any]], ...] = (
    ("turn_and_mirror", """
        x1 = rot90(I)
        O = mirror_left_right(x1)
     """, lambda S, I: F.mirror_left_right(F.rot90(I))),
    ("fill_holes", """
        x1 = foreground_colour(I)
        x2 = colour_indices(I, x1)
        x3 = holes(x2)
        O = fill(I, 4, x3)
     """, lambda S, I: F.fill(I, 4, F.holes(F.colour_indices(I, F.foreground_colour(I))))),
    ("crop_largest_object", """
        x1 = objects(I, True, False, True)
        x2 = largest(x1)
        O = subgrid(I, x2)
     """, lambda S, I: F.subgrid(I, F.largest(F.objects(I, True, False, True)))),
    ("swap_common_colours", """
        x1 = most_common_colour(I)
        x2 = least_common_colour(I)
        O = switch_colours(I, x1, x2)
     """, lambda S, I: F.switch_colours(I, F.most_common_colour(I), F.least_common_colour(I))),
    ("mirror_left_half", """
        x1 = left_half(I)
        x2 = mirror_left_right(x1)
        O = concat_h(x1, x2)
     """, lambda S, I: (lambda h: F.concat_h(h, F.mirror_left_right(h)))(F.left_half(I))),
    ("drop_single_cells", """
        x1 = partition_foreground(I)
        x2 = size_filter(x1, 1)
        x3 = merge(x2)
        O = cover(I, x3)
     """, lambda S, I: F.cover(I, F.merge(F.size_filter(F.partition_foreground(I), 1)))),
    ("outline_objects", """
        x1 = objects(I, True, False, True)
        x2 = apply(x1, outline)
        x3 = merge(x2)
        O = fill(I, 8, x3)
     """, lambda S, I: F.fill(I, 8, F.merge(F.apply(F.objects(I, True, False, True), F.outline)))),
    ("compress_and_turn", """
        x1 = compress(I)
        O = rot180(x1)
     """, lambda S, I: F.rot180(F.compress(I))),
    ("box_the_foreground", """
        x1 = foreground_indices(I)
        x2 = box(x1)
        O = underfill(I, 4, x2)
     """, lambda S, I: F.underfill(I, 4, F.box(F.foreground_indices(I)))),
    ("recolour_biggest", """
        x1 = objects(I, False, True, True)
        x2 = argmax(x1, object_size)
        x3 = recolour(x2, 2)
        O = paint(I, x3)
     """, lambda S, I: F.paint(I, F.recolour(F.argmax(F.objects(I, False, True, True),
                                                       F.object_size), 2))),
    ("redraw_on_canvas", """
        x1 = shape(I)
        x2 = canvas(0, x1)
        x3 = foreground_indices(I)
        O = fill(x2, 5, x3)
     """, lambda S, I: F.fill(F.canvas(0, F.shape(I)), 5, F.foreground_indices(I))),
    ("three_quarter_turn", """
        x1 = power(rot90, 3)
        O = call(x1, I)
     """, lambda S, I: F.call(F.power(F.rot90, 3), I)),
    ("composed_turn", """
        x1 = compose(rot90, mirror_top_bottom)
        O = call(x1, I)
     """, lambda S, I: F.call(F.compose(F.rot90, F.mirror_top_bottom), I)),
    ("trim_and_scale", """
        x1 = trim(I)
        x2 = crop_to_content(x1)
        O = upscale(x2, 2)
     """, lambda S, I: F.upscale(F.crop_to_content(F.trim(I)), 2)),
)

# Used when the hand-written solvers cannot be read: a typical mix.
FALLBACK_MOST_USED = ("fill", "objects", "colour_indices", "paint", "recolour", "mirror_left_right",
                      "rot90", "subgrid", "merge", "shape", "canvas", "palette")


def bench_programs() -> list[tuple[str, Program, Callable[[Any, Any], Any]]]:
    """The fixed program set, parsed: (name, program, direct twin)."""
    return [(name, parse_program("def solve(S, I):\n" + _indent(body) + "    return O\n",
                                 f"<bench {name}>"), direct)
            for name, body, direct in BENCH_PROGRAMS]


def _indent(body: str) -> str:
    return "".join(f"    {line.strip()}\n" for line in body.strip().splitlines())


def arc_inputs(task_count: int) -> list[tuple[Any, Any]]:
    """(S, I) for every train input of the first ``task_count`` ARC-AGI-1 training tasks."""
    from tasks.data.arc import load_dataset
    inputs = []
    for task in load_dataset("arc-agi-1", "training", count=task_count).tasks:
        samples = tuple((pair.input, pair.output) for pair in task.train)
        inputs.extend((samples, pair.input) for pair in task.train)
    return inputs


def _time(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _runnable(direct: Callable, inputs: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The inputs on which the direct twin returns a value (so both sides do the same work)."""
    kept = []
    for samples, grid in inputs:
        try:
            direct(samples, grid)
        except Exception:  # noqa: BLE001 - a program that fails on a grid is left out of timing
            continue
        kept.append((samples, grid))
    return kept


def overhead_rows(inputs: list[tuple[Any, Any]], repeat: int) -> list[tuple[str, int, float, float, float]]:
    """Per program: (name, runs, direct s, executable s, run_program s), best of ``repeat``."""
    rows = []
    budget = Budget(timeout_s=10.0)
    for name, program, direct in bench_programs():
        runnable = _runnable(direct, inputs)
        executable = compile_program(program)
        mapped = [{"S": samples, "I": grid} for samples, grid in runnable]

        def run_direct():
            for samples, grid in runnable:
                direct(samples, grid)

        def run_executable():
            for samples, grid in runnable:
                executable(samples, grid)

        def run_full():
            for values in mapped:
                run_program(executable, values, budget)

        modes = (run_direct, run_executable, run_full)
        for run in modes:
            run()  # warm up: caches inside primitives fill the same way for every mode
        # Interleave the modes so a burst of load elsewhere hits them alike; keep the best.
        times = [float("inf")] * len(modes)
        for _ in range(repeat):
            times = [min(best, _time(run)) for best, run in zip(times, modes)]
        rows.append((name, len(runnable), *times))
    return rows


def hostile_rows(timeout_s: float) -> list[tuple[str, str, float]]:
    """(name, outcome label, ms past the deadline) for programs that would run for minutes."""
    doubling = [("add", 10, 10)] + [("add", f"x{k}", f"x{k}") for k in range(1, 24)]
    programs = {
        "deep bounded power": doubling + [("power", "rot90", "x24"), ("call", "x25", "I")],
        "repeated upscaling": [("upscale", "I", 10)] + [("upscale", f"x{k}", 10) for k in range(1, 8)],
        "product of large sets": [("upscale", "I", 10), ("grid_indices", "x1"),
                                  ("product", "x2", "x2"), ("size", "x3"), ("upscale", "I", "x4")],
        "fixed point that never settles": [("power", "rot90", 1), ("fixed_point", "I", "x1")],
    }
    grid = ((0, 1, 2), (3, 4, 5))
    rows = []
    for name, steps in programs.items():
        program = Program.from_steps("solver", steps)
        start = time.perf_counter()
        outcome = run_program(program, {"S": (), "I": grid},
                              Budget(timeout_s=timeout_s, max_steps=10**15))
        over_ms = (time.perf_counter() - start - timeout_s) * 1000
        rows.append((name, outcome.label, over_ms))
    return rows


def sample_grid(side: int = 30, seed: int = 0) -> tuple[tuple[int, ...], ...]:
    """A grid with a background and a few coloured rectangles, like many ARC grids."""
    rng = random.Random(seed)
    cells = [[0] * side for _ in range(side)]
    for _ in range(side // 2):
        top, left = rng.randrange(side), rng.randrange(side)
        height, width, colour = rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 9)
        for r in range(top, min(side, top + height)):
            for c in range(left, min(side, left + width)):
                cells[r][c] = colour
    return tuple(map(tuple, cells))


def _sample_values(grid) -> dict[str, Any]:
    """A value of each type, built from ``grid``, to call primitives with."""
    found = F.objects(grid, True, False, True)
    largest = F.largest(found)
    return {GRID: grid, INTEGER: 2, BOOLEAN: True, PAIR: (1, 1), OBJECT: largest,
            PATCH: largest, INDICES: F.to_indices(largest), OBJECTS: found, GRIDS: (grid, grid),
            CELL: next(iter(largest)), CONTAINER: found, FROZENSET: found,
            TUPLE: tuple(range(30))}


def most_used_primitives(count: int) -> list[str]:
    """The primitives the hand-written solvers call most, else a typical fallback list."""
    try:
        from tasks.solvers import load_solvers
        uses = Counter(step.primitive for program in load_solvers().values()
                       for step in program.steps)
    except Exception:  # noqa: BLE001 - the solver library is optional for a benchmark
        return list(FALLBACK_MOST_USED[:count])
    ranked = [name for name, _ in uses.most_common()]
    return (ranked + [name for name in FALLBACK_MOST_USED if name not in ranked])[:count]


def throughput_rows(names: list[str], seconds: float) -> list[tuple[str, float]]:
    """(primitive, calls/s) on a 30x30 grid; primitives whose arguments cannot be made are skipped."""
    values = _sample_values(sample_grid())
    rows = []
    for name in names:
        entry = PRIMITIVES[name]
        if not all(arg in values for arg in entry.args):
            continue
        args = tuple(values[arg] for arg in entry.args)
        try:
            entry.function(*args)
        except Exception:  # noqa: BLE001 - no sensible sample arguments for this one
            continue
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            for _ in range(10):
                entry.function(*args)
            calls += 10
        rows.append((name, calls / (time.perf_counter() - start)))
    return rows


def report(task_count: int = 100, repeat: int = 5, primitive_count: int = 15,
           seconds: float = 0.2, timeout_s: float = 0.2, out: TextIO | None = None) -> float:
    """Print the three tables to ``out`` (stdout); return the overall run_program / direct ratio."""
    out = sys.stdout if out is None else out
    inputs = arc_inputs(task_count)
    rows = overhead_rows(inputs, repeat)
    print(f"Interpreter overhead: {len(rows)} programs on {len(inputs)} train inputs of "
          f"{task_count} ARC-AGI-1 training tasks (best of {repeat})", file=out)
    print(f"{'program':<22} {'runs':>5} {'direct us':>10} {'executable us':>14} "
          f"{'run_program us':>15} {'ratio':>6}", file=out)
    totals = [0.0, 0.0, 0.0]
    for name, runs, *times in rows:
        per_run = [t / max(runs, 1) * 1e6 for t in times]
        totals = [a + b for a, b in zip(totals, times)]
        ratio = times[2] / times[0] if times[0] else float("nan")
        print(f"{name:<22} {runs:>5} {per_run[0]:>10.1f} {per_run[1]:>14.1f} "
              f"{per_run[2]:>15.1f} {ratio:>6.2f}", file=out)
    overall = totals[2] / totals[0] if totals[0] else float("nan")
    print(f"{'all programs':<22} {'':>5} {'':>10} {'':>14} {'':>15} {overall:>6.2f}"
          f"   (executable alone: {totals[1] / totals[0] if totals[0] else float('nan'):.2f})",
          file=out)

    print(f"\nHostile programs (deadline {timeout_s} s)", file=out)
    print(f"{'program':<32} {'outcome':<16} {'ms past deadline':>16}", file=out)
    for name, label, over_ms in hostile_rows(timeout_s):
        shown = f"{over_ms:.1f}" if label == "timeout" else "(stopped early)"
        print(f"{name:<32} {label:<16} {shown:>16}", file=out)

    print(f"\nThroughput of the most used primitives on a 30x30 grid", file=out)
    print(f"{'primitive':<24} {'calls/s':>12} {'us/call':>9}", file=out)
    for name, rate in throughput_rows(most_used_primitives(primitive_count), seconds):
        print(f"{name:<24} {rate:>12,.0f} {1e6 / rate:>9.1f}", file=out)
    return overall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graphs.bench.interpreter", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a tiny setting (a few tasks, one repeat), for tests and smoke checks")
    parser.add_argument("--tasks", type=int, default=100, help="ARC-AGI-1 training tasks to use")
    parser.add_argument("--repeat", type=int, default=5, help="timing repeats (best is kept)")
    parser.add_argument("--primitives", type=int, default=15, help="primitives in the throughput table")
    args = parser.parse_args(argv)
    if args.quick:
        report(task_count=3, repeat=1, primitive_count=4, seconds=0.01, timeout_s=0.05)
    else:
        report(task_count=args.tasks, repeat=args.repeat, primitive_count=args.primitives)


if __name__ == "__main__":
    main()

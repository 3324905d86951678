"""``python -m graphs.bench {engine,faults,all,solve,capacity,scale}``: see ``graphs.bench``.

``engine`` and ``faults`` (``all`` runs both on one cluster) merge their
figures into ``bench.json`` in ``--out``; ``solve`` writes ``solve.json``;
``capacity`` writes ``capacity.json``; ``scale`` writes ``scale.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from graphs.bench.common import code_version, machine, today, update_json

QUICK = {"repeat": 1, "tasks": 2, "per_task": 60, "per_candidate_runs": 40, "thread_rounds": 2,
         "fault_runs": 120, "recovery_runs": 120, "sweep": (1, 10, 100)}
FULL = {"repeat": 5, "tasks": 24, "per_task": 1000, "per_candidate_runs": 4000, "thread_rounds": 20,
        "fault_runs": 6000, "recovery_runs": 12000, "sweep": (1, 10, 100, 1000)}


def build_parser() -> argparse.ArgumentParser:
    """Flags shared by every benchmark, and those of ``solve``."""
    parser = argparse.ArgumentParser(prog="python -m graphs.bench", description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("benchmark", choices=["engine", "faults", "all", "solve", "capacity", "scale"])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="LocalCluster process workers (1 thread each) and pool processes")
    parser.add_argument("--out", type=Path, default=Path("."), help="folder for bench.json / solve.json")
    parser.add_argument("--quick", action="store_true", help="a tiny workload (for the tests)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the workload and the search")
    parser.add_argument("--repeat", type=int, default=None,
                        help="engine: turns of the main ways, each keeping its fastest timing; the sweep takes at "
                             "most 3 (default 5, 1 with --quick)")
    solve = parser.add_argument_group("solve")
    solve.add_argument("--data", default="arc-agi-1", help="data set name or path")
    solve.add_argument("--split", default="training", choices=["training", "evaluation"])
    solve.add_argument("--budget", type=float, default=600.0, metavar="SECONDS", help="search time budget")
    solve.add_argument("--count", type=int, default=None, help="only the first N tasks (default: all)")
    solve.add_argument("--compare", type=Path, nargs="*", default=(), metavar="SOLVE_JSON",
                       help="other runs' solve.json to draw beside this one in solve.png")
    capacity = parser.add_argument_group("capacity")
    capacity.add_argument("--threads", type=int, default=4, help="threads per worker (their chunks take no time)")
    capacity.add_argument("--chunk-size", type=int, default=256, help="candidates per chunk")
    capacity.add_argument("--rounds", type=int, default=None, help="timed rounds of 24 tasks (default 12, 1 with --quick)")
    capacity.add_argument("--processes", action=argparse.BooleanOptionalAction, default=True,
                          help="process workers (results pickled over TCP) or thread workers in the client process")
    scale = parser.add_argument_group("scale")
    scale.add_argument("--part", choices=["one-task", "budgets", "workers", "all"], default="one-task",
                       help="one-task: one task split over 1 and 2 workers; budgets: evaluation read at each of "
                            "--budgets from one search of the largest; workers: 600 s on 1 and 2 workers")
    scale.add_argument("--budgets", type=float, nargs="+", default=[600.0, 1800.0, 3600.0], metavar="SECONDS")
    return parser


def _say(message: str) -> None:
    print(message, flush=True)


def run_cluster_benchmarks(args: argparse.Namespace) -> dict:
    """engine and/or faults, sharing one workload and one LocalCluster."""
    from cluster import open_client, resolve_spec
    from graphs.bench.engine import build_workload, engine_table, measure_engine, warm_dask
    from graphs.bench.faults import faults_table, hazards_in_workers, run_faults

    sizes = QUICK if args.quick else FULL
    engine, faults = args.benchmark in ("engine", "all"), args.benchmark in ("faults", "all")
    workload = build_workload(sizes["tasks"], sizes["per_task"], args.seed)
    figures = {"workers": args.workers, "machine": machine(), "date": today(),
               "command": args.command, "code": code_version(), "load_average_at_start": os.getloadavg()}
    repeat = args.repeat or sizes["repeat"]
    spec = resolve_spec({"workers": args.workers, "threads_per_worker": 1, "processes": True,
                         "dashboard": False})
    _say(f"cluster: {spec.describe()}; started, then warmed with one tiny round, before any timing")
    with hazards_in_workers(), open_client(spec) as client:
        warm_dask(client, workload)
        if engine:
            measured = measure_engine(client, args.workers, workload, sizes["per_candidate_runs"], repeat,
                                      _say, sizes["sweep"])
            figures.update(measured.as_json(), engine_date=figures["date"])
            _say("\n" + engine_table(measured) + "\n")
        if faults:
            fault_figures = run_faults(client, args.workers, workload.strided(sizes["fault_runs"]),
                                       workload.strided(sizes["recovery_runs"]), args.seed,
                                       sizes["thread_rounds"], _say)
            figures.update(fault_figures, faults_date=figures["date"])
            _say("\n" + faults_table(fault_figures) + "\n")
    # Other work on the machine slows every way unevenly: the load says how quiet it was.
    figures["load_average_at_end"] = os.getloadavg()
    return update_json(args.out / "bench.json", figures)


def run_solve_benchmark(args: argparse.Namespace) -> dict:
    """The search over a split; writes solve.json."""
    from graphs.bench.solve import draw_progress, run_solve, solve_lines

    code = code_version()  # before the run: the code that ran, even if files change meanwhile
    budget = min(args.budget, 20.0) if args.quick else args.budget
    count = (args.count or 3) if args.quick else args.count
    figures = run_solve(args.data, args.split, budget, args.workers, args.seed, args.out, count, say=_say)
    figures.update(machine=machine(), date=today(), workers=args.workers, command=args.command, code=code,
                   load_average_at_end=os.getloadavg())
    # One split per file: a second split in the same folder replaces it (use another --out).
    (args.out / "solve.json").write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
    for line in solve_lines(figures):
        _say(line)
    others = [(run.get("code", str(path)), run) for path in args.compare
              for run in [json.loads(path.read_text())]]
    drawn = draw_progress(figures, args.out / "solve.png", others)
    _say(f"drawn: {drawn}" if drawn else "no solve.png: matplotlib is not installed (pip install -e '.[notebook]')")
    return figures


def run_capacity_benchmark(args: argparse.Namespace) -> dict:
    """Chunk results per second the client absorbs when chunks take no time; writes capacity.json."""
    from cluster import open_client, resolve_spec
    from graphs.bench.capacity import CapacitySettings, capacity_lines, measure_capacity

    code = code_version()
    settings = CapacitySettings(tasks=2 if args.quick else 24, per_task=args.chunk_size * (2 if args.quick else 4),
                                chunk_size=args.chunk_size, rounds=args.rounds or (1 if args.quick else 12),
                                workers=args.workers, threads=args.threads, processes=args.processes,
                                seed=args.seed)
    spec = resolve_spec({"workers": args.workers, "threads_per_worker": args.threads,
                         "processes": args.processes, "dashboard": False})
    _say(f"cluster: {spec.describe()}")
    with open_client(spec) as client:
        figures = measure_capacity(client, settings, _say)
    figures.update(machine=machine(), date=today(), command=args.command, code=code)
    (args.out / "capacity.json").write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
    for line in capacity_lines(figures):
        _say(line)
    return figures


def run_scale_benchmark(args: argparse.Namespace) -> dict:
    """One task's search over more workers, and the search over budgets and workers; writes scale.json."""
    from cluster import open_client, resolve_spec
    from graphs.bench.scale import measure_budgets, measure_one_task, measure_workers, scale_lines

    figures: dict = {"machine": machine(), "date": today(), "command": args.command, "code": code_version()}
    if args.part in ("one-task", "all"):
        spec = resolve_spec({"workers": 2, "threads_per_worker": 1, "processes": True, "dashboard": False})
        with open_client(spec) as client:
            small = {"task_id": "d10ecb37", "size": 1, "pieces": 4, "turns": 1} if args.quick else {}
            figures["one_task"] = measure_one_task(client, say=_say, **small)
    if args.part in ("budgets", "all"):
        figures.update(measure_budgets(args.budgets, args.workers, args.seed, args.out, _say))
    if args.part in ("workers", "all"):
        figures.update(measure_workers(600.0, args.seed, args.out, _say))
    figures = update_json(args.out / "scale.json", figures)
    for line in scale_lines(figures):
        _say(line)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.command = "python -m graphs.bench " + " ".join(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.benchmark == "capacity":
        run_capacity_benchmark(args)
        _say(f"written: {args.out / 'capacity.json'}")
    elif args.benchmark == "scale":
        run_scale_benchmark(args)
        _say(f"written: {args.out / 'scale.json'}")
    elif args.benchmark == "solve":
        run_solve_benchmark(args)
        _say(f"written: {args.out / 'solve.json'}")
    else:
        run_cluster_benchmarks(args)
        _say(f"written: {args.out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Faults on real processes: hostile candidates, a worker stuck in C, killed workers, memory.

Every test runs ``python -m graphs.run`` in a subprocess on tiny synthetic
tasks, with the faulty primitives of ``tests.reliability.faulty`` loaded in the
client and in every worker (``ARC_SEARCH_PLUGINS``), and a ``--programs``
folder holding the hostile candidates.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import psutil

from graphs.engine.telemetry import read_records
from tests.reliability.conftest import (
    alive,
    cli_env,
    descendants,
    kill_tree,
    query,
    run_cli,
    start_cli,
    wait_until,
    write_programs,
)
from tests.reliability.faulty import (
    EXCEPTIONS,
    HOG_BYTES_VARIABLE,
    NAPS_FILE_VARIABLE,
    RUNS_FILE_VARIABLE,
    candidate_ids,
    program_text,
    runs_recorded,
)

# Few generated candidates per task: the runs stay short and the chunks predictable.
FAST_RUN = ("--rounds", "1", "--max-candidates", "5", "--workers", "2", "--threads", "1",
            "--processes", "--quiet")

BIG = ("    x1 = multiply(10, 10)\n"
       "    x2 = multiply(x1, x1)\n")          # 10,000, built from DSL constants
LOOPING_POWER = ("def solve(S, I):\n" + BIG + "    x3 = multiply(x2, x2)\n"
                 "    x4 = power(rot90, x3)\n    O = call(x4, I)\n    return O\n")
HUGE_UPSCALE = "def solve(S, I):\n" + BIG + "    O = upscale(I, x2)\n    return O\n"
HUGE_TILING = "def solve(S, I):\n" + BIG + "    O = tile(I, x2, x2)\n    return O\n"
HUGE_SET = ("def solve(S, I):\n" + BIG + "    x3 = interval(0, x2, 1)\n    x4 = product(x3, x3)\n"
            "    x5 = size(x4)\n    O = upscale(I, x5)\n    return O\n")

ORDINARY_EXCEPTIONS = [name for name, kind in EXCEPTIONS.items() if issubclass(kind, Exception)]
BASE_EXCEPTIONS = [name for name in EXCEPTIONS if name not in ORDINARY_EXCEPTIONS]

# Program file stem -> the outcome its candidate must end in, on every task.
EXPECTED = {
    "looping_power": "budget:steps",
    "huge_upscale": "budget:cells",
    "huge_tiling": "budget:cells",
    "huge_set": "budget:items",
    "recurse": "error:RecursionError",
    "wrong_type": "error:InvalidGrid",
    "bad_colour": "error:InvalidGrid",
    "ragged": "error:InvalidGrid",
    **{f"raise_{name}": f"error:{EXCEPTIONS[name].__name__}" for name in ORDINARY_EXCEPTIONS},
}


def hostile_programs() -> dict[str, str]:
    texts = {"looping_power": LOOPING_POWER, "huge_upscale": HUGE_UPSCALE,
             "huge_tiling": HUGE_TILING, "huge_set": HUGE_SET}
    return {stem: texts.get(stem) or program_text("solve", stem) for stem in EXPECTED}


def outcomes_of(store: Path, programs: dict[str, str]) -> dict[tuple[str, str], str]:
    """(file stem, task id) -> outcome of that program on that task, as stored."""
    stem_of = {pid: stem for stem, pid in candidate_ids(programs).items()}
    return {(stem_of[pid], task_id): outcome
            for task_id, pid, outcome in query(store, "SELECT task_id, program_id, outcome FROM results")
            if pid in stem_of}


def round_records(out: Path) -> list[dict]:
    return [r for r in read_records(out / "telemetry.jsonl") if r["kind"] == "round"]


def test_every_hostile_candidate_ends_in_its_outcome_and_the_run_completes(tmp_path, tasks_folder):
    programs = hostile_programs()
    folder = write_programs(tmp_path / "programs", programs)
    out = tmp_path / "out"
    done = run_cli("--data", str(tasks_folder), "--programs", str(folder), "--out", str(out),
                   "--chunk-size", "8", *FAST_RUN)
    assert done.returncode == 0, done.stderr
    got = outcomes_of(out / "store.sqlite", programs)
    for stem, outcome in EXPECTED.items():
        for task_id in ("flip", "turn"):
            assert got[(stem, task_id)] == outcome, (stem, task_id)
    # The run still found what it should, and the fault rates show in telemetry and summary.
    assert query(out / "store.sqlite", "SELECT COUNT(DISTINCT task_id) FROM results "
                                       "WHERE outcome = 'ok'") == [(2,)]
    [record] = round_records(out)
    stored = dict(query(out / "store.sqlite", "SELECT outcome, COUNT(*) FROM results GROUP BY outcome"))
    assert record["outcomes"] == stored
    for outcome in set(EXPECTED.values()):
        assert stored[outcome] >= 2 * list(EXPECTED.values()).count(outcome)
    assert sum(record["outcomes"].get(k, 0) for k in ("timeout", "cancelled", "worker_lost")) == 0
    assert "health: healthy" in done.stdout
    assert f"budget:steps {stored['budget:steps']} (" in done.stdout
    assert "error:ZeroDivisionError 2 (" in done.stdout


def test_base_exceptions_from_a_candidate_are_its_own_error_not_a_dead_worker(tmp_path, tasks_folder):
    programs = {f"raise_{name}": program_text("solve", f"raise_{name}") for name in BASE_EXCEPTIONS}
    programs["neighbour"] = "def solve(S, I):\n    O = mirror_left_right(I)\n    return O\n"
    folder = write_programs(tmp_path / "programs", programs)
    out = tmp_path / "out"
    # One chunk per task: the innocent neighbour shares it with every raiser.
    done = run_cli("--data", str(tasks_folder), "--programs", str(folder), "--out", str(out),
                   "--chunk-size", "256", "--round-timeout", "20", *FAST_RUN)
    assert done.returncode == 0, done.stderr
    got = outcomes_of(out / "store.sqlite", programs)
    for name in BASE_EXCEPTIONS:
        assert got[(f"raise_{name}", "flip")] == f"error:{EXCEPTIONS[name].__name__}"
    assert got[("neighbour", "flip")] == "ok"
    [record] = round_records(out)
    assert record["restarted_workers"] == [] and "worker_lost" not in record["outcomes"]


def test_a_candidate_stuck_in_c_gets_its_worker_restarted_and_the_round_completes(tmp_path, tasks_folder):
    programs = {"stuck": program_text("solve", "sleep_in_c")}
    folder = write_programs(tmp_path / "programs", programs)
    out = tmp_path / "out"
    # The round's deadline (120 s) is far away: only the watchdog (hard timeout 2 s) can free it.
    done = run_cli("--data", str(tasks_folder), "--programs", str(folder), "--out", str(out),
                   "--chunk-size", "4", "--hard-timeout", "2", "--round-timeout", "120", *FAST_RUN)
    assert done.returncode == 0, done.stderr
    got = outcomes_of(out / "store.sqlite", programs)
    assert got[("stuck", "flip")] == got[("stuck", "turn")] == "worker_lost"
    [record] = round_records(out)
    assert len(record["restarted_workers"]) >= 1
    assert record["wall_s"] < 120 - 30  # ended by the watchdog, not by the deadline
    # Everything else was kept: both tasks solved, and few candidates lost with the stuck chunks.
    store = out / "store.sqlite"
    assert query(store, "SELECT COUNT(DISTINCT task_id) FROM results WHERE outcome = 'ok'") == [(2,)]
    lost = query(store, "SELECT COUNT(*) FROM results WHERE outcome = 'worker_lost'")[0][0]
    total = query(store, "SELECT COUNT(*) FROM results")[0][0]
    assert lost <= 2 * 4 * 2 and total > 10 * lost  # at most the stuck chunks (twice if retried)
    planned = query(store, "SELECT SUM(json_array_length(program_ids)) FROM plan_tasks")[0][0]
    assert total == planned  # one row per candidate, lost ones included
    print(f"\nstuck in C figures: rows {total} of {planned} planned, worker_lost {lost}, workers restarted "
          f"{len(record['restarted_workers'])}, round wall {record['wall_s']:.1f} s (hard timeout 2 s)")


def test_a_candidate_that_kills_its_worker_is_retried_at_most_once_then_lost(tmp_path, tasks_folder):
    programs = {"killer": program_text("solve", "kill_worker")}
    folder = write_programs(tmp_path / "programs", programs)
    out, runs = tmp_path / "out", tmp_path / "runs.txt"
    done = run_cli("--data", str(tasks_folder), "--programs", str(folder), "--out", str(out),
                   "--chunk-size", "4", "--tasks", "flip", *FAST_RUN,
                   env=cli_env(**{RUNS_FILE_VARIABLE: str(runs)}))
    assert done.returncode == 0, done.stderr
    got = outcomes_of(out / "store.sqlite", programs)
    assert got[("killer", "flip")] == "worker_lost"
    assert runs_recorded(runs) == 2  # the first run, and one retry on another worker
    assert query(out / "store.sqlite", "SELECT COUNT(*) FROM results WHERE outcome = 'ok'")[0][0] >= 1


def nap_programs(count: int) -> dict[str, str]:
    """Distinct slow candidates (0.4 s per train pair); the callable only makes the ids differ."""
    names = ["identity", "rot90", "rot180", "rot270", "transpose", "mirror_left_right",
             "mirror_top_bottom", "antitranspose"]
    return {f"nap{k}": f"def solve(S, I):\n    x1 = fault_nap(I, {names[k % 8]})\n"
                       f"    O = fault_nap(x1, {names[k // 8]})\n    return O\n"
            for k in range(count)}


def naps_named(names: list[str]) -> dict[str, str]:
    """Slow candidates that name themselves in the runs file: both naps take the same callable."""
    return {f"nap_{name}": f"def solve(S, I):\n    x1 = fault_nap(I, {name})\n"
                           f"    O = fault_nap(x1, {name})\n    return O\n" for name in names}


def runs_by_worker(path: Path) -> list[tuple[int, str]]:
    """(worker pid, callable name) of every nap run so far, in order."""
    lines = path.read_text().splitlines() if path.exists() else []
    return [(int(pid), name) for pid, name in (line.split() for line in lines)]


def worker_processes(cli_pid: int) -> set[int]:
    """The pids of a LocalCluster's worker processes (spawned by their nannies)."""
    return {p.pid for p in alive(descendants(cli_pid)) if "spawn_main" in " ".join(_cmdline(p))}


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:  # gone (or a zombie) since it was listed
        return []


def test_a_worker_killed_mid_round_leaves_the_round_to_the_other(tmp_path, tasks_folder):
    names = ["identity", "rot90", "rot180", "rot270", "transpose", "mirror_left_right",
             "mirror_top_bottom", "antitranspose"]
    programs = naps_named(names)
    folder = write_programs(tmp_path / "programs", programs)
    out, runs = tmp_path / "out", tmp_path / "runs.txt"
    cli = start_cli("--data", str(tasks_folder), "--programs", str(folder), "--out", str(out),
                    "--chunk-size", "2", "--candidate-timeout", "5", "--tasks", "flip", *FAST_RUN,
                    env=cli_env(**{NAPS_FILE_VARIABLE: str(runs)}), log=tmp_path / "log.txt")
    store = out / "store.sqlite"
    try:
        # Once a first chunk is committed and a nap is running, kill the worker running it.
        assert wait_until(lambda: query(store, "SELECT COUNT(*) FROM chunks") not in ([], [(0,)])
                          and runs_by_worker(runs), 120)
        before = worker_processes(cli.pid)
        victim, in_flight = runs_by_worker(runs)[-1]
        assert victim in before
        psutil.Process(victim).send_signal(signal.SIGKILL)
        killed_at, killed = len(runs_by_worker(runs)), time.monotonic()
        # The nanny starts a new worker process in its place.
        assert wait_until(lambda: worker_processes(cli.pid) - before, 60), "no worker restarted"
        restarted_after_s = time.monotonic() - killed
        assert cli.wait(timeout=180) == 0, (tmp_path / "log.txt").read_text()
    finally:
        if cli.poll() is None:
            kill_tree(cli)
    got = outcomes_of(store, programs)
    assert len(got) == len(programs)
    assert set(got.values()) <= {"mismatch", "worker_lost"}
    # The candidate the kill interrupted (one task: it is in one chunk) came back: its chunk ran
    # again on another worker, or it is recorded as lost.
    retried = {pid for pid, name in runs_by_worker(runs)[killed_at:] if name == in_flight}
    outcome = got[(f"nap_{in_flight}", "flip")]
    assert outcome == "worker_lost" or (outcome == "mismatch" and retried and victim not in retried), \
        (in_flight, outcome, retried)
    print(f"\nworker kill figures: nap rows {len(got)}, in-flight candidate {in_flight}: {outcome}, "
          f"{'run again on another worker' if retried else 'not run again'}; "
          f"worker restarted {restarted_after_s:.1f} s after the kill")
    # Each planned candidate has exactly one row: nothing lost, nothing written twice.
    planned = query(store, "SELECT SUM(json_array_length(program_ids)) FROM plan_tasks")[0][0]
    assert query(store, "SELECT COUNT(*) FROM results")[0][0] == planned
    print(f"rows {planned} of {planned} planned")


def test_a_worker_over_its_memory_limit_is_restarted_by_dask_and_the_run_completes(tmp_path, tasks_folder):
    programs = {"hog": program_text("solve", "hog")}
    folder = write_programs(tmp_path / "programs", programs)
    out = tmp_path / "out"
    done = run_cli("--data", str(tasks_folder), "--programs", str(folder), "--out", str(out),
                   "--chunk-size", "4", "--memory-limit", "400MiB", "--tasks", "flip", *FAST_RUN,
                   env=cli_env(**{HOG_BYTES_VARIABLE: str(600 * 2**20)}))
    assert done.returncode == 0, done.stderr
    got = outcomes_of(out / "store.sqlite", programs)
    assert got[("hog", "flip")] == "worker_lost"
    assert query(out / "store.sqlite", "SELECT COUNT(*) FROM results WHERE outcome = 'ok'")[0][0] >= 1

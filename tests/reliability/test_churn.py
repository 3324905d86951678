"""Worker churn soak: 30 rounds on a real ``dask scheduler`` while workers die and others join.

This test process is the client: it runs ``graphs.api.search`` against a
scheduler and two ``dask worker`` processes (each a nanny and its worker). Every
few rounds, between rounds, a replacement ``dask worker`` is started and a
delayed ``kill -9`` is armed for the oldest worker's nanny and process, so the
kill lands inside the next round, as a machine lost mid-round would. The same
search with the same seed also runs undisturbed on the same cluster first.

What must hold: every planned candidate has exactly one outcome row, the
client's threads and resident memory stay flat (within 10% of round 2), so do
each worker's (within 10% of its second round), and
every round before the first lost candidate equals the undisturbed run's,
solvers included (the whole run, and ``submission.json``, when none was lost).
Resident memory is read after clearing the bounded caches (the LRU caches of
program forms, Dask's log of the last 1,000 messages sent): they fill over far
more rounds than a test can run and would hide nothing unbounded. The figures
are printed (``-s``) for the README.
"""

from __future__ import annotations

import gc
import json
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from distributed import Client

from graphs.api import SearchConfig, load_tasks, search
from graphs.engine.round import RoundSettings
from graphs.engine.store_rows import parse_stored
from tasks.data.budget import Budget
from tasks.programs.canonical import canonical, content_id
from tasks.programs.program import _decode_step
from tasks.running.interpreter import _compile_with_real_vocabulary
from tasks.search.settings import GenerationSettings
from tests.reliability.conftest import ROOT, alive, cli_env, query, result_rows, wait_until, write_tasks
from tests.reliability.test_remote import RemoteCluster

# Within 10%, or one unit of what is counted when 10% is less than it: a 3-thread process that
# starts one more thread, or a 75 MiB one whose allocator keeps a few more arenas, is still flat.
RSS_GRAIN = 8 * 2**20


def flat(later: int, second: int, grain: int) -> bool:
    """Is ``later`` within 10% of the second round's reading, or within one ``grain`` of it?"""
    return later <= max(second * 1.1, second + grain)


ROUNDS = 30
KILL_EVERY = 5           # a worker dies in rounds 3, 8, 13, ... (armed after rounds 2, 7, 12, ...)
KILL_DELAY_S = 0.15      # after the round before ends: inside the next round's generation or chunks
LOSSES = ("worker_lost", "cancelled", "timeout")

# Small, deterministic rounds: generation ends on its size bound (the tasks are solved at size 1),
# not on the clock; solved tasks keep being searched, so every round has mutants, pool and transplants.
CONFIG = SearchConfig(
    rounds=ROUNDS, seed=7, keep_solved=True,
    generation=GenerationSettings(max_size=0, time_budget_s=300, max_candidates=10,
                                  mutations_per_program=4, max_pool_mutants=20),
    round=RoundSettings(chunk_size=8, candidate_budget=Budget(timeout_s=5.0), round_timeout_s=60.0))

BOUNDED_CACHES = (parse_stored, canonical, content_id, _decode_step, _compile_with_real_vocabulary)


def start_worker(cluster: RemoteCluster, name: str) -> tuple[subprocess.Popen, Path]:
    """One more ``dask worker`` (a nanny and its process) for ``cluster``, as RemoteCluster starts
    them; and its log (a file of its own: the cluster's log is written at its own offset)."""
    env = cli_env()
    env.pop("ARC_SEARCH_PLUGINS")
    log = cluster.logs.with_name(f"{name}.log")
    process = subprocess.Popen(
        ["dask", "worker", cluster.address, "--nthreads", "1", "--nworkers", "1", "--memory-limit", "2GiB",
         "--no-dashboard", "--name", name], cwd=ROOT, env=env, stdout=log.open("w"),
        stderr=subprocess.STDOUT)
    cluster.processes.append(process)
    return process, log


def worker_figures() -> tuple[int, int]:
    """Run on each worker: its threads (as the OS counts them) and RSS."""
    me = psutil.Process()
    return me.num_threads(), me.memory_info().rss


def client_figures(client: Client) -> dict:
    """The client's threads (as the OS counts them) and RSS, raw and with the bounded caches emptied."""
    me = psutil.Process()
    raw = me.memory_info().rss
    for cache in BOUNDED_CACHES:
        cache.cache_clear()
    client.scheduler_comm.recent_message_log.clear()
    gc.collect()
    # A worker killed a moment ago may still be listed: it answers nothing, and is left out.
    workers = client.run(worker_figures, on_error="ignore")
    return {"threads": me.num_threads(), "raw_rss": raw, "rss": me.memory_info().rss, "workers": workers}


class Churn:
    """Between rounds: every KILL_EVERY rounds, start a replacement and arm a kill of the oldest worker."""

    def __init__(self, cluster: RemoteCluster) -> None:
        self.cluster = cluster
        self.workers = list(cluster.processes[1:])  # the dask worker processes, oldest first
        self.killed: list[psutil.Process] = []
        self.kill_rounds: list[int] = []
        self.logs: list[Path] = []

    def between_rounds(self, round_index: int) -> None:
        if round_index % KILL_EVERY != 2 or round_index + 1 >= ROUNDS:
            return
        victim = self.workers.pop(0)
        tree = [psutil.Process(victim.pid), *psutil.Process(victim.pid).children(recursive=True)]
        pids = " ".join(str(p.pid) for p in tree)
        # A separate process sleeps and kills, so the kill falls inside the round that starts now
        # and the client starts no thread of its own for it.
        subprocess.Popen(["sh", "-c", f"sleep {KILL_DELAY_S}; kill -9 {pids}"])
        self.killed += tree
        self.kill_rounds.append(round_index + 1)
        process, log = start_worker(self.cluster, f"replacement-{len(self.logs) + 1}")
        self.workers.append(process)
        self.logs.append(log)

    def joined(self) -> int:
        """How many replacements registered with the scheduler."""
        return sum("Registered to" in log.read_text() for log in self.logs)


def run_search(cluster: RemoteCluster, data: Path, out: Path,
               churn: Churn | None) -> tuple[list[dict], list[dict]]:
    """The search on ``cluster``: the client's figures after each round, and the scheduler's
    events for the workers that left it unexpectedly (what was in flight on them, what they held)."""
    figures = []

    def on_round(done) -> None:
        figures.append(client_figures(client))
        if churn is not None:
            churn.between_rounds(done.round_index)

    config = replace(CONFIG, on_round=on_round)
    with Client(cluster.address) as client:
        search(client, load_tasks(str(data)), out, config, say=lambda line: None)
        removed = [event for _, event in client.get_events("all")
                   if event.get("action") == "remove-worker" and not event.get("expected")]
    return figures, removed


def rows_before(store: Path, first_loss: int) -> set[tuple]:
    return {row for row in result_rows(store) if row[0] < first_loss}


def first_lost_round(store: Path) -> int:
    """The first round with a candidate lost to the infrastructure (ROUNDS when none was)."""
    [(first,)] = query(store, f"SELECT MIN(round) FROM results WHERE outcome IN {LOSSES}")
    return ROUNDS if first is None else first


@pytest.mark.slow
def test_workers_killed_and_replaced_every_few_rounds_lose_nothing_and_stay_flat(tmp_path):
    data = write_tasks(tmp_path / "data")
    cluster = RemoteCluster(tmp_path)
    started = time.monotonic()
    try:
        calm, _ = run_search(cluster, data, tmp_path / "calm", None)
        churn = Churn(cluster)
        churned, removed = run_search(cluster, data, tmp_path / "churn", churn)
        # Every replacement registered, and every killed process is gone.
        assert wait_until(lambda: churn.joined() == len(churn.logs), 30)
        assert wait_until(lambda: not alive(churn.killed), 10)
    finally:
        cluster.close()
    store, calm_store = tmp_path / "churn" / "store.sqlite", tmp_path / "calm" / "store.sqlite"

    # Exactly one outcome row per planned candidate, in every round.
    plan = query(store, "SELECT p.round, p.task_id, j.value FROM plan_tasks p, json_each(p.program_ids) j")
    rows = query(store, "SELECT round, task_id, program_id FROM results")
    assert len(rows) == len(set(rows)) == len(plan) and set(rows) == set(plan)
    assert {r for r, in query(store, "SELECT DISTINCT round FROM results")} == set(range(ROUNDS))

    outcomes = dict(query(store, "SELECT outcome, COUNT(*) FROM results GROUP BY outcome"))
    records = [json.loads(line) for line in (tmp_path / "churn" / "telemetry.jsonl").read_text().splitlines()]
    rounds = [r for r in records if r["kind"] == "round"]
    restarted = sum(len(r["restarted_workers"]) for r in rounds)
    calm_walls = sorted(r["wall_s"] for r in rounds if r["round"] not in churn.kill_rounds)
    first_loss = min(first_lost_round(store), first_lost_round(calm_store))
    in_flight = [key for event in removed for key in event["processing-tasks"]]
    held = [key for event in removed for key in event["lost-computed-tasks"]]
    report = {
        "rounds": ROUNDS, "workers_killed": len(churn.kill_rounds), "kill_rounds": churn.kill_rounds,
        "replacements_joined": churn.joined(), "workers_removed_by_the_scheduler": len(removed),
        "keys_in_flight_on_them": len(in_flight),
        "chunks_in_flight_on_them": sum(str(key).startswith("chunk-") for key in in_flight),
        "results_lost_with_them": len(held), "rows": len(rows), "planned": len(plan),
        "lost": {k: outcomes.get(k, 0) for k in LOSSES}, "restarted_by_watchdog": restarted,
        "wall_s_of_kill_rounds": [r["wall_s"] for r in rounds if r["round"] in churn.kill_rounds],
        "median_wall_s_of_other_rounds": calm_walls[len(calm_walls) // 2],
        "first_round_with_a_loss": first_loss if first_loss < ROUNDS else None,
        "client_threads": (churned[1]["threads"], max(f["threads"] for f in churned[1:])),
        "client_rss_mib": (churned[1]["rss"] >> 20, max(f["rss"] for f in churned[1:]) >> 20),
        "client_raw_rss_mib": (churned[1]["raw_rss"] >> 20, max(f["raw_rss"] for f in churned[1:]) >> 20),
        "worker_threads_and_rss_mib": {w: [(t, r >> 20) for t, r in seen]
                                       for w, seen in per_worker(churned).items()},
        "seconds_both_runs": round(time.monotonic() - started, 1),
    }
    print(f"\nchurn figures (round 2, max after): {report}")

    assert len(churn.kill_rounds) == 6 and len(removed) == 6
    assert in_flight or held  # the kills took work with them, which Dask ran again
    for later in churned[2:]:
        assert flat(later["threads"], churned[1]["threads"], 1)
        assert flat(later["rss"], churned[1]["rss"], RSS_GRAIN)
    # Each worker, the first two and every replacement, stays flat from its second round on.
    for readings in per_worker(churned).values():
        for threads, rss in readings[2:]:
            assert flat(threads, readings[1][0], 1) and flat(rss, readings[1][1], RSS_GRAIN)
    # Where nothing was lost, churn changed nothing: the same rows, so the same solvers.
    assert rows_before(store, first_loss) == rows_before(calm_store, first_loss)
    if first_loss == ROUNDS:
        assert json.loads((tmp_path / "churn" / "submission.json").read_text()) == \
            json.loads((tmp_path / "calm" / "submission.json").read_text())
    assert len(calm) == ROUNDS


def per_worker(figures: list[dict]) -> dict[str, list[tuple[int, int]]]:
    """Worker address -> its (threads, RSS) after each round it was there for."""
    seen: dict[str, list[tuple[int, int]]] = {}
    for reading in figures:
        for address, numbers in reading["workers"].items():
            seen.setdefault(address, []).append(tuple(numbers))
    return seen

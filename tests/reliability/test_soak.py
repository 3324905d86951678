"""Soak: 30 rounds with 5% hanging candidates on 2 process workers, through the engine API.

Threads and resident memory of the client and of each worker must stay flat
(within 10% of what they were after the first round), and the store must hold
exactly one row per candidate per round. The figures are printed (``-s``) for
the README's Reliability section.
"""

from __future__ import annotations

import os
import threading
from itertools import product

import psutil
import pytest

from cluster import ClusterSpec, Watchdog, open_client
from graphs.engine.collect import collect_round
from graphs.engine.round import RoundSettings, build_round
from graphs.engine.search import program_rows
from graphs.engine.store import Store
from tasks.data.budget import Budget
from tasks.dsl import plugins_for_new_processes
from tasks.running.evaluate import Candidate
from tasks.programs.parse import parse_programs
from tests.graphs.conftest import MIRROR, TURN
from tests.reliability.conftest import PLUGIN
from tests.reliability.faulty import FAULTY

ROUNDS = 30
OPS = ["identity", "rot90", "rot180", "rot270", "transpose", "mirror_left_right",
       "mirror_top_bottom", "antitranspose"]


def candidates() -> list[Candidate]:
    """38 quick candidates and 2 that hang (5%), parsed with the faulty primitives as vocabulary."""
    from tasks.dsl import CONSTANTS, PRIMITIVES

    quick = [f"def solve(S, I):\n    x1 = {a}(I)\n    O = {b}(x1)\n    return O\n"
             for a, b in list(product(OPS, OPS))[:38]]
    hanging = [f"def solve(S, I):\n    O = fault_hang(I, {op})\n    return O\n" for op in OPS[:2]]
    texts = quick[:19] + hanging[:1] + quick[19:] + hanging[1:]
    vocabulary = {**PRIMITIVES, **FAULTY}
    return [Candidate.of(parse_programs(text, "soak.py", vocabulary, CONSTANTS)[0].program)
            for text in texts]


def worker_rss() -> int:
    return psutil.Process(os.getpid()).memory_info().rss


@pytest.fixture(scope="module")
def client():
    with plugins_for_new_processes(PLUGIN), open_client(
            ClusterSpec(workers=2, threads_per_worker=1, processes=True, memory_limit="2GiB")) as client:
        yield client


def measure(client) -> dict:
    return {"client_threads": threading.active_count(),
            "client_rss": psutil.Process().memory_info().rss,
            "worker_threads": client.run(threading.active_count),
            "worker_rss": client.run(worker_rss)}


@pytest.mark.slow
def test_thirty_rounds_with_hanging_candidates_stay_flat_and_store_every_row(client, tmp_path):
    cands = candidates()
    assert len(cands) == 40 and len({c.id for c in cands}) == 40
    per_task = {"mirror": cands, "turn": cands[::-1]}
    # Hanging candidates end on their own budget (0.3 s); the round deadline is a backstop.
    settings = RoundSettings(chunk_size=10, candidate_budget=Budget(timeout_s=0.3),
                             round_timeout_s=10.0, grace_s=0.5, hard_timeout_s=5.0)
    watchdog = Watchdog(client, settings.hard_timeout_s)
    figures, outcomes = [], {}
    with Store.open(tmp_path / "store.sqlite") as store:
        store.begin_run("soak", {"rounds": ROUNDS}, seed=0)
        store.add_programs(program_rows(cands, "soak"))
        for round_index in range(ROUNDS):
            plan = build_round("soak", round_index, [MIRROR, TURN], per_task, (), settings)
            def write(chunk, output, round_index=round_index):
                store.write_chunk("soak", round_index, chunk.task_id, chunk.index, output.results)

            outcome = collect_round(client, plan, settings, write, watchdog)
            for kind, n in outcome.outcome_counts().items():
                outcomes[kind] = outcomes.get(kind, 0) + n
            figures.append(measure(client))
        rows = store.connection.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        chunks = store.connection.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    first, workers = figures[0], sorted(figures[0]["worker_rss"])
    report = {
        "rounds": ROUNDS, "rows": rows, "chunks": chunks, "outcomes": outcomes,
        "client_threads": (first["client_threads"], max(f["client_threads"] for f in figures)),
        "client_rss_mib": (first["client_rss"] >> 20, max(f["client_rss"] for f in figures) >> 20),
        "worker_threads": {w: (first["worker_threads"][w], max(f["worker_threads"][w] for f in figures))
                           for w in workers},
        "worker_rss_mib": {w: (first["worker_rss"][w] >> 20, max(f["worker_rss"][w] for f in figures) >> 20)
                           for w in workers},
    }
    print(f"\nsoak figures (after round 1, max after): {report}")
    assert rows == ROUNDS * 2 * 40 and chunks == ROUNDS * 2 * 4
    assert outcomes["timeout"] == ROUNDS * 2 * 2  # each hanging candidate, each round, each task
    assert outcomes.get("worker_lost", 0) == outcomes.get("cancelled", 0) == 0
    for later in figures[1:]:
        assert set(later["worker_rss"]) == set(workers)  # no worker was restarted or replaced
        assert later["client_threads"] <= first["client_threads"] * 1.1
        assert later["client_rss"] <= first["client_rss"] * 1.1
        for w in workers:
            assert later["worker_threads"][w] <= first["worker_threads"][w] * 1.1
            assert later["worker_rss"][w] <= first["worker_rss"][w] * 1.1

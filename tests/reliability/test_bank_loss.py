"""A worker killed while it holds a task's bank costs only recomputation (real processes)."""

from __future__ import annotations

import json
import os
import signal
import time

from cluster import ClusterSpec, open_client
from graphs.engine.round import RoundSettings
from graphs.engine.search import RunContext, SearchConfig, run_round
from graphs.engine.store import Store
from graphs.engine.telemetry import TelemetryLog
from tests.graphs.test_continuation import QUICK, UNSOLVABLE


def enumeration_of(telemetry_path, round_index):
    for line in telemetry_path.read_text().splitlines():
        record = json.loads(line)
        if record.get("kind") == "task" and record["round"] == round_index:
            return record.get("enumeration")
    return None


def wait_for_replacement(client, killed, count, timeout_s=60.0):
    deadline = time.monotonic() + timeout_s
    while True:
        workers = client.scheduler_info()["workers"]
        if killed not in workers and len(workers) >= count:
            return
        assert time.monotonic() < deadline, "the killed worker never came back"
        time.sleep(0.2)


def test_a_killed_worker_holding_a_bank_costs_only_recomputation(tmp_path):
    config: SearchConfig = QUICK
    settings = RoundSettings(round_timeout_s=60.0)
    spec = ClusterSpec(workers=2, threads_per_worker=1, processes=True, memory_limit="2GiB")
    with open_client(spec) as client, Store.open(tmp_path / "store.sqlite") as store, \
            TelemetryLog(tmp_path / "telemetry.jsonl") as telemetry:
        store.begin_run("r", {}, 1)
        run = RunContext(client, store, telemetry, "r", say=lambda line: None)
        run_round(run, 0, [UNSOLVABLE], config, settings)
        first = enumeration_of(tmp_path / "telemetry.jsonl", 0)
        step = run.banks.steps[UNSOLVABLE.id]
        [holder] = client.who_has([step])[step.key]
        pid = client.run(os.getpid, workers=[holder])[holder]
        os.kill(pid, signal.SIGKILL)  # the nanny starts a new worker; the bank is gone with the old one
        wait_for_replacement(client, holder, 2)
        assert pid not in client.run(os.getpid).values()

        outcome = run_round(run, 1, [UNSOLVABLE], config, settings)
        second = enumeration_of(tmp_path / "telemetry.jsonl", 1)
    assert outcome.problems == []
    assert sum(outcome.outcome_counts().values()) > 0
    # Dask ran round 0's step again to rebuild the bank, then round 1's step on it.
    assert first["steps"] == 1 and second["steps"] == 2 and second["generation"] == 1
    assert second["terms"] >= first["terms"]

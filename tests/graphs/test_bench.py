"""python -m graphs.bench on a tiny workload: it runs end to end and writes every key (no timings asserted)."""

import json
from statistics import median

import pytest

from cluster import ClusterSpec, Watchdog, open_client
from graphs.bench.__main__ import main
from graphs.bench.engine import build_workload, chunks_of, engine_round, one_step_transforms, run_sequential
from graphs.bench.faults import (hanging_round_workload, hazards_in_workers, mixed_arrangement, running_tasks,
                                 settle, slow_candidates, tail_arrangement)
from graphs.engine.round import RoundSettings
from tasks.data.budget import Budget
from graphs.bench.hazards import HAZARDS
from graphs.bench.solve import seeds_without
from tasks.dsl import PRIMITIVES

BENCH_KEYS = {"workers", "sequential_rate", "dask_rate", "pool_rate", "per_candidate_rate", "dask_efficiency",
              "pool_efficiency", "partial_latency_s", "fast_collected_share", "threads_before",
              "threads_after", "recovery_s", "machine", "date", "chunk_sweep"}
SOLVE_KEYS = {"tasks", "test_outputs", "test_outputs_right", "share_right", "tasks_solved_train",
              "programs_per_s", "budget_s", "tasks_right", "hand_written_left_out"}


def test_the_workload_is_the_same_every_time_and_differs_by_seed():
    first, again, other = build_workload(2, 300, 0), build_workload(2, 300, 0), build_workload(2, 300, 1)
    ids = {t: [c.id for c in cs] for t, cs in first.candidates.items()}
    assert ids == {t: [c.id for c in cs] for t, cs in again.candidates.items()}
    assert ids != {t: [c.id for c in cs] for t, cs in other.candidates.items()}
    assert first.runs == 600 and all(len(set(cs)) == 300 for cs in ids.values())


def test_a_slice_keeps_every_task_and_about_the_asked_number_of_runs():
    small = build_workload(3, 100, 0).strided(30)
    assert small.runs == 30 and set(small.candidates) == {t.id for t in small.tasks}


def test_sequential_evaluates_every_chunk_once():
    workload = build_workload(1, 25, 0)
    result = run_sequential(workload, chunk_size=10)
    assert len(chunks_of(workload.candidates, 10)) == 3
    assert sum(result.outcomes.values()) == 25
    assert result.outcomes["ok"] >= 1  # the task's own hand-written solver is in the workload


def test_the_hazards_are_not_in_the_dsl_unless_a_benchmark_names_them():
    assert not set(HAZARDS) & set(PRIMITIVES)
    assert all(step[0] not in HAZARDS for step in one_step_transforms())


def test_tail_puts_slow_candidates_in_chunks_of_their_own_and_mixed_keeps_every_candidate():
    workload = build_workload(2, 120, 0)
    tail, slow = tail_arrangement(workload, 50)
    for candidates in tail.candidates.values():
        chunks = [{c.id for c in chunk} for _, chunk in chunks_of({"t": candidates}, 50)]
        assert all(chunk <= slow or not chunk & slow for chunk in chunks)
        slow_here = [c for c in candidates if c.id in slow]
        assert len(slow_here) == round((len(candidates) - len(slow_here)) / 9)  # 10% of all
    mixed, mixed_slow = mixed_arrangement(workload, seed=0)
    assert mixed.runs == workload.runs + 2 * len(mixed_slow)
    assert len(slow_candidates(5)) == 5


def test_solve_leaves_out_exactly_the_measured_tasks_own_solvers():
    everything = seeds_without(set())
    assert len(seeds_without({"007bbfb7"})) == len(everything) - 1
    assert len(seeds_without({"not-a-task"})) == len(everything)


@pytest.mark.timeout(240)
def test_engine_and_faults_write_every_key(tmp_path):
    assert main(["all", "--quick", "--workers", "2", "--repeat", "2", "--out", str(tmp_path)]) == 0
    figures = json.loads((tmp_path / "bench.json").read_text())
    assert BENCH_KEYS <= set(figures)
    # Two turns of the main ways, each ratio taken within a turn, and their medians.
    assert {name: len(ratios) for name, ratios in figures["per_turn"].items()} == {
        "dask_vs_pool": 2, "dask_efficiency": 2, "pool_efficiency": 2}
    assert figures["dask_vs_pool_median"] == pytest.approx(median(figures["per_turn"]["dask_vs_pool"]), abs=1e-3)
    assert min(figures["per_turn"]["dask_vs_pool"]) > 0
    assert figures["workers"] == 2 and figures["machine"]["cores"] >= 1
    assert all(sum(counts.values()) == figures["candidate_runs"] for counts in figures["outcomes"].values())
    assert [row["chunk_size"] for row in figures["chunk_sweep"]] == [1, 10, 100, 256]
    assert 0.0 <= figures["fast_collected_share"] <= 1.0
    # Both ways' work ran in worker processes, and the accounting saw it there.
    assert all(figures["cpu_s"][way]["workers"] > 0 and figures["cpu_s"][way]["client"] >= 0
               for way in ("dask", "pool"))
    assert figures["faults"]["recovery"]["recovery_complete"]
    assert set(PRIMITIVES).isdisjoint(HAZARDS)  # the client never registered them


@pytest.mark.timeout(240)
def test_solve_writes_every_key(tmp_path):
    assert main(["solve", "--quick", "--workers", "1", "--count", "2", "--budget", "8",
                 "--out", str(tmp_path)]) == 0
    figures = json.loads((tmp_path / "solve.json").read_text())
    assert SOLVE_KEYS <= set(figures)
    assert figures["tasks"] == 2 and figures["budget_s"] == 8
    assert figures["hand_written_left_out"] == ["007bbfb7", "00d62c1b"]  # both first tasks have one
    # One point per round, ending where the report ends, and the curve drawn beside solve.json.
    progress = figures["progress"]
    assert [point["round"] for point in progress] == list(range(figures["rounds"]))
    assert progress[-1]["test_outputs_right"] == figures["test_outputs_right"]
    assert progress[-1]["solved_train"] == figures["tasks_solved_train"]
    assert all(a["elapsed_s"] <= b["elapsed_s"] for a, b in zip(progress, progress[1:]))
    assert (tmp_path / "solve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.timeout(120)
def test_settle_leaves_no_worker_running_a_hung_candidate():
    # The round is cut while a candidate sleeps in C for an hour; its task is released
    # but keeps its worker's thread until settle has that worker restarted.
    workload = build_workload(2, 30, 0)
    spec = ClusterSpec(workers=2, threads_per_worker=1, processes=True, memory_limit="1GiB")
    settings = RoundSettings(chunk_size=8, candidate_budget=Budget(timeout_s=None), round_timeout_s=1.0,
                             grace_s=0.5, hard_timeout_s=2.0)
    with hazards_in_workers(), open_client(spec) as client:
        watchdog = Watchdog(client, 2.0)
        outcome, _, _ = engine_round(client, hanging_round_workload(workload, 0, 20), settings, "settle-test",
                                     watchdog=watchdog)
        assert outcome.outcome_counts()["timeout"] >= 1  # the hung chunk was cut, not waited for
        assert settle(client, watchdog) >= 1
        assert set(client.run(running_tasks).values()) == {0}


CAPACITY_KEYS = {"chunks_per_s", "client_cpu_ms_per_chunk", "workers_at_1s_chunks", "results_per_s",
                 "client_main_thread_cpu_ms_per_chunk", "cpu_measured", "chunks", "committed_chunks"}


@pytest.mark.timeout(120)
def test_capacity_writes_every_key_and_stores_every_chunk(tmp_path):
    assert main(["capacity", "--quick", "--workers", "1", "--threads", "2", "--chunk-size", "50",
                 "--out", str(tmp_path)]) == 0
    figures = json.loads((tmp_path / "capacity.json").read_text())
    assert CAPACITY_KEYS <= set(figures)
    # 2 tasks x 100 candidates in chunks of 50, one warm-up round and one timed: every chunk came back
    # with its installed result and was committed.
    assert figures["chunks"] == 4 and figures["results"] == 200 and figures["committed_chunks"] == 8
    assert figures["chunks_per_s"] > 0 and figures["client_cpu_ms_per_chunk"] > 0
    assert figures["workers_at_1s_chunks"] == int(figures["chunks_per_s"])


def test_a_played_back_chunk_has_the_shape_of_a_real_one():
    from graphs.bench.capacity import playback_output

    workload = build_workload(1, 256, 0)
    task = workload.tasks[0]
    output = playback_output(task, workload.candidates[task.id], ["d1", "d2"], top_k=8, seed=0)
    outcomes = [r.outcome for r in output.results]
    assert len(outcomes) == 256 and outcomes.count("mismatch") > 150 and "error:ValueError" in outcomes
    assert sum(1 for r in output.results if r.differ_scores) == 8
    assert all(r.predictions == task.test_inputs for r in output.results if r.outcome == "ok")


def test_scale_splits_one_task_over_two_workers_and_builds_the_unsplit_bank(tmp_path):
    assert main(["scale", "--quick", "--part", "one-task", "--out", str(tmp_path)]) == 0
    one = json.loads((tmp_path / "scale.json").read_text())["one_task"]
    assert one["same_bank"] is True and one["terms"] > 10
    assert one["speedup_2_workers"] > 0 and one["split_cpu_ratio"] > 0
    assert one["pieces"] == 4 and one["size"] == 1 and len(one["by_turn"]) == one["turns"] == 1
    assert one["ceiling_2_workers"] > 0

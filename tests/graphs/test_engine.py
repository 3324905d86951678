"""The engine on real LocalClusters: deadlines, partial results, stuck workers, bounded threads."""

import importlib
import time

import dask

from cluster import Watchdog, thread_count, worker_thread_counts
from graphs.engine.collect import collect_round
from graphs.engine.round import RoundSettings, build_round
from tasks.data.budget import Budget
from tests.graphs.conftest import MIRROR, TURN, candidate

FAST = [candidate(("mirror_left_right", "I")), candidate(("rot90", "I")), candidate(("identity", "I")),
        candidate(("rot180", "I"))]
FAILING = [candidate(("explode", "I")), candidate(("wrong_type", "I")), candidate(("bad_colour", "I")),
           candidate(("ragged", "I")), candidate(("recurse", "I"))]


def run(client, tasks, candidates, watchdog=None, run_id=None, round_index=0, **settings):
    run_id = run_id or f"t{time.monotonic_ns()}"  # keys must not collide with an earlier test's
    settings = RoundSettings(**{"chunk_size": 2, "round_timeout_s": 20.0, "grace_s": 0.5, **settings})
    written = []
    plan = build_round(run_id, round_index, tasks, candidates, (), settings)
    outcome = collect_round(client, plan, settings, lambda chunk, output: written.append(chunk.key),
                            watchdog)
    results = {(chunk.task_id, r.candidate_id): r
               for key, output in outcome.outputs.items()
               for chunk in plan.chunks if chunk.key == key
               for r in output.results}
    return outcome, results, written


def outcomes(results):
    return {key: r.outcome for key, r in results.items()}


def test_every_candidate_ends_in_exactly_one_outcome_keyed_by_id(process_client, hostile_primitives):
    # The slow first chunk finishes last: results must still land on the right ids.
    slow = candidate(("nap", "I", 5), ("mirror_left_right", "x1"))
    cands = {"mirror": [slow, FAST[2], *FAST, *FAILING], "turn": FAST}
    outcome, results, written = run(process_client, [MIRROR, TURN], cands)
    got = outcomes(results)
    assert len(got) == len({(t, c.id) for t, cs in cands.items() for c in cs})
    assert got[("mirror", slow.id)] == "ok"
    assert got[("mirror", FAST[0].id)] == "ok"
    assert got[("mirror", FAST[2].id)] == "mismatch"
    assert got[("turn", FAST[1].id)] == "ok"
    assert got[("mirror", FAILING[0].id)] == "error:LookupError"
    assert got[("mirror", FAILING[1].id)] == "error:InvalidGrid"
    assert got[("mirror", FAILING[2].id)] == "error:InvalidGrid"
    assert got[("mirror", FAILING[3].id)] == "error:InvalidGrid"
    assert got[("mirror", FAILING[4].id)] == "error:RecursionError"
    assert results[("mirror", FAST[0].id)].predictions == (((8, 7),),)
    assert written.index(outcome_key(written, "mirror-0")) > 0  # the slow chunk was not first
    assert set(outcome.summaries) == {"mirror", "turn"}
    assert outcome.summaries["mirror"].solvers and outcome.summaries["turn"].solvers


def outcome_key(keys, suffix):
    return next(key for key in keys if key.endswith(suffix))


def test_partial_collection_keeps_what_finished_and_times_out_the_rest(process_client, hostile_primitives):
    # Eight one-second candidates, two per chunk, on two workers, against a 1.5 s deadline.
    slow = [candidate(("nap", "I", 10), (op, "x1")) for op in
            ("mirror_left_right", "rot90", "rot180", "rot270", "identity", "transpose",
             "mirror_top_bottom", "antitranspose")]
    cands = {"mirror": FAST + slow, "turn": FAST}
    # Workers restarted by an earlier test import the DSL on their first task: not on this clock.
    process_client.run(importlib.import_module, "tasks.running.evaluate")
    started = time.time()
    outcome, results, _ = run(process_client, [MIRROR, TURN], cands, round_timeout_s=1.5,
                              candidate_budget=Budget(timeout_s=5.0))
    elapsed = time.time() - started
    got = outcomes(results)
    assert all(got[("mirror", c.id)] in ("ok", "mismatch") for c in FAST), (got, elapsed)
    assert all(got[("turn", c.id)] in ("ok", "mismatch") for c in FAST)
    assert {got[("mirror", c.id)] for c in slow} <= {"ok", "mismatch", "timeout"}
    assert outcome.outcome_counts()["timeout"] >= 4
    # Cooperative candidates stop at the deadline: the round is back within the grace period.
    assert elapsed < 1.5 + 0.5 + 1.5


def test_a_task_stuck_in_c_code_gets_its_worker_restarted_and_finished_results_kept(
        process_client, hostile_primitives):
    stuck = candidate(("sleep_in_c", "I"))
    cands = {"mirror": [stuck, *FAST], "turn": FAST}
    watchdog = Watchdog(process_client, hard_deadline_s=1.0)
    started = time.time()
    outcome, results, _ = run(process_client, [MIRROR, TURN], cands, watchdog=watchdog,
                              round_timeout_s=60.0)
    elapsed = time.time() - started
    got = outcomes(results)
    assert got[("mirror", stuck.id)] == "worker_lost"
    assert got[("turn", FAST[1].id)] == "ok"
    assert got[("mirror", FAST[2].id)] in ("mismatch", "worker_lost")  # shared the stuck chunk
    assert got[("mirror", FAST[3].id)] == "mismatch"
    assert len(outcome.restarted_workers) == 1
    assert elapsed < 30  # far before the 60 s deadline
    assert len(process_client.scheduler_info()["workers"]) == 2


def test_same_results_with_one_and_two_workers(process_client, single_worker_client):
    cands = {"mirror": FAST * 1, "turn": list(reversed(FAST))}

    def comparable(client):
        _, results, _ = run(client, [MIRROR, TURN], cands, run_id=f"w{id(client)}")
        return {key: (r.outcome, r.train_score, r.predictions) for key, r in results.items()}

    assert comparable(process_client) == comparable(single_worker_client)


def test_threads_stay_bounded_over_many_rounds_with_hanging_candidates(process_client, hostile_primitives):
    hanging = candidate(("nap", "I", 30))
    cands = {"mirror": [hanging, *FAST], "turn": [hanging, *FAST]}
    counts = []
    for round_index in range(8):
        run(process_client, [MIRROR, TURN], cands, run_id="threads", round_index=round_index,
            round_timeout_s=0.3, candidate_budget=Budget(timeout_s=5.0))
        counts.append((thread_count(), sorted(worker_thread_counts(process_client).values())))
    assert max(c[0] for c in counts[1:]) <= counts[1][0] + 1
    assert max(max(c[1]) for c in counts[1:]) <= max(counts[1][1]) + 1


def test_a_stuck_generation_gets_its_worker_restarted_and_the_round_goes_on(process_client):
    from graphs.engine.collect import RoundCollector

    settings = RoundSettings(chunk_size=2, round_timeout_s=60.0)
    collector = RoundCollector(process_client, 0, settings, time.time() + 60.0,
                               watchdog=Watchdog(process_client, hard_deadline_s=1.0))
    stuck = dask.delayed(time.sleep)(3600, dask_key_name=f"generate-stuck-{time.monotonic_ns()}")
    plans = []
    collector.submit_then(stuck, plans.append)
    prefix = f"t{time.monotonic_ns()}"
    collector.submit(build_round(prefix, 0, [MIRROR], {"mirror": FAST}, (), settings))
    started = time.time()
    outcome = collector.collect()
    assert time.time() - started < 30
    assert plans == []  # the stuck generation never produced a plan
    assert any("stuck past the hard timeout" in problem for problem in outcome.problems)
    assert len(outcome.restarted_workers) == 1
    assert {r.outcome for r in outcome.results().values()} <= {"ok", "mismatch"}


class _LostAfterGather:
    """A future as the collector sees it when its worker left just after the value was gathered."""

    def __init__(self, key: str) -> None:
        self.key, self.status = key, "lost"


def test_a_value_gathered_before_its_worker_left_still_counts(single_worker_client):
    # Seen in the churn soak: the kill fell between the gather and the take, the future read
    # "lost", and the task's generation was dropped for the round though its value was here.
    from graphs.engine.collect import RoundCollector

    settings = RoundSettings(chunk_size=2, round_timeout_s=60.0)
    collector = RoundCollector(single_worker_client, 0, settings, time.time() + 60.0)
    prefix = f"gathered{time.monotonic_ns()}"
    plans = []
    collector.submit_then(dask.delayed(int)(7, dask_key_name=f"generate-{prefix}"), plans.append)
    collector.take(_LostAfterGather(f"generate-{prefix}"), 7)
    assert plans == [7] and not collector.outcome.problems

    plan = build_round(prefix, 0, [MIRROR], {"mirror": FAST}, (), settings)
    collector.submit(plan)
    outcome = collector.collect()
    chunk_key = next(iter(outcome.chunks))
    finished = outcome.outputs[chunk_key]
    # The same chunk's value arriving again under a "lost" status is kept, not recorded as lost.
    collector.outcome.outputs.clear()
    collector.take(_LostAfterGather(chunk_key), finished)
    assert collector.outcome.outputs[chunk_key] is finished
    # An error is still an error: no plan, and the problem is said.
    collector.submit_then(dask.delayed(int)(8, dask_key_name=f"generate-{prefix}-b"), plans.append)
    collector.take(_LostAfterGather(f"generate-{prefix}-b"), (OSError, OSError("gone"), None))
    assert plans == [7] and any("did not finish" in problem for problem in collector.outcome.problems)

"""What a round's chunks share travels once per worker, and chunks stay root tasks (real processes)."""

import math
import pickle
import time
from dataclasses import replace

import dask
import pytest

from graphs.engine import shared as shared_module
from graphs.engine.collect import RoundCollector, collect_round
from graphs.engine.round import RoundSettings, build_round
from graphs.engine.shared import PLUGIN_PREFIX, SharedOnWorkers, bundled_differs, installs, task_ref
from tasks.data.arc import Pair, Task
from tasks.programs.program import Program
from tasks.running.evaluate import Candidate
from tests.graphs.conftest import MIRROR, TURN, candidate
from tests.reliability.conftest import wait_until

FAST = [candidate(("mirror_left_right", "I")), candidate(("rot90", "I")), candidate(("identity", "I")),
        candidate(("rot180", "I"))]
# A differ of one's own, not bundled: it scores every near-miss 7.
OWN_DIFFER = Candidate.of(Program.from_steps("differ", [("repeat", 7, 1), ("repeat", "I", 1),
                                                        ("pairwise", "x1", "x2"), ("first", "x3")]))
# A task whose pairs outweigh any chunk of a few programs.
ROWS = tuple(tuple((r * c) % 10 for c in range(20)) for r in range(20))
BIG = Task("big", (Pair(ROWS, ROWS[::-1]), Pair(ROWS[1:], ROWS[1:][::-1])), (ROWS,))


def held() -> list[str]:
    """On a worker: the names of the plugins whose items it holds now."""
    return sorted(shared_module._INSTALLED)


def our_plugins(dask_scheduler) -> dict[str, int]:
    """On the scheduler: our registered worker plugins and their pickled sizes."""
    return {name: len(plugin) for name, plugin in dask_scheduler.worker_plugins.items()
            if name.startswith(PLUGIN_PREFIX)}


def chunk_bytes(plan) -> list[int]:
    """What each chunk of a plan weighs as Dask pickles it for the scheduler."""
    return [len(pickle.dumps(dict(out.__dask_graph__())[out.key])) for out in plan.chunk_outputs]


def test_what_chunks_share_is_installed_once_per_worker_and_each_chunk_carries_only_refs(process_client):
    client, tasks = process_client, [MIRROR, TURN, BIG]
    differs = [*bundled_differs().values(), OWN_DIFFER]
    settings = RoundSettings(chunk_size=1, round_timeout_s=30.0)
    run = SharedOnWorkers()
    plans = [build_round(f"shared{time.monotonic_ns()}", round_index, tasks,
                         {task.id: FAST for task in tasks}, differs, settings) for round_index in range(2)]
    # The chunk is its program and refs: lighter than its task alone, let alone the 15 differs.
    assert max(chunk_bytes(plans[0])) < len(pickle.dumps(BIG)) < len(pickle.dumps(differs))
    # The plan sends the tasks and the one differ a worker cannot read itself, not the bundled ones.
    assert set(plans[0].shared.values()) == {*tasks, OWN_DIFFER}
    try:
        outcomes = [collect_round(client, plan, settings, shared=run) for plan in plans]
        workers = sorted(client.scheduler_info()["workers"])
        used = {output.worker for outcome in outcomes for output in outcome.outputs.values()}
        assert used == set(workers)  # both workers ran chunks of every round
        for outcome in outcomes:
            assert outcome.problems == [] and "cancelled" not in outcome.outcome_counts()
            scored = [r for output in outcome.outputs.values() for r in output.results if r.differ_scores]
            assert scored and all(r.differ_scores[OWN_DIFFER.id] == 7.0 for r in scored)
            assert all(len(r.differ_scores) == len(differs) for r in scored)
        # Counted where it lands: one plugin on the scheduler, set up once in each worker for both
        # rounds' 24 chunks, and holding the big task (its pickle is inside the plugin's).
        [name] = run.names
        plugins = client.run_on_scheduler(our_plugins)
        assert list(plugins) == [name] and plugins[name] > len(pickle.dumps(BIG))
        assert {w: counts.get(name) for w, counts in client.run(installs).items()} == {w: 1 for w in workers}
        # A worker that starts again (as the watchdog restarts one) is given it again, once.
        client.restart_workers([workers[0]])
        wait_until(lambda: len(client.scheduler_info()["workers"]) == 2, 60)
        restarted = set(client.scheduler_info()["workers"]) - set(workers)
        again = client.run(installs)
        assert [again[w].get(name) for w in restarted] == [1]
        later = collect_round(client, build_round(f"again{time.monotonic_ns()}", 0, tasks,
                                                  {task.id: FAST for task in tasks}, differs, settings),
                              settings, shared=run)
        assert later.problems == [] and len(run.names) == 1  # nothing new to send
    finally:
        run.release(client)
    # Released: the scheduler forgets the plugin and every worker drops its items.
    assert client.run_on_scheduler(our_plugins) == {}
    assert all(names == [] for names in client.run(held).values())


def test_a_collector_without_a_run_shares_for_its_round_only(process_client):
    settings = RoundSettings(chunk_size=2, round_timeout_s=30.0)
    plan = build_round(f"alone{time.monotonic_ns()}", 0, [MIRROR], {"mirror": FAST}, (), settings)
    outcome = collect_round(process_client, plan, settings)
    assert outcome.summaries["mirror"].solvers == (FAST[0].id,)
    assert process_client.run_on_scheduler(our_plugins) == {}  # released with its round


def test_queued_chunks_go_to_the_healthy_worker_while_the_other_is_hung(process_client, hostile_primitives):
    client = process_client
    settings = RoundSettings(chunk_size=1, round_timeout_s=15.0, grace_s=0.5)
    run_id, start = f"hung{time.monotonic_ns()}", time.time()
    collector = RoundCollector(client, 0, settings, start + settings.round_timeout_s)
    # First a chunk stuck in C (no budget check reaches it, no watchdog here): it holds its worker.
    hung = build_round(run_id, 0, [TURN], {"turn": [candidate(("sleep_in_c", "I"))]}, (), settings,
                       start=start)
    collector.submit(hung)
    [hung_key] = [chunk.key for chunk in hung.chunks]

    def executing_on() -> str | None:
        return client.run_on_scheduler(_processing_worker, hung_key)

    try:
        assert wait_until(lambda: executing_on() is not None, 30)
        hung_worker = executing_on()
        [healthy] = set(client.scheduler_info()["workers"]) - {hung_worker}
        saturation = dask.config.get("distributed.scheduler.worker-saturation")
        slots = math.ceil(saturation * client.nthreads()[hung_worker])
        time.sleep(0.5)  # on the worker, in its sleep
        # Then 24 chunks of a fifth of a second each, more than twice the cluster's threads.
        slow = [candidate(("nap", "I", 1), (op, "x1")) for op in
                ("mirror_left_right", "rot90", "rot180", "rot270", "identity", "transpose",
                 "mirror_top_bottom", "antitranspose")]
        queued_seen = []
        collector.submit(build_round(run_id, 0, [MIRROR, BIG], {"mirror": slow * 2, "big": slow},
                                     (), settings, start=start))
        # The scheduler holds them back (queued) rather than handing half to the hung worker.
        assert wait_until(lambda: queued_seen.append(client.run_on_scheduler(_queue, hung_worker))
                          or queued_seen[-1][0] > 0, 10, every=0.05), queued_seen
        # The hung worker holds its hung chunk and at most what worker saturation gives a busy
        # thread besides (ceil(1.1 x 1) = 2 slots): never the half of the queue it would get unqueued.
        assert queued_seen[-1][1] <= slots
        outcome = collector.collect()
    finally:
        # Let go of the round first: Dask would compute again the results the restart drops.
        client.cancel(list(collector.futures.values()))
        client.restart_workers(list(client.scheduler_info()["workers"]))
    others = {key: output for key, output in outcome.outputs.items() if key != hung_key}
    ran = {key: output for key, output in others.items() if output.worker != "none"}
    assert len(others) == 24 and len(ran) >= 24 - (slots - 1)
    assert {output.worker for output in ran.values()} == {healthy}
    assert all(r.outcome in ("ok", "mismatch") for output in ran.values() for r in output.results)
    assert outcome.outputs[hung_key].results[0].outcome == "timeout"
    print(f"\nhung worker: {len(ran)} of 24 queued chunks ran on the healthy worker, "
          f"{24 - len(ran)} waited behind the hung one; most queued at once: {max(q for q, _ in queued_seen)}")


def _processing_worker(key, dask_scheduler=None):
    task = dask_scheduler.tasks.get(key)
    return task.processing_on.address if task is not None and task.processing_on else None


def _queue(worker, dask_scheduler=None):
    """(chunks queued on the scheduler, tasks the given worker is processing)."""
    return len(dask_scheduler.queued), len(dask_scheduler.workers[worker].processing)


def test_a_chunk_whose_task_never_reached_its_worker_fails_naming_the_ref(process_client):
    settings = RoundSettings(chunk_size=4, round_timeout_s=30.0)
    plan = build_round(f"unsent{time.monotonic_ns()}", 0, [TURN], {"turn": FAST}, (), settings)
    outcome = collect_round(process_client, replace(plan, shared={}), settings)  # nothing sent
    [problem] = outcome.problems
    assert f"LookupError: {task_ref(TURN)} is not on this worker" in problem
    assert outcome.outcome_counts() == {"cancelled": len(FAST)}


class FakeClient:
    """A client whose plugin registration fails as a comm does, in the given status."""

    id = "fake"

    def __init__(self, status: str) -> None:
        self.status = status

    def register_plugin(self, plugin, name):
        raise OSError("worker gone while the plugin was sent")


def test_a_worker_lost_while_a_plugin_goes_out_leaves_it_shared_but_a_lost_scheduler_raises():
    shared = SharedOnWorkers()
    shared.share(FakeClient("running"), {"task_1": TURN})  # the scheduler kept it: shared
    assert shared.refs == {"task_1"} and len(shared.names) == 1
    with pytest.raises(OSError):
        SharedOnWorkers().share(FakeClient("connecting"), {"task_1": TURN})

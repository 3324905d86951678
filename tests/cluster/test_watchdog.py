"""The watchdog on real LocalClusters: it finds stuck tasks and restarts their workers."""

import time

import pytest

from cluster import ClusterError, Watchdog, open_client, worker_thread_bound, worker_thread_counts
from cluster.watchdog import RELEASED_TASK
from tests.cluster.conftest import PROCESS_SPEC, THREAD_SPEC

HARD_DEADLINE_S = 1.0


def hold_the_gil(n: int) -> int:
    # sum over a range runs entirely in C without releasing the GIL: the worker's
    # event loop, and so its heartbeats, stop while it runs.
    return sum(range(n))


def wait_for_stuck(watchdog, limit_s=30.0):
    """Poll like the engine's collection loop does; a generous limit only guards against hangs."""
    deadline = time.monotonic() + limit_s
    while not (found := watchdog.stuck()):
        assert time.monotonic() < deadline, "watchdog never noticed the stuck task"
        time.sleep(0.1)
    return found


@pytest.fixture(scope="module")
def process_client():
    with open_client(PROCESS_SPEC) as client:
        yield client


def test_deadline_must_be_positive(process_client):
    with pytest.raises(ClusterError, match="hard_deadline_s"):
        Watchdog(process_client, hard_deadline_s=0)


def test_a_task_stuck_in_c_is_found_and_its_restart_keeps_finished_results(process_client):
    client = process_client
    watchdog = Watchdog(client, HARD_DEADLINE_S, restart_timeout_s=20)
    assert watchdog.hard_stops_available
    assert watchdog.stuck() == []
    finished = client.submit(sum, [1, 2], pure=False)
    assert finished.result() == 3  # gathered first, as the engine does
    stuck = client.submit(time.sleep, 60, pure=False)

    found = wait_for_stuck(watchdog)
    assert [task.key for task in found] == [stuck.key]
    assert found[0].seconds > HARD_DEADLINE_S
    stuck_worker = found[0].worker
    holders = client.who_has([finished])[finished.key]

    watchdog.restart([stuck_worker])

    assert stuck.status == "cancelled"  # not re-run elsewhere
    workers = client.scheduler_info()["workers"]
    assert len(workers) == PROCESS_SPEC.workers and stuck_worker not in workers
    assert watchdog.stuck() == []
    if stuck_worker not in holders:
        assert finished.result() == 3
    assert client.submit(sum, [4, 5], pure=False).result() == 9
    counts = worker_thread_counts(client)
    assert max(counts.values()) <= worker_thread_bound(PROCESS_SPEC.threads_per_worker)


def test_a_task_holding_the_gil_is_found_from_the_silent_heartbeat(process_client):
    watchdog = Watchdog(process_client, HARD_DEADLINE_S, restart_timeout_s=20)
    hog = process_client.submit(hold_the_gil, 10**12, pure=False)
    found = wait_for_stuck(watchdog)
    assert hog.key in {task.key for task in found}
    watchdog.restart(sorted({task.worker for task in found}))
    assert hog.status == "cancelled"
    assert watchdog.stuck() == []
    assert process_client.submit(sum, [1, 1], pure=False).result() == 2


def test_a_released_task_still_running_is_found_without_its_key(process_client):
    watchdog = Watchdog(process_client, HARD_DEADLINE_S, restart_timeout_s=20)
    straggler = process_client.submit(time.sleep, 60, pure=False)
    time.sleep(0.6)  # let it start executing before the round "ends"
    straggler.cancel()
    # Cancelling is asynchronous: poll only once the scheduler has forgotten the key.
    key = straggler.key
    deadline = time.monotonic() + 10
    while process_client.run_on_scheduler(lambda dask_scheduler: key in dask_scheduler.tasks):
        assert time.monotonic() < deadline, "the scheduler never forgot the cancelled task"
        time.sleep(0.05)
    found = wait_for_stuck(watchdog)
    assert [task.key for task in found] == [RELEASED_TASK]
    watchdog.restart([found[0].worker])
    assert watchdog.stuck() == []
    assert process_client.submit(sum, [2, 2], pure=False).result() == 4


def test_a_task_released_while_it_holds_the_gil_is_found_from_the_silent_worker(process_client):
    # Its worker cannot send another heartbeat, so the scheduler never hears of the release:
    # the worker has nothing assigned and nothing reported, only silence.
    watchdog = Watchdog(process_client, HARD_DEADLINE_S, restart_timeout_s=20)
    hog = process_client.submit(hold_the_gil, 10**12, pure=False)
    key = hog.key
    deadline = time.monotonic() + 10
    while not any(key in keys for keys in process_client.processing().values()):
        assert time.monotonic() < deadline, "the hog never reached a worker"
        time.sleep(0.02)
    time.sleep(0.3)  # inside sum() now: the event loop is blocked
    hog.cancel()
    while process_client.run_on_scheduler(lambda dask_scheduler: key in dask_scheduler.tasks):
        assert time.monotonic() < deadline, "the scheduler never forgot the cancelled task"
        time.sleep(0.05)
    found = wait_for_stuck(watchdog, limit_s=15.0)
    assert [task.key for task in found] == [RELEASED_TASK]
    watchdog.restart([found[0].worker])
    assert watchdog.stuck() == []
    assert process_client.submit(sum, [3, 3], pure=False).result() == 6


def test_thread_workers_say_hard_stops_are_unavailable():
    with open_client(THREAD_SPEC) as client:
        watchdog = Watchdog(client, HARD_DEADLINE_S, restart_timeout_s=20)
        assert not watchdog.hard_stops_available
        slow = client.submit(time.sleep, 2.5, pure=False)
        found = wait_for_stuck(watchdog)
        assert [task.key for task in found] == [slow.key]
        with pytest.raises(ClusterError, match="hard stops are unavailable"):
            watchdog.restart([found[0].worker])
        slow.result()  # the thread cannot be stopped: it finishes on its own

"""open_client on real LocalClusters: it computes, and it leaves nothing behind."""

import sys
import threading
import time

import dask
import pytest
from dask.utils import parse_timedelta

from cluster import (
    ClusterError,
    ClusterSpec,
    check_imports,
    client_thread_bound,
    dashboard_link,
    open_client,
    thread_count,
    worker_thread_bound,
    worker_thread_counts,
)
from cluster.connect import CLIENT_SWITCH_INTERVAL_S, TICK_INTERVAL
from tests.cluster.conftest import PROCESS_SPEC, THREAD_SPEC, child_pids, free_port


def assert_nothing_left(baseline, settle_s=5.0):
    """No more threads or child processes than at the baseline.

    Worker processes and their watcher threads exit asynchronously after
    close() returns, so give them a few seconds before calling it a leak.
    """
    threads, children = baseline
    deadline = time.monotonic() + settle_s
    while (thread_count() > threads or not child_pids() <= children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert thread_count() <= threads, [thread.name for thread in threading.enumerate()]
    assert child_pids() <= children


@pytest.mark.parametrize("spec", [PROCESS_SPEC, THREAD_SPEC], ids=["processes", "threads"])
def test_open_client_starts_exactly_the_spec_and_computes(spec, process_baseline):
    with open_client(spec) as client:
        workers = client.scheduler_info()["workers"].values()
        assert [w["nthreads"] for w in workers] == [spec.threads_per_worker] * spec.workers
        assert {w["memory_limit"] for w in workers} == {2**30}
        assert client.gather(client.map(abs, [-1, -2, -3], pure=False)) == [1, 2, 3]
        assert dashboard_link(client) is None
    assert_nothing_left(process_baseline)


def _started_with(dask_worker) -> tuple[bool, float, str | None]:
    """A worker's profiler (on or off), its event-loop tick (s), and its malloc trim threshold."""
    import os

    # A private attribute, read only: the tick interval is not exposed otherwise.
    return ("profile" in dask_worker.periodic_callbacks, getattr(dask_worker, "_tick_interval"),
            os.environ.get("MALLOC_TRIM_THRESHOLD_"))


@pytest.mark.parametrize("profiler", [False, True])
def test_local_process_workers_start_tuned_for_cpu_bound_chunks(profiler, process_baseline, monkeypatch):
    # The nannies of a cluster started with Dask's own config leave the variable in this process.
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    spec = ClusterSpec(workers=1, threads_per_worker=1, processes=True, memory_limit="1GiB",
                       profiler=profiler)
    default_interval = sys.getswitchinterval()
    with open_client(spec) as client:
        seen = set(client.run(_started_with).values())
        # The client's event loop gets the GIL back quickly while this thread computes.
        assert sys.getswitchinterval() == CLIENT_SWITCH_INTERVAL_S < default_interval
    assert seen == {(profiler, parse_timedelta(TICK_INTERVAL), None)}
    assert sys.getswitchinterval() == default_interval
    # Nothing leaks out of the block: the caller's own config is Dask's again.
    assert dask.config.get("distributed.admin.tick.interval") != TICK_INTERVAL
    assert "MALLOC_TRIM_THRESHOLD_" in dask.config.get("distributed.nanny.pre-spawn-environ")


def test_thread_workers_keep_the_callers_switch_interval():
    # Their chunks run on this process's GIL: the short interval would apply to them too.
    before = sys.getswitchinterval()
    with open_client(THREAD_SPEC):
        assert sys.getswitchinterval() == before


def test_a_trim_threshold_set_in_the_environment_still_reaches_the_workers(process_baseline, monkeypatch):
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "262144")
    with open_client(ClusterSpec(1, 1, True, "1GiB")) as client:
        assert {trim for _, _, trim in client.run(_started_with).values()} == {"262144"}


def test_thread_counts_stay_within_the_documented_bounds(process_baseline):
    spec = PROCESS_SPEC
    with open_client(spec) as client:
        for _ in range(3):
            client.gather(client.map(abs, range(-20, 0), pure=False))
            counts = worker_thread_counts(client)
            assert len(counts) == spec.workers
            assert max(counts.values()) <= worker_thread_bound(spec.threads_per_worker)
            assert thread_count() <= client_thread_bound(spec.workers, spec.threads_per_worker, spec.processes)
    with open_client(THREAD_SPEC) as client:
        client.gather(client.map(abs, range(-20, 0), pure=False))
        assert thread_count() <= client_thread_bound(THREAD_SPEC.workers, 1, processes=False)
    assert_nothing_left(process_baseline)


@pytest.mark.parametrize("spec", [PROCESS_SPEC, THREAD_SPEC], ids=["processes", "threads"])
@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_an_error_inside_the_block_still_closes_everything(spec, error, process_baseline):
    with pytest.raises(error):
        with open_client(spec) as client:
            client.submit(sum, [1, 2], pure=False).result()
            raise error("stop here")
    assert_nothing_left(process_baseline)


def test_an_unreachable_scheduler_raises_within_the_timeout(process_baseline):
    address = f"tcp://127.0.0.1:{free_port()}"
    spec = ClusterSpec(1, 1, True, "auto", scheduler_address=address, connect_timeout_s=1.5)
    started = time.monotonic()
    with pytest.raises(ClusterError) as raised:
        with open_client(spec):
            pass
    # A generous bound that only a hang breaks: the point is that it returns at all.
    assert time.monotonic() - started < spec.connect_timeout_s + 15
    message = str(raised.value)
    assert message.startswith(f"cannot reach scheduler at {address}: ")
    assert "waited" in message and "\n" not in message
    assert_nothing_left(process_baseline)


def test_tls_files_with_a_plain_tcp_address_are_refused(tmp_path):
    for name in ("ca", "cert", "key"):
        (tmp_path / name).write_text("x")
    spec = ClusterSpec(
        1, 1, True, "auto", scheduler_address="tcp://127.0.0.1:1",
        tls=(str(tmp_path / "ca"), str(tmp_path / "cert"), str(tmp_path / "key")),
    )
    with pytest.raises(ClusterError, match="use tls://host:port"):
        with open_client(spec):
            pass


def test_connecting_to_a_running_scheduler_by_address(process_baseline):
    with open_client(THREAD_SPEC) as local:
        remote = ClusterSpec(1, 1, True, "auto", scheduler_address=local.scheduler.address)
        with open_client(remote) as client:
            assert client.submit(sum, [4, 5], pure=False).result() == 9
            assert len(worker_thread_counts(client)) == THREAD_SPEC.workers
    assert_nothing_left(process_baseline)


def test_check_imports_reports_each_worker_missing_a_module():
    with open_client(PROCESS_SPEC) as client:
        assert check_imports(client, ["json", "cluster"]) == {}
        missing = check_imports(client, ["json", "surely_not_installed_here"])
        assert set(missing) == set(client.scheduler_info()["workers"])
        assert all("surely_not_installed_here" in error for error in missing.values())


def test_a_run_ends_only_once_a_cancelled_task_still_running_has_finished():
    # Python cannot stop a thread: a cancelled step goes on in its worker until it ends, and a
    # cluster closed under it logs heartbeat errors. The block's normal exit waits for it.
    from distributed import wait

    from cluster.connect import _running_threads, wait_until_idle

    with open_client(PROCESS_SPEC) as client:
        started = client.submit(time.sleep, 0, pure=False)
        wait([started])
        napping = client.submit(time.sleep, 2.0, pure=False)
        while not any(client.run(_running_threads).values()):
            time.sleep(0.02)
        client.cancel([napping], force=True)
        assert any(client.run(_running_threads).values())  # cancelled, still running
        assert wait_until_idle(client, 0.1) is False  # not idle within 0.1 s
        began = time.monotonic()
        assert wait_until_idle(client, 30.0) is True
        assert time.monotonic() - began > 0.5 and not any(client.run(_running_threads).values())

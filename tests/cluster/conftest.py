"""Shared helpers for tests that start real LocalClusters."""

import socket

import psutil
import pytest

from cluster import ClusterSpec, open_client, thread_count

PROCESS_SPEC = ClusterSpec(workers=2, threads_per_worker=1, processes=True, memory_limit="1GiB")
THREAD_SPEC = ClusterSpec(workers=2, threads_per_worker=1, processes=False, memory_limit="1GiB")


def child_pids() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


def free_port() -> int:
    """A localhost port with nothing listening on it (closed again at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def process_baseline():
    """Threads and child processes once distributed's process-wide helpers exist.

    distributed starts a shared IO loop thread, one offload thread and
    multiprocessing's resource tracker the first time they are needed and keeps
    them for the life of the process: they are there before any run of ours
    could leak something, so the leak checks compare against this baseline.
    """
    for spec in (THREAD_SPEC, PROCESS_SPEC):
        with open_client(spec) as client:
            client.submit(sum, [1], pure=False).result()
    return thread_count(), child_pids()

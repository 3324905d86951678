"""Thread accounting: how many threads the client and each worker run.

The old design died of ``can't start new thread``; here the counts are bounded
by the cluster's shape and must not grow with candidates, timeouts or rounds.
The bounds below were measured with distributed 2026.8 (Python threads, as
``threading.active_count`` sees them):

Client process, ``T`` threads per worker, ``W`` workers:

- always: 3 process-wide threads that distributed starts once and reuses
  (main thread, its shared "IO loop", the "Dask-Offload" executor thread);
- a LocalCluster adds its own IO loop thread: +1;
- process workers (Nanny): +3 per worker (the multiprocessing queue feeder
  and two process watchers), so ``4 + 3 W``;
- thread workers live in the client process: +``T`` per worker once tasks
  have run, so ``4 + W T``;
- a remote scheduler adds nothing per worker: ``3``.

Worker process: main thread (which runs its event loop), the parent monitor
and the nanny-queue watcher, the Dask-Offload thread, and ``T`` executor
threads: ``4 + T``. A task that starts its own threads (ours never do) would
add to that, which is what ``worker_thread_counts`` is for.
"""

from __future__ import annotations

import threading

from distributed import Client


def thread_count() -> int:
    """Live Python threads in this process.

    >>> thread_count() >= 1
    True
    """
    return threading.active_count()


def client_thread_bound(workers: int, threads_per_worker: int, processes: bool, remote: bool = False) -> int:
    """The most threads the client process should have (see the module docstring).

    >>> client_thread_bound(2, 1, processes=True)
    10
    >>> client_thread_bound(2, 4, processes=False)
    12
    >>> client_thread_bound(64, 1, processes=True, remote=True)
    3
    """
    if remote:
        return 3
    per_worker = 3 if processes else threads_per_worker
    return 4 + per_worker * workers


def worker_thread_bound(threads_per_worker: int) -> int:
    """The most threads one worker process should have (see the module docstring).

    >>> worker_thread_bound(1)
    5
    """
    return 4 + threads_per_worker


def worker_thread_counts(client: Client) -> dict[str, int]:
    """Worker address -> live Python threads in that worker's process.

    Thread workers share the client's process, so each reports that whole
    process's count.
    """
    # A stdlib function ships by reference and needs nothing of ours on the workers.
    return client.run(threading.active_count)

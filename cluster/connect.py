"""Open a Dask client for a ClusterSpec, and close everything it started.

``open_client`` is the only way the project gets a client: it either starts a
``LocalCluster`` with exactly the spec's numbers or connects to the spec's
remote scheduler, and on the way out (normal exit, exception or Ctrl-C) it
closes the client and any cluster it started, so no process or thread of
ours outlives the ``with`` block.

Remote workers must be able to import the project's task code: install it on
every worker machine (``pip install`` the project) rather than shipping files
with ``upload_file``, which reaches only the workers alive at that moment and
is lost when the watchdog restarts one. ``check_imports`` tells which workers
cannot.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from contextlib import contextmanager
from typing import Iterator, Sequence

import dask.config
from distributed import Client, LocalCluster
from distributed.security import Security
from distributed.comm import connect
from distributed.utils import LoopRunner, sync

from cluster.errors import ClusterError
from cluster.spec import ClusterSpec

# Worker and scheduler chatter would drown the run's own output; errors still show.
SILENCE_LOGS = logging.ERROR

# How often the scheduler re-runs a task whose worker died under it. Dask's default (3)
# lets one candidate that kills its worker (a segfault, the memory limit) take down four
# workers in turn, and everything they held; one retry covers a worker lost for other
# reasons. A remote scheduler keeps its own setting (``dask scheduler`` reads
# ``distributed.scheduler.allowed-failures`` from its config).
ALLOWED_FAILURES = 1


@contextmanager
def open_client(spec: ClusterSpec) -> Iterator[Client]:
    """Yield a client for ``spec``: a new LocalCluster, or the remote scheduler.

    Raises ``ClusterError`` when the cluster cannot start or the scheduler
    cannot be reached within ``spec.connect_timeout_s``.

    >>> spec = ClusterSpec(workers=1, threads_per_worker=1, processes=False, memory_limit="auto")
    >>> with open_client(spec) as client:
    ...     client.submit(sum, [1, 2]).result()
    3
    """
    opener = _remote_client if spec.is_remote else _local_client
    # Thread workers would run their chunks under the short interval too: not measured, so not set.
    interval = CLIENT_SWITCH_INTERVAL_S if spec.is_remote or spec.processes else sys.getswitchinterval()
    with switch_interval(interval), opener(spec) as client:
        yield client


# The client's event loop thread (and a LocalCluster's scheduler, which runs on it) shares
# this process's GIL with the caller's thread. While the caller computes (packs a round's
# chunks, writes the store), the loop gets the GIL only after Python's switch interval,
# 5 ms, and needs it back after every socket call, so a graph takes dozens of such waits
# to reach the workers: the engine benchmark's first chunks started 0.2-0.3 s after their
# submission. At 0.5 ms they started within 0.02 s, and in two runs of 6 and 8 alternating
# timings the engine's median rate went from 0.90 of a process pool's to 0.92 and 0.95.
CLIENT_SWITCH_INTERVAL_S = 0.0005


@contextmanager
def switch_interval(seconds: float) -> Iterator[None]:
    """Run the block with Python's thread switch interval at most ``seconds``, then restore it.

    >>> before = sys.getswitchinterval()
    >>> with switch_interval(0.001):
    ...     sys.getswitchinterval()
    0.001
    >>> sys.getswitchinterval() == before
    True
    """
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, seconds))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


# A LocalCluster closes a worker's Nanny when no worker of that name is back this long
# after a removal. The timer of one restart can fire during the next restart of the same
# worker and close its Nanny for good (seen here: two watchdog restarts ~15 s apart);
# nannies bring their workers back themselves, so the timer only needs to outlast a run.
LOST_WORKER_TIMEOUT = "7 days"


# Every Dask server (scheduler, nanny, worker) checks its event loop's health each tick,
# 20 ms by default. In a worker each check takes the GIL from the running task, and on
# a small machine the scheduler's and nannies' checks take CPU from the workers. With
# the profiler off, ticks of 1 s made a busy worker's chunks ~2-3% faster here. A loop
# blocked past ``distributed.admin.tick.limit`` (3 s) is still reported.
TICK_INTERVAL = "1s"


# Dask starts each worker process with MALLOC_TRIM_THRESHOLD_=65536, so that numpy-sized
# buffers go back to the OS. Setting it at all turns off glibc's sliding mmap threshold:
# every allocation over 128 KiB is then a fresh mmap, faulted in page by page, then
# unmapped. Our chunks are many small Python objects and a few such buffers; with the
# setting, the same chunks ran 12-16% slower in a Dask worker than in a plain process,
# and without it as fast. A user who wants trimming sets the variable in the environment,
# which workers inherit.
UNSET_FOR_WORKERS = ("MALLOC_TRIM_THRESHOLD_",)


def local_cluster_config(spec: ClusterSpec) -> dict[str, object]:
    """The dask config a LocalCluster for ``spec`` starts under (its workers inherit it).

    >>> config = local_cluster_config(ClusterSpec(2, 1, True, "auto"))
    >>> config["distributed.worker.profile.enabled"], config["distributed.admin.tick.interval"]
    (False, '1s')
    >>> "MALLOC_TRIM_THRESHOLD_" in config["distributed.nanny.pre-spawn-environ"]
    False
    """
    environ = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    return {"distributed.deploy.lost-worker-timeout": LOST_WORKER_TIMEOUT,
            "distributed.admin.tick.interval": TICK_INTERVAL,
            "distributed.worker.profile.enabled": spec.profiler,
            "distributed.nanny.pre-spawn-environ": {name: value for name, value in environ.items()
                                                    if name not in UNSET_FOR_WORKERS}}


@contextmanager
def _local_client(spec: ClusterSpec) -> Iterator[Client]:
    with dask.config.set(local_cluster_config(spec)):
        with _local_cluster_client(spec) as client:
            yield client


@contextmanager
def _local_cluster_client(spec: ClusterSpec) -> Iterator[Client]:
    try:
        cluster = LocalCluster(
            n_workers=spec.workers,
            threads_per_worker=spec.threads_per_worker,
            processes=spec.processes,
            memory_limit=spec.memory_limit,
            dashboard_address=f":{spec.dashboard_port}" if spec.dashboard else None,
            # The scheduler serves health and metrics over HTTP even without a dashboard, on
            # 8787 by default; a free local port lets several runs share one machine quietly.
            scheduler_kwargs={"allowed_failures": ALLOWED_FAILURES,
                              **({} if spec.dashboard else {"dashboard_address": "127.0.0.1:0"})},
            silence_logs=SILENCE_LOGS,
        )
    except Exception as error:
        raise ClusterError(_start_failure(spec, error)) from error
    try:
        with Client(cluster) as client:
            yield client
            # Only on a normal exit: after Ctrl-C or an error the user wants out at once.
            wait_until_idle(client, IDLE_WAIT_S)
    finally:
        cluster.close()


# A step or chunk the run cancelled goes on in its worker thread (Python cannot stop a
# thread) for up to a step's time budget. Closing the cluster meanwhile, the worker's
# event loop is slowed by that thread holding the GIL, and a heartbeat in flight when the
# worker closes its comms is logged as an ERROR with a traceback (seen once at the end of
# a 3,600 s run: "Failed to communicate with scheduler during heartbeat"). A run ends
# with its workers idle instead, waiting at most this long (a longest step and more).
IDLE_WAIT_S = 20.0


def wait_until_idle(client: Client, timeout_s: float, every_s: float = 0.1) -> bool:
    """Wait until no worker thread runs a task (cancelled ones included); False if ``timeout_s`` passed first.

    >>> spec = ClusterSpec(workers=1, threads_per_worker=1, processes=False, memory_limit="auto")
    >>> with open_client(spec) as client:
    ...     wait_until_idle(client, 5.0)
    True
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            running = client.run(_running_threads)
        except Exception:  # noqa: BLE001 - a cluster already going down has nothing to wait for
            return False
        if not any(running.values()):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(every_s)


def _running_threads(dask_worker) -> int:
    """How many of this worker's threads run a task now (a cancelled one still running counts)."""
    return len(dask_worker.active_threads)


def _start_failure(spec: ClusterSpec, error: Exception) -> str:
    hint = "check the settings above"
    if spec.processes:
        # Worker processes are spawned: a script without a main guard restarts itself in each.
        hint = "if this runs from a script, call it under `if __name__ == '__main__':`"
    return f"could not start {spec.describe()}: {type(error).__name__}: {error}; {hint}"


@contextmanager
def _remote_client(spec: ClusterSpec) -> Iterator[Client]:
    address = spec.scheduler_address
    if spec.tls is not None and not address.startswith("tls://"):
        raise ClusterError(
            f"TLS certificate files were given but the scheduler address {address} "
            "is not tls://; use tls://host:port"
        )
    # Our own event loop thread: a Client that fails to connect does not stop the
    # loop thread it started itself, so each failed attempt would leave one behind.
    loop_runner = LoopRunner(asynchronous=False)
    loop_runner.start()
    try:
        client = _connect(spec, loop_runner)
        with client:
            yield client
    finally:
        loop_runner.stop()


def _connect(spec: ClusterSpec, loop_runner: LoopRunner) -> Client:
    """Probe the scheduler, then connect; every failure becomes a one-line ClusterError.

    The probe exists because a ``Client`` that fails to connect keeps a claim on
    the event loop it was given, so its thread would outlive us; a probe on our
    own loop fails cleanly instead.
    """
    started = time.monotonic()
    security = _security(spec) or Security()
    try:
        sync(loop_runner.loop, _probe, spec.scheduler_address, spec.connect_timeout_s, security)
        return Client(
            spec.scheduler_address,
            security=security,
            timeout=spec.connect_timeout_s,
            loop=loop_runner.loop,
        )
    except Exception as error:  # refused, timed out, TLS mismatch, or not a Dask scheduler at all
        waited = time.monotonic() - started
        raise ClusterError(
            f"cannot reach scheduler at {spec.scheduler_address}: {_reason(error)} "
            f"(waited {waited:.0f} s); check the address and that the scheduler is running"
        ) from None


async def _probe(address: str, timeout_s: float, security: Security) -> None:
    """Open and close one connection to ``address``, with Dask's handshake."""
    comm = await connect(address, timeout=timeout_s, **security.get_connection_args("client"))
    await comm.close()


def _security(spec: ClusterSpec) -> Security | None:
    """TLS settings from the spec's files; None means dask config's own TLS settings."""
    if spec.tls is None:
        return None
    return Security(
        tls_ca_file=spec.tls.ca_file,
        tls_client_cert=spec.tls.cert_file,
        tls_client_key=spec.tls.key_file,
        require_encryption=True,
    )


def _reason(error: BaseException) -> str:
    """The most specific cause of a connection failure, on one line.

    Dask wraps the real cause ("Connection refused", "Name or service not
    known") in a generic "Timed out trying to connect".

    >>> try:
    ...     try:
    ...         raise ConnectionRefusedError(111, "Connection refused")
    ...     except OSError as cause:
    ...         raise OSError("Timed out trying to connect") from cause
    ... except OSError as error:
    ...     _reason(error)
    '[Errno 111] Connection refused'
    """
    chain = []
    while error is not None and len(chain) < 10:
        chain.append(error)
        error = error.__cause__ or error.__context__
    specific = [e for e in chain if str(e).strip() and not isinstance(e, asyncio.CancelledError)]
    text = str(specific[-1] if specific else chain[0]).strip()
    return text.splitlines()[0] if text else type(chain[0]).__name__


def dashboard_link(client: Client) -> str | None:
    """The dashboard's URL, or None when the scheduler serves no dashboard.

    The scheduler's HTTP server runs either way (health, metrics); the
    dashboard is there only when bokeh is installed where the scheduler runs
    and the dashboard was asked for.
    """
    serves_dashboard = client.run_on_scheduler(_serves_dashboard_function())
    return client.dashboard_link if serves_dashboard else None


def _serves_dashboard_function():
    """Built here so cloudpickle ships it by value (see ``_import_each_function``)."""

    def serves_dashboard(dask_scheduler) -> bool:
        # The bokeh dashboard registers itself as an extra application on the HTTP server.
        application = getattr(dask_scheduler, "http_application", None)
        return bool(getattr(application, "applications", None))

    return serves_dashboard


def check_imports(client: Client, modules: Sequence[str]) -> dict[str, str]:
    """Worker address -> error, for each worker that cannot import all of ``modules``.

    Empty when every worker can; remote workers need the project installed.

    >>> spec = ClusterSpec(workers=1, threads_per_worker=1, processes=False, memory_limit="auto")
    >>> with open_client(spec) as client:
    ...     list(check_imports(client, ["json", "no_such_module_here"]).values())
    ["ModuleNotFoundError: No module named 'no_such_module_here'"]
    """
    outcomes = client.run(_import_each_function(), list(modules), on_error="return")
    return {
        worker: f"{type(outcome).__name__}: {outcome}"
        for worker, outcome in outcomes.items()
        if isinstance(outcome, BaseException)
    }


def _import_each_function():
    """A function that imports each named module, built here so it ships by value.

    cloudpickle sends module-level functions by reference, which would make the
    worker import this package: exactly what may be missing there.
    """

    def import_each(names: list[str]) -> None:
        import importlib

        for name in names:
            importlib.import_module(name)

    return import_each

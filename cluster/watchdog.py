"""Find tasks stuck past a hard deadline, and restart the workers running them.

Dask cannot stop a running task, and the in-task budget cannot interrupt a
long call into C. The backstop is to restart the worker process through its
Nanny. What the scheduler knows: every worker heartbeat (each 0.5 s on small
clusters) reports how long each of its tasks has been executing. A worker whose
heartbeats stopped (a C call holding the GIL blocks its event loop) is still
counted correctly: the time since its last heartbeat is added.

Nothing here starts a thread: ``stuck()`` is one quick call to the scheduler,
made from the caller's own collection loop.

The caller's order of work (the engine's):

1. poll ``stuck()`` every 0.1-0.5 s while futures are outstanding;
2. gather every finished result first (a restart drops results held on the
   restarted worker);
3. ``restart(sorted({s.worker for s in stuck}))``; by default this cancels
   the stuck tasks first, so the scheduler does not re-run them elsewhere;
   their futures end ``cancelled``: record their candidates as ``worker_lost``.
   Other unfinished tasks on a restarted worker are re-run by the scheduler.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Hashable, Sequence

from distributed import Client, Future

from cluster.errors import ClusterError

# Shown as StuckTask.key for a task still running on a worker after its future
# was released (e.g. cancelled at the round deadline): the scheduler forgot its key.
RELEASED_TASK = "<released task>"

# Polling period of the bounded waits below.
POLL_S = 0.1


@dataclass(frozen=True)
class StuckTask:
    """A task that has been executing on ``worker`` for ``seconds`` (past the hard deadline).

    >>> StuckTask("tcp://127.0.0.1:4000", "chunk-7", 12.5).seconds
    12.5
    """

    worker: str
    key: Hashable
    seconds: float


class Watchdog:
    """Reports tasks running longer than ``hard_deadline_s`` and restarts their workers.

    ``restart_timeout_s`` bounds each restart: the Nanny's kill, then the wait
    until the cluster has its worker count back.
    """

    def __init__(self, client: Client, hard_deadline_s: float, restart_timeout_s: float = 60.0) -> None:
        if not hard_deadline_s > 0:
            raise ClusterError(f"hard_deadline_s must be > 0 seconds (got {hard_deadline_s!r})")
        self.client = client
        self.hard_deadline_s = float(hard_deadline_s)
        self.restart_timeout_s = float(restart_timeout_s)
        # worker -> monotonic time since which it has been running released tasks.
        self._released_since: dict[str, float] = {}

    # ---- detection

    def stuck(self) -> list[StuckTask]:
        """Tasks executing for longer than the hard deadline, longest first."""
        workers = self._snapshot()
        found = [
            StuckTask(address, key, seconds)
            for address, state in workers.items()
            for key, seconds in _stuck_keys(state, self.hard_deadline_s).items()
        ]
        found += self._released_stuck(workers)
        # A silent worker with nothing assigned still runs something: a task released
        # while it held the GIL, so no heartbeat could report the release.
        found += [StuckTask(address, RELEASED_TASK, state["silent_s"]) for address, state in workers.items()
                  if not state["processing"] and _silent_past(state, self.hard_deadline_s)
                  and not any(task.worker == address for task in found)]
        return sorted(found, key=lambda task: -task.seconds)

    def _released_stuck(self, workers: dict[str, dict[str, Any]]) -> list[StuckTask]:
        """Workers that have run released tasks continuously past the deadline.

        The scheduler has no key or start time for them; this watchdog times
        them from the first poll that saw them, so it needs regular polling.
        """
        now = time.monotonic()
        running = {address for address, state in workers.items() if state["released_running"]}
        self._released_since = {
            address: self._released_since.get(address, now) for address in running
        }
        return [
            StuckTask(address, RELEASED_TASK, now - since)
            for address, since in self._released_since.items()
            if now - since > self.hard_deadline_s
        ]

    def _snapshot(self) -> dict[str, dict[str, Any]]:
        return self.client.run_on_scheduler(_scheduler_snapshot_function())

    # ---- restart

    @property
    def hard_stops_available(self) -> bool:
        """True when every worker runs under a Nanny, so that it can be restarted."""
        workers = self._snapshot()
        return bool(workers) and all(state["nanny"] for state in workers.values())

    def restart(self, workers: Sequence[str], *, cancel_stuck: bool = True) -> None:
        """Restart ``workers`` through their Nannies and wait until the cluster is whole again.

        With ``cancel_stuck`` (the default) the tasks stuck on those workers are
        cancelled first; otherwise the scheduler re-runs them on another worker,
        where they would hang again. Raises ``ClusterError`` when a worker has
        no Nanny, or when the workers are not back within ``restart_timeout_s``.
        """
        before = self._snapshot()
        targets = [address for address in dict.fromkeys(workers) if address in before]
        if not targets:
            return  # already gone: the scheduler replaced or removed them
        _require_nannies(targets, before)
        if cancel_stuck:
            self._cancel_stuck_on(targets, before)
        deadline = time.monotonic() + self.restart_timeout_s
        try:
            self.client.restart_workers(targets, timeout=self.restart_timeout_s, raise_for_error=False)
        except Exception as error:
            raise ClusterError(f"restarting {', '.join(targets)} failed: {type(error).__name__}: {error}") from error
        self._wait_until_replaced(targets, before, deadline)

    def _cancel_stuck_on(self, targets: Sequence[str], workers: dict[str, dict[str, Any]]) -> None:
        keys = [key for address in targets for key in _stuck_keys(workers[address], self.hard_deadline_s)]
        if not keys:
            return
        self.client.cancel([Future(key, self.client) for key in keys], force=True)
        # Cancelling travels on another connection than the restart: make sure the
        # scheduler has dropped the keys before the restart makes it reschedule them.
        _wait_for(
            lambda: not self.client.run_on_scheduler(_known_keys_function(), keys),
            time.monotonic() + 5.0,
        )

    def _wait_until_replaced(self, targets: Sequence[str], before: dict[str, dict[str, Any]], deadline: float) -> None:
        old_ids = {before[address]["server_id"] for address in targets}

        def replaced() -> bool:
            now = self._snapshot()
            gone = all(state["server_id"] not in old_ids for state in now.values())
            return gone and len(now) >= len(before)

        if not _wait_for(replaced, deadline):
            have = len(self._snapshot())
            raise ClusterError(
                f"restarted {len(targets)} worker(s) but the cluster has {have} of {len(before)} workers "
                f"after {self.restart_timeout_s:g} s; check the workers' logs (memory limit, crashes) "
                "or raise restart_timeout_s"
            )


def _require_nannies(targets: Sequence[str], workers: dict[str, dict[str, Any]]) -> None:
    without = [address for address in targets if not workers[address]["nanny"]]
    if without:
        raise ClusterError(
            f"hard stops are unavailable: worker(s) {', '.join(without)} run without a Nanny "
            "(thread workers, processes=False, or `dask worker --no-nanny`), so a stuck task "
            "cannot be stopped; use process workers (--processes) for hard stops"
        )


def _stuck_keys(state: dict[str, Any], hard_deadline_s: float) -> dict[Hashable, float]:
    """Key -> seconds executing, for one worker's tasks past the deadline.

    A task's time is the last heartbeat's figure plus the time since that
    heartbeat. A worker silent for longer than the deadline (and than a few
    heartbeat periods) has its event loop blocked, typically by a C call holding
    the GIL; if that task started after its last heartbeat, the scheduler has
    no time for it, so every task assigned to that worker counts as stuck.

    >>> state = {"silent_s": 0.2, "heartbeat_s": 0.5, "executing": {"a": 3.0, "b": 0.1},
    ...          "processing": ["a", "b", "c"]}
    >>> _stuck_keys(state, hard_deadline_s=2.0)
    {'a': 3.2}
    >>> _stuck_keys({**state, "silent_s": 4.0, "executing": {}}, hard_deadline_s=2.0)
    {'a': 4.0, 'b': 4.0, 'c': 4.0}
    """
    silent = state["silent_s"]
    stuck = {
        key: seconds + silent
        for key, seconds in state["executing"].items()
        if seconds + silent > hard_deadline_s
    }
    if _silent_past(state, hard_deadline_s):
        stuck.update({key: silent for key in state["processing"] if key not in stuck})
    return stuck


def _silent_past(state: dict[str, Any], hard_deadline_s: float) -> bool:
    """True when a worker's heartbeats stopped for longer than the deadline and a few periods.

    >>> _silent_past({"silent_s": 4.0, "heartbeat_s": 0.5}, 2.0), _silent_past({"silent_s": 1.2, "heartbeat_s": 0.5}, 1.0)
    (True, False)
    """
    return state["silent_s"] > max(hard_deadline_s, 3 * state["heartbeat_s"])


def _wait_for(condition, deadline: float) -> bool:
    """Poll ``condition`` until it holds (True) or ``deadline`` passes (False)."""
    while True:
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_S)


# Functions that run on the scheduler are built inside factories so cloudpickle
# ships them by value: a remote scheduler need not have this project installed.


def _scheduler_snapshot_function():
    def scheduler_snapshot(dask_scheduler) -> dict[str, dict[str, Any]]:
        from distributed.metrics import time as scheduler_time
        from distributed.scheduler import heartbeat_interval

        now = scheduler_time()
        heartbeat_s = heartbeat_interval(len(dask_scheduler.workers))
        known = dask_scheduler.tasks

        def current(task) -> bool:
            # A task the scheduler has forgotten may linger in a silent worker's state until
            # that worker speaks again: it is a released task, not one with a key to report.
            return known.get(task.key) is task

        return {
            address: {
                "nanny": worker.nanny,
                "server_id": worker.server_id,
                "heartbeat_s": heartbeat_s,
                "silent_s": max(0.0, now - worker.last_seen),
                "executing": {task.key: seconds for task, seconds in worker.executing.items() if current(task)},
                "processing": [task.key for task in worker.processing if current(task)],
                # Tasks whose futures were released while running stay "cancelled" on the worker.
                "released_running": worker.metrics.get("task_counts", {}).get("cancelled", 0)
                + sum(not current(task) for task in worker.executing),
            }
            for address, worker in dask_scheduler.workers.items()
        }

    return scheduler_snapshot


def _known_keys_function():
    def known_keys(keys, dask_scheduler) -> list:
        return [key for key in keys if key in dask_scheduler.tasks]

    return known_keys

"""Collect a round's futures under its deadline, keeping every finished result.

The client polls ``as_completed`` without blocking, so between results it can
check the deadline and the watchdog; nothing here starts a thread. Each
finished chunk is handed to ``on_chunk`` as it arrives (the search's store
writer commits it within half a second), so a crash loses at most the chunks
in flight and that half second.

A round's graph may grow while it runs: ``RoundCollector.submit_then`` adds a
future (a task's candidate generation) whose result becomes more chunks, so
evaluation of one task starts as soon as its candidates exist.

Chunks that never come back end as one outcome for all their candidates:
``timeout`` (still running when the round was cut), ``worker_lost`` (its
worker died, or the watchdog restarted it), or ``cancelled`` (the chunk's own
code failed outside any candidate: a bug, listed in ``RoundOutcome.problems``).

A lost scheduler is not a lost chunk: Dask cancels every future of the client
at once, so nothing more of the round can come back. The collector raises
``SchedulerLost`` and records nothing for what was in flight; those chunks
are not committed, and ``--resume`` runs them.
"""

from __future__ import annotations

import logging
import time
from asyncio import CancelledError
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import dask
from distributed import Client, Future, as_completed

from cluster.watchdog import RELEASED_TASK
from graphs.engine.round import ChunkOutput, ChunkRef, RoundPlan, RoundSettings, TaskSummary, summarise_task
from graphs.engine.shared import SharedOnWorkers
from tasks.running.evaluate import CandidateResult
from tasks.data.outcomes import CANCELLED, TIMEOUT, WORKER_LOST

OnChunk = Callable[[ChunkRef, ChunkOutput], None]

# The reason Dask gives every future it cancels when the client loses its scheduler.
CONNECTION_LOST = "scheduler-connection-lost"


class SchedulerLost(Exception):
    """The client lost its scheduler mid-round; the message names it and what to do."""


class ConnectionLossNoise(logging.Filter):
    """Drops Dask's log lines about a scheduler loss the collector itself reports in one line.

    When the scheduler goes, ``as_completed`` may fail to fetch a finished
    future's result (tornado logs "Exception in callback ... _track_future"
    with ``CommClosedError``; the collector sees the loss through the futures'
    states anyway). Once a ``SchedulerLost`` is raised (``loss_reported``),
    closing the client, which is still trying to reconnect, logs the
    reconnect's ``CancelledError``, "Failed to reconnect to scheduler", and
    the tracking's failures to fetch from a closed pool: those would repeat
    the one line as tracebacks.
    """

    def __init__(self) -> None:
        super().__init__()
        self.loss_reported = False

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.name == "tornado.application":
            tracking = error is not None and "as_completed._track_future" in record.getMessage()
            return not (tracking and (self.loss_reported or type(error).__name__ == "CommClosedError"))
        if not self.loss_reported:
            return True
        return not (isinstance(error, CancelledError)
                    or record.getMessage().startswith("Failed to reconnect to scheduler"))


_NOISE = ConnectionLossNoise()


def quiet_connection_loss_noise() -> None:
    """Install ``ConnectionLossNoise`` on the loggers it concerns (once per process)."""
    for name in ("tornado.application", "distributed.client"):
        logger = logging.getLogger(name)
        if _NOISE not in logger.filters:
            logger.addFilter(_NOISE)


def scheduler_gone(client: Client, result: Any = None) -> bool:
    """Whether the client has lost its scheduler (or ``result`` is a future cancelled by that loss).

    Dask marks the client "connecting" while it tries to reconnect, then
    "closed" when it gives up; every future it had is cancelled either way.
    """
    if isinstance(result, CancelledError) and getattr(result, "reason", None) == CONNECTION_LOST:
        return True
    return client.status in ("connecting", "closing", "closed")


def lost_scheduler_error(address: str, round_index: int, cause: str) -> SchedulerLost:
    """The one-line error for a scheduler lost mid-round.

    >>> print(lost_scheduler_error("tcp://10.0.0.1:8786", 2, "connection closed"))
    lost the scheduler at tcp://10.0.0.1:8786 in round 2 (connection closed): the chunks in flight are gone, every committed chunk is in the store; start a scheduler and workers there and run again with --resume
    """
    return SchedulerLost(f"lost the scheduler at {address} in round {round_index} ({cause}): the "
                         "chunks in flight are gone, every committed chunk is in the store; start a "
                         "scheduler and workers there and run again with --resume")

# How often the collection loop wakes when nothing is ready, and how often it
# asks the scheduler about stuck tasks (each ask is a round trip).
POLL_S = 0.02
WATCH_EVERY_S = 0.5

# How long a round that stops early waits for its cancelled futures to come back.
ABANDON_WAIT_S = 5.0


@dataclass
class RoundOutcome:
    """What a round produced: every chunk's output, lost ones included, and task summaries."""

    round_index: int
    outputs: dict[str, ChunkOutput] = field(default_factory=dict)
    chunks: dict[str, ChunkRef] = field(default_factory=dict)
    summaries: dict[str, TaskSummary] = field(default_factory=dict)
    wall_s: float = 0.0
    cut_after_s: float | None = None
    restarted_workers: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    other_busy: Counter = field(default_factory=Counter)
    chunk_size: int | None = None
    late_growers: list[str] = field(default_factory=list)  # keys of generations out at the cut

    def outcome_counts(self) -> Counter:
        """Candidates by outcome over the whole round."""
        return Counter(r.outcome for output in self.outputs.values() for r in output.results)

    def busy_by_worker(self) -> dict[str, float]:
        """Seconds each worker spent on this round: chunks, and work such as generation."""
        busy: Counter = Counter(self.other_busy)
        for output in self.outputs.values():
            if output.worker != LOST:
                busy[output.worker] += output.busy_s
        return dict(busy)

    def results(self) -> dict[tuple[str, str], CandidateResult]:
        """Every candidate's result, keyed by (task id, candidate id)."""
        return {(self.chunks[key].task_id, r.candidate_id): r
                for key, output in self.outputs.items() for r in output.results}


LOST = "none"


def lost_chunk(chunk: ChunkRef, outcome: str) -> ChunkOutput:
    """The output recorded for a chunk that never came back: every candidate gets ``outcome``.

    >>> lost_chunk(ChunkRef("k", "t", 0, ("a", "b")), "timeout").results[1].outcome
    'timeout'
    """
    return ChunkOutput(tuple(CandidateResult(cid, outcome, 0.0) for cid in chunk.candidate_ids),
                       LOST, 0.0)


def value_arrived(future: Future, result: Any) -> bool:
    """Did ``as_completed`` bring the task's value (not an error or a cancellation)?

    The future's status alone does not say: a worker that leaves just after
    its value was gathered makes the scheduler mark the key lost, and the
    status reads "lost" (or "pending") while the value is already here.
    Errors come as ``(type, exception, traceback)``, cancellations as the
    exception itself.

    >>> class Lost:
    ...     status = "lost"
    >>> value_arrived(Lost(), ("a", "value")), value_arrived(Lost(), CancelledError("k"))
    (True, False)
    """
    if future.status == "finished":
        return True
    if isinstance(result, BaseException):
        return False
    return not (isinstance(result, tuple) and len(result) == 3 and isinstance(result[1], BaseException))


def _is_worker_loss(error: BaseException) -> bool:
    from distributed.scheduler import KilledWorker

    return isinstance(error, (KilledWorker, OSError)) or type(error).__name__ == "CommClosedError"


def collect_until(pending: as_completed, deadline: float, take: Callable[[Future, Any], None],
                  on_idle: Callable[[], None] | None = None) -> bool:
    """Hand each finished (future, result) to ``take`` until none is left or ``deadline`` passes.

    Polls without blocking, calling ``on_idle`` between polls, so the caller
    keeps control of the clock. Returns True when every future came back.
    """
    while not pending.is_empty():
        batch = pending.next_batch(block=False)
        for future, result in batch:
            take(future, result)
        if batch:
            continue
        if time.time() >= deadline:
            return False
        if on_idle is not None:
            on_idle()
        time.sleep(POLL_S)
    return True


class RoundCollector:
    """One round in flight: what was submitted, what came back, and what to do at the deadline.

    ``deadline`` (epoch seconds) is the round's; chunks stop starting
    candidates then, and the collector waits ``settings.grace_s`` more before
    cutting. ``watchdog`` (a ``cluster.Watchdog``) is asked every half second
    for tasks executing past the hard timeout; their chunks are recorded as
    ``worker_lost``, finished results are collected, then their workers
    restart. Without one, a stuck task is only cut at the deadline.
    ``on_idle`` is called at every poll that found nothing (a batching store
    writer commits what has waited long enough). ``shared`` puts on the workers
    what a plan's chunks name by content id, once per worker: the run's, kept
    across its rounds; without one the collector has its own, released when
    its round is collected. ``keep_growers``: generations still out at the
    cut are left running (``outcome.late_growers``) for their owner to take
    into the next round, not cancelled.
    """

    def __init__(self, client: Client, round_index: int, settings: RoundSettings, deadline: float,
                 on_chunk: OnChunk | None = None, watchdog: Any = None,
                 on_idle: Callable[[], None] | None = None,
                 shared: SharedOnWorkers | None = None, keep_growers: bool = False) -> None:
        self.client = client
        self.keep_growers = keep_growers
        self.shared = SharedOnWorkers() if shared is None else shared
        self._owns_shared = shared is None
        self.settings = settings
        self.deadline = deadline
        self.on_chunk = on_chunk
        self.watchdog = watchdog
        self.on_idle = on_idle
        self.outcome = RoundOutcome(round_index, chunk_size=settings.chunk_size)
        self.futures: dict[str, Future] = {}
        self.growers: dict[str, Callable[[Any], RoundPlan | None]] = {}
        self.on_grown: Callable[[], None] | None = None  # after each grower, however it ended
        self.watched: dict[str, Future] = {}
        self.pending = as_completed([], loop=client.loop, with_results=True, raise_errors=False)
        self._last_watch = time.time()
        quiet_connection_loss_noise()
        scheduler = getattr(client, "scheduler", None)
        self.address = getattr(scheduler, "address", None) or "the client's scheduler"

    # -- submitting

    def _lost(self, cause: str) -> SchedulerLost:
        return lost_scheduler_error(self.address, self.outcome.round_index, cause)

    def _check_scheduler(self, result: Any = None, cause: str = "connection closed") -> None:
        """Raise ``SchedulerLost`` if the client lost its scheduler."""
        if scheduler_gone(self.client, result):
            _NOISE.loss_reported = True
            raise self._lost(cause)

    def _compute(self, graph: Any) -> Any:
        try:
            return self.client.compute(graph, optimize_graph=False)
        except Exception as error:  # a closed client refuses new work
            self._check_scheduler(cause=f"{type(error).__name__}: {error}")
            raise

    def _track(self, futures: list[Future]) -> None:
        self.futures.update((future.key, future) for future in futures)
        self.pending.update(futures)

    def share(self, items: Mapping[str, Any]) -> None:
        """Put ``items`` (ref -> task or differ) on every worker, present and future, unless shared."""
        try:
            self.shared.share(self.client, items)
        except Exception as error:  # a closed client refuses plugins as it refuses work
            self._check_scheduler(cause=f"{type(error).__name__}: {error}")
            raise

    def submit(self, plan: RoundPlan) -> None:
        """Put what the plan's chunks share on the workers, then compute the chunks; their results
        are collected with the rest."""
        self.share(plan.shared)
        for chunk in plan.chunks:
            self.outcome.chunks[chunk.key] = chunk
        self._track(self._compute(list(plan.chunk_outputs)))

    def submit_then(self, node: dask.delayed | Future, then: Callable[[Any], RoundPlan | None],
                    watch_also: Future | None = None) -> None:
        """Compute ``node`` (or take its future); when it finishes, submit the plan ``then`` makes of its result.

        A result with ``worker`` and ``busy_s`` attributes counts towards that
        worker's busy time. ``watch_also``: a future the node depends on that
        someone else holds (a task's enumeration step); stuck past the hard
        timeout, it is cancelled and its worker restarted like the node itself.
        """
        future = node if isinstance(node, Future) else self._compute(node)
        self.growers[future.key] = then
        if watch_also is not None:
            self.watched[watch_also.key] = watch_also
        self._track([future])

    # -- collecting

    def record(self, key: str, output: ChunkOutput) -> None:
        """Keep a chunk's output (the first one recorded wins) and hand it on."""
        if key in self.outcome.outputs:
            return
        self.outcome.outputs[key] = output
        if self.on_chunk is not None:
            self.on_chunk(self.outcome.chunks[key], output)

    def take(self, future: Future, result: Any) -> None:
        key = future.key
        arrived = value_arrived(future, result)
        if not arrived:
            self._check_scheduler(result)
        if key in self.growers:
            then = self.growers.pop(key)
            if arrived:
                if hasattr(result, "busy_s"):
                    self.outcome.other_busy[result.worker] += result.busy_s
                plan = then(result)
                if plan is not None:
                    self.submit(plan)
            else:
                self.outcome.problems.append(f"{key} did not finish: {_error_text(result)}")
            self._grown()
            return
        if key not in self.outcome.chunks:
            return
        if arrived:
            self.record(key, result)
            return
        chunk = self.outcome.chunks[key]
        if future.status == "error":
            error = result[1] if isinstance(result, tuple) else result
            if _is_worker_loss(error):
                self.record(key, lost_chunk(chunk, WORKER_LOST))
            else:
                self.outcome.problems.append(f"chunk {key} failed: {_error_text(result)}")
                self.record(key, lost_chunk(chunk, CANCELLED))
        else:
            self.record(key, lost_chunk(chunk, CANCELLED))

    def collect(self) -> RoundOutcome:
        """Collect until everything came back or the deadline (plus grace) passed; then cut."""
        start = time.time()
        try:
            if not collect_until(self.pending, self.deadline + self.settings.grace_s, self.take,
                                 self._watch):
                self.outcome.cut_after_s = time.time() - start
            self._cut()
        except BaseException:
            self._abandon()
            raise
        finally:
            self.watched.clear()  # held by their owner (the banks), not by a finished round
            if self._owns_shared:
                self.shared.release(self.client)
        self._summarise()
        self.outcome.wall_s = time.time() - start
        return self.outcome

    # -- stuck tasks and the deadline

    def _ours(self, key: Any) -> str | None:
        """``key`` if it is one of this round's chunks."""
        return key if key in self.outcome.chunks else None

    def _watch(self) -> None:
        self._check_scheduler()
        if self.on_idle is not None:
            self.on_idle()
        if self.watchdog is None or time.time() - self._last_watch < WATCH_EVERY_S:
            return
        self._last_watch = time.time()
        try:
            self._restart_stuck()
        except OSError as error:  # Dask's comm errors; the scheduler's loss is the one we expect
            self._check_scheduler(cause=f"{type(error).__name__}: {error}")
            raise

    def _restart_stuck(self) -> None:
        """Record stuck chunks as worker_lost, keep what finished, restart their workers.

        A stuck generation costs its task this round's candidates. A task
        still running after its future was released (cut in an earlier round)
        is stuck too: its worker restarts, with nothing left to record.
        """
        stuck = [s for s in self.watchdog.stuck()
                 if self._ours(s.key) or s.key in self.growers or s.key in self.watched
                 or s.key == RELEASED_TASK]
        if not stuck:
            return
        for task in stuck:
            key = self._ours(task.key)
            if key is not None:
                self.record(key, lost_chunk(self.outcome.chunks[key], WORKER_LOST))
            elif task.key in self.growers:
                del self.growers[task.key]
                self._grown()
                key = task.key
                self.outcome.problems.append(f"{key} was stuck past the hard timeout: its worker "
                                             "restarts and the task gets no candidates this round")
            elif task.key in self.watched:
                key = task.key
                self.outcome.problems.append(f"{key} was stuck past the hard timeout: its worker "
                                             "restarts and the task's enumeration starts again")
            future = self.futures.get(key) or self.watched.get(key)
            if future is not None:
                self.client.cancel([future], force=True)
        self._drain()
        workers = sorted({task.worker for task in stuck})
        try:
            self.watchdog.restart(workers)
            self.outcome.restarted_workers.extend(workers)
        except Exception as error:  # a failed restart must not lose the round's results
            self.outcome.problems.append(f"could not restart {', '.join(workers)}: {error}")

    def _grown(self) -> None:
        if self.on_grown is not None:
            self.on_grown()

    def _drain(self) -> None:
        for future, result in self.pending.next_batch(block=False):
            self.take(future, result)

    def _cut(self) -> None:
        """After the deadline and its grace: keep what finished, record the rest as timed out.

        A chunk still executing now is stuck in code that ignores its budget;
        the watchdog restarts its worker once it has run past the hard
        timeout (the next round's polls see it as a released task).
        """
        self._drain()
        # Chunks cut because the scheduler went away are not the round's timeouts.
        self._check_scheduler(cause="no reply before the round's deadline")
        for key, chunk in self.outcome.chunks.items():
            if key not in self.outcome.outputs:
                self.record(key, lost_chunk(chunk, TIMEOUT))
        late = list(self.growers)
        self.outcome.late_growers = late
        if late and self.keep_growers:
            self.outcome.problems.append(f"{len(late)} generation tasks still running at the deadline "
                                         "go on into the next round")
        elif late:
            self.outcome.problems.append(f"{len(late)} generation tasks missed the deadline")
        kept = set(late) if self.keep_growers else set()
        unfinished = [future for key, future in self.futures.items() if not future.done() and key not in kept]
        if unfinished:
            self.client.cancel(unfinished, force=True)

    def _abandon(self) -> None:
        """The round stops early (Ctrl-C, a full disk, a lost scheduler): let go of its futures.

        Every future still out is cancelled, then the collector waits (briefly)
        for ``as_completed`` to hand them back, so no tracking of ours is left
        to fail, and log a traceback, when the client closes.
        """
        if scheduler_gone(self.client):
            return  # a lost scheduler took every future with it; nothing more comes back
        try:
            unfinished = [future for future in self.futures.values() if not future.done()]
            if unfinished:
                self.client.cancel(unfinished, force=True)
            collect_until(self.pending, time.time() + ABANDON_WAIT_S, lambda future, result: None)
        except Exception:  # letting go must never hide why the round stopped
            pass

    def _summarise(self) -> None:
        """Reduce each task's chunk outputs (lost chunks included) to its summary."""
        by_task: dict[str, list[ChunkOutput]] = {}
        for key, output in self.outcome.outputs.items():
            by_task.setdefault(self.outcome.chunks[key].task_id, []).append(output)
        for task_id, outputs in by_task.items():
            self.outcome.summaries[task_id] = summarise_task(task_id, outputs)


def _error_text(result: Any) -> str:
    error = result[1] if isinstance(result, tuple) and len(result) > 1 else result
    return f"{type(error).__name__}: {error}"


def collect_round(client: Client, plan: RoundPlan, settings: RoundSettings,
                  on_chunk: OnChunk | None = None, watchdog: Any = None,
                  shared: SharedOnWorkers | None = None) -> RoundOutcome:
    """Submit a whole plan, collect it under its deadline, and return every chunk's output."""
    collector = RoundCollector(client, plan.round_index, settings, plan.deadline, on_chunk, watchdog,
                               shared=shared)
    collector.submit(plan)
    return collector.collect()

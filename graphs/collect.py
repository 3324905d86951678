"""Collect a round's futures under its deadline, keeping every finished result.

The client polls ``as_completed`` without blocking, so between results it can
check the deadline and the watchdog; nothing here starts a thread. Each
finished chunk is handed to ``on_chunk`` as it arrives (the store writes it at
once), so a crash loses at most the chunks in flight.

Chunks that never come back end as one outcome for all their candidates:
``timeout`` (still running when the round was cut), ``worker_lost`` (its
worker died, or the watchdog restarted it), or ``cancelled`` (the chunk's own
code failed outside any candidate: a bug, reported on stderr).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from distributed import Client, Future, as_completed

from cluster.watchdog import RELEASED_TASK, Watchdog

from graphs.round import ChunkOutput, ChunkRef, RoundPlan, RoundSettings, TaskSummary, summarise_task
from tasks.evaluate import CandidateResult
from tasks.outcomes import CANCELLED, TIMEOUT, WORKER_LOST

OnChunk = Callable[[ChunkRef, ChunkOutput], None]

# How often the collection loop wakes when nothing is ready, and how often it
# asks the scheduler about stuck tasks (each ask is a round trip).
POLL_S = 0.02
WATCH_EVERY_S = 0.5


@dataclass
class RoundOutcome:
    """What a round produced: every chunk's output, lost ones included, and task summaries."""

    round_index: int
    outputs: dict[str, ChunkOutput] = field(default_factory=dict)
    summaries: dict[str, TaskSummary] = field(default_factory=dict)
    wall_s: float = 0.0
    cut_after_s: float | None = None
    restarted_workers: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def outcome_counts(self) -> Counter:
        """Candidates by outcome over the whole round."""
        return Counter(r.outcome for output in self.outputs.values() for r in output.results)

    def busy_by_worker(self) -> dict[str, float]:
        """Seconds each worker spent on this round's chunks."""
        busy: Counter = Counter()
        for output in self.outputs.values():
            busy[output.worker] += output.busy_s
        return dict(busy)


def lost_chunk(chunk: ChunkRef, outcome: str) -> ChunkOutput:
    """The output recorded for a chunk that never came back: every candidate gets ``outcome``.

    >>> lost_chunk(ChunkRef("k", "t", 0, ("a", "b")), "timeout").results[1].outcome
    'timeout'
    """
    return ChunkOutput(tuple(CandidateResult(cid, outcome, 0.0) for cid in chunk.candidate_ids),
                       "none", 0.0)


def _is_worker_loss(error: BaseException) -> bool:
    from distributed.scheduler import KilledWorker

    return isinstance(error, (KilledWorker, OSError)) or type(error).__name__ == "CommClosedError"


class _Collector:
    """The state of one round's collection loop (private to ``collect_round``)."""

    def __init__(self, plan: RoundPlan, on_chunk: OnChunk | None) -> None:
        self.plan = plan
        self.on_chunk = on_chunk
        self.chunks = {chunk.key: chunk for chunk in plan.chunks}
        self.evaluate_keys = {"evaluate-" + key.removeprefix("differ-"): key for key in self.chunks}
        self.outcome = RoundOutcome(plan.round_index)

    def record(self, key: str, output: ChunkOutput) -> None:
        if key in self.outcome.outputs:
            return
        self.outcome.outputs[key] = output
        if self.on_chunk is not None:
            self.on_chunk(self.chunks[key], output)

    def take(self, future: Future, result: Any) -> None:
        key = future.key
        if future.status == "finished":
            if key in self.chunks:
                self.record(key, result)
            elif isinstance(result, TaskSummary):
                self.outcome.summaries[result.task_id] = result
            return
        if key not in self.chunks:
            return  # a summary that could not run; the client summarises instead
        if future.status == "error":
            error = result[1] if isinstance(result, tuple) else result
            if _is_worker_loss(error):
                self.record(key, lost_chunk(self.chunks[key], WORKER_LOST))
            else:
                self.outcome.problems.append(f"chunk {key} failed: {type(error).__name__}: {error}")
                self.record(key, lost_chunk(self.chunks[key], CANCELLED))
        else:
            self.record(key, lost_chunk(self.chunks[key], CANCELLED))


def _futures_by_key(futures: list[Future]) -> dict[str, Future]:
    return {future.key: future for future in futures}


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


def collect_round(client: Client, plan: RoundPlan, settings: RoundSettings,
                  on_chunk: OnChunk | None = None, watchdog: Any = None) -> RoundOutcome:
    """Submit the plan, collect under its deadline, and return every chunk's output.

    ``watchdog`` (a ``cluster.Watchdog``) is asked every half second for
    tasks executing past the hard timeout; their chunks are recorded as
    ``worker_lost``, finished results are collected, then their workers
    restart. Without one, a stuck task is only cut at the deadline.
    """
    start = time.time()
    futures = client.compute([*plan.chunk_outputs, *plan.summaries.values()], optimize_graph=False)
    by_key = _futures_by_key(futures)
    collector = _Collector(plan, on_chunk)
    pending = as_completed(futures, with_results=True, raise_errors=False)
    last_watch = [start]

    def watch() -> None:
        if watchdog is not None and time.time() - last_watch[0] >= WATCH_EVERY_S:
            last_watch[0] = time.time()
            _restart_stuck(client, watchdog, collector, by_key, pending)

    if not collect_until(pending, plan.deadline + settings.grace_s, collector.take, watch):
        collector.outcome.cut_after_s = time.time() - start
    _cut(client, collector, by_key, pending, watchdog)
    _summarise_missing(collector)
    collector.outcome.wall_s = time.time() - start
    return collector.outcome


def _ours(collector: _Collector, key: Any) -> str | None:
    """The chunk key a running task belongs to, if it is one of this round's."""
    key = collector.evaluate_keys.get(key, key)
    return key if key in collector.chunks else None


def _restart(watchdog: Any, collector: _Collector, workers: list[str]) -> None:
    try:
        watchdog.restart(workers)
        collector.outcome.restarted_workers.extend(workers)
    except Exception as error:  # a failed restart must not lose the round's results
        collector.outcome.problems.append(f"could not restart {', '.join(workers)}: {error}")


def _restart_stuck(client: Client, watchdog: Any, collector: _Collector,
                   by_key: Mapping[str, Future], pending: as_completed) -> None:
    """Record stuck chunks as worker_lost, keep what finished, restart their workers.

    A task still running after its future was released (cut in an earlier
    round) is stuck too: its worker restarts, with nothing left to record.
    """
    stuck = [s for s in watchdog.stuck() if _ours(collector, s.key) or s.key == RELEASED_TASK]
    if not stuck:
        return
    for task in stuck:
        key = _ours(collector, task.key)
        if key is not None:
            collector.record(key, lost_chunk(collector.chunks[key], WORKER_LOST))
            if key in by_key:
                client.cancel([by_key[key]], force=True)
    _drain(collector, pending)
    _restart(watchdog, collector, sorted({task.worker for task in stuck}))


def _cut(client: Client, collector: _Collector, by_key: Mapping[str, Future],
         pending: as_completed, watchdog: Any) -> None:
    """After the deadline and its grace: keep what finished, cancel the rest as timed out.

    A chunk still executing now ignores its budget (a candidate stuck in C
    code): with a watchdog its worker restarts, so the next round starts on
    idle workers.
    """
    _drain(collector, pending)
    late = [key for key in by_key if key in collector.chunks and key not in collector.outcome.outputs]
    for key in late:
        collector.record(key, lost_chunk(collector.chunks[key], TIMEOUT))
    stuck_workers: list[str] = []
    if late and watchdog is not None:
        executing = Watchdog(client, hard_deadline_s=1e-6).stuck()
        stuck_workers = sorted({s.worker for s in executing if _ours(collector, s.key) in late})
    unfinished = [future for future in by_key.values() if not future.done()]
    if unfinished:
        client.cancel(unfinished, force=True)
    if stuck_workers:
        _restart(watchdog, collector, stuck_workers)


def _drain(collector: _Collector, pending: as_completed) -> None:
    for future, result in pending.next_batch(block=False):
        collector.take(future, result)


def _summarise_missing(collector: _Collector) -> None:
    """Summaries the graph did not deliver are reduced here, from the same chunk outputs."""
    by_task: dict[str, list[ChunkOutput]] = {}
    for key, output in collector.outcome.outputs.items():
        by_task.setdefault(collector.chunks[key].task_id, []).append(output)
    for task_id, outputs in by_task.items():
        if task_id not in collector.outcome.summaries:
            collector.outcome.summaries[task_id] = summarise_task(task_id, outputs)

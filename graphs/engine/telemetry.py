"""Telemetry: one JSON line per ARC task per round, one per round, and the end-of-run summary.

Candidate errors are normal in a search; the health of the infrastructure is
the share of candidates that ended ``timeout``, ``cancelled`` or
``worker_lost``:

>>> health({"ok": 995, "timeout": 5})
('healthy', '')
>>> health({"ok": 90, "worker_lost": 11})[0]
'action'
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

from tasks.data.outcomes import CANCELLED, INFRASTRUCTURE_OUTCOMES, TIMEOUT, WORKER_LOST

HEALTHY_BELOW = 0.01
WARNING_OVER = 0.05
ACTION_OVER = 0.10

# The telemetry records' layout. 2: every record carries "schema" and "time" (ISO 8601, UTC).
# Records written before (no "schema") are layout 1 and read the same otherwise.
TELEMETRY_SCHEMA = 2


def infrastructure_share(outcomes: Mapping[str, int]) -> float:
    """Share of candidates the infrastructure failed to finish (timeout, cancelled, lost).

    >>> infrastructure_share({"ok": 3, "timeout": 1})
    0.25
    """
    total = sum(outcomes.values())
    return sum(outcomes.get(kind, 0) for kind in INFRASTRUCTURE_OUTCOMES) / total if total else 0.0


def advice(outcomes: Mapping[str, int]) -> str:
    """What to change, from which kind of loss dominates."""
    tips = []
    if outcomes.get(TIMEOUT, 0):
        tips.append("longer deadlines (--round-timeout, --candidate-timeout) or fewer candidates per round")
    if outcomes.get(WORKER_LOST, 0):
        tips.append("more memory per worker (--memory-limit) or fewer threads per worker (--threads)")
    if outcomes.get(CANCELLED, 0):
        tips.append("fewer threads per worker (--threads); read the chunk failures printed above")
    return "; ".join(tips)


def health(outcomes: Mapping[str, int]) -> tuple[str, str]:
    """(level, advice): healthy under 1% infrastructure losses, warning over 5%, action over 10%.

    Between 1% and 5% the level is "watch": not yet a warning, no longer healthy.
    """
    share = infrastructure_share(outcomes)
    if share < HEALTHY_BELOW:
        return "healthy", ""
    if share > ACTION_OVER:
        return "action", advice(outcomes)
    if share > WARNING_OVER:
        return "warning", advice(outcomes)
    return "watch", advice(outcomes)


def stamped(record: Mapping[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """The record with the schema version and the time it is written (UTC, ISO 8601).

    >>> stamped({"kind": "round"}, datetime(2026, 12, 2, 1, 30, tzinfo=timezone.utc))
    {'kind': 'round', 'schema': 2, 'time': '2026-12-02T01:30:00.000+00:00'}
    """
    now = now or datetime.now(timezone.utc)
    return {**record, "schema": TELEMETRY_SCHEMA, "time": now.isoformat(timespec="milliseconds")}


def schema_of(record: Mapping[str, Any]) -> int:
    """The layout a record was written with; 1 for records from before versions were written.

    >>> schema_of({"kind": "task"}), schema_of(stamped({"kind": "task"}))
    (1, 2)
    """
    return int(record.get("schema", 1))


class TelemetryLog:
    """Appends JSON Lines records to ``telemetry.jsonl``, flushed one by one, each ``stamped``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("a", encoding="utf-8")

    def write(self, record: Mapping[str, Any]) -> None:
        self._file.write(json.dumps(stamped(record), sort_keys=True) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "TelemetryLog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record of a telemetry file, in order."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def task_record(run_id: str, round_index: int, summary: Any, wall_s: float) -> dict[str, Any]:
    """The JSON record of one task's round (``summary`` is a ``graphs.engine.round.TaskSummary``)."""
    return {
        "kind": "task", "run": run_id, "round": round_index, "task": summary.task_id,
        "outcomes": dict(summary.outcomes), "candidates": sum(summary.outcomes.values()),
        "solvers": len(summary.solvers), "busy_s": round(summary.busy_s, 4),
        "wall_s": round(wall_s, 4), "workers": list(summary.workers), "chunks": summary.chunks,
    }


def round_record(run_id: str, round_index: int, outcomes: Mapping[str, int], wall_s: float,
                 busy_by_worker: Mapping[str, float], tasks: int, chunks: int,
                 restarted_workers: Iterable[str] = (), chunk_size: int | None = None) -> dict[str, Any]:
    """The JSON record of a whole round: totals, per-worker busy time, the chunk size it ran with."""
    return {
        "kind": "round", "run": run_id, "round": round_index, "tasks": tasks, "chunks": chunks,
        "chunk_size": chunk_size,
        "outcomes": dict(outcomes), "candidates": sum(outcomes.values()), "wall_s": round(wall_s, 4),
        "busy_s_by_worker": {w: round(s, 4) for w, s in sorted(busy_by_worker.items())},
        "restarted_workers": list(restarted_workers),
    }


def summary_lines(tasks: int, outcomes: Mapping[str, int], wall_s: float,
                  busy_by_worker: Mapping[str, float], evaluated: int | None = None) -> list[str]:
    """The end-of-run summary, as lines of text.

    ``outcomes`` are the whole run's; ``evaluated``, when a resumed run's last
    invocation evaluated only some of them in ``wall_s``, gives the rate.

    >>> print("\\n".join(summary_lines(2, {"ok": 1, "mismatch": 3}, 2.0, {"tcp://w1": 1.0})))
    tasks: 2   candidates: 4   rate: 2.0 candidates/s   wall: 2.0 s
    outcomes: mismatch 3 (75.0%), ok 1 (25.0%)
    workers: tcp://w1 busy 1.0 s (50% of wall)
    health: healthy (infrastructure losses 0.00%)
    >>> summary_lines(2, {"mismatch": 10}, 2.0, {}, evaluated=4)[0]
    'tasks: 2   candidates: 10 (4 in this invocation)   rate: 2.0 candidates/s   wall: 2.0 s'
    """
    total = sum(outcomes.values())
    evaluated = total if evaluated is None else evaluated
    rate = evaluated / wall_s if wall_s > 0 else 0.0
    resumed = f" ({evaluated} in this invocation)" if evaluated != total else ""
    lines = [f"tasks: {tasks}   candidates: {total}{resumed}   rate: {rate:.1f} candidates/s   "
             f"wall: {wall_s:.1f} s"]
    ranked = sorted(outcomes.items(), key=lambda item: (-item[1], item[0]))
    lines.append("outcomes: " + (", ".join(f"{kind} {n} ({100 * n / total:.1f}%)" for kind, n in ranked)
                                 if total else "none"))
    if busy_by_worker:
        lines.append("workers: " + ", ".join(
            f"{w} busy {s:.1f} s ({100 * s / wall_s if wall_s else 0:.0f}% of wall)"
            for w, s in sorted(busy_by_worker.items())))
    level, tip = health(outcomes)
    line = f"health: {level} (infrastructure losses {100 * infrastructure_share(outcomes):.2f}%)"
    lines.append(line + (f": try {tip}" if tip else ""))
    return lines


def merge_counts(counts: Iterable[Mapping[str, int]]) -> Counter:
    """Sum outcome counts.

    >>> dict(merge_counts([{"ok": 1}, {"ok": 2, "timeout": 1}]))
    {'ok': 3, 'timeout': 1}
    """
    total: Counter = Counter()
    for count in counts:
        total.update(count)
    return total

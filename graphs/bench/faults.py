"""``python -m graphs.bench faults``: deadlines, hanging candidates and a killed worker.

Measured on the engine's real graph and collection loop (``build_round`` +
``collect_round``, a ``Watchdog`` as the search uses one), with the slow
primitives of ``graphs.bench.hazards`` in every worker:

- **partial results**: 10% of the candidates nap past the round's deadline.
  In the *tail* arrangement each task's slow candidates sit in chunks of
  their own after its fast ones (generation puts the most promising first),
  so the deadline finds the fast work done: the figures are the seconds from
  the deadline to ``collect_round`` returning, and the share of fast
  candidates whose results came back. In the *mixed* arrangement the slow
  candidates sit at seeded random places and each is cut by the CLI's
  candidate timeout (0.5 s): the share shows what such candidates cost a round.
- **threads**: client and worker thread counts before and after 20 rounds
  each holding a candidate hung in C (the watchdog restarts its worker) and
  one napping past the deadline.
- **recovery**: one round of real work; after a third of its chunks arrived a
  worker is SIGKILLed (its pid from ``client.run(os.getpid)``); the extra
  wall time against the same round undisturbed, and whether every candidate
  still got a real outcome.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter
from dataclasses import replace
from typing import Any, Callable, Mapping

from cluster import Watchdog, client_thread_bound, thread_count, worker_thread_bound, worker_thread_counts
from graphs.bench.engine import (
    CANDIDATE_BUDGET, Workload, build_seconds, clear_caches, engine_round, one_step_transforms, round_settings,
    run_sequential,
)
from graphs.bench.hazards import PLUGIN
from graphs.engine.round import REFERENCE_CHUNK_SIZE, RoundSettings
from tasks.data.budget import Budget
from tasks.running.evaluate import Candidate
from tasks.data.outcomes import CANCELLED, TIMEOUT, WORKER_LOST
from tasks.programs.program import SOLVER, Program

LOST = (TIMEOUT, CANCELLED, WORKER_LOST)
SLOW_SHARE = 0.1
THREAD_ROUNDS = 20
MIXED_CANDIDATE_TIMEOUT_S = 0.5
# Smaller than the engine's default so each task has several chunks, and the tail
# arrangement can give the slow candidates chunks of their own.
FAULT_CHUNK_SIZE = 50
# How often ``settle`` looks at the workers (each look is one request to each).
SETTLE_POLL_S = 0.2


def hazards_in_workers():
    """Name the hazards module in ARC_SEARCH_PLUGINS for worker processes started inside the block.

    Only the workers need them (the client never runs a program).
    """
    from tasks.dsl import plugins_for_new_processes

    return plugins_for_new_processes(PLUGIN)


def slow_candidates(count: int) -> list[Candidate]:
    """``count`` distinct candidates that nap 100 s (cooperatively), then transform the grid.

    >>> len({c.id for c in slow_candidates(30)})
    30
    """
    steps = one_step_transforms()
    return [Candidate.of(Program.from_steps(SOLVER, [("bench_nap", "I", 10),
                                                     (step[0], "x1", *step[2:])]))
            for step in steps[:count]]


def hanging_candidate(index: int) -> Candidate:
    """A candidate hung in C for an hour; ``index`` makes its content id distinct."""
    step = one_step_transforms()[index]
    return Candidate.of(Program.from_steps(SOLVER, [("bench_hang", "I"), (step[0], "x1", *step[2:])]))


def tail_arrangement(workload: Workload, chunk_size: int) -> tuple[Workload, set[str]]:
    """Each task: its fast candidates (whole chunks), then 10% slow ones in chunks of their own.

    Returns the workload and the ids of the slow candidates.
    """
    fast_per_task = max(chunk_size, min(len(cs) for cs in workload.candidates.values()) // chunk_size * chunk_size)
    slow_per_task = max(1, round(fast_per_task * SLOW_SHARE / (1 - SLOW_SHARE)))
    slow = slow_candidates(slow_per_task)
    candidates = {task_id: tuple(cs[:fast_per_task]) + tuple(slow) for task_id, cs in workload.candidates.items()}
    return (Workload(workload.tasks, candidates, f"tail: {fast_per_task} fast then {slow_per_task} slow per task"),
            {c.id for c in slow})


def mixed_arrangement(workload: Workload, seed: int) -> tuple[Workload, set[str]]:
    """Each task's candidates with 10% slow ones inserted at seeded random places."""
    candidates, slow_ids = {}, set()
    for task_id, cs in workload.candidates.items():
        rng = random.Random(f"faults:{seed}:{task_id}")
        slow = slow_candidates(max(1, round(len(cs) * SLOW_SHARE / (1 - SLOW_SHARE))))
        slow_ids.update(c.id for c in slow)
        mixed = list(cs)
        for candidate in slow:
            mixed.insert(rng.randrange(len(mixed) + 1), candidate)
        candidates[task_id] = tuple(mixed)
    return Workload(workload.tasks, candidates, "mixed: 10% slow at seeded places"), slow_ids


def fast_share(outcome: Any, slow_ids: set[str]) -> tuple[float, Counter]:
    """Share of fast candidates with a real outcome (not timed out or lost), and all outcomes."""
    results = [r for output in outcome.outputs.values() for r in output.results]
    fast = [r for r in results if r.candidate_id not in slow_ids]
    kept = sum(1 for r in fast if r.outcome not in LOST)
    return (kept / len(fast) if fast else 0.0), Counter(r.outcome for r in results)


def partial_round(client, workload: Workload, slow_ids: set[str], deadline_s: float, budget: Budget,
                  chunk_size: int, run_id: str) -> dict[str, Any]:
    """One round cut by its deadline: latency from the deadline to the result, and the fast share."""
    settings = replace(round_settings(chunk_size, budget), round_timeout_s=deadline_s, hard_timeout_s=30.0)
    client.run(clear_caches)
    # The deadline counts from submission (after building), so the figure measures collection.
    build_s = build_seconds(workload, settings)
    started = time.time() + build_s
    outcome, seconds, _ = engine_round(client, workload, settings, run_id, watchdog=Watchdog(client, 30.0),
                                       start=started)
    returned = time.time()
    share, outcomes = fast_share(outcome, slow_ids)
    return {"deadline_s": round(deadline_s, 3), "latency_s": round(returned - (started + deadline_s), 3),
            "build_s": round(build_s, 3),
            "fast_collected_share": round(share, 4), "runs": workload.runs, "wall_s": round(seconds, 3),
            "outcomes": dict(outcomes), "arrangement": workload.description}


def measure_partial(client, workload: Workload, chunk_size: int, seed: int, tag: str,
                    say: Callable[[str], None]) -> dict[str, Any]:
    """Both arrangements; the deadline is 1 s plus the fast work's sequential time (2x its parallel time).

    The deadline counts from the graph's submission: building it is left out
    (measured by a dry build), so the figures are about collection.
    """
    tail, tail_slow = tail_arrangement(workload, chunk_size)
    fast_only = Workload(tail.tasks, {t: tuple(c for c in cs if c.id not in tail_slow)
                                      for t, cs in tail.candidates.items()}, "fast")
    deadline_s = 1.0 + run_sequential(fast_only, chunk_size).seconds
    unbounded = Budget(timeout_s=None)  # slow past the deadline: only the round's deadline stops them
    result = {"tail": partial_round(client, tail, tail_slow, deadline_s, unbounded, chunk_size, f"{tag}-tail")}
    say(f"partial (tail): {result['tail']}")
    mixed, mixed_slow = mixed_arrangement(fast_only, seed)
    result["mixed"] = partial_round(client, mixed, mixed_slow, deadline_s,
                                    replace(CANDIDATE_BUDGET, timeout_s=MIXED_CANDIDATE_TIMEOUT_S),
                                    chunk_size, f"{tag}-mixed")
    say(f"partial (mixed): {result['mixed']}")
    return result


def thread_snapshot(client) -> dict[str, Any]:
    """Threads in this client process, and in each worker process (sorted counts)."""
    return {"client": thread_count(), "workers": sorted(worker_thread_counts(client).values())}


def hanging_round_workload(workload: Workload, round_index: int, fast_per_task: int) -> Workload:
    """Two tasks with fast candidates and one napping past the deadline; the first also one hung in C."""
    tasks = workload.tasks[:2]
    slow = slow_candidates(1)
    candidates = {task.id: (*workload.candidates[task.id][:fast_per_task],
                            *([hanging_candidate(round_index % 50)] if n == 0 else []), *slow)
                  for n, task in enumerate(tasks)}
    return Workload(tasks, candidates, "hanging")


def running_tasks(dask_worker) -> int:
    """Tasks occupying a thread of this worker, released ones still running included."""
    return len(dask_worker.state.all_running_tasks)


def settle(client, watchdog: Watchdog, timeout_s: float = 30.0) -> int:
    """Restart workers still running cut tasks, as the next round's polls would; until none runs any.

    Each worker is asked itself: the scheduler hears of a task hung after its
    release only from later heartbeats, and a check that missed one left it
    hung into the next measurement (whose round then waited 30 s for its hard
    timeout). A worker too hung to answer counts as busy, and the watchdog
    reports it once it has been silent past its deadline. Returns how many
    workers were restarted.
    """
    restarted, give_up = 0, time.monotonic() + timeout_s
    while time.monotonic() < give_up:
        stuck = watchdog.stuck()
        if stuck:
            workers = sorted({task.worker for task in stuck})
            watchdog.restart(workers)
            restarted += len(workers)
            continue
        try:
            if not any(client.run(running_tasks, callback_timeout=SETTLE_POLL_S * 5).values()):
                return restarted
        except (TimeoutError, OSError):  # too hung to answer, or gone mid-question: ask again
            pass
        time.sleep(SETTLE_POLL_S)
    return restarted


def measure_threads(client, workers: int, workload: Workload, rounds: int, tag: str,
                    say: Callable[[str], None]) -> dict[str, Any]:
    """Thread counts before and after ``rounds`` rounds with hanging candidates."""
    before = thread_snapshot(client)
    watchdog = Watchdog(client, 2.0)
    # No per-candidate timeout: the nap runs past the deadline, the hang past everything.
    settings = RoundSettings(chunk_size=8, candidate_budget=Budget(timeout_s=None), round_timeout_s=1.0,
                             grace_s=0.5, hard_timeout_s=2.0)
    restarts, outcomes = 0, Counter()
    for index in range(rounds):
        round_load = hanging_round_workload(workload, index, 20)
        outcome, _, _ = engine_round(client, round_load, settings, f"{tag}-hang{index}", watchdog=watchdog)
        restarts += len(outcome.restarted_workers)
        outcomes.update(outcome.outcome_counts())
    restarts += settle(client, watchdog)
    client.wait_for_workers(workers, timeout=60)
    after = thread_snapshot(client)
    result = {"threads_before": before, "threads_after": after, "thread_rounds": rounds,
              "thread_round_restarts": restarts, "thread_round_outcomes": dict(outcomes),
              "thread_bound": {"client": client_thread_bound(workers, 1, processes=True),
                               "worker": worker_thread_bound(1)}}
    say(f"threads: before {before}, after {after} ({rounds} rounds, {restarts} worker restarts)")
    return result


def worker_pids(client) -> Mapping[str, int]:
    """Worker address -> process id."""
    return client.run(os.getpid)


def measure_recovery(client, workers: int, workload: Workload, chunk_size: int, tag: str,
                     say: Callable[[str], None]) -> dict[str, Any]:
    """Extra wall time of a round whose worker is SIGKILLed a third of the way through."""
    settings = replace(round_settings(chunk_size), hard_timeout_s=30.0)
    client.run(clear_caches)
    _, baseline_s, _ = engine_round(client, workload, settings, f"{tag}-calm", watchdog=Watchdog(client, 30.0))
    victim_address, victim_pid = sorted(worker_pids(client).items())[0]
    chunks = sum(-(-len(cs) // chunk_size) for cs in workload.candidates.values())
    arrived, killed_at = [0], [None]

    def kill_after_a_third(chunk, output) -> None:
        arrived[0] += 1
        if killed_at[0] is None and arrived[0] >= max(1, chunks // 3):
            os.kill(victim_pid, signal.SIGKILL)
            killed_at[0] = time.time()

    client.run(clear_caches)
    outcome, killed_s, _ = engine_round(client, workload, settings, f"{tag}-kill", on_chunk=kill_after_a_third,
                                        watchdog=Watchdog(client, 30.0))
    ended = time.time()
    client.wait_for_workers(workers, timeout=60)
    back = time.time()
    counts = outcome.outcome_counts()
    result = {"recovery_s": round(killed_s - baseline_s, 3), "recovery_baseline_s": round(baseline_s, 3),
              "recovery_round_s": round(killed_s, 3),
              "kill_to_round_end_s": round(ended - killed_at[0], 3) if killed_at[0] else None,
              "worker_back_within_s": round(back - killed_at[0], 3) if killed_at[0] else None,
              "recovery_lost": {k: counts[k] for k in LOST if counts[k]},
              "recovery_complete": sum(counts.values()) == workload.runs and not any(counts[k] for k in LOST),
              "recovery_runs": workload.runs, "killed_worker": victim_address}
    say(f"recovery: {result}")
    return result


def run_faults(client, workers: int, workload: Workload, recovery_load: Workload, seed: int,
               thread_rounds: int = THREAD_ROUNDS,
               say: Callable[[str], None] = print) -> dict[str, Any]:
    """All three measurements; flat keys for bench.json, details under ``faults``."""
    tag = f"faults-{time.monotonic_ns()}"
    partial = measure_partial(client, workload, FAULT_CHUNK_SIZE, seed, tag, say)
    threads = measure_threads(client, workers, workload, thread_rounds, tag, say)
    recovery = measure_recovery(client, workers, recovery_load, REFERENCE_CHUNK_SIZE, tag, say)
    return {"partial_latency_s": partial["tail"]["latency_s"],
            "fast_collected_share": partial["tail"]["fast_collected_share"],
            "mixed_partial_latency_s": partial["mixed"]["latency_s"],
            "mixed_fast_collected_share": partial["mixed"]["fast_collected_share"],
            "threads_before": threads["threads_before"], "threads_after": threads["threads_after"],
            "recovery_s": recovery["recovery_s"],
            "faults": {"partial": partial, "threads": threads, "recovery": recovery}}


def faults_table(figures: Mapping[str, Any]) -> str:
    """The printed summary of the fault figures."""
    details = figures["faults"]
    tail, mixed = details["partial"]["tail"], details["partial"]["mixed"]
    threads, recovery = details["threads"], details["recovery"]
    return "\n".join([
        f"partial result, {tail['arrangement']}: {tail['latency_s']:.3f} s after the "
        f"{tail['deadline_s']:.1f} s deadline; fast candidates collected: {tail['fast_collected_share']:.1%}",
        f"partial result, {mixed['arrangement']} (candidate timeout {MIXED_CANDIDATE_TIMEOUT_S} s): "
        f"{mixed['latency_s']:.3f} s after the deadline; fast candidates collected: "
        f"{mixed['fast_collected_share']:.1%}",
        f"threads before {threads['thread_rounds']} hanging rounds: {threads['threads_before']}; after: "
        f"{threads['threads_after']}; bound {threads['thread_bound']}; "
        f"{threads['thread_round_restarts']} worker restarts",
        f"worker SIGKILLed after a third of the round's chunks: round {recovery['recovery_round_s']:.2f} s vs "
        f"{recovery['recovery_baseline_s']:.2f} s undisturbed (recovery {recovery['recovery_s']:.2f} s); "
        f"every candidate got a real outcome: {recovery['recovery_complete']}",
    ])

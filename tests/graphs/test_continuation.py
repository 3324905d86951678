"""A task's enumeration continues across rounds from a bank held in worker memory (real LocalCluster)."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

from distributed import get_task_stream

from cluster import ClusterSpec, open_client
from graphs.api import search
from graphs.engine.generation import Banks
from graphs.engine.round import RoundSettings
from graphs.engine.search import RunContext, SearchConfig, run_round
from graphs.engine.store import Store
from graphs.engine.telemetry import TelemetryLog
from tasks.data.arc import Dataset, Pair, Task
from tasks.search.settings import GenerationSettings

# No program of the DSL maps these inputs to these outputs: the task stays unsolved, so it
# comes back to generation every round.
UNSOLVABLE = Task("unsolvable", (Pair(((1, 2), (3, 4)), ((9, 9, 9),)), Pair(((5, 6),), ((7,), (7,)))),
                  (((1, 1),),))

QUICK = SearchConfig(rounds=3, seed=1, round=RoundSettings(round_timeout_s=30.0),
                     generation=GenerationSettings(time_budget_s=0.3, max_size=2))


@pytest.fixture(scope="module")
def plain_client():
    """Two process workers with the DSL alone: the hostile test primitives would be enumerated too."""
    with open_client(ClusterSpec(workers=2, threads_per_worker=1, processes=True,
                                 memory_limit="2GiB")) as client:
        yield client


def enumeration_records(out) -> list[dict]:
    records = [json.loads(line) for line in (out / "telemetry.jsonl").read_text().splitlines()]
    return [r["enumeration"] for r in records if r.get("kind") == "task" and "enumeration" in r]


def run(client, out, config):
    return search(client, Dataset("test", (UNSOLVABLE,)), out, config, seeds=[], differs=[],
                  say=lambda line: None)


def test_each_round_continues_the_bank_the_last_one_left(plain_client, tmp_path):
    run(plain_client, tmp_path, QUICK)
    records = enumeration_records(tmp_path)
    assert [r["generation"] for r in records] == [0, 1, 2]
    assert [r["steps"] for r in records] == [1, 2, 3]  # one continuation, three steps
    terms = [r["terms"] for r in records]
    assert terms == sorted(terms) and terms[-1] > terms[0]
    assert banks_left(plain_client) == []  # the run let its banks go



def test_banks_past_the_clusters_share_are_let_go_largest_first_and_the_run_says_so(plain_client, tmp_path):
    # 2 workers x 2 GiB: a share of 1e-9 is about 4 bytes, below any bank, so after round 0
    # the task's bank goes; with no budget (None) the same run keeps continuing it.
    lines: list[str] = []
    result = search(plain_client, Dataset("test", (UNSOLVABLE,)), tmp_path / "tight",
                    replace(QUICK, bank_share=1e-9), seeds=[], differs=[], say=lines.append)
    records = enumeration_records(tmp_path / "tight")
    assert [r["steps"] for r in records] == [1, 0, 0]  # no step once let go
    assert [r["stopped"] for r in records][1:] == ["cluster-memory", "cluster-memory"]
    assert len(result.rounds) == 3
    assert any(line.startswith("round 0: 1 tasks' banks let go") for line in lines), lines
    assert banks_left(plain_client) == []
    search(plain_client, Dataset("test", (UNSOLVABLE,)), tmp_path / "free", replace(QUICK, bank_share=None),
           seeds=[], differs=[], say=lambda line: None)
    assert [r["steps"] for r in enumeration_records(tmp_path / "free")] == [1, 2, 3]


def test_banks_fit_their_budget_by_letting_the_largest_go():
    class Held:  # a finished step's future, as Banks uses it
        status = "finished"
        released = False

        def release(self):
            self.released = True

    banks = Banks()
    futures = {task_id: Held() for task_id in "abc"}
    for task_id, size in zip("abc", (50, 30, 20)):
        banks.steps[task_id] = futures[task_id]
        banks.note_bytes(task_id, size)
    assert banks.live_bytes() == 100
    assert banks.fit(60) == ["a"]
    assert futures["a"].released and not futures["b"].released
    assert banks.stopped == {"a": "cluster-memory"} and banks.live_bytes() == 50
    assert banks.fit(60) == []


def test_the_store_says_where_each_tasks_first_solver_came_from(plain_client, tmp_path):
    from graphs.engine.store import Store
    from tasks.programs.program import Program
    from tasks.running.evaluate import Candidate

    mirror = Task("mirror", (Pair(((1, 2),), ((2, 1),)), Pair(((3, 4), (5, 6)), ((4, 3), (6, 5)))), ())
    # A seed solves this one (its input turned a quarter); the enumeration solves the mirror.
    turned = Task("turned", (Pair(((1, 2), (3, 4)), ((3, 1), (4, 2))), Pair(((5, 6), (7, 8)), ((7, 5), (8, 6)))), ())
    seed = Candidate.of(Program.from_steps("solver", [("rot90", "I")]))
    search(plain_client, Dataset("test", (mirror, turned)), tmp_path, replace(QUICK, rounds=1), seeds=[seed],
           differs=[], say=lambda line: None)
    with Store.open_readonly(tmp_path / "store.sqlite") as store:
        origins = store.first_solver_origins()
    assert origins["mirror"] == "enumerated"
    # The enumeration finds rot90 too, but a program keeps its first origin: seeds are stored first.
    assert origins["turned"] == "seed"

def banks_left(client, wait_s: float = 10.0) -> list[str]:
    """The enumeration keys the scheduler still knows, once releases (asynchronous) have landed."""
    deadline = time.monotonic() + wait_s
    while True:
        keys = client.run_on_scheduler(
            lambda dask_scheduler: [str(k) for k in dask_scheduler.tasks if str(k).startswith("enumerate-")])
        if not keys or time.monotonic() > deadline:
            return keys
        time.sleep(0.1)


def test_a_bank_past_its_memory_limit_stops_and_says_so(plain_client, tmp_path):
    config = replace(QUICK, generation=replace(QUICK.generation, max_bank_bytes=1))
    result = run(plain_client, tmp_path, config)
    records = enumeration_records(tmp_path)
    assert [r["stopped"] for r in records] == ["memory", "memory", "memory"]
    assert [r["steps"] for r in records] == [1, 0, 0]  # no step after the limit
    assert len(result.rounds) == 3
    assert banks_left(plain_client) == []


def test_a_generation_running_at_the_deadline_goes_on_into_the_next_round(plain_client, tmp_path):
    # Cancelled at the cut, such generations threw away up to a step's seconds of every thread at
    # every round's end; carried over, their candidates are the next round's and no step is redone.
    with Store.open(tmp_path / "store.sqlite") as store, TelemetryLog(tmp_path / "t.jsonl") as telemetry:
        store.begin_run("r", {}, 1)
        run = RunContext(plain_client, store, telemetry, "r", say=lambda line: None)
        slow = replace(QUICK, generation=replace(QUICK.generation, time_budget_s=2.0))
        run_round(run, 0, [UNSOLVABLE], slow, RoundSettings(round_timeout_s=30.0))
        first = run.banks.steps[UNSOLVABLE.id]
        with get_task_stream(plain_client) as stream:
            cut = run_round(run, 1, [UNSOLVABLE], slow, RoundSettings(round_timeout_s=0.3, grace_s=0.1))
            assert "1 generation tasks still running at the deadline go on into the next round" in cut.problems
            step = run.banks.pending[UNSOLVABLE.id]
            assert run.banks.steps[UNSOLVABLE.id] is first and step.status != "cancelled"
            taken = run_round(run, 2, [UNSOLVABLE], slow, RoundSettings(round_timeout_s=30.0))
        assert run.banks.steps[UNSOLVABLE.id] is step and step.status == "finished"
        assert run.banks.pending == {} and run.banks.carried == {}
        assert UNSOLVABLE.id in taken.summaries  # round 2 evaluated the carried generation's candidates
        started = {str(task["key"]).rsplit("-", 1)[0].split("-r")[-1] for task in stream.data
                   if str(task["key"]).startswith("enumerate-")}
        assert started == {"1"}  # the step began in round 1; round 2 submitted none of its own
    records = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text().splitlines()]
    rounds = [r["round"] for r in records if r.get("kind") == "task" and "enumeration" in r]
    assert rounds == [0, 2]


def test_a_generation_carried_for_a_task_no_longer_searched_is_cancelled(plain_client, tmp_path):
    with Store.open(tmp_path / "store.sqlite") as store, TelemetryLog(tmp_path / "t.jsonl") as telemetry:
        store.begin_run("r", {}, 1)
        run = RunContext(plain_client, store, telemetry, "r", say=lambda line: None)
        slow = replace(QUICK, generation=replace(QUICK.generation, time_budget_s=2.0))
        run_round(run, 0, [UNSOLVABLE], slow, RoundSettings(round_timeout_s=0.3, grace_s=0.1))
        left = run.banks.carried[UNSOLVABLE.id]
        run.banks.keep_only(set())  # as a run does for solved tasks, and at its end
        assert run.banks.carried == {} and run.banks.pending == {}
        assert left.generate.status == "cancelled"
    assert banks_left(plain_client) == []


def test_banks_say_which_worker_holds_each_task_bank(plain_client):
    """The engine picks the next generation by where its bank is (``balanced_choice``)."""
    first, second = sorted(plain_client.nthreads())
    banks = Banks()
    for task_id, worker in (("on-first", first), ("on-second", second)):
        future = plain_client.submit(lambda n: list(range(n)), 10, workers=[worker], key=f"bank-{task_id}")
        future.result()
        banks.hold(task_id, future)
        banks.handed_on(task_id)
    places = banks.workers_of(plain_client, ["on-first", "on-second", "never-generated"])
    assert places == {"on-first": first, "on-second": second, "never-generated": None}
    for task_id in ("on-first", "on-second"):
        banks.drop(task_id)


def test_one_task_search_spans_both_workers(plain_client, tmp_path):
    """With one task and two threads, each continued step is a pass in two pieces, one per worker."""
    with get_task_stream(plain_client) as stream:
        run(plain_client, tmp_path, QUICK)
    pieces = [task for task in stream.data if str(task["key"]).startswith("piece-")]
    assert pieces and {task["worker"] for task in pieces} == set(plain_client.nthreads())
    assert all(task.get("status", "OK") == "OK" for task in pieces)
    records = enumeration_records(tmp_path)
    assert [r["steps"] for r in records] == [1, 2, 3]
    assert [r["terms"] for r in records] == sorted(r["terms"] for r in records)


class FakeFuture:
    """What ``Banks`` reads of a future: its status, and cancel."""

    def __init__(self, status: str) -> None:
        self.status, self.key = status, f"fake-{id(self)}"

    def cancel(self, force: bool = False) -> None:
        self.status = "cancelled"

    def release(self) -> None:
        pass


def test_a_carried_generation_lost_meanwhile_is_not_taken_and_its_step_is_let_go():
    from graphs.engine.generation import Carried

    banks = Banks()
    lost, its_step = FakeFuture("lost"), FakeFuture("pending")
    running, other_step = FakeFuture("pending"), FakeFuture("pending")
    banks.pending = {"lost-task": its_step, "running-task": other_step}
    banks.carried = {"lost-task": Carried(lost, its_step, None), "running-task": Carried(running, other_step, None)}
    taken = banks.take_carried({"lost-task", "running-task"})
    assert list(taken) == ["running-task"] and taken["running-task"].generate is running
    assert "lost-task" not in banks.pending and its_step.status == "cancelled"
    assert banks.pending["running-task"] is other_step and running.status == "pending"

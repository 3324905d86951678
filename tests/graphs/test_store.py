"""The results store: schema, atomic chunks, resume, rankings, refusing foreign files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphs.engine.store import SCHEMA_VERSION, NearMissRow, ProgramRow, Store, StoreError, store_path
from graphs.engine.store_rows import predictions_from_json, predictions_to_json
from tasks.running.evaluate import Candidate, CandidateResult
from tasks.programs.canonical import content_id
from tasks.programs.program import Program
from tests.dsl.strategies import grids

GRID = ((1, 2), (3, 4))


def program(pid: str, size: int = 1, kind: str = "solver", origin: str = "enumerated") -> ProgramRow:
    return ProgramRow(pid, kind, f"def solve(S, I):\n    O = rot90(I)\n    return O\n  # {pid}",
                      size, origin)


def ok(pid: str, differs: dict | None = None, predictions=(GRID,)) -> CandidateResult:
    return CandidateResult(pid, "ok", 0.01, 1000, differs or {}, predictions)


def miss(pid: str, train: int, differs: dict | None = None) -> CandidateResult:
    return CandidateResult(pid, "mismatch", 0.01, train, differs or {})


def count(store: Store, table: str) -> int:
    return store.connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return store_path(tmp_path)


@pytest.fixture
def store(path: Path):
    with Store.open(path) as opened:
        opened.begin_run("r1", {"rounds": 2}, seed=7)
        yield opened


def write(store: Store, results, run="r1", round_index=0, task="t1", chunk=0, sizes=None):
    """Write a chunk whose programs are made up from the results' ids."""
    sizes = sizes or {}
    rows = [program(r.candidate_id, sizes.get(r.candidate_id, 1)) for r in results]
    store.write_chunk(run, round_index, task, chunk, results, rows)


# -- schema and opening --------------------------------------------------------------------


def test_open_creates_the_schema_and_records_its_version(path):
    with Store.open(path) as store:
        tables = {row[0] for row in store.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = store.connection.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    assert {"meta", "programs", "runs", "results", "chunks", "plans", "plan_tasks"} <= tables
    assert int(version) == SCHEMA_VERSION


def test_the_file_is_in_wal_mode(path):
    Store.open(path).close()
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_reopening_keeps_what_earlier_runs_stored(path):
    with Store.open(path) as store:
        store.begin_run("r1", {}, 0)
        write(store, [ok("solver_a")])
        store.end_run("r1", "finished", {"candidates": 1})
    with Store.open(path) as store:
        assert [row.id for row in store.pool()] == ["solver_a"]
        assert store.tried("t1") == {"solver_a"}
        assert store.run("r1").totals == {"candidates": 1}


def test_an_empty_file_becomes_a_store(path):
    path.touch()
    with Store.open(path) as store:
        store.begin_run("r1", {}, 0)
        assert store.last_run().id == "r1"


def test_a_file_that_is_not_sqlite_is_refused_and_left_unchanged(path):
    content = b"task_id,score\n" + bytes(range(256)) * 8
    path.write_bytes(content)
    for opener in (Store.open, Store.open_readonly):
        with pytest.raises(StoreError) as error:
            opener(path)
        message = str(error.value)
        assert str(path) in message and "not an SQLite database" in message
        assert "--out" in message and "\n" not in message
        assert path.read_bytes() == content


def test_a_store_of_another_schema_version_is_refused_and_left_unchanged(path):
    with Store.open(path) as store:
        store.begin_run("r1", {}, 0)
        write(store, [ok("solver_a")])
    raw = sqlite3.connect(path)
    raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    raw.commit()
    raw.close()
    content = path.read_bytes()
    for opener in (Store.open, Store.open_readonly):
        with pytest.raises(StoreError) as error:
            opener(path)
        message = str(error.value)
        assert str(path) in message and f"version {SCHEMA_VERSION + 1}" in message
        assert "--out" in message and "\n" not in message
        assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused(path):
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE photos (name TEXT)")
    raw.commit()
    raw.close()
    content = path.read_bytes()
    with pytest.raises(StoreError, match="not a search store"):
        Store.open(path)
    assert path.read_bytes() == content


def test_read_only_open_needs_an_existing_store(path):
    with pytest.raises(StoreError, match="no store here"):
        Store.open_readonly(path)
    assert not path.exists()


def test_read_only_open_while_the_writer_is_open(store, path):
    write(store, [ok("solver_a")], chunk=0)
    with Store.open_readonly(path) as reader:
        assert [s.program_id for s in reader.solvers("t1")] == ["solver_a"]
        write(store, [ok("solver_b")], chunk=1)
        assert reader.committed_chunks("r1") == {(0, "t1", 0), (0, "t1", 1)}
        # A transaction in flight is invisible until it commits.
        store.connection.execute("BEGIN IMMEDIATE")
        store.connection.execute("UPDATE runs SET seed = 99 WHERE id = 'r1'")
        assert reader.run("r1").seed == 7
        store.connection.execute("COMMIT")
        assert reader.run("r1").seed == 99
        with pytest.raises(StoreError, match="read-only"):
            reader.begin_run("r2", {}, 0)
        with pytest.raises(StoreError, match="read-only"):
            write(reader, [ok("solver_c")])
    assert count(store, "results") == 2


def test_committed_chunks_survive_a_killed_writer(path):
    # The writer dies without closing (as kill -9 would): WAL and its index are left behind.
    script = ("import os, sys\n"
              "from graphs.engine.store import Store\n"
              "from tests.graphs.test_store import ok, write\n"
              "store = Store.open(sys.argv[1])\n"
              "store.begin_run('r1', {}, 0)\n"
              "write(store, [ok('solver_a')])\n"
              "os._exit(9)\n")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script, str(path)], cwd=root, capture_output=True)
    assert done.returncode == 9, done.stderr.decode()
    with Store.open(path) as store:
        assert store.committed_chunks("r1") == {(0, "t1", 0)}
        assert store.last_run().status == "running"


def test_a_closed_store_says_so(path):
    store = Store.open(path)
    store.close()
    store.close()
    assert store.closed
    with pytest.raises(StoreError, match="closed"):
        store.programs()


# -- runs ----------------------------------------------------------------------------------


def test_runs_begin_end_and_reopen(store):
    store.begin_run("r2", {"rounds": 3, "out": Path("o")}, seed=1)
    assert store.run("r2").status == "running" and store.run("r2").config == {"rounds": 3, "out": "o"}
    store.end_run("r2", "interrupted", {"candidates": 5})
    ended = store.run("r2")
    assert (ended.status, ended.totals) == ("interrupted", {"candidates": 5})
    assert ended.ended is not None
    assert store.last_run().id == "r2"
    assert store.last_run("running").id == "r1"
    assert store.last_run("finished") is None
    reopened = store.reopen_run("r2")
    assert (reopened.status, reopened.ended, reopened.seed) == ("running", None, 1)
    assert [run.id for run in store.runs()] == ["r1", "r2"]


def test_run_mistakes_are_refused(store):
    with pytest.raises(StoreError, match="already exists"):
        store.begin_run("r1", {}, 0)
    with pytest.raises(ValueError):
        store.end_run("r1", "running", {})
    with pytest.raises(StoreError, match="no run"):
        store.end_run("nope", "finished", {})
    with pytest.raises(StoreError, match="no run"):
        store.run("nope")
    with pytest.raises(StoreError, match="no run"):
        store.reopen_run("nope")


# -- writing chunks ------------------------------------------------------------------------


def test_write_chunk_stores_programs_results_and_the_chunk(store):
    store.write_chunk("r1", 0, "t1", 3, [ok("solver_a", {"differ_x": 10.0}, (GRID, None)),
                                         miss("solver_b", 500, {"differ_x": 600.0, "differ_y": 800.0})],
                      [program("solver_a", 2), program("solver_b", 1)])
    assert store.committed_chunks("r1") == {(0, "t1", 3)}
    assert store.program("solver_a") == program("solver_a", 2)
    assert store.program("solver_missing") is None
    row = store.connection.execute("SELECT * FROM results WHERE program_id = 'solver_b'").fetchone()
    assert (row["outcome"], row["train_score"], row["differ_score"]) == ("mismatch", 500, 700.0)
    assert store.solvers("t1")[0].predictions == (GRID, None)
    assert store.near_misses("t1", 5)[0].differ_scores == {"differ_x": 600.0, "differ_y": 800.0}
    assert store.connection.execute("SELECT first_run FROM programs WHERE id = 'solver_a'"
                                    ).fetchone()[0] == "r1"


class ExplodingResults(list):
    """Results that fail part-way through being read, as a bug mid-write would."""

    def __iter__(self):
        for index, result in enumerate(super().__iter__()):
            if index == 2:
                raise RuntimeError("boom")
            yield result


def test_a_failure_mid_write_leaves_nothing_of_the_chunk(store):
    results = ExplodingResults([miss("solver_a", 1), miss("solver_b", 2), miss("solver_c", 3)])
    with pytest.raises(RuntimeError, match="boom"):
        store.write_chunk("r1", 0, "t1", 0, results,
                          [program("solver_a"), program("solver_b"), program("solver_c")])
    assert count(store, "results") == count(store, "programs") == count(store, "chunks") == 0
    assert not store.connection.in_transaction
    write(store, [miss("solver_a", 1)])  # the store is still usable
    assert count(store, "results") == 1


def test_a_result_for_an_unknown_program_writes_nothing_and_says_why(store):
    with pytest.raises(StoreError) as error:
        store.write_chunk("r1", 0, "t1", 0, [ok("solver_a"), ok("solver_ghost")],
                          [program("solver_a")])
    assert "solver_ghost" in str(error.value)
    assert count(store, "results") == count(store, "programs") == count(store, "chunks") == 0


def test_a_chunk_of_a_run_never_begun_is_refused(store):
    with pytest.raises(StoreError, match="begin_run"):
        write(store, [ok("solver_a")], run="r9")
    assert count(store, "results") == 0


def test_programs_written_earlier_need_not_be_passed_again(store):
    store.add_programs([program("solver_a")])
    store.write_chunk("r1", 0, "t1", 0, [ok("solver_a")])
    assert store.tried("t1") == {"solver_a"}


def test_writing_a_chunk_again_changes_nothing(store):
    write(store, [ok("solver_a"), miss("solver_b", 300)])
    before = store.connection.total_changes
    snapshot = store.connection.execute("SELECT * FROM results ORDER BY rowid").fetchall()
    # A resumed run may deliver the chunk again, even with different timings.
    write(store, [CandidateResult("solver_a", "ok", 9.0, 1000), miss("solver_b", 300)])
    assert store.connection.total_changes == before
    assert store.connection.execute("SELECT * FROM results ORDER BY rowid").fetchall() == snapshot
    assert count(store, "results") == 2 and count(store, "chunks") == 1


def test_add_programs_keeps_the_first_copy(store):
    store.add_programs([program("solver_a", 3, origin="hand")])
    store.add_programs([program("solver_a", 3, origin="mutated"), program("differ_d", 1, "differ")])
    assert store.program("solver_a").origin == "hand"
    assert [row.id for row in store.programs()] == ["differ_d", "solver_a"]
    assert [row.id for row in store.programs("differ")] == ["differ_d"]


def test_programs_refuse_an_unknown_kind(store):
    with pytest.raises(ValueError):
        store.programs("oracle")


def test_program_rows_come_from_programs_and_parse_back(store):
    solver = Program.from_steps("solver", [("rot90", "I"), ("mirror_left_right", "x1")])
    row = ProgramRow.of(solver, "hand")
    store.add_programs([row])
    stored = store.program(row.id)
    assert stored == row and content_id(stored.program) == content_id(solver)


# -- resume --------------------------------------------------------------------------------


def test_committed_chunks_are_per_run(store):
    store.begin_run("r2", {}, 0)
    write(store, [miss("solver_a", 1)], round_index=0, task="t1", chunk=0)
    write(store, [miss("solver_b", 1)], round_index=0, task="t1", chunk=1)
    write(store, [miss("solver_c", 1)], round_index=1, task="t2", chunk=0)
    write(store, [miss("solver_d", 1)], run="r2", round_index=0, task="t1", chunk=5)
    assert store.committed_chunks("r1") == {(0, "t1", 0), (0, "t1", 1), (1, "t2", 0)}
    assert store.committed_chunks("r2") == {(0, "t1", 5)}
    assert store.committed_chunks("r3") == set()


def test_tried_skips_what_the_infrastructure_never_finished(store):
    store.begin_run("r2", {}, 0)
    write(store, [ok("solver_ok"), miss("solver_miss", 10),
                  CandidateResult("solver_err", "error:ValueError", 0.0),
                  CandidateResult("solver_budget", "budget:cells", 0.0),
                  CandidateResult("solver_timeout", "timeout", 0.0),
                  CandidateResult("solver_cancelled", "cancelled", 0.0),
                  CandidateResult("solver_lost", "worker_lost", 0.0)])
    write(store, [miss("solver_later", 10)], run="r2")
    write(store, [miss("solver_elsewhere", 10)], task="t2")
    assert store.tried("t1") == {"solver_ok", "solver_miss", "solver_err", "solver_budget",
                                 "solver_later"}
    assert store.tried("t2") == {"solver_elsewhere"}


def test_tried_before_a_round_rebuilds_what_that_round_saw(store):
    write(store, [miss("solver_a", 1)], round_index=0)
    write(store, [miss("solver_b", 1)], round_index=1, chunk=0)
    write(store, [miss("solver_c", 1)], round_index=2, chunk=0)
    assert store.tried("t1", before=("r1", 1)) == {"solver_a"}
    assert store.tried("t1", before=("other", 0)) == {"solver_a", "solver_b", "solver_c"}


def test_generations_count_the_rounds_that_planned_a_task(store):
    rows = [ProgramRow.of(Program.from_steps("solver", [("rot90", "I")]), "enumerated")]
    first = Candidate(rows[0].id, rows[0].program)
    assert store.generations("t1") == 0
    store.save_plan("r1", 0, {"t1": (first,), "t2": ()}, 256, rows)
    store.save_plan("r1", 1, {"t1": ()}, 256, rows)
    store.begin_run("r9", {}, 0)
    store.save_plan("r9", 0, {"t1": (first,)}, 256, rows)
    assert store.generations("t1") == 3 and store.generations("t2") == 1
    # A resumed round counts what came before it, and nothing of its own run from it on.
    assert store.generations("t1", before=("r1", 1)) == 2
    assert store.generations("t1", before=("r9", 0)) == 2


def test_a_saved_plan_comes_back_the_same(store):
    first = Candidate.of(Program.from_steps("solver", [("rot90", "I")]))
    second = Candidate.of(Program.from_steps("solver", [("mirror_left_right", "I")]))
    rows = [ProgramRow.of(c.program, "enumerated") for c in (first, second)]
    assert store.load_plan("r1", 0) is None
    store.save_plan("r1", 0, {"t2": (second, first), "t1": (first,)}, 256, rows)
    plan = store.load_plan("r1", 0)
    assert plan == {"t2": (second, first), "t1": (first,)}
    assert list(plan) == ["t2", "t1"]
    store.save_plan("r1", 0, {"t1": (second,)}, 256, rows)  # a task's first plan stands
    assert store.load_plan("r1", 0) == plan
    store.save_plan("r1", 0, {"t3": (second,)}, 256, rows)  # other tasks join the round's plan
    assert store.load_plan("r1", 0) == {**plan, "t3": (second,)}
    assert store.load_plan("r1", 1) is None


def test_a_plan_naming_unknown_programs_is_not_saved(store):
    ghost = Candidate.of(Program.from_steps("solver", [("rot90", "I")]))
    with pytest.raises(StoreError, match="not saved"):
        store.save_plan("r1", 0, {"t1": (ghost,)}, 256, [])
    assert store.load_plan("r1", 0) is None


# -- rankings ------------------------------------------------------------------------------


def test_solvers_rank_by_size_then_found_then_id(store):
    store.begin_run("r2", {}, 0)
    sizes = {"solver_big": 3, "solver_late": 2, "solver_early": 2, "solver_high": 2,
             "solver_b": 2, "solver_a": 2, "solver_small": 1}
    write(store, [ok("solver_big")], round_index=0, chunk=0, sizes=sizes)
    write(store, [ok("solver_early")], round_index=0, chunk=1, sizes=sizes)
    write(store, [ok("solver_late")], run="r2", round_index=0, chunk=0, sizes=sizes)
    # Round 1 of r1 comes before any round of the later run r2; within it, chunks
    # arrive in any order, so the id decides (a solver's differ scores play no part).
    write(store, [ok("solver_b", {"d": 100.0})], round_index=1, chunk=0, sizes=sizes)
    write(store, [ok("solver_high", {"d": 900.0})], round_index=1, chunk=1, sizes=sizes)
    write(store, [ok("solver_a", {"d": 100.0})], round_index=1, chunk=2, sizes=sizes)
    write(store, [ok("solver_small")], run="r2", round_index=3, chunk=1, sizes=sizes)
    ranked = store.solvers("t1")
    assert [s.program_id for s in ranked] == ["solver_small", "solver_early", "solver_a",
                                              "solver_b", "solver_high", "solver_late", "solver_big"]
    assert [s.rank for s in ranked] == list(range(1, 8))
    early, late = ranked[1], ranked[5]
    assert (early.run_id, early.round, late.run_id, late.round) == ("r1", 0, "r2", 0)
    assert early.found < ranked[2].found == ranked[3].found < late.found


def test_solvers_are_distinct_and_keep_where_they_were_first_found(store):
    store.begin_run("r2", {}, 0)
    write(store, [ok("solver_a")], run="r2", round_index=0)
    write(store, [ok("solver_a")], round_index=4)
    write(store, [ok("solver_a"), ok("solver_b")], task="t2", round_index=0)
    write(store, [miss("solver_c", 900)], task="t2", round_index=0, chunk=1)
    only = store.solvers("t1")
    assert [(s.program_id, s.run_id, s.round) for s in only] == [("solver_a", "r1", 4)]
    everything = store.solvers()
    assert [(s.task_id, s.program_id, s.rank) for s in everything] == [
        ("t1", "solver_a", 1), ("t2", "solver_a", 1), ("t2", "solver_b", 2)]
    assert store.solved_tasks() == {"t1", "t2"}


def test_the_ranking_does_not_depend_on_arrival_order(tmp_path):
    def ranking(order):
        with Store.open(tmp_path / f"{'-'.join(order)}.sqlite") as store:
            store.begin_run("r1", {}, 0)
            for chunk, pid in enumerate(order):
                write(store, [ok(pid)], chunk=chunk)
            return [s.program_id for s in store.solvers("t1")]

    assert ranking(["solver_a", "solver_b", "solver_c"]) == ranking(["solver_c", "solver_a", "solver_b"])


def test_near_misses_rank_by_differ_score_then_train_score_then_id(store):
    write(store, [miss("solver_a", 900), miss("solver_b", 100, {"d": 800.0}),
                  miss("solver_c", 200, {"d": 800.0}), miss("solver_e", 300, {"d": 800.0}),
                  miss("solver_d", 300, {"d": 800.0}), ok("solver_ok"),
                  CandidateResult("solver_err", "error:KeyError", 0.0)], chunk=0)
    write(store, [miss("solver_x", 999, {"d": 999.0})], task="t2")
    ranked = store.near_misses("t1", 10)
    assert [m.program_id for m in ranked] == ["solver_d", "solver_e", "solver_c", "solver_b",
                                              "solver_a"]
    assert [m.program_id for m in store.near_misses("t1", 2)] == ["solver_d", "solver_e"]
    assert ranked[0] == NearMissRow("t1", "solver_d", program("solver_d").source, 1, 800.0, 300,
                                    {"d": 800.0}, "r1", 0)


def test_a_near_miss_appears_once_with_its_best_result(store):
    write(store, [miss("solver_a", 100, {"d": 200.0})], round_index=0)
    write(store, [miss("solver_a", 100, {"d": 700.0})], round_index=1)
    write(store, [miss("solver_b", 100, {"d": 500.0})], round_index=1, chunk=1)
    ranked = store.near_misses("t1", 5)
    assert [(m.program_id, m.differ_score, m.round) for m in ranked] == [
        ("solver_a", 700.0, 1), ("solver_b", 500.0, 1)]


def test_the_pool_is_every_distinct_solver_smallest_first(store):
    sizes = {"solver_b": 1, "solver_a": 2, "solver_c": 1}
    write(store, [ok("solver_a"), ok("solver_b")], task="t1", sizes=sizes)
    write(store, [ok("solver_a"), miss("solver_c", 900)], task="t2", sizes=sizes)
    store.add_programs([program("differ_d", kind="differ"), program("solver_unused")])
    assert [row.id for row in store.pool()] == ["solver_b", "solver_a"]
    assert [row.id for row in store.pool("differ")] == ["differ_d"]
    with pytest.raises(ValueError):
        store.pool("oracle")


# -- notebooks and reports -----------------------------------------------------------------


def test_outcome_counts_and_task_table(store):
    store.begin_run("r2", {}, 0)
    write(store, [ok("solver_a"), miss("solver_b", 400, {"d": 300.0}), miss("solver_c", 600)],
          round_index=0, chunk=0)
    write(store, [CandidateResult("solver_d", "timeout", 0.0)], round_index=1, chunk=0)
    write(store, [miss("solver_e", 100)], task="t2", round_index=1, chunk=0)
    write(store, [ok("solver_z")], run="r2")
    assert store.outcome_counts("r1") == {0: {"ok": 1, "mismatch": 2},
                                          1: {"timeout": 1, "mismatch": 1}}
    table = store.task_table("r1")
    assert [(t.task_id, t.candidates, t.solvers, t.best_differ_score, t.best_train_score)
            for t in table] == [("t1", 4, 1, 300.0, 600), ("t2", 1, 0, 0.0, 100)]
    assert table[0].seconds == pytest.approx(0.03)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(st.none(), grids(max_side=4)), max_size=3))
def test_predictions_survive_json(predictions):
    assert predictions_from_json(predictions_to_json(tuple(predictions))) == tuple(predictions)

"""The results store: programs, runs, results and committed chunks in one SQLite file.

The client is the only writer: a collected chunk is one ``write_chunk``, and
``graphs.engine.store_batch`` puts the chunks of up to half a second in one
``batch`` transaction, so a crash loses at most the chunks in flight and that
half second, and Ctrl-C none. One process at a time opens it for writing:
``Store.open`` takes the folder's lock (``store_lock``), and a second writer
is refused with the first one's pid. The file is in WAL mode, so a notebook
or a status command can read it (``Store.open_readonly``, which takes no
lock) while a run writes. A write that fails because the folder is full or
read-only raises ``StoreWriteError`` and leaves every earlier commit as it
was.

A chunk that never ran to its end (``cancelled``, ``worker_lost``) has its
results stored but is not committed: it is still work to do, so a resumed
round runs it again and its new results replace the lost ones.

The pool persists: the next run in the same output folder starts from the
solvers, near-misses and tried programs that earlier runs stored.

>>> import tempfile
>>> from tasks.running.evaluate import CandidateResult
>>> folder = Path(tempfile.mkdtemp())
>>> with Store.open(store_path(folder)) as store:
...     store.begin_run("run1", {"rounds": 1}, seed=0)
...     program = ProgramRow("solver_ab", "solver", "def solve(S, I):\\n    O = rot90(I)\\n"
...                          "    return O\\n", 1, "hand")
...     store.write_chunk("run1", 0, "task1", 0,
...                       [CandidateResult("solver_ab", "ok", 0.01, 1000, {}, (((1,),),))], [program])
...     store.end_run("run1", "finished", {"candidates": 1})
...     [(s.task_id, s.program_id, s.predictions) for s in store.solvers()]
[('task1', 'solver_ab', (((1,),),))]
>>> store.closed
True
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from graphs.engine.store_file import (SCHEMA_VERSION, StoreError, StoreWriteError,
                                      check_store_file, connect_for_reading, connect_for_writing,
                                      now, sqlite_write_failure, store_path)
from graphs.engine.store_lock import LockHolder, StoreBusyError, WriterLock, lock_for_writing, lock_holder
from graphs.engine.store_rows import (FINISHED, INTERRUPTED, ROUNDS_PER_RUN, RUNNING, NearMissRow,
                                      ProgramRow, RunRow, SolverRow, TaskRow, parse_stored,
                                      predictions_from_json, predictions_to_json, to_json)
from tasks.data.outcomes import CANCELLED, INFRASTRUCTURE_OUTCOMES, MISMATCH, OK, WORKER_LOST

# The SQL here and in the schema spells these two outcomes literally, so SQLite can use the
# partial index.
assert (OK, MISMATCH) == ("ok", "mismatch")

if TYPE_CHECKING:
    from tasks.running.evaluate import Candidate, CandidateResult

# What ``from graphs.engine.store import ...`` offers: the store, its rows, and its file's names.
__all__ = ["SCHEMA_VERSION", "LockHolder", "NearMissRow", "ProgramRow", "RunRow", "SolverRow",
           "Store", "StoreBusyError", "StoreError", "StoreWriteError", "TaskRow", "lock_holder",
           "store_path"]

# Outcomes of a chunk that never ran to its end: the engine recorded them for every candidate
# of the chunk, none was evaluated, and a resumed round runs the chunk again. (A ``timeout``
# stays: a round cut at its deadline is the run's own choice, and a resumed run must compute
# what an uninterrupted one does.)
UNFINISHED_OUTCOMES = frozenset({CANCELLED, WORKER_LOST})
assert UNFINISHED_OUTCOMES <= INFRASTRUCTURE_OUTCOMES


def _result_row(run_id: str, round_index: int, task_id: str, result: "CandidateResult") -> tuple:
    # Most candidates have neither differ scores nor predictions: skip the JSON encoder for them.
    scores = to_json(result.differ_scores) if result.differ_scores else "{}"
    predictions = predictions_to_json(result.predictions) if result.predictions else "[]"
    return (run_id, round_index, task_id, result.candidate_id, result.outcome,
            int(result.train_score), float(result.differ_score), scores, float(result.seconds),
            predictions)


def _program_row(row: ProgramRow, run_id: str | None, created: str) -> tuple:
    return (row.id, row.kind, row.source, int(row.size), row.origin, run_id, created)


def _run_row(row: sqlite3.Row) -> RunRow:
    totals = None if row["totals"] is None else json.loads(row["totals"])
    return RunRow(row["id"], json.loads(row["config"]), row["seed"], row["started"], row["ended"],
                  row["status"], totals)


def _ranked(rows: Iterable[sqlite3.Row]) -> list[SolverRow]:
    """Solver rows, already in rank order per task, numbered 1.. within each task."""
    ranked, rank, task = [], 0, None
    for row in rows:
        rank = rank + 1 if row["task_id"] == task else 1
        task = row["task_id"]
        ranked.append(SolverRow(row["task_id"], row["program_id"], row["source"], row["size"],
                                row["run_id"], row["round"],
                                row["run_seq"] * ROUNDS_PER_RUN + row["round"],
                                predictions_from_json(row["predictions"]),
                                rank))
    return ranked


_INSERT_PROGRAM = ("INSERT OR IGNORE INTO programs (id, kind, source, size, origin, first_run, "
                   "created) VALUES (?, ?, ?, ?, ?, ?, ?)")
# A result already stored stays, unless it is the loss of a chunk that never finished: the
# chunk's new run replaces it.
_INSERT_RESULT = ("INSERT INTO results (run_id, round, task_id, program_id, outcome, "
                  "train_score, differ_score, differ_scores, seconds, predictions) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (run_id, round, task_id, program_id) DO UPDATE SET "
                  "outcome = excluded.outcome, train_score = excluded.train_score, "
                  "differ_score = excluded.differ_score, differ_scores = excluded.differ_scores, "
                  "seconds = excluded.seconds, predictions = excluded.predictions "
                  f"WHERE results.outcome IN ({', '.join(repr(o) for o in sorted(UNFINISHED_OUTCOMES))})")
_PROGRAM_COLUMNS = "p.id, p.kind, p.source, p.size, p.origin"

# First "ok" result of each (task, program): earliest run, then round, then row.
_SOLVERS = """
WITH ok AS (
    SELECT r.task_id, r.program_id, r.run_id, r.round, r.predictions, runs.rowid AS run_seq,
           ROW_NUMBER() OVER (same ORDER BY runs.rowid, r.round, r.rowid) AS nth
    FROM results r JOIN runs ON runs.id = r.run_id
    WHERE r.outcome = 'ok' {where}
    WINDOW same AS (PARTITION BY r.task_id, r.program_id)
)
SELECT ok.*, p.source, p.size FROM ok JOIN programs p ON p.id = ok.program_id
WHERE ok.nth = 1
ORDER BY ok.task_id, p.size, ok.run_seq, ok.round, ok.program_id
"""

# Each program's best mismatch on the task, best programs first.
_NEAR_MISSES = """
WITH miss AS (
    SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.program_id
                                   ORDER BY r.differ_score DESC, r.train_score DESC, r.rowid) AS nth
    FROM results r WHERE r.task_id = ? AND r.outcome = 'mismatch'
)
SELECT miss.*, p.source, p.size FROM miss JOIN programs p ON p.id = miss.program_id
WHERE miss.nth = 1
ORDER BY miss.differ_score DESC, miss.train_score DESC, miss.program_id
LIMIT ?
"""

_TASK_TABLE = """
SELECT task_id, COUNT(*) AS candidates,
       COUNT(DISTINCT CASE WHEN outcome = 'ok' THEN program_id END) AS solvers,
       COALESCE(MAX(CASE WHEN outcome = 'mismatch' THEN differ_score END), 0.0) AS best_differ,
       COALESCE(MAX(CASE WHEN outcome != 'ok' THEN train_score END), 0) AS best_train,
       SUM(seconds) AS seconds
FROM results WHERE run_id = ? GROUP BY task_id ORDER BY task_id
"""


def _roll_back(connection: sqlite3.Connection) -> None:
    """Undo an open transaction, keeping the error that caused it in view."""
    # SQLite rolls some failures back itself; a second ROLLBACK would hide the error, and a
    # ROLLBACK that fails on a full disk must not replace the disk-full error either.
    if connection.in_transaction:
        try:
            connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass


class Store:
    """The SQLite store of one output folder; a context manager that closes the file.

    Open it with ``Store.open`` (the run's writer) or ``Store.open_readonly``
    (notebooks and reports, while a run writes or after).
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, readonly: bool,
                 lock: WriterLock | None = None) -> None:
        self.path = path
        self.readonly = readonly
        self._connection: sqlite3.Connection | None = connection
        self._lock = lock
        connection.row_factory = sqlite3.Row

    # -- opening and closing ---------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> "Store":
        """Open the store at ``path`` for writing, creating the file and its schema if needed.

        An existing file that is not a store of this schema version raises
        ``StoreError`` and is left exactly as it was. While another process
        has the store open for writing, raises ``StoreBusyError`` naming it.
        """
        path = Path(path)
        if path.exists():
            check_store_file(path)  # a foreign file is refused before a lock file appears beside it
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock = lock_for_writing(path)
        except OSError as error:
            raise StoreError(f"{path.parent}: cannot open the store's lock file for writing "
                             f"({error.strerror or error}); use a writable --out folder") from None
        try:
            return cls(path, connect_for_writing(path), readonly=False, lock=lock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open_readonly(cls, path: Path | str) -> "Store":
        """Open an existing store for reading only; safe while a run writes to it."""
        path = Path(path)
        return cls(path, connect_for_reading(path), readonly=True)

    def close(self) -> None:
        """Close the file (and give back the lock); closing twice is harmless."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def closed(self) -> bool:
        return self._connection is None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "closed" if self.closed else "read-only" if self.readonly else "read-write"
        return f"Store({str(self.path)!r}, {mode})"

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for ad-hoc SQL in notebooks (rows are ``sqlite3.Row``)."""
        if self._connection is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._connection

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return self.connection.execute(sql, parameters).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it.

        A folder that stops taking writes (full, read-only) raises ``StoreWriteError``.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; use Store.open to write")
        connection = self.connection
        if connection.in_transaction:  # inside ``batch``: all or none of this part, committed with the batch
            with self._savepoint(connection):
                yield connection
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                _roll_back(connection)
                raise
        except sqlite3.OperationalError as error:
            failure = sqlite_write_failure(self.path, error)
            if failure is None:
                raise
            raise failure from None

    @staticmethod
    @contextmanager
    def _savepoint(connection: sqlite3.Connection) -> Iterator[None]:
        connection.execute("SAVEPOINT part")
        try:
            yield
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK TO part")
                connection.execute("RELEASE part")
            raise
        connection.execute("RELEASE part")

    @contextmanager
    def batch(self) -> Iterator["Store"]:
        """Several writes (e.g. ``write_chunk`` calls) in ONE transaction, committed together.

        Each write inside still stands or fails on its own (a savepoint): a
        chunk that raises ``StoreError`` leaves the others of the batch to commit.
        """
        with self._transaction():
            yield self

    # -- runs ------------------------------------------------------------------------------

    def begin_run(self, run_id: str, config: Mapping[str, Any], seed: int) -> None:
        """Record a new run as "running"; an id already used raises ``StoreError``."""
        with self._transaction() as connection:
            if connection.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone():
                raise StoreError(f"{self.path}: run {run_id!r} already exists; "
                                 "continue it (reopen_run) or choose a new run id")
            connection.execute(
                "INSERT INTO runs (id, config, seed, started, status) VALUES (?, ?, ?, ?, ?)",
                (run_id, to_json(dict(config)), int(seed), now(), RUNNING))

    def reopen_run(self, run_id: str) -> RunRow:
        """Mark an earlier run "running" again, to continue it; returns it with its config and seed."""
        with self._transaction() as connection:
            updated = connection.execute(
                "UPDATE runs SET status = ?, ended = NULL WHERE id = ?", (RUNNING, run_id))
            if updated.rowcount == 0:
                raise StoreError(f"{self.path}: no run {run_id!r} to resume")
        return self.run(run_id)

    def end_run(self, run_id: str, status: str, totals: Mapping[str, Any]) -> None:
        """Record how a run ended ("finished" or "interrupted") and its totals."""
        if status not in (FINISHED, INTERRUPTED):
            raise ValueError(f"a run ends {FINISHED!r} or {INTERRUPTED!r}, not {status!r}")
        with self._transaction() as connection:
            updated = connection.execute(
                "UPDATE runs SET status = ?, ended = ?, totals = ? WHERE id = ?",
                (status, now(), to_json(dict(totals)), run_id))
            if updated.rowcount == 0:
                raise StoreError(f"{self.path}: no run {run_id!r} to end")

    def run(self, run_id: str) -> RunRow:
        """The run with this id; ``StoreError`` if there is none."""
        rows = self._query("SELECT * FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise StoreError(f"{self.path}: no run {run_id!r}")
        return _run_row(rows[0])

    def runs(self) -> list[RunRow]:
        """Every run, in the order they began."""
        return [_run_row(row) for row in self._query("SELECT * FROM runs ORDER BY rowid")]

    def last_run(self, status: str | None = None) -> RunRow | None:
        """The most recently begun run, or the most recent with ``status``; None if none.

        A run killed without ``end_run`` stays "running": to resume, take
        ``last_run()`` and check its status is not "finished".
        """
        where, parameters = ("WHERE status = ?", (status,)) if status else ("", ())
        rows = self._query(f"SELECT * FROM runs {where} ORDER BY rowid DESC LIMIT 1", parameters)
        return _run_row(rows[0]) if rows else None

    # -- writing ---------------------------------------------------------------------------

    def add_programs(self, rows: Iterable[ProgramRow], run_id: str | None = None) -> None:
        """Store programs, in one transaction; a program already stored is left as it was."""
        created = now()
        with self._transaction() as connection:
            connection.executemany(_INSERT_PROGRAM, (_program_row(r, run_id, created) for r in rows))

    def write_chunk(self, run_id: str, round: int, task_id: str, chunk_index: int,
                    results: Sequence["CandidateResult"], programs: Sequence[ProgramRow] = ()
                    ) -> None:
        """Store one collected chunk in ONE transaction: its programs, results, and chunk row.

        Writing a chunk already committed changes nothing. A chunk that never
        finished (every result ``cancelled`` or ``worker_lost``) gets its
        results but no chunk row: it stays to do, and writing it again replaces
        those results. Every result's
        program must be among ``programs`` or already stored (e.g. by
        ``save_plan`` or ``add_programs``); otherwise
        ``StoreError`` is raised and nothing of the chunk is written.
        """
        created = now()
        try:
            with self._transaction() as connection:
                if connection.execute(
                        "SELECT 1 FROM chunks WHERE run_id = ? AND round = ? AND task_id = ? "
                        "AND chunk_index = ?", (run_id, round, task_id, chunk_index)).fetchone():
                    return
                connection.executemany(_INSERT_PROGRAM,
                                       (_program_row(p, run_id, created) for p in programs))
                connection.executemany(_INSERT_RESULT,
                                       (_result_row(run_id, round, task_id, r) for r in results))
                if results and all(r.outcome in UNFINISHED_OUTCOMES for r in results):
                    return
                connection.execute(
                    "INSERT INTO chunks (run_id, round, task_id, chunk_index, candidates, written) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (run_id, round, task_id, chunk_index, len(results), created))
        except sqlite3.IntegrityError as error:
            raise StoreError(self._integrity_message(run_id, round, task_id, chunk_index, results,
                                                     error)) from None

    def _integrity_message(self, run_id: str, round_index: int, task_id: str, chunk_index: int,
                           results: Sequence["CandidateResult"], error: Exception) -> str:
        """Say which reference was missing when a chunk could not be written."""
        where = f"{self.path}: chunk {chunk_index} of task {task_id!r}, round {round_index}"
        if not self._query("SELECT 1 FROM runs WHERE id = ?", (run_id,)):
            return f"{where} not written: run {run_id!r} was never begun (call begin_run first)"
        missing = sorted(pid for pid in {r.candidate_id for r in results} if self.program(pid) is None)
        if missing:
            return (f"{where} not written: results for programs not stored, e.g. {missing[:3]}; "
                    "pass every candidate's ProgramRow with the chunk")
        return f"{where} not written: {error}"

    def save_plan(self, run_id: str, round: int, candidates: Mapping[str, Sequence["Candidate"]],
                  chunk_size: int, programs: Sequence[ProgramRow] = ()) -> None:
        """Save tasks' candidates for a round, and their programs, in one transaction.

        Saved before the task's chunks are submitted, so ``load_plan`` gives a
        resumed round the same candidates in the same chunks. Tasks join a
        round's plan as their generation returns; a task's plan, once saved,
        stands: saving it again changes nothing.
        """
        created = now()
        with self._transaction() as connection:
            connection.executemany(_INSERT_PROGRAM,
                                   (_program_row(p, run_id, created) for p in programs))
            connection.execute("INSERT OR IGNORE INTO plans (run_id, round, chunk_size, saved) "
                               "VALUES (?, ?, ?, ?)", (run_id, round, int(chunk_size), created))
            connection.executemany(
                "INSERT OR IGNORE INTO plan_tasks (run_id, round, task_id, program_ids) "
                "VALUES (?, ?, ?, ?)",
                ((run_id, round, task_id, json.dumps([c.id for c in task_candidates]))
                 for task_id, task_candidates in candidates.items()))
            missing = connection.execute(
                # Only the tasks saved now: checking the round's every task made each save slower.
                "SELECT DISTINCT value FROM plan_tasks, json_each(plan_tasks.program_ids) "
                "WHERE run_id = ? AND round = ? AND task_id IN (SELECT value FROM json_each(?)) "
                "AND value NOT IN (SELECT id FROM programs) LIMIT 3",
                (run_id, round, json.dumps(list(candidates)))).fetchall()
            if missing:
                raise StoreError(f"{self.path}: plan of round {round} not saved: programs not "
                                 f"stored, e.g. {[m[0] for m in missing]}; pass their ProgramRows")

    def plan_chunk_size(self, run_id: str, round: int) -> int | None:
        """The chunk size a saved plan of this round was made with, or None if none was saved."""
        rows = self._query("SELECT chunk_size FROM plans WHERE run_id = ? AND round = ?", (run_id, round))
        return rows[0][0] if rows else None

    def load_plan(self, run_id: str, round: int) -> dict[str, tuple["Candidate", ...]] | None:
        """The candidates per task saved for this run and round, or None if none was saved."""
        from tasks.running.evaluate import Candidate

        if not self._query("SELECT 1 FROM plans WHERE run_id = ? AND round = ?", (run_id, round)):
            return None
        sources = {row[0]: (row[1], row[2]) for row in self._query(
            "SELECT DISTINCT p.id, p.source, p.kind FROM plan_tasks t, json_each(t.program_ids) j "
            "JOIN programs p ON p.id = j.value WHERE t.run_id = ? AND t.round = ?", (run_id, round))}
        plan = {}
        for task_id, ids in self._query("SELECT task_id, program_ids FROM plan_tasks "
                                        "WHERE run_id = ? AND round = ? ORDER BY rowid",
                                        (run_id, round)):
            plan[task_id] = tuple(Candidate(pid, parse_stored(*sources[pid], pid))
                                  for pid in json.loads(ids))
        return plan

    # -- reading for the search ------------------------------------------------------------

    def generations(self, task_id: str, before: tuple[str, int] | None = None) -> int:
        """How many rounds, of any run, planned candidates for the task.

        Generation goes one step deeper each time a task comes back, so a task
        a round never reached starts from the beginning, and a later run goes
        on from where earlier ones stopped. ``before=(run_id, round)`` leaves
        out that run from that round on, so a resumed round counts as it did.
        """
        sql = "SELECT COUNT(*) FROM plan_tasks WHERE task_id = ?"
        parameters: tuple = (task_id,)
        if before is not None:
            sql += " AND NOT (run_id = ? AND round >= ?)"
            parameters += tuple(before)
        return self._query(sql, parameters)[0][0]

    def committed_chunks(self, run_id: str) -> set[tuple[int, str, int]]:
        """(round, task_id, chunk_index) of every chunk of the run already committed."""
        rows = self._query("SELECT round, task_id, chunk_index FROM chunks WHERE run_id = ?",
                           (run_id,))
        return {(row[0], row[1], row[2]) for row in rows}

    def tried(self, task_id: str, before: tuple[str, int] | None = None) -> set[str]:
        """Ids of programs already evaluated on the task, in any run, to skip from now on.

        Timeouts, cancellations and lost workers do not count: those programs
        were never really evaluated. ``before=(run_id, round)`` leaves out the
        results of that run from that round on, so a resumed round can rebuild
        the candidate list it had when it began.
        """
        skipped = tuple(INFRASTRUCTURE_OUTCOMES)
        marks = ", ".join("?" * len(skipped))
        sql = f"SELECT DISTINCT program_id FROM results WHERE task_id = ? AND outcome NOT IN ({marks})"
        parameters: tuple = (task_id, *skipped)
        if before is not None:
            sql += " AND NOT (run_id = ? AND round >= ?)"
            parameters += tuple(before)
        return {row[0] for row in self._query(sql, parameters)}

    def solvers(self, task_id: str | None = None) -> list[SolverRow]:
        """Distinct solvers of one task (or of every task, by task id), best first.

        Ranked by fewer steps, then found earlier (run, then round), then
        program id (the search re-ranks them, see ``tasks.running.scoring``).
        """
        where, parameters = ("AND r.task_id = ?", (task_id,)) if task_id is not None else ("", ())
        return _ranked(self._query(_SOLVERS.format(where=where), parameters))

    def first_solver_origins(self, run_id: str | None = None) -> dict[str, str]:
        """Task id -> the origin of its first solver (earliest run, round, then row), over one run or all.

        Where solvers come from: the enumeration, mutants of near-misses, the
        pool's solvers (``tasks.search.generate.ORIGINS``; "seed" for the
        hand-written ones, "generated" in stores written before origins were kept).
        """
        where, parameters = ("AND r.run_id = ?", (run_id,)) if run_id is not None else ("", ())
        first: dict[str, str] = {}
        for task_id, origin in self._query(
                "SELECT r.task_id, p.origin FROM results r JOIN runs ON runs.id = r.run_id "
                f"JOIN programs p ON p.id = r.program_id WHERE r.outcome = 'ok' {where} "
                "ORDER BY r.task_id, runs.rowid, r.round, r.rowid", parameters):
            first.setdefault(task_id, origin)
        return first

    def solved_tasks(self) -> set[str]:
        """Ids of tasks some stored program solved."""
        return {row[0] for row in self._query(
            "SELECT DISTINCT task_id FROM results INDEXED BY results_solved WHERE outcome = 'ok'")}

    def near_misses(self, task_id: str, limit: int) -> list[NearMissRow]:
        """The task's best ``limit`` mismatching programs: by differ score, then train score, then id."""
        rows = self._query(_NEAR_MISSES, (task_id, int(limit)))
        return [NearMissRow(row["task_id"], row["program_id"], row["source"], row["size"],
                            row["differ_score"], row["train_score"], json.loads(row["differ_scores"]),
                            row["run_id"], row["round"]) for row in rows]

    def pool(self, kind: str = "solver", before: tuple[str, int] | None = None) -> list[ProgramRow]:
        """Programs to seed a round: solvers of any task, or every stored differ.

        Ordered by size, then id, so a round built from the pool is the same
        however its results arrived. ``before=(run_id, round)`` leaves out the
        solvers that run found from that round on, so a resumed round's
        generation sees the pool its first start saw.
        """
        if kind == "differ":
            return self.programs("differ")
        if kind != "solver":
            raise ValueError(f"kind is 'solver' or 'differ', not {kind!r}")
        where, parameters = "", ()
        if before is not None:
            where, parameters = " AND NOT (run_id = ? AND round >= ?)", tuple(before)
        # Drive the query from the few "ok" results, not from every stored solver.
        return self._program_rows(
            f"SELECT {_PROGRAM_COLUMNS} FROM (SELECT DISTINCT program_id FROM results "
            f"WHERE outcome = 'ok'{where}) ok JOIN programs p ON p.id = ok.program_id "
            "WHERE p.kind = 'solver' ORDER BY p.size, p.id", parameters)

    def programs(self, kind: str | None = None) -> list[ProgramRow]:
        """Every stored program, or those of one kind ("solver" or "differ"), ordered by id."""
        if kind not in (None, "solver", "differ"):
            raise ValueError(f"kind is 'solver', 'differ' or None, not {kind!r}")
        # The kind is spelled into the SQL (it is one of two words) so the differs' index applies.
        where = f"WHERE p.kind = '{kind}'" if kind else ""
        return self._program_rows(f"SELECT {_PROGRAM_COLUMNS} FROM programs p {where} ORDER BY p.id",
                                  ())

    def program(self, program_id: str) -> ProgramRow | None:
        """The stored program with this id, or None."""
        rows = self._program_rows(f"SELECT {_PROGRAM_COLUMNS} FROM programs p WHERE p.id = ?",
                                  (program_id,))
        return rows[0] if rows else None

    def program_ids(self) -> set[str]:
        """Ids of every stored program."""
        return {row[0] for row in self._query("SELECT id FROM programs")}

    def _program_rows(self, sql: str, parameters: Sequence[Any]) -> list[ProgramRow]:
        return [ProgramRow(*row) for row in self._query(sql, parameters)]

    # -- reading for notebooks and reports -------------------------------------------------

    def outcome_counts(self, run_id: str) -> dict[int, dict[str, int]]:
        """Candidates by outcome in each round of the run: {round: {outcome: n}}."""
        counts: dict[int, dict[str, int]] = {}
        for round_index, outcome, n in self._query(
                "SELECT round, outcome, COUNT(*) FROM results WHERE run_id = ? "
                "GROUP BY round, outcome ORDER BY round, outcome", (run_id,)):
            counts.setdefault(round_index, {})[outcome] = n
        return counts

    def task_table(self, run_id: str) -> list[TaskRow]:
        """One row per task of the run: candidates, distinct solvers, best scores, busy seconds."""
        return [TaskRow(*row) for row in self._query(_TASK_TABLE, (run_id,))]

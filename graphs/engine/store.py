"""The results store: programs, runs, results and committed chunks in one SQLite file.

The client is the only writer, one transaction per collected chunk, so a crash
or Ctrl-C loses at most the chunks in flight. The file is in WAL mode, so a
notebook can read it (``Store.open_readonly``) while a run writes.

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
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from tasks.data.grid import Grid
from tasks.data.outcomes import INFRASTRUCTURE_OUTCOMES, MISMATCH, OK

# The SQL below spells these two outcomes literally, so SQLite can use the partial index.
assert (OK, MISMATCH) == ("ok", "mismatch")

if TYPE_CHECKING:
    from tasks.running.evaluate import Candidate, CandidateResult
    from tasks.programs.program import Program

# Bump when the tables change; a store with another version is refused, never migrated in place.
SCHEMA_VERSION = 1

STORE_FILENAME = "store.sqlite"

RUNNING, FINISHED, INTERRUPTED = "running", "finished", "interrupted"
RUN_STATUSES = (RUNNING, FINISHED, INTERRUPTED)

# ``found`` packs (run sequence number, round) into one int that sorts the same way.
ROUNDS_PER_RUN = 1_000_000

# What a refused file's message tells the user to do.
FIX_HINT = "use another --out folder, or move the file away"

# Every SQLite 3 database file starts with these 16 bytes.
SQLITE_HEADER = b"SQLite format 3\x00"

# How long a statement waits for another connection's lock before failing.
BUSY_TIMEOUT_S = 30.0

SCHEMA = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE programs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('solver', 'differ')),
    source TEXT NOT NULL,
    size INTEGER NOT NULL,
    origin TEXT NOT NULL,
    first_run TEXT,
    created TEXT NOT NULL
);
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    config TEXT NOT NULL,
    seed INTEGER NOT NULL,
    started TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
    totals TEXT
);
CREATE TABLE results (
    run_id TEXT NOT NULL REFERENCES runs (id),
    round INTEGER NOT NULL,
    task_id TEXT NOT NULL,
    program_id TEXT NOT NULL REFERENCES programs (id),
    outcome TEXT NOT NULL,
    train_score INTEGER NOT NULL,
    differ_score REAL NOT NULL,
    differ_scores TEXT NOT NULL,
    seconds REAL NOT NULL,
    predictions TEXT NOT NULL,
    PRIMARY KEY (run_id, round, task_id, program_id)
);
-- the candidates of a round, saved before it is submitted, so a resumed
-- round rebuilds the same chunks (program_ids: JSON list, in chunk order)
CREATE TABLE plans (
    run_id TEXT NOT NULL REFERENCES runs (id),
    round INTEGER NOT NULL,
    chunk_size INTEGER NOT NULL,
    saved TEXT NOT NULL,
    PRIMARY KEY (run_id, round)
);
CREATE TABLE plan_tasks (
    run_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    task_id TEXT NOT NULL,
    program_ids TEXT NOT NULL,
    PRIMARY KEY (run_id, round, task_id),
    FOREIGN KEY (run_id, round) REFERENCES plans (run_id, round)
);
CREATE TABLE chunks (
    run_id TEXT NOT NULL REFERENCES runs (id),
    round INTEGER NOT NULL,
    task_id TEXT NOT NULL,
    chunk_index INTEGER NOT NULL,
    candidates INTEGER NOT NULL,
    written TEXT NOT NULL,
    PRIMARY KEY (run_id, round, task_id, chunk_index)
);
-- tried, solvers and near_misses of one task
CREATE INDEX results_by_task ON results (task_id, outcome, program_id);
-- pool and solved_tasks: a small index of the few "ok" rows (queries must
-- spell outcome = 'ok' literally for SQLite to use it)
CREATE INDEX results_solved ON results (task_id, program_id) WHERE outcome = 'ok';
-- differs are few among millions of candidates: index just them, so every
-- candidate's insert stays cheap
CREATE INDEX programs_differs ON programs (id) WHERE kind = 'differ';
"""


class StoreError(Exception):
    """The store file cannot be used as asked; the message names the file and what to do."""


@dataclass(frozen=True)
class ProgramRow:
    """A stored program: content id, kind, canonical source, number of steps, where it came from.

    ``origin`` is free text, by convention "hand", "user", "enumerated",
    "mutated" or "transplanted".
    """

    id: str
    kind: str
    source: str
    size: int
    origin: str

    @classmethod
    def of(cls, program: "Program", origin: str) -> "ProgramRow":
        """The row for ``program``: its content id, and the source and size of its canonical form.

        >>> from tasks.programs.program import Program
        >>> p = Program.from_steps("solver", [("rot90", "I"), ("identity", "I")])
        >>> row = ProgramRow.of(p, "hand")
        >>> from tasks.programs.canonical import content_id
        >>> row.size, row.id == content_id(p), row.source.splitlines()[1]
        (1, True, '    O = identity(I)')
        """
        from tasks.programs.canonical import canonical, content_id

        shape = canonical(program)
        return cls(content_id(program), program.kind, shape.to_source(), shape.size, origin)

    @property
    def program(self) -> "Program":
        """The program, parsed back from its source (never executed)."""
        return parse_stored(self.source, self.kind, self.id)


@dataclass(frozen=True)
class RunRow:
    """One run: its configuration and seed, when it started and ended, and its totals."""

    id: str
    config: dict[str, Any]
    seed: int
    started: str
    ended: str | None
    status: str
    totals: dict[str, Any] | None


@dataclass(frozen=True)
class SolverRow:
    """A program that solved a task, where it was first found, and its predictions.

    ``found`` orders first discoveries: ``run_seq * ROUNDS_PER_RUN + round``
    of the first time it solved the task, where ``run_seq`` numbers runs in
    the order they began. It says which run and round came first, not which
    chunk happened to arrive first, so the ranking is the same however the
    cluster scheduled the round. ``rank`` is 1 for the task's best solver.
    """

    task_id: str
    program_id: str
    source: str
    size: int
    run_id: str
    round: int
    found: int
    predictions: tuple[Grid | None, ...]
    rank: int

    @property
    def program(self) -> "Program":
        """The program, parsed back from its source (never executed)."""
        return parse_stored(self.source, "solver", self.program_id)


@dataclass(frozen=True)
class NearMissRow:
    """A program's best mismatch on a task: its scores, and where that result was recorded."""

    task_id: str
    program_id: str
    source: str
    size: int
    differ_score: float
    train_score: int
    differ_scores: dict[str, float]
    run_id: str
    round: int

    @property
    def program(self) -> "Program":
        """The program, parsed back from its source (never executed)."""
        return parse_stored(self.source, "solver", self.program_id)


@dataclass(frozen=True)
class TaskRow:
    """One task in one run: candidates evaluated, distinct solvers, best scores, busy seconds."""

    task_id: str
    candidates: int
    solvers: int
    best_differ_score: float
    best_train_score: int
    seconds: float


def store_path(out_dir: Path | str) -> Path:
    """Where the store of an output folder lives.

    >>> store_path("out").as_posix()
    'out/store.sqlite'
    """
    return Path(out_dir) / STORE_FILENAME


@lru_cache(maxsize=1 << 14)
def parse_stored(source: str, kind: str, program_id: str) -> "Program":
    """Parse a stored program's source; errors name the program id as the file.

    A store written with an older DSL may hold programs whose primitives are
    gone: those raise ``tasks.programs.parse.ProgramSyntaxError``.

    >>> parse_stored("def solve(S, I):\\n    O = rot90(I)\\n    return O\\n", "solver", "x").size
    1
    """
    from tasks.programs.parse import parse_program

    return parse_program(source, f"<store {program_id}>", kind=kind)


def now() -> str:
    """The current UTC time as ISO 8601 text, which sorts and reads well in SQL."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def to_json(value: Any) -> str:
    """Compact JSON with sorted keys; values JSON lacks (paths, sets) become their text.

    >>> to_json({"b": 1, "a": Path("x")})
    '{"a":"x","b":1}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def predictions_to_json(predictions: Sequence[Grid | None]) -> str:
    """Test predictions as JSON: a list of grids (lists of rows), null where there is none.

    >>> predictions_to_json((((1, 2),), None))
    '[[[1,2]],null]'
    """
    return json.dumps([None if grid is None else [list(row) for row in grid]
                       for grid in predictions], separators=(",", ":"))


def predictions_from_json(text: str) -> tuple[Grid | None, ...]:
    """Predictions back as immutable grids.

    >>> predictions_from_json('[[[1,2]],null]')
    (((1, 2),), None)
    """
    return tuple(None if grid is None else tuple(tuple(row) for row in grid)
                 for grid in json.loads(text))


def _has_sqlite_header(path: Path) -> bool:
    """True for an SQLite database file; an empty file counts, as SQLite treats it as a new one."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_HEADER))
    return head in (b"", SQLITE_HEADER)


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file: for validation and for notebooks."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)


def _stored_version(connection: sqlite3.Connection, path: Path) -> int | None:
    """The schema version recorded in the file; None for a database with no tables at all.

    Raises ``StoreError`` for anything else: not a database, or another program's database.
    """
    try:
        tables = {name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None
        if "meta" not in tables:
            raise StoreError(f"{path}: an SQLite database but not a search store (no meta table); "
                             f"{FIX_HINT}")
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: not a readable SQLite database ({error}); {FIX_HINT}") from None
    if row is None or not str(row[0]).isdigit():
        raise StoreError(f"{path}: a store without a valid schema_version; {FIX_HINT}")
    return int(row[0])


def check_store_file(path: Path) -> bool:
    """Check an existing file can be opened as a store, without changing it.

    Returns True when the file already holds the schema, False when it is an
    empty database that still needs one. Raises ``StoreError`` otherwise.
    """
    if not path.is_file():
        raise StoreError(f"{path}: not a file; {FIX_HINT}")
    if not _has_sqlite_header(path):
        raise StoreError(f"{path}: not an SQLite database; {FIX_HINT}")
    connection = _read_only_connection(path)
    try:
        version = _stored_version(connection, path)
    finally:
        connection.close()
    if version is not None and version != SCHEMA_VERSION:
        raise StoreError(f"{path}: store schema version {version}, this program reads version "
                         f"{SCHEMA_VERSION}; {FIX_HINT}")
    return version is not None


def _create_schema(connection: sqlite3.Connection) -> None:
    """Create every table and record the schema version, in one transaction."""
    # Both values are ours (an int and an ISO time), so writing them into the script is safe.
    meta = (f"INSERT INTO meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}');"
            f"INSERT INTO meta (key, value) VALUES ('created', '{now()}');")
    connection.executescript("BEGIN IMMEDIATE;" + SCHEMA + meta + "COMMIT;")


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
_INSERT_RESULT = ("INSERT OR IGNORE INTO results (run_id, round, task_id, program_id, outcome, "
                  "train_score, differ_score, differ_scores, seconds, predictions) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
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


class Store:
    """The SQLite store of one output folder; a context manager that closes the file.

    Open it with ``Store.open`` (the run's writer) or ``Store.open_readonly``
    (notebooks and reports, while a run writes or after).
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, readonly: bool) -> None:
        self.path = path
        self.readonly = readonly
        self._connection: sqlite3.Connection | None = connection
        connection.row_factory = sqlite3.Row

    # -- opening and closing ---------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> "Store":
        """Open the store at ``path`` for writing, creating the file and its schema if needed.

        An existing file that is not a store of this schema version raises
        ``StoreError`` and is left exactly as it was.
        """
        path = Path(path)
        has_schema = check_store_file(path) if path.exists() else False
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            # WAL lets readers see committed chunks while the writer goes on;
            # NORMAL sync keeps every commit through a process crash.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            if not has_schema:
                _create_schema(connection)
        except BaseException:
            connection.close()
            raise
        return cls(path, connection, readonly=False)

    @classmethod
    def open_readonly(cls, path: Path | str) -> "Store":
        """Open an existing store for reading only; safe while a run writes to it."""
        path = Path(path)
        if not path.exists():
            raise StoreError(f"{path}: no store here; pass the store of a run's --out folder")
        if not check_store_file(path):
            raise StoreError(f"{path}: an empty database, not a search store; "
                             "pass the store of a run's --out folder")
        return cls(path, _read_only_connection(path), readonly=True)

    def close(self) -> None:
        """Close the file; closing twice is harmless."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

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
        """One write transaction: all of it is committed, or none of it."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; use Store.open to write")
        connection = self.connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            # SQLite rolls some failures back itself; a second ROLLBACK would hide the error.
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

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

        Writing a chunk already committed changes nothing. Every result's
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
                "SELECT DISTINCT value FROM plan_tasks, json_each(plan_tasks.program_ids) "
                "WHERE run_id = ? AND round = ? AND value NOT IN (SELECT id FROM programs) LIMIT 3",
                (run_id, round)).fetchall()
            if missing:
                raise StoreError(f"{self.path}: plan of round {round} not saved: programs not "
                                 f"stored, e.g. {[m[0] for m in missing]}; pass their ProgramRows")

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

    def pool(self, kind: str = "solver") -> list[ProgramRow]:
        """Programs to seed a round: solvers of any task, or every stored differ.

        Ordered by size, then id, so a round built from the pool is the same
        however its results arrived.
        """
        if kind == "differ":
            return self.programs("differ")
        if kind != "solver":
            raise ValueError(f"kind is 'solver' or 'differ', not {kind!r}")
        # Drive the query from the few "ok" results, not from every stored solver.
        return self._program_rows(
            f"SELECT {_PROGRAM_COLUMNS} FROM (SELECT DISTINCT program_id FROM results "
            "WHERE outcome = 'ok') ok JOIN programs p ON p.id = ok.program_id "
            "WHERE p.kind = 'solver' ORDER BY p.size, p.id", ())

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

"""The store's file: the schema it holds, and opening it without harming a file that is not one.

A file is opened as a store only if it is one of this schema version (or an
empty database, which gets the schema); anything else raises ``StoreError``
and is left exactly as it was. Stores are never migrated in place.

>>> import tempfile
>>> path = store_path(tempfile.mkdtemp())
>>> connect_for_writing(path).close()
>>> check_store_file(path)
True
"""

from __future__ import annotations

import errno
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

# Bump when the tables change; a store with another version is refused, never migrated in place.
SCHEMA_VERSION = 1

STORE_FILENAME = "store.sqlite"

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


class StoreWriteError(StoreError):
    """The output folder stopped taking writes mid-run (full, read-only, failing): nothing
    committed before is lost, and the run resumes once the folder takes writes again."""


# What to do about a folder that stopped taking writes, by kind of failure.
_WRITE_ADVICE = {"full": "free space", "read-only": "make it writable", "failing": "check the disk"}

# SQLite's primary result codes for a file that cannot be written (extended codes such as
# SQLITE_IOERR_WRITE start with these names).
_SQLITE_WRITE_FAILURES = (("SQLITE_FULL", "full"), ("SQLITE_READONLY", "read-only"),
                          ("SQLITE_CANTOPEN", "read-only"), ("SQLITE_PERM", "read-only"),
                          ("SQLITE_IOERR", "failing"))

_OS_WRITE_FAILURES = {errno.ENOSPC: "full", errno.EDQUOT: "full", errno.EFBIG: "full",
                      errno.EROFS: "read-only", errno.EACCES: "read-only", errno.EPERM: "read-only",
                      errno.EIO: "failing"}


def cannot_write(where: Path | str, reason: str, kind: str) -> StoreWriteError:
    """The one-line error for a folder that stopped taking writes.

    >>> print(cannot_write("out/store.sqlite", "database or disk is full", "full"))
    cannot write to out/store.sqlite: database or disk is full; free space and run again with --resume
    """
    return StoreWriteError(f"cannot write to {where}: {reason}; {_WRITE_ADVICE[kind]} and run again "
                           "with --resume")


def sqlite_write_failure(path: Path, error: sqlite3.Error) -> StoreWriteError | None:
    """The ``StoreWriteError`` an SQLite error means, if the file could not be written; else None.

    >>> full = sqlite3.OperationalError("database or disk is full")
    >>> full.sqlite_errorname = "SQLITE_FULL"
    >>> sqlite_write_failure(Path("s.sqlite"), full).args[0].split(";")[0]
    'cannot write to s.sqlite: database or disk is full'
    """
    name = getattr(error, "sqlite_errorname", "") or ""
    for prefix, kind in _SQLITE_WRITE_FAILURES:
        if name.startswith(prefix):
            return cannot_write(path, str(error), kind)
    return None


def file_write_failure(error: OSError, folder: Path | str) -> StoreWriteError | None:
    """The ``StoreWriteError`` an OS error writing into ``folder`` means (disk full, read-only); else None.

    A buffered file's flush reports no file name: the folder is named instead.

    >>> file_write_failure(OSError(errno.ENOSPC, "No space left on device"), "out").args[0]
    'cannot write to out: No space left on device; free space and run again with --resume'
    >>> file_write_failure(ConnectionResetError(), "out") is None
    True
    """
    kind = _OS_WRITE_FAILURES.get(error.errno)
    if kind is None:
        return None
    return cannot_write(error.filename or folder, error.strerror or str(error), kind)


def store_path(out_dir: Path | str) -> Path:
    """Where the store of an output folder lives.

    >>> store_path("out").as_posix()
    'out/store.sqlite'
    """
    return Path(out_dir) / STORE_FILENAME


def now() -> str:
    """The current UTC time as ISO 8601 text, which sorts and reads well in SQL."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


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
    # A read-only connection to a file whose header says WAL makes the -wal and -shm files
    # beside it; a file refused as not ours must be left as it was found, with nothing beside it.
    beside = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    made = [side for side in beside if not side.exists()]
    connection = _read_only_connection(path)
    try:
        version = _stored_version(connection, path)
    except StoreError:
        connection.close()
        for side in made:
            side.unlink(missing_ok=True)
        raise
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


def connect_for_writing(path: Path) -> sqlite3.Connection:
    """A connection to the store at ``path``, creating the file and its schema if needed.

    An existing file that is not a store of this schema version raises
    ``StoreError`` and is left exactly as it was.
    """
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
    return connection


def connect_for_reading(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing store; safe while a run writes to it."""
    if not path.exists():
        raise StoreError(f"{path}: no store here; pass the store of a run's --out folder")
    if not check_store_file(path):
        raise StoreError(f"{path}: an empty database, not a search store; "
                         "pass the store of a run's --out folder")
    return _read_only_connection(path)

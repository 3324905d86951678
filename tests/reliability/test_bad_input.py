"""Bad input through the CLI: one line naming the problem and its place, exit 2, nothing damaged.

Most cases call ``graphs.run.main`` in this process (it is the CLI, minus the
interpreter start-up); program files with non-DSL code go through a real
subprocess run, since the run must go on without them.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from graphs.cli.logs import RUN_LOG
from graphs.cli.run import main
from graphs.engine.store import SCHEMA_VERSION, ProgramRow, Store, store_path
from graphs.engine.store_lock import lock_path
from tasks.running.evaluate import CandidateResult
from tests.reliability.conftest import (
    TASKS,
    query,
    run_cli,
    write_programs,
    write_tasks,
)
from tests.reliability.faulty import program_text

GOOD_PROGRAM = ProgramRow("solver_kept", "solver", "def solve(S, I):\n    O = rot90(I)\n    return O\n",
                          1, "hand")


def fingerprint(folder: Path) -> dict[str, str]:
    """Hash of every file in the output folder holding data: any change to the store shows.

    SQLite's shared-memory index (``-shm``) and an empty write-ahead log hold
    no data; a read-only look at a WAL-mode file may leave them behind. ``run.log``
    is the CLI's own record of what it said (the error too), added to by every run.
    The store's lock file names its last writer and the second it took the lock:
    ``--resume`` takes it to look for an interrupted run (one writer per folder), so
    its line changes whenever a second has passed since the fixture wrote it.
    """
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.endswith("-shm") and path.stat().st_size
            and path.name not in (RUN_LOG, lock_path(store_path(folder)).name)}


@pytest.fixture
def stored(tmp_path) -> Path:
    """An output folder whose store already holds a finished run with one result."""
    out = tmp_path / "out"
    with Store.open(store_path(out)) as store:
        store.begin_run("earlier", {"flags": {}}, seed=0)
        store.write_chunk("earlier", 0, "flip", 0, [CandidateResult("solver_kept", "ok", 0.1, 1000)],
                          [GOOD_PROGRAM])
        store.end_run("earlier", "finished", {})
    return out


def one_line_error(capsys, argv: list[str]) -> str:
    """Run the CLI, which must fail with status 2 and one line on stderr; return that line."""
    try:
        status = main(argv)
    except SystemExit as exit:  # argparse's own errors
        status = exit.code
    captured = capsys.readouterr()
    assert status == 2, captured
    lines = captured.err.strip().splitlines()
    if lines[0].startswith("usage:"):  # argparse: the usage, then its one error line
        lines = [line for line in lines if line.startswith("python -m graphs.run: error:")]
    assert len(lines) == 1, captured.err
    return lines[0]


def bad_json_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bad-json"
    folder.mkdir()
    (folder / "broken.json").write_text('{"train": [\n  {"input": [[1]],\n  oops\n')
    return folder


def kaggle_pair(tmp_path: Path, challenges, solutions) -> Path:
    folder = tmp_path / "kaggle"
    folder.mkdir()
    (folder / "x_challenges.json").write_text(json.dumps(challenges))
    if solutions is not None:
        (folder / "x_solutions.json").write_text(json.dumps(solutions))
    return folder / "x_challenges.json"


BAD_INPUT = {
    # id: (extra argv built from tmp_path, what the error line must contain)
    "unknown data set": (lambda t: ["--data", "arc-agi-9"], "unknown data set 'arc-agi-9'"),
    "missing path": (lambda t: ["--data", str(t / "nowhere")], "no such file or folder"),
    "empty folder": (lambda t: ["--data", str((t / "empty").mkdir() or t / "empty")],
                     "no .json task files"),
    "unknown task id": (lambda t: ["--data", str(write_tasks(t / "d")), "--tasks", "nope"],
                        "unknown task id 'nope'"),
    "invalid JSON file": (lambda t: ["--data", str(bad_json_folder(t) / "broken.json")],
                          "broken.json:3: invalid JSON"),
    "Kaggle file not an object": (lambda t: ["--data", str(kaggle_pair(t, [1, 2], None))],
                                  "expected an object of task id"),
    "Kaggle solutions not an object": (lambda t: ["--data", str(kaggle_pair(t, TASKS, [[]]))],
                                       "x_solutions.json: expected an object"),
    "zero workers": (lambda t: ["--workers", "0"], "--workers: must be a whole number >= 1"),
    "negative rounds": (lambda t: ["--rounds", "-3"], "--rounds: must be a whole number >= 1"),
    "seconds not a number": (lambda t: ["--candidate-timeout", "soon"], "must be a number of seconds"),
    "zero deadline": (lambda t: ["--round-timeout", "0"], "must be more than 0 seconds"),
    "unknown split": (lambda t: ["--split", "testing"], "--split: invalid choice: 'testing'"),
    "unknown flag": (lambda t: ["--turbo"], "unrecognized arguments: --turbo"),
    "bad memory limit": (lambda t: ["--data", str(write_tasks(t / "d")), "--memory-limit", "lots"],
                         "memory_limit must be a positive size"),
    "partial TLS files": (lambda t: ["--data", str(write_tasks(t / "d")), "--tls-ca", "ca.pem"],
                          "TLS needs all three of --tls-ca, --tls-cert and --tls-key"),
    "no programs folder": (lambda t: ["--data", str(write_tasks(t / "d")), "--programs",
                                      str(t / "none")], "no such folder"),
    "nothing to resume": (lambda t: ["--resume"], "--resume: no interrupted run"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_is_one_line_error_and_leaves_the_store_as_it_was(case, tmp_path, stored, capsys):
    argv, expected = BAD_INPUT[case]
    before = fingerprint(stored)
    line = one_line_error(capsys, [*argv(tmp_path), "--out", str(stored), "--quiet"])
    assert expected in line
    assert fingerprint(stored) == before


def test_a_folder_of_only_malformed_tasks_is_an_error_naming_each_file(tmp_path, stored, capsys):
    folder = tmp_path / "malformed"
    folder.mkdir()
    (folder / "ragged.json").write_text(json.dumps(
        {"train": [{"input": [[1, 2], [3]], "output": [[1]]}], "test": [{"input": [[1]]}]}))
    (folder / "colour.json").write_text(json.dumps(
        {"train": [{"input": [[12]], "output": [[1]]}], "test": [{"input": [[1]]}]}))
    (folder / "no_test.json").write_text(json.dumps({"train": [{"input": [[1]], "output": [[1]]}]}))
    before = fingerprint(stored)
    try:
        status = main(["--data", str(folder), "--out", str(stored), "--quiet"])
    except SystemExit as exit:
        status = exit.code
    err = capsys.readouterr().err
    for name, where in (("ragged", "train pair 0 input"), ("colour", "train pair 0 input"),
                        ("no_test", "missing key 'test'")):
        assert f"{name}.json: task {name}" in err and where in err
    assert status == 2, "no task left to search must be an error, not an empty run"
    assert err.strip().splitlines()[-1].startswith(f"error: {folder}: no task to search")
    assert fingerprint(stored) == before


def test_an_output_folder_that_cannot_be_written_is_an_error(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    line = one_line_error(capsys, ["--out", str(blocker / "out"), "--quiet"])
    assert f"--out {blocker / 'out'}: not a writable folder" in line
    assert blocker.read_text() == "not a folder"


def test_a_store_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "store.sqlite").write_bytes(b"precious notes, not a database\n" * 100)
    before = fingerprint(out)
    line = one_line_error(capsys, ["--data", str(write_tasks(tmp_path / "d")), "--out", str(out)])
    assert f"{out / 'store.sqlite'}: not an SQLite database" in line
    assert fingerprint(out) == before


def test_a_store_of_another_schema_version_is_refused_and_left_alone(tmp_path, stored, capsys):
    connection = sqlite3.connect(store_path(stored))
    connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    connection.commit()
    connection.close()
    before = fingerprint(stored)
    line = one_line_error(capsys, ["--data", str(write_tasks(tmp_path / "d")), "--out", str(stored)])
    assert f"store schema version {SCHEMA_VERSION + 1}, this program reads version {SCHEMA_VERSION}" in line
    assert fingerprint(stored) == before


def test_another_programs_sqlite_database_is_refused_and_left_alone(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    connection = sqlite3.connect(out / "store.sqlite")
    connection.execute("CREATE TABLE accounts (name TEXT, balance INTEGER)")
    connection.execute("INSERT INTO accounts VALUES ('ada', 100)")
    connection.commit()
    connection.close()
    before = fingerprint(out)
    line = one_line_error(capsys, ["--data", str(write_tasks(tmp_path / "d")), "--out", str(out)])
    assert "not a search store" in line
    assert fingerprint(out) == before


NON_DSL = {
    "imports": "import os\ndef solve(S, I):\n    O = rot90(I)\n    return O\n",
    "attribute": "def solve(S, I):\n    x1 = I.__class__\n    O = rot90(I)\n    return O\n",
    "dunder": "def solve(S, I):\n    x1 = __import__(I)\n    O = rot90(x1)\n    return O\n",
    "exec": "def solve(S, I):\n    x1 = exec(I)\n    O = rot90(I)\n    return O\n",
    "side_effect": "open('MARKER', 'w').write('ran')\ndef solve(S, I):\n    O = rot90(I)\n    return O\n",
    "subscript": "def solve(S, I):\n    O = I[0]\n    return O\n",
    "lambda": "def solve(S, I):\n    x1 = apply(lambda c: c, I)\n    O = rot90(I)\n    return O\n",
}
NON_DSL_LINES = {"imports": 1, "attribute": 2, "dunder": 2, "exec": 2, "side_effect": 1,
                 "subscript": 2, "lambda": 2}


def test_program_files_with_non_dsl_code_are_named_skipped_and_never_run(tmp_path):
    folder = write_programs(tmp_path / "programs", {**NON_DSL, "good": program_text("solve", "nap")})
    out = tmp_path / "out"
    done = run_cli("--data", str(write_tasks(tmp_path / "d")), "--programs", str(folder), "--out",
                   str(out), "--rounds", "1", "--max-candidates", "3", "--workers", "1", "--quiet",
                   timeout=180)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    for stem, line in NON_DSL_LINES.items():
        assert sum(f"{folder / stem}.py:{line}:" in w for w in warnings) == 1, (stem, warnings)
    assert not (tmp_path / "MARKER").exists() and not (Path.cwd() / "MARKER").exists()
    # The good file still seeded the pool and ran.
    assert query(out / "store.sqlite", "SELECT COUNT(*) FROM programs WHERE source LIKE "
                                       "'%fault_nap(I, identity)%'") == [(1,)]

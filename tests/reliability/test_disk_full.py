"""The output folder's disk fills mid-run: one line, every commit kept, --resume once space is back.

The folder is a real small file system: a tmpfs mounted in a mount namespace
of our own (``unshare``, no root needed where user namespaces are allowed).
The runs enter that namespace with ``nsenter``; the test reads plain files from
outside through ``/proc/<pid>/root``, and queries the store from inside (SQLite
resolves that path's symbolic link back to the host's view). The disk is
filled, between two chunks, with a file that takes every free byte; deleting
it gives the space back.
"""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    kill_tree,
    query,
    recovery_figures,
    run_cli,
    start_cli,
    timed,
    wait_until,
    write_programs,
    write_tasks,
)
from tests.reliability.test_faults import nap_programs
from tests.reliability.test_resume import RUN

COMMITTED = "SELECT round, task_id, chunk_index, written FROM chunks ORDER BY round, task_id, chunk_index"
PLANNED = "SELECT SUM(json_array_length(program_ids)) FROM plan_tasks"
RESULTS = ("SELECT round, task_id, program_id, outcome, train_score, differ_scores, predictions "
           "FROM results")


class SmallFileSystem:
    """A tmpfs at ``inside`` in a mount namespace held by a sleeping process."""

    def __init__(self, inside: Path, size: str = "64m") -> None:
        inside.mkdir(parents=True)
        self.inside = inside
        self.holder = subprocess.Popen(
            ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
             'mount -t tmpfs -o size="$2" tmpfs "$1" && echo mounted && exec sleep 3600', "sh",
             str(inside), size], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        said = self.holder.stdout.readline().strip()
        if said != "mounted":
            self.close()
            pytest.skip(f"cannot mount a small file system without root here: {said}")
        # Every command run under ``enter`` sees the tmpfs; this process sees it through here.
        self.outside = Path(f"/proc/{self.holder.pid}/root") / inside.relative_to("/")
        self.enter = ("nsenter", "--target", str(self.holder.pid), "--user", "--mount",
                      "--preserve-credentials", f"--wd={Path.cwd()}")

    def fill(self) -> Path:
        """Take every free byte with one file; returns it (delete it to give the space back)."""
        filler = self.outside / "filler"
        block = b"\0" * (1 << 20)
        with filler.open("wb", buffering=0) as file:
            try:
                while True:
                    file.write(block)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
        return filler

    def query(self, store: Path, sql: str) -> list[tuple]:
        """Rows of a read-only query on a store inside the file system ([] before it exists)."""
        script = ("import json, sqlite3, sys, pathlib\n"
                  "path = pathlib.Path(sys.argv[1])\n"
                  "rows = []\n"
                  "if path.exists():\n"
                  "    db = sqlite3.connect(path.as_uri() + '?mode=ro', uri=True, timeout=30)\n"
                  "    try:\n"
                  "        rows = db.execute(sys.argv[2]).fetchall()\n"
                  "    except sqlite3.OperationalError:\n"
                  "        pass\n"
                  "print(json.dumps(rows))\n")
        done = subprocess.run([*self.enter, sys.executable, "-c", script, str(store), sql],
                              capture_output=True, text=True, check=True, timeout=60)
        return [tuple(row) for row in json.loads(done.stdout)]

    def close(self) -> None:
        if self.holder.poll() is None:
            self.holder.kill()
        self.holder.wait(timeout=30)


@pytest.fixture
def small_disk(tmp_path):
    if shutil.which("unshare") is None or shutil.which("nsenter") is None:
        pytest.skip("unshare and nsenter (util-linux) are needed for a small file system")
    disk = SmallFileSystem(tmp_path / "disk")
    yield disk
    disk.close()


def test_a_full_disk_stops_the_run_in_one_line_and_resume_finishes_it(tmp_path, small_disk):
    data, programs = write_tasks(tmp_path / "data"), write_programs(tmp_path / "programs",
                                                                    nap_programs(6))
    whole = run_cli("--data", str(data), "--programs", str(programs), "--out",
                    str(tmp_path / "whole"), *RUN)
    assert whole.returncode == 0, whole.stderr
    out, seen = small_disk.inside / "out", small_disk.outside / "out"
    store, log = out / "store.sqlite", tmp_path / "full.log"

    def inside(sql: str) -> list[tuple]:
        return small_disk.query(store, sql)

    cli = start_cli("--data", str(data), "--programs", str(programs), "--out", str(out), *RUN,
                    log=log, prefix=small_disk.enter)
    try:
        assert wait_until(lambda: len(inside(COMMITTED)) >= 2, 120, every=0.5), log.read_text()
        filler = small_disk.fill()
        before = inside(COMMITTED)
        status = cli.wait(timeout=120)
    finally:
        if cli.poll() is None:
            kill_tree(cli)
    text = log.read_text()
    assert status == 1, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    [line] = lines
    assert line.startswith(f"error: cannot write to {out}"), line
    assert line.endswith("free space and run again with --resume"), line
    after_failure = inside(COMMITTED)
    assert set(before) <= set(after_failure)  # nothing committed before the disk filled is lost
    assert inside("SELECT COUNT(*) FROM results") == inside("SELECT SUM(candidates) FROM chunks")
    filler.unlink()
    resumed, seconds = timed(lambda: run_cli("--out", str(out), "--resume", "--workers", "2", "--processes",
                                             "--quiet", prefix=small_disk.enter))
    assert resumed.returncode == 0, resumed.stderr
    assert inside("SELECT status FROM runs") == [("finished",)]
    final = inside(COMMITTED)
    print("\n" + recovery_figures("disk full, space freed, then --resume", before, final,
                                  inside("SELECT COUNT(*) FROM results")[0][0], inside(PLANNED)[0][0], seconds))
    assert set(after_failure) <= set(final) and len({row[:3] for row in final}) == len(final)
    assert inside("SELECT COUNT(*) FROM results") == inside(PLANNED)
    assert set(inside(RESULTS)) == set(query(tmp_path / "whole" / "store.sqlite", RESULTS))
    assert json.loads((seen / "submission.json").read_text()) == \
        json.loads((tmp_path / "whole" / "submission.json").read_text())

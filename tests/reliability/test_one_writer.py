"""Two runs in one output folder: the second is refused at once; readers and --resume still work.

The store's lock is an OS file lock, so it goes with its process however the
process ends: after a SIGKILL, ``--resume`` takes the folder over.
"""

from __future__ import annotations

import signal

from graphs.engine.store import Store, lock_holder
from tests.reliability.conftest import (
    alive,
    descendants,
    kill_tree,
    query,
    run_cli,
    start_cli,
    wait_until,
    write_programs,
    write_tasks,
)
from tests.reliability.test_faults import nap_programs
from tests.reliability.test_resume import RUN, committed


def test_a_second_run_in_a_running_folder_is_refused_and_a_killed_one_resumes(tmp_path):
    data, programs = write_tasks(tmp_path / "data"), write_programs(tmp_path / "programs",
                                                                    nap_programs(6))
    out, log = tmp_path / "out", tmp_path / "first.log"
    store = out / "store.sqlite"
    first = start_cli("--data", str(data), "--programs", str(programs), "--out", str(out), *RUN,
                      log=log)
    try:
        assert wait_until(lambda: len(committed(store)) >= 1, 120), log.read_text()
        children = descendants(first.pid)
        for second in (("--data", str(data), "--out", str(out), *RUN),
                       ("--out", str(out), "--resume", "--quiet")):
            refused = run_cli(*second, timeout=120)
            assert refused.returncode == 2, refused.stderr
            lines = refused.stderr.strip().splitlines()
            assert len(lines) == 1, refused.stderr
            [line] = lines
            assert line.startswith(f"error: {out}: another run is writing to this output folder "
                                   f"(pid {first.pid} on "), line
        # Readers take no lock: they see the running run beside it, and who holds the folder.
        with Store.open_readonly(store) as reader:
            assert reader.last_run().status == "running"
            assert reader.committed_chunks(reader.last_run().id)
        assert lock_holder(store).pid == first.pid
        assert first.poll() is None  # the refused runs left the first one alone
        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=60) == -signal.SIGKILL
    finally:
        if first.poll() is None:
            kill_tree(first)
    assert wait_until(lambda: not alive(children), 30), alive(children)
    assert lock_holder(store) is None  # gone with the killed process
    before = committed(store)
    resumed = run_cli("--out", str(out), "--resume", "--workers", "2", "--processes", "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    assert query(store, "SELECT status FROM runs") == [("finished",)]
    assert set(before) <= set(committed(store))
    assert lock_holder(store) is None

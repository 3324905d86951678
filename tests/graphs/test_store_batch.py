"""Collected chunks committed in batches: within the bound, all of them, and each on its own."""

import pytest

from graphs.engine.round import ChunkOutput, ChunkRef
from graphs.engine.store import ProgramRow, Store, StoreError, store_path
from graphs.engine.store_batch import ChunkWriter
from tasks.running.evaluate import CandidateResult

SOURCE = "def solve(S, I):\n    O = rot90(I)\n    return O\n"


@pytest.fixture
def store(tmp_path):
    with Store.open(store_path(tmp_path)) as store:
        store.begin_run("run", {}, seed=0)
        store.add_programs([ProgramRow("solver_a", "solver", SOURCE, 1, "test")])
        yield store


def chunk(task_id, index=0, program="solver_a"):
    return ChunkRef(f"{task_id}-{index}", task_id, index, (program,)), ChunkOutput(
        (CandidateResult(program, "mismatch", 0.01, 500),), "w", 0.1)


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_no_chunk_waits_uncommitted_longer_than_the_bound(store):
    clock = Clock()
    writer = ChunkWriter(store, "run", 0, max_wait_s=1.0, clock=clock)
    committed = []
    for step in range(40):  # a chunk every 0.1 s, and an idle poll between chunks
        clock.now = step * 0.1
        writer.write(*chunk(f"t{step}"))
        clock.now += 0.05
        writer.flush_due()
        committed.append(len(store.committed_chunks("run")))
        # Every chunk collected at least 1 s ago is committed.
        assert committed[-1] >= sum(1 for s in range(step + 1) if clock.now - s * 0.1 >= 1.0)
    assert committed[-1] < 40  # and they were batched, not written one by one
    assert len(set(committed)) < 20
    writer.close()
    assert len(store.committed_chunks("run")) == 40


def test_a_full_batch_commits_at_once(store):
    writer = ChunkWriter(store, "run", 0, max_wait_s=60.0, max_chunks=3, clock=Clock())
    for index in range(7):
        writer.write(*chunk("t", index))
    assert len(store.committed_chunks("run")) == 6 and writer.waiting == 1


def test_an_exception_mid_round_still_commits_what_was_collected(store):
    with pytest.raises(KeyboardInterrupt):
        with ChunkWriter(store, "run", 0, max_wait_s=60.0, clock=Clock()) as writer:
            writer.write(*chunk("t", 0))
            writer.write(*chunk("t", 1))
            raise KeyboardInterrupt
    assert store.committed_chunks("run") == {(0, "t", 0), (0, "t", 1)}


def test_a_refused_chunk_leaves_the_others_of_its_batch_committed(store):
    writer = ChunkWriter(store, "run", 0, max_wait_s=60.0, clock=Clock())
    writer.write(*chunk("t", 0))
    writer.write(*chunk("t", 1, program="solver_never_stored"))
    writer.write(*chunk("u", 2))
    with pytest.raises(StoreError, match="solver_never_stored"):
        writer.flush()
    assert store.committed_chunks("run") == {(0, "t", 0), (0, "u", 2)}
    assert store.connection.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 2


def test_writes_in_a_batch_commit_together(store, tmp_path):
    with store.batch():
        store.write_chunk("run", 0, "t", 0, chunk("t")[1].results)
        with Store.open_readonly(store_path(tmp_path)) as reader:  # not visible before the commit
            assert reader.committed_chunks("run") == set()
    with Store.open_readonly(store_path(tmp_path)) as reader:
        assert reader.committed_chunks("run") == {(0, "t", 0)}

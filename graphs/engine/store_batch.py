"""Collected chunks written to the store in batches: one transaction for many chunks.

One SQLite transaction per chunk cost the client about half its time per
chunk (``python -m graphs.bench capacity``); a transaction for every chunk
collected over a fraction of a second costs a fraction of that. A finished
chunk waits in memory at most ``max_wait_s`` (its flush comes with the next
chunk or the collector's next idle poll, every 20 ms), so a SIGKILL of the
client loses at most the chunks of that last fraction of a second, and
Ctrl-C (or any exception) loses none: ``close`` writes what waits.

>>> import tempfile
>>> from pathlib import Path
>>> from graphs.engine.round import ChunkOutput, ChunkRef
>>> from graphs.engine.store import ProgramRow, Store, store_path
>>> from tasks.running.evaluate import CandidateResult
>>> store = Store.open(store_path(Path(tempfile.mkdtemp())))
>>> store.begin_run("run1", {}, seed=0)
>>> store.add_programs([ProgramRow("solver_a", "solver", "def solve(S, I):\\n    O = rot90(I)\\n"
...                                "    return O\\n", 1, "hand")])
>>> now = [0.0]
>>> writer = ChunkWriter(store, "run1", 0, max_wait_s=1.0, clock=lambda: now[0])
>>> output = ChunkOutput((CandidateResult("solver_a", "ok", 0.01, 1000),), "w", 0.1)
>>> writer.write(ChunkRef("k0", "t1", 0, ("solver_a",)), output)    # at 0.0: waits
>>> now[0] = 0.5
>>> writer.write(ChunkRef("k1", "t2", 0, ("solver_a",)), output)    # at 0.5: waits
>>> len(store.committed_chunks("run1")), writer.waiting
(0, 2)
>>> now[0] = 1.0
>>> writer.flush_due()                                              # at 1.0: the first waited 1 s
>>> len(store.committed_chunks("run1")), writer.waiting
(2, 0)
>>> writer.close(); store.close()
"""

from __future__ import annotations

import time
from typing import Callable

from graphs.engine.round import ChunkOutput, ChunkRef
from graphs.engine.store import Store, StoreError

# The longest a collected chunk waits uncommitted, and the most chunks one transaction holds
# (a transaction of 256 chunks of 256 results takes well under a second here).
MAX_WAIT_S = 0.5
MAX_CHUNKS = 256


class ChunkWriter:
    """Writes one round's collected chunks to ``store``, many per transaction.

    ``write`` queues a chunk (and commits the queue when it is due); call
    ``flush_due`` between polls, and ``close`` (or use it as a context
    manager) when the round ends, however it ends.
    """

    def __init__(self, store: Store, run_id: str, round_index: int, max_wait_s: float = MAX_WAIT_S,
                 max_chunks: int = MAX_CHUNKS, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.run_id = run_id
        self.round_index = round_index
        self.max_wait_s = max_wait_s
        self.max_chunks = max_chunks
        self.clock = clock
        self._queue: list[tuple[ChunkRef, ChunkOutput]] = []
        self._oldest = 0.0

    @property
    def waiting(self) -> int:
        """Chunks collected and not yet committed."""
        return len(self._queue)

    def write(self, chunk: ChunkRef, output: ChunkOutput) -> None:
        """Queue a collected chunk; commit the queue if it is full or its oldest chunk waited long enough."""
        if not self._queue:
            self._oldest = self.clock()
        self._queue.append((chunk, output))
        if len(self._queue) >= self.max_chunks:
            self.flush()
        else:
            self.flush_due()

    def flush_due(self) -> None:
        """Commit the queue if its oldest chunk has waited ``max_wait_s``."""
        if self._queue and self.clock() - self._oldest >= self.max_wait_s:
            self.flush()

    def flush(self) -> None:
        """Commit every queued chunk in one transaction.

        A chunk the store refuses (``StoreError``) is left out and the others
        commit; the first refusal is raised after the commit.
        """
        if not self._queue:
            return
        queue, self._queue = self._queue, []
        refused: StoreError | None = None
        with self.store.batch():
            for chunk, output in queue:
                try:
                    self.store.write_chunk(self.run_id, self.round_index, chunk.task_id, chunk.index,
                                           output.results)
                except StoreError as error:
                    refused = refused or error
        if refused is not None:
            raise refused

    def close(self) -> None:
        """Commit what is queued."""
        self.flush()

    def __enter__(self) -> "ChunkWriter":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

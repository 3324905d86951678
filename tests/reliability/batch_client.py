"""A stand-in client for the SIGKILL test: collects a chunk every 50 ms into a ``ChunkWriter``.

``python -m tests.reliability.batch_client STORE`` prints ``collected <index>`` (flushed) as each chunk
is handed to the writer, polls the writer between chunks as the round's collector does, and runs until
it is killed.
"""

import sys
import time
from pathlib import Path

from graphs.engine.round import ChunkOutput, ChunkRef
from graphs.engine.store import ProgramRow, Store
from graphs.engine.store_batch import ChunkWriter
from tasks.running.evaluate import CandidateResult

SOURCE = "def solve(S, I):\n    O = rot90(I)\n    return O\n"


def main(path: str) -> None:
    store = Store.open(Path(path))
    store.begin_run("run", {}, seed=0)
    store.add_programs([ProgramRow("solver_a", "solver", SOURCE, 1, "test")])
    writer = ChunkWriter(store, "run", 0)
    output = ChunkOutput((CandidateResult("solver_a", "mismatch", 0.01, 500),), "w", 0.1)
    print("ready", flush=True)
    for index in range(100_000):
        writer.write(ChunkRef(f"k{index}", f"t{index}", 0, ("solver_a",)), output)
        print(f"collected {index}", flush=True)
        for _ in range(2):  # the collector's idle polls, every 20 ms
            time.sleep(0.02)
            writer.flush_due()


if __name__ == "__main__":
    main(sys.argv[1])

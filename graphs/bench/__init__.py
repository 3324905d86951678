"""``python -m graphs.bench``: what the engine costs, how it behaves under faults, what it solves.

Four benchmarks, each a module that measures and prints its figures:

- ``engine``: one fixed workload of real programs on real ARC-AGI-1 training
  tasks, run sequentially, through the engine's Dask graph, through a plain
  process pool, and with one Dask task per candidate; plus a chunk-size sweep;
- ``faults``: latency of partial results after a round's deadline, thread
  counts over rounds with hanging candidates, recovery from a killed worker;
- ``solve``: the real search over a whole split under a time budget, each
  task's own hand-written solver left out;
- ``capacity``: chunk results per second the client and scheduler absorb
  when the workers' chunks take no time, store writes included.

``engine`` and ``faults`` write ``bench.json``; ``solve`` writes ``solve.json``;
``capacity`` writes ``capacity.json``.
No test asserts a timing: ``--quick`` runs a tiny workload so a test can check
that every key is written.
"""

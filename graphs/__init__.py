"""Dask graphs built from ``tasks``: the search engine, its command line, notebook helpers, benchmarks.

- ``graphs.api``: the public API (``search``, ``load_tasks``, ``open_cluster``, ``SearchConfig``);
- ``graphs.engine``: one round as a graph, collection under deadlines, rounds that learn,
  the SQLite store, telemetry;
- ``graphs.cli``: ``python -m graphs.run`` (flags, the run, loading program folders);
- ``graphs.notebook``: pictures of grids and programs, reading a finished run's store;
- ``graphs.bench``: ``python -m graphs.bench`` (engine, faults, solve) and the interpreter's benchmark.
"""

"""What runs inside one Dask task: pure code, no concurrency.

Subpackages, bottom first (each imports only those above it):

- ``tasks.data``: grids, ARC tasks and their loaders, DSL type names, outcome names, budgets;
- ``tasks.dsl``: the primitives by topic, with their signatures (the registry);
- ``tasks.programs``: programs as data: the IR, parsing, canonical form and content id, type checks;
- ``tasks.running``: the interpreter, a chunk's evaluation, ranking and scoring solvers;
- ``tasks.search``: candidate generation: terms and the bank, last-step completion,
  enumeration, mutation, and one round's candidates per task;
- ``tasks.differs``, ``tasks.solvers``: programs as data files, with their loaders.
"""

"""The engine: a round's Dask graph, its collection under a deadline, rounds that learn, the store.

``round`` builds one round's graph, ``shared`` sends what its chunks share to
each worker once, ``generation`` the per-task generation tasks, ``collect``
gathers chunks under the deadline, ``search`` runs rounds
and grows the pool, ``store`` keeps every program and result in SQLite (its
file's schema and opening in ``store_file``, its one-writer lock in
``store_lock``, the rows it returns in ``store_rows``), and ``telemetry`` writes one record per task per round and
the run's summary.
"""

from graphs.engine.round import DEFAULT_CHUNK_SIZE, RoundSettings
from graphs.engine.search import RunContext, SearchConfig, SearchResult, run_search
from graphs.engine.store import Store, StoreError
from graphs.engine.telemetry import TelemetryLog, summary_lines

__all__ = ["DEFAULT_CHUNK_SIZE", "RoundSettings", "RunContext", "SearchConfig", "SearchResult", "Store",
           "StoreError", "TelemetryLog", "run_search", "summary_lines"]

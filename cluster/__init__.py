"""Where graphs run: an explicit LocalCluster or a remote scheduler.

Knows nothing of ARC. ``resolve_spec`` decides the cluster, ``open_client``
opens and closes it, ``Watchdog`` restarts workers stuck past a hard deadline,
and the thread helpers check that thread counts stay bounded.
"""

from cluster.connect import check_imports, dashboard_link, open_client
from cluster.errors import ClusterError
from cluster.spec import ClusterSpec, TLSFiles, machine_defaults, resolve_spec
from cluster.threads import (
    client_thread_bound,
    thread_count,
    worker_thread_bound,
    worker_thread_counts,
)
from cluster.watchdog import StuckTask, Watchdog

__all__ = [
    "ClusterError",
    "ClusterSpec",
    "StuckTask",
    "TLSFiles",
    "Watchdog",
    "check_imports",
    "client_thread_bound",
    "dashboard_link",
    "machine_defaults",
    "open_client",
    "resolve_spec",
    "thread_count",
    "worker_thread_bound",
    "worker_thread_counts",
]

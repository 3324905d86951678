"""The public API: what the CLI, the notebooks and users' own scripts call.

>>> from graphs.api import ClusterSpec, SearchConfig, load_tasks, open_cluster, search
>>> tasks = load_tasks("arc-agi-1", ids=["0d3d703e"])              # doctest: +SKIP
>>> with open_cluster(ClusterSpec(2, 1, True, "4GiB")) as client:  # doctest: +SKIP
...     result = search(client, tasks, "runs/demo", SearchConfig(rounds=1))
>>> from graphs.notebook.explore import result_table                        # doctest: +SKIP
>>> result_table(result)                                           # doctest: +SKIP

``search`` opens (or creates) the store in the output folder, so a later
search in the same folder starts from every solver found before; it writes
``submission.json``, ``report.json`` (when test outputs are known) and
``telemetry.jsonl`` there.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Callable, Sequence

from distributed import Client

from cluster import ClusterSpec, Watchdog, dashboard_link, machine_defaults, open_client, resolve_spec
from graphs.engine.search import RunContext, SearchConfig, SearchResult, run_search
from graphs.engine.store import Store
from graphs.engine.telemetry import TelemetryLog
from tasks.data.arc import Dataset, load_dataset
from tasks.running.evaluate import Candidate
from tasks.search.settings import LONGEST_ROUND, time_budget

__all__ = ["ClusterSpec", "SearchConfig", "SearchResult", "dashboard_link", "default_differs",
           "default_seeds", "load_tasks", "machine_defaults", "new_run_id", "open_cluster",
           "resolve_spec", "search"]

open_cluster = open_client


def load_tasks(data: str = "arc-agi-1", split: str = "training", ids: Sequence[str] | None = None,
               count: int | None = None) -> Dataset:
    """Tasks by data set name or path (see ``tasks.data.arc.load_dataset``)."""
    return load_dataset(data, split, ids, count)


def default_seeds() -> list[Candidate]:
    """The hand-written solvers, which seed every search's pool."""
    from tasks.solvers import load_solvers

    return [Candidate.of(program) for _, program in sorted(load_solvers().items())]


def default_differs() -> list[Candidate]:
    """The library of differs that rank near-misses."""
    from tasks.differs import load_differs

    return [Candidate.of(program) for program in load_differs()]


def new_run_id() -> str:
    """A run id that sorts by start time: ``20261129-061500-a1b2c3``."""
    return time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)


def search(client: Client, dataset: Dataset, out: str | Path, config: SearchConfig | None = None,
           seeds: Sequence[Candidate] | None = None, differs: Sequence[Candidate] | None = None,
           run_id: str | None = None, resume: bool = False, run_config: dict | None = None,
           show_progress: bool = False, say: Callable[[str], None] = print) -> SearchResult:
    """Search the dataset's tasks on ``client``'s cluster; keep everything in ``out``.

    With ``resume``, ``run_id`` names an interrupted run of this store to
    continue: committed chunks are not repeated. Ctrl-C marks the run
    interrupted and re-raises.
    """
    config = config or SearchConfig()
    seeds = default_seeds() if seeds is None else list(seeds)
    differs = default_differs() if differs is None else list(differs)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with Store.open(out / "store.sqlite") as store:
        if resume:
            store.reopen_run(run_id)
        else:
            run_id = run_id or new_run_id()
            store.begin_run(run_id, run_config or {"search": repr(config)}, config.seed)
        watchdog = Watchdog(client, hard_timeout(config)) if _has_nannies(client) else None
        try:
            with TelemetryLog(out / "telemetry.jsonl") as telemetry:
                run = RunContext(client, store, telemetry, run_id, seeds=seeds, differs=differs,
                                 watchdog=watchdog, show_progress=show_progress, say=say)
                result = run_search(run, dataset, config)
        except BaseException:
            store.end_run(run_id, "interrupted", {})
            raise
        write_outputs(out, result)
        store.end_run(run_id, "finished", {"candidates": sum(result.outcomes.values()),
                                           "outcomes": dict(result.outcomes),
                                           "solved_train": len(result.solved_on_train)})
    return result


def hard_timeout(config: SearchConfig) -> float:
    """How long one Dask task may execute before its worker is restarted.

    A candidate generation legitimately runs for its time budget, which grows
    each time a task comes back (up to a cap), so the hard timeout is never
    below the longest budget plus a margin for building the candidates' ids.

    >>> hard_timeout(SearchConfig())
    30.0
    """
    longest = time_budget(config.generation, LONGEST_ROUND)
    return max(config.round.hard_timeout_s, 1.5 * longest + 10.0)


def _has_nannies(client: Client) -> bool:
    """Whether stuck workers can be restarted (every worker runs under a Nanny)."""
    workers = client.scheduler_info()["workers"].values()
    return bool(workers) and all(w.get("nanny") for w in workers)


def write_outputs(out: Path, result: SearchResult) -> None:
    """submission.json always; report.json when test outputs were known."""
    (out / "submission.json").write_text(json.dumps(result.submission))
    if result.report is not None:
        (out / "report.json").write_text(json.dumps(result.report, indent=1))

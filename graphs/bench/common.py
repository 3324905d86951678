"""What every benchmark shares: the machine's description and JSON files that accumulate.

>>> sorted(machine())[:3]
['cores', 'dask', 'distributed']
>>> rate(1000, 2.0), rate(5, 0.0)
(500.0, 0.0)
>>> sorted(cpu_seconds())
['children', 'this']
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any, Mapping


def machine() -> dict[str, Any]:
    """Cores, Python and Dask versions, platform: what a figure was measured on."""
    import dask
    import distributed

    return {"cores": os.cpu_count(), "dask": dask.__version__, "distributed": distributed.__version__,
            "platform": platform.platform(), "python": platform.python_version()}


def code_version() -> str:
    """The git commit the figures were measured at, ``+changes`` when tracked files differ; "unknown" outside git.

    Search figures move with the generator and the DSL: a figure without its commit says little.
    """
    import subprocess

    root = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=10, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                 capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return commit + ("+changes" if changed else "")


def today() -> str:
    """The current UTC time, to the second, ISO 8601: every figure says when it was measured."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def rate(count: int, seconds: float) -> float:
    """Items per second; 0 when no time was measured."""
    return count / seconds if seconds > 0 else 0.0


def update_json(path: Path, figures: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``figures`` into the JSON object at ``path`` (created if missing); return the whole.

    ``engine`` and ``faults`` can run apart and share one ``bench.json``: each
    replaces its own keys and leaves the other's.
    """
    path = Path(path)
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    return current


def table(rows: list[list[Any]], header: list[str]) -> str:
    """Rows as aligned text columns, numbers right-aligned.

    >>> print(table([["a", 1.5], ["bb", 10]], ["way", "rate"]))
    way  rate
    a     1.5
    bb     10
    """
    cells = [header] + [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) for i in range(len(header))]
    lines = []
    for row in cells:
        lines.append("  ".join(text.rjust(width) if num else text.ljust(width)
                               for text, width, num in zip(row, widths, numeric)).rstrip())
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "-" if value is None else str(value)


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) so far of this process and of all its live descendants.

    Taken before and after a timing, it shows where a way's work went: in the
    client process (with a LocalCluster, also the scheduler's) or in the worker
    processes, whether Dask's (nannies and workers) or a pool's.
    """
    import psutil

    me = psutil.Process()
    children = 0.0
    for child in me.children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:  # gone between listing and asking
            continue
        children += times.user + times.system
    mine = me.cpu_times()
    return {"this": mine.user + mine.system, "children": children}


def cpu_spent(before: Mapping[str, float], after: Mapping[str, float]) -> dict[str, float]:
    """CPU seconds between two ``cpu_seconds`` readings, rounded to milliseconds.

    >>> cpu_spent({"this": 1.0, "children": 2.0}, {"this": 1.5, "children": 4.25})
    {'this': 0.5, 'children': 2.25}
    """
    return {key: round(after[key] - before[key], 3) for key in before}

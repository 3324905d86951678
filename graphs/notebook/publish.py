"""Run the notebooks and publish the executed copies under ``docs/notebooks/``.

``python -m graphs.notebook.publish`` runs every notebook of ``notebooks/``
top to bottom, in order (``02`` reads the run ``01`` made), each in a fresh
kernel of this interpreter, with the notebooks' default (small) parameters,
in a temporary folder that holds their runs; it writes each with its outputs
to ``docs/notebooks/<name>.ipynb``, so its tables and pictures show without
running it. The notebooks in ``notebooks/`` stay committed without outputs.

A published copy is stale when its code differs from its source's;
``--check`` lists the stale ones without running anything (exit 1 if any).

>>> import nbformat
>>> source = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
...                                          nbformat.v4.new_markdown_cell("prose")])
>>> published = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 2")])
>>> stale_cells(source, published), stale_cells(source, source)
([1], [])
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from graphs.notebook.explore import FULL_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "notebooks"
PUBLISHED = ROOT / "docs" / "notebooks"

# A kernel spec made for each run, so the kernel is this interpreter whatever "python3" names here.
KERNEL_NAME = "arc-search-notebook"
# Per cell: the small search's cell takes seconds; a loaded machine gets room.
CELL_TIMEOUT_S = 150

INSTALL_HINT = 'running notebooks needs nbclient, nbformat and ipykernel: pip install -e ".[notebook]"'


def notebook_names(sources: Path = SOURCES) -> list[str]:
    """The notebooks' names (without ``.ipynb``), in the order they run."""
    return sorted(path.stem for path in sources.glob("*.ipynb"))


def code_sources(notebook) -> list[str]:
    """The source of each code cell, top to bottom (what a published copy must match)."""
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def stale_cells(source, published) -> list[int]:
    """Code cell numbers (from 1) where ``published`` differs from ``source``; one past the end
    of the shorter for a missing or extra cell."""
    mine, theirs = code_sources(source), code_sources(published)
    differ = [k + 1 for k, (a, b) in enumerate(zip(mine, theirs)) if a != b]
    if len(mine) != len(theirs):
        differ.append(min(len(mine), len(theirs)) + 1)
    return differ


def notebook_environment(runs: Path, root: Path = ROOT) -> dict[str, str | None]:
    """The variables a notebook run gets (None: unset): runs kept in ``runs``, this checkout
    importable, and nothing that changes the defaults (a scheduler, another run, the larger demo).

    >>> changes = notebook_environment(Path("/tmp/runs"), Path("/src"))
    >>> changes["ARC_NOTEBOOK_OUT"], changes["PYTHONPATH"], changes["DASK_SCHEDULER_ADDRESS"]
    ('/tmp/runs', '/src', None)
    """
    return {"ARC_NOTEBOOK_OUT": str(runs), "PYTHONPATH": str(root), "DASK_SCHEDULER_ADDRESS": None,
            "ARC_NOTEBOOK_RUN": None, FULL_VARIABLE: None}


@contextmanager
def changed_environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    """``os.environ`` with ``changes`` applied (None unsets), restored on the way out.

    The kernel inherits this process's environment, and jupyter finds kernel specs through it.
    """
    before = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            _set(name, value)
        yield
    finally:
        for name, value in before.items():
            _set(name, value)


def _set(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def execute(notebook, folder: Path, changes: Mapping[str, str | None]):
    """Run every cell of ``notebook`` in place, in ``folder``, in a kernel of this interpreter.

    Raises nbclient's CellExecutionError, naming the cell, on the first one that fails.
    """
    try:
        import nbclient
    except ImportError:
        raise ImportError(INSTALL_HINT) from None
    with tempfile.TemporaryDirectory(prefix="arc-kernel-") as jupyter:
        kernel = Path(jupyter) / "kernels" / KERNEL_NAME
        kernel.mkdir(parents=True)
        (kernel / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "arc-search", "language": "python"}))
        with changed_environment({**changes, "JUPYTER_PATH": jupyter}):
            nbclient.NotebookClient(notebook, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT_S,
                                    record_timing=False,
                                    resources={"metadata": {"path": str(folder)}}).execute()
    # The published copy names the usual kernel, not the one made for this run.
    notebook.metadata.pop("kernelspec", None)
    return notebook


def read(path: Path):
    """A notebook file, as nbformat's version 4."""
    try:
        import nbformat
    except ImportError:
        raise ImportError(INSTALL_HINT) from None
    return nbformat.read(path, as_version=4)


def publish(names: Sequence[str], out: Path = PUBLISHED, sources: Path = SOURCES,
            say=print) -> list[Path]:
    """Run each named notebook in order, sharing one temporary folder of runs, and write it with
    its outputs to ``out``; returns the paths written."""
    import nbformat

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="arc-notebooks-") as folder:
        for name in names:
            notebook = execute(read(sources / f"{name}.ipynb"), Path(folder),
                               notebook_environment(Path(folder) / "runs"))
            path = out / f"{name}.ipynb"
            nbformat.write(notebook, path)
            say(f"written: {path}")
            written.append(path)
    return written


def stale(names: Sequence[str], out: Path = PUBLISHED, sources: Path = SOURCES) -> dict[str, str]:
    """Name -> why its published copy is stale (missing, or which code cells differ)."""
    reasons = {}
    for name in names:
        path = out / f"{name}.ipynb"
        if not path.exists():
            reasons[name] = f"{path} is missing"
        elif differ := stale_cells(read(sources / f"{name}.ipynb"), read(path)):
            reasons[name] = f"{path}: code cells {', '.join(map(str, differ))} differ from the source"
    return reasons


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m graphs.notebook.publish [NAME...] [--out DIR] [--check]``."""
    parser = argparse.ArgumentParser(prog="python -m graphs.notebook.publish",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebooks to publish (default: all)")
    parser.add_argument("--out", type=Path, default=PUBLISHED, help="where the executed copies go")
    parser.add_argument("--check", action="store_true",
                        help="only list published copies whose code differs from the source")
    args = parser.parse_args(argv)
    known = notebook_names()
    if unknown := sorted(set(args.names) - set(known)):
        print(f"error: no notebook {', '.join(unknown)} in {SOURCES} (there are: {', '.join(known)})",
              file=sys.stderr)
        return 2
    names = args.names or known
    if args.check:
        reasons = stale(names, args.out)
        for reason in reasons.values():
            print(f"stale: {reason}; run python -m graphs.notebook.publish")
        return 1 if reasons else 0
    publish(names, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

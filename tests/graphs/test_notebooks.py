"""The notebooks: committed without outputs, each one runs headless from top to bottom, and
their executed copies in docs/notebooks/ are current.

Execution (``graphs.notebook.publish.execute``) uses a kernel spec made for
the run that starts this very interpreter: so it works on a fresh machine
after ``pip install -e ".[test]"``, with no kernel registered by hand. The
notebooks' default parameters are a small search, so all of them run in
well under a minute here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")

from graphs.notebook import publish  # noqa: E402

NOTEBOOKS = publish.SOURCES
NAMES = ("01_quickstart", "02_explore_results", "03_remote_cluster")


def read(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def test_every_notebook_is_listed():
    assert publish.notebook_names() == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name):
    notebook = read(name)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "a notebook with no code"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, (
            f"{name}: clear the outputs before committing (cell {cell.get('id')})")


@pytest.mark.parametrize("name", NAMES)
def test_published_copy_has_the_source_code_and_its_outputs(name):
    published = nbformat.read(publish.PUBLISHED / f"{name}.ipynb", as_version=4)
    assert publish.stale_cells(read(name), published) == [], (
        f"docs/notebooks/{name}.ipynb is stale: run python -m graphs.notebook.publish")
    code = [cell for cell in published.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code)  # every cell ran
    draws = sum(cell.source.count("pictures.draw") for cell in code)
    assert images_in(published) >= min(draws, 1)  # a notebook that draws shows its pictures
    assert not any(output.output_type == "error" for cell in code for output in cell.outputs)


def test_check_names_the_stale_copy(tmp_path, capsys):
    out = tmp_path / "published"
    out.mkdir()
    notebook = read("03_remote_cluster")
    notebook.cells[[c.cell_type for c in notebook.cells].index("code")].source += "\nprint('edited')"
    nbformat.write(notebook, out / "03_remote_cluster.ipynb")
    assert publish.main(["--check", "--out", str(out), "03_remote_cluster", "01_quickstart"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"stale: {out / '03_remote_cluster.ipynb'}: code cells 1 differ from the source; "
                     "run python -m graphs.notebook.publish",
                     f"stale: {out / '01_quickstart.ipynb'} is missing; run python -m graphs.notebook.publish"]
    assert publish.main(["--check"]) == 0  # the committed copies


def test_an_unknown_notebook_is_one_line(capsys):
    assert publish.main(["04_nothing"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: no notebook 04_nothing in ") and "01_quickstart" in line


def test_publish_writes_the_executed_copy(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os, sys\nprint(os.environ['ARC_NOTEBOOK_OUT'])\nsys.executable")])
    nbformat.write(notebook, sources / "tiny.ipynb")
    [path] = publish.publish(["tiny"], tmp_path / "out", sources, say=lambda line: None)
    [cell] = nbformat.read(path, as_version=4).cells
    printed, result = cell.outputs
    assert printed.text.strip().endswith("runs") and cell.execution_count == 1
    assert result.data["text/plain"] == repr(sys.executable)  # a kernel of this interpreter
    assert nbformat.read(sources / "tiny.ipynb", as_version=4).cells[0].outputs == []


@pytest.fixture
def notebook_environment(tmp_path):
    """The variables of a run with its runs kept in tmp_path (as publish runs them)."""
    return publish.notebook_environment(tmp_path / "runs", NOTEBOOKS.parent)


def execute(name: str, cwd: Path, changes):
    """Run every cell in a fresh kernel, in ``cwd``; raises CellExecutionError on the first failure."""
    notebook = publish.execute(read(name), cwd, changes)
    assert publish.stale_cells(read(name), notebook) == []
    return notebook


def text_of(notebook) -> str:
    """Everything the notebook printed or displayed as text."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def outputs_of(notebook) -> set[str]:
    """Every mime type the notebook displayed."""
    return {kind for cell in notebook.cells for output in cell.get("outputs", [])
            for kind in output.get("data", {})}


def html_of(notebook) -> str:
    return "\n".join(output.get("data", {}).get("text/html", "")
                     for cell in notebook.cells for output in cell.get("outputs", []))


def images_in(notebook) -> int:
    return sum("image/png" in output.get("data", {})
               for cell in notebook.cells for output in cell.get("outputs", []))


@pytest.mark.slow
def test_quickstart_runs_and_draws(notebook_environment, tmp_path):
    notebook = execute("01_quickstart", tmp_path, notebook_environment)
    text = text_of(notebook)
    assert "LocalCluster: 1 worker x 1 thread, processes" in text
    assert "health: " in text  # the summary was printed
    # Two quick tasks are solved (by the pool's hand-written solvers, and for 007bbfb7 also by
    # enumeration); the third is the failure shown.
    assert re.search(r"007bbfb7\s+True\s+[1-9]", text) and re.search(r"0d3d703e\s+True", text)
    assert "<Client: " in text and "text/html" in outputs_of(notebook)  # Dask's own display
    assert "<table" in html_of(notebook)  # the results as a DataFrame
    assert "017c7c7b: best near-miss solver_" in text
    assert images_in(notebook) >= 3
    out = tmp_path / "runs" / "quickstart"
    assert {"store.sqlite", "submission.json", "telemetry.jsonl"} <= {p.name for p in out.iterdir()}


@pytest.mark.slow
def test_explore_makes_its_own_run_when_there_is_none(notebook_environment, tmp_path):
    notebook = execute("02_explore_results", tmp_path, notebook_environment)
    text = text_of(notebook)
    assert "running a small search there first" in text
    assert "finished" in text  # the runs table
    assert images_in(notebook) >= 2  # a trace and the outcome chart at least


@pytest.mark.slow
def test_remote_notebook_falls_back_to_a_local_cluster(notebook_environment, tmp_path):
    notebook = execute("03_remote_cluster", tmp_path, notebook_environment)
    text = text_of(notebook)
    assert "note: DASK_SCHEDULER_ADDRESS is unset" in text
    assert "workers import tasks.dsl" in text
    assert re.search(r"007bbfb7\s+True", text)


@pytest.mark.slow
def test_remote_notebook_uses_the_scheduler_it_is_given(notebook_environment, tmp_path):
    from distributed import LocalCluster

    # A scheduler and a worker process of their own: to the notebook's kernel, a remote cluster.
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        notebook = execute("03_remote_cluster", tmp_path,
                           {**notebook_environment, "DASK_SCHEDULER_ADDRESS": cluster.scheduler_address})
    text = text_of(notebook)
    assert "unset" not in text and f"<Client: '{cluster.scheduler_address}'" in text
    assert f"remote scheduler {cluster.scheduler_address}" in text
    assert "all 1 workers import" in text
    assert re.search(r"007bbfb7\s+True", text)

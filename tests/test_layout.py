"""The layout the README describes: dependencies point one way, no module imports one that imports it back.

Imports are read from the source (``ast``), including those inside functions,
which is where import circles hide.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("tasks", "graphs", "cluster")

# Inside tasks/, each subpackage may import only those before it (and itself).
TASKS_ORDER = ("data", "dsl", "programs", "running", "search", "differs", "solvers")

# What each top-level package may import besides itself.
ALLOWED = {"tasks": set(), "cluster": set(), "graphs": {"tasks", "cluster"}}

# Longest a module may grow before it wants splitting by reason to change.
MAX_MODULE_LINES = 650


def module_name(path: Path) -> str:
    """``tasks/data/arc.py`` -> ``tasks.data.arc``; a package's ``__init__`` is the package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def imported(path: Path, known: set[str]) -> set[str]:
    """The project modules ``path`` imports anywhere in its text (a name imported from a package
    counts as that submodule when there is one)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module in known:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & known
            found.update(submodules or {node.module})
    return found


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(path, set(known)) - {name} for name, path in known.items()}


def cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A path of imports from ``start`` back to itself, if any (depth first)."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for target in sorted(graph.get(node, ())):
            if target == start:
                return path + [start]
            if target not in seen:
                seen.add(target)
                stack.append((target, path + [target]))
    return None


def test_no_module_imports_one_that_imports_it_back():
    graph = import_graph()
    # A package's __init__ re-exports its submodules; leave those edges out, or every
    # submodule importing a sibling would seem to reach back through the package.
    graph = {name: {t for t in targets if not name.startswith(t + ".") and not t.startswith(name + ".")}
             for name, targets in graph.items()}
    cycles = [" -> ".join(path) for name in sorted(graph) if (path := cycle_through(graph, name))]
    assert cycles == []


@pytest.mark.parametrize("package", PACKAGES)
def test_top_level_packages_depend_one_way(package):
    wrong = {(name, target) for name, targets in import_graph().items() if name.split(".")[0] == package
             for target in targets if target.split(".")[0] not in ALLOWED[package] | {package}}
    assert wrong == set()


def test_tasks_subpackages_import_only_those_below_them():
    def layer(name: str) -> int | None:
        parts = name.split(".")
        return TASKS_ORDER.index(parts[1]) if len(parts) > 1 and parts[1] in TASKS_ORDER else None

    wrong = {(name, target) for name, targets in import_graph().items() if name.startswith("tasks.")
             for target in targets if target.startswith("tasks.")
             and None not in (layer(name), layer(target)) and layer(target) > layer(name)}
    assert wrong == set()


def test_modules_stay_small_enough_to_read():
    long = {name: lines for name, path in modules().items()
            if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_the_readme_architecture_names_every_tasks_and_graphs_folder():
    readme = (ROOT / "README.md").read_text()
    block = readme[readme.index("## Architecture"):]
    block = block[:block.index("```", block.index("```") + 3)]
    folders = {f"{path.parent.name}/" for package in ("tasks", "graphs")
               for path in (ROOT / package).glob("*/__init__.py")}
    assert {folder for folder in folders if folder not in block} == set()

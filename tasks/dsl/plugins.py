"""Extra primitives from outside the DSL: installed packages' entry points, and ``ARC_SEARCH_PLUGINS``.

A package adds primitives by naming a module in the ``arc_search.primitives``
entry point group (in its ``pyproject.toml``)::

    [project.entry-points."arc_search.primitives"]
    my-primitives = "my_package.primitives"

Importing ``tasks.dsl`` imports every such module (its ``@primitive``
functions register themselves), so the vocabulary is the same on every
machine where the package is installed, workers included. Modules named in the
environment variable ``ARC_SEARCH_PLUGINS`` (comma-separated) are imported
after them: a way for code that is not installed, which worker processes
inherit from the process that starts them.

>>> variable_modules({"ARC_SEARCH_PLUGINS": " a.b, ,c "})
['a.b', 'c']
"""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import Mapping

ENTRY_POINT_GROUP = "arc_search.primitives"
PLUGINS_VARIABLE = "ARC_SEARCH_PLUGINS"


class PluginError(ImportError):
    """An extra primitives module that cannot be imported; the message names where it was named."""


def variable_modules(environ: Mapping[str, str]) -> list[str]:
    """The modules ``ARC_SEARCH_PLUGINS`` names, in its order."""
    return [name.strip() for name in environ.get(PLUGINS_VARIABLE, "").split(",") if name.strip()]


def _distribution(entry_point: metadata.EntryPoint) -> str:
    dist = getattr(entry_point, "dist", None)
    return f" of {dist.name}" if dist is not None else ""


def load_plugins(environ: Mapping[str, str]) -> list[str]:
    """Import the entry points' modules (by name), then the variable's; return what was loaded, in order.

    Raises ``PluginError`` naming the entry point or the variable whose module fails to import.
    """
    loaded = []
    for entry_point in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        try:
            entry_point.load()
        except Exception as error:
            raise PluginError(f"entry point {entry_point.name!r} = {entry_point.value!r} in "
                              f"{ENTRY_POINT_GROUP}{_distribution(entry_point)}: cannot load it: "
                              f"{type(error).__name__}: {error}") from error
        loaded.append(entry_point.value)
    for module in variable_modules(environ):
        try:
            importlib.import_module(module)
        except Exception as error:
            raise PluginError(f"{PLUGINS_VARIABLE} names {module!r}: cannot import it: "
                              f"{type(error).__name__}: {error}") from error
        loaded.append(module)
    return loaded

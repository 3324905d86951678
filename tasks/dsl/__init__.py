"""The grid DSL: a flat vocabulary of pure primitives with typed signatures.

Importing this package registers every primitive in ``PRIMITIVES`` and every
typed constant in ``CONSTANTS`` (see ``tasks.dsl.registry``). Modules by topic:

- ``geometry``: rotations, mirrors, crops, scaling, borders, canvases
- ``tiling``: splits into equal parts or at separator lines, joins, repeats, collections of grids
- ``repair``: noise repainted from the grid's mirror symmetry or repeating tile
- ``colour``: palettes, counts, recolouring, fill and paint
- ``arithmetic``: integers, pairs and booleans
- ``patches``: Indices and Objects, their positions, boxes, moves and relations
- ``objects``: connected components, their colour and size, finding and picking them
- ``lines``: lines, shooting, neighbourhoods, gravitation
- ``containers``: sizes, set algebra, apply, filter, order
- ``higher_order``: compose, fork, bind, branch, bounded power
- ``painting``: whole-grid edits that keep the shape (gravity, connections, enclosed fills, stamps, ...)
- ``rays``: lines drawn from cells and shapes, one-cell gaps filled, steps towards a colour
- ``selection``: parts of a grid (crops by property, splits combined, folds)
- ``summaries``: grids built from counts, colour ranks, objects and the repeating tile
- ``cell_rules``: each cell's colour from a table the samples teach, keyed by its surroundings
- ``samples``: what the primitives that learn from the samples share (no primitives)

``python -m tasks.dsl`` lists every primitive with its signature.

Extra primitives (``tasks.dsl.plugins``): the modules of installed packages'
``arc_search.primitives`` entry points, then those named in the environment
variable ``ARC_SEARCH_PLUGINS`` (comma-separated), are imported after the DSL's
own, so they can register more primitives with ``@primitive``. Worker processes
import the same installed packages and inherit the variable, so the same
vocabulary exists wherever programs run.
"""

import os
from contextlib import contextmanager
from typing import Iterator

from tasks.dsl import constants  # noqa: F401  (registers CONSTANTS)
from tasks.dsl import (  # noqa: F401  (each import registers its primitives)
    arithmetic,
    cell_rules,
    colour,
    containers,
    geometry,
    higher_order,
    lines,
    objects,
    painting,
    patches,
    rays,
    repair,
    selection,
    summaries,
    tiling,
)
from tasks.dsl.plugins import PLUGINS_VARIABLE, load_plugins
from tasks.dsl.registry import CONSTANTS, PRIMITIVES, Constant, Primitive


@contextmanager
def plugins_for_new_processes(*modules: str) -> Iterator[None]:
    """Name ``modules`` in ARC_SEARCH_PLUGINS for processes started inside the block.

    This process's vocabulary is left as it is (its DSL is already imported);
    worker processes started in the block inherit the variable and import the
    modules. The variable is restored on the way out.
    """
    previous = os.environ.get(PLUGINS_VARIABLE)
    os.environ[PLUGINS_VARIABLE] = ",".join(filter(None, [previous, *modules]))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(PLUGINS_VARIABLE, None)
        else:
            os.environ[PLUGINS_VARIABLE] = previous


load_plugins(os.environ)

__all__ = ["CONSTANTS", "PRIMITIVES", "Constant", "Primitive"]

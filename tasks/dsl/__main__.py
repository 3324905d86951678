"""``python -m tasks.dsl``: every primitive by module, with its signature and one-line doc; then the constants.

Piped into a program that stops reading (``python -m tasks.dsl | head``), it
ends quietly, as Python's documentation advises for a closed pipe.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from typing import Iterable, Iterator, Mapping

from tasks.dsl import CONSTANTS, PRIMITIVES, Constant, Primitive

PACKAGE = "tasks.dsl."


def summary(doc: str) -> str:
    """A docstring's summary (its first paragraph) on one line, or nothing.

    >>> summary("Turn a grid\\n    a quarter.\\n\\n    More text."), summary("")
    ('Turn a grid a quarter.', '')
    """
    return " ".join(doc.strip().split("\n\n")[0].split())


def by_module(primitives: Iterable[Primitive]) -> dict[str, list[Primitive]]:
    """Primitives grouped by the module that defines them: the DSL's own modules first, by name.

    >>> from tasks.dsl import PRIMITIVES
    >>> groups = by_module(PRIMITIVES.values())
    >>> "geometry" in groups and all(p.function.__module__ == "tasks.dsl.geometry" for p in groups["geometry"])
    True
    """
    groups: dict[str, list[Primitive]] = defaultdict(list)
    for primitive in primitives:
        module = primitive.function.__module__
        groups[module.removeprefix(PACKAGE)].append(primitive)
    # Plugins' modules (``ARC_SEARCH_PLUGINS``) keep their full dotted names and come last.
    order = sorted(groups, key=lambda name: ("." in name, name))
    return {name: sorted(groups[name], key=lambda p: p.name) for name in order}


def listing(primitives: Mapping[str, Primitive], constants: Mapping[str, Constant]) -> Iterator[str]:
    """The lines of the listing.

    >>> from tasks.dsl import PRIMITIVES, CONSTANTS
    >>> lines = list(listing(PRIMITIVES, CONSTANTS))
    >>> "  rot90(Grid) -> Grid" in "\\n".join(lines) and lines[-1].endswith("constants")
    True
    """
    for module, members in by_module(primitives.values()).items():
        yield f"{module} ({len(members)})"
        width = max(len(p.signature()) for p in members)
        for primitive in members:
            doc = summary(primitive.doc)
            yield f"  {primitive.signature():<{width}}  {doc}".rstrip()
        yield ""
    yield "constants"
    for type_name in sorted({c.type for c in constants.values()}):
        names = [c.name for c in constants.values() if c.type == type_name]
        yield f"  {type_name}: {' '.join(names)}"
    yield ""
    yield f"{len(primitives)} primitives, {len(constants)} constants"


def main() -> int:
    for line in listing(PRIMITIVES, CONSTANTS):
        print(line)
    return 0


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader is gone: point stdout at devnull so the interpreter's own flush at exit
        # does not raise again, and exit as a program cut off by a closed pipe does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)

"""The closed set of type names used by DSL signatures, and how they relate.

A signature is data: a tuple of argument type names and a return type name,
all taken from ``TYPE_NAMES``. The generator and the type checker read these
names; they never look at a primitive's source.

>>> is_subtype(OBJECT, PATCH)
True
>>> is_subtype(GRID, PATCH)
False
"""

from __future__ import annotations

ANY = "Any"
INTEGER = "Integer"          # an int; colours are Integers 0..9
BOOLEAN = "Boolean"
PAIR = "Pair"                # (int, int): a point, a vector, a shape
GRID = "Grid"                # tuple of row tuples of ints 0..9
GRIDS = "Grids"              # tuple of Grids (what a split returns)
CELL = "Cell"                # (colour, (row, col))
OBJECT = "Object"            # frozenset of Cells
INDICES = "Indices"          # frozenset of (row, col)
PATCH = "Patch"              # an Object or Indices
OBJECTS = "Objects"          # frozenset of Objects
INDICES_SET = "IndicesSet"   # frozenset of Indices
INTEGER_SET = "IntegerSet"   # frozenset of ints
TUPLE = "Tuple"              # any tuple
FROZENSET = "FrozenSet"      # any frozenset
CONTAINER = "Container"      # a tuple or a frozenset
CALLABLE = "Callable"        # a primitive or a function built by one
SAMPLES = "Samples"          # S: tuple of (input Grid, output Grid) train pairs

# Each type's direct supertypes; the relation is the reflexive-transitive closure.
_PARENTS: dict[str, tuple[str, ...]] = {
    ANY: (),
    INTEGER: (ANY,),
    BOOLEAN: (ANY,),
    CALLABLE: (ANY,),
    CONTAINER: (ANY,),
    TUPLE: (CONTAINER,),
    FROZENSET: (CONTAINER,),
    PAIR: (TUPLE,),
    CELL: (TUPLE,),
    GRID: (TUPLE,),
    GRIDS: (TUPLE,),
    SAMPLES: (TUPLE,),
    PATCH: (FROZENSET,),
    OBJECT: (PATCH,),
    INDICES: (PATCH,),
    OBJECTS: (FROZENSET,),
    INDICES_SET: (FROZENSET,),
    INTEGER_SET: (FROZENSET,),
}

TYPE_NAMES: frozenset[str] = frozenset(_PARENTS)

# What iterating over a container of this type yields, where that is known.
ELEMENT_TYPE: dict[str, str] = {
    GRID: TUPLE,
    GRIDS: GRID,
    OBJECT: CELL,
    INDICES: PAIR,
    PATCH: ANY,
    OBJECTS: OBJECT,
    INDICES_SET: INDICES,
    INTEGER_SET: INTEGER,
    PAIR: INTEGER,
    SAMPLES: TUPLE,
}


def supertypes(name: str) -> frozenset[str]:
    """All types that ``name`` may stand in for, itself included.

    >>> sorted(supertypes(INDICES))
    ['Any', 'Container', 'FrozenSet', 'Indices', 'Patch']
    """
    if name not in _PARENTS:
        raise ValueError(f"unknown type name {name!r}; known: {sorted(TYPE_NAMES)}")
    seen = {name}
    stack = [name]
    while stack:
        for parent in _PARENTS[stack.pop()]:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return frozenset(seen)


def is_subtype(sub: str, sup: str) -> bool:
    """True when a value of type ``sub`` may be passed where ``sup`` is expected.

    >>> is_subtype(GRID, TUPLE), is_subtype(TUPLE, GRID)
    (True, False)
    """
    return sup in supertypes(sub)

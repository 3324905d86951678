"""Last-step completion: the step the train outputs ask for, found without enumerating it.

Three kinds: ``fill``/``underfill``/``paint`` of a patch that covers the
cells the outputs change, ``subgrid`` of a patch whose box has the outputs'
shape, and the colour swaps and replacements that map a grid onto the outputs.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, Mapping, Sequence

from tasks.data.arc import Task
from tasks.data.types import GRID, INDICES, INTEGER, OBJECT, PATCH
from tasks.dsl.patches import locations as patch_locations
from tasks.programs.program import Const
from tasks.programs.typecheck import accepts
from tasks.data.budget import Budget
from tasks.search.bank import Bank
from tasks.search.terms import Term, applied_term

# Most swaps and replacements a colour-map completion may add (each counts 2 to the size).
MAX_RECOLOURS = 4



def changed_cells(task: Task) -> tuple[frozenset, ...] | None:
    """Per pair, the locations where the output differs from the input; None unless shapes agree."""
    changes = []
    for pair in task.train:
        source, target = pair.input, pair.output
        if len(source) != len(target) or len(source[0]) != len(target[0]):
            return None
        changes.append(frozenset((r, c) for r, row in enumerate(target)
                                 for c, colour in enumerate(row) if colour != source[r][c]))
    return tuple(changes)


def fill_colours(task: Task, changes: tuple[frozenset, ...] | None) -> tuple[int, ...] | None:
    """Per pair, the one colour every changed cell takes; None unless each pair has one.

    >>> from tasks.data.arc import Pair
    >>> task = Task("t", (Pair(((0, 0),), ((0, 4),)), Pair(((1,),), ((5,),))), ())
    >>> fill_colours(task, changed_cells(task))
    (4, 5)
    """
    if changes is None or not all(changes):
        return None
    colours = []
    for pair, cells in zip(task.train, changes):
        taken = {pair.output[r][c] for r, c in cells}
        if len(taken) != 1:
            return None
        colours.append(taken.pop())
    return tuple(colours)


def colour_map(grids: tuple, outputs: tuple) -> dict[int, int] | None:
    """The colour each cell of ``grids`` becomes in ``outputs``, if one map serves every cell.

    Only the colours that change are kept; None when shapes differ or a colour
    would have to become two.

    >>> colour_map((((1, 2), (2, 3)),), (((2, 1), (1, 3)),))
    {1: 2, 2: 1}
    >>> colour_map((((1, 1),),), (((1, 2),),)) is None
    True
    """
    seen: set[tuple[int, int]] = set()
    for grid, output in zip(grids, outputs):
        if len(grid) != len(output) or len(grid[0]) != len(output[0]):
            return None
        seen.update(zip(chain.from_iterable(grid), chain.from_iterable(output)))
    mapping = dict(seen)
    if len(mapping) != len(seen):
        return None
    return {old: new for old, new in sorted(mapping.items()) if old != new}


def colour_map_steps(mapping: Mapping[int, int]) -> list[tuple[str, int, int]] | None:
    """``switch_colours``/``replace_colour`` calls, in an order that applies ``mapping``.

    Swaps first, then replacements, each colour replaced before the one that
    becomes it; None for a cycle of three or more colours (no order works).

    >>> colour_map_steps({1: 2, 2: 1, 3: 1, 4: 3})
    [('switch_colours', 1, 2), ('replace_colour', 3, 1), ('replace_colour', 4, 3)]
    """
    swaps = [(a, b) for a, b in sorted(mapping.items()) if a < b and mapping.get(b) == a]
    swapped = {colour for pair in swaps for colour in pair}
    pending = {a: b for a, b in mapping.items() if a not in swapped}
    steps: list[tuple[str, int, int]] = [("switch_colours", a, b) for a, b in swaps]
    while pending:
        # Replace a colour once what it becomes is no longer to be replaced itself.
        ready = sorted(a for a, b in pending.items() if b not in pending)
        if not ready:
            return None
        for a in ready:
            steps.append(("replace_colour", a, pending.pop(a)))
    return steps


class Goal:
    """What the train outputs ask of a last step, worked out once per task.

    When every output is its input with some cells set to one colour per
    pair, a patch term holding those cells solves the task as
    ``fill(I, colour, patch)`` (or ``underfill``, or ``paint`` for an object
    with the right colours), the colour a constant or an integer term of the
    bank with those values; when a patch's bounding box has the output's
    shape on every pair, ``subgrid(I, patch)`` may be the answer. Checking
    costs one subset or shape test per new patch term, so every patch found
    is tried: the enumeration reaches one step further for these. A grid
    term whose cells map to the outputs' by one colour map is finished with
    the swaps and replacements that apply it (``finish_grid``).
    """

    def __init__(self, task: Task, primitives: Mapping[str, Any], constants: Mapping[str, Any],
                 inputs: Term, bank: Bank) -> None:
        self.inputs = inputs
        self.bank = bank
        self.primitives = primitives
        self.constants = constants
        self.outputs = tuple(pair.output for pair in task.train)
        self.train = len(self.outputs)  # values past the train pairs' are the test inputs'
        self.shapes = tuple((len(o), len(o[0])) for o in self.outputs)
        self.changes = changed_cells(task)
        self.colours = fill_colours(task, self.changes)
        self.recolours = [primitives[name] for name in ("fill", "underfill") if name in primitives
                          ] if self.colours is not None else []
        self.paint = primitives.get("paint") if self.changes is not None and any(self.changes) else None
        self.subgrid = primitives.get("subgrid")
        self.constant_colour = None
        if self.colours is not None and len(set(self.colours)) == 1 and str(self.colours[0]) in constants:
            self.constant_colour = self._constant(self.colours[0])

    @property
    def active(self) -> bool:
        """Could a patch finish the task at all?"""
        return bool(self.recolours) or self.paint is not None or self.subgrid is not None

    def _covers_changes(self, locations: Sequence[frozenset]) -> bool:
        return self.changes is not None and all(
            changed <= cells for changed, cells in zip(self.changes, locations))

    def _subgrid_fits(self, locations: Sequence[frozenset]) -> bool:
        return self.subgrid is not None and all(
            cells and box_shape(cells) == shape for cells, shape in zip(locations, self.shapes))

    def may_finish(self, patches: tuple) -> bool:
        """Could these values (the first pairs' at least) be finished into the outputs?"""
        if not all(type(patch) is frozenset for patch in patches):
            return False
        locations = [patch_locations(patch) for patch in patches]
        return ((bool(self.recolours) or self.paint is not None) and self._covers_changes(locations)
                or self._subgrid_fits(locations))

    def _colour_term(self) -> Term | None:
        """The colour to fill with: a constant, or an integer term with the per-pair colours."""
        if self.constant_colour is not None:
            return self.constant_colour
        return self.bank.integer(self.colours)

    def finish(self, term: Term, budget: Budget) -> Term | None:
        """A term one step above ``term`` that reproduces every output, if one fits."""
        if term.kind not in (INDICES, OBJECT) or not accepts(PATCH, term.type):
            return None
        locations = [patch_locations(patch) for patch in term.values]
        if self._covers_changes(locations):
            colour = self._colour_term() if self.recolours else None
            for entry in self.recolours if colour is not None else ():
                found = self._check(entry, (self.inputs, colour, term), budget)
                if found is not None:
                    return found
            if self.paint is not None and term.type == OBJECT:
                found = self._check(self.paint, (self.inputs, term), budget)
                if found is not None:
                    return found
        if self._subgrid_fits(locations):
            return self._check(self.subgrid, (self.inputs, term), budget)
        return None

    def finish_grid(self, term: Term, budget: Budget) -> Term | None:
        """``term`` recoloured into the outputs by at most ``MAX_RECOLOURS`` swaps/replacements."""
        if term.type != GRID or term.values[:self.train] == self.outputs:
            return None
        mapping = colour_map(term.values, self.outputs)
        steps = colour_map_steps(mapping) if mapping else None
        if steps is None or len(steps) > MAX_RECOLOURS:
            return None
        for name, a, b in steps:
            if name not in self.primitives or str(a) not in self.constants or str(b) not in self.constants:
                return None
            args = (term, self._constant(a), self._constant(b))
            term = self._check(self.primitives[name], args, budget, final=False)
            if term is None:
                return None
        return term if term.values[:self.train] == self.outputs else None

    def _constant(self, value: int) -> Term:
        return Term(INTEGER, INTEGER, (value,) * len(self.inputs.values), leaf=Const(str(value)))

    def _check(self, entry: Any, args: tuple, budget: Budget, final: bool = True) -> Term | None:
        term = applied_term(entry, args, GRID, budget)
        if term is None or (final and term.values[:self.train] != self.outputs):
            return None
        return term


def box_shape(cells: frozenset) -> tuple[int, int]:
    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    return max(rows) - min(rows) + 1, max(cols) - min(cols) + 1


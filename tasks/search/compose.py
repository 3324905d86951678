"""Stacking partial answers: two grid terms, each right where it matters, overlaid into a solver.

``overlay(as_grids(base, top))`` is ``top``'s non-zero cells over ``base``.
It reproduces the outputs when ``top`` is right on every cell it draws and
``base`` is right on every cell ``top`` leaves at 0. With each term's cells
as bits (right or not, drawn or not) over all the train outputs at once,
finding such a pair costs one AND per candidate pair, so every grid term of
the outputs' shape can be tried against every other after the enumeration,
and a solver two partial programs make is found without enumerating its
size.

>>> from tasks.programs.program import Input
>>> I = Term("Grid", "Grid", (((1, 0), (0, 0)),), leaf=Input("I"), reads_i=True)
>>> masks = cell_masks(I, (((1, 2), (0, 0)),))
>>> bin(masks.right), bin(masks.drawn)
('0b1101', '0b1')
"""

from __future__ import annotations

from itertools import chain
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from tasks.data.budget import Budget
from tasks.data.types import GRID, GRIDS
from tasks.search.terms import Term, apply_to_pairs, term_size

# The two steps that stack a top term over a base term.
PACK, STACK = "as_grids", "overlay"

# Grid terms considered as pieces, the best by cells right first: the pairs grow as its square.
MAX_PIECES = 1_500

# Stacked solvers handed on at most; more are alternatives the attempts rarely need.
MAX_STACKED = 8


class CellMasks(NamedTuple):
    """One bit per cell of the train outputs, in order: where a term is right, and where it is non-zero."""

    right: int
    drawn: int


def _bits(flags: Iterable[bool]) -> int:
    """An int with bit k set where the k-th flag is true.

    >>> bin(_bits([True, False, True]))
    '0b101'
    """
    value = 0
    for position, flag in enumerate(flags):
        if flag:
            value |= 1 << position
    return value


def cell_masks(term: Term, outputs: Sequence[tuple]) -> CellMasks:
    """The term's ``CellMasks`` against the train outputs (its test values play no part)."""
    cells = list(chain.from_iterable(chain.from_iterable(grid) for grid in term.values[:len(outputs)]))
    expected = list(chain.from_iterable(chain.from_iterable(outputs)))
    return CellMasks(_bits(a == b for a, b in zip(cells, expected)), _bits(cell != 0 for cell in cells))


def same_shapes(term: Term, outputs: Sequence[tuple]) -> bool:
    """Is the term a grid of each train output's shape?"""
    return all(len(grid) == len(out) and len(grid[0]) == len(out[0])
               for grid, out in zip(term.values, outputs))


def stacked_pairs(pieces: Sequence[Term], masks: Sequence[CellMasks],
                  outputs: Sequence[tuple]) -> list[tuple[Term, Term]]:
    """(base, top) pairs whose overlay reproduces every train output, smallest first.

    ``pieces`` all have the outputs' shapes, ``masks`` are theirs. A top must
    draw something and be right wherever it draws; its base must be right
    everywhere else.
    """
    everything = (1 << sum(len(out) * len(out[0]) for out in outputs)) - 1
    tops = [(piece, mask) for piece, mask in zip(pieces, masks)
            if mask.drawn and mask.drawn & ~mask.right == 0 and mask.right != everything]
    found = []
    for top, top_mask in tops:
        needed = everything & ~top_mask.drawn
        bases = [piece for piece, mask in zip(pieces, masks)
                 if piece is not top and mask.right & needed == needed]
        if bases:
            found.append((min(bases, key=lambda base: (base.size, base.text)), top))
    found.sort(key=lambda pair: (pair[0].size + pair[1].size, pair[0].text, pair[1].text))
    return found


def stacked_terms(grids: Sequence[Term], outputs: Sequence[tuple], primitives: Mapping[str, Any],
                  budget: Budget) -> list[Term]:
    """Solver terms ``overlay(as_grids(base, top))`` made from the grid terms, at most ``MAX_STACKED``.

    Each is run on every value (the test inputs too) and kept only if it
    reproduces the train outputs.
    """
    if PACK not in primitives or STACK not in primitives:
        return []
    measured = [(term, cell_masks(term, outputs)) for term in grids if same_shapes(term, outputs)]
    measured.sort(key=lambda item: -item[1].right.bit_count())
    pieces, masks = zip(*measured[:MAX_PIECES]) if measured else ((), ())
    solved = []
    for base, top in stacked_pairs(pieces, masks, outputs)[:MAX_STACKED]:
        term = _apply(primitives[STACK], (_apply(primitives[PACK], (base, top), GRIDS, budget),), GRID, budget)
        if term is not None and term.values[:len(outputs)] == tuple(outputs):
            solved.append(term)
    return solved


def _apply(entry: Any, args: tuple, result: str, budget: Budget) -> Term | None:
    if None in args:
        return None
    values = apply_to_pairs(entry.function, [arg.values for arg in args], budget)
    if values is None:
        return None
    return Term(result, result, values, term_size(args), 1 + max(arg.depth for arg in args), None,
                entry.name, args, True, reads_i=any(arg.reads_i for arg in args))

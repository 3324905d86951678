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
from operator import eq
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from tasks.data.budget import Budget
from tasks.data.types import GRID, GRIDS
from tasks.search.build import same_shapes
from tasks.search.terms import Term, applied_term

# The two steps that stack a top term over a base term.
PACK, STACK = "as_grids", "overlay"

# Grid terms considered as pieces, the best by cells right first: the pairs grow as its square.
MAX_PIECES = 1_500

# Stacked solvers handed on at most; more are alternatives the attempts rarely need.
MAX_STACKED = 8

# Greedy covers: tops laid over one base at most, and bases tried (the best by cells right).
MAX_TOPS, MAX_BASES = 3, 64


class CellMasks(NamedTuple):
    """One bit per cell of the train outputs, in order: where a term is right, and where it is non-zero."""

    right: int
    drawn: int


# Cell flags (bytes 0 and 1) as the digits of a binary number.
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _bits(flags: Iterable[bool]) -> int:
    """An int with bit k set where the k-th flag is true (the loop runs in C: grids have many cells).

    >>> bin(_bits([True, False, True, True])), _bits([])
    ('0b1101', 0)
    """
    digits = bytes(flags).translate(_DIGITS)
    return int(digits[::-1], 2) if digits else 0


def cell_masks(term: Term, outputs: Sequence[tuple]) -> CellMasks:
    """The term's ``CellMasks`` against the train outputs (its test values play no part)."""
    cells = list(chain.from_iterable(chain.from_iterable(grid) for grid in term.values[:len(outputs)]))
    expected = chain.from_iterable(chain.from_iterable(outputs))
    return CellMasks(_bits(map(eq, cells, expected)), _bits(map(bool, cells)))


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


def covered_stacks(pieces: Sequence[Term], masks: Sequence[CellMasks], outputs: Sequence[tuple],
                   max_tops: int = MAX_TOPS, max_bases: int = MAX_BASES) -> list[tuple[Term, ...]]:
    """(base, top, top, ...) stacks of up to ``max_tops`` tops that reproduce every train output.

    For each of the ``max_bases`` bases right on most cells, tops that are
    right wherever they draw are chosen greedily, each covering the most of
    the cells the base and the tops before it still get wrong (a smaller top
    first on a tie). Tops that are right wherever they draw never contradict
    each other, so their order does not matter.
    """
    everything = (1 << sum(len(out) * len(out[0]) for out in outputs)) - 1
    tops = [(piece, mask.drawn) for piece, mask in zip(pieces, masks)
            if mask.drawn and mask.drawn & ~mask.right == 0]
    found = []
    for base, mask in list(zip(pieces, masks))[:max_bases]:
        wrong, chosen = everything & ~mask.right, []
        while wrong and len(chosen) < max_tops:
            top, drawn = max(tops, key=lambda item: ((item[1] & wrong).bit_count(), -item[0].size),
                             default=(None, 0))
            if not drawn & wrong:
                break
            chosen.append(top)
            wrong &= ~drawn
        if not wrong and chosen:
            found.append((base, *chosen))
    found.sort(key=lambda stack: (sum(term.size for term in stack), [term.text for term in stack]))
    return found


Measured = list[tuple[Term, CellMasks]]


def measured_pieces(grids: Sequence[Term], outputs: Sequence[tuple], limit: int = MAX_PIECES,
                    measured: Measured = ()) -> Measured:
    """The ``limit`` grid terms of the outputs' shapes right on the most cells, with their masks.

    ``measured``: pieces measured before (an enumeration continued over
    rounds keeps these, not every grid it made), merged with the new ones.

    >>> from tasks.programs.program import Input
    >>> right = Term("Grid", "Grid", (((1, 2),),), leaf=Input("I"))
    >>> wrong = Term("Grid", "Grid", (((0, 0),),), leaf=Input("I"))
    >>> [term for term, _ in measured_pieces([wrong, right], (((1, 2),),), limit=1)] == [right]
    True
    """
    pieces = list(measured) + [(term, cell_masks(term, outputs)) for term in grids
                               if same_shapes(term, outputs)]
    pieces.sort(key=lambda item: -item[1].right.bit_count())
    return pieces[:limit]


def stacked_terms(grids: Sequence[Term], outputs: Sequence[tuple], primitives: Mapping[str, Any],
                  budget: Budget) -> list[Term]:
    """Solver terms stacking partial answers, at most ``MAX_STACKED``: pairs first, then greedy covers.

    ``overlay(as_grids(base, top))``, and for more tops the same again over
    that result. Each is run on every value (the test inputs too) and kept
    only if it reproduces the train outputs.
    """
    return stacked_from(measured_pieces(grids, outputs), outputs, primitives, budget)


def stacked_from(measured: Measured, outputs: Sequence[tuple], primitives: Mapping[str, Any],
                 budget: Budget) -> list[Term]:
    """``stacked_terms`` of pieces already measured (``measured_pieces``)."""
    if PACK not in primitives or STACK not in primitives:
        return []
    pieces, masks = zip(*measured) if measured else ((), ())
    stacks = stacked_pairs(pieces, masks, outputs) or covered_stacks(pieces, masks, outputs)
    solved = []
    for base, *tops in stacks[:MAX_STACKED]:
        term = base
        for top in tops:
            packed = applied_term(primitives[PACK], (term, top), GRIDS, budget)
            term = None if packed is None else applied_term(primitives[STACK], (packed,), GRID, budget)
            if term is None:
                break
        if term is not None and term.values[:len(outputs)] == tuple(outputs):
            solved.append(term)
    return solved


"""From terms to programs: the straight-line solver of a term, and how well it fits.

>>> from tasks.programs.program import Input
>>> grid = Term("Grid", "Grid", (), leaf=Input("I"))
>>> print(term_program(Term("Grid", "Grid", (), 1, 1, None, "rot90", (grid,))).to_source(), end="")
def solve(S, I):
    O = rot90(I)
    return O
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tasks.data.grid import cell_accuracy
from tasks.programs.program import SOLVER, Program, Ref, Step
from tasks.search.terms import CAST_PRIMITIVE, Term


@dataclass(frozen=True)
class Found:
    """One enumerated solver: its program, size (``term_size``), depth, and fit to the outputs.

    ``accuracy`` is the mean share of cells equal to the outputs, 0..1000 (0
    unless every shape matches).
    """

    program: Program
    size: int
    depth: int
    exact: bool
    shape_match: bool
    accuracy: int



def term_program(term: Term) -> Program:
    """The straight-line solver computing ``term``; shared sub-terms become one step.

    A cast term is followed by ``identity`` of it, and its users read that.
    """
    steps: list[Step] = []
    index_of: dict[int, int] = {}

    def visit(node: Term) -> Any:
        if node.leaf is not None:
            return node.leaf
        if id(node) not in index_of:
            args = tuple(visit(arg) for arg in node.args)
            steps.append(Step(node.primitive, args))
            if node.cast:
                steps.append(Step(CAST_PRIMITIVE, (Ref(len(steps) - 1),)))
            index_of[id(node)] = len(steps) - 1
        return Ref(index_of[id(node)])

    visit(term)
    return Program(SOLVER, tuple(steps))


def same_shapes(term: Term, outputs: tuple) -> bool:
    """Is the grid term of each train output's shape (its test values aside)?"""
    return all(len(g) == len(o) and len(g[0]) == len(o[0]) for g, o in zip(term.values, outputs))


def fit_to_outputs(term: Term, outputs: tuple) -> tuple[bool, bool, int]:
    """(exact, shape_match, accuracy) of a grid term against the train outputs.

    The term's values past the train pairs' (its test predictions) play no part.
    """
    shapes = same_shapes(term, outputs)
    accuracy = (sum(cell_accuracy(g, o) for g, o in zip(term.values, outputs)) // len(outputs)
                if shapes else 0)
    return term.values[:len(outputs)] == outputs, shapes, accuracy



def ranked_fits(terms: list[Term], outputs: tuple) -> list[tuple[Term, bool, bool, int]]:
    """(term, exact, shape_match, accuracy) of grid terms, best first.

    Exact matches of every train output first, then matches of every output's
    shape, then smaller, then closer to the outputs cell by cell, then by the
    text of the nested expression.
    """
    fits = [(term, *fit_to_outputs(term, outputs)) for term in terms]
    fits.sort(key=lambda fit: (not fit[1], not fit[2], fit[0].size, -fit[3], fit[0].text))
    return fits


def found_of(term: Term, exact: bool, shapes: bool, accuracy: int) -> Found:
    """The ``Found`` of one ranked fit (see ``ranked_fits``)."""
    return Found(term_program(term), term.size, term.depth, exact, shapes, accuracy)

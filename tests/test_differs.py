"""Differs: each scores 1000 on identical grids, less on the kind of difference it is about.

Every differ is checked against a nearer and a farther candidate for the same
expected grid: both differ from it, and the farther one is wrong in the very
aspect the differ measures, so it must score lower.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.arc import Pair, Task
from tasks.data.budget import Budget
from tasks.differs import differ_ids, load_differs, load_named_differs, read_differs, run_differ
from tasks.dsl.geometry import mirror_left_right
from tasks.running.evaluate import Candidate, differ_score
from tasks.programs.parse import ProgramSyntaxError
from tasks.programs.program import DIFFER
from tasks.programs.typecheck import typecheck
from tests.dsl.strategies import grids, same_shape_grids

DIFFERS = load_named_differs()

# The expected grid of the aspect cases: a blue square and one red cell on black.
E = ((0, 0, 0, 0),
     (0, 1, 1, 0),
     (0, 1, 1, 0),
     (0, 0, 0, 2))


def put(grid, *cells):
    """``grid`` with each (row, col, colour) of ``cells`` set."""
    rows = [list(row) for row in grid]
    for row, col, colour in cells:
        rows[row][col] = colour
    return tuple(tuple(row) for row in rows)


SQUARE_MOVED = ((0, 0, 0, 0),
                (0, 0, 1, 1),
                (0, 0, 1, 1),
                (0, 0, 0, 2))
SQUARE_RECOLOURED = put(E, (1, 1, 3), (1, 2, 3), (2, 1, 3), (2, 2, 3))

# name -> (nearer candidate, farther candidate, the diff of the farther one)
ASPECTS = {
    "cells": (put(E, (0, 0, 5)), put(E, (0, 0, 5), (0, 1, 5), (1, 1, 5)),
              frozenset({(0, (0, 0)), (0, (0, 1)), (1, (1, 1))})),
    "grid_shape": (put(E, (0, 0, 5)), E[:3], (1, 0)),
    "palette_overlap": (put(E, (0, 0, 1)), put(E, (3, 3, 3)), frozenset({2, 3})),
    "colour_histogram": (put(E, (0, 0, 1)), put(E, (0, 0, 1), (0, 1, 1), (0, 2, 1)),
                         ((0, 3), (1, -3), (2, 0))),
    "object_count": (put(E, (3, 3, 0), (3, 0, 2)), put(E, (0, 3, 4)), -1),
    "object_sizes": (SQUARE_MOVED, put(E, (1, 3, 1), (2, 3, 1)), frozenset({4, 6})),
    "object_positions": (SQUARE_RECOLOURED, SQUARE_MOVED, frozenset({(1, 1)})),
    "object_shapes": (SQUARE_MOVED, put(E, (2, 2, 0)),
                      frozenset({frozenset({(0, 0), (0, 1), (1, 0), (1, 1)})})),
    "whole_objects": (put(E, (3, 3, 0), (3, 0, 2)), put(SQUARE_RECOLOURED, (3, 3, 0), (3, 0, 2)),
                      frozenset({frozenset({(1, (1, 1)), (1, (1, 2)), (1, (2, 1)), (1, (2, 2))}),
                                 frozenset({(2, (3, 3))})})),
    "foreground_mask": (SQUARE_RECOLOURED, put(E, (0, 0, 1)), frozenset({(0, 0)})),
    "content_anywhere": (((1, 1, 0, 0), (1, 1, 0, 0), (0, 0, 2, 0), (0, 0, 0, 0)),
                         put(E, (3, 3, 0)), frozenset({(2, (2, 2))})),
    "best_symmetry": (mirror_left_right(E), put(E, (0, 1, 2), (1, 0, 2)),
                      frozenset({(0, (0, 1)), (0, (1, 0))})),
    "colour_blind": (put(SQUARE_RECOLOURED, (3, 3, 5)), put(E, (0, 0, 1)), ((1, 0),)),
    "row_set": (E[::-1], put(E, (0, 0, 4)), frozenset({(0, 0, 0, 0)})),
}

# Grids from ARC tasks and corners of the value space, for the identity checks.
SAMPLE_GRIDS = [E, ((5,),), ((0,),), ((0, 0), (0, 0)), ((1, 2), (3, 4)),
                tuple(tuple((r * 7 + c) % 10 for c in range(30)) for r in range(30))]


def score(name, candidate, expected):
    return run_differ(DIFFERS[name], candidate, expected)[0]


def test_the_library_has_at_least_twelve_differs_covering_every_required_aspect():
    assert len(DIFFERS) >= 12
    assert set(ASPECTS) <= set(DIFFERS), "every differ has an aspect case below"
    assert set(DIFFERS) == set(ASPECTS)


def test_differs_are_well_typed_differ_programs_with_distinct_content_ids():
    ids = differ_ids()
    assert all(program.kind == DIFFER for program in load_differs())
    assert all(typecheck(program) for program in load_differs())
    assert all(i.startswith("differ_") for i in ids.values())
    assert len(set(ids.values())) == len(ids)
    assert [DIFFERS[name] for name in DIFFERS] == list(load_differs())


@pytest.mark.parametrize("name", sorted(DIFFERS))
@pytest.mark.parametrize("grid", SAMPLE_GRIDS, ids=lambda g: f"{len(g)}x{len(g[0])}")
def test_identical_grids_score_1000(name, grid):
    assert score(name, grid, grid) == 1000


@pytest.mark.parametrize("name", sorted(DIFFERS))
def test_the_difference_a_differ_is_about_scores_lower(name):
    nearer, farther, farther_diff = ASPECTS[name]
    near_score, far_score = score(name, nearer, E), score(name, farther, E)
    assert 0 <= far_score < near_score < 1000
    assert run_differ(DIFFERS[name], farther, E)[1] == farther_diff


@pytest.mark.parametrize("name", sorted(DIFFERS))
def test_every_aspect_case_scores_below_1000_on_every_differ(name):
    # 1000 means identical: no differ may be fooled by a difference it does not measure.
    for nearer, farther, _ in ASPECTS.values():
        assert score(name, nearer, E) < 1000
        assert score(name, farther, E) < 1000


@settings(max_examples=25, deadline=None)
@given(st.one_of(same_shape_grids(2, max_side=6, palette=st.sampled_from([0, 0, 1, 2])),
                 st.tuples(grids(max_side=6), grids(max_side=6))))
def test_scores_are_ints_in_range_and_1000_only_for_identical_grids(grids_pair):
    candidate, expected = grids_pair
    for name, program in DIFFERS.items():
        value, _ = run_differ(program, candidate, expected)
        assert type(value) is int and 0 <= value <= 1000, name
        assert (value == 1000) == (candidate == expected), name


def test_cells_scores_the_share_of_cells_in_common():
    assert score("cells", put(E, (0, 0, 5)), E) == 1000 * 15 // 16
    assert score("cells", E[:2], E) == 1000 * 8 // 16


def test_best_symmetry_forgives_a_turn_that_cells_does_not():
    turned = mirror_left_right(E)
    assert run_differ(DIFFERS["best_symmetry"], turned, E) == (999, frozenset())
    assert score("cells", turned, E) < 900


def test_colour_blind_names_the_colour_swaps():
    swapped = put(SQUARE_RECOLOURED, (3, 3, 5))
    assert run_differ(DIFFERS["colour_blind"], swapped, E) == (999, ((3, 1), (5, 2)))


def test_differs_run_through_the_search_scoring_of_near_misses():
    task = Task("t", (Pair(((1,),), E), Pair(((2,),), E)), ())
    cells = Candidate.of(DIFFERS["cells"])
    assert cells.id == differ_ids()["cells"]
    assert differ_score(task, cells, (E, E), Budget()) == 1000
    assert differ_score(task, cells, (E, put(E, (0, 0, 5))), Budget()) == (1000 + 937) / 2


def test_reading_differs_rejects_bad_programs_naming_file_and_line(tmp_path):
    path = tmp_path / "differs.py"
    path.write_text("def good(S, I, C):\n    return colour_counts(I)\n\n"
                    "def bad(S, I, C):\n    return I.shape\n")
    with pytest.raises(ProgramSyntaxError, match=r"differs.py:5: attribute access"):
        read_differs(path)


def test_reading_differs_rejects_solvers_duplicates_and_type_errors(tmp_path):
    path = tmp_path / "differs.py"
    path.write_text("def solver(S, I):\n    return rot90(I)\n")
    with pytest.raises(ProgramSyntaxError, match=r":1: solver is not a differ"):
        read_differs(path)
    path.write_text("def a(S, I, C):\n    return colour_counts(I)\n\ndef a(S, I, C):\n"
                    "    return colour_counts(C)\n")
    with pytest.raises(ProgramSyntaxError, match=r":4: differ a is defined twice"):
        read_differs(path)
    path.write_text("def a(S, I, C):\n    return height(I)\n")
    with pytest.raises(ProgramSyntaxError, match=r":1: type error in a"):
        read_differs(path)

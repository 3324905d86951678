"""Mutations: each kind of edit, type-correctness, round trips, determinism."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

from tasks.programs.canonical import content_id
from tasks.search.mutate import (MUTATIONS, append_step, drop_step, grid_transforms, mutate,
                          replace_argument, same_signature, shift_constant, swap_primitive)
from tasks.programs.parse import parse_program
from tasks.programs.program import Program
from tasks.programs.typecheck import typecheck

FILL_HOLES = Program.from_steps("solver", [("colour_indices", "I", 3), ("holes", "x1"),
                                           ("fill", "I", 4, "x2")])
LARGEST = Program.from_steps("solver", [("objects_single_colour", "I"),
                                        ("argmax", "x1", "object_size"), ("subgrid", "I", "x2")])
TURN = Program.from_steps("solver", [("rot90", "I")])
PROGRAMS = (FILL_HOLES, LARGEST, TURN)


def steps_text(program: Program) -> list[str]:
    return [f"{s.primitive}({','.join(map(str, s.args))})" for s in program.steps]


def edits(mutation, program: Program, tries: int = 200) -> set[tuple[str, ...]]:
    rng = random.Random(0)
    found = set()
    for _ in range(tries):
        mutant = mutation(program, rng)
        if mutant is not None:
            found.add(tuple(steps_text(mutant)))
    return found


def test_replace_argument_uses_earlier_steps_inputs_and_constants_of_a_fitting_type():
    found = edits(replace_argument, FILL_HOLES)
    assert ("colour_indices(I,3)", "holes(x1)", "fill(I,4,x1)") in found      # an earlier step
    assert ("colour_indices(I,3)", "holes(x1)", "fill(I,7,x2)") in found      # a constant
    # A Patch argument never becomes a Grid or an Integer.
    assert all(not text[2].endswith(",I)") and not text[2].endswith(",3)") for text in found)


def test_swap_primitive_keeps_the_signature():
    found = edits(swap_primitive, TURN)
    assert ("rot270(I)",) in found and ("mirror_left_right(I)",) in found
    assert all(text[0].split("(")[0] in same_signature("rot90") for text in found)


def test_swap_primitive_also_swaps_a_primitive_passed_by_name():
    found = edits(swap_primitive, LARGEST)
    assert any(text[1].startswith("argmax(x1,") and text[1] != "argmax(x1,object_size)"
               for text in found)


def test_shift_constant_moves_an_integer_by_one():
    found = edits(shift_constant, FILL_HOLES)
    assert found == {("colour_indices(I,2)", "holes(x1)", "fill(I,4,x2)"),
                     ("colour_indices(I,4)", "holes(x1)", "fill(I,4,x2)"),
                     ("colour_indices(I,3)", "holes(x1)", "fill(I,3,x2)"),
                     ("colour_indices(I,3)", "holes(x1)", "fill(I,5,x2)")}
    assert shift_constant(TURN, random.Random(0)) is None


def test_append_step_applies_a_grid_transform_to_the_result():
    found = edits(append_step, TURN)
    assert ("rot90(I)", "rot90(x1)") in found
    assert all(text[1].split("(")[0] in grid_transforms() for text in found)


def test_drop_step_rewires_users_to_an_argument_of_the_same_type():
    found = edits(drop_step, FILL_HOLES)
    assert ("colour_indices(I,3)", "fill(I,4,x1)") in found
    # The result cannot be dropped for an input, and a one-step program has nothing to drop.
    assert drop_step(TURN, random.Random(0)) is None


@pytest.mark.parametrize("program", PROGRAMS, ids=["fill", "largest", "turn"])
def test_mutants_are_distinct_well_typed_and_round_trip(program):
    mutants = mutate(program, random.Random(5), 30)
    ids = [content_id(m) for m in mutants]
    assert len(mutants) == 30 or program is TURN
    assert len(set(ids)) == len(ids) and content_id(program) not in ids
    for mutant in mutants:
        back = parse_program(mutant.to_source())
        typecheck(back)
        assert content_id(back) == content_id(mutant)


def test_mutation_is_deterministic_for_the_rng_state():
    first = [content_id(m) for m in mutate(FILL_HOLES, random.Random(11), 20)]
    again = [content_id(m) for m in mutate(FILL_HOLES, random.Random(11), 20)]
    other = [content_id(m) for m in mutate(FILL_HOLES, random.Random(12), 20)]
    assert first == again
    assert first != other


def test_a_program_with_unknown_names_yields_no_mutants_rather_than_an_error():
    unknown = Program.from_steps("solver", [("no_such_primitive", "I")])
    assert mutate(unknown, random.Random(0), 5) == []


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), which=st.sampled_from(PROGRAMS),
       mutation=st.sampled_from(MUTATIONS))
def test_every_edit_kind_stays_well_typed(seed, which, mutation):
    mutant = mutation(which, random.Random(seed))
    if mutant is not None:
        typecheck(mutant)
        assert parse_program(mutant.to_source()) == mutant

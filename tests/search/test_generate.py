"""Candidate generation: enumeration with OE pruning, rounds, determinism, type-correctness."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from tasks.data.arc import Pair, Task
from tasks.programs.canonical import content_id
from tasks.dsl import CONSTANTS, PRIMITIVES
from tasks.data.arc import leave_one_out
from tasks.search.bank import seed_terms, task_integers
from tasks.search.build import term_program
from tasks.search.enumerate import enumerate_found, enumerate_programs
from tasks.search.finish import changed_cells, colour_map, colour_map_steps, fill_colours
from tasks.search.generate import dedupe_by_id, enumerated, generate_candidates, round_rng
from tasks.search.settings import GenerationSettings
from tasks.search.terms import Term, kind_of
from tasks.running.interpreter import run_program
from tasks.programs.parse import parse_program
from tasks.programs.program import Program
from tasks.programs.typecheck import typecheck

# Small grids keep every enumeration here fast; max_size bounds it, not the clock.
QUICK = GenerationSettings(max_size=2, max_depth=2, time_budget_s=30.0, max_candidates=10_000)
EVERYTHING = replace(QUICK, stop_when_solved=False)

# A few primitives, so that exhaustive size-2 enumerations take milliseconds.
SMALL = {name: PRIMITIVES[name] for name in (
    "rot90", "rot180", "rot270", "mirror_left_right", "mirror_top_bottom", "transpose",
    "concat_h", "concat_v", "colour_indices", "fill", "replace_colour", "grids_last", "first")}


def task_of(*pairs, test=((0,),)) -> Task:
    return Task("t", tuple(Pair(i, o) for i, o in pairs), (test,))


ROTATION_TASK = task_of(
    (((1, 2), (3, 4)), ((3, 1), (4, 2))),
    (((5, 0, 0), (0, 6, 0)), ((0, 5), (6, 0), (0, 0))),
)
MIRROR_THEN_CONCAT = task_of(
    (((1, 2), (3, 0)), ((1, 2, 2, 1), (3, 0, 0, 3))),
    (((4, 0, 0),), ((4, 0, 0, 0, 0, 4),)),
)


def run_on_train(program: Program, task: Task) -> tuple:
    samples = leave_one_out(task)
    return tuple(run_program(program, {"S": s, "I": pair.input}).value
                 for s, pair in zip(samples, task.train))


def steps_text(program: Program) -> list[str]:
    return [f"{s.primitive}({','.join(map(str, s.args))})" for s in program.steps]


def test_a_rotation_task_is_solved_by_its_rotation_first():
    programs = enumerate_programs(ROTATION_TASK, QUICK)
    assert steps_text(programs[0]) == ["rot90(I)"]
    assert run_on_train(programs[0], ROTATION_TASK) == tuple(p.output for p in ROTATION_TASK.train)


def test_a_two_step_task_is_found_and_ranked_first():
    found = enumerate_found(MIRROR_THEN_CONCAT, QUICK)
    assert found[0].exact
    assert run_on_train(found[0].program, MIRROR_THEN_CONCAT) == tuple(
        p.output for p in MIRROR_THEN_CONCAT.train)
    assert not any(f.exact for f in found[1:] if f.size < found[0].size)


def test_exact_matches_come_first_then_shape_matches_then_the_rest():
    found = enumerate_found(ROTATION_TASK, EVERYTHING, SMALL, CONSTANTS)
    ranks = [(not f.exact, not f.shape_match) for f in found]
    assert ranks == sorted(ranks)
    assert any(f.shape_match and not f.exact for f in found)
    assert any(not f.shape_match for f in found)


def test_every_candidate_is_a_grid_on_every_train_input():
    for program in enumerate_programs(MIRROR_THEN_CONCAT, QUICK):
        for value in run_on_train(program, MIRROR_THEN_CONCAT):
            assert kind_of(value) == "Grid", program.to_source()


def test_observational_equivalence_keeps_one_program_per_value():
    programs = enumerate_programs(ROTATION_TASK, EVERYTHING, primitives=SMALL, constants=CONSTANTS)
    values = [run_on_train(p, ROTATION_TASK) for p in programs]
    assert len(set(values)) == len(values)
    texts = {tuple(steps_text(p)) for p in programs}
    # rot90(rot270(I)) is I itself, and rot270(rot270(I)) is rot180(I): neither is kept.
    assert ("rot270(I)", "rot90(x1)") not in texts
    assert ("rot270(I)", "rot270(x1)") not in texts
    assert ("rot180(I)",) in texts


def test_the_smaller_of_two_equivalent_programs_is_kept():
    programs = enumerate_programs(ROTATION_TASK, EVERYTHING, primitives=SMALL, constants=CONSTANTS)
    by_value = {run_on_train(p, ROTATION_TASK): p for p in programs}
    flipped = tuple(tuple(row[::-1] for row in p.input) for p in ROTATION_TASK.train)
    assert steps_text(by_value[flipped]) == ["mirror_left_right(I)"]


def test_generated_programs_round_trip_through_text_and_type_check():
    # The whole DSL, one primitive deep, and a small part of it two deep.
    programs = (enumerate_programs(MIRROR_THEN_CONCAT, replace(EVERYTHING, max_size=1))
                + enumerate_programs(MIRROR_THEN_CONCAT, EVERYTHING,
                                     primitives=SMALL, constants=CONSTANTS))
    assert len(programs) > 15
    for program in programs:
        back = parse_program(program.to_source())
        assert typecheck(back) in ("Grid", "Any")
        assert content_id(back) == content_id(program)


def test_enumeration_is_deterministic():
    first = enumerate_programs(MIRROR_THEN_CONCAT, EVERYTHING)
    second = enumerate_programs(MIRROR_THEN_CONCAT, EVERYTHING)
    assert [content_id(p) for p in first] == [content_id(p) for p in second]


def test_max_candidates_and_skip_cut_the_list():
    settings = replace(EVERYTHING, max_candidates=7)
    first = enumerate_programs(ROTATION_TASK, settings, primitives=SMALL, constants=CONSTANTS)
    assert len(first) == 7
    after = enumerate_programs(ROTATION_TASK, settings, skip=7, primitives=SMALL, constants=CONSTANTS)
    # The exact match leads both lists; the rest of the second list follows the first's.
    assert after[0] == first[0]
    assert not {content_id(p) for p in after[1:]} & {content_id(p) for p in first}
    everything = enumerate_programs(ROTATION_TASK, replace(settings, max_candidates=14),
                                    primitives=SMALL, constants=CONSTANTS)
    assert everything[:13] == first + after[1:]


def test_the_time_budget_is_respected():
    big = tuple(tuple((r * c) % 10 for c in range(30)) for r in range(30))
    task = task_of((big, big), (big[::-1], big))
    settings = GenerationSettings(max_size=6, max_depth=6, time_budget_s=0.5,
                                  stop_when_solved=False, max_values=10**9)
    start = time.perf_counter()
    enumerate_found(task, settings)
    # One application may run past the deadline, and ranking the finds takes a moment.
    assert time.perf_counter() - start < 0.5 + 1.0


def test_the_value_cap_stops_the_bank():
    settings = replace(EVERYTHING, max_values=40)
    cut = enumerate_programs(MIRROR_THEN_CONCAT, settings, primitives=SMALL, constants=CONSTANTS)
    full = enumerate_programs(MIRROR_THEN_CONCAT, replace(settings, max_values=10**6),
                              primitives=SMALL, constants=CONSTANTS)
    assert len(cut) < len(full)


def test_seeds_are_the_inputs_and_the_task_constants():
    task = task_of((((7,),), ((8,),)), (((7,),), ((8,),)))
    seeds = seed_terms(task, CONSTANTS)
    names = [str(seed.leaf) for seed in seeds]
    assert names[:2] == ["I", "S"]
    assert {"7", "8", "0", "True", "UP"} <= set(names)
    assert "9" not in names  # a colour the task never shows
    assert task_integers(task) == (0, 1, 2, 3, 4, 7, 8)


def test_samples_are_the_other_train_pairs():
    task = task_of((((1,),), ((2,),)), (((3,),), ((4,),)), (((5,),), ((6,),)))
    samples = leave_one_out(task)
    assert samples[1] == ((((1,),), ((2,),)), (((5,),), ((6,),)))
    assert all(len(s) == 2 for s in samples)


def test_a_constant_output_is_read_from_the_other_samples():
    # Every output is the same grid: S (the other pairs) holds it, I does not.
    answer = ((3, 3), (3, 3))
    task = task_of((((1,),), answer), (((2, 2),), answer), (((4,), (4,)), answer))
    best = enumerate_found(task, QUICK)[0]
    assert best.exact and "S" in best.program.to_source()


def test_term_program_shares_common_sub_terms():
    leaf = Term("Grid", "Grid", ((1,),), leaf=__import__("tasks.programs.program", fromlist=["Input"]).Input("I"))
    turned = Term("Grid", "Grid", (), 1, 1, None, "rot90", (leaf,), True)
    both = Term("Grid", "Grid", (), 3, 2, None, "concat_h", (turned, turned), True)
    assert steps_text(term_program(both)) == ["rot90(I)", "concat_h(x1,x1)"]


# --- rounds -------------------------------------------------------------------------------

POOL = (Program.from_steps("solver", [("rot180", "I"), ("mirror_top_bottom", "x1")]),
        Program.from_steps("solver", [("colour_indices", "I", 3), ("fill", "I", 4, "x1")]))


def test_round_zero_is_the_enumeration_then_the_pool_as_is():
    candidates = generate_candidates(ROTATION_TASK, POOL, (), QUICK, 0, seed=1)
    ids = [content_id(p) for p in candidates]
    assert len(ids) == len(set(ids))
    assert steps_text(candidates[0]) == ["rot90(I)"]
    assert {content_id(p) for p in POOL} <= set(ids)


def test_later_rounds_mutate_near_misses_and_the_pool():
    near = (Program.from_steps("solver", [("rot270", "I")]),)
    candidates = generate_candidates(ROTATION_TASK, POOL, near, QUICK, 1, seed=1)
    ids = {content_id(p) for p in candidates}
    assert len(ids) == len(candidates)
    assert {content_id(p) for p in POOL} <= ids
    assert content_id(near[0]) not in ids  # mutants of it, not itself
    assert len(candidates) > QUICK.mutations_per_program


def test_a_large_pool_gets_a_capped_sample_of_mutants_and_the_exact_matches_come_first():
    big_pool = tuple(Program.from_steps("solver", [("colour_indices", "I", k % 10), ("fill", "I", k // 10, "x1")])
                     for k in range(100))
    settings = replace(QUICK, max_size=1, max_pool_mutants=20, mutations_per_program=8)
    candidates = generate_candidates(ROTATION_TASK, big_pool, (), settings, 1, seed=3)
    assert steps_text(candidates[0]) == ["rot90(I)"]  # the deeper enumeration's exact match
    pool_ids = {content_id(p) for p in big_pool}
    enumerated_ids = {content_id(p) for p in enumerated(ROTATION_TASK, replace(settings, max_size=2,
                                                                         max_depth=QUICK.max_depth + 1),
                                                         skip=settings.max_candidates)[1]}
    ids = [content_id(p) for p in candidates]
    mutants = [i for i in ids[1:] if i not in pool_ids and i not in enumerated_ids]
    assert 0 < len(mutants) <= settings.max_pool_mutants
    assert pool_ids <= set(ids)  # every pool solver is still tried as it is


def test_each_candidate_says_where_it_came_from_and_the_first_origin_wins():
    from tasks.search.generate import ORIGINS, generate_with_origins

    near = (Program.from_steps("solver", [("rot270", "I")]),)
    # The pool holds the task's own enumerated solver too: it stays "enumerated", as found first.
    pool = (*POOL, Program.from_steps("solver", [("rot90", "I")]))
    made = generate_with_origins(ROTATION_TASK, pool, near, QUICK, 1, seed=1)
    origin = {content_id(program): where for program, where in made}
    assert [program for program, _ in made] == list(generate_candidates(ROTATION_TASK, pool, near, QUICK, 1, seed=1))
    assert set(origin.values()) <= set(ORIGINS) and {"enumerated", "mutated", "transplanted"} <= set(origin.values())
    assert origin[content_id(pool[-1])] == "enumerated"
    assert all(origin[content_id(p)] == "transplanted" for p in POOL)
    mutants = {key for key, where in origin.items() if where == "mutated"}
    assert mutants and content_id(near[0]) not in mutants  # mutants of the near-miss, not itself
    # Without near-misses no candidate is a near-miss mutant.
    alone = generate_with_origins(ROTATION_TASK, POOL, (), QUICK, 1, seed=1)
    assert "mutated" not in {where for _, where in alone}


def test_rounds_are_deterministic_for_a_seed():
    near = (Program.from_steps("solver", [("rot270", "I"), ("fill", "x1", 2, "x1")]),)
    settings = replace(QUICK, max_size=1)
    run = lambda seed: [content_id(p) for p in generate_candidates(
        ROTATION_TASK, POOL, near, settings, 2, seed=seed)]
    assert run(7) == run(7)
    assert run(7) != run(8)


def test_every_round_candidate_round_trips_and_type_checks():
    near = (Program.from_steps("solver", [("colour_indices", "I", 5), ("fill", "I", 2, "x1")]),)
    for program in generate_candidates(ROTATION_TASK, POOL, near, replace(QUICK, max_size=1), 1, 3):
        back = parse_program(program.to_source())
        typecheck(back)
        assert content_id(back) == content_id(program)


def test_dedupe_keeps_the_first_of_each_content_id():
    a = Program.from_steps("solver", [("rot90", "I")])
    padded = Program.from_steps("solver", [("rot180", "I"), ("rot90", "I")])
    assert dedupe_by_id([a, padded, a]) == (a,)


def test_round_rng_depends_on_seed_task_and_round_only():
    draws = lambda *key: [round_rng(*key).random() for _ in range(3)]
    assert draws(1, "t", 0) == draws(1, "t", 0)
    assert draws(1, "t", 0) != draws(1, "t", 1) != draws(2, "t", 1)


@pytest.mark.parametrize("settings", [GenerationSettings()])
def test_default_settings_are_frozen(settings):
    with pytest.raises(AttributeError):
        settings.max_depth = 9


# --- completion: the last step the outputs ask for -------------------------------------

def completed_task(build, inputs) -> Task:
    """A task whose outputs are ``build(I)``, computed with the DSL itself; its test input is the first's.

    (A term that fails on a test input is dropped like one failing on a train input.)
    """
    return task_of(*((grid, build(grid)) for grid in inputs), test=inputs[0])


BLOBS = (((0, 0, 0, 0, 0), (0, 2, 2, 0, 0), (0, 2, 0, 0, 0), (0, 0, 0, 0, 0)),
         ((0, 0, 0, 0), (0, 0, 0, 0), (0, 0, 3, 0), (0, 3, 3, 0), (0, 0, 0, 0)))


def test_a_patch_is_finished_with_fill_one_step_beyond_the_size_bound():
    dsl = PRIMITIVES
    task = completed_task(lambda g: dsl["fill"].function(
        g, 4, dsl["box"].function(dsl["foreground_indices"].function(g))), BLOBS)
    vocab = {name: PRIMITIVES[name] for name in ("foreground_indices", "box", "fill", "rot90")}
    best = enumerate_found(task, QUICK, vocab, CONSTANTS)[0]
    assert best.exact and best.size == 3 > QUICK.max_size
    assert steps_text(best.program) == ["foreground_indices(I)", "box(x1)", "fill(I,4,x2)"]


def test_a_patch_is_finished_with_subgrid_when_its_box_has_the_output_shape():
    dsl = PRIMITIVES
    task = completed_task(lambda g: dsl["subgrid"].function(
        g, dsl["largest"].function(dsl["objects_single_colour"].function(g))),
        (((1, 0, 0, 0), (0, 0, 5, 5), (0, 0, 5, 0)), ((2, 2, 0), (2, 0, 0), (2, 0, 7))))
    vocab = {name: PRIMITIVES[name] for name in ("objects_single_colour", "largest", "subgrid")}
    best = enumerate_found(task, QUICK, vocab, CONSTANTS)[0]
    assert best.exact and best.size == 3
    assert steps_text(best.program)[-1] == "subgrid(I,x2)"


def test_changed_cells_and_fill_colour_read_the_outputs():
    task = task_of((((0, 1),), ((4, 1),)), (((2,), (0,)), ((2,), (4,))))
    assert changed_cells(task) == (frozenset({(0, 0)}), frozenset({(1, 0)}))
    assert fill_colours(task, changed_cells(task)) == (4, 4)
    resized = task_of((((0, 1),), ((4,),)))
    assert changed_cells(resized) is None and fill_colours(resized, None) is None
    two_colours = task_of((((0, 0),), ((4, 5),)))
    assert fill_colours(two_colours, changed_cells(two_colours)) is None


def apply_colour_map_steps(grid, steps):
    for name, a, b in steps:
        grid = PRIMITIVES[name].function(grid, a, b)
    return grid


@pytest.mark.parametrize("mapping", [{1: 2, 2: 1}, {3: 1, 4: 3}, {1: 5, 2: 6, 3: 4, 4: 3, 5: 1},
                                     {0: 9, 9: 8, 8: 7}, {7: 0}])
def test_colour_map_steps_apply_the_map(mapping):
    grid = (tuple(range(10)),)
    steps = colour_map_steps(mapping)
    assert apply_colour_map_steps(grid, steps) == (tuple(mapping.get(c, c) for c in range(10)),)


def test_a_cycle_of_three_colours_has_no_order():
    assert colour_map_steps({1: 2, 2: 3, 3: 1}) is None


def test_colour_map_reads_one_map_from_every_pair_or_none():
    assert colour_map((((1, 2),), ((2, 2),)), (((5, 2),), ((2, 2),))) == {1: 5}
    assert colour_map((((1, 2),), ((1, 1),)), (((5, 2),), ((6, 6),))) is None
    assert colour_map((((1, 2),),), (((5,),),)) is None


def test_a_grid_is_finished_with_the_colour_map_the_outputs_ask_for():
    # Turn, then swap 1 and 2 and replace 3 by 4: the map completes a size-1 term.
    inputs = (((1, 2, 3), (0, 0, 0)), ((3, 3), (2, 1), (0, 1)))
    dsl = PRIMITIVES
    task = completed_task(lambda g: apply_colour_map_steps(
        dsl["rot90"].function(g), [("switch_colours", 1, 2), ("replace_colour", 3, 4)]), inputs)
    vocab = {name: PRIMITIVES[name] for name in ("rot90", "mirror_left_right", "switch_colours",
                                                 "replace_colour")}
    best = enumerate_found(task, replace(QUICK, max_size=1), vocab, CONSTANTS)[0]
    assert best.exact
    assert steps_text(best.program) == ["rot90(I)", "switch_colours(x1,1,2)", "replace_colour(x2,3,4)"]


def test_a_container_that_holds_indices_is_cast_through_identity_to_be_filled():
    dsl = PRIMITIVES
    corners = (((0, 0, 0, 0, 0), (0, 8, 8, 0, 0), (0, 8, 0, 0, 0), (0, 0, 0, 0, 8), (0, 0, 0, 8, 8)),
               ((8, 8, 0, 0), (8, 0, 0, 0), (0, 0, 0, 8), (0, 0, 8, 8)))
    task = completed_task(lambda g: dsl["fill"].function(g, 1, dsl["merge_apply"].function(
        dsl["objects_single_colour"].function(g), dsl["delta"].function)), corners)
    vocab = {name: PRIMITIVES[name] for name in ("objects_single_colour", "merge_apply", "delta",
                                                 "fill", "identity")}
    best = enumerate_found(task, QUICK, vocab, CONSTANTS)[0]
    assert best.exact
    assert steps_text(best.program) == ["objects_single_colour(I)", "merge_apply(x1,delta)",
                                        "identity(x2)", "fill(I,1,x3)"]
    back = parse_program(best.program.to_source())
    typecheck(back)
    assert run_on_train(back, task) == tuple(p.output for p in task.train)


def _reads_input(program: Program) -> bool:
    """Does the program's output depend on ``I``?"""
    from tasks.programs.program import Input, Ref

    wanted, reads = {len(program.steps) - 1}, False
    for index in range(len(program.steps) - 1, -1, -1):
        if index in wanted:
            for arg in program.steps[index].args:
                if isinstance(arg, Ref):
                    wanted.add(arg.index)
                reads = reads or (isinstance(arg, Input) and arg.name == "I")
    return reads


def test_a_grid_taken_from_the_samples_alone_is_never_a_solver():
    # Every output is the same grid, one no input can make: under leave-one-out, "another
    # pair's output" reproduces each of them while ignoring the input entirely.
    same = ((5,), (6,))
    task = task_of((((1, 2), (3, 4)), same), (((7, 7, 7),), same), (((2,), (2,), (9,)), same))
    settings = GenerationSettings(max_size=2, time_budget_s=30.0)
    small = {name: PRIMITIVES[name] for name in ("apply", "argmax", "grids_last", "grids_first",
                                                 "identity", "background_colour", "rot90")}
    s_only = parse_program("def solve(S, I):\n    x1 = apply(S, grids_last)\n"
                           "    x2 = identity(x1)\n    O = grids_first(x2)\n    return O\n")
    assert tuple(run_program(s_only, {"S": samples, "I": pair.input}).value
                 for samples, pair in zip(leave_one_out(task), task.train)) == (same,) * 3
    found = enumerate_found(task, settings, small)
    assert found and all(_reads_input(f.program) for f in found)
    assert not any(f.exact for f in found)

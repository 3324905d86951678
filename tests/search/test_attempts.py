"""Two real attempts, and tasks solved under a symmetry: what the enumeration hands on for them."""

from __future__ import annotations

from tasks.data.arc import Pair, Task, leave_one_out, samples_without
from tasks.dsl import CONSTANTS, PRIMITIVES
from tasks.programs.canonical import canonical, content_id
from tasks.programs.parse import parse_program
from tasks.programs.typecheck import typecheck
from tasks.running.interpreter import run_program
from tasks.running.scoring import SolverFound, attempts_for, rank_solvers
from tasks.search.augment import INVERSES, augment_task, mapped_back
from tasks.search.generate import enumerated
from tasks.search.settings import GenerationSettings

QUICK = GenerationSettings(max_size=1, max_depth=2, time_budget_s=30.0, max_candidates=100)


def vocab(*names):
    return {name: PRIMITIVES[name] for name in names}


def train_outputs(program, task):
    return tuple(run_program(program, {"S": samples, "I": pair.input}).value
                 for samples, pair in zip(leave_one_out(task), task.train))


def predictions(program, task):
    return tuple(run_program(program, {"S": samples_without(task, None), "I": grid}).value
                 for grid in task.test_inputs)


# One-row train grids: mirroring left-right and turning half way agree on them, not on the test.
ONE_ROW = Task("rows", (Pair(((1, 2, 3),), ((3, 2, 1),)), Pair(((4, 5),), ((5, 4),))),
               (((1, 2), (3, 4)),))


def test_programs_equal_on_train_but_not_on_test_are_both_handed_on():
    exact, _ = enumerated(ONE_ROW, QUICK, primitives=vocab("mirror_left_right", "rot180"),
                          constants=CONSTANTS)
    assert sorted(step.primitive for p in exact for step in p.steps) == ["mirror_left_right", "rot180"]
    assert len({predictions(p, ONE_ROW) for p in exact}) == 2


def test_two_attempts_come_from_solvers_that_differ_on_the_test_input():
    exact, _ = enumerated(ONE_ROW, QUICK, primitives=vocab("mirror_left_right", "rot180"),
                          constants=CONSTANTS)
    solvers = rank_solvers([SolverFound(content_id(p), len(p.steps), 0, predictions(p, ONE_ROW))
                            for p in exact])
    [attempts] = attempts_for(solvers, ONE_ROW.test_inputs)
    assert {tuple(map(tuple, attempts["attempt_1"])), tuple(map(tuple, attempts["attempt_2"]))} == {
        ((2, 1), (4, 3)), ((4, 3), (2, 1))}


def test_the_prediction_more_solvers_agree_on_comes_first():
    lone = SolverFound("solver_a", 2, 0, (((1,),),))
    agreed = [SolverFound(f"solver_{k}", 2, 1, (((2,),),)) for k in "bc"]
    ranked = rank_solvers([lone, *agreed])
    [attempts] = attempts_for(ranked, [((0,),)])
    assert (attempts["attempt_1"], attempts["attempt_2"]) == ([[2]], [[1]])


# Flipped top to bottom; the vocabulary can only mirror left-right and transpose.
FLIP = Task("flip", (Pair(((1, 2), (3, 4), (5, 6)), ((5, 6), (3, 4), (1, 2))),
                     Pair(((7, 0, 8),), ((7, 0, 8),))),
            (((1, 0), (2, 0)),))


def test_augmenting_maps_every_train_grid_and_test_input():
    flipped = augment_task(FLIP, "rot90")
    image = PRIMITIVES["rot90"].function
    assert flipped.train == tuple(Pair(image(p.input), image(p.output)) for p in FLIP.train)
    assert flipped.test_inputs == (image(FLIP.test_inputs[0]),)
    for symmetry, inverse in INVERSES.items():
        grid = FLIP.train[0].input
        assert PRIMITIVES[inverse].function(PRIMITIVES[symmetry].function(grid)) == grid


def test_a_task_solved_under_a_flip_predicts_the_unflipped_output():
    settings = GenerationSettings(max_size=1, max_depth=2, time_budget_s=30.0, max_candidates=100,
                                  symmetries=("transpose",))
    exact, _ = enumerated(FLIP, settings, primitives=vocab("mirror_left_right", "transpose"),
                          constants=CONSTANTS)
    assert exact, "the transposed task is mirrored left-right: one step"
    [program] = exact
    assert [step.primitive for step in program.steps] == ["transpose", "mirror_left_right", "transpose"]
    assert train_outputs(program, FLIP) == tuple(pair.output for pair in FLIP.train)
    assert predictions(program, FLIP) == (((2, 0), (1, 0)),)


def test_a_solver_mapped_back_parses_prints_and_type_checks():
    solver = parse_program("def solve(S, I):\n    x1 = rot90(I)\n    O = mirror_left_right(x1)\n    return O\n")
    back = mapped_back(solver, "rot90")
    again = parse_program(back.to_source())
    typecheck(again)
    assert content_id(again) == content_id(back) and canonical(again) == canonical(back)
    assert [step.primitive for step in back.steps] == ["rot90", "rot90", "mirror_left_right", "rot270"]


def test_solvers_that_read_the_other_pairs_are_not_mapped_back():
    reads_s = parse_program("def solve(S, I):\n    x1 = first(S)\n    O = first(x1)\n    return O\n")
    assert mapped_back(reads_s, "transpose") is None



# Each output is its input with its mirror image laid over it: I and mirror_left_right(I) are each
# right on part of the cells, and the size bound stops before overlay(as_grids(I, x1)) is enumerated.
MIRRORED_OVER = Task("stack", (Pair(((1, 0, 0), (0, 0, 0)), ((1, 0, 1), (0, 0, 0))),
                               Pair(((0, 2), (3, 0)), ((2, 2), (3, 3)))),
                     (((4, 0, 0, 0),),))


def test_two_partial_answers_stack_into_a_solver_that_parses_type_checks_and_reproduces_train():
    settings = GenerationSettings(max_size=1, max_depth=2, time_budget_s=30.0, max_candidates=100,
                                  symmetries=())
    small = vocab("mirror_left_right", "as_grids", "overlay")
    exact, _ = enumerated(MIRRORED_OVER, settings, primitives=small, constants=CONSTANTS)
    assert exact
    program = parse_program(exact[0].to_source())
    typecheck(program)
    assert content_id(program) == content_id(exact[0])
    assert [step.primitive for step in canonical(program).steps] == ["mirror_left_right", "as_grids", "overlay"]
    assert train_outputs(program, MIRRORED_OVER) == tuple(pair.output for pair in MIRRORED_OVER.train)
    assert predictions(program, MIRRORED_OVER) == (((4, 0, 0, 4),),)


def test_without_stacking_the_same_bound_finds_nothing():
    settings = GenerationSettings(max_size=1, max_depth=2, time_budget_s=30.0, max_candidates=100,
                                  symmetries=(), stack_partials=False)
    small = vocab("mirror_left_right", "as_grids", "overlay")
    assert enumerated(MIRRORED_OVER, settings, primitives=small, constants=CONSTANTS)[0] == []


def test_a_base_and_two_tops_cover_what_no_pair_covers():
    from tasks.programs.program import Input
    from tasks.search.compose import cell_masks, covered_stacks, stacked_pairs
    from tasks.search.terms import Term

    outputs = (((1, 2, 3),),)
    def piece(row, name, size=1):
        return Term("Grid", "Grid", ((row,),), size, 1, leaf=Input(name), reads_i=True)
    base, left, right = piece((1, 0, 0), "B"), piece((0, 2, 0), "L"), piece((0, 0, 3), "R")
    wrong = piece((0, 5, 5), "W")  # draws wrong cells: never a top
    pieces = [base, left, right, wrong]
    masks = [cell_masks(p, outputs) for p in pieces]
    assert stacked_pairs(pieces, masks, outputs) == []
    stacks = covered_stacks(pieces, masks, outputs)
    assert stacks and stacks[0][0] is base and set(stacks[0][1:]) == {left, right}
    assert all(wrong not in stack[1:] for stack in stacks)

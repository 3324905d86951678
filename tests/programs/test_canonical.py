"""Canonical form and content ids: same DAG, same id; linear in the program's size."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.programs.canonical import canonical, canonical_text, content_id
from tasks.programs.program import Const, Input, Prim, Program, Ref, Step
from tests.programs.test_program import TEST_CONSTANTS, TEST_PRIMITIVES, programs

GRID = ((1, 0, 2), (0, 3, 0))


def evaluate(program, inputs):
    """A reference evaluator: every step in order, the plainest way (dead steps included)."""
    values = []

    def value(arg):
        if type(arg) is Ref:
            return values[arg.index]
        if type(arg) is Input:
            return inputs[arg.name]
        if type(arg) is Prim:
            return TEST_PRIMITIVES[arg.name].function
        return TEST_CONSTANTS[arg.name].value

    for step in program.steps:
        values.append(TEST_PRIMITIVES[step.primitive].function(*map(value, step.args)))
    return values[-1]


def reordered(program, pick):
    """The same program with its steps in another dependency-respecting order.

    ``pick(ready)`` chooses which of the steps whose arguments are ready comes
    next; the result step waits until it is the only one left, so it stays last.
    """
    last = program.size - 1
    new_index = {}
    steps = []
    remaining = list(range(program.size))
    while remaining:
        ready = [i for i in remaining if all(type(a) is not Ref or a.index in new_index
                                             for a in program.steps[i].args)]
        chosen = pick([i for i in ready if i != last] or ready)
        remaining.remove(chosen)
        new_index[chosen] = len(steps)
        old = program.steps[chosen]
        steps.append(Step(old.primitive, tuple(Ref(new_index[a.index]) if type(a) is Ref else a
                                               for a in old.args)))
    return Program(program.kind, tuple(steps))


def test_renaming_and_reordering_independent_steps_keeps_the_id():
    a = Program.from_steps("solver", [("rot90", "I"), ("mirror", "I"), ("concat", "x1", "x2")])
    b = Program.from_steps("solver", [("mirror", "I"), ("rot90", "I"), ("concat", "x2", "x1")])
    assert a != b
    assert canonical(a) == canonical(b)
    assert content_id(a) == content_id(b)


def test_argument_order_and_constants_change_the_id():
    base = [("rot90", "I"), ("mirror", "I")]
    ids = {content_id(Program.from_steps("solver", base + [("concat", "x1", "x2")])),
           content_id(Program.from_steps("solver", base + [("concat", "x2", "x1")])),
           content_id(Program.from_steps("solver", [("recolour", "I", 3)])),
           content_id(Program.from_steps("solver", [("recolour", "I", 4)])),
           content_id(Program.from_steps("solver", [("power", "rot90", 1)])),
           content_id(Program.from_steps("solver", [("power", "mirror", 1)]))}
    assert len(ids) == 6


def test_kinds_have_distinct_ids_and_prefixes():
    solver = Program.from_steps("solver", [("compare", "I", "I")])
    differ = Program.from_steps("differ", [("compare", "I", "I")])
    assert re.fullmatch(r"solver_[0-9a-f]{16}", content_id(solver))
    assert re.fullmatch(r"differ_[0-9a-f]{16}", content_id(differ))
    assert content_id(solver)[7:] != content_id(differ)[7:]


def test_dead_steps_are_dropped():
    live = Program.from_steps("solver", [("rot90", "I"), ("mirror", "x1")])
    with_dead = Program.from_steps("solver", [("rot90", "I"), ("boom", "I"), ("upscale", "x2", 9),
                                              ("mirror", "x1")])
    assert canonical(with_dead) == live
    assert content_id(with_dead) == content_id(live)


def test_common_subexpressions_are_merged_transitively():
    program = Program.from_steps("solver", [
        ("rot90", "I"), ("rot90", "I"), ("mirror", "x1"), ("mirror", "x2"), ("concat", "x3", "x4")])
    assert canonical(program) == Program.from_steps("solver", [
        ("rot90", "I"), ("mirror", "x1"), ("concat", "x2", "x2")])


def test_canonical_numbering_is_post_order_from_the_result():
    program = Program.from_steps("solver", [
        ("mirror", "I"), ("recolour", "I", 2), ("rot90", "x2"), ("concat", "x3", "x1")])
    assert canonical_text(program) == "\n".join([
        "solver", "recolour($I,#2)", "rot90(%0)", "mirror($I)", "concat(%1,%2)"])


def test_argument_tags_keep_a_constant_apart_from_a_primitive_of_the_same_name():
    as_constant = Program("solver", (Step("call", (Const("rot90"), Input("I"))),))
    as_primitive = Program("solver", (Step("call", (Prim("rot90"), Input("I"))),))
    assert content_id(as_constant) != content_id(as_primitive)


def test_a_doubling_chain_stays_small_and_fast():
    # x_{k+1} = concat(x_k, x_k): as one nested expression this has 2**40 leaves.
    steps = [("rot90", "I")] + [("concat", f"x{k}", f"x{k}") for k in range(1, 41)]
    program = Program.from_steps("solver", steps)
    text = canonical_text(program)
    assert canonical(program).size == 41
    assert len(text) < 41 * 30
    assert re.fullmatch(r"solver_[0-9a-f]{16}", content_id(program))


def test_interleaved_duplicate_chains_merge_into_one():
    steps = [("rot90", "I"), ("rot90", "I")]
    for k in range(1, 21):  # two identical doubling chains, interleaved
        a, b = 2 * k - 1, 2 * k
        steps += [("concat", f"x{a}", f"x{b}"), ("concat", f"x{b}", f"x{a}")]
    steps.append(("concat", f"x{len(steps)}", f"x{len(steps) - 1}"))
    program = Program.from_steps("solver", steps)
    assert canonical(program).size == 22  # rot90, 20 doublings, the final concat


def test_a_long_chain_does_not_hit_the_recursion_limit():
    program = Program.from_steps("solver", [("rot90", "I")] + [("mirror", f"x{k}")
                                                               for k in range(1, 5001)])
    assert canonical(program).size == 5001


def test_canonical_form_is_a_fixed_point():
    program = Program.from_steps("solver", [("mirror", "I"), ("rot90", "I"), ("rot90", "I"),
                                            ("concat", "x3", "x1"), ("concat", "x4", "x2")])
    once = canonical(program)
    assert canonical(once) == once


@settings(max_examples=60, deadline=None)
@given(programs(max_steps=10), st.randoms(use_true_random=False))
def test_any_dependency_order_gives_the_same_canonical_form(program, random):
    shuffled = reordered(program, random.choice)
    assert canonical(shuffled) == canonical(program)
    assert content_id(shuffled) == content_id(program)


@settings(max_examples=60, deadline=None)
@given(programs(max_steps=10))
def test_canonical_form_computes_the_same_value(program):
    assert evaluate(canonical(program), {"I": GRID}) == evaluate(program, {"I": GRID})


@settings(max_examples=30, deadline=None)
@given(programs(kind="differ", max_steps=6))
def test_canonical_differs_compute_the_same_value(program):
    inputs = {"I": GRID, "C": ((1, 2),)}
    assert evaluate(canonical(program), inputs) == evaluate(program, inputs)

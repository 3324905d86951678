"""Programs as data: building, structure checks, printing, hashing.

Also home of the small test vocabulary (``TEST_PRIMITIVES``, ``TEST_CONSTANTS``)
and a hypothesis strategy of random programs over it, which the parser,
canonical-form, type-checker and interpreter tests share.
"""

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.data.budget import check_cells, check_items, tick
from tasks.dsl.registry import Constant, Primitive, primitive
from tasks.programs.canonical import content_id
from tasks.programs.program import (
    Const, Input, Prim, Program, Ref, Step, as_arg, as_step, step_name,
)
from tasks.data.types import ANY, BOOLEAN, CALLABLE, CONTAINER, FROZENSET, GRID, INDICES, INTEGER, PAIR, TUPLE

# ---------------------------------------------------------------- test vocabulary

TEST_PRIMITIVES: dict[str, Primitive] = {}


def _register(*args, returns):
    """Make a Primitive for the test vocabulary (not the real registry)."""
    def decorate(function):
        primitive(*args, returns=returns, register=False)(function)
        name = function.__name__.rstrip("_")
        TEST_PRIMITIVES[name] = Primitive(name, function, tuple(args), returns, function.__doc__ or "")
        return function
    return decorate


@_register(GRID, returns=GRID)
def rot90(grid):
    return tuple(zip(*grid[::-1]))


@_register(GRID, returns=GRID)
def mirror(grid):
    return tuple(row[::-1] for row in grid)


@_register(GRID, INTEGER, returns=GRID)
def recolour(grid, colour):
    return tuple(tuple(colour if v else 0 for v in row) for row in grid)


@_register(GRID, GRID, returns=GRID)
def concat(left, right):
    check_cells(len(left) * (len(left[0]) + len(right[0])))
    return tuple(a + b for a, b in zip(left, right))


@_register(GRID, INTEGER, returns=GRID)
def upscale(grid, factor):
    check_cells(len(grid) * len(grid[0]) * factor * factor)
    return tuple(tuple(v for v in row for _ in range(factor)) for row in grid for _ in range(factor))


@_register(CONTAINER, returns=INTEGER)
def size(container):
    return len(container)


@_register(GRID, returns=INDICES)
def cells(grid):
    return frozenset((r, c) for r in range(len(grid)) for c in range(len(grid[0])))


@_register(CONTAINER, CONTAINER, returns=FROZENSET)
def product(a, b):
    check_items(len(a) * len(b))
    return frozenset((x, y) for x in a for y in b)


@_register(CALLABLE, INTEGER, returns=CALLABLE)
def power(function, times):
    def repeated(value):
        for _ in range(times):
            tick()
            value = function(value)
        return value
    return repeated


@_register(CALLABLE, ANY, returns=ANY)
def call(function, value):
    return function(value)


@_register(CONTAINER, returns=ANY)
def first(container):
    return next(iter(container))


@_register(INTEGER, INTEGER, returns=INTEGER)
def add(a, b):
    return a + b


@_register(INTEGER, INTEGER, returns=PAIR)
def make_pair(a, b):
    return (a, b)


@_register(BOOLEAN, GRID, GRID, returns=GRID)
def branch(condition, if_true, if_false):
    return if_true if condition else if_false


@_register(GRID, returns=GRID)
def boom(grid):
    return 1 // 0


@_register(INTEGER, returns=INTEGER)
def recurse(depth):
    return recurse(depth + 1)


@_register(GRID, returns=GRID)
def spin(grid):
    while True:  # never returns; only the deadline checked by tick() stops it
        tick()


@_register(GRID, returns=GRID)
def as_lists(grid):
    return [list(row) for row in grid]


@_register(GRID, returns=GRID)
def ragged(grid):
    return grid + ((1,) * (len(grid[0]) + 1),)


@_register(GRID, returns=GRID)
def interrupt(grid):
    raise KeyboardInterrupt


@_register(GRID, returns=GRID)
def leave(grid):
    raise SystemExit(3)


@_register(GRID, GRID, returns=TUPLE)
def compare(candidate, expected):
    return (1000 if candidate == expected else 0, ())


@_register(GRID, GRID, returns=TUPLE)
def bad_score(candidate, expected):
    return (1001, ())


TEST_CONSTANTS: dict[str, Constant] = {
    **{str(n): Constant(str(n), n, INTEGER) for n in range(-1, 11)},
    "True": Constant("True", True, BOOLEAN),
    "False": Constant("False", False, BOOLEAN),
    "UP": Constant("UP", (-1, 0), PAIR),
}

VOCAB = dict(primitives=TEST_PRIMITIVES, constants=TEST_CONSTANTS)

# Primitives that are safe to combine at random: total on any valid input, small results.
SAFE_GRID_PRIMITIVES = ("rot90", "mirror", "recolour", "concat", "branch")


@st.composite
def programs(draw, kind="solver", max_steps=8):
    """Random well-typed programs over the safe grid primitives of the test vocabulary."""
    grids = [Input("I")] + ([Input("C")] if kind == "differ" else [])
    steps = []
    for index in range(draw(st.integers(1, max_steps))):
        name = draw(st.sampled_from(SAFE_GRID_PRIMITIVES))
        grid = lambda: draw(st.sampled_from(grids))  # noqa: E731
        if name in ("rot90", "mirror"):
            args = (grid(),)
        elif name == "recolour":
            args = (grid(), Const(str(draw(st.integers(0, 9)))))
        elif name == "concat":
            args = (grid(), grid())
        else:
            args = (Const(draw(st.sampled_from(["True", "False"]))), grid(), grid())
        steps.append(Step(name, args))
        grids.append(Ref(index))
    if kind == "differ":
        steps.append(Step("compare", (draw(st.sampled_from(grids)), Input("C"))))
    return Program(kind, tuple(steps))


# ---------------------------------------------------------------- tests

def test_from_steps_reads_arguments_written_as_they_print():
    program = Program.from_steps("solver", [("rot90", "I"), ("recolour", "x1", 3),
                                            ("power", "rot90", -1), ("branch", True, "x2", "I")])
    assert program.steps == (
        Step("rot90", (Input("I"),)),
        Step("recolour", (Ref(0), Const("3"))),
        Step("power", (Prim("rot90"), Const("-1"))),
        Step("branch", (Const("True"), Ref(1), Input("I"))),
    )


def test_as_arg_passes_arg_objects_through_and_rejects_other_values():
    assert as_arg(Ref(3)) == Ref(3)
    assert as_arg("UP_LEFT") == Const("UP_LEFT")
    assert as_arg("False") == Const("False")
    with pytest.raises(TypeError):
        as_arg(2.5)
    assert as_step(Step("rot90", (Input("I"),))) == Step("rot90", (Input("I"),))


@pytest.mark.parametrize("kind, steps, message", [
    ("solver", [("rot90", "x1")], "not an earlier step"),
    ("solver", [("rot90", "I"), ("concat", "x1", "x3")], "not an earlier step"),
    ("solver", [("compare", "I", "C")], "input C"),
    ("solver", [], "at least one step"),
    ("program", [("rot90", "I")], "unknown program kind"),
])
def test_program_rejects_malformed_structure(kind, steps, message):
    with pytest.raises(ValueError, match=message):
        Program.from_steps(kind, steps)


def test_to_source_prints_readable_python_with_result_named_O():
    program = Program.from_steps("solver", [("rot90", "I"), ("recolour", "x1", 3), ("mirror", "x2")])
    assert program.to_source() == (
        "def solve(S, I):\n"
        "    x1 = rot90(I)\n"
        "    x2 = recolour(x1, 3)\n"
        "    O = mirror(x2)\n"
        "    return O\n")
    assert str(program) == program.to_source()


def test_differ_prints_with_three_inputs():
    program = Program.from_steps("differ", [("compare", "I", "C")])
    assert program.to_source().splitlines()[0] == "def differ(S, I, C):"
    assert program.inputs == ("S", "I", "C")


def test_size_inputs_and_primitives():
    program = Program.from_steps("solver", [("power", "mirror", 2), ("call", "x1", "I")])
    assert program.size == 2
    assert program.inputs == ("S", "I")
    assert program.primitives == {"power", "mirror", "call"}
    assert step_name(1) == "x2" and step_name(1, last=1) == "O"


def test_programs_are_values_equal_by_content():
    a = Program.from_steps("solver", [("rot90", "I")])
    b = Program.from_steps("solver", [("rot90", "I")])
    c = Program.from_steps("solver", [("mirror", "I")])
    assert a == b and hash(a) == hash(b) and a != c
    assert len({a, b, c}) == 2


def test_pickled_program_is_equal_and_rehashes_in_the_new_process():
    program = Program.from_steps("solver", [("rot90", "I"), ("concat", "x1", "I")])
    hash(program)  # caches a hash that must not travel with the pickle
    state = pickle.dumps(program)
    assert b"_hash" not in state
    copy = pickle.loads(state)
    assert copy == program and hash(copy) == hash(program)


def test_content_id_names_the_kind():
    assert re.fullmatch(r"solver_[0-9a-f]{16}", content_id(Program.from_steps("solver", [("rot90", "I")])))
    assert re.fullmatch(r"differ_[0-9a-f]{16}",
                        content_id(Program.from_steps("differ", [("compare", "I", "C")])))


@settings(max_examples=30, deadline=None)
@given(programs())
def test_from_steps_rebuilds_any_program_from_its_steps(program):
    assert Program.from_steps(program.kind, program.steps) == program


def test_real_dsl_program_builds_and_prints():
    import tasks.dsl  # noqa: F401  (the real vocabulary)
    program = Program.from_steps("solver", [("rot90", "I"), ("colour_indices", "x1", 3),
                                            ("fill", "x1", 2, "x2"), ("mirror_left_right", "x3")])
    assert program.to_source().splitlines()[3:5] == ["    x3 = fill(x1, 2, x2)",
                                                     "    O = mirror_left_right(x3)"]


def test_program_rejects_arguments_that_are_not_args():
    with pytest.raises(TypeError, match="expected Input, Const, Prim or Ref"):
        Program("solver", (Step("recolour", (Input("I"), 3)),))


def test_unpickled_programs_share_the_steps_they_have_in_common():
    # Workers unpickle chunks of hundreds of programs built from a few thousand steps;
    # each distinct step is decoded once per process.
    turn_twice = Program.from_steps("solver", [("rot90", "I"), ("rot90", "x1")])
    turn_then_grow = Program.from_steps("solver", [("rot90", "I"), ("upscale", "x1", 2)])
    first, second = pickle.loads(pickle.dumps((turn_twice, turn_then_grow)))
    assert (first, second) == (turn_twice, turn_then_grow)
    assert first.steps[0] is second.steps[0]
    assert pickle.loads(pickle.dumps(turn_twice)).steps[1] is first.steps[1]

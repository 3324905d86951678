"""The type checker: arguments against signatures, results against the program's kind."""

import pytest
from hypothesis import given, settings

from tasks.programs.program import Program
from tasks.programs.typecheck import ProgramTypeError, accepts, is_well_typed, step_types, typecheck
from tests.programs.test_program import VOCAB, programs


def check(kind, steps):
    return typecheck(Program.from_steps(kind, steps), **VOCAB)


def test_a_well_typed_solver_returns_its_result_type():
    assert check("solver", [("rot90", "I"), ("recolour", "x1", 3), ("concat", "x2", "I")]) == "Grid"


def test_step_types_lists_every_step():
    program = Program.from_steps("solver", [("cells", "I"), ("size", "x1"), ("upscale", "I", "x2")])
    assert step_types(program, **VOCAB) == ("Indices", "Integer", "Grid")


def test_a_wrong_argument_type_names_the_step_and_argument():
    with pytest.raises(ProgramTypeError) as caught:
        check("solver", [("rot90", "I"), ("size", "x1"), ("recolour", "x1", "x2"),
                         ("concat", "x3", "x2")])
    assert str(caught.value) == "step O = concat(x3, x2): argument 2 is Integer, expected Grid"
    assert caught.value.step == 3


def test_subtypes_are_accepted_and_supertypes_are_not():
    assert check("solver", [("cells", "I"), ("size", "x1"), ("upscale", "I", "x2")]) == "Grid"
    # A Grid is a Container, so size accepts it; a Container is not a Grid.
    with pytest.raises(ProgramTypeError, match="argument 1 is FrozenSet, expected Grid"):
        check("solver", [("cells", "I"), ("product", "x1", "x1"), ("rot90", "x2")])


def test_any_is_accepted_anywhere():
    # first returns Any: trusted where a Grid is expected, checked when it runs.
    assert check("solver", [("first", "S"), ("rot90", "x1")]) == "Grid"


def test_callables_accept_primitive_names_and_callable_steps():
    assert check("solver", [("power", "rot90", 2), ("call", "x1", "I")]) == "Any"
    assert check("solver", [("power", "mirror", 2), ("power", "x1", 3), ("call", "x2", "I")]) == "Any"
    with pytest.raises(ProgramTypeError, match="argument 1 is Integer, expected Callable"):
        check("solver", [("power", 3, 2), ("call", "x1", "I")])
    with pytest.raises(ProgramTypeError, match="argument 1 is Callable, expected Grid"):
        check("solver", [("rot90", "mirror")])


def test_constants_have_their_declared_types():
    assert check("solver", [("branch", True, "I", "I")]) == "Grid"
    with pytest.raises(ProgramTypeError, match="argument 1 is Integer, expected Boolean"):
        check("solver", [("branch", 1, "I", "I")])
    with pytest.raises(ProgramTypeError, match="argument 2 is Pair, expected Integer"):
        check("solver", [("recolour", "I", "UP")])


@pytest.mark.parametrize("steps, message", [
    ([("flatten", "I")], "unknown primitive 'flatten'"),
    ([("power", "flatten", 2), ("call", "x1", "I")], "unknown primitive 'flatten'"),
    ([("recolour", "I", "NOWHERE")], "unknown constant 'NOWHERE'"),
    ([("concat", "I")], "concat takes 2 arguments, got 1"),
])
def test_unknown_names_and_arity_are_reported(steps, message):
    with pytest.raises(ProgramTypeError, match=message):
        check("solver", steps)


def test_a_solver_must_return_a_grid():
    with pytest.raises(ProgramTypeError, match="a solver must return Grid, but step O = size"):
        check("solver", [("size", "I")])


def test_a_differ_must_return_a_tuple():
    assert check("differ", [("compare", "I", "C")]) == "Tuple"
    assert check("differ", [("first", "S")]) == "Any"
    with pytest.raises(ProgramTypeError, match="a differ must return Tuple"):
        check("differ", [("size", "C")])


def test_inputs_have_their_types():
    with pytest.raises(ProgramTypeError, match="argument 1 is Samples, expected Grid"):
        check("solver", [("rot90", "S")])
    assert check("differ", [("concat", "I", "C"), ("compare", "x1", "C")]) == "Tuple"


def test_accepts_relation():
    assert accepts("Patch", "Indices") and accepts("Container", "Grid")
    assert not accepts("Indices", "Patch") and not accepts("Integer", "Boolean")
    assert accepts("Integer", "Any") and accepts("Any", "Grid")


def test_is_well_typed_is_the_predicate():
    assert is_well_typed(Program.from_steps("solver", [("rot90", "I")]), **VOCAB)
    assert not is_well_typed(Program.from_steps("solver", [("rot90", "S")]), **VOCAB)


@settings(max_examples=40, deadline=None)
@given(programs())
def test_generated_programs_are_well_typed(program):
    assert typecheck(program, **VOCAB) == "Grid"


def test_real_dsl_programs_typecheck_with_the_default_vocabulary():
    good = Program.from_steps("solver", [("rot90", "I"), ("colour_indices", "x1", 3),
                                         ("fill", "x1", 2, "x2"), ("mirror_left_right", "x3")])
    assert typecheck(good) == "Grid"
    with pytest.raises(ProgramTypeError, match="argument 3 is Grid, expected Patch"):
        typecheck(Program.from_steps("solver", [("rot90", "I"), ("fill", "x1", 3, "x1")]))
    powered = Program.from_steps("solver", [("power", "rot90", 3), ("call", "x1", "I")])
    assert typecheck(powered) == "Any"

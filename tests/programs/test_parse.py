"""The parser: program text back to Programs through ast, rejecting everything else."""

import re
import textwrap

import pytest
from hypothesis import given, settings

from tasks.programs.parse import ProgramSyntaxError, parse_program, parse_programs
from tasks.programs.program import Const, Input, Prim, Program, Ref, Step
from tests.programs.test_program import VOCAB, programs


def parse(text, filename="<text>", **kwargs):
    return parse_program(textwrap.dedent(text), filename, **VOCAB, **kwargs)


def test_the_issue_example_parses_into_steps():
    program = parse("""
        def solve(S, I):
            x1 = rot90(I)
            x2 = recolour(x1, 3)
            O = mirror(x2)
            return O
        """)
    assert program == Program.from_steps("solver", [("rot90", "I"), ("recolour", "x1", 3),
                                                    ("mirror", "x2")])


def test_differ_parses_with_three_inputs():
    program = parse("def differ(S, I, C):\n    O = compare(I, C)\n    return O\n")
    assert program.kind == "differ" and program.steps == (Step("compare", (Input("I"), Input("C"))),)


def test_constants_literals_negative_numbers_and_primitives_as_values():
    program = parse("""
        def solve(S, I):
            x1 = power(rot90, -1)
            x2 = make_pair(10, 0)
            x3 = branch(True, I, I)
            x4 = first(UP)
            O = call(x1, x3)
            return O
        """)
    assert program.steps[0].args == (Prim("rot90"), Const("-1"))
    assert program.steps[1].args == (Const("10"), Const("0"))
    assert program.steps[2].args[0] == Const("True")
    assert program.steps[3].args == (Const("UP"),)


def test_any_names_docstrings_and_comments_are_fine():
    program = parse('''
        def solve_007bbfb7(S, I):
            """Turn, then mirror."""
            turned = rot90(I)  # why: the pattern is sideways
            result = mirror(turned)
            return result
        ''')
    assert program == Program.from_steps("solver", [("rot90", "I"), ("mirror", "x1")])


def test_rebinding_a_name_refers_to_the_latest_step():
    program = parse("def solve(S, I):\n    x = rot90(I)\n    x = mirror(x)\n    return x\n")
    assert program.steps[1] == Step("mirror", (Ref(0),))


def test_returning_an_earlier_step_drops_the_dead_steps_after_it():
    program = parse("def solve(S, I):\n    x1 = rot90(I)\n    x2 = mirror(x1)\n    return x1\n")
    assert program.size == 1


def test_return_of_a_call_is_the_last_step():
    assert parse("def solve(S, I):\n    return rot90(I)\n").steps == (Step("rot90", (Input("I"),)),)


def test_kind_can_be_required():
    with pytest.raises(ProgramSyntaxError, match="expected a differ, found a solver"):
        parse("def solve(S, I):\n    return rot90(I)\n", kind="differ")


@settings(max_examples=40, deadline=None)
@given(programs())
def test_printed_solvers_parse_back_to_the_same_program(program):
    assert parse_program(program.to_source(), **VOCAB) == program


@settings(max_examples=20, deadline=None)
@given(programs(kind="differ"))
def test_printed_differs_parse_back_to_the_same_program(program):
    assert parse_program(program.to_source(), **VOCAB) == program


REJECTED = [
    # (body of `def solve(S, I):`, a fragment of the message; `return x1` is added if missing)
    ("import os", "import is not allowed"),
    ("x1 = rot90(I.T)", "attribute access is not allowed"),
    ("x1 = I.copy()", "attribute access is not allowed"),
    ("x1 = rot90(I[0])", "subscript is not allowed"),
    ("x1 = call(lambda g: g, I)", "lambda is not allowed"),
    ("x1 = size([v for v in I])", "comprehension is not allowed"),
    ("x1 = recolour(I, colour=3)", "keyword argument 'colour' is not allowed"),
    ("x1 = rot90(J)", "unknown name 'J'"),
    ("x1 = rot90(__builtins__)", "dunder name '__builtins__' is not allowed"),
    ("x1 = __import__(I)", "dunder name '__import__' is not allowed"),
    ("x1 = mirror(rot90(I))", "nested calls are not allowed in DSL programs: assign `rot90(I)`"),
    ("x1 = concat(I)", "concat takes 2 arguments, got 1"),
    ("x1 = rot90(x2)\n    x2 = mirror(I)", "x2 is used before it is assigned"),
    ("x1 = compare(I, C)", "C is not an input of a solver"),
    ("x1 = flatten(I)", "unknown primitive 'flatten'"),
    ("x1 = I(rot90)", "unknown primitive 'I' (it is a value, not a primitive)"),
    ("x1 = recolour(I, 11)", "literal 11 is not a DSL constant"),
    ("x1 = recolour(I, 2.5)", "literal 2.5 is not a DSL constant"),
    ("x1 = recolour(I, 'red')", "literal 'red' is not a DSL constant"),
    ("x1 = rot90(*I)", "a starred argument is not allowed"),
    ("x1 = add(1 + 1, 2)", "an operator is not allowed"),
    ("x1, x2 = rot90(I)", "assign each step to one plain name"),
    ("I = rot90(I)", "cannot assign to the input name I"),
    ("rot90 = mirror(I)", "cannot assign to rot90: it names a DSL primitive"),
    ("__x__ = mirror(I)", "dunder name '__x__' is not allowed"),
    ("x1 = I", "each step must be a call of a DSL primitive"),
    ("rot90(I)", "a bare expression does nothing"),
    ("for v in I: pass", "a for loop is not allowed"),
    ("x1 = rot90(I)\n    return I", "return a step, not 'I'"),
    ("x1 = rot90(I)\n    return x1\n    x2 = mirror(x1)", "unreachable statement after return"),
    ("x1 = rot90(I)", "missing return"),
]


@pytest.mark.parametrize("body, message", REJECTED)
def test_rejected_text_names_the_file_and_line_in_one_line(body, message):
    ends_itself = "return" in body or message == "missing return"
    text = f"def solve(S, I):\n    {body}\n" + ("" if ends_itself else "    return x1\n")
    with pytest.raises(ProgramSyntaxError) as caught:
        parse_program(text, "solvers/abc.py", **VOCAB)
    error = str(caught.value)
    assert "\n" not in error
    assert re.match(r"solvers/abc\.py:\d+: ", error), error
    assert message in error, error
    assert 1 <= caught.value.line <= text.count("\n")


def test_the_line_number_is_the_offending_line():
    text = "def solve(S, I):\n    x1 = rot90(I)\n    x2 = mirror(x1)\n    x3 = x2.T\n    return x3\n"
    with pytest.raises(ProgramSyntaxError, match=r"^f\.py:4: attribute access"):
        parse_program(text, "f.py", **VOCAB)


@pytest.mark.parametrize("header, message", [
    ("def solve(I):", "parameters must be exactly (S, I)"),
    ("def solve(S, I, C, D):", "parameters must be exactly"),
    ("def solve(S, I=None):", "parameters must be exactly"),
    ("def solve(S: tuple, I):", "parameters must be exactly"),
    ("def __init__(S, I):", "dunder name '__init__'"),
    ("@cache\ndef solve(S, I):", "a decorator is not allowed"),
])
def test_headers_other_than_the_two_kinds_are_rejected(header, message):
    with pytest.raises(ProgramSyntaxError, match=re.escape(message)):
        parse_program(f"{header}\n    return rot90(I)\n", **VOCAB)


def test_parse_programs_keeps_good_programs_next_to_bad_ones():
    text = textwrap.dedent('''\
        """Several programs in one file."""

        def solve_a(S, I):
            return rot90(I)

        def solve_b(S, I):
            x1 = I.T
            return x1

        import os

        def differ_c(S, I, C):
            return compare(I, C)
        ''')
    parsed = parse_programs(text, "many.py", **VOCAB)
    assert [(p.name, p.line) for p in parsed] == [("solve_a", 3), ("solve_b", 6), ("", 10),
                                                  ("differ_c", 12)]
    assert parsed[0].program == Program.from_steps("solver", [("rot90", "I")])
    assert str(parsed[1].error) == "many.py:7: attribute access is not allowed in DSL programs"
    assert parsed[2].error.line == 10 and "import" in str(parsed[2].error)
    assert parsed[3].program.kind == "differ" and parsed[3].error is None


def test_python_syntax_errors_lose_only_their_own_program():
    text = ("def solve_a(S, I):\n    return rot90(I)\n"
            "def solve_b(S, I):\n    x1 = rot90(I\n    return x1\n"
            "def solve_c(S, I):\n    return mirror(I)\n")
    parsed = parse_programs(text, "broken.py", **VOCAB)
    assert [p.name for p in parsed] == ["solve_a", "solve_b", "solve_c"]
    assert parsed[0].program is not None and parsed[2].program is not None
    assert parsed[1].program is None
    assert str(parsed[1].error).startswith("broken.py:4: Python syntax error")


def test_parse_program_wants_exactly_one_program():
    with pytest.raises(ProgramSyntaxError, match="exactly one def program, found 2"):
        parse("def a(S, I):\n    return rot90(I)\ndef b(S, I):\n    return rot90(I)\n")
    with pytest.raises(ProgramSyntaxError, match="found 0"):
        parse("# nothing here\n")


def test_program_text_is_never_executed(tmp_path):
    marker = tmp_path / "ran"
    text = (f"open({str(marker)!r}, 'w')\n"
            "def solve(S, I):\n"
            f"    x1 = open({str(marker)!r}, 'w')\n"
            "    return rot90(I)\n")
    parsed = parse_programs(text, "evil.py", **VOCAB)
    assert all(p.program is None for p in parsed)
    assert not marker.exists()


def test_real_dsl_program_parses_with_the_default_vocabulary():
    program = parse_program(textwrap.dedent("""
        def solve(S, I):
            x1 = rot90(I)
            x2 = colour_indices(x1, 3)
            x3 = fill(x1, 2, x2)
            O = mirror_left_right(x3)
            return O
        """))
    assert program.size == 4 and program.steps[1].args == (Ref(0), Const("3"))
    with pytest.raises(ProgramSyntaxError, match="rot90 takes 1 argument, got 2"):
        parse_program("def solve(S, I):\n    return rot90(I, UP)\n")

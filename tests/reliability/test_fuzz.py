"""Fuzzed input: program files, task files and store files that are random or hostile.

Whatever the bytes, the readers end in their own one-line errors (with the
file, and the line where there is one), never in another exception; nothing is
executed, and a store file that is not ours is left as it was.
"""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphs.engine.store import Store, StoreError
from tasks.data.arc import LoadError, load_folder
from tasks.programs.parse import parse_programs

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = st.sampled_from(["I", "S", "O", "x1", "rot90", "__import__", "exec", "ünïcode", "λ", "_"])
ATOMS = st.one_of(NAMES, st.integers(-10**30, 10**30).map(str), st.sampled_from(
    ["'text'", "b'\\x00'", "[1, 2]", "{1: 2}", "lambda: 0", "...", "None", "9" * 5000]))


@st.composite
def expressions(draw, depth: int = 0):
    """Python-like expressions: calls, attributes, subscripts, operators, deep nesting."""
    if depth > 6 or draw(st.booleans()):
        return draw(ATOMS)
    inner = draw(expressions(depth + 1))
    form = draw(st.sampled_from(["{f}({a})", "{a}.{f}", "{a}[{f}]", "({a} + {f})", "-{a}",
                                 "{f}({a}, {a})", "[{a}]", "{a} if {f} else {a}"]))
    return form.format(f=draw(NAMES), a=inner)


@st.composite
def program_files(draw):
    """Text shaped like program files, and not: defs, hostile statements, noise."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["def", "step", "return", "import", "noise", "nested"]))
        if kind == "def":
            lines.append(f"def {draw(NAMES)}({draw(st.sampled_from(['S, I', 'I', '', 'S, I, x']))}):")
        elif kind == "step":
            lines.append(f"    {draw(NAMES)} = {draw(expressions())}")
        elif kind == "return":
            lines.append(f"    return {draw(expressions())}")
        elif kind == "import":
            lines.append(draw(st.sampled_from(["import os", "from os import system",
                                               "    exec('print(1)')", "    __import__('os')"])))
        elif kind == "nested":
            lines.append("    x1 = " + "f(" * draw(st.integers(50, 400)) + "I" + ")" * 10)
        else:
            lines.append(draw(st.text(string.printable + "éλ\u202e\x00", max_size=60)))
    return "\n".join(lines) + "\n"


@FUZZ
@given(program_files())
def test_any_program_file_parses_to_programs_or_one_line_errors(text):
    for parsed in parse_programs(text, "fuzz.py"):
        if parsed.error is not None:
            message = str(parsed.error)
            assert message.startswith("fuzz.py:") and "\n" not in message
        else:
            assert parsed.program.steps  # a program that parsed is DSL steps, nothing else


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=6) | st.dictionaries(
        st.sampled_from(["train", "test", "input", "output", "x", "ü"]), children, max_size=4),
    max_leaves=40)


@st.composite
def task_files(draw):
    """Task JSON: random values, near-valid tasks with wrong shapes or colours, or broken text."""
    grid = st.lists(st.lists(st.integers(-2, 12), min_size=0, max_size=4), min_size=0, max_size=4)
    pair = st.fixed_dictionaries({"input": grid, "output": grid})
    near = st.fixed_dictionaries({"train": st.lists(pair, max_size=3), "test": st.lists(pair, max_size=2)})
    value = draw(st.one_of(JSON, near))
    text = json.dumps(value)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]  # truncated
    return text


@FUZZ
@given(st.lists(task_files(), min_size=1, max_size=3))
def test_any_task_folder_loads_or_reports_each_bad_file_in_one_line(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("tasks")
    for index, text in enumerate(texts):
        (folder / f"task{index}.json").write_text(text, encoding="utf-8")
    try:
        dataset = load_folder(folder)
    except LoadError as error:  # nothing usable at all
        assert "\n" not in str(error) and str(folder) in str(error)
        return
    assert len(dataset.tasks) + len(dataset.problems) == len(texts)
    for problem in dataset.problems:
        assert "\n" not in str(problem) and "task" in problem.where


@FUZZ
@given(st.binary(max_size=4096), st.booleans())
def test_a_random_or_truncated_store_file_is_refused_and_left_as_it_was(tmp_path_factory, noise, header):
    folder = tmp_path_factory.mktemp("store")
    path = folder / "store.sqlite"
    # With the SQLite header, the bytes get past the first check and reach SQLite itself.
    data = (b"SQLite format 3\x00" + noise) if header else noise
    path.write_bytes(data)
    try:
        with Store.open(path):
            pass
    except StoreError as error:
        assert "\n" not in str(error) and str(path) in str(error)
    else:  # only an empty file is a store to make
        assert data == b""
        return
    assert path.read_bytes() == data
    assert [p.name for p in folder.iterdir()] == ["store.sqlite"]  # nothing written beside it

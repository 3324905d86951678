"""Every primitive of every DSL module, called on its sample arguments.

Each module's test file keeps a ``SAMPLE_ARGS`` table (primitive name ->
arguments); here every primitive must have one, declare type names from the
closed set, accept its sample as the declared types, return the declared type,
leave its arguments unchanged and return a hashable value.
"""

import importlib

import pytest

from tasks.dsl import PRIMITIVES
from tasks.data.types import TYPE_NAMES
from tests.dsl.strategies import value_has_type

MODULES = ("arithmetic", "cell_rules", "colour", "containers", "geometry", "higher_order", "lines", "objects",
           "painting", "patches", "rays", "repair", "selection", "summaries", "tiling")
SAMPLES = {name: args for module in MODULES
           for name, args in importlib.import_module(f"tests.dsl.test_{module}").SAMPLE_ARGS.items()}
DSL_PRIMITIVES = {name: p for name, p in PRIMITIVES.items()
                  if p.function.__module__.removeprefix("tasks.dsl.") in MODULES}


def test_every_primitive_has_a_sample_and_a_docstring():
    assert set(SAMPLES) == set(DSL_PRIMITIVES)
    assert all(p.doc for p in DSL_PRIMITIVES.values())


@pytest.mark.parametrize("module", MODULES)
def test_modules_that_list_exports_export_exactly_their_primitives(module):
    imported = importlib.import_module(f"tasks.dsl.{module}")
    exported = getattr(imported, "__all__", None)
    if exported is not None:
        assert set(exported) == {n for n, p in DSL_PRIMITIVES.items()
                                 if p.function.__module__ == imported.__name__}


@pytest.mark.parametrize("name", sorted(DSL_PRIMITIVES))
def test_sample_call_matches_the_declared_signature(name):
    primitive = DSL_PRIMITIVES[name]
    assert set(primitive.args) | {primitive.returns} <= TYPE_NAMES
    args = SAMPLES[name]
    assert len(args) == primitive.arity
    for arg, type_name in zip(args, primitive.args):
        assert value_has_type(arg, type_name), (name, arg, type_name)
    before = repr(args)
    result = primitive.function(*args)
    assert value_has_type(result, primitive.returns)
    assert repr(args) == before  # primitives never mutate their arguments
    hash(result)  # and return immutable values


def test_the_test_process_holds_no_primitive_from_outside_the_dsl():
    # Test-only primitives (tests/hostile.py, tests/reliability/faulty.py) belong in worker
    # processes; imported here, the enumerator of every later test would run them.
    strangers = {name for name, p in PRIMITIVES.items() if not p.function.__module__.startswith("tasks.dsl.")}
    assert strangers == set()

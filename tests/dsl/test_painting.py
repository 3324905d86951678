"""Tests for tasks.dsl.painting: examples for every primitive, properties, budgets."""

# Primitive name -> sample arguments, read by tests/dsl/test_signatures.py.
SAMPLE_ARGS: dict = {}

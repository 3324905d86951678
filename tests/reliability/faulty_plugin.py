"""Registers the faulty primitives; named in ARC_SEARCH_PLUGINS for the CLI and its workers."""

from tasks.dsl.registry import PRIMITIVES
from tests.reliability.faulty import FAULTY

PRIMITIVES.update(FAULTY)

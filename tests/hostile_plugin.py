"""Registers the hostile primitives; named in ARC_SEARCH_PLUGINS for worker processes."""

from tasks.dsl.registry import PRIMITIVES
from tests.hostile import HOSTILE

PRIMITIVES.update(HOSTILE)

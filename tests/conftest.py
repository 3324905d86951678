"""Suite-wide collection rules.

The plugin modules register test-only primitives when imported, for the worker
processes that name them in ARC_SEARCH_PLUGINS. ``--doctest-modules`` would
import them into the test process itself, where they would join the DSL of
every later test (and the enumerator would run ``sleep_in_c``).
"""

collect_ignore = ["hostile_plugin.py", "reliability/faulty_plugin.py"]

"""Sample calls of ``tasks.dsl.summaries``; its behaviour is tested in test_selection.py, where the primitives were first written."""

from tests.dsl.test_selection import LEFT, SEPARATED

# One sample call per primitive of the module (tests/dsl/test_signatures.py).
SAMPLE_ARGS = {
    "foreground_row": (LEFT,),
    "colours_by_count": (SEPARATED, 1),
    "colour_bars": (SEPARATED,),
    "objects_diagonal": (SEPARATED,),
    "most_common_object": (((1, 0, 1, 0, 2),),),
    "repeating_tile": (((1, 2, 1, 2),),),
}

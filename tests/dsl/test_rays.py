"""Sample calls of ``tasks.dsl.rays``; its behaviour is tested in test_painting.py, where the moves were first written."""

from tests.dsl.test_painting import RIGHT, RING, UP_LEFT, parse

# One sample call per primitive of the module (tests/dsl/test_signatures.py).
SAMPLE_ARGS = {
    "step_towards": (parse("3...\n....\n...4"), 3, 4),
    "fill_single_gaps": (parse("1.1.\n...."), 2, RIGHT),
    "extend_line_ends": (parse("....\n.22.\n...."),),
    "shoot_from_shapes": (RING, 1, UP_LEFT),
    "rays_from_open_corners": (parse(".....\n.....\n.7...\n.77..\n....."),),
    "extend_to_largest": (parse("33...\n33...\n.....\n.....\n.2..."),),
}

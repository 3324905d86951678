"""``python -m tasks.dsl``: the listing by module, and a reader that stops early (``| head``)."""

import subprocess
import sys
from pathlib import Path

from tasks.dsl import CONSTANTS, PRIMITIVES
from tasks.dsl.__main__ import listing

ROOT = Path(__file__).resolve().parents[2]


def test_every_primitive_is_listed_once_under_its_module_with_its_doc():
    lines = list(listing(PRIMITIVES, CONSTANTS))
    module, listed = None, {}
    for line in lines:
        if line and not line.startswith(" "):
            module = line.split(" (")[0]
        elif line.startswith("  ") and module != "constants":
            signature = line.split(") -> ")[0] + ")"
            listed[signature.strip().split("(")[0]] = (module, line)
    assert set(listed) == set(PRIMITIVES)
    for name, (module, line) in listed.items():
        primitive = PRIMITIVES[name]
        assert primitive.function.__module__ == f"tasks.dsl.{module}"
        assert primitive.signature() in line
        summary = primitive.doc.split("\n\n")[0].split()
        assert line.split()[-len(summary):] == summary if summary else True
    assert lines[-1] == f"{len(PRIMITIVES)} primitives, {len(CONSTANTS)} constants"


def test_a_reader_that_stops_early_gets_no_traceback():
    listing_process = subprocess.Popen([sys.executable, "-m", "tasks.dsl"], cwd=ROOT,
                                       env={"PYTHONPATH": str(ROOT), "PATH": ""},
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Closed before the listing's first write (importing the DSL takes longer than this line),
    # so its output surely meets a closed pipe, as the rest of ``| head``'s input does.
    listing_process.stdout.close()
    stderr = listing_process.stderr.read().decode()
    assert listing_process.wait(timeout=60) == 1
    assert stderr == ""

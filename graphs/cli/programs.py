"""Program files that seed the pool: the hand-written solvers and a user's own folder.

Program files are data: they are read as text and parsed as DSL, never
imported or executed. A file that is not valid DSL is reported, one line
naming the file and line, and the others still load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from tasks.running.evaluate import Candidate
from tasks.programs.parse import parse_programs
from tasks.programs.program import SOLVER


def load_program_folder(folder: Path, say: Callable[[str], None]) -> list[Candidate]:
    """Every solver program in ``folder``'s ``*.py`` files; bad ones are reported and skipped."""
    if not folder.is_dir():
        raise FileNotFoundError(f"--programs {folder}: no such folder")
    candidates = []
    for path in sorted(folder.glob("*.py")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            say(f"{path}: cannot read: {error}")
            continue
        for parsed in parse_programs(text, str(path)):
            if parsed.error is not None:
                say(f"{parsed.error} (skipped)")
            elif parsed.program.kind != SOLVER:
                say(f"{path}:{parsed.line}: {parsed.name} is a differ, expected solvers (skipped)")
            else:
                candidates.append(Candidate.of(parsed.program))
    return candidates

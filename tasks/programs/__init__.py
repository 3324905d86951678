"""Programs as data: straight-line steps, parsed from and printed as Python text, named by content."""

from tasks.programs.canonical import canonical, content_id
from tasks.programs.parse import ProgramSyntaxError, parse_program, parse_programs
from tasks.programs.program import DIFFER, SOLVER, Program, vocabulary
from tasks.programs.typecheck import ProgramTypeError, is_well_typed, typecheck

__all__ = ["DIFFER", "SOLVER", "Program", "ProgramSyntaxError", "ProgramTypeError", "canonical",
           "content_id", "is_well_typed", "parse_program", "parse_programs", "typecheck", "vocabulary"]

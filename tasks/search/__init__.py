"""Candidate generation: what one ARC task tries in one round.

``terms`` (sub-programs and their value kinds), ``bank`` (terms by size, one
per value), ``finish`` (last steps found without enumerating them),
``enumerate`` (the bottom-up search), ``build`` (terms back into programs),
``mutate`` (edits of near-misses), ``generate`` (a round's candidates for a
task) and ``settings`` (how much of each).
"""

from tasks.search.enumerate import enumerate_found, enumerate_programs
from tasks.search.generate import dedupe_by_id, generate_candidates, round_rng
from tasks.search.mutate import mutate
from tasks.search.settings import GenerationSettings, time_budget

__all__ = ["GenerationSettings", "dedupe_by_id", "enumerate_found", "enumerate_programs",
           "generate_candidates", "mutate", "round_rng", "time_budget"]

"""How much candidate generation does for one task in one round, and how it grows per round.

>>> time_budget(GenerationSettings(), 1)
3.0
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GenerationSettings:
    """How much candidate generation does for one task in one round.

    ``max_depth``: deepest nesting of primitive applications enumerated;
    ``max_size``: largest size enumerated (``tasks.search.enumerate.term_size``:
    applications, plus one for two or more constant arguments; completions
    of patches and colour maps reach past it). It is the deterministic bound;
    ``time_budget_s`` (wall clock for the whole enumeration) and
    ``max_values`` (terms stored) stop it earlier on a slow machine or a
    task with many distinct values;
    ``max_candidates``: most enumerated programs handed on (the exact matches
    first; the rest only feed near-misses to mutation, since enumeration has
    already seen them miss, so few are worth their evaluation time);
    ``mutations_per_program``: mutants of each near-miss (pool solvers get a
    quarter as many); ``deeper_time_factor``: round ``r`` enumerates for
    ``time_budget_s * (1 + deeper_time_factor * r)``; ``stop_when_solved``:
    finish the size at which a program matches every train output, then stop;
    the rest are per-application limits of the enumeration: sizes and steps
    decide (deterministically), and ``application_timeout_s`` is only a
    backstop, long enough never to bite on a loaded machine in normal use;
    ``stack_partials``: when nothing matches exactly, try every pair of grid
    terms as a base with a top laid over it (``tasks.search.compose``);
    ``symmetries``: DSL primitives (see ``tasks.search.augment.INVERSES``)
    under which a task with no exact match is enumerated again, each for
    ``symmetry_time_share`` of the time budget.
    """

    max_depth: int = 4
    max_size: int = 3
    max_candidates: int = 512
    time_budget_s: float = 2.0
    max_values: int = 60_000
    mutations_per_program: int = 20
    stop_when_solved: bool = True
    deeper_time_factor: float = 0.5
    application_timeout_s: float = 1.0
    max_cells: int = 3_600
    max_items: int = 5_000
    stack_partials: bool = True
    symmetries: tuple[str, ...] = ("transpose",)
    symmetry_time_share: float = 0.5


# Enumeration time grows with each round a task comes back, up to this many rounds.
LONGEST_ROUND = 4


def time_budget(settings: GenerationSettings, round_index: int) -> float:
    """Seconds round ``round_index``'s enumeration may take for one task (capped growth).

    >>> s = GenerationSettings(time_budget_s=2.0, deeper_time_factor=0.5)
    >>> time_budget(s, 2), time_budget(s, 50)
    (4.0, 6.0)
    """
    return settings.time_budget_s * (1 + settings.deeper_time_factor * min(round_index, LONGEST_ROUND))

"""How much candidate generation does for one task in one round, and how it grows per round.

>>> time_budget(GenerationSettings(), 1)
3.0
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GenerationSettings:
    """How much candidate generation does for one task in one round.

    ``max_size`` is the deterministic bound of the enumeration;
    ``time_budget_s`` and ``max_values`` stop it earlier on a slow machine or
    a task with many distinct values. Each time a task comes back to
    generation (its ``r``-th time, counting from 0), the enumeration goes ``r``
    sizes and depths further, for longer (``time_budget``).

    Parameters
    ----------
    max_depth : int
        The deepest nesting of primitive applications enumerated.
    max_size : int
        The largest size enumerated (``tasks.search.enumerate.term_size``:
        applications, plus one for two or more constant arguments);
        completions of patches and colour maps reach past it.
    max_candidates : int
        The most enumerated programs handed on: the exact matches first; the
        rest only feed near-misses to mutation, since enumeration has already
        seen them miss, so few are worth their evaluation time.
    time_budget_s : float
        Wall-clock seconds for the whole enumeration of a task's first generation.
    max_values : int
        The most terms stored; the enumeration stops when it has that many.
    mutations_per_program : int
        Mutants of each near-miss; pool solvers get a quarter as many.
    max_pool_mutants : int
        The most mutants of pool solvers a task gets in one generation (a
        sample of the pool is mutated).
    stop_when_solved : bool
        Finish the size at which a program matches every train output, then stop.
    deeper_time_factor : float
        Generation ``r`` enumerates for ``time_budget_s * (1 + deeper_time_factor * r)``,
        ``r`` capped at ``LONGEST_ROUND``.
    application_timeout_s : float
        Seconds one application of a primitive may take during the
        enumeration: only a backstop, long enough never to bite on a loaded
        machine in normal use (sizes and steps decide, deterministically).
    max_cells : int
        The largest grid (in cells) one application may build during the enumeration.
    max_items : int
        The largest container one application may build during the enumeration.
    stack_partials : bool
        When nothing matches exactly, try every pair of grid terms as a base
        with a top laid over it (``tasks.search.compose``).
    symmetries : tuple of str
        DSL primitives (see ``tasks.search.augment.INVERSES``) under which a
        task with no exact match is enumerated again; its solvers there are
        mapped back and evaluated on the original train pairs. Off by default:
        on ARC-AGI-1 training it solved as many tasks as the same time given
        to the plain enumeration.
    symmetry_time_share : float
        The share of ``time_budget_s`` each symmetry's enumeration may take.
    max_bank_bytes : int
        The most memory (estimated, ``tasks.search.bank.Bank.bytes``) one
        task's bank may hold. A search continues from its bank round after
        round; past this it stops growing (and says so), keeping what it found.
    """

    max_depth: int = 4
    max_size: int = 3
    max_candidates: int = 128
    time_budget_s: float = 2.0
    max_values: int = 60_000
    mutations_per_program: int = 20
    max_pool_mutants: int = 200
    stop_when_solved: bool = True
    deeper_time_factor: float = 0.5
    application_timeout_s: float = 1.0
    max_cells: int = 3_600
    max_items: int = 5_000
    stack_partials: bool = True
    symmetries: tuple[str, ...] = ()
    symmetry_time_share: float = 0.5
    max_bank_bytes: int = 128 * 2**20


# Enumeration time grows with each round a task comes back, up to this many rounds.
LONGEST_ROUND = 4


def time_budget(settings: GenerationSettings, round_index: int) -> float:
    """Seconds round ``round_index``'s enumeration may take for one task (capped growth).

    >>> s = GenerationSettings(time_budget_s=2.0, deeper_time_factor=0.5)
    >>> time_budget(s, 2), time_budget(s, 50)
    (4.0, 6.0)
    """
    return settings.time_budget_s * (1 + settings.deeper_time_factor * min(round_index, LONGEST_ROUND))

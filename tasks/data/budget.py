"""Per-candidate limits, enforced cooperatively inside the running code.

Dask cannot stop a running task, so every limit is checked by the code that
would exceed it: the interpreter between steps, and primitives that can blow
up (scaling, tiling, products, repetition, line shooting) before they allocate.

The active budget lives in a ``ContextVar`` so each worker thread sees its own;
code called outside any budget sees ``DEFAULT_BUDGET``'s sizes and no deadline.

>>> with active(Budget(max_cells=100)):
...     check_cells(101)
Traceback (most recent call last):
...
tasks.data.budget.BudgetExceeded: budget:cells (101 > 100)
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Iterator


class BudgetExceeded(Exception):
    """A size or step limit was hit; ``limit`` names it ("cells", "items", "steps")."""

    def __init__(self, limit: str, detail: str = "") -> None:
        self.limit = limit
        super().__init__(f"budget:{limit}" + (f" ({detail})" if detail else ""))


class DeadlineExceeded(Exception):
    """The candidate's wall-clock deadline passed."""


@dataclass(frozen=True)
class Budget:
    """Limits for one program run.

    ``timeout_s`` is wall-clock seconds per run; ``max_steps`` counts steps,
    including iterations inside bounded power; ``max_cells`` bounds any grid's
    cell count; ``max_items`` bounds any container built by a primitive.
    """

    timeout_s: float | None = 1.0
    max_steps: int = 10_000
    max_cells: int = 250_000
    max_items: int = 100_000


# Outside any run: sizes still bounded, but no deadline and no step count to run out.
DEFAULT_BUDGET = Budget(timeout_s=None, max_steps=sys.maxsize)


class _Meter:
    """The mutable counters of one run under a Budget (one per run, per thread)."""

    __slots__ = ("budget", "deadline", "steps")

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.deadline = None if budget.timeout_s is None else time.perf_counter() + budget.timeout_s
        self.steps = 0


_ACTIVE: ContextVar[_Meter] = ContextVar("arc_search_budget", default=_Meter(DEFAULT_BUDGET))


@contextmanager
def active(budget: Budget) -> Iterator[None]:
    """Make ``budget`` the one enforced by the checks below, for this thread."""
    token = enter(budget)
    try:
        yield
    finally:
        leave(token)


def enter(budget: Budget) -> Token:
    """``active`` without the context manager, for hot loops: pass the token to ``leave``.

    The enumerator runs a primitive hundreds of thousands of times a second;
    the context manager's generator costs more than many of those runs.
    """
    return _ACTIVE.set(_Meter(budget))


def leave(token: Token) -> None:
    """Restore the budget that was active before ``enter`` returned ``token``."""
    _ACTIVE.reset(token)


def check_cells(count: int) -> None:
    """Raise BudgetExceeded("cells") if a grid of ``count`` cells is too large."""
    limit = _ACTIVE.get().budget.max_cells
    if count > limit:
        raise BudgetExceeded("cells", f"{count} > {limit}")


def check_items(count: int) -> None:
    """Raise BudgetExceeded("items") if a container of ``count`` items is too large."""
    limit = _ACTIVE.get().budget.max_items
    if count > limit:
        raise BudgetExceeded("items", f"{count} > {limit}")


def tick(steps: int = 1) -> None:
    """Count ``steps`` of work and check the step limit and the deadline.

    The interpreter ticks once per program step; primitives that iterate
    (bounded power, long loops) tick once per iteration.
    """
    meter = _ACTIVE.get()
    meter.steps += steps
    if meter.steps > meter.budget.max_steps:
        raise BudgetExceeded("steps", f"{meter.steps} > {meter.budget.max_steps}")
    if meter.deadline is not None and time.perf_counter() > meter.deadline:
        raise DeadlineExceeded(f"deadline of {meter.budget.timeout_s} s passed")

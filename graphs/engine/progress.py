"""A round's progress bar: candidates evaluated, their rate, and the round's tasks solved so far.

``tqdm.auto`` picks the bar's kind: a widget in Jupyter (with ipywidgets, the
``notebook`` extra), a text bar on stderr in a terminal, so stdout stays the
run's own lines. One bar per round, left on screen when the round ends.

>>> bar = RoundProgress(0, ["a", "b"], solved_before={"b"}, enabled=False)
>>> bar.planned(10)
>>> bar.chunk("a", ["mismatch", "ok"])
>>> bar.solved_label(), bar.evaluated
('2/2', 2)
>>> bar.close()
"""

from __future__ import annotations

from typing import Iterable

from tqdm.auto import tqdm


class RoundProgress:
    """One round's bar; ``enabled=False`` counts the same and shows nothing.

    Parameters
    ----------
    round_index
        The round, named on the bar.
    task_ids
        The round's tasks: the bar counts which of them are solved.
    solved_before
        Ids of tasks already solved when the round starts (others are ignored).
    enabled
        Whether to show the bar at all.
    """

    def __init__(self, round_index: int, task_ids: Iterable[str], solved_before: Iterable[str],
                 enabled: bool) -> None:
        self.task_ids = frozenset(task_ids)
        self.solved = set(solved_before) & self.task_ids
        self.evaluated = 0
        self._bar = tqdm(unit="cand", desc=f"round {round_index}", leave=True, disable=not enabled,
                         dynamic_ncols=True)
        self._show_solved()

    def solved_label(self) -> str:
        """The round's tasks solved so far, over its tasks: ``'3/12'``."""
        return f"{len(self.solved)}/{len(self.task_ids)}"

    def planned(self, candidates: int) -> None:
        """More candidates are on their way (a task's plan arrived): the bar's total grows."""
        self._bar.total = (self._bar.total or 0) + candidates
        self._bar.refresh()

    def chunk(self, task_id: str, outcomes: Iterable[str]) -> None:
        """A chunk of ``task_id``'s candidates came back with these outcomes (``'ok'``: a solver)."""
        outcomes = list(outcomes)
        self.evaluated += len(outcomes)
        if "ok" in outcomes and task_id in self.task_ids and task_id not in self.solved:
            self.solved.add(task_id)
            self._show_solved()
        self._bar.update(len(outcomes))

    def close(self) -> None:
        self._bar.close()

    def _show_solved(self) -> None:
        self._bar.set_postfix_str(f"solved {self.solved_label()}", refresh=False)

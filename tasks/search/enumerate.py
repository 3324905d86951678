"""Typed bottom-up enumeration of solvers with observational-equivalence pruning.

Sub-programs ("terms") are built smallest first. The leaves are the inputs
``I`` and ``S`` and typed constants (the task's colours and small integers,
booleans, a few pairs); a term applying one primitive has size one more than
its arguments' sizes added up, plus one when two or more of its arguments are
constants (see ``term_size``). Every term is run as soon as it is built, on
every train input of the task at once, so its value is the tuple of its
results per train pair (with ``S`` the other train pairs, leave one out). Two
terms of the same type with equal value tuples are one: the smaller is kept,
on a tie the one whose text sorts first. That is what keeps the bank small
enough to go deeper: ``rot90(rot270(I))`` is ``I``, and is never stored.

Each size is built in two passes: first only what could be a last step
(grids of the outputs' shape, judged on the first pair before the others
run), then the intermediate values larger programs need. The primitives take
turns by the time they have used, so a budget that runs out mid-size has
tried a little of everything. Three kinds of last step are found without
enumerating them: ``fill``/``underfill``/``paint`` of a patch that covers the
cells the outputs change, ``subgrid`` of a patch whose box has the outputs'
shape, and the colour swaps and replacements that map a grid onto the outputs.

Primitives are chosen by their signatures only (``tasks.dsl.PRIMITIVES``):
an argument slot takes the terms whose type fits it. Higher-order primitives
(``apply``, ``keep_if``, ``argmax``, ...) take a primitive by name as their
function argument, chosen by what the container holds.

>>> from tasks.data.arc import Pair, Task
>>> task = Task("t", (Pair(((1, 2),), ((2, 1),)), Pair(((3, 4), (5, 6)), ((4, 3), (6, 5)))), ())
>>> print(enumerate_programs(task)[0].to_source(), end="")
def solve(S, I):
    O = mirror_left_right(I)
    return O
"""


from __future__ import annotations

import heapq
import time
from itertools import combinations_with_replacement, islice, product
from typing import Any, Callable, Iterator, Mapping, Sequence

from tasks.data.arc import Task
from tasks.data.types import ANY, CALLABLE, CONTAINER, FROZENSET, GRID, INDICES, OBJECT, PATCH
from tasks.programs.program import Program, vocabulary
from tasks.data.budget import Budget
from tasks.running.interpreter import is_valid_grid
from tasks.search.bank import FUNCTION_RESULTS, Bank, FunctionLeaves, enumerable_primitives, seed_terms
from tasks.search.compose import stacked_terms
from tasks.search.build import Found, found_of, ranked_fits
from tasks.search.finish import Goal
from tasks.search.settings import GenerationSettings
from tasks.search.terms import (CAST_PRIMITIVE, Term, apply_to_pairs, constant_penalty, element_kind,
                                result_type)


# The two passes of a size (see ``Search.run``), and why a run stops.
FINAL, REST = "final", "rest"
DONE = -1  # in ``Search.applied``: every argument tuple of that primitive is applied
STOP_REASONS = ("time", "size", "solved", "memory", "values")
# Of those, the limits of the bank: a search stopped by one grows no more.
BANK_LIMITS = ("memory", "values")


def compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to write ``total`` as ``parts`` non-negative sizes, in a fixed order.

    >>> list(compositions(2, 2))
    [(0, 2), (1, 1), (2, 0)]
    """
    if parts == 1:
        yield (total,)
        return
    for head in range(total + 1):
        for rest in compositions(total - head, parts - 1):
            yield (head, *rest)



def one_order(lists: Sequence[Sequence[Any]]) -> Iterator[tuple]:
    """Argument tuples whose first two come from one list, each unordered pair once (itself included).

    For a commutative primitive: ``f(a, b)`` and ``f(b, a)`` are the same term
    but for its text, so only one is built (half the applications).

    >>> list(one_order([["a", "b"], ["a", "b"], [0]]))
    [('a', 'a', 0), ('a', 'b', 0), ('b', 'b', 0)]
    """
    for first, second in combinations_with_replacement(lists[0], 2):
        for rest in product(*lists[2:]):
            yield (first, second, *rest)


class Search:
    """One enumeration: the bank, the clock, and the solvers found so far."""

    def __init__(self, task: Task, settings: GenerationSettings,
                 primitives: Mapping[str, Any], constants: Mapping[str, Any]) -> None:
        self.settings = settings
        self.count = len(task.train) + len(task.test_inputs)  # values per term
        self.outputs = tuple(pair.output for pair in task.train)
        self.output_shape = (len(self.outputs[0]), len(self.outputs[0][0]))  # a last step's, on pair 0
        self.train = len(self.outputs)
        self.budget = Budget(timeout_s=settings.application_timeout_s, max_steps=1_000,
                             max_cells=settings.max_cells, max_items=settings.max_items)
        self.deadline = time.perf_counter() + settings.time_budget_s
        self.bank = Bank(self.train)
        self.solved_at: int | None = None
        self.spent: dict[str, float] = {}  # seconds each primitive has used, for fair turns
        self.can_cast = CAST_PRIMITIVE in primitives
        self.primitives = enumerable_primitives(primitives)
        self.functions = FunctionLeaves(primitives, self.count)
        seeds = seed_terms(task, constants)
        self.goal = Goal(task, primitives, constants, seeds[0], self.bank)
        # Where the enumeration stands, so a later ``run`` continues from there: the size being
        # built, its pass, and how many argument tuples of each primitive that pass has applied.
        self.size, self.phase = 1, FINAL
        self.applied: dict[int, int] = {}
        self.stopped = ""  # why the last run stopped: STOP_REASONS
        self.fresh_grids: list[Term] = []  # grid terms stored since the caller last took them
        self.on_term: Callable[[Term], None] | None = None  # takes new terms instead of the bank (a piece)
        for seed in seeds:
            self.keep(seed)

    def __getstate__(self) -> dict:
        # The deadline is a reading of this process's clock: meaningless in another one.
        state = dict(self.__dict__)
        state["deadline"] = 0.0
        return state

    def bank_limit(self) -> str | None:
        """The bank limit reached (``BANK_LIMITS``), if any."""
        if self.bank.bytes >= self.settings.max_bank_bytes:
            return "memory"
        return "values" if self.bank.count >= self.settings.max_values else None

    def out_of_budget(self) -> bool:
        return time.perf_counter() > self.deadline or self.bank_limit() is not None

    def _stop_reason(self) -> str:
        return self.bank_limit() or "time"

    @property
    def growing(self) -> bool:
        """Can a later ``run`` add anything: not solved (when that stops it) and within the bank's limits?"""
        return self.stopped not in (*BANK_LIMITS, "solved")

    def keep(self, term: Term) -> None:
        """Store ``term`` if the bank has no equal one as small; then what the goal finishes from it."""
        if not self.bank.add(term):
            return
        try:
            finished = self.goal.finish(term, self.budget) or self.goal.finish_grid(term, self.budget)
        except Exception:  # noqa: BLE001 - a value the goal cannot read just is not finished
            finished = None
        if finished is not None:
            self.keep(finished)
        if term.type == GRID and term.reads_i and term.leaf is None:
            self.fresh_grids.append(term)
        if term.reads_i and term.type == GRID and term.values[:self.train] == self.outputs:
            # The smallest, whatever order the terms came in (a finished term may come first).
            self.solved_at = term.size if self.solved_at is None else min(self.solved_at, term.size)

    def run(self, time_budget_s: float | None = None) -> str:
        """Grow the bank size by size, each size in two passes, until done or out of budget.

        The first pass of a size builds only what could be a last step: grids
        of the outputs' shape (judged on the first pair before running the
        others) and patches the goal may finish. It is cheap, so every
        solution of a size is found before any time goes to the intermediate
        values of that size, which the second pass builds for larger programs.

        A run continues where the last one stopped, for ``time_budget_s``
        seconds (``settings.time_budget_s`` unless given) and up to
        ``settings.max_size``, which the caller may raise between runs. For
        the same sizes, runs cut short anywhere and continued build the same
        bank as one run that is not. Returns why it stopped (``STOP_REASONS``).
        """
        budget = self.settings.time_budget_s if time_budget_s is None else time_budget_s
        self.deadline = time.perf_counter() + budget
        self.stopped = self._advance()
        return self.stopped

    def _advance(self) -> str:
        while self.size <= self.settings.max_size:
            # The intermediate values of the largest size only serve larger sizes: they wait
            # until a later run raises max_size.
            if self.phase == REST and self.size == self.settings.max_size:
                self.bank.settle(self.size)
                return "size"
            if not self._grow(self.size, final=self.phase == FINAL):
                return self._stop_reason()
            if self.end_pass():
                return "solved"  # every solution of this size is in: none smaller is left
        return "size"

    def has_pass(self) -> bool:
        """Is there a pass to build within the limits: the one ``run`` would build next?

        The rest pass of the largest size waits for a larger limit (``_advance``).
        """
        return (self.growing and self.size <= self.settings.max_size
                and not (self.phase == REST and self.size == self.settings.max_size))

    def grow_pass(self, orders: Sequence[int] | None = None) -> bool:
        """Apply the current pass's primitives (``orders``: those positions only) until done or out of time.

        False when out of budget. A piece grows a shallow view of the search
        this way, its ``on_term`` taking the new terms instead of the bank.
        """
        return self._grow(self.size, self.phase == FINAL, orders)

    def standing(self) -> str:
        """Why the search stands where it does (``STOP_REASONS``), as ``run`` would say, for passes grown apart.

        Its bank's limit, else solved (a finished final pass with an exact
        match, when that stops it), else time while a pass is left, else size.
        """
        limit = self.bank_limit()
        if limit is not None:
            return limit
        if self.phase != FINAL and self.solved_at is not None and self.settings.stop_when_solved:
            return "solved"
        return "time" if self.has_pass() else "size"

    def end_pass(self) -> bool:
        """Move on from a finished pass; True when the search is solved and stops there."""
        if self.phase == FINAL:
            self._next_phase(REST)
            return self.solved_at is not None and self.settings.stop_when_solved
        self.bank.settle(self.size)
        self.size += 1
        self._next_phase(FINAL)
        return False

    def _next_phase(self, phase: str) -> None:
        self.phase, self.applied = phase, {}

    def pass_entries(self, final: bool) -> list[Any]:
        """The primitives a pass applies, in their fixed order (``final``: those that make last steps)."""
        wanted = {GRID, ANY}
        if self.goal.active:
            # Patches may be finished; abstract containers too, cast to what they hold.
            wanted |= {INDICES, OBJECT, PATCH} | ({CONTAINER, FROZENSET} if self.can_cast else set())
        return [entry for entry in self.primitives if not final or entry.returns in wanted]

    def _grow(self, size: int, final: bool, orders: Sequence[int] | None = None) -> bool:
        """Build the terms of ``size`` (``final``: only candidate last steps); False when out of budget.

        The primitives share the time fairly: the next application is always
        one of the primitive that has used the least time so far. A budget
        that runs out within a size has then tried a little of everything, and
        a slow primitive (symmetry repair on large grids) cannot crowd out the
        cheap ones that most solutions are made of. Each primitive's argument
        tuples come in a fixed order, so the ones ``self.applied`` counts as
        done by an earlier run are skipped. ``orders`` (positions in
        ``pass_entries``) restricts the pass to those primitives: a piece.
        """
        entries = self.pass_entries(final)
        applied = self.applied  # order -> argument tuples applied; DONE once all are
        chosen = range(len(entries)) if orders is None else orders
        choices = {order: islice(self._choices(entries[order], size), max(0, applied.get(order, 0)), None)
                   for order in chosen}
        queue = [(self.spent.get(entries[order].name, 0.0), order) for order in chosen
                 if applied.get(order) != DONE]
        heapq.heapify(queue)
        clock = time.perf_counter
        while queue:
            if self.out_of_budget():
                return False
            spent, order = heapq.heappop(queue)
            args = next(choices[order], None)
            if args is None:
                applied[order] = DONE
                continue
            entry = entries[order]
            start = clock()
            self._apply(entry, args, size, final)
            applied[order] = applied.get(order, 0) + 1
            spent += clock() - start
            self.spent[entry.name] = spent
            heapq.heappush(queue, (spent, order))
        return True

    def _choices(self, entry: Any, size: int) -> Iterator[tuple]:
        """Every argument tuple that makes a term of ``size`` with ``entry`` (see ``term_size``)."""
        if entry.name in FUNCTION_RESULTS:
            for sizes in compositions(size - 1, len(entry.args)):
                yield from self._higher_order_choices(entry, sizes)
            return
        commutative = getattr(entry, "commutative", False)
        for extra in (0, 1):
            if size - 1 - extra < 0:
                continue
            for sizes in compositions(size - 1 - extra, len(entry.args)):
                if commutative and sizes[0] < sizes[1]:
                    continue  # the same terms, exchanged, come with these sizes the other way round
                lists = [self.bank.fitting(expected, part) for expected, part in zip(entry.args, sizes)]
                tuples = (one_order(lists) if commutative and sizes[0] == sizes[1] else product(*lists))
                for args in tuples:
                    if constant_penalty(args) == extra:
                        yield args

    def _higher_order_choices(self, entry: Any, sizes: tuple[int, ...]) -> Iterator[tuple]:
        """Arguments for (container, function): functions chosen by the container's items."""
        slot = entry.args.index(CALLABLE)
        if sizes[slot] != 0:  # a function argument is a leaf, of size 0
            return
        other = 1 - slot
        for container in self.bank.fitting(entry.args[other], sizes[other]):
            element = element_kind(container.values)
            for function in self.functions.for_items(element, FUNCTION_RESULTS[entry.name]):
                yield (container, function) if slot == 1 else (function, container)

    def _apply(self, entry: Any, args: tuple, size: int, final: bool = False) -> None:
        """Run ``entry`` on ``args``; keep the result as a term of ``size`` if it is new."""
        depth = 1 + max(arg.depth for arg in args)
        # Constants combined with constants give more constants, many and rarely useful.
        if depth > self.settings.max_depth or not any(arg.uses_input for arg in args):
            return
        if entry.shape is not None:
            fits = self._has_output_shape(entry, args)
            # A last step of the wrong shape is never built; one of the right shape the final pass
            # built whole, so the second pass has nothing to add by building it again.
            if fits is (not final):
                return
        if final:
            # The first pair decides whether the others are worth running; its result is kept.
            first = self._first_pair_value(entry, args)
            if first is None:
                return
            rest = apply_to_pairs(entry.function, [arg.values[1:] for arg in args], self.budget)
            values = None if rest is None else first + rest
        else:
            values = apply_to_pairs(entry.function, [arg.values for arg in args], self.budget)
        if values is None:
            return
        typed = result_type(entry.returns, values, self.can_cast)
        if typed is None:
            return
        (self.on_term or self.keep)(Term(typed[0], typed[1], values, size, depth, None, entry.name, args,
                                          True, cast=typed[2], reads_i=any(arg.reads_i for arg in args)))

    def _has_output_shape(self, entry: Any, args: tuple) -> bool | None:
        """Will ``entry(*args)`` on the first pair have the output's shape, by its shape rule?

        Told without running it (``tasks.dsl.shapes``): in a task whose
        output is not its input's shape, a recolouring of the input is never
        a last step. None when the rule cannot tell: the primitive is run.
        """
        try:
            return entry.shape(*(arg.values[0] for arg in args)) == self.output_shape
        except Exception:  # noqa: BLE001 - arguments the rule cannot read
            return None

    def _first_pair_value(self, entry: Any, args: tuple) -> tuple | None:
        """The result on the first pair, as a 1-tuple, if it could be a last step; else None.

        A last step matters only as a grid of the output's shape (or a patch
        the goal may finish); running one pair first saves running the others
        for most applications.
        """
        value = apply_to_pairs(entry.function, [arg.values[:1] for arg in args], self.budget)
        if value is None:
            return None
        if type(value[0]) is frozenset:
            try:
                return value if self.goal.may_finish(value) else None
            except Exception:  # noqa: BLE001 - not a patch after all
                return None
        if type(value[0]) is not tuple or not value[0]:
            return None
        grid, expected = value[0], self.outputs[0]
        fits = (len(grid) == len(expected) and type(grid[0]) is tuple
                and len(grid[0]) == len(expected[0]))
        return value if fits else None

    def found(self, limit: int | None = None) -> list[Found]:
        """The best ``limit`` grid terms as ``Found``s, ranked (see ``build.ranked_fits``).

        Ranked on the terms, so only the programs handed on are ever built.
        """
        return [found_of(*fit) for fit in ranked_fits(self.grids(), self.outputs)[:limit]]

    def grids(self) -> list[Term]:
        """The stored terms that are a valid grid on every train input, computed from it (I aside).

        A grid made from ``S`` alone (another pair's output, recoloured) can
        reproduce every train output under leave-one-out and still ignore the
        input: it is no solver.
        """
        return [term for term in self.bank.terms() if is_solver_grid(term)]


def is_solver_grid(term: Term) -> bool:
    """Could the term be a solver's output: a grid computed from ``I``, valid on every input?"""
    return (term.type == GRID and term.leaf is None and term.reads_i
            and all(map(is_valid_grid, term.values)))


def enumerate_found(task: Task, settings: GenerationSettings | None = None,
                    primitives: Mapping[str, Any] | None = None,
                    constants: Mapping[str, Any] | None = None,
                    limit: int | None = None) -> list[Found]:
    """The grid-valued terms found within the budget, ranked, the best ``limit`` of them.

    Ranked exact matches of every train output first, then matches of every
    output's shape, then smaller, then closer to the outputs cell by cell,
    then by the text of the nested expression.
    """
    settings = settings or GenerationSettings()
    primitives, constants = vocabulary(primitives, constants)
    search = Search(task, settings, primitives, constants)
    search.run()
    if search.solved_at is None and settings.stack_partials:
        pieces = [search.goal.inputs, *search.grids()]  # the input itself may be the base
        for term in stacked_terms(pieces, search.outputs, primitives, search.budget):
            search.bank.add(term)
    return search.found(limit)


def enumerate_programs(task: Task, settings: GenerationSettings | None = None,
                       skip: int = 0, primitives: Mapping[str, Any] | None = None,
                       constants: Mapping[str, Any] | None = None) -> list[Program]:
    """Solver candidates for ``task``: programs whose value is a grid on every train input.

    Ordered exact matches of every train output first, then programs whose
    output shape matches on every pair, then by size; at most
    ``settings.max_candidates``. ``skip`` leaves out the first ``skip`` of the
    ranked programs except the exact matches, which always come first (a
    later round with a longer budget hands on the ones after those earlier
    rounds handed on). The vocabulary
    is the real DSL's unless given (tests use a small one).
    """
    settings = settings or GenerationSettings()
    found = enumerate_found(task, settings, primitives, constants, skip + settings.max_candidates)
    exact, rest = handed_on(found, skip, settings.max_candidates)
    return (exact + rest)[: settings.max_candidates]


def handed_on(found: list[Found], skip: int, limit: int) -> tuple[list[Program], list[Program]]:
    """(exact matches, others) of ranked ``found``: all exact ones, then others after ``skip``, ``limit`` in all.

    The exact matches were among the ``skip`` handed on before, so that many
    fewer others are skipped.
    """
    exact = [f.program for f in found if f.exact]
    rest = [f.program for f in found if not f.exact][max(0, skip - len(exact)):]
    return exact, rest[: max(0, limit - len(exact))]


"""One pass of a task's enumeration split into pieces that run apart, then merged into its bank.

A pass (one size, final or rest: ``tasks.search.enumerate``) reads only the
bank's smaller sizes, which are settled, and each primitive's argument tuples
come in a fixed order. So the pass splits by primitive: piece ``i`` of ``n``
applies the primitives whose position in the pass is ``i`` modulo ``n``, on
any worker that holds (a copy of) the bank, for its own time budget. It
stores nothing: it returns the new terms it built, compactly (the primitive,
where its arguments sit in the bank, the values), and how far it got per
primitive. ``absorb`` then stores them in the bank, in piece order, through
the same door as an unsplit pass (``Search.keep``: goal finishing, exact
matches), and moves the cursor; a pass whose primitives are all done ends as
an unsplit one would. The bank keeps the smaller of equal terms, and of one
size the one whose text sorts first, so for the same limits in sizes split
and unsplit enumeration build the same bank.

>>> from tasks.data.arc import Pair, Task
>>> from tasks.programs.program import vocabulary
>>> task = Task("t", (Pair(((1, 2),), ((2, 1),)), Pair(((3, 4), (5, 6)), ((4, 3), (6, 5)))), ())
>>> from tasks.search.settings import GenerationSettings
>>> search = Search(task, GenerationSettings(max_size=2), *vocabulary())
>>> pieces = [run_piece(search, index, 3, 10.0) for index in range(3)]
>>> absorb(search, pieces), search.solved_at
(True, 1)
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Any, Sequence

from tasks.programs.program import Prim
from tasks.search.bank import term_key
from tasks.search.enumerate import DONE, FINAL, Search
from tasks.search.terms import Term

# Where a term's argument is: in the bank (size, position), or a primitive passed by name.
BANKED, FUNCTION = "b", "f"


@dataclass(frozen=True)
class Piece:
    """What piece ``index`` of ``count`` of one pass built, and how far it got.

    ``start`` is the pass it belongs to and the bank's term count when it
    began: a bank that moved on since (another step grew it) takes nothing
    from it. ``applied`` counts each of its primitives' argument tuples
    applied (``DONE``: all); ``terms`` are ``compact`` records.
    """

    index: int
    count: int
    start: tuple[int, str, int]
    applied: dict[int, int]
    spent: dict[str, float]
    terms: tuple[tuple, ...]
    seconds: float


def pass_of(search: Search) -> tuple[int, str, int]:
    """(size, phase, terms stored): what a piece starts from."""
    return search.size, search.phase, search.bank.count


def run_piece(search: Search, index: int, count: int, time_budget_s: float) -> Piece:
    """Apply piece ``index`` of ``count`` of the search's current pass, for ``time_budget_s``; store nothing.

    The search is only read (a shallow view of it takes the piece's turns),
    so pieces may run side by side on one bank in one process. Of equal new
    terms the piece returns only the one the bank would keep (about a
    quarter of a piece's terms repeat another of its own).
    """
    started = time.perf_counter()
    entries = search.pass_entries(search.phase == FINAL)
    orders = list(range(index, len(entries), count))  # positions in the pass's fixed order
    view = copy.copy(search)
    view.applied = {order: search.applied[order] for order in orders if order in search.applied}
    view.spent = dict(search.spent)
    view.deadline = started + time_budget_s
    found: list[Term] = []
    kept: dict[tuple, int] = {}  # key -> its place in found: of equal terms only the one the bank would keep
    bank = search.bank

    def take(term: Term) -> None:
        key = term_key(term)
        try:
            where = bank.seen.get(key)
        except TypeError:  # unhashable: the bank would not store it either
            return
        if where is not None and where[0] < term.size:  # a smaller equal term is stored
            return
        place = kept.get(key)
        if place is None:
            kept[key] = len(found)
            found.append(term)
        elif (term.size, term.text) < (found[place].size, found[place].text):
            found[place] = term

    view.on_term = take
    view.grow_pass(orders)
    return Piece(index, count, pass_of(search), {order: view.applied.get(order, 0) for order in orders},
                 {entries[order].name: view.spent.get(entries[order].name, 0.0) for order in orders},
                 tuple(compact(term, bank) for term in found), time.perf_counter() - started)


def compact(term: Term, bank: Any) -> tuple:
    """A term as plain data that names its arguments by their place in the bank, not by value."""
    places = tuple((FUNCTION, arg.leaf.name) if isinstance(arg.leaf, Prim) else (BANKED, *bank.seen[term_key(arg)])
                   for arg in term.args)
    return (term.primitive, places, term.type, term.kind, term.values, term.size, term.depth,
            term.cast, term.reads_i)


def rebuilt(record: tuple, search: Search) -> Term:
    """The term a ``compact`` record stands for, its arguments the bank's own terms."""
    primitive, places, type_, kind, values, size, depth, cast, reads_i = record
    args = tuple(search.functions.named(place[1]) if place[0] == FUNCTION
                 else search.bank.by_size[place[1]][place[2]] for place in places)
    return Term(type_, kind, values, size, depth, None, primitive, args, True, cast=cast, reads_i=reads_i)


def absorb(search: Search, pieces: Sequence[Piece]) -> bool:
    """Store the pieces' terms and move the cursor as the pass would have; False if they no longer fit.

    Pieces of a pass the search has left (or of a bank that grew since) are
    dropped whole: their places in the bank may mean other terms now.
    """
    if not pieces or any(piece.start != pass_of(search) for piece in pieces):
        return False
    for piece in sorted(pieces, key=lambda piece: piece.index):
        for record in piece.terms:
            search.keep(rebuilt(record, search))
        search.applied.update(piece.applied)
        search.spent.update(piece.spent)
    entries = search.pass_entries(search.phase == FINAL)
    if all(search.applied.get(order) == DONE for order in range(len(entries))):
        search.end_pass()
    return True

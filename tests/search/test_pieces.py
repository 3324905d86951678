"""A pass split into pieces builds the same bank as the unsplit enumeration, however the pieces are cut."""

from __future__ import annotations

import pickle

import pytest

from tasks.data.arc import load_dataset
from tasks.programs.program import vocabulary
from tasks.search.enumerate import Search
from tasks.search.pieces import absorb, pass_of, run_piece
from tasks.search.settings import GenerationSettings

SETTINGS = GenerationSettings(max_size=2, time_budget_s=120, max_values=10**6, stop_when_solved=False)


def bank_of(search: Search) -> list[tuple]:
    return sorted((term.size, term.text) for term in search.bank.terms())


def unsplit(task) -> Search:
    search = Search(task, SETTINGS, *vocabulary())
    assert search.run() == "size"
    return search


def split(task, count: int, seconds: float, copies: bool = False) -> Search:
    """Every pass in ``count`` pieces of ``seconds`` each, merged, until the search has no pass left."""
    search = Search(task, SETTINGS, *vocabulary())
    rounds = 0
    while search.has_pass():
        # A piece on another worker reads a copy of the bank (pickled), as Dask moves it.
        source = pickle.loads(pickle.dumps(search)) if copies else search
        pieces = [run_piece(source, index, count, seconds) for index in range(count)]
        assert absorb(search, pieces)
        rounds += 1
        assert rounds < 10_000
    return search


@pytest.mark.parametrize("task_id", ("0520fde7", "6150a2bd", "d10ecb37"))
def test_three_pieces_build_the_same_bank(task_id: str) -> None:
    task = load_dataset("arc-agi-1", "training", ids=[task_id]).tasks[0]
    whole, pieces = unsplit(task), split(task, 3, 120.0, copies=True)
    assert bank_of(pieces) == bank_of(whole)
    assert pieces.solved_at == whole.solved_at


def test_pieces_cut_by_their_clock_and_continued_build_the_same_bank() -> None:
    task = load_dataset("arc-agi-1", "training", ids=["d10ecb37"]).tasks[0]
    whole, pieces = unsplit(task), split(task, 2, 0.05)
    assert bank_of(pieces) == bank_of(whole)


def test_pieces_of_a_pass_the_bank_has_left_are_dropped() -> None:
    task = load_dataset("arc-agi-1", "training", ids=["6150a2bd"]).tasks[0]
    search = Search(task, SETTINGS, *vocabulary())
    stale = [run_piece(search, index, 2, 120.0) for index in range(2)]
    search.run()
    before = bank_of(search)
    assert stale[0].start != pass_of(search)
    assert not absorb(search, stale)
    assert bank_of(search) == before

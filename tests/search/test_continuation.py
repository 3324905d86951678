"""A task's enumeration continued over steps finds what one uninterrupted enumeration finds."""

from __future__ import annotations

import pickle
from types import SimpleNamespace
from dataclasses import replace

from tasks.programs.canonical import content_id
from tasks.search.continuation import Continuation, step_settings
from tasks.search import enumerate as enumerate_module
from tasks.search.enumerate import Search
from tasks.search.settings import GenerationSettings
from tests.search.test_generate import MIRROR_THEN_CONCAT, ROTATION_TASK, SMALL, task_of
from tasks.dsl import CONSTANTS

# Sizes bound these enumerations, never the clock (the steps get an hour each).
BY_SIZE = GenerationSettings(max_size=1, max_depth=4, time_budget_s=3600.0, max_candidates=10_000,
                             stop_when_solved=False, stack_partials=False)


def bank_texts(search: Search) -> list[tuple[int, str]]:
    return sorted((term.size, term.text) for term in search.bank.terms())


def uninterrupted(task, settings):
    search = Search(task, settings, SMALL, CONSTANTS)
    search.run()
    return search


def test_three_steps_build_the_bank_of_one_enumeration_to_the_same_size():
    continuation = Continuation(MIRROR_THEN_CONCAT, BY_SIZE, SMALL, CONSTANTS)
    handed = [continuation.step(generation) for generation in range(3)]  # max_size 1, 2, 3
    assert [h.report.size for h in handed] == [1, 2, 3]
    whole = uninterrupted(MIRROR_THEN_CONCAT, step_settings(BY_SIZE, 2))
    assert bank_texts(continuation.search) == bank_texts(whole)
    assert continuation.search.bank.count > 0 and handed[-1].report.terms == whole.bank.count


def test_a_search_cut_by_its_clock_anywhere_and_continued_builds_the_same_bank(monkeypatch):
    settings = replace(BY_SIZE, max_size=2)
    whole = uninterrupted(MIRROR_THEN_CONCAT, settings)
    # The enumeration's clock moves a second each time it is read (three reads per
    # application), so each run stops after a few applications, wherever that falls.
    ticks = iter(range(10**9))
    monkeypatch.setattr(enumerate_module, "time", SimpleNamespace(perf_counter=lambda: float(next(ticks))))
    sliced = Search(MIRROR_THEN_CONCAT, settings, SMALL, CONSTANTS)
    runs = 0
    while sliced.run(time_budget_s=10) == "time":
        runs += 1
        if runs % 10 == 0:
            sliced = pickle.loads(pickle.dumps(sliced))  # as Dask moves or spills it between rounds
    assert runs > 20
    assert bank_texts(sliced) == bank_texts(whole)


def test_each_near_miss_is_handed_on_once_and_every_exact_match_each_time():
    continuation = Continuation(MIRROR_THEN_CONCAT, replace(BY_SIZE, max_candidates=4), SMALL, CONSTANTS)
    handed = [continuation.step(generation) for generation in range(3)]
    ids = [content_id(p) for h in handed for p in h.rest]
    assert len(ids) == len(set(ids))
    assert handed[2].exact[:len(handed[1].exact)] == handed[1].exact  # found once, handed on again
    assert handed[0].exact == ()  # one step cannot mirror and concatenate
    assert [s.primitive for s in handed[1].exact[0].steps] == ["mirror_left_right", "concat_h"]
    assert all(len(h.exact) + len(h.rest) <= 4 for h in handed)


def test_a_bank_over_its_memory_limit_stops_growing_and_keeps_what_it_found():
    tiny = replace(BY_SIZE, max_bank_bytes=1)  # the seeds alone are over it
    continuation = Continuation(ROTATION_TASK, tiny, SMALL, CONSTANTS)
    first = continuation.step(0)
    assert first.report.stopped == "memory"
    terms = continuation.search.bank.count
    assert not continuation.search.growing
    later = continuation.step(1)
    assert continuation.search.bank.count == terms and later.report.stopped == "memory"

    roomy = replace(BY_SIZE, max_size=2, max_bank_bytes=60_000)
    continuation = Continuation(ROTATION_TASK, roomy, SMALL, CONSTANTS)
    handed = [continuation.step(generation) for generation in range(4)]
    stopped = [h.report.stopped for h in handed]
    assert "memory" in stopped
    solver = [p for h in handed for p in h.exact]
    assert [s.primitive for s in solver[0].steps] == ["rot90"]  # found before the limit, handed on
    assert continuation.search.bank.bytes >= 60_000


def test_a_solved_search_stops_and_hands_on_nothing_new():
    task = task_of((((1, 2),), ((2, 1),)), (((3, 4),), ((4, 3),)))
    continuation = Continuation(task, replace(BY_SIZE, stop_when_solved=True), SMALL, CONSTANTS)
    first = continuation.step(0)
    assert first.report.stopped == "solved" and first.exact
    again = continuation.step(1)
    assert again.exact == first.exact and again.rest == () and again.report.terms == first.report.terms


def test_a_copy_of_a_bank_waits_for_the_step_growing_it_and_is_of_the_bank_after_it():
    # Dask spills or moves the previous round's key from its event loop while a step grows the
    # same continuation in a worker thread; the copy must be of a bank between steps.
    import threading

    continuation = Continuation(MIRROR_THEN_CONCAT, BY_SIZE, SMALL, CONSTANTS)
    continuation.step(0)
    copies: list[bytes] = []
    with continuation._lock:  # a step holds the bank
        copier = threading.Thread(target=lambda: copies.append(pickle.dumps(continuation)))
        copier.start()
        copier.join(timeout=0.5)
        assert copier.is_alive() and not copies  # waiting, not copying a bank mid-growth
        continuation._step(1, None, None)  # the step grows it
        assert pickle.loads(pickle.dumps(continuation)).steps == 2  # the step's own thread may copy it
    copier.join(timeout=30)
    copy = pickle.loads(copies[0])
    assert copy.steps == 2 and bank_texts(copy.search) == bank_texts(continuation.search)
    copy.step(2)  # a copy is a working continuation, with a lock of its own
    assert copy.search.bank.count >= continuation.search.bank.count

"""The chunk size a round chooses: from the cluster's threads and the round's work, kept on resume."""

import pytest

from graphs.engine.round import (CHUNK_CAP, CHUNKS_PER_THREAD, MIN_CHUNK_SIZE, RoundSettings, build_round,
                                 chosen_chunk_size, expected_candidates)
from graphs.engine.search import program_rows
from graphs.engine.store import Store, store_path
from tests.graphs.conftest import MIRROR, TURN, candidate

PRIMITIVES = ("rot90", "rot180", "rot270", "mirror_left_right", "identity")


def many_candidates(count):
    """``count`` distinct solver candidates (chains of turns and flips)."""
    found, depth = [], 1
    while len(found) < count:
        for code in range(len(PRIMITIVES) ** depth):
            steps, name = [], "I"
            for _ in range(depth):
                steps.append((PRIMITIVES[code % len(PRIMITIVES)], name))
                code //= len(PRIMITIVES)
                name = f"x{len(steps)}"
            found.append(candidate(*steps))
        depth += 1
    return found[:count]


@pytest.mark.parametrize("threads", [1, 2, 8, 64, 500])
def test_every_thread_gets_its_chunks_and_no_chunk_is_larger_than_it_must_be(threads):
    for candidates in (500, 10_000, 250_000):
        size = chosen_chunk_size(candidates, threads, CHUNK_CAP)
        chunks = -(-candidates // size)
        assert MIN_CHUNK_SIZE <= size <= CHUNK_CAP
        if MIN_CHUNK_SIZE < size < CHUNK_CAP:  # neither bound decided it: the threads did
            wanted = threads * CHUNKS_PER_THREAD
            assert chunks >= wanted
            assert size * wanted <= candidates < (size + 1) * wanted  # the largest that gives them


def test_more_threads_mean_smaller_chunks_and_more_work_larger_ones_up_to_the_cap():
    sizes = [chosen_chunk_size(20_000, threads, 1000) for threads in (1, 2, 4, 16, 64)]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 1000 and sizes[-1] < 1000
    by_work = [chosen_chunk_size(work, 8, 1000) for work in (1_000, 8_000, 32_000, 1_000_000)]
    assert by_work == sorted(by_work) and by_work[-1] == 1000
    assert chosen_chunk_size(1_000_000, 8, 300) == 300


def test_a_fixed_chunk_size_wins_over_the_cluster_and_a_saved_plan_over_both():
    assert RoundSettings(chunk_size=7).settled(threads=64, candidates=10**6).chunk_size == 7
    assert RoundSettings().settled(threads=2, candidates=8_000).chunk_size == chosen_chunk_size(8_000, 2)
    assert RoundSettings(chunk_size=7).settled(64, 10**6, planned=300).chunk_size == 300
    with pytest.raises(ValueError, match="settle it first"):
        build_round("r", 0, [MIRROR], {"mirror": many_candidates(3)}, (), RoundSettings())


def test_the_rounds_work_counts_saved_plans_and_the_tasks_still_to_generate():
    assert expected_candidates([MIRROR, TURN], {"mirror": many_candidates(40)}, 128) == 168
    assert expected_candidates([MIRROR, TURN], {}, 128) == 256


def test_a_resumed_round_rebuilds_the_same_chunks_after_the_cluster_changed(tmp_path):
    """Planned on 2 threads, resumed on 64: the plan's chunk size, hence the same chunks."""
    cands = {"mirror": many_candidates(900), "turn": many_candidates(700)}
    work = expected_candidates([MIRROR, TURN], cands, 128)
    first = RoundSettings().settled(threads=2, candidates=work)
    with Store.open(store_path(tmp_path)) as store:
        store.begin_run("run", {}, seed=0)
        for task_id, task_cands in cands.items():
            store.save_plan("run", 0, {task_id: task_cands}, first.chunk_size, program_rows(task_cands, "t"))
        planned = store.plan_chunk_size("run", 0)
        saved = store.load_plan("run", 0)
    again = RoundSettings().settled(threads=64, candidates=work, planned=planned)
    assert chosen_chunk_size(work, 64) != first.chunk_size  # the new cluster alone would choose otherwise
    assert again.chunk_size == first.chunk_size == planned

    def chunks(settings, plan):
        return [(c.task_id, c.index, c.candidate_ids)
                for c in build_round("run", 0, [MIRROR, TURN], plan, (), settings).chunks]

    assert chunks(again, saved) == chunks(first, cands)

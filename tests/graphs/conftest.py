"""Real LocalClusters with the hostile test primitives in every worker, and small tasks."""


import pytest

from cluster import ClusterSpec, open_client
from tasks.data.arc import Pair, Task
from tasks.dsl import PRIMITIVES, plugins_for_new_processes
from tasks.running.evaluate import Candidate
from tasks.programs.program import Program
from tests.hostile import HOSTILE

# Two small tasks: mirror each row, and turn a quarter clockwise.
MIRROR = Task("mirror", (Pair(((1, 2, 3),), ((3, 2, 1),)), Pair(((4, 0), (5, 6)), ((0, 4), (6, 5)))),
              (((7, 8),),))
TURN = Task("turn", (Pair(((1, 2), (3, 4)), ((3, 1), (4, 2))), Pair(((5, 6),), ((5,), (6,)))),
            (((1, 0), (0, 0)),))


def candidate(*steps) -> Candidate:
    """A solver candidate from steps written as in ``Program.from_steps``."""
    return Candidate.of(Program.from_steps("solver", steps))


@pytest.fixture
def hostile_primitives(monkeypatch):
    """The hostile primitives, registered in this process for one test only."""
    for name, primitive in HOSTILE.items():
        monkeypatch.setitem(PRIMITIVES, name, primitive)


def _client(spec):
    with plugins_for_new_processes("tests.hostile_plugin"), open_client(spec) as client:
        yield client


@pytest.fixture(scope="module")
def process_client():
    """Two process workers of one thread: the watchdog can restart them."""
    yield from _client(ClusterSpec(workers=2, threads_per_worker=1, processes=True, memory_limit="2GiB"))


@pytest.fixture(scope="module")
def single_worker_client():
    yield from _client(ClusterSpec(workers=1, threads_per_worker=1, processes=True, memory_limit="2GiB"))

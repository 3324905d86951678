"""Faulty primitives for the reliability tests; ``ARC_SEARCH_PLUGINS=tests.reliability.faulty_plugin``.

They do what ``tests.hostile`` does (and more: every kind of exception,
memory hogs, a worker that kills itself), but each takes a second argument of
type Callable that it ignores. The enumerator never applies a primitive with a
Callable argument unless it is a known higher-order one, so the generator
never proposes these: only the programs a test writes use them, and a test's
outcomes stay deterministic. (With ``tests.hostile_plugin`` the enumerator
itself runs ``sleep_in_c`` on the train inputs and every task's generation
hangs.) Programs call them as ``x1 = fault_sleep_in_c(I, identity)``.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil

from tasks.data.budget import tick
from tasks.dsl.registry import Primitive
from tasks.data.types import CALLABLE, GRID

# Where fault_kill_worker appends one line per run, so a test can count retries.
RUNS_FILE_VARIABLE = "ARC_FAULTY_RUNS_FILE"

# Where fault_nap appends "<pid> <name of its callable>" per run, so a test can tell where it ran.
NAPS_FILE_VARIABLE = "ARC_FAULTY_NAPS_FILE"

# While the file this names exists, fault_kill_worker_if_armed kills its worker; else it does nothing.
ARMED_FILE_VARIABLE = "ARC_FAULTY_ARMED_FILE"

# Bytes fault_hog holds; a test sets it above the worker's memory limit.
HOG_BYTES_VARIABLE = "ARC_FAULTY_HOG_BYTES"


class CustomBaseError(BaseException):
    """Not an Exception: the interpreter's ``except Exception`` does not catch it."""


EXCEPTIONS = {
    "zero_division": ZeroDivisionError, "key": KeyError, "index": IndexError, "type": TypeError,
    "value": ValueError, "attribute": AttributeError, "overflow": OverflowError,
    "memory": MemoryError, "assertion": AssertionError, "unicode": UnicodeDecodeError,
    "stop_iteration": StopIteration, "not_implemented": NotImplementedError,
    "os": OSError, "lookup": LookupError, "runtime": RuntimeError,
    "system_exit": SystemExit, "keyboard_interrupt": KeyboardInterrupt,
    "generator_exit": GeneratorExit, "custom_base": CustomBaseError,
}


def _raiser(kind: type[BaseException]):
    def raise_it(grid, _):
        if kind is UnicodeDecodeError:
            raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "faulty")
        raise kind("faulty")
    return raise_it


def nap(grid, step):
    """Cooperative slowness: 0.4 s, ticking every 10 ms (a budget can stop it).

    With ARC_FAULTY_NAPS_FILE set, first appends "<pid> <name of its callable>" to that file.
    """
    if NAPS_FILE_VARIABLE in os.environ:
        with open(os.environ[NAPS_FILE_VARIABLE], "a") as runs:
            runs.write(f"{os.getpid()} {step.__name__}\n")
    for _ in range(40):
        tick()
        time.sleep(0.01)
    return grid


def hang(grid, _):
    """Never returns by itself, but ticks: only its budget (or the round's deadline) stops it."""
    while True:
        tick()
        time.sleep(0.01)


def sleep_in_c(grid, _):
    """Stuck in C code: one long sleep that no budget check can interrupt."""
    time.sleep(3600)
    return grid


def recurse(grid, _):
    """Unbounded recursion."""
    return recurse(grid, _)


def wrong_type(grid, _):
    return 5


def bad_colour(grid, _):
    return ((11,),)


def ragged(grid, _):
    return ((1, 2), (1,))


def hog(grid, _):
    """Holds ARC_FAULTY_HOG_BYTES of touched memory in one C call, then sleeps in C."""
    ballast = b"\x01" * int(os.environ.get(HOG_BYTES_VARIABLE, str(1 << 30)))
    time.sleep(60)
    del ballast
    return grid


# Share of its worker's memory limit fault_fill_memory brings the worker's process to.
FILL_SHARE = 0.88


def fill_memory(grid, _):
    """Brings its worker's process to FILL_SHARE of the worker's memory limit until Dask pauses the
    worker (at most 3 s), then lets go; appends the worker's status then ("paused", or "running"
    when it was not paused, "closing" when its nanny was restarting it) to ARC_FAULTY_RUNS_FILE.

    Past Dask's pause threshold (80%), short of its terminate one (95%): the
    worker stops starting tasks while the value is held, and the candidate still ends.
    """
    from distributed import get_worker
    from distributed.core import Status

    worker = get_worker()
    limit = worker.memory_manager.memory_limit
    ballast = b"\x01" * max(0, int(FILL_SHARE * limit) - psutil.Process().memory_info().rss)
    deadline = time.monotonic() + 3.0
    while worker.status != Status.paused and time.monotonic() < deadline:
        time.sleep(0.05)  # the memory monitor runs on the worker's event loop, every 100 ms
    with open(os.environ[RUNS_FILE_VARIABLE], "a") as runs:
        runs.write(f"{worker.status.name}\n")
    del ballast
    return grid


def kill_worker(grid, _):
    """Records this run, then SIGKILLs its own process (the worker)."""
    with open(os.environ[RUNS_FILE_VARIABLE], "a") as runs:
        runs.write(f"{os.getpid()}\n")
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(60)
    return grid


def kill_worker_if_armed(grid, _):
    """fault_kill_worker while the ARC_FAULTY_ARMED_FILE file exists; the identity once it is gone."""
    if Path(os.environ.get(ARMED_FILE_VARIABLE, "/nonexistent")).exists():
        return kill_worker(grid, _)
    return grid


FAULTS = {"nap": nap, "hang": hang, "sleep_in_c": sleep_in_c, "recurse": recurse, "wrong_type": wrong_type,
          "bad_colour": bad_colour, "ragged": ragged, "hog": hog, "fill_memory": fill_memory,
          "kill_worker": kill_worker,
          "kill_worker_if_armed": kill_worker_if_armed,
          **{f"raise_{name}": _raiser(kind) for name, kind in EXCEPTIONS.items()}}

FAULTY = {f"fault_{name}": Primitive(f"fault_{name}", function, (GRID, CALLABLE), GRID,
                                     function.__doc__ or "")
          for name, function in FAULTS.items()}


def program_text(name: str, fault: str) -> str:
    """A solver file's text whose one step is ``fault_<fault>(I, identity)``."""
    return f"def {name}(S, I):\n    O = fault_{fault}(I, identity)\n    return O\n"


def runs_recorded(path: Path) -> int:
    """How many times fault_kill_worker ran (one line each)."""
    return len(path.read_text().splitlines()) if path.exists() else 0


def candidate_ids(programs: dict[str, str]) -> dict[str, str]:
    """File stem -> content id of the one program in each text, parsed with the faulty primitives.

    They are passed as a vocabulary, not registered: this test process's DSL stays clean.
    """
    from tasks.dsl import CONSTANTS, PRIMITIVES
    from tasks.running.evaluate import Candidate
    from tasks.programs.parse import parse_programs

    vocabulary = {**PRIMITIVES, **FAULTY}
    ids = {}
    for stem, text in programs.items():
        [parsed] = parse_programs(text, f"{stem}.py", vocabulary, CONSTANTS)
        assert parsed.error is None, parsed.error
        ids[stem] = Candidate.of(parsed.program).id
    return ids

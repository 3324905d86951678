"""The outcome kinds every candidate ends in, exactly one each.

- ``ok``: reproduced every train output (a solver of the task);
- ``mismatch``: ran on every train pair, got at least one output wrong;
- ``error:<ExceptionType>``: raised on some pair (a normal fault of a candidate);
- ``budget:<limit>``: hit a size or step limit (``cells``, ``items``, ``steps``);
- ``timeout``: ran out of its own time, or the round's deadline came first;
- ``cancelled``: the engine gave up on its chunk (the chunk's own code failed);
- ``worker_lost``: its worker died or was restarted by the watchdog.

>>> kind_of("error:ZeroDivisionError"), kind_of("ok")
('error', 'ok')
"""

OK = "ok"
MISMATCH = "mismatch"
TIMEOUT = "timeout"
CANCELLED = "cancelled"
WORKER_LOST = "worker_lost"
ERROR_PREFIX = "error:"
BUDGET_PREFIX = "budget:"

# Outcomes that say the infrastructure, not the candidate, failed to finish it.
INFRASTRUCTURE_OUTCOMES = frozenset({TIMEOUT, CANCELLED, WORKER_LOST})


def kind_of(outcome: str) -> str:
    """The outcome without its detail: ``error``, ``budget``, or the outcome itself."""
    return outcome.partition(":")[0]

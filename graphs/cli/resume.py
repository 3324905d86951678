"""``--resume``: which flags given with it stand, and which contradict the run being continued.

A resumed run computes what it began computing, so the flags that decide
that (its data, tasks, seed, timeouts, ...) are restored from the store; one
given with a different value is an error, not silently dropped. How long the
run may go on (``--rounds``, ``--budget``) may change: those are honoured.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Mapping, Sequence

# The flags that decide what a run computes: saved with the run, restored by --resume.
RUN_FLAGS = ("data", "split", "tasks", "count", "programs", "seed", "rounds", "budget",
             "round_timeout", "candidate_timeout", "hard_timeout",
             "chunk_size", "max_candidates", "generation_time", "more_solvers", "bank_memory",
             "bank_share")

# Of those, the ones a resumed run takes from the command line: how far it may go on, and
# how much memory banks may take (banks are rebuilt on resume anyway).
MAY_CHANGE_ON_RESUME = ("rounds", "budget", "bank_memory", "bank_share")


def flag_name(name: str) -> str:
    """The command-line spelling of a flag's ``dest``.

    >>> flag_name("round_timeout")
    '--round-timeout'
    """
    return "--" + name.replace("_", "-")


def saved_form(value: Any) -> Any:
    """A flag's value as the store keeps it (JSON: paths as text).

    >>> saved_form(Path("a/b")), saved_form(3)
    ('a/b', 3)
    """
    return str(value) if isinstance(value, Path) else value


def given_run_flags(parser: argparse.ArgumentParser, argv: Sequence[str]) -> dict[str, Any]:
    """The run flags the command line spells out, with their values (defaults left out).

    ``parser`` is spent: its defaults are changed, so pass one of its own.

    >>> from graphs.cli.options import build_parser
    >>> given_run_flags(build_parser(), ["--resume", "--seed", "0", "--workers", "2"])
    {'seed': 0}
    """
    # A default that is no string: argparse would run a string default through the flag's type.
    not_given = object()
    parser.set_defaults(**{name: not_given for name in RUN_FLAGS})
    given = vars(parser.parse_args(argv))
    return {name: given[name] for name in RUN_FLAGS if given[name] is not not_given}


def _shown(value: Any) -> str:
    """A flag's value in a message.

    >>> _shown(None), _shown(True), _shown(["a", "b"]), _shown(0.5)
    ('unset', 'on', 'a b', '0.5')
    """
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None:
        return "unset"
    if isinstance(value, list):
        return " ".join(map(str, value))
    return str(value)


def contradictions(given: Mapping[str, Any], saved: Mapping[str, Any]) -> list[str]:
    """The given flags (other than ``--rounds``/``--budget``) whose value differs from the saved run's.

    >>> contradictions({"seed": 3, "rounds": 5, "count": 40}, {"seed": 0, "rounds": 2, "count": 40})
    ['--seed 3 (saved: 0)']
    """
    return [f"{flag_name(name)} {_shown(saved_form(value))} (saved: {_shown(saved.get(name))})"
            for name, value in given.items()
            if name not in MAY_CHANGE_ON_RESUME and saved_form(value) != saved.get(name)]


def changes(given: Mapping[str, Any], saved: Mapping[str, Any]) -> list[str]:
    """The flags that may change on resume and do.

    >>> changes({"rounds": 4, "budget": None}, {"rounds": 2, "budget": None})
    ['--rounds 4 (saved: 2)']
    """
    return [f"{flag_name(name)} {_shown(value)} (saved: {_shown(saved.get(name))})"
            for name, value in given.items()
            if name in MAY_CHANGE_ON_RESUME and value != saved.get(name)]


def resumed_flags(args: argparse.Namespace, given: Mapping[str, Any],
                  saved: Mapping[str, Any]) -> list[str]:
    """Set ``args`` to the saved run's flags, but for ``--rounds``/``--budget`` as given.

    Returns the changes honoured, as text; raises ``ValueError`` naming every
    given flag that contradicts the saved run.
    """
    wrong = contradictions(given, saved)
    if wrong:
        raise ValueError(f"--resume continues the run as it was saved: {', '.join(wrong)}; drop "
                         f"{'these flags' if len(wrong) > 1 else 'this flag'}, or start a new run "
                         "(without --resume or in another --out)")
    for name in RUN_FLAGS:
        if name in saved and name not in (set(given) & set(MAY_CHANGE_ON_RESUME)):
            value = saved[name]
            setattr(args, name, Path(value) if name == "programs" and value else value)
    return changes(given, saved)

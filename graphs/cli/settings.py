"""The search's settings in Dask's config system: ``arc-search.rounds``, ``arc-search.round-timeout``, ...

The defaults ship in ``arc-search.yaml`` beside this module and are registered
with ``dask.config.update_defaults`` on import, as Dask's own libraries do, so
the precedence is Dask's: the flags, then ``dask.config.set``, then YAML files
and ``DASK_ARC_SEARCH__*`` environment variables, then these defaults.

>>> import dask
>>> with dask.config.set({"arc-search.rounds": 5}):
...     configured({"rounds": int})["rounds"]
5
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable, Mapping

import dask.config
import yaml

DEFAULTS_FILE = Path(__file__).with_name("arc-search.yaml")
PREFIX = "arc-search"

# The flag (its argparse dest) each config key sets.
KEYS = {"rounds": "rounds", "budget": "budget", "round_timeout": "round-timeout",
        "candidate_timeout": "candidate-timeout", "chunk_size": "chunk-size",
        "generation_time": "generation-time", "seed": "seed", "bank_memory": "bank-memory",
        "bank_share": "bank-share"}


class ConfigError(ValueError):
    """A setting in dask config that its flag would refuse; the message names the key."""


def shipped_defaults() -> dict[str, Any]:
    """The defaults in the package's YAML file.

    >>> shipped_defaults()["arc-search"]["round-timeout"]
    60
    """
    with DEFAULTS_FILE.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def register_defaults() -> None:
    """Add the shipped defaults under whatever dask config already holds (files, environment, set)."""
    dask.config.update_defaults(shipped_defaults())


def configured(parsers: Mapping[str, Callable[[str], Any]]) -> dict[str, Any]:
    """Each flag's value from dask config, checked by the flag's own parser; None where unset (null).

    ``parsers`` maps a flag's dest to the function that parses its text
    (the flag's ``type``). A value it refuses raises ``ConfigError`` naming
    the key, e.g. ``dask config arc-search.rounds: must be a whole number >= 1, got 0``.
    """
    values = {}
    for dest, parse in parsers.items():
        key = f"{PREFIX}.{KEYS[dest]}"
        value = dask.config.get(key, default=None)
        if value is not None:
            try:
                value = parse(str(value))
            except (argparse.ArgumentTypeError, ValueError) as error:
                raise ConfigError(f"dask config {key}: {error}") from None
        values[dest] = value
    return values


register_defaults()

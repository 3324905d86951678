"""The search's settings in dask config: the shipped defaults, and Dask's precedence over them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import dask
import pytest

from graphs.cli.options import build_parser
from graphs.cli.run import main
from graphs.cli.settings import KEYS, shipped_defaults
from dask.utils import parse_bytes

from graphs.engine.round import DEFAULT_CHUNK_SIZE
from graphs.engine.search import SearchConfig

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_defaults_are_the_searchs_own():
    shipped = shipped_defaults()["arc-search"]
    assert set(shipped) == set(KEYS.values())
    config = SearchConfig()
    assert (shipped["rounds"], shipped["seed"], shipped["budget"]) == (config.rounds, config.seed, config.budget_s)
    assert shipped["round-timeout"] == config.round.round_timeout_s
    assert shipped["chunk-size"] is DEFAULT_CHUNK_SIZE is config.round.chunk_size is None  # per round
    assert parse_bytes(shipped["bank-memory"]) == config.generation.max_bank_bytes
    assert shipped["generation-time"] is None  # the generator's own


def test_the_defaults_are_registered_with_dask():
    for key, value in shipped_defaults()["arc-search"].items():
        assert dask.config.get(f"arc-search.{key}") == value


def test_dask_config_set_gives_the_defaults_and_a_flag_beats_it():
    with dask.config.set({"arc-search.rounds": 5, "arc-search.budget": 90, "arc-search.seed": 3}):
        args = build_parser().parse_args([])
        assert (args.rounds, args.budget, args.seed) == (5, 90.0, 3)
        assert build_parser().parse_args(["--rounds", "7"]).rounds == 7
        assert "(default: 90.0)" in build_parser().format_help()
    assert build_parser().parse_args([]).rounds == 2


PRECEDENCE = """
import json, dask
from graphs.cli.options import build_parser
seen = {"default": build_parser().parse_args([]).round_timeout,
        "yaml": build_parser().parse_args([]).chunk_size, "env": build_parser().parse_args([]).rounds}
with dask.config.set({"arc-search.rounds": 5}):
    seen["set"] = build_parser().parse_args([]).rounds
    seen["flag"] = build_parser().parse_args(["--rounds", "6"]).rounds
print(json.dumps(seen))
"""


def test_flags_beat_set_which_beats_the_environment_which_beats_yaml_files_and_the_defaults(tmp_path):
    (tmp_path / "mine.yaml").write_text("arc-search:\n  chunk-size: 64\n  rounds: 3\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASK_CONFIG": str(tmp_path),
           "DASK_ARC_SEARCH__ROUNDS": "4"}
    done = subprocess.run([sys.executable, "-c", PRECEDENCE], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    assert json.loads(done.stdout) == {"default": 60.0, "yaml": 64, "env": 4, "set": 5, "flag": 6}


@pytest.mark.parametrize("key, value, message", [
    ("round-timeout", "soon", "dask config arc-search.round-timeout: must be a number of seconds, got 'soon'"),
    ("chunk-size", 0, "dask config arc-search.chunk-size: must be a whole number >= 1, got 0"),
])
def test_a_bad_value_in_dask_config_is_one_line_and_exit_2(key, value, message, capsys, tmp_path):
    with dask.config.set({f"arc-search.{key}": value}):
        assert main(["--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"error: {message}\n"

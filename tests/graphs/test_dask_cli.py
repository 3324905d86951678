"""``dask config get arc-search`` and ``dask arc-search``: the project's ``dask_cli`` entry point."""

import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import click
import yaml

from graphs.cli.settings import shipped_defaults

ROOT = Path(__file__).resolve().parents[2]
DISTRIBUTION = "arc-dask-search"


def declared_entry_point() -> str:
    """What pyproject.toml names for the ``dask_cli`` group's ``arc-search``."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["dask_cli"]["arc-search"]


# Dask's own `dask` command (dask.cli.run_cli), in a fresh interpreter where this checkout's entry point is
# installed: the entry point machinery is shown this one instead of any installed copy of it.
DASK_WITH_ENTRY_POINT = """
import sys
import dask.cli
found = dask.cli.importlib_metadata  # the metadata module Dask's command line looks in
real = found.entry_points
mine = found.EntryPoint("arc-search", sys.argv[1], "dask_cli")
others = lambda **kw: [ep for ep in real(**kw) if ep.name != "arc-search"]  # an installed copy's
found.entry_points = lambda **kw: (found.EntryPoints([*others(**kw), mine])
                                   if kw.get("group") == "dask_cli" else real(**kw))
assert "graphs.cli.settings" not in sys.modules  # nothing of ours is loaded but by the entry point
sys.argv = ["dask", *sys.argv[2:]]
dask.cli.run_cli()
"""


def dask_command(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", DASK_WITH_ENTRY_POINT, declared_entry_point(), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_entry_point_names_a_click_command_that_dask_accepts():
    module, name = declared_entry_point().split(":")
    command = getattr(__import__(module, fromlist=[name]), name)
    assert isinstance(command, click.Command) and command.name == "arc-search"


def test_dask_config_get_arc_search_lists_the_shipped_keys():
    done = dask_command("config", "get", "arc-search")
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load(done.stdout) == shipped_defaults()["arc-search"]


def test_dask_arc_search_is_the_arc_search_command():
    done = dask_command("arc-search", "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("arc-search ") and "Python" in done.stdout
    done = dask_command("arc-search", "status", str(ROOT / "no-such-folder"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "no-such-folder" in done.stderr


def test_the_installed_package_gives_dask_the_entry_point(tmp_path):
    """After ``pip install -e .`` (the README's first step, and CI's), Dask's own command finds it."""
    (entry,) = [ep for ep in metadata.entry_points(group="dask_cli") if ep.name == "arc-search"]
    assert entry.value == declared_entry_point()
    done = subprocess.run(["dask", "config", "get", "arc-search"], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load(done.stdout) == shipped_defaults()["arc-search"]

"""Extra primitives from installed packages' ``arc_search.primitives`` entry points and ARC_SEARCH_PLUGINS."""

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from tasks.dsl import PRIMITIVES
from tasks.dsl.plugins import ENTRY_POINT_GROUP, PluginError, load_plugins
from tasks.programs.parse import parse_program
from tasks.dsl import CONSTANTS
from tasks.running.interpreter import compile_program

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = '''
from tasks.dsl.registry import primitive


@primitive("Grid", returns="Grid")
def {name}(grid):
    """The grid upside down (a plugin's primitive)."""
    return tuple(reversed(grid))
'''


def installed(monkeypatch, *ours: metadata.EntryPoint) -> None:
    """Installed packages' entry points as importlib.metadata reports them: these in our group, besides the real ones."""
    real = metadata.entry_points

    def entry_points(**selection):
        if selection.get("group") == ENTRY_POINT_GROUP:
            return metadata.EntryPoints(ours)
        return real(**selection)

    monkeypatch.setattr(metadata, "entry_points", entry_points)


@pytest.fixture
def plugin_modules(tmp_path, monkeypatch):
    """Two modules on sys.path, each registering a primitive ``upside_down_<n>_<i>``; unregistered after."""
    names = [f"upside_down_{os.getpid()}_{index}" for index in range(2)]
    for name in names:
        (tmp_path / f"{name}_plugin.py").write_text(PLUGIN.format(name=name))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield names
    for name in names:
        PRIMITIVES.pop(name, None)
        sys.modules.pop(f"{name}_plugin", None)


def test_an_entry_points_module_registers_its_primitives(plugin_modules, monkeypatch):
    plugin_module = plugin_modules[0]
    installed(monkeypatch, metadata.EntryPoint("flips", f"{plugin_module}_plugin", ENTRY_POINT_GROUP))
    assert plugin_module not in PRIMITIVES
    assert load_plugins({}) == [f"{plugin_module}_plugin"]
    assert PRIMITIVES[plugin_module].doc == "The grid upside down (a plugin's primitive)."
    program = parse_program(f"def solve(S, I):\n    O = {plugin_module}(I)\n    return O\n",
                            primitives=PRIMITIVES, constants=CONSTANTS)
    assert compile_program(program, PRIMITIVES, CONSTANTS)((), ((1, 2), (3, 4))) == ((3, 4), (1, 2))


def test_entry_points_come_first_then_the_variable(plugin_modules, monkeypatch):
    by_entry_point, by_variable = (f"{name}_plugin" for name in plugin_modules)
    installed(monkeypatch, metadata.EntryPoint("flips", by_entry_point, ENTRY_POINT_GROUP))
    assert load_plugins({"ARC_SEARCH_PLUGINS": by_variable}) == [by_entry_point, by_variable]
    assert set(plugin_modules) <= set(PRIMITIVES)


def test_a_broken_entry_point_is_one_line_naming_it(monkeypatch):
    installed(monkeypatch, metadata.EntryPoint("broken", "no_such_module_here", ENTRY_POINT_GROUP))
    with pytest.raises(PluginError) as raised:
        load_plugins({})
    message = str(raised.value)
    assert "\n" not in message
    assert message == ("entry point 'broken' = 'no_such_module_here' in arc_search.primitives: cannot load it: "
                       "ModuleNotFoundError: No module named 'no_such_module_here'")


def test_a_bad_module_in_the_variable_is_one_line_naming_the_variable(monkeypatch):
    installed(monkeypatch)
    with pytest.raises(PluginError, match="^ARC_SEARCH_PLUGINS names 'nope': cannot import it: "):
        load_plugins({"ARC_SEARCH_PLUGINS": "nope"})


def test_the_variable_still_adds_primitives_in_a_new_process():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ARC_SEARCH_PLUGINS": "tests.hostile_plugin"}
    done = subprocess.run([sys.executable, "-c", "from tasks.dsl import PRIMITIVES; from tests.hostile import "
                           "HOSTILE; print(set(HOSTILE) <= set(PRIMITIVES))"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "True", done.stderr


def test_a_package_installed_with_the_entry_point_adds_its_primitives_in_every_new_process(tmp_path):
    # A distribution as pip leaves it in site-packages: its module and its .dist-info metadata.
    (tmp_path / "flips_plugin.py").write_text(PLUGIN.format(name="flip_rows"))
    info = tmp_path / "arc_flips-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: arc-flips\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nflips = flips_plugin\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)])}
    env.pop("ARC_SEARCH_PLUGINS", None)
    done = subprocess.run([sys.executable, "-c", "from tasks.dsl import PRIMITIVES; print(PRIMITIVES['flip_rows'].doc)"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "The grid upside down (a plugin's primitive).", done.stderr

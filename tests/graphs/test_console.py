"""The ``arc-search`` console script: its entry point, commands, version, help, and the default job."""

import json
import subprocess
import sys
import tomllib
from importlib import import_module
from importlib.metadata import version
from pathlib import Path

import pytest

from graphs.cli import main as console
from graphs.cli.options import build_parser as run_parser
from graphs.engine.store import Store
from tests.graphs.test_run import FAST, MIRROR, TURN

ROOT = Path(__file__).resolve().parents[2]


def test_the_script_in_pyproject_names_the_entry_function():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, function = scripts["arc-search"].split(":")
    assert getattr(import_module(module), function) is console.main


def test_version_comes_from_the_package_metadata(capsys):
    with pytest.raises(SystemExit) as done:
        console.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"arc-search {version('arc-dask-search')} ")


def test_help_lists_the_commands_and_example_commands(capsys):
    with pytest.raises(SystemExit):
        console.main(["--help"])
    text = capsys.readouterr().out
    for command in ("run", "status", "bench"):
        assert f"  {command} " in text
    examples = [line.split()[1] for line in text.split("examples:")[1].splitlines() if line.strip()]
    assert set(examples) == {"run", "status"} and len(examples) == 3


def test_run_help_is_the_run_flags_under_its_own_name(capsys):
    with pytest.raises(SystemExit):
        console.main(["run", "--help"])
    text = capsys.readouterr().out
    assert text.startswith("usage: arc-search run ")
    flags = {flag for action in run_parser()._actions for flag in action.option_strings}
    assert len(flags) > 30 and all(flag in text for flag in flags)
    assert text.split("\noptions:")[1] == run_parser().format_help().split("\noptions:")[1]


def test_every_default_is_shown_once_and_none_reads_none():
    parser = run_parser()
    text = parser.format_help()
    assert "(default: None)" not in text and "(default: False)" not in text
    help_of = {action.dest: parser._get_formatter()._expand_help(action)
               for action in parser._actions if action.help}
    assert all(text.count("default") <= 1 for text in help_of.values()), help_of
    assert "(default: 2)" in help_of["rounds"] and "(default: 0)" in help_of["seed"]
    assert "default" not in help_of["workers"]  # from the machine: the group's title says so


def test_an_unknown_command_is_one_line_and_exit_2(capsys):
    with pytest.raises(SystemExit) as done:
        console.main(["stauts", "out"])
    assert done.value.code == 2
    assert "invalid choice: 'stauts'" in capsys.readouterr().err.splitlines()[-1]


def test_bench_forwards_its_flags(capsys):
    with pytest.raises(SystemExit) as done:
        console.main(["bench", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "{engine,faults,all,solve,capacity,scale}" in out


def test_arc_search_run_runs_the_job_and_flags_alone_mean_run(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for name, task in {"mirror": MIRROR, "turn": TURN}.items():
        (data / f"{name}.json").write_text(json.dumps(task))
    assert console.main(["run", "--data", str(data), "--out", str(tmp_path / "a"), *FAST]) == 0
    assert "solved on train pairs: 2/2 tasks" in capsys.readouterr().out
    assert console.main(["--data", str(data), "--out", str(tmp_path / "b"), *FAST]) == 0
    assert "solved on train pairs: 2/2 tasks" in capsys.readouterr().out
    with Store.open_readonly(tmp_path / "b" / "store.sqlite") as store:
        assert store.last_run().status == "finished"


def test_the_module_runs_as_a_program():
    done = subprocess.run([sys.executable, "-m", "graphs.cli.main", "status", str(ROOT / "no-such-folder")],
                          cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""},
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {ROOT / 'no-such-folder'}: no such folder; pass a run's --out folder"

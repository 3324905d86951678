"""Progress bars on stderr, the library's log records, and run.log beside the run's outputs."""

import logging

from graphs.api import ClusterSpec, SearchConfig, load_tasks, open_cluster, search
from graphs.cli.run import main
from graphs.engine.progress import RoundProgress
from graphs.engine.round import RoundSettings
from tasks.search.settings import GenerationSettings
from tests.graphs.test_run import FAST, folder  # noqa: F401  (the fixture)


def test_a_rounds_bar_stays_on_stderr_with_solved_so_far_and_the_rate(capsys):
    bar = RoundProgress(3, ["a", "b", "c"], solved_before={"c", "elsewhere"}, enabled=True)
    bar.planned(4)
    bar.chunk("a", ["mismatch", "ok"])
    bar.chunk("b", ["error", "mismatch"])
    bar.close()
    captured = capsys.readouterr()
    assert captured.out == ""
    last = captured.err.rstrip("\n").split("\r")[-1]  # what stays on screen once the round ends
    assert last.startswith("round 3: 100%") and "4/4" in last
    assert "cand/s" in last and last.endswith("solved 2/3]")


def test_a_disabled_bar_counts_and_shows_nothing(capsys):
    bar = RoundProgress(0, ["a"], solved_before=(), enabled=False)
    bar.chunk("a", ["ok"])
    bar.close()
    assert (bar.solved_label(), bar.evaluated) == ("1/1", 1)
    assert capsys.readouterr() == ("", "")


def test_a_run_logs_to_run_log_and_shows_its_bars_only_on_stderr(folder, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "out"
    argv = ["--data", str(folder), "--out", str(out), *[a for a in FAST if a != "-q"], "--progress"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "round 0: " in captured.out and "solved on train pairs: 2/3 tasks" in captured.out
    assert "cand/s" not in captured.out and "\r" not in captured.out  # stdout parses as lines
    assert "round 0: 100%" in captured.err and "solved 2/3" in captured.err
    first = (out / "run.log").read_text().splitlines()
    assert any(" INFO graphs.engine.search: round 0: " in line for line in first)
    assert any(line.endswith("INFO graphs.cli: solved on train pairs: 2/3 tasks") for line in first)
    assert any("INFO graphs.cli: cluster: LocalCluster: 2 workers" in line for line in first)
    # Quiet, and no terminal: no bar; the log file grows, it is not replaced.
    assert main(["--data", str(folder), "--out", str(out), *FAST]) == 0
    captured = capsys.readouterr()
    assert "round 0" not in captured.out + captured.err
    both = (out / "run.log").read_text().splitlines()
    assert both[:len(first)] == first and len(both) > len(first)
    assert sum(" round 0: " in line for line in both) == 2


def test_a_library_caller_gets_the_searchs_lines_as_log_records(folder, tmp_path, caplog, capsys):  # noqa: F811
    config = SearchConfig(rounds=1, generation=GenerationSettings(max_candidates=50, time_budget_s=2),
                          round=RoundSettings(round_timeout_s=60.0))
    with caplog.at_level(logging.INFO, logger="graphs"):
        with open_cluster(ClusterSpec(1, 1, False, "1GiB")) as client:
            search(client, load_tasks(str(folder)), tmp_path / "out", config)
    lines = [r.getMessage() for r in caplog.records if r.name == "graphs.engine.search"]
    assert any(line.startswith("round 0: ") and "tasks solved on train" in line for line in lines)
    assert capsys.readouterr().out == ""  # nothing printed: the caller decides where lines go


def test_a_log_file_that_cannot_be_written_falls_silent(tmp_path, capsys):
    import errno

    from graphs.cli.logs import CLI, run_log

    with run_log(tmp_path) as path:
        CLI.info("kept")
        (handler,) = [h for h in logging.getLogger("graphs").handlers if getattr(h, "baseFilename", "")]

        def full(text):
            raise OSError(errno.ENOSPC, "No space left on device")

        handler.stream.write = full
        CLI.info("lost: the disk is full")
        CLI.info("lost too")
    assert capsys.readouterr().err == ""  # no "--- Logging error ---" traceback beside the run's own line
    assert path.read_text().splitlines()[-1].endswith("INFO graphs.cli: kept")

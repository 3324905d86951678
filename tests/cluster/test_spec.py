"""ClusterSpec layering, Dask's: machine defaults < YAML files < environment < dask.config.set < overrides."""

import dask
import pytest

from cluster import ClusterError, ClusterSpec, TLSFiles, machine_defaults, resolve_spec
from cluster.spec import usable_cores, usable_memory

ENV = "DASK_ARC_SEARCH__CLUSTER__"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No stray DASK_* cluster settings from the shell leak into these tests, nor theirs out."""
    import os

    def ours(name):
        return name.startswith(ENV) or name == "DASK_SCHEDULER_ADDRESS"

    for name in list(os.environ):
        if ours(name):
            monkeypatch.delenv(name)
    with dask.config.set({"arc-search": {}, "scheduler-address": None}):
        yield
    for name in list(os.environ):
        if ours(name):
            monkeypatch.delenv(name)
    dask.config.refresh()  # what a test's environment put in dask config goes with it


def setenv(monkeypatch, **variables):
    """Set environment variables and have dask read them, as it does when it is imported."""
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    dask.config.refresh()


def test_machine_defaults_use_every_core_one_thread_each_and_most_of_the_memory():
    spec = machine_defaults()
    assert spec.workers == usable_cores()
    assert (spec.threads_per_worker, spec.processes, spec.dashboard) == (1, True, False)
    assert spec.scheduler_address is None
    per_worker = dask.utils.parse_bytes(spec.memory_limit)
    assert per_worker * spec.workers == pytest.approx(0.8 * usable_memory(), rel=0.01)


def test_without_settings_the_machine_defaults_apply():
    assert resolve_spec() == machine_defaults()


def test_dask_config_sets_every_local_setting():
    settings = {
        "workers": 3,
        "threads-per-worker": 2,
        "processes": False,
        "memory-limit": "2GiB",
        "dashboard": True,
        "dashboard-port": 9999,
        "profiler": True,
        "connect-timeout": 4,
    }
    with dask.config.set({"arc-search.cluster": settings}):
        spec = resolve_spec()
    assert (spec.workers, spec.threads_per_worker, spec.processes) == (3, 2, False)
    assert (spec.memory_limit, spec.dashboard, spec.dashboard_port) == ("2GiB", True, 9999)
    assert (spec.profiler, spec.connect_timeout_s) == (True, 4.0)


def test_the_environment_beats_yaml_and_dask_config_set_beats_the_environment(monkeypatch, tmp_path):
    (tmp_path / "cluster.yaml").write_text(
        "arc-search:\n  cluster:\n    workers: 7\n    threads-per-worker: 3\n    dashboard: true\n")
    dask.config.refresh(paths=[str(tmp_path)])
    assert (resolve_spec().workers, resolve_spec().threads_per_worker) == (7, 3)  # YAML over the machine
    monkeypatch.setenv(ENV + "WORKERS", "3")
    monkeypatch.setenv(ENV + "PROCESSES", "False")
    monkeypatch.setenv(ENV + "MEMORY_LIMIT", "1GiB")
    dask.config.refresh(paths=[str(tmp_path)])
    spec = resolve_spec()
    assert (spec.workers, spec.threads_per_worker, spec.processes, spec.memory_limit) == (3, 3, False, "1GiB")
    with dask.config.set({"arc-search.cluster.workers": 5, "arc-search.cluster.threads-per-worker": 2}):
        spec = resolve_spec()
        assert (spec.workers, spec.threads_per_worker, spec.processes, spec.dashboard) == (5, 2, False, True)
        assert resolve_spec({"workers": 1}).workers == 1  # and a flag beats dask.config.set
    assert resolve_spec().workers == 3


def test_an_environment_variable_set_after_import_counts_once_dask_reads_it(monkeypatch):
    monkeypatch.setenv(ENV + "WORKERS", "3")
    assert resolve_spec().workers == machine_defaults().workers  # dask read the environment at import
    dask.config.refresh()
    assert resolve_spec().workers == 3


def test_dask_scheduler_address_makes_the_spec_remote(monkeypatch):
    setenv(monkeypatch, DASK_SCHEDULER_ADDRESS="tcp://10.0.0.5:8786")
    spec = resolve_spec()
    assert spec.scheduler_address == "tcp://10.0.0.5:8786"
    assert spec.describe().startswith("remote scheduler tcp://10.0.0.5:8786 (no TLS)")


def test_overrides_win_and_none_means_not_given(monkeypatch):
    setenv(monkeypatch, **{ENV + "WORKERS": "3", ENV + "THREADS_PER_WORKER": "2"})
    spec = resolve_spec({"workers": 1, "threads_per_worker": None, "scheduler_address": "h:1"})
    assert (spec.workers, spec.threads_per_worker) == (1, 2)
    assert spec.scheduler_address == "tcp://h:1"


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"workers": 0}, ["workers", "got 0", "overrides"]),
        ({"workers": -2}, ["workers", "got -2"]),
        ({"workers": 1.5}, ["workers", "1.5"]),
        ({"threads_per_worker": "many"}, ["threads_per_worker", "'many'"]),
        ({"memory_limit": "lots"}, ["memory_limit", "'lots'"]),
        ({"memory_limit": "0B"}, ["memory_limit"]),
        ({"processes": "maybe"}, ["processes", "true or false"]),
        ({"dashboard_port": 70000}, ["dashboard_port"]),
        ({"profiler": "sometimes"}, ["profiler", "true or false"]),
        ({"connect_timeout_s": 0}, ["connect_timeout_s"]),
        ({"tls": ("/no/ca.pem", "/no/cert.pem", "/no/key.pem")}, ["tls", "existing files"]),
        ({"threds": 2}, ["unknown cluster setting 'threds'"]),
    ],
)
def test_bad_overrides_raise_one_line_naming_the_setting(overrides, words):
    with pytest.raises(ClusterError) as raised:
        resolve_spec(overrides)
    message = str(raised.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_bad_environment_value_names_the_variable(monkeypatch):
    setenv(monkeypatch, **{ENV + "WORKERS": "0"})
    with pytest.raises(ClusterError, match="DASK_ARC_SEARCH__CLUSTER__WORKERS"):
        resolve_spec()


def test_bad_dask_config_value_names_the_key():
    with dask.config.set({"arc-search.cluster.memory-limit": "plenty"}):
        with pytest.raises(ClusterError, match="dask config arc-search.cluster.memory-limit"):
            resolve_spec()


def test_direct_construction_is_validated_too():
    with pytest.raises(ClusterError, match="workers"):
        ClusterSpec(workers=0, threads_per_worker=1, processes=True, memory_limit="1GiB")


def test_describe_states_every_local_setting():
    spec = ClusterSpec(2, 1, True, "4GiB", dashboard=True, dashboard_port=8790)
    assert spec.describe() == (
        "LocalCluster: 2 workers x 1 thread, processes, memory 4.00 GiB per worker, dashboard on :8790, "
        "profiler off"
    )
    assert ClusterSpec(1, 1, True, "auto", profiler=True).describe().endswith("profiler on")


def test_the_profiler_is_off_unless_asked_for(monkeypatch):
    assert not machine_defaults().profiler
    setenv(monkeypatch, **{ENV + "PROFILER": "yes"})
    assert resolve_spec().profiler
    assert not resolve_spec({"profiler": False}).profiler


def test_describe_names_the_tls_files(tmp_path):
    paths = [tmp_path / name for name in ("ca.pem", "cert.pem", "key.pem")]
    for path in paths:
        path.write_text("x")
    spec = resolve_spec({"scheduler_address": "tls://h:8786", "tls": {
        "ca_file": str(paths[0]), "cert_file": str(paths[1]), "key_file": str(paths[2])}})
    assert spec.tls == TLSFiles(*map(str, paths))
    assert "remote scheduler tls://h:8786 (TLS: ca " in spec.describe()
    assert str(paths[2]) in spec.describe()


def test_hard_stops_need_processes_or_a_remote_cluster():
    assert ClusterSpec(1, 1, True, "auto").hard_stops_available
    assert not ClusterSpec(1, 1, False, "auto").hard_stops_available
    assert ClusterSpec(1, 1, False, "auto", scheduler_address="tcp://h:1").hard_stops_available

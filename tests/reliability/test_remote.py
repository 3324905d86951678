"""A real remote cluster: ``dask scheduler`` and two ``dask worker`` processes, plain and TLS.

The workers import the project from this checkout (``PYTHONPATH``), as a
remote machine would from an installed copy. What they lack (a folder of
extra primitives, the variable that names it) reaches them through Dask's
own plugins, and stays through a restart.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import dask
import psutil
import pytest

from tests.cluster.conftest import free_port
from tests.reliability.conftest import (
    ROOT,
    alive,
    cli_env,
    kill_tree,
    query,
    result_rows,
    run_cli,
    wait_until,
    write_programs,
    write_tasks,
)

RUN = ("--rounds", "1", "--max-candidates", "5", "--seed", "3", "--chunk-size", "16", "--quiet")


def make_certificates(folder: Path) -> dict[str, Path]:
    """A CA, and one certificate it signed for 127.0.0.1 (scheduler, workers and client share it)."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca, key, csr, cert = (folder / name for name in
                                  ("ca.key", "ca.pem", "node.key", "node.csr", "node.pem"))
    ext = folder / "san.cnf"
    ext.write_text("subjectAltName = IP:127.0.0.1, DNS:localhost\n")
    for command in (
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
             "-keyout", ca_key, "-out", ca],
            ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", key,
             "-out", csr],
            ["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
             "-extfile", ext, "-out", cert]):
        subprocess.run(["openssl", *map(str, command)], check=True, capture_output=True)
    return {"ca": ca, "cert": cert, "key": key}


class RemoteCluster:
    """A scheduler and (two) single-threaded workers started with the dask command-line tools."""

    def __init__(self, folder: Path, tls: dict[str, Path] | None = None,
                 faulty: bool = False, workers: int = 2) -> None:
        self.port = free_port()
        scheme = "tls" if tls else "tcp"
        self.address = f"{scheme}://127.0.0.1:{self.port}"
        tls_flags = [] if tls is None else ["--tls-ca-file", str(tls["ca"]), "--tls-cert",
                                            str(tls["cert"]), "--tls-key", str(tls["key"])]
        env = cli_env()
        if not faulty:  # the faulty primitives, for tests whose programs use them
            env.pop("ARC_SEARCH_PLUGINS")
        self.logs = folder / f"cluster-{self.port}.log"
        log = self.logs.open("w")
        start = {"cwd": ROOT, "env": env, "stdout": log, "stderr": subprocess.STDOUT}
        self.processes = [subprocess.Popen(
            ["dask", "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
             "--no-dashboard", "--no-show", *tls_flags], **start)]
        # The scheduler must be listening before the workers dial it.
        assert wait_until(lambda: self._listening(), 60), self.logs.read_text()
        self.processes += [subprocess.Popen(
            ["dask", "worker", self.address, "--nthreads", "1", "--nworkers", "1",
             "--memory-limit", "2GiB", "--no-dashboard", "--name", f"remote-{k}", *tls_flags], **start)
            for k in range(workers)]
        assert wait_until(lambda: self.logs.read_text().count("Registered to") >= workers, 60), \
            self.logs.read_text()

    def _listening(self) -> bool:
        return any(c.laddr.port == self.port and c.status == "LISTEN"
                   for c in psutil.net_connections("tcp"))

    def close(self) -> None:
        everything = [psutil.Process(p.pid) for p in self.processes if p.poll() is None]
        everything += [c for p in everything for c in p.children(recursive=True)]
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                kill_tree(process)
        wait_until(lambda: not alive(everything), 10)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("local")
    data = write_tasks(tmp / "data")
    done = run_cli("--data", str(data), "--out", str(tmp / "out"), "--workers", "2", "--threads", "1",
                   *RUN)
    assert done.returncode == 0, done.stderr
    return data, tmp / "out"


@pytest.mark.parametrize("tls", [False, True], ids=["tcp", "tls"])
def test_a_run_on_a_remote_cluster_equals_a_local_run(tmp_path, local_run, tls):
    data, local_out = local_run
    certificates = make_certificates(tmp_path / "certs") if tls else None
    cluster = RemoteCluster(tmp_path, certificates)
    try:
        tls_flags = [] if not tls else ["--tls-ca", str(certificates["ca"]), "--tls-cert",
                                        str(certificates["cert"]), "--tls-key", str(certificates["key"])]
        out = tmp_path / "out"
        env = cli_env()
        env.pop("ARC_SEARCH_PLUGINS")
        done = run_cli("--data", str(data), "--out", str(out), "--scheduler", cluster.address,
                       *tls_flags, *RUN, env=env)
        assert done.returncode == 0, done.stderr + cluster.logs.read_text()[-3000:]
    finally:
        cluster.close()
    assert result_rows(out / "store.sqlite") == result_rows(local_out / "store.sqlite")
    assert json.loads((out / "submission.json").read_text()) == \
        json.loads((local_out / "submission.json").read_text())


def test_a_tls_scheduler_refuses_a_client_without_certificates(tmp_path):
    certificates = make_certificates(tmp_path / "certs")
    cluster = RemoteCluster(tmp_path, certificates)
    try:
        done = run_cli("--data", "arc-agi-1", "--count", "1", "--out", str(tmp_path / "out"),
                       "--scheduler", cluster.address.replace("tls://", "tcp://"),
                       "--connect-timeout", "3", *RUN, timeout=120)
    finally:
        cluster.close()
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot reach scheduler at tcp://127.0.0.1:{cluster.port}")


def test_an_address_with_no_scheduler_is_a_clear_error_within_the_connect_timeout(tmp_path):
    port = free_port()
    done = run_cli("--data", "arc-agi-1", "--count", "1", "--out", str(tmp_path / "out"),
                   "--scheduler", f"tcp://127.0.0.1:{port}", *RUN, timeout=120)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot reach scheduler at tcp://127.0.0.1:{port}: ")
    assert "check the address" in line
    waited = int(re.search(r"waited (\d+) s", line).group(1))
    assert waited <= 10  # the documented bound: the default connect timeout


# A module of extra primitives that only the client's machine has, and a lone module for upload_file.
EXTRA_PRIMITIVES = """\
from tasks.dsl.registry import primitive


@primitive("Grid", returns="Grid")
def shipped_mirror(grid):
    \"\"\"The grid mirrored left to right (a primitive shipped to the workers).\"\"\"
    return tuple(tuple(reversed(row)) for row in grid)
"""
SHIPPED_SOLVER = "def solve(S, I):\n    O = shipped_mirror(I)\n    return O\n"


def test_primitives_shipped_with_dask_plugins_reach_workers_that_lack_them_and_survive_restarts(
        tmp_path):
    from distributed import Client
    from distributed.diagnostics.plugin import Environ, UploadDirectory

    from cluster import check_imports

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "shipped_primitives.py").write_text(EXTRA_PRIMITIVES)
    lone = tmp_path / "lone" / "uploaded_constant.py"
    lone.parent.mkdir()
    lone.write_text("VALUE = 42\n")
    cluster = RemoteCluster(tmp_path, workers=1)  # its worker has the project, not these modules
    try:
        with Client(cluster.address, timeout=30) as client:
            assert check_imports(client, ["shipped_primitives", "uploaded_constant"])  # missing
            client.register_plugin(UploadDirectory(str(shipped), update_path=True,
                                                   restart_workers=True))
            client.register_plugin(Environ({"ARC_SEARCH_PLUGINS": "shipped_primitives",
                                            "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}))
            client.upload_file(str(lone))
            # What the watchdog does to a stuck worker: its Nanny starts a new process.
            [before] = client.run(os.getpid).values()
            client.restart_workers(list(client.scheduler_info()["workers"]), timeout=60)
            assert list(client.run(os.getpid).values()) != [before]
            assert check_imports(client, ["shipped_primitives", "uploaded_constant"]) == {}
            assert list(client.run(os.getenv, "ARC_SEARCH_PLUGINS").values()) == ["shipped_primitives"]
            # A DASK_* variable reaches the worker's environment but not its config: the Nanny hands
            # the worker its own config over it (so the README says to set those where workers start).
            assert list(client.run(os.getenv, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED").values()) == ["False"]
            assert list(client.run(dask.config.get, "distributed.worker.profile.enabled").values()) == [True]
        # A search from the command line, against the restarted worker: the shipped primitive runs there.
        env = {**cli_env(ARC_SEARCH_PLUGINS="shipped_primitives"),
               "PYTHONPATH": os.pathsep.join([str(ROOT), str(shipped)])}
        out = tmp_path / "out"
        done = run_cli("--data", str(write_tasks(tmp_path / "data")), "--out", str(out),
                       "--programs", str(write_programs(tmp_path / "programs", {"mine": SHIPPED_SOLVER})),
                       "--scheduler", cluster.address, *RUN, env=env)
        assert done.returncode == 0, done.stderr + cluster.logs.read_text()[-3000:]
    finally:
        cluster.close()
    outcomes = query(out / "store.sqlite", "SELECT r.task_id, r.outcome FROM results r JOIN programs p "
                                           "ON p.id = r.program_id WHERE p.source LIKE '%shipped_mirror%'")
    assert ("flip", "ok") in outcomes and not any(o.startswith("error") for _, o in outcomes), outcomes

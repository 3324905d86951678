"""A real remote cluster: ``dask scheduler`` and two ``dask worker`` processes, plain and TLS.

The workers import the project from this checkout (``PYTHONPATH``), as a
remote machine would from an installed copy.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import psutil
import pytest

from tests.cluster.conftest import free_port
from tests.reliability.conftest import (
    ROOT,
    alive,
    cli_env,
    kill_tree,
    result_rows,
    run_cli,
    wait_until,
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
    """A scheduler and two single-threaded workers started with the dask command-line tools."""

    def __init__(self, folder: Path, tls: dict[str, Path] | None = None,
                 faulty: bool = False) -> None:
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
            for k in range(2)]
        assert wait_until(lambda: self.logs.read_text().count("Registered to") >= 2, 60), \
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

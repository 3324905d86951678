"""What cluster a run uses, stated explicitly, and where each setting came from.

Settings are layered, later wins: the machine's defaults, then dask config as
Dask layers it (YAML files, then ``DASK_*`` environment variables, then
``dask.config.set``), then explicit overrides (CLI flags). Every run prints
``describe()``, so nothing is implicit.

>>> spec = resolve_spec({"workers": 2, "threads_per_worker": 1, "processes": True,
...                      "memory_limit": "4GiB", "dashboard": False})
>>> spec.describe()
'LocalCluster: 2 workers x 1 thread, processes, memory 4.00 GiB per worker, dashboard off, profiler off'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any, Callable, Mapping

import dask.config
from dask.utils import format_bytes, parse_bytes

from cluster.errors import ClusterError

CONFIG_PREFIX = "arc-search.cluster"

# Field name -> key under CONFIG_PREFIX. scheduler_address uses dask's own key instead.
CONFIG_KEYS = {
    "workers": "workers",
    "threads_per_worker": "threads-per-worker",
    "processes": "processes",
    "memory_limit": "memory-limit",
    "dashboard": "dashboard",
    "dashboard_port": "dashboard-port",
    "profiler": "profiler",
    "connect_timeout_s": "connect-timeout",
}
SCHEDULER_ADDRESS_KEY = "scheduler-address"

# Share of the machine's RAM given to workers; the rest is for the client and the OS.
MEMORY_SHARE = 0.8


@dataclass(frozen=True)
class TLSFiles:
    """Certificate files for a TLS connection to a remote scheduler.

    >>> TLSFiles("ca.pem", "client.pem", "client.key").cert_file
    'client.pem'
    """

    ca_file: str
    cert_file: str
    key_file: str


@dataclass(frozen=True)
class ClusterSpec:
    """Everything that decides where a graph runs.

    A local spec starts a ``LocalCluster`` with exactly these numbers; a spec
    with ``scheduler_address`` connects to that scheduler instead, and the
    worker settings are those the remote workers were started with.

    ``profiler`` turns on each local worker's statistical profiler (what the
    dashboard's Profile page shows). It is off by default because it is not
    free: at Dask's 10 ms sampling interval it took ~8% of a busy worker's
    time here (``python -m graphs.bench engine``, README: Performance).

    Every value is checked (and normalised) when the spec is made: a bad one
    raises ``ClusterError`` naming the setting and what it must be.

    Parameters
    ----------
    workers : int
        Local workers to start (at least 1).
    threads_per_worker : int
        Threads in each local worker (at least 1).
    processes : bool
        Run each local worker in its own process, under a nanny that can
        restart it when a task is stuck; False runs them as threads of this
        process.
    memory_limit : str
        Each local worker's memory, as a size such as ``"4GiB"``, or ``"auto"``
        (Dask divides the machine's memory among the workers).
    dashboard : bool
        Serve the Dask dashboard of a local cluster.
    dashboard_port : int
        The dashboard's port (0 to 65535; 0 picks a free one).
    profiler : bool
        Turn on each local worker's statistical profiler (see above).
    scheduler_address : str, optional
        Connect to this scheduler instead of starting a local cluster;
        ``"host:8786"`` means ``"tcp://host:8786"``.
    tls : TLSFiles, optional
        Certificate files for a ``tls://`` scheduler address (a mapping or a
        3-tuple of the three paths is accepted too); every file must exist.
    connect_timeout_s : float
        Seconds to wait for a remote scheduler before giving up.

    >>> ClusterSpec(workers=1, threads_per_worker=2, processes=False,
    ...             memory_limit="auto").describe()
    'LocalCluster: 1 worker x 2 threads, threads (no processes), memory auto, dashboard off, profiler off'
    """

    workers: int
    threads_per_worker: int
    processes: bool
    memory_limit: str
    dashboard: bool = False
    dashboard_port: int = 8787
    profiler: bool = False
    scheduler_address: str | None = None
    tls: TLSFiles | None = None
    connect_timeout_s: float = 10.0

    def __post_init__(self) -> None:
        # Normalise in place (e.g. "host:8786" -> "tcp://host:8786") so equal specs compare equal.
        for field in fields(self):
            value = _validate(field.name, getattr(self, field.name), "ClusterSpec")
            object.__setattr__(self, field.name, value)

    @property
    def is_remote(self) -> bool:
        """True when the spec names a scheduler to connect to."""
        return self.scheduler_address is not None

    @property
    def hard_stops_available(self) -> bool:
        """True when a stuck task can be stopped by restarting its worker process.

        Local process workers run under a Nanny that can restart them; thread
        workers share the client's process and cannot be stopped. Remote
        workers are assumed to have nannies (``dask worker`` starts one unless
        given ``--no-nanny``); ``Watchdog.hard_stops_available`` checks the
        real cluster.

        >>> ClusterSpec(1, 1, False, "auto").hard_stops_available
        False
        """
        return self.is_remote or self.processes

    def describe(self) -> str:
        """One line that states every setting, for the start of every run.

        >>> ClusterSpec(1, 1, True, "auto", scheduler_address="tcp://h:8786").describe()
        'remote scheduler tcp://h:8786 (no TLS), connect timeout 10 s; workers as started there'
        """
        if self.is_remote:
            return (
                f"remote scheduler {self.scheduler_address} ({_describe_tls(self.tls)}), "
                f"connect timeout {self.connect_timeout_s:g} s; workers as started there"
            )
        return (
            f"LocalCluster: {_count(self.workers, 'worker')} x "
            f"{_count(self.threads_per_worker, 'thread')}, "
            f"{'processes' if self.processes else 'threads (no processes)'}, "
            f"memory {_describe_memory(self.memory_limit)}, "
            f"dashboard {f'on :{self.dashboard_port}' if self.dashboard else 'off'}, "
            f"profiler {'on' if self.profiler else 'off'}"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _describe_memory(limit: str) -> str:
    if limit == "auto":
        return "auto"
    return f"{format_bytes(parse_bytes(limit))} per worker"


def _describe_tls(tls: TLSFiles | None) -> str:
    if tls is None:
        return "no TLS"
    return f"TLS: ca {tls.ca_file}, cert {tls.cert_file}, key {tls.key_file}"


def usable_cores() -> int:
    """Cores this process may use (affinity and cgroup quotas included).

    >>> usable_cores() >= 1
    True
    """
    from dask.system import CPU_COUNT

    return max(1, CPU_COUNT)


def usable_memory() -> int:
    """Bytes of RAM this process may use (cgroup limits included).

    >>> usable_memory() > 0
    True
    """
    from distributed.system import MEMORY_LIMIT

    return MEMORY_LIMIT


def machine_defaults() -> ClusterSpec:
    """One single-threaded worker process per usable core, sharing 80% of RAM.

    One thread per worker because candidate code is pure Python: more threads
    in one process only contend for the GIL.

    >>> spec = machine_defaults()
    >>> (spec.workers == usable_cores(), spec.threads_per_worker, spec.processes, spec.dashboard)
    (True, 1, True, False)
    """
    workers = usable_cores()
    per_worker = int(usable_memory() * MEMORY_SHARE / workers)
    return ClusterSpec(
        workers=workers,
        threads_per_worker=1,
        processes=True,
        memory_limit=format_bytes(per_worker),
    )


def resolve_spec(overrides: Mapping[str, Any] | None = None) -> ClusterSpec:
    """The spec from machine defaults < dask config and env < ``overrides``.

    Environment variables (``DASK_ARC_SEARCH__CLUSTER__WORKERS=3``,
    ``DASK_SCHEDULER_ADDRESS=tcp://host:8786``) are dask config, read when
    dask is imported (``dask.config.refresh()`` reads them again), as for
    every Dask setting; ``dask.config.set`` beats them.
    ``overrides`` keys are the field names; ``None`` values are ignored.

    >>> resolve_spec({"workers": 3, "memory_limit": None}).workers
    3
    >>> resolve_spec({"workers": 0})
    Traceback (most recent call last):
    ...
    cluster.errors.ClusterError: workers must be a whole number >= 1 (got 0 from overrides)
    """
    base = machine_defaults()
    chosen: dict[str, Any] = {}
    for name, (value, source) in _configured_values().items():
        chosen[name] = _validate(name, value, source)
    for name, value in (overrides or {}).items():
        if name not in _FIELD_NAMES:
            raise ClusterError(
                f"unknown cluster setting {name!r} in overrides; known: {', '.join(sorted(_FIELD_NAMES))}"
            )
        if value is not None:
            chosen[name] = _validate(name, value, "overrides")
    return replace(base, **chosen)


_FIELD_NAMES = frozenset(f.name for f in fields(ClusterSpec))


def _configured_values() -> dict[str, tuple[Any, str]]:
    """Field -> (value, source) for the settings dask config gives (files, environment, ``set``)."""
    env = dask.config.collect_env()
    found: dict[str, tuple[Any, str]] = {}
    keys = {name: f"{CONFIG_PREFIX}.{key}" for name, key in CONFIG_KEYS.items()}
    keys["scheduler_address"] = SCHEDULER_ADDRESS_KEY
    for name, key in keys.items():
        value = dask.config.get(key, default=None)
        if value is not None:
            found[name] = (value, _source(key, value, env))
    return found


def _source(key: str, value: Any, env: Mapping[str, Any]) -> str:
    """Where a configured value came from, for messages: its environment variable when that gives it.

    >>> _source("arc-search.cluster.workers", 3, {"arc-search": {"cluster": {"workers": 3}}})
    'environment DASK_ARC_SEARCH__CLUSTER__WORKERS'
    >>> _source("arc-search.cluster.workers", 5, {"arc-search": {"cluster": {"workers": 3}}})
    'dask config arc-search.cluster.workers'
    """
    if dask.config.get(key, default=None, config=env) == value:
        return f"environment {_env_name(key)}"
    return f"dask config {key}"


def _env_name(key: str) -> str:
    """The environment variable dask maps to ``key``.

    >>> _env_name("arc-search.cluster.threads-per-worker")
    'DASK_ARC_SEARCH__CLUSTER__THREADS_PER_WORKER'
    """
    return "DASK_" + "__".join(part.upper().replace("-", "_") for part in key.split("."))


# ---- validation: each setting's parser turns a raw value into the field's type or
# ---- raises ValueError with what was expected; _validate adds the source.


def _validate(name: str, value: Any, source: str) -> Any:
    parse, expected = _PARSERS[name]
    try:
        return parse(value)
    except (ValueError, TypeError):
        raise ClusterError(f"{name} must be {expected} (got {value!r} from {source})") from None


def _positive_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    number = int(value)
    if number != float(value) or number < 1:
        raise ValueError(value)
    return number


def _port(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    number = int(value)
    if not 0 <= number <= 65535:
        raise ValueError(value)
    return number


_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise ValueError(value)


def _memory(value: Any) -> str:
    if isinstance(value, bool):
        raise ValueError(value)
    text = str(value).strip()
    if text.lower() == "auto":
        return "auto"
    if parse_bytes(text) <= 0:
        raise ValueError(value)
    return text


def _seconds(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(value)
    seconds = float(value)
    if not seconds > 0:
        raise ValueError(value)
    return seconds


def _address(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text or any(ch.isspace() for ch in text):
        raise ValueError(value)
    return text if "://" in text else f"tcp://{text}"


def _tls(value: Any) -> TLSFiles | None:
    if value is None or isinstance(value, TLSFiles):
        files = value
    elif isinstance(value, Mapping):
        files = TLSFiles(value["ca_file"], value["cert_file"], value["key_file"])
    else:
        files = TLSFiles(*value)
    for path in () if files is None else (files.ca_file, files.cert_file, files.key_file):
        if not os.path.isfile(path):
            raise ValueError(path)
    return files


_PARSERS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "workers": (_positive_int, "a whole number >= 1"),
    "threads_per_worker": (_positive_int, "a whole number >= 1"),
    "processes": (_flag, "true or false"),
    "memory_limit": (_memory, 'a positive size such as "4GiB", or "auto"'),
    "dashboard": (_flag, "true or false"),
    "dashboard_port": (_port, "a port number 0..65535"),
    "profiler": (_flag, "true or false"),
    "scheduler_address": (_address, 'an address such as "tcp://host:8786"'),
    "tls": (_tls, "TLSFiles(ca_file, cert_file, key_file) naming existing files"),
    "connect_timeout_s": (_seconds, "a number of seconds > 0"),
}

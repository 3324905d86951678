"""One writing process per store: an OS file lock (``flock``) on a file beside the store.

The writer's lock lives as long as its file descriptor, so the kernel releases
it when the process ends, however it ends (SIGKILL included): a folder whose
run was killed is never left locked. Readers take no lock at all (SQLite's WAL
lets them read beside the writer); ``lock_holder`` tells them who writes.

Within one process the lock is shared: a second ``lock_for_writing`` of the
same store (the CLI's check, then the search's own open) counts up, and the
lock goes when the last holder releases it.

>>> import tempfile
>>> store = Path(tempfile.mkdtemp()) / "store.sqlite"
>>> lock = lock_for_writing(store)
>>> lock_holder(store).pid == os.getpid()
True
>>> lock.release(); lock.release()  # releasing twice is harmless
>>> lock_holder(store) is None
True
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from graphs.engine.store_file import StoreError

# A reader probing the lock (``lock_holder``) holds it shared for an instant; a writer that
# meets such a probe tries again for this long before it concludes another writer holds it.
PROBE_PATIENCE_S = 0.25


class StoreBusyError(StoreError):
    """Another process writes to this store; the message names the folder and the process."""


@dataclass(frozen=True)
class LockHolder:
    """The process that holds a store's lock, as it recorded itself in the lock file.

    >>> LockHolder(4242, "node7", "2026-12-01T22:00:00.000+00:00").describe()
    'pid 4242 on node7, since 2026-12-01T22:00:00.000+00:00'
    """

    pid: int | None
    host: str
    since: str

    def describe(self) -> str:
        if self.pid is None:
            return "a process that has not recorded its pid yet"
        return f"pid {self.pid} on {self.host}, since {self.since}"

    @classmethod
    def parse(cls, text: str) -> "LockHolder":
        """The holder from the lock file's line ``"<pid> <host> <since>"``; unknown parts stay blank.

        >>> LockHolder.parse("12 h1 t0").pid, LockHolder.parse("").pid
        (12, None)
        """
        parts = text.split()
        pid = int(parts[0]) if parts and parts[0].isdigit() else None
        return cls(pid, parts[1] if len(parts) > 1 else "?", parts[2] if len(parts) > 2 else "?")


def lock_path(store: Path) -> Path:
    """The lock file of a store: beside it, in the output folder.

    >>> lock_path(Path("out/store.sqlite")).as_posix()
    'out/store.sqlite.lock'
    """
    return store.with_name(store.name + ".lock")


@dataclass
class _Held:
    fd: int
    holders: int


# The locks this process holds, by lock file (resolved), with how many opens share each.
_HELD: dict[Path, _Held] = {}


class WriterLock:
    """This process's share of a store's lock; ``release`` gives it back (twice is harmless)."""

    def __init__(self, key: Path) -> None:
        self._key: Path | None = key

    def release(self) -> None:
        if self._key is None:
            return
        held = _HELD[self._key]
        held.holders -= 1
        if held.holders == 0:
            del _HELD[self._key]
            os.close(held.fd)  # closing the last descriptor releases the flock
        self._key = None


def _read_holder(fd: int) -> LockHolder:
    return LockHolder.parse(os.pread(fd, 4096, 0).decode("utf-8", "replace"))


def _record_holder(fd: int) -> None:
    line = f"{os.getpid()} {socket.gethostname()} " \
           f"{datetime.now(timezone.utc).isoformat(timespec='seconds')}\n"
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, line.encode(), 0)
    except OSError:
        # A full disk must not stop a resume that would free nothing: the lock itself is
        # what keeps a second writer out; the line only names the holder in its message.
        pass


def _try_lock(fd: int, patience_s: float) -> bool:
    deadline = time.monotonic() + patience_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


def lock_for_writing(store: Path) -> WriterLock:
    """Take the store's lock for this process, or raise ``StoreBusyError`` naming who holds it.

    Raises ``OSError`` when the lock file cannot be created (a read-only folder).
    """
    key = lock_path(Path(store)).resolve()
    if key in _HELD:
        _HELD[key].holders += 1
        return WriterLock(key)
    fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o644)
    if not _try_lock(fd, PROBE_PATIENCE_S):
        holder = _read_holder(fd)
        os.close(fd)
        raise StoreBusyError(f"{Path(store).parent}: another run is writing to this output folder "
                             f"({holder.describe()}); wait for it to end, or use another --out")
    _record_holder(fd)
    _HELD[key] = _Held(fd, 1)
    return WriterLock(key)


def lock_holder(store: Path) -> LockHolder | None:
    """The process writing to the store now, or None; takes no lock and creates no file.

    A lock file left by a process that ended holds no lock, so it reads as None.
    """
    path = lock_path(Path(store))
    key = path.resolve()
    if key in _HELD:
        return _read_holder(_HELD[key].fd)
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)

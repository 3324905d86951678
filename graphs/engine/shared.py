"""What a round's chunks share (the ARC task, the differs), sent once per worker, not once per chunk.

A chunk carries its programs and content ids: ``task_<hex>`` for its task,
``differ_<hex>`` for each differ. A worker finds them by id (``resolve``):

- the bundled differs it reads itself: they are the project's own code, which
  every worker imports (``bundled_differs``);
- everything else (the tasks, differs of one's own) travels once per worker in
  a Dask worker plugin (``ChunkData``), registered by the client before the
  chunks that need it. The scheduler keeps a registered plugin and installs it
  in every worker that joins later, a restarted one included, before that
  worker takes any task.

Why a plugin and not one shared Dask key per task that chunks depend on: a
chunk without dependencies is a root task, which the scheduler queues and
hands out only as threads free up (worker saturation), so queued chunks never
pile up behind a hung worker. The scheduler treats a group of tasks as root
tasks only while their dependencies are fewer than 5 keys in all
(``Scheduler.is_rootish``): chunks depending on one key per ARC task stop
being queued once a round has 5 tasks, and each would be assigned to a worker
at once, hung or not.

>>> from tasks.data.arc import Pair, Task
>>> task = Task("t", (Pair(((1,),), ((2,),)),), (((3,),),))
>>> ref = task_ref(task)
>>> ref.startswith("task_"), ref == task_ref(Task("t", (Pair(((1,),), ((2,),)),), (((3,),),)))
(True, True)
>>> install(ChunkData("example", {ref: task}))
>>> resolve(ref) is task
True
>>> uninstall("example")
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from functools import lru_cache
from typing import Any, Iterable, Mapping

from distributed.diagnostics.plugin import WorkerPlugin

from tasks.data.arc import Task
from tasks.running.evaluate import Candidate

log = logging.getLogger(__name__)

PLUGIN_PREFIX = "arc-search-data"

# In each process (a worker's): plugin name -> the items it installed, and how often each
# plugin was set up here (what tests count).
_INSTALLED: dict[str, Mapping[str, Any]] = {}
INSTALLS: Counter = Counter()


def task_ref(task: Task) -> str:
    """The content id of a task: its id, train pairs and test inputs (``task_<hex>``).

    Two tasks that share an id but not their grids (two clients' folders on one
    scheduler) get different refs.

    >>> task_ref(Task("a", (), ())) == task_ref(Task("b", (), ()))
    False
    """
    text = repr((task.id, task.train, task.test_inputs)).encode()
    return "task_" + hashlib.blake2b(text, digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def bundled_differs() -> dict[str, Candidate]:
    """The bundled differs by content id, parsed once per process (a worker's, or the client's).

    >>> all(ref.startswith("differ_") for ref in bundled_differs())
    True
    """
    from tasks.differs import load_differs

    return {candidate.id: candidate for candidate in map(Candidate.of, load_differs())}


def to_send(task: Task, differs: Iterable[Candidate]) -> dict[str, Any]:
    """What a worker needs for a task's chunks and cannot read itself: the task, differs not bundled.

    >>> from tasks.data.arc import Task
    >>> bundled = next(iter(bundled_differs().values()))
    >>> list(to_send(Task("a", (), ()), [bundled])) == [task_ref(Task("a", (), ()))]
    True
    """
    own = bundled_differs()
    return {task_ref(task): task, **{d.id: d for d in differs if d.id not in own}}


class ChunkData(WorkerPlugin):
    """A worker plugin holding items chunks name by content id: ref -> ``Task`` or ``Candidate``."""

    def __init__(self, name: str, items: Mapping[str, Any]) -> None:
        self.name = name
        self.items = dict(items)

    def setup(self, worker: Any = None) -> None:
        install(self)

    def teardown(self, worker: Any = None) -> None:
        uninstall(self.name)


def install(plugin: ChunkData) -> None:
    """Make a plugin's items resolvable in this process (its ``setup``)."""
    _INSTALLED[plugin.name] = plugin.items
    INSTALLS[plugin.name] += 1


def uninstall(name: str) -> None:
    """Forget a plugin's items in this process (its ``teardown``)."""
    _INSTALLED.pop(name, None)


def installs() -> dict[str, int]:
    """How often each plugin was set up in this process (``client.run(installs)`` asks each worker)."""
    return dict(INSTALLS)


def resolve(ref: str) -> Any:
    """The task or differ a chunk names by ``ref``: installed by a plugin, or bundled.

    >>> resolve("task_0")
    Traceback (most recent call last):
    ...
    LookupError: task_0 is not on this worker: neither installed by the client's ChunkData plugin nor a bundled differ (a worker with another version of arc-dask-search?)
    """
    for items in _INSTALLED.values():
        if ref in items:
            return items[ref]
    if ref.startswith("differ_") and ref in bundled_differs():
        return bundled_differs()[ref]
    raise LookupError(f"{ref} is not on this worker: neither installed by the client's ChunkData "
                      "plugin nor a bundled differ (a worker with another version of arc-dask-search?)")


def plugin_name(label: str, refs: Iterable[str]) -> str:
    """A plugin's name: its owner's label and a digest of what it holds.

    >>> plugin_name("run1", ["task_a", "task_b"]) == plugin_name("run1", ["task_b", "task_a"])
    True
    """
    digest = hashlib.blake2b(" ".join(sorted(refs)).encode(), digest_size=8).hexdigest()
    return f"{PLUGIN_PREFIX}-{label}-{digest}"


class SharedOnWorkers:
    """What one client put on the workers for its chunks, so each item is sent once.

    ``share`` registers one plugin for the items not shared yet (a round's
    tasks at its start, say); ``release`` unregisters them all when the run is
    over. Plugins are named by the client's id and their items, which keeps two
    clients' plugins on one scheduler apart (or by ``label``, when given).
    """

    def __init__(self, label: str | None = None) -> None:
        self.label = label
        self.refs: set[str] = set()
        self.names: list[str] = []

    def share(self, client: Any, items: Mapping[str, Any]) -> None:
        """Send the items not shared yet to every worker, present and future (one plugin)."""
        new = {ref: item for ref, item in items.items() if ref not in self.refs}
        if not new:
            return
        name = plugin_name(self.label or client.id, new)
        try:
            client.register_plugin(ChunkData(name, new), name=name)
        except OSError as error:
            # The scheduler keeps the plugin before it sends it out: a worker lost on the way
            # is gone, and the one that replaces it is given the plugin as it joins.
            if client.status != "running":
                raise
            log.info("a worker left while %s was sent out (%s): the workers that join get it", name, error)
        self.refs.update(new)
        self.names.append(name)

    def release(self, client: Any) -> None:
        """Unregister every plugin shared so far (the workers drop their items); never raises.

        A client that lost its scheduler has nothing left to release: the plugins went with it.
        """
        names, self.names, self.refs = self.names, [], set()
        if client.status not in ("running", "newly-created"):
            return
        for name in names:
            try:
                client.unregister_worker_plugin(name)
            except Exception as error:  # letting go must never hide why a run ended
                log.debug("could not unregister %s: %s", name, error)

"""Where the command line's lines go: the library's log records and the CLI's own, routed by ``logging``.

The library logs through ``logging.getLogger(__name__)`` and prints nothing, so
a notebook or another program routes its records as it likes. The command line
attaches handlers to the project's loggers: INFO lines on stdout (with ``-q``
only the summary), warnings and errors on stderr, and everything appended to
``run.log`` in the output folder (a resumed run adds to the same file).

>>> import io
>>> out = io.StringIO()
>>> with console_logging(quiet=True, stdout=out, stderr=out):
...     logging.getLogger("graphs.engine.search").info("round 0: 12 candidates")
...     CLI.info("solved on train pairs: 1/2 tasks", extra=SUMMARY)
...     logging.getLogger("graphs.engine.search").warning("store slow")
>>> print(out.getvalue(), end="")
solved on train pairs: 1/2 tasks
warning: store slow
"""

from __future__ import annotations

import logging
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Iterator

# The project's top-level packages: their modules' loggers are children of these.
PROJECT_LOGGERS = ("graphs", "cluster", "tasks")
RUN_LOG = "run.log"
# The command line's own logger; its warnings and errors already say "warning: ", "error: ".
CLI = logging.getLogger("graphs.cli")
# ``extra=`` for a line shown even with -q (the summary, -q's "only").
SUMMARY = {"summary": True}
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _StdoutLines(logging.Filter):
    """INFO and below; with ``quiet``, only summary lines."""

    def __init__(self, quiet: bool) -> None:
        super().__init__()
        self.quiet = quiet

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.WARNING and (not self.quiet or getattr(record, "summary", False))


class _Prefixed(logging.Formatter):
    """``warning: ...`` and ``error: ...``; the CLI's own lines carry their prefix already."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.name == CLI.name or record.name.startswith(CLI.name + "."):
            return message
        return f"{record.levelname.lower()}: {message}"


@contextmanager
def _handled(handler: logging.Handler) -> Iterator[logging.Handler]:
    """``handler`` on every project logger while inside, which then log INFO and up."""
    loggers = [logging.getLogger(name) for name in PROJECT_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        if logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels):
            logger.removeHandler(handler)
            logger.setLevel(level)
        handler.close()


@contextmanager
def console_logging(quiet: bool, stdout: IO[str] | None = None,
                    stderr: IO[str] | None = None) -> Iterator[None]:
    """While inside: the project's INFO lines on ``stdout``, its warnings and errors on ``stderr``."""
    lines = logging.StreamHandler(stdout or sys.stdout)
    lines.addFilter(_StdoutLines(quiet))
    problems = logging.StreamHandler(stderr or sys.stderr)
    problems.setLevel(logging.WARNING)
    problems.setFormatter(_Prefixed())
    with ExitStack() as stack:
        stack.enter_context(_handled(lines))
        stack.enter_context(_handled(problems))
        yield


class _QuietOnFailure(logging.FileHandler):
    """A log file that falls silent when it cannot be written (a full disk) instead of printing a traceback.

    Its records are copies of the lines shown on stdout and stderr, and a run that
    cannot write says so in one line of its own.
    """

    def handleError(self, record: logging.LogRecord) -> None:
        self.close()
        self.setLevel(logging.CRITICAL + 1)


@contextmanager
def run_log(folder: Path) -> Iterator[Path]:
    """While inside: every project record appended to ``folder/run.log``, with its time and logger."""
    path = folder / RUN_LOG
    handler = _QuietOnFailure(path, mode="a", encoding="utf-8")
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    with _handled(handler):
        yield path

"""The app server's process, made ready for a hall: enough open files, and a log that says a resource problem once.

Each phone holds a socket (a keep-alive connection, a long poll), and so does each dashboard
session. A laptop's default limit on open files (256 on macOS from a terminal, 1,024 on many Linux
systems) is below a hall of 300–1,000 phones: once it is reached the server cannot accept a
connection or open a file, and the accept loop logs "Too many open files" many thousand times a
second. So, once at start (`prepare_process`, called by app.py):

- the soft limit is raised toward the hard limit (up to `OPEN_FILES_TARGET`; the figure is logged),
  which any process may do without privileges;
- resource errors (EMFILE, ENFILE: "Too many open files") from the accept loop and the server are
  logged once per `RESOURCE_LOG_SECONDS`, with a count of those left out, and without the traceback;
- a connection that does not finish its request head in time is closed (foresight.web.slow_clients).

Run as a service, set the limit where the service starts (systemd `LimitNOFILE=`, `ulimit -n`); see
README, Running a hall.
"""

from __future__ import annotations

import errno
import logging
import sys
import threading
import time

from foresight.web.slow_clients import install_head_deadline

OPEN_FILES_TARGET = 65_536  # far above a hall's needs; macOS caps a process lower still
RESOURCE_LOG_SECONDS = 60.0
RESOURCE_ERRNOS = {errno.EMFILE, errno.ENFILE}
# Where a full table of open files is reported: the event loop's accept loop and the server's own loggers.
RESOURCE_LOGGERS = ("asyncio", "uvicorn.error", "uvicorn", "streamlit", "foresight")
_LOG = logging.getLogger(__name__)


def raise_open_files_limit(target: int = OPEN_FILES_TARGET) -> tuple[int, int] | None:
    """Raise the soft open-files limit toward the hard limit; (soft, hard) after (None without POSIX limits)."""
    try:
        import resource  # POSIX only
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = target if hard == resource.RLIM_INFINITY else min(hard, target)
    if sys.platform == "darwin":
        ceiling = min(ceiling, 10_240)  # OPEN_MAX: macOS refuses a higher soft limit even under an unlimited hard one
    if soft != resource.RLIM_INFINITY and soft < ceiling:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
        except (ValueError, OSError) as error:
            _LOG.warning("could not raise the open-files limit from %s toward %s: %s", soft, ceiling, error)
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def is_resource_error(record: logging.LogRecord) -> bool:
    """Whether a log record reports running out of file descriptors."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, OSError) and error.errno in RESOURCE_ERRNOS:
        return True
    try:
        message = record.getMessage()
    except Exception:  # a record whose arguments do not fit its message: not ours to judge
        return False
    return "Too many open files" in message or "out of system resource" in message


class ResourceErrorLimit(logging.Filter):
    """Lets one resource error through per `seconds` (one line, no traceback), with a count of those left out."""

    def __init__(self, seconds: float = RESOURCE_LOG_SECONDS, clock=time.monotonic) -> None:
        super().__init__()
        self.seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._last: float | None = None
        self._left_out = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if not is_resource_error(record):
            return True
        with self._lock:
            now = self._clock()
            if self._last is not None and now - self._last < self.seconds:
                self._left_out += 1
                return False
            left_out, self._left_out, self._last = self._left_out, 0, now
        error = record.exc_info[1] if record.exc_info else None
        text = record.getMessage() + (f": {error}" if error is not None else "")
        if left_out:
            text += f" ({left_out} more like it in the last {self.seconds:.0f} s)"
        record.msg, record.args, record.exc_info, record.exc_text = text, (), None, None
        return True


def open_files_limit() -> int:
    """This process's soft open-files limit now (a large number where there is none)."""
    try:
        import resource
    except ImportError:
        return OPEN_FILES_TARGET
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return OPEN_FILES_TARGET if soft == resource.RLIM_INFINITY else int(soft)


_prepared = False


def prepare_process() -> None:
    """Once per process: raise the open-files limit (and log it), and limit the log's resource errors."""
    global _prepared
    if _prepared:
        return
    _prepared = True
    limit = ResourceErrorLimit()
    for name in RESOURCE_LOGGERS:
        logging.getLogger(name).addFilter(limit)
    ours = logging.getLogger("foresight")
    if not ours.handlers and not logging.getLogger().handlers:
        # Streamlit's loggers keep their handlers to themselves: ours get one of the same form on stderr.
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        ours.addHandler(handler)
        ours.setLevel(logging.INFO)
        ours.propagate = False
    install_head_deadline()  # a connection that never finishes its request head gives its socket back
    limits = raise_open_files_limit()
    if limits is not None:
        _LOG.info("open files: soft limit %s, hard limit %s", *limits)

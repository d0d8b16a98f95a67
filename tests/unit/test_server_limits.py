"""The app server's process at start: the open-files limit raised, resource errors logged once a minute."""

from __future__ import annotations

import errno
import logging
import subprocess
import sys

import pytest

from foresight.web.server_limits import ResourceErrorLimit

resource = pytest.importorskip("resource")


def test_the_soft_open_files_limit_is_raised_toward_the_hard_limit() -> None:
    """In a process of its own whose soft limit is 256 (a laptop's terminal), as app.py starts it."""
    script = (
        "import resource\n"
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))\n"
        "from foresight.web.server_limits import raise_open_files_limit\n"
        "print(*raise_open_files_limit(), hard)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    soft, hard, original_hard = (int(value) for value in out)
    assert hard == original_hard  # the hard limit is left alone
    wanted = 65_536 if original_hard == resource.RLIM_INFINITY else min(original_hard, 65_536)
    assert soft == (min(wanted, 10_240) if sys.platform == "darwin" else wanted) and soft > 256


def test_the_app_logs_the_limit_once_at_start(tmp_path) -> None:
    script = (
        "import logging, resource\n"
        "logging.basicConfig(level=logging.INFO, format='%(name)s %(message)s')\n"
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))\n"
        "from foresight.web.server_limits import prepare_process\n"
        "prepare_process(); prepare_process()\n"
    )
    err = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stderr
    assert err.count("open files: soft limit") == 1 and "soft limit 256," not in err


def emfile_record(logger: str = "asyncio") -> logging.LogRecord:
    error = OSError(errno.EMFILE, "Too many open files")
    return logging.LogRecord(
        logger, logging.ERROR, __file__, 1, "socket.accept() out of system resource", (), (OSError, error, None)
    )


def test_resource_errors_are_logged_once_a_minute_without_a_traceback() -> None:
    now = [0.0]
    limit = ResourceErrorLimit(seconds=60.0, clock=lambda: now[0])
    passed = [record for record in (emfile_record() for _ in range(90_000)) if limit.filter(record)]
    assert len(passed) == 1 and passed[0].exc_info is None
    assert "Too many open files" in passed[0].getMessage()
    now[0] = 61.0
    later = emfile_record()
    assert limit.filter(later) and "89999 more like it in the last 60 s" in later.getMessage()
    other = logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "something else", (), None)
    assert all(limit.filter(other) for _ in range(5))  # other errors are never held back

"""Reading and checking an uploaded file in a child process with a time and a memory limit.

The app is one process that also serves the live vote, and a spreadsheet parser is the one
piece of it that a single hostile file can keep busy for minutes or push to gigabytes. So the
parse and the validation run in a fresh interpreter (`python -m foresight.data.isolated`, started
with subprocess, which needs neither fork in a threaded server nor the parent's main module),
with RLIMIT_AS and RLIMIT_CPU set before it reads a byte, a lower scheduling priority, and a
wall-clock timeout. The parent waits in its own script thread (the vote's threads and the event
loop run on), gets typed records or a ValidationError back, and writes them itself.

Request and reply travel as pickles over the child's stdin and stdout: both ends are this
module, and the untrusted file is only ever bytes inside the request.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from foresight.errors import ForesightError, Problem, ValidationError

TIME_LIMIT_S = 180.0  # wall clock: a busy 2-core laptop runs the niced child slowly
CPU_LIMIT_S = 60  # CPU seconds: a real 200,000-row table needs a few
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024
NICENESS = 10
STATS_ENV = "FRAMSYN_CHECK_STATS"


@dataclass(frozen=True)
class CheckRequest:
    """What the child needs: the file, the table, and the keys and trends already stored."""

    table: str
    data: bytes
    filename: str
    known_keys: Mapping[str, Iterable[str]]
    stored_trends: Mapping[str, tuple[str, str | None]]
    memory_limit: int = MEMORY_LIMIT_BYTES
    cpu_limit_s: int = CPU_LIMIT_S


def check_file(request: CheckRequest, timeout: float = TIME_LIMIT_S) -> list[dict[str, object]]:
    """The file's validated records, from a child process; a ForesightError for any failure."""
    from foresight.store import PROJECT_ROOT  # the project on the child's path, wherever we run from

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "foresight.data.isolated"],
            input=pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL),
            capture_output=True,
            timeout=timeout,
            cwd=PROJECT_ROOT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as error:  # subprocess.run kills the child before raising
        raise ValidationError([Problem(None, None, "import.too_slow", {"seconds": round(timeout)})]) from error
    try:
        reply = pickle.loads(completed.stdout) if completed.stdout else None
    except (pickle.UnpicklingError, EOFError, AttributeError, ValueError) as error:
        raise ForesightError("import.check_failed") from error
    if reply is None:
        # Killed by a limit (RLIMIT_CPU sends SIGXCPU; an allocation beyond RLIMIT_AS may abort).
        raise ValidationError([Problem(None, None, "import.too_costly", {})])
    return _unpack(reply)


def _unpack(reply: tuple) -> list[dict[str, object]]:
    kind = reply[0]
    if kind == "records":
        return reply[1]
    if kind == "invalid":
        problems = [Problem(row, column, key, params) for row, column, key, params in reply[1]]
        raise ValidationError(problems, truncated=reply[2])
    if kind == "error":
        raise ForesightError(reply[1], **reply[2])
    raise ForesightError("import.check_failed")


def _limit_self(request: CheckRequest) -> None:
    try:
        import resource
    except ImportError:  # not on Windows: the timeout still holds there
        return
    resource.setrlimit(resource.RLIMIT_AS, (request.memory_limit, request.memory_limit))
    resource.setrlimit(resource.RLIMIT_CPU, (request.cpu_limit_s, request.cpu_limit_s + 1))
    try:
        os.nice(NICENESS)  # the vote's process goes first when both want the CPU
    except OSError:
        pass


def _serve() -> tuple:
    request: CheckRequest = pickle.loads(sys.stdin.buffer.read())
    _limit_self(request)
    from foresight.data.table_files import read_table_file
    from foresight.data.tables import TABLES
    from foresight.data.validation import validate_rows

    try:
        raw = read_table_file(request.data, request.filename)
        records = validate_rows(TABLES[request.table], raw, request.known_keys, request.stored_trends)
    except ValidationError as error:
        return ("invalid", [(p.row, p.column, p.key, dict(p.params)) for p in error.problems], error.truncated)
    except ForesightError as error:
        return ("error", error.key, dict(error.params))
    except MemoryError:
        return ("invalid", [(None, None, "import.too_costly", {})], False)
    except RecursionError:
        return ("invalid", [(None, None, "import.too_costly", {})], False)
    except Exception as error:  # noqa: BLE001 - any parser failure is a message, never a traceback
        return (
            "invalid",
            [(None, None, "import.unreadable", {"detail": f"{type(error).__name__}: {error}"[:200]})],
            False,
        )
    return ("records", records)


def _write_stats(path: str) -> None:
    """The child's own peak RSS (VmHWM: this interpreter only, not the parent it was forked from)."""
    status = Path("/proc/self/status").read_text() if Path("/proc/self/status").exists() else ""
    peak_kib = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), None)
    Path(path).write_text(json.dumps({"peak_rss_kib": peak_kib, "cpu_s": time.process_time()}))


def main() -> None:
    try:
        reply = _serve()
    except MemoryError:
        reply = ("invalid", [(None, None, "import.too_costly", {})], False)
    if os.environ.get(STATS_ENV):  # set by the measurements in bench/, never by the app
        _write_stats(os.environ[STATS_ENV])
    sys.stdout.buffer.write(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()

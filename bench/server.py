"""Starting the real app (`streamlit run app.py`) on a free loopback port, for tests and bench.

The browser tests and the hall benchmark both need the real server with a workspace of their
own; this is the one place that knows how to start it, wait for `/_stcore/health`, and stop or
kill it (SIGKILL, for the durability tests).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from foresight.store import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class AppServer:
    """A running `streamlit run` process serving the app on 127.0.0.1."""

    workspace: Path
    port: int = field(default_factory=free_port)
    extra_env: dict[str, str] = field(default_factory=dict)
    script: Path = PROJECT_ROOT / "app.py"  # tests may serve a page of their own
    extra_args: list[str] = field(default_factory=list)  # more `streamlit run` options, e.g. --secrets.files
    log_path: Path | None = None
    open_files: int | None = None  # the server's soft open-files limit at start (a laptop's 256, say)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> AppServer:
        env = {**os.environ, "FRAMSYN_DB": str(self.workspace), **self.extra_env}
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *self.extra_args,
        ]
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=self._limit_open_files if self.open_files else None,
        )
        self._wait_healthy(timeout)
        return self

    def _limit_open_files(self) -> None:
        """In the child before exec: the soft limit a terminal would have handed it (the hard one kept)."""
        import resource

        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files, hard))

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise TimeoutError("streamlit did not become healthy")

    def kill(self) -> None:
        """SIGKILL, as a power cut or an OOM kill would: no shutdown code runs."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

"""HAProxy in front of app processes on loopback, with the deployment example's own configuration.

Server mode's tests and benchmark run `deploy/haproxy/framsyn.cfg` itself, changed only where a
test must: fewer connections, loopback ports instead of 80/443, a throwaway certificate, the region workspace's
host name as 127.0.0.1 and its two servers as the test's processes. So what is measured and
tested is the configuration an operator installs.
"""

from __future__ import annotations

import functools
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from ssl import CERT_NONE, SSLContext, create_default_context

from bench.server import free_port
from foresight.store import PROJECT_ROOT

CONFIG = PROJECT_ROOT / "deploy" / "haproxy" / "framsyn.cfg"


@functools.cache
def loopback_tls() -> SSLContext:
    """A client context for the test certificate (loopback only: no name or chain to check).

    One for the process: making one loads the system's CA bundle (10-200 ms of CPU), and 2,000
    phones each making their own blocked the hall's event loop for longer than the server waits
    for a WebSocket's pong, so the screen's connection was closed ("keepalive ping timeout").
    """
    context = create_default_context()
    context.check_hostname = False
    context.verify_mode = CERT_NONE
    return context


def self_signed_pem(folder: Path) -> Path:
    key, cert, bundle = folder / "key.pem", folder / "cert.pem", folder / "framsyn.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert)]
        + ["-days", "1", "-subj", "/CN=127.0.0.1"],
        check=True,
        capture_output=True,
    )
    bundle.write_bytes(cert.read_bytes() + key.read_bytes())
    return bundle


def test_config(backends: tuple[int, int], https_port: int, http_port: int, pem: Path) -> str:
    """The example configuration with the region's two processes at `backends`, on loopback ports."""
    text = CONFIG.read_text(encoding="utf-8")
    for old, new in (
        ("log /dev/log local0", "log stderr format raw local0 notice"),
        ("maxconn 20000", "maxconn 4000"),  # a test machine's open-files limit, not a server's
        ("bind :80", f"bind 127.0.0.1:{http_port}"),
        ("bind :443", f"bind 127.0.0.1:{https_port}"),
        ("/etc/haproxy/certs/framsyn.pem", str(pem)),
        ("framsyn.region.example.se", "127.0.0.1"),
        ("127.0.0.1:8501", f"127.0.0.1:{backends[0]}"),
        ("127.0.0.1:8502", f"127.0.0.1:{backends[1]}"),
    ):
        if old not in text:
            raise ValueError(f"the example configuration no longer has {old!r}")
        text = text.replace(old, new)
    return text


@dataclass
class Proxy:
    """A running HAProxy for two app processes; `url` is its HTTPS address."""

    backends: tuple[int, int]
    folder: Path
    https_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def start(self, timeout: float = 30) -> Proxy:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "haproxy.cfg"
        config.write_text(test_config(self.backends, self.https_port, self.http_port, self_signed_pem(self.folder)))
        log = open(self.folder / "haproxy.log", "ab")
        self.process = subprocess.Popen(["haproxy", "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"haproxy exited with {self.process.returncode}: see {self.folder / 'haproxy.log'}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2, context=loopback_tls()) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise TimeoutError("haproxy did not pass requests on")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def __enter__(self) -> Proxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

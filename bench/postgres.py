"""A throwaway PostgreSQL cluster on loopback, for server mode's benchmark and tests.

`scripts/pg_cluster.sh` does the work (initdb and pg_ctl as the `postgres` user when run as
root: both refuse root); this class keeps its folder and port and stops it at the end.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.server import free_port
from foresight.store import PROJECT_ROOT

CLUSTER_SCRIPT = PROJECT_ROOT / "scripts" / "pg_cluster.sh"


def can_start_cluster() -> bool:
    return shutil.which("pg_config") is not None or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


class Cluster:
    """A cluster in a folder of its own (started, restarted and stopped by the script); `url` is its server."""

    def __init__(self, options: tuple[str, ...] = ()) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="framsyn-pg-"))
        self.port = free_port()
        self.url = self._run("start", str(self.port), *options).strip()

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            ["bash", str(CLUSTER_SCRIPT), args[0], str(self.folder), *args[1:]],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pg_cluster.sh {args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def database(self, name: str) -> str:
        """Create an empty database on the cluster (UTF-8, C.UTF-8 as the README says); its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'")
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def restart(self) -> None:
        self._run("restart")

    def stop(self) -> None:
        try:
            self._run("stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

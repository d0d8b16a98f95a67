"""The workspace store: one DuckDB file, one connection per process, a cursor per call.

DuckDB lets one process open a file read-write, and inside that process many threads may work
through their own cursors; a connection object shared between threads loses writes. So the
store holds the single connection and hands every caller a fresh cursor (0.2 ms), and every
write runs inside `transaction()`. The schema is a numbered series of SQL files in
`foresight/schema/`, applied once each at open and recorded in `schema_migrations`: tables are
created at start-up, never during a vote, because DDL in the write-ahead log is what DuckDB
replays least reliably after a crash.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from foresight.errors import StorageError, WorkspaceLockedError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WORKSPACE = PROJECT_ROOT / "data" / "workspace.duckdb"
WORKSPACE_ENV = "FRAMSYN_DB"

T = TypeVar("T")
Params = Sequence[Any] | dict[str, Any] | None
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def workspace_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The workspace file: an explicit path, else $FRAMSYN_DB, else data/workspace.duckdb."""
    chosen = explicit or os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE
    return Path(chosen).expanduser().resolve()


def migrations() -> list[tuple[int, str, str]]:
    """The schema files as (version, name, sql), in order."""
    found = []
    for entry in resources.files("foresight.schema").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _is_lock_error(error: duckdb.Error) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


class Store:
    """The open workspace. Create one per process (the app caches it) and close it at exit."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._connection = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as error:
            if _is_lock_error(error):
                raise WorkspaceLockedError("error.workspace_locked", path=str(self.path)) from error
            raise StorageError("error.storage_open", path=str(self.path), detail=str(error)) from error
        self._lock = threading.Lock()
        # Counts finished transactions: every write in this process goes through `transaction()`, and
        # DuckDB lets no other process write the file while this one has it open.
        self.generation = 0
        self._kept: dict[str, tuple[int, Any]] = {}
        if not read_only:
            self.migrate()

    # -- connection handling -------------------------------------------------------------

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared connection: each thread and each call gets its own."""
        with self._lock:  # creating cursors is cheap, but not documented as thread-safe
            return self._connection.cursor()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run the block in one transaction on its own cursor: all of it is written, or none."""
        cursor = self.cursor()
        try:
            cursor.begin()
            try:
                yield cursor
                cursor.commit()
            except BaseException:
                try:
                    cursor.rollback()
                except duckdb.Error:
                    pass  # a COMMIT that failed (e.g. a duplicate key) has already ended the transaction
                raise
        except duckdb.Error as error:
            raise StorageError("error.storage_write", detail=str(error)) from error
        finally:
            cursor.close()
            with self._lock:
                self.generation += 1

    def kept(self, name: str, load: Callable[[Store], T]) -> T:
        """`load(self)`, kept until the next write: small reference tables read on every rerun.

        The value is shared between callers, so `load` returns something nobody changes (tuples).
        A write during the load leaves it stamped with the older generation: read again next time.
        """
        with self._lock:
            generation = self.generation
            found = self._kept.get(name)
        if found is not None and found[0] == generation:
            return found[1]
        value = load(self)
        with self._lock:
            self._kept[name] = (generation, value)
        return value

    def _read(self, sql: str, params: Params, fetch: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run one read query on a fresh cursor and `fetch` its result; a DuckDB error is a StorageError."""
        cursor = self.cursor()
        try:
            return fetch(cursor.execute(sql, params or []))
        except duckdb.Error as error:
            raise StorageError("error.storage_read", detail=str(error)) from error
        finally:
            cursor.close()

    def query(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Run one read query and return a DataFrame."""
        return self._read(sql, params, duckdb.DuckDBPyConnection.df)

    def rows(self, sql: str, params: Params = None) -> list[tuple]:
        """Run one read query and return plain tuples (cheaper than a DataFrame for a few rows)."""
        return self._read(sql, params, duckdb.DuckDBPyConnection.fetchall)

    def columns(self, sql: str, params: Params = None) -> dict[str, Any]:
        """Run one read query and return its columns as numpy arrays (masked where a column has NULLs):
        the cheapest way to hand thousands of rows to numpy."""
        return self._read(sql, params, duckdb.DuckDBPyConnection.fetchnumpy)

    def scalar(self, sql: str, params: Params = None) -> Any:
        """Run one read query that returns one value."""
        found = self.rows(sql, params)
        return found[0][0] if found else None

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file (cheap; done when a vote round closes)."""
        cursor = self.cursor()
        try:
            cursor.execute("CHECKPOINT")
        finally:
            cursor.close()

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_migrations") or 0)

    def migrate(self) -> list[str]:
        """Apply every schema file not yet applied, each in its own transaction; idempotent."""
        with self.transaction() as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMP DEFAULT current_timestamp)"
            )
        applied_now = []
        done = {version for (version,) in self.rows("SELECT version FROM schema_migrations")}
        for version, name, sql in migrations():
            if version in done:
                continue
            with self.transaction() as cursor:
                cursor.execute(sql)
                cursor.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            applied_now.append(name)
        if applied_now:
            self.checkpoint()
        return applied_now

    def table_names(self) -> list[str]:
        return [
            name
            for (name,) in self.rows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
            )
        ]

    def row_counts(self) -> dict[str, int]:
        """Rows per table, for `stats` and the home page."""
        counts = {}
        for name in self.table_names():
            counts[name] = int(self.scalar(f'SELECT count(*) FROM "{name}"'))
        return counts

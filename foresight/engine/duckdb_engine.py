"""The DuckDB engine: one workspace file, one connection per process, a cursor per call.

DuckDB lets one process open a file read-write, and inside that process many threads may work
through their own cursors; a connection object shared between threads loses writes. So the
engine holds the single connection and hands every caller a fresh cursor (0.2 ms). No other
process can write the file while this one holds it, so there is nobody to notify.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from foresight.engine.base import Cursor, Engine, Notice
from foresight.errors import StorageError, WorkspaceLockedError


def _is_lock_error(error: duckdb.Error) -> bool:
    text = str(error).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


class DuckDBCursor(Cursor):
    dialect = "duckdb"

    def __init__(self, raw: duckdb.DuckDBPyConnection) -> None:
        self.raw = raw

    def execute(self, sql: str, params=None) -> DuckDBCursor:
        self.raw.execute(sql, params or [])
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.raw.executemany(sql, rows)

    def execute_script(self, sql: str) -> None:
        self.raw.execute(sql)

    def fetchone(self) -> tuple | None:
        return self.raw.fetchone()

    def fetchall(self) -> list[tuple]:
        return self.raw.fetchall()

    def df(self) -> pd.DataFrame:
        return self.raw.df()

    def fetchnumpy(self) -> dict[str, Any]:
        return self.raw.fetchnumpy()

    def stage(self, name: str, columns: Sequence[tuple[str, str]], rows) -> None:
        names = [column for column, _ in columns]
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows), columns=names)
        frame = frame[names].astype(object)
        frame = frame.where(frame.notna(), None)
        view = f"_staged_{name}"
        self.raw.complete()  # a result read with fetchone() is still open: registering would be refused
        self.raw.register(view, frame)
        try:
            casts = ", ".join(f"CAST({column} AS {sql_type}) AS {column}" for column, sql_type in columns)
            self.raw.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {casts} FROM {view}")
        finally:
            self.raw.unregister(view)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        by_column = zip(*rows, strict=True)
        cells = pd.DataFrame(
            {column: pd.Series(values, dtype=object) for column, values in zip(columns, by_column, strict=True)}
        )
        view = f"_rows_{table}"
        self.raw.complete()
        self.raw.register(view, cells)
        try:
            listed = ", ".join(columns)
            self.raw.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {view}")
        finally:
            self.raw.unregister(view)

    def advance_sequence(self, name: str, at_least: int) -> None:
        # DuckDB has no setval: draw the numbers up to `at_least` in one statement.
        current = self.raw.execute(f"SELECT nextval('{name}')").fetchone()[0]
        if current < at_least:
            self.raw.execute(f"SELECT max(nextval('{name}')) FROM range(?)", [at_least - current])


class DuckDBEngine(Engine):
    dialect = "duckdb"
    errors = (duckdb.Error,)

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._connection = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as error:
            if _is_lock_error(error):
                raise WorkspaceLockedError("error.workspace_locked", path=str(path)) from error
            raise StorageError("error.storage_open", path=str(path), detail=str(error)) from error
        self._lock = threading.Lock()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:  # creating cursors is cheap, but not documented as thread-safe
            return self._connection.cursor()

    def read(self, sql: str, params: Any, fetch: Callable[[Cursor], Any]) -> Any:
        raw = self._cursor()
        try:
            return fetch(DuckDBCursor(raw).execute(sql, params))
        finally:
            raw.close()

    @contextmanager
    def transaction(self, notice: Notice) -> Iterator[Cursor]:
        raw = self._cursor()
        try:
            raw.begin()
            try:
                yield DuckDBCursor(raw)
                raw.commit()
            except BaseException:
                try:
                    raw.rollback()
                except duckdb.Error:
                    pass  # a COMMIT that failed (e.g. a duplicate key) has already ended the transaction
                raise
        finally:
            raw.close()

    @contextmanager
    def snapshot(self) -> Iterator[Cursor]:
        raw = self._cursor()
        try:
            raw.begin()
            try:
                yield DuckDBCursor(raw)
            finally:
                raw.rollback()
        finally:
            raw.close()

    def sequence_values(self, store) -> dict[str, int | None]:
        return dict(
            store.rows("SELECT sequence_name, last_value FROM duckdb_sequences() WHERE schema_name = current_schema()")
        )

    def migration_lock(self):
        return nullcontext()  # one process holds the file

    def sequence_names(self, store) -> list[str]:
        return [
            name
            for (name,) in store.rows(
                "SELECT sequence_name FROM duckdb_sequences() WHERE schema_name = current_schema() ORDER BY 1"
            )
        ]

    def checkpoint(self) -> None:
        raw = self._cursor()
        try:
            raw.execute("CHECKPOINT")
        finally:
            raw.close()

    def close(self) -> None:
        self._connection.close()

"""The PostgreSQL engine: a pool of connections shared by the threads of one app process, and a
listener that hears what the other processes commit.

Several app processes (and the command line) work on one database at once. Each process keeps a
small pool (`FRAMSYN_DB_POOL`, default 8 connections; psycopg_pool checks a connection before
handing it out, so a database restart costs the next caller a reconnect, not an error). A read
that loses its connection half-way is tried once more on a fresh one. Every write transaction
ends with one `pg_notify` on the channel `framsyn` (delivered at commit, never for a rollback):
the listener thread of every other process hears it on a connection of its own and tells the
store (kept values, the ballot box's tallies). NOTIFY is not replayed to a listener that was
away, so after a lost connection the listener reconnects and asks everybody to resync.
"""

from __future__ import annotations

import datetime
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import NoneType
from typing import Any

import numpy as np
import psycopg
import psycopg_pool
from psycopg.adapt import Loader
from psycopg.types.bool import BoolDumper
from psycopg.types.numeric import FloatDumper, Int8Dumper

from foresight.engine.base import Cursor, Engine, Notice, column_defs, new_origin
from foresight.engine.postgres_sql import frame, numpy_columns, translate
from foresight.errors import StorageError

CHANNEL = "framsyn"
POOL_ENV = "FRAMSYN_DB_POOL"
_MIGRATION_LOCK = 7_202_605  # an advisory lock key of our own: processes starting together migrate once
_LOG = logging.getLogger(__name__)


class _NumberLoader(Loader):
    """NUMERIC as DuckDB gives its sums: an int when whole, else a float (never a Decimal)."""

    def load(self, data) -> int | float:
        text = bytes(data).decode("ascii")
        return float(text) if any(mark in text for mark in ".eEN") else int(text)


def _configure(connection: psycopg.Connection) -> None:
    """Every pooled connection: timestamps in UTC (as the app writes them), numpy values as parameters."""
    connection.execute("SET TIME ZONE 'UTC'")
    adapters = connection.adapters
    adapters.register_loader("numeric", _NumberLoader)
    for kind in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32):
        adapters.register_dumper(kind, Int8Dumper)
    adapters.register_dumper(np.bool_, BoolDumper)
    adapters.register_dumper(np.float32, FloatDumper)


class PostgresCursor(Cursor):
    dialect = "postgresql"

    def __init__(self, raw: psycopg.Cursor) -> None:
        self.raw = raw
        self.notice: Notice | None = None

    def execute(self, sql: str, params=None) -> PostgresCursor:
        text, named = translate(sql)
        if named:
            self.raw.execute(text, dict(params or {}))
        else:
            self.raw.execute(text, list(params or []))
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        text, _ = translate(sql)
        self.raw.executemany(text, [list(row) for row in rows])

    def execute_script(self, sql: str) -> None:
        self.raw.execute(sql)

    def fetchone(self) -> tuple | None:
        return self.raw.fetchone()

    def fetchall(self) -> list[tuple]:
        return self.raw.fetchall()

    def _described(self) -> tuple[list[str], list[int]]:
        description = self.raw.description or []
        return [column.name for column in description], [column.type_code for column in description]

    def df(self):
        names, oids = self._described()
        return frame(names, oids, self.raw.fetchall())

    def fetchnumpy(self) -> dict[str, Any]:
        names, oids = self._described()
        return numpy_columns(names, oids, self.raw.fetchall())

    def stage(self, name: str, columns: Sequence[tuple[str, str]], rows) -> None:
        names = [column for column, _ in columns]
        if hasattr(rows, "itertuples"):
            rows = rows[names].itertuples(index=False, name=None)
        whole = [sql_type.upper() in ("INTEGER", "BIGINT", "SMALLINT") for _, sql_type in columns]
        self.raw.execute(f"CREATE TEMP TABLE {name} ({column_defs(columns)}) ON COMMIT DROP")
        with self.raw.copy(f"COPY {name} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_cell(value, is_whole) for value, is_whole in zip(row, whole, strict=True)])

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        with self.raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row if all(type(value) in _PLAIN for value in row) else [_cell(v, False) for v in row])

    @property
    def share_lock(self) -> str:
        return " FOR SHARE"

    def notify(self, notice: Notice) -> None:
        self.notice = notice

    def advance_sequence(self, name: str, at_least: int) -> None:
        self.raw.execute("SELECT setval(%s, greatest(%s, 1))", [name, int(at_least)])


_PLAIN = (str, int, datetime.datetime, NoneType)  # taken by COPY as they are (a ballot's row): no per-value checks


def _cell(value: object, whole: bool) -> object:
    """A staged value as COPY takes it: NaN/NaT as NULL, pandas' float for a whole column back to int."""
    if isinstance(value, list | tuple | np.ndarray):
        return list(value)
    try:
        if value is None or value != value:  # NaN and NaT are not equal to themselves
            return None
    except TypeError:  # pandas' NA has no truth value
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if whole and isinstance(value, float):
        return int(value)
    return value


class PostgresEngine(Engine):
    dialect = "postgresql"
    errors = (psycopg.Error,)

    def __init__(self, url: str) -> None:
        self.url = url
        self.origin = new_origin()
        size = max(2, int(os.environ.get(POOL_ENV) or 8))
        self._pool = psycopg_pool.ConnectionPool(
            url,
            min_size=2,
            max_size=size,
            kwargs={"autocommit": True},
            configure=_configure,
            check=psycopg_pool.ConnectionPool.check_connection,
            timeout=30.0,
            name="framsyn",
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=15.0)
        except psycopg_pool.PoolTimeout as error:
            self._pool.close()
            raise StorageError("error.storage_open", path=_redacted(url), detail=str(error)) from error
        self._listener: _Listener | None = None

    def explain(self, error: BaseException) -> str:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__

    def is_transient(self, error: BaseException) -> bool:
        return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)

    def is_conflict(self, error: BaseException) -> bool:
        return isinstance(
            error,
            psycopg.errors.UniqueViolation | psycopg.errors.SerializationFailure | psycopg.errors.DeadlockDetected,
        )

    def read(self, sql: str, params: Any, fetch: Callable[[Cursor], Any]) -> Any:
        for attempt in (1, 2):
            try:
                with self._pool.connection() as connection, connection.cursor() as raw:
                    return fetch(PostgresCursor(raw).execute(sql, params))
            except psycopg.OperationalError:
                if attempt == 2:
                    raise
                _LOG.warning("read lost its connection; trying once more on a fresh one")
        raise AssertionError("unreachable")

    @contextmanager
    def transaction(self, notice: Notice) -> Iterator[Cursor]:
        with self._pool.connection() as connection, connection.transaction(), connection.cursor() as raw:
            cursor = PostgresCursor(raw)
            yield cursor
            chosen = cursor.notice or notice
            if chosen is not Notice.QUIET:
                raw.execute("SELECT pg_notify(%s, %s)", [CHANNEL, chosen.payload(self.origin)])

    @contextmanager
    def snapshot(self) -> Iterator[Cursor]:
        with self._pool.connection() as connection, connection.cursor() as raw:
            raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield PostgresCursor(raw)
            finally:
                raw.execute("ROLLBACK")

    def sequence_values(self, store) -> dict[str, int | None]:
        return dict(store.rows("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"))

    @contextmanager
    def migration_lock(self) -> Iterator[None]:
        with self._pool.connection() as connection:
            connection.execute("SELECT pg_advisory_lock(%s)", [_MIGRATION_LOCK])
            try:
                yield
            finally:
                connection.execute("SELECT pg_advisory_unlock(%s)", [_MIGRATION_LOCK])

    def sequence_names(self, store) -> list[str]:
        return [
            name
            for (name,) in store.rows(
                "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()"
                " ORDER BY 1"
            )
        ]

    def start_listening(self, on_notice: Callable[[Notice], None], on_resync: Callable[[], None]) -> None:
        self._listener = _Listener(self.url, self.origin, on_notice, on_resync)
        self._listener.start()

    def wait_listening(self, timeout: float) -> bool:
        return self._listener is None or self._listener.listening.wait(timeout)

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
        self._pool.close()


def _redacted(url: str) -> str:
    from foresight.store import describe

    return describe(url)


class _Listener(threading.Thread):
    """LISTEN on a connection of its own; reconnect with backoff; ask for a resync after a gap."""

    def __init__(
        self, url: str, origin: str, on_notice: Callable[[Notice], None], on_resync: Callable[[], None]
    ) -> None:
        super().__init__(name="framsyn-listener", daemon=True)
        self.url = url
        self.origin = origin
        self.on_notice = on_notice
        self.on_resync = on_resync
        self.listening = threading.Event()
        self._stopping = threading.Event()

    def stop(self) -> None:
        self._stopping.set()
        self.join(timeout=5)

    def run(self) -> None:
        delay = 0.1
        first = True
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    if not first:
                        self.on_resync()  # if it fails, the loop reconnects and asks again
                    first = False
                    self.listening.set()
                    delay = 0.1
                    while not self._stopping.is_set():
                        for message in connection.notifies(timeout=0.5):
                            notice = Notice.from_payload(message.payload)
                            if notice is not None and notice.origin != self.origin:
                                self._call(self.on_notice, notice)
            except psycopg.Error as error:
                if self.listening.is_set():
                    _LOG.warning("lost the notification connection (%s); reconnecting", error)
                self.listening.clear()
                self._stopping.wait(delay)
                delay = min(delay * 2, 2.0)
            except Exception:  # the listener must outlive any surprise
                _LOG.exception("notification listener failed; starting again")
                time.sleep(0.5)

    @staticmethod
    def _call(callback: Callable[..., None], *args: object) -> None:
        try:
            callback(*args)
        except Exception:  # one failing listener must not stop the others hearing
            _LOG.exception("a notification listener failed")

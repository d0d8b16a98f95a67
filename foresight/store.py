"""The workspace store: one interface over two engines, a DuckDB file or a PostgreSQL database.

A laptop in a hall keeps its workspace in one DuckDB file (the default, one command, offline); a
region or a national body that runs several app processes keeps it in PostgreSQL, named by a
`postgresql://` URL in `FRAMSYN_DB` or `--db`. The domain sees one `Store` either way:

- `query`/`rows`/`columns`/`scalar` read on a cursor of their own; every write runs inside
  `transaction()`, whose cursor has the same `execute`/`fetchone`/`fetchall`/`df` on both engines.
- One SQL text per query. It is written with `?` (or `$name`) parameters and in the forms both
  engines share (`DISTINCT ON`, windows in a subquery, `ON CONFLICT … DO UPDATE`, `= ANY(?)`,
  `GROUPING SETS`); the PostgreSQL engine rewrites the parameter marks. What no portable form
  covers lives here and in `foresight.engine`, nowhere else: staging rows in a temporary table
  (`Cursor.stage`), a shared row lock (`Cursor.share_lock`), advancing a sequence, and the
  notifications that tell the other processes what changed (`Cursor.notify`, `Store.listen`).
- The schema is a numbered series of files in `foresight/schema/`, applied once each at open and
  recorded in `schema_migrations`: `NNN_name.sql` serves both engines, and a sibling
  `NNN_name.postgresql.sql` or `NNN_name.duckdb.sql` replaces it for that engine where the two
  cannot share a text. Tables are created at start-up, never during a vote: DDL in DuckDB's
  write-ahead log is what it replays least reliably after a crash.
- `kept(name, load)` keeps small reference tables until the next write: in this process (a
  counter of finished transactions) and, on PostgreSQL, in any other process too (each write
  transaction sends one notification that every process listens for).
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

import pandas as pd

from foresight.engine.base import Cursor, Engine, Notice
from foresight.errors import StorageError

__all__ = ["Cursor", "Notice", "Store", "StorageError", "describe", "is_server_url", "upsert_sql", "workspace_path"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WORKSPACE = PROJECT_ROOT / "data" / "workspace.duckdb"
WORKSPACE_ENV = "FRAMSYN_DB"
SERVER_SCHEMES = ("postgresql://", "postgres://")

T = TypeVar("T")
Params = Sequence[Any] | dict[str, Any] | None
Location = Path | str
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+?)(?:\.(duckdb|postgresql))?\.sql$")


def is_server_url(location: object) -> bool:
    """Whether `location` names a PostgreSQL database rather than a DuckDB file."""
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


def workspace_path(explicit: str | os.PathLike[str] | None = None) -> Location:
    """The workspace: an explicit path or URL, else $FRAMSYN_DB, else data/workspace.duckdb.

    A `postgresql://` URL comes back as it is (a string); anything else is a file path.
    """
    chosen = explicit or os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE
    if is_server_url(str(chosen)):
        return str(chosen)
    return Path(chosen).expanduser().resolve()


def describe(location: Location) -> str:
    """The workspace as a person may see it: a file path, or a database URL without its password."""
    if not is_server_url(str(location)):
        return str(location)
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", str(location))


def migrations(dialect: str = "duckdb") -> list[tuple[int, str, str]]:
    """The schema files for one engine as (version, name, sql), in order.

    `NNN_name.sql` is shared; `NNN_name.<dialect>.sql` replaces it for that engine only.
    """
    shared: dict[int, tuple[str, str]] = {}
    own: dict[int, tuple[str, str]] = {}
    for entry in resources.files("foresight.schema").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if not match:
            continue
        version, variant = int(match.group(1)), match.group(3)
        name = f"{match.group(1)}_{match.group(2)}.sql"
        if variant is None:
            shared[version] = (name, entry.read_text(encoding="utf-8"))
        elif variant == dialect:
            own[version] = (name, entry.read_text(encoding="utf-8"))
    chosen = {**shared, **own}
    return sorted((version, name, sql) for version, (name, sql) in chosen.items())


def upsert_sql(table: str, columns: Sequence[str], key: str, source: str) -> str:
    """`INSERT … SELECT … FROM source` that replaces the row with the same `key` (both engines' upsert)."""
    listed = ", ".join(columns)
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns if column != key)
    return f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {source} ON CONFLICT ({key}) DO UPDATE SET {updates}"


def _open_engine(location: Location, read_only: bool) -> Engine:
    if is_server_url(str(location)):
        from foresight.engine.postgres_engine import PostgresEngine  # psycopg is needed in server mode only

        return PostgresEngine(str(location))
    from foresight.engine.duckdb_engine import DuckDBEngine

    return DuckDBEngine(Path(location), read_only=read_only)


class Store:
    """The open workspace. Create one per process (the app caches it) and close it at exit."""

    def __init__(self, location: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.location: Location = str(location) if is_server_url(str(location)) else Path(location)
        self.read_only = read_only
        self._engine = _open_engine(self.location, read_only)
        self._closed = False
        self.dialect = self._engine.dialect
        self._lock = threading.Lock()
        # Counts finished transactions here and writes announced by other processes (server mode):
        # a kept value stamped with an older count is read again.
        self.generation = 0
        self._kept: dict[str, tuple[int, Any]] = {}
        self._listeners: list[Callable[[Notice], None]] = []
        self._resyncs: list[Callable[[], None]] = []
        self._engine.start_listening(self._on_notice, self._on_resync)
        if not read_only:
            try:
                self.migrate()
            except BaseException:
                self.close()
                raise

    @property
    def path(self) -> Path | None:
        """The workspace file (None for a PostgreSQL database)."""
        return self.location if isinstance(self.location, Path) else None

    @property
    def is_server(self) -> bool:
        """True for a PostgreSQL workspace shared by several app processes (server mode)."""
        return self.dialect == "postgresql"

    def describe(self) -> str:
        return describe(self.location)

    # -- reading and writing -------------------------------------------------------------

    @contextmanager
    def transaction(self, *, notice: Notice | None = None) -> Iterator[Cursor]:
        """Run the block in one transaction on its own cursor: all of it is written, or none.

        On PostgreSQL the commit also tells every other process that something changed (one
        notification: `notice`, or a plain "write" that makes them read kept values again).
        """
        try:
            with self._engine.transaction(notice or Notice("write")) as cursor:
                yield cursor
        except self._engine.errors as error:
            raise self._wrapped("error.storage_write", error) from error
        finally:
            with self._lock:
                self.generation += 1

    @contextmanager
    def snapshot(self) -> Iterator[Cursor]:
        """A read-only transaction: every query in the block sees the same moment (for a whole-workspace copy)."""
        try:
            with self._engine.snapshot() as cursor:
                yield cursor
        except self._engine.errors as error:
            raise StorageError("error.storage_read", detail=self._engine.explain(error)) from error

    def _read(self, sql: str, params: Params, fetch: Callable[[Cursor], T]) -> T:
        """Run one read query on a fresh cursor and `fetch` its result; an engine error is a StorageError."""
        try:
            return self._engine.read(sql, params, fetch)
        except self._engine.errors as error:
            raise self._wrapped("error.storage_read", error) from error

    def _wrapped(self, key: str, error: BaseException) -> StorageError:
        wrapped = StorageError(key, detail=self._engine.explain(error))
        wrapped.transient = self._engine.is_transient(error)
        wrapped.conflict = self._engine.is_conflict(error)
        return wrapped

    def query(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Run one read query and return a DataFrame."""
        return self._read(sql, params, lambda cursor: cursor.df())

    def rows(self, sql: str, params: Params = None) -> list[tuple]:
        """Run one read query and return plain tuples (cheaper than a DataFrame for a few rows)."""
        return self._read(sql, params, lambda cursor: cursor.fetchall())

    def columns(self, sql: str, params: Params = None) -> dict[str, Any]:
        """Run one read query and return its columns as numpy arrays (masked where a column has NULLs):
        the cheapest way to hand thousands of rows to numpy."""
        return self._read(sql, params, lambda cursor: cursor.fetchnumpy())

    def scalar(self, sql: str, params: Params = None) -> Any:
        """Run one read query that returns one value."""
        found = self.rows(sql, params)
        return found[0][0] if found else None

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

    # -- other processes (server mode) ---------------------------------------------------

    def listen(self, on_notice: Callable[[Notice], None], on_resync: Callable[[], None] | None = None) -> None:
        """Hear what other processes commit (`on_notice`), and when notices may have been missed (`on_resync`).

        A DuckDB file has one process: nothing is ever heard. On PostgreSQL the calls come from the
        store's listener thread; `on_resync` follows a lost and regained connection.
        """
        with self._lock:
            self._listeners.append(on_notice)
            if on_resync is not None:
                self._resyncs.append(on_resync)

    def wait_listening(self, timeout: float = 10.0) -> bool:
        """Wait until notices from other processes are heard (at once for a DuckDB file)."""
        return self._engine.wait_listening(timeout)

    def _on_notice(self, notice: Notice) -> None:
        if notice.invalidates_kept:
            with self._lock:
                self.generation += 1
        for listener in list(self._listeners):
            listener(notice)

    def _on_resync(self) -> None:
        with self._lock:
            self.generation += 1
        for resync in list(self._resyncs):
            resync()

    # -- housekeeping --------------------------------------------------------------------

    def checkpoint(self) -> None:
        """Fold DuckDB's write-ahead log into the file (cheap; done when a vote round closes)."""
        self._engine.checkpoint()

    def close(self) -> None:
        """Close the connection (or pool and listener); closing twice is harmless."""
        if not self._closed:
            self._closed = True
            self._engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_migrations") or 0)

    def migrate(self) -> list[str]:
        """Apply every schema file not yet applied, each in its own transaction; idempotent.

        On PostgreSQL an advisory lock makes processes that start together apply them once.
        """
        with self._engine.migration_lock():
            with self.transaction() as cursor:
                cursor.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                    " applied_at TIMESTAMP DEFAULT current_timestamp)"
                )
            applied_now = []
            done = {version for (version,) in self.rows("SELECT version FROM schema_migrations")}
            for version, name, sql in migrations(self.dialect):
                if version in done:
                    continue
                with self.transaction() as cursor:
                    cursor.execute_script(sql)
                    cursor.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
                applied_now.append(name)
        if applied_now:
            self.checkpoint()
        return applied_now

    def table_names(self) -> list[str]:
        """The workspace's tables (its own schema only), by name."""
        return [
            name
            for (name,) in self.rows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                " AND table_type = 'BASE TABLE' ORDER BY table_name"
            )
        ]

    def table_columns(self, table: str) -> list[str]:
        """A table's columns in their defined order."""
        return [
            name
            for (name,) in self.rows(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = ? ORDER BY ordinal_position",
                [table],
            )
        ]

    def sequence_names(self) -> list[str]:
        """The workspace's sequences (ids of crosses, moves, workshops, …), by name."""
        return self._engine.sequence_names(self)

    def sequence_values(self) -> dict[str, int | None]:
        """Each sequence's last value handed out (None: never used), read without drawing one."""
        return self._engine.sequence_values(self)

    def row_counts(self) -> dict[str, int]:
        """Rows per table, for `stats` and the home page."""
        counts = {}
        for name in self.table_names():
            counts[name] = int(self.scalar(f'SELECT count(*) FROM "{name}"'))
        return counts

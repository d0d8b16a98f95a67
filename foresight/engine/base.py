"""What both engines offer the store: a cursor with one API, and a notice other processes hear."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd


def new_origin() -> str:
    """A name for one open store, so it can tell its own notices from everybody else's."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Notice:
    """What one committed transaction tells the other processes: a kind and a little data.

    `invalidates_kept` makes every process read its kept reference tables again (`Store.kept`);
    a ballot batch changes none of them and says so. `Notice.QUIET` sends nothing at all.
    `origin` names the store that sent it (filled in when it is heard).
    """

    QUIET: ClassVar[Notice]

    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    invalidates_kept: bool = True
    origin: str = ""

    def payload(self, origin: str) -> str:
        return json.dumps(
            {"o": origin, "k": self.kind, "d": self.data, "i": self.invalidates_kept}, separators=(",", ":")
        )

    @classmethod
    def from_payload(cls, payload: str) -> Notice | None:
        try:
            raw = json.loads(payload)
            return cls(str(raw["k"]), dict(raw.get("d") or {}), bool(raw.get("i", True)), str(raw["o"]))
        except (ValueError, KeyError, TypeError):
            return None


Notice.QUIET = Notice("quiet", invalidates_kept=False)


class Cursor:
    """One transaction's (or one read's) cursor: the same methods on both engines.

    `execute` returns the cursor, so `cursor.execute(sql, params).fetchone()` reads as on DuckDB.
    """

    dialect = ""

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Cursor:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def execute_script(self, sql: str) -> None:
        """Run several statements without parameters (a migration file)."""
        raise NotImplementedError

    def fetchone(self) -> tuple | None:
        raise NotImplementedError

    def fetchall(self) -> list[tuple]:
        raise NotImplementedError

    def df(self) -> pd.DataFrame:
        raise NotImplementedError

    def fetchnumpy(self) -> dict[str, Any]:
        raise NotImplementedError

    def stage(
        self, name: str, columns: Sequence[tuple[str, str]], rows: pd.DataFrame | Sequence[Sequence[Any]]
    ) -> None:
        """Create the temporary table `name` (columns as (name, SQL type)) holding `rows`, in bulk.

        Drop it before the transaction ends (`DROP TABLE name`). DuckDB scans a DataFrame;
        PostgreSQL copies the rows in with COPY.
        """
        raise NotImplementedError

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Append `rows` to an existing table in bulk (DuckDB scans a frame; PostgreSQL uses COPY)."""
        raise NotImplementedError

    @property
    def share_lock(self) -> str:
        """The clause that holds a SELECT's rows against a concurrent UPDATE until commit ('' where none is needed)."""
        return ""

    def notify(self, notice: Notice) -> None:
        """Say `notice` (instead of a plain "write") to the other processes when this transaction commits."""

    def advance_sequence(self, name: str, at_least: int) -> None:
        """Make `nextval(name)` return more than `at_least` from now on (after copying rows in)."""
        raise NotImplementedError


class Engine:
    """An open workspace database. The store holds one and wraps its errors."""

    dialect = ""
    errors: tuple[type[BaseException], ...] = ()

    def explain(self, error: BaseException) -> str:
        return str(error)

    def is_transient(self, error: BaseException) -> bool:
        """Whether the database could not be reached (the same work may succeed in a moment)."""
        return False

    def is_conflict(self, error: BaseException) -> bool:
        """Whether another writer got there first (a duplicate key, a write conflict)."""
        text = str(error).lower()
        return any(word in text for word in ("conflict", "duplicate", "primary key", "unique"))

    def read(self, sql: str, params: Any, fetch: Callable[[Cursor], Any]) -> Any:
        raise NotImplementedError

    def transaction(self, notice: Notice) -> AbstractContextManager[Cursor]:
        raise NotImplementedError

    def snapshot(self) -> AbstractContextManager[Cursor]:
        """A read-only transaction: every query in it sees the same moment."""
        raise NotImplementedError

    def migration_lock(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def sequence_values(self, store: Any) -> dict[str, int | None]:
        """Each sequence's last value handed out (None: never used), read without drawing one."""
        raise NotImplementedError

    def sequence_names(self, store: Any) -> list[str]:
        raise NotImplementedError

    def start_listening(self, on_notice: Callable[[Notice], None], on_resync: Callable[[], None]) -> None:
        """Begin hearing other processes' notices (nothing to hear for a file only this process writes)."""

    def wait_listening(self, timeout: float) -> bool:
        return True

    def checkpoint(self) -> None:
        """Nothing to fold for most engines."""

    def close(self) -> None:
        raise NotImplementedError


def column_defs(columns: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{name} {sql_type}" for name, sql_type in columns)

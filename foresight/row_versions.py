"""Versions of the rows the app edits, so that two people editing one row never overwrite each other.

An edit form carries the version of the row it opened (`RowVersion.number`). Saving claims the
next version inside the save's own transaction (`claim`): if the stored version is no longer the
one the form opened, someone saved in between, and the save is refused with who saved, when, and
both versions (`EditConflictError`), before anything is written. A row never edited in the app
has version 0; imports replace the data columns and leave the version alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from foresight.errors import ForesightError
from foresight.store import Store

VERSIONED = {"trends": "id", "plan_actions": "id", "activities": "id"}  # table: key column


class EditConflictError(ForesightError):
    """The row changed after the form opened it; nothing was written."""


@dataclass(frozen=True)
class RowVersion:
    """One row's version: how often it was saved in the app, by whom and when (empty for 0)."""

    number: int
    by: str
    at: str


def _key(table: str) -> str:
    if table not in VERSIONED:
        raise ValueError(f"not a versioned table: {table}")
    return VERSIONED[table]


def _read(found: tuple | list | None) -> RowVersion:
    if not found:
        return RowVersion(0, "", "")
    number, by, at = found
    return RowVersion(int(number or 0), str(by or ""), "" if at is None else str(at)[:16])


def version_of(store: Store, table: str, key: str) -> RowVersion:
    """The stored version of one row (0 for a row never saved in the app or not there)."""
    rows = store.rows(
        f"SELECT coalesce(edit_version, 0), edited_by, edited_at FROM {table} WHERE {_key(table)} = ?", [key]
    )
    return _read(rows[0] if rows else None)


def check(cursor, table: str, key: str, opened: int | None) -> RowVersion:
    """Refuse (EditConflictError) if the row's version is no longer `opened`; None skips the check (a new row)."""
    found = cursor.execute(
        f"SELECT coalesce(edit_version, 0), edited_by, edited_at FROM {table} WHERE {_key(table)} = ?", [key]
    ).fetchone()
    stored = _read(found)
    if opened is not None and stored.number != int(opened):
        raise EditConflictError(
            "edit.conflict", who=stored.by or "?", when=stored.at or "?", yours=int(opened), theirs=stored.number
        )
    return stored


def claim(cursor, table: str, key: str, editor: str, stored: RowVersion) -> int:
    """Mark the row saved by `editor` now as the version after `stored`; returns the new number."""
    number = stored.number + 1
    cursor.execute(
        f"UPDATE {table} SET edit_version = ?, edited_by = ?, edited_at = current_timestamp WHERE {_key(table)} = ?",
        [number, editor[:200], key],
    )
    return number

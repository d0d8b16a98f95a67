"""Loading reference data into the workspace: the seed files at init, and user imports.

Both go through `foresight.data.validation`, and both write in one transaction: a file with a single
bad cell changes nothing. Rows are upserted by key, and rows identical to what is stored are not
written at all, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from foresight.data.derived import sync_derived
from foresight.data.isolated import CheckRequest, check_file
from foresight.data.table_files import read_table_file
from foresight.data.tables import DATE, DECIMAL, ENUM_LIST, INTEGER, LOAD_ORDER, REF_LIST, TABLES, TableSpec
from foresight.data.validation import validate_rows
from foresight.errors import Problem, ValidationError
from foresight.store import PROJECT_ROOT, Store, upsert_sql

SEED_DIR = PROJECT_ROOT / "data"

_SQL_TYPES = {
    INTEGER: "INTEGER",
    DECIMAL: "DOUBLE PRECISION",
    DATE: "DATE",
    ENUM_LIST: "VARCHAR[]",
    REF_LIST: "VARCHAR[]",
}


@dataclass(frozen=True)
class ImportResult:
    """What an import did to one table."""

    table: str
    added: int
    changed: int
    unchanged: int


def import_file(store: Store, table: str, data: bytes, filename: str = "", *, isolated: bool = True) -> ImportResult:
    """Validate a CSV/.xlsx file for `table` and upsert it, all or nothing.

    The file is read and checked in a child process with a time and memory limit
    (`foresight.data.isolated`), so no file can stall or exhaust the process serving a vote;
    `isolated=False` does the same work in this process (for trusted files and fast tests).
    """
    if table not in TABLES:
        raise ValidationError([Problem(None, None, "import.unknown_table", {"value": table})])
    spec = TABLES[table]
    known = known_keys(store, spec)
    trends = _stored_trends(store) if table == "trends" else {}
    if isolated:
        request = CheckRequest(table, data, filename, known, trends)
        records = check_file(request)
    else:
        records = validate_rows(spec, read_table_file(data, filename), known, trends)
    with store.transaction() as cursor:
        return _upsert(cursor, spec, records)


def load_seed(store: Store, seed_dir: Path = SEED_DIR) -> list[ImportResult]:
    """Load every seed CSV into the workspace in one transaction (used by `init` on an empty file)."""
    known = {
        name: {str(key) for (key,) in store.rows(f"SELECT {spec.key} FROM {name}")} for name, spec in TABLES.items()
    }
    stored = _stored_trends(store)
    batches = []
    for table in LOAD_ORDER:
        spec = TABLES[table]
        path = seed_dir / f"{table}.csv"
        try:
            records = validate_rows(spec, read_table_file(path.read_bytes(), path.name), known, stored)
        except ValidationError as error:
            for problem in error.problems:  # say which file, since several are loaded at once
                problem.params.setdefault("file", path.name)
            raise
        known[table] = set(known.get(table, set())) | {record[spec.key] for record in records}
        batches.append((spec, records))
    with store.transaction() as cursor:
        return [_upsert(cursor, spec, records) for spec, records in batches]


def upsert_records(store: Store, table: str, records: list[dict[str, object]]) -> ImportResult:
    """Upsert records already checked by `validate_rows` for `table`, in one transaction."""
    with store.transaction() as cursor:
        return upsert_in(cursor, table, records)


def upsert_in(cursor, table: str, records: list[dict[str, object]]) -> ImportResult:
    """Upsert checked records inside a transaction the caller holds (to write more in the same one)."""
    return _upsert(cursor, TABLES[table], records)


def is_empty(store: Store) -> bool:
    """True when no reference data has been loaded yet."""
    return all(store.scalar(f"SELECT count(*) FROM {table}") == 0 for table in LOAD_ORDER)


def known_keys(store: Store, spec: TableSpec) -> dict[str, set[str]]:
    """The stored keys of the tables `spec` refers to (and no others: the checking child gets only these)."""
    referenced = {column.references for column in spec.columns if column.references}
    return {name: _stored_keys(store, name) for name in referenced}


def _stored_keys(store: Store, table: str) -> set[str]:
    return {str(key) for (key,) in store.rows(f"SELECT {TABLES[table].key} FROM {table}")}


def _stored_trends(store: Store) -> dict[str, tuple[str, str | None]]:
    return {key: (level, parent) for key, level, parent in store.rows("SELECT id, level, parent_id FROM trends")}


def _frame(spec: TableSpec, records: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=spec.column_names).astype(object)
    return frame.where(frame.notna(), None)


def _upsert(cursor, spec: TableSpec, records: list[dict[str, object]]) -> ImportResult:
    columns = ", ".join(spec.column_names)
    typed = [(column.name, _SQL_TYPES.get(column.kind, "VARCHAR")) for column in spec.columns]
    cursor.stage("incoming", typed, _frame(spec, records))
    # Only rows that differ from what is stored are written: a re-import is a no-op.
    cursor.execute(
        f"CREATE TEMP TABLE differing AS SELECT {columns} FROM incoming EXCEPT SELECT {columns} FROM {spec.name}"
    )
    added = cursor.execute(
        f"SELECT count(*) FROM differing WHERE {spec.key} NOT IN (SELECT {spec.key} FROM {spec.name})"
    ).fetchone()[0]
    differing = cursor.execute("SELECT count(*) FROM differing").fetchone()[0]
    if differing:
        cursor.execute(upsert_sql(spec.name, spec.column_names, spec.key, "differing"))
    cursor.execute("DROP TABLE incoming")
    cursor.execute("DROP TABLE differing")
    if differing:
        sync_derived(cursor, spec.name)
    return ImportResult(spec.name, added=added, changed=differing - added, unchanged=len(records) - differing)

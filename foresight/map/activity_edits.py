"""Adding and editing one activity in the app, checked exactly as an import would check it."""

from __future__ import annotations

from foresight import row_versions
from foresight.data.loading import known_keys, upsert_in
from foresight.data.tables import TABLES
from foresight.data.validation import LIST_SEPARATOR, RawTable, validate_rows
from foresight.errors import Problem, ValidationError
from foresight.store import Store


def organisation_choices(store: Store) -> list[tuple[str, str]]:
    """(id, name) of every organisation, by name: the list an activity's organisation is picked from."""
    return [(row[0], row[1]) for row in store.rows("SELECT id, name FROM organisations ORDER BY name, id")]


def source_choices(store: Store) -> list[tuple[str, str]]:
    """(id, title) of every source, by title."""
    return [(row[0], row[1]) for row in store.rows("SELECT id, title FROM sources ORDER BY title, id")]


def activity_fields(store: Store, activity_id: str) -> dict[str, str] | None:
    """One stored activity as the strings an import file would hold (for the edit form), or None."""

    names = TABLES["activities"].column_names
    rows = store.rows(f"SELECT {', '.join(names)} FROM activities WHERE id = ?", [activity_id])
    if not rows:
        return None
    fields = {}
    for name, value in zip(names, rows[0], strict=True):
        if value is None:
            fields[name] = ""
        elif isinstance(value, list):
            fields[name] = LIST_SEPARATOR.join(value)
        else:
            fields[name] = str(value)
    return fields


def save_activity(
    store: Store, fields: dict[str, str], *, opened: int | None = None, editor: str = ""
) -> dict[str, object]:
    """Check one activity exactly as an import would, then add or replace it; returns the record.

    `fields` holds the import's columns as text (lists joined with "|"). Beyond the import's
    checks, an activity must have a year (or date) or be marked undated explicitly. `opened` is
    the version the edit form opened (foresight.row_versions): an activity saved by someone else
    since is refused, not overwritten. The record returned carries its new `version`.
    """

    spec = TABLES["activities"]
    row = [str(fields.get(name, "") or "") for name in spec.column_names]
    known = known_keys(store, spec)
    records = validate_rows(spec, RawTable(spec.column_names, [row]), known)
    record = records[0]
    if record.get("year") is None and record.get("undated") != "yes":
        raise ValidationError([Problem(2, "year", "map.edit_year_or_undated")])
    if record.get("year") is not None and record.get("undated") == "yes":
        record["undated"] = None  # a year wins over the mark
    with store.transaction() as cursor:
        stored = row_versions.check(cursor, "activities", str(record["id"]), opened)
        upsert_in(cursor, "activities", [record])
        record["version"] = row_versions.claim(cursor, "activities", str(record["id"]), editor, stored)
    return record

"""Adding and editing one activity in the app, checked exactly as an import would check it.

A form is not a file: every problem is reported without a row number (the form names the field),
the id is made from a name, and the source may be one typed in place or the workshop itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from foresight import row_versions
from foresight.data.loading import known_keys, upsert_in
from foresight.data.tables import TABLES
from foresight.data.validation import LIST_SEPARATOR, RawTable, validate_rows
from foresight.errors import Problem, ValidationError
from foresight.plans.plans import new_id, slug
from foresight.store import Store
from foresight.text import clean_text

OWN_SOURCE_TYPES = ("workshop",)  # an activity of these types may be its own source


@dataclass(frozen=True)
class NewSource:
    """A source typed in place in the activity form (title, and an https:// address if any)."""

    title: str
    url: str = ""


def proposed_id(store: Store, name: str) -> str:
    """An activity id made from a name: 'Framtidsverkstad i Halland' -> 'framtidsverkstad-i-halland',
    with -2, -3, … when it is taken. Empty for an empty name."""
    if not clean_text(name or "").strip():
        return ""
    return new_id(store, "activities", slug(name, limit=60))


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
    store: Store,
    fields: dict[str, str],
    *,
    opened: int | None = None,
    editor: str = "",
    new: bool = False,
    new_source: NewSource | None = None,
    own_source: bool = False,
) -> dict[str, object]:
    """Check one activity exactly as an import would, then add or replace it; returns the record.

    `fields` holds the import's columns as text (lists joined with "|"). Beyond the import's
    checks, an activity must have a year (or date) or be marked undated explicitly. `opened` is
    the version the edit form opened (foresight.row_versions): an activity saved by someone else
    since is refused, not overwritten. The record returned carries its new `version`.

    `new`: the form adds an activity, so an id already in use is refused (never replaced).
    `new_source`: a source typed in place, stored with the activity (one transaction) and named as
    its source. `own_source`: the activity (a workshop) is its own source: a source is made from
    it. Every problem is returned at once, with no row number (a form has none).
    """

    spec = TABLES["activities"]
    values = {name: str(fields.get(name, "") or "") for name in spec.column_names}
    problems: list[Problem] = []
    source_record: dict[str, object] | None = None
    if new_source is not None or own_source:
        source_record, source_problems = _made_source(store, values, new_source, own_source)
        problems += source_problems
        values["source"] = str(source_record["id"]) if source_record else ""
    row = [values[name] for name in spec.column_names]
    known = known_keys(store, spec)
    if source_record is not None:
        known.setdefault("sources", set()).add(str(source_record["id"]))
    record: dict[str, object] = {}
    try:
        record = validate_rows(spec, RawTable(spec.column_names, [row]), known)[0]
    except ValidationError as error:
        # A source the form could not make is named once, by its own field.
        made_failed = bool(problems)
        problems += [p for p in error.problems if not (p.column == "source" and made_failed)]
    if record and record.get("year") is None and record.get("undated") != "yes":
        problems.append(Problem(None, "year", "map.edit_year_or_undated"))
    elif not record and not values["year"] and values["undated"] != "yes":
        problems.append(Problem(None, "year", "map.edit_year_or_undated"))
    if new and values["id"] and store.scalar("SELECT count(*) FROM activities WHERE id = ?", [values["id"]]):
        problems.append(Problem(None, "id", "map.edit_id_taken", {"value": values["id"]}))
    if problems:
        raise ValidationError([Problem(None, p.column, p.key, p.params) for p in problems])
    if record.get("year") is not None and record.get("undated") == "yes":
        record["undated"] = None  # a year wins over the mark
    with store.transaction() as cursor:
        stored = row_versions.check(cursor, "activities", str(record["id"]), opened)
        if source_record is not None:
            upsert_in(cursor, "sources", [source_record])
        upsert_in(cursor, "activities", [record])
        record["version"] = row_versions.claim(cursor, "activities", str(record["id"]), editor, stored)
    return record


def _made_source(
    store: Store, values: dict[str, str], typed: NewSource | None, own: bool
) -> tuple[dict[str, object] | None, list[Problem]]:
    """The source row a form makes (typed in place, or the workshop itself), checked as an import
    of sources would check it; or None and the problems, named for the form's fields."""
    if own:
        if values["activity_type"] not in OWN_SOURCE_TYPES:
            return None, [Problem(None, "source", "map.edit_own_source_not_workshop")]
        description = clean_text(values["description_sv"]).strip()
        title = description if len(description) <= 120 else description[:119].rstrip() + "…"
        if not title:
            return None, [Problem(None, "source", "map.edit_own_source_needs_description")]
        base, url = values["id"] or "workshop", ""
        publisher = store.scalar("SELECT name FROM organisations WHERE id = ?", [values["organisation_id"]]) or ""
    else:
        assert typed is not None
        title, url, publisher = clean_text(typed.title).strip(), typed.url.strip(), ""
        if not title:
            return None, [Problem(None, "new_source_title", "import.required")]
        base = title
    source_id = new_id(store, "sources", slug(base, limit=60))
    spec = TABLES["sources"]
    cells = {"id": source_id, "title": title, "publisher": publisher, "year": values["year"], "note": "", "url": url}
    try:
        record = validate_rows(spec, RawTable(spec.column_names, [[cells[name] for name in spec.column_names]]), {})[0]
    except ValidationError as error:
        named = {"url": "new_source_url", "title": "new_source_title"}
        return None, [Problem(None, named.get(p.column or "", "source"), p.key, p.params) for p in error.problems]
    return record, []

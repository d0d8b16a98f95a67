"""Checking every cell before anything is written.

The files arrive as a header and rows of strings (foresight.data.table_files), and `validate_rows`
turns those into typed records or a `ValidationError` that names the row, the column and the
reason for every problem it found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from foresight.data.formula import restore
from foresight.data.localised import read_back
from foresight.data.table_files import MAX_PROBLEMS, RawTable
from foresight.data.tables import (
    DATE,
    DECIMAL,
    ENUM,
    ENUM_LIST,
    HTTPS_URL,
    INTEGER,
    LIST_SEPARATOR,
    MUNICIPALITY_CODE,
    REF,
    REF_LIST,
    REGION_CODE,
    SLUG,
    TABLES,
    TEXT,
    Column,
    TableSpec,
)
from foresight.errors import Problem, ValidationError
from foresight.text import clean_text

__all__ = ["LIST_SEPARATOR", "RawTable", "validate_rows"]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
# ASCII digits only: \d would also take other scripts' digits, which DuckDB will not cast to a number.
_REGION_CODE = re.compile(r"^[0-9]{2}$")
_MUNICIPALITY_CODE = re.compile(r"^[0-9]{4}$")
_DIGITS = re.compile(r"^[0-9]+$")
# An address shown as a link: https only (never javascript: or data:), and nothing that could end the
# Markdown link it is written into (spaces, line breaks, < > and quotes).
_HTTPS_URL = re.compile(r"^https://[^\s<>\"'`\\]+$", re.IGNORECASE)
# Fixed-width codes that a spreadsheet program turns into numbers (04 -> 4); restored on import.
CODE_WIDTHS = {REGION_CODE: 2, MUNICIPALITY_CODE: 4}
CODE_WIDTHS_BY_NAME = {"region_code": 2, "municipality_code": 4}


def is_https_url(text: str) -> bool:
    return bool(_HTTPS_URL.match(text))


def form_cell(value: object) -> str:
    """A value from an app form as the import cell it stands for, so one validation serves both:
    lists joined with |, whole floats without .0, text through the one text policy."""
    if value is None:
        return ""
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy arrays and scalars from a frame
        value = value.tolist()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return clean_text(str(value), multiline=True)


def validate_rows(
    spec: TableSpec,
    table: RawTable,
    known_keys: Mapping[str, Iterable[str]],
    stored_trends: Mapping[str, tuple[str, str | None]] | None = None,
) -> list[dict[str, object]]:
    """Check every cell of `table` against `spec`; return typed records or raise with all problems.

    `known_keys` maps a referenced table to the keys that exist (in the workspace and in files of
    the same batch), so a reference to an unknown region or organisation is caught here.
    `stored_trends` (id -> (level, parent_id)) lets the trend hierarchy be checked across the
    file and the rows already stored.
    """
    table = RawTable(*read_back(spec.name, table.header, table.rows))  # Swedish or English headers and codes
    problems: list[Problem] = []
    header = [cell.strip().lstrip("\ufeff").strip().lower() for cell in table.header]
    while header and not header[-1]:
        header.pop()
    expected = spec.column_names
    for name in expected:
        if name not in header:
            problems.append(Problem(1, name, "import.missing_column"))
    for name in header:
        if name and name not in expected:
            problems.append(Problem(1, name, "import.unknown_column"))
    if len(set(header)) != len(header):
        duplicated = sorted({name for name in header if header.count(name) > 1})
        problems.append(Problem(1, ", ".join(duplicated), "import.duplicate_column"))
    if problems:
        raise ValidationError(problems)

    positions = {name: header.index(name) for name in expected}
    key_column = spec.column(spec.key)
    own_keys = {
        _cell_text(key_column, row[positions[spec.key]]) for row in table.rows if len(row) > positions[spec.key]
    }
    references = {name: set(keys) for name, keys in known_keys.items()}
    references.setdefault(spec.name, set()).update(own_keys)

    records: list[dict[str, object]] = []
    first_row_of_key: dict[object, int] = {}
    for index, row in enumerate(table.rows):
        row_number = index + 2  # the header is row 1, as in the spreadsheet
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            problems.append(Problem(row_number, None, "import.extra_cells"))
        record: dict[str, object] = {}
        for column in spec.columns:
            position = positions[column.name]
            raw = row[position] if position < len(row) else ""
            value, problem = _parse_cell(column, raw, references)
            if problem:
                problems.append(Problem(row_number, column.name, problem[0], problem[1]))
            record[column.name] = value
        key = record.get(spec.key)
        if key is not None:
            if key in first_row_of_key:
                problems.append(
                    Problem(
                        row_number, spec.key, "import.duplicate_key", {"value": key, "first_row": first_row_of_key[key]}
                    )
                )
            else:
                first_row_of_key[key] = row_number
        problems.extend(_row_rules(spec, record, row_number))
        records.append(record)
        if len(problems) > MAX_PROBLEMS:
            raise ValidationError(problems[:MAX_PROBLEMS], truncated=True)
    if spec.name == "trends":
        problems.extend(_trend_hierarchy(records, stored_trends or {}))
    if not records:
        problems.append(Problem(None, None, "import.no_rows"))
    if problems:
        raise ValidationError(problems[:MAX_PROBLEMS], truncated=len(problems) > MAX_PROBLEMS)
    return records


def code_width(column: Column) -> int | None:
    """How many digits a fixed-width code column holds (county 2, municipality 4), else None."""
    width = CODE_WIDTHS.get(column.kind) or CODE_WIDTHS_BY_NAME.get(column.name)
    if width is None and column.kind == REF and column.references in TABLES:
        target = TABLES[column.references]
        key = target.column(target.key)
        width = CODE_WIDTHS.get(key.kind)
    return width


@lru_cache(maxsize=256)
def _width_of(column: Column) -> int | None:
    return code_width(column)


def _cell_text(column: Column, raw: str) -> str:
    """The cell as the app stored it: export's apostrophes removed, codes back to their width."""
    text = restore(raw.strip())
    width = _width_of(column)
    if width and len(text) < width and _DIGITS.match(text):
        text = text.zfill(width)  # a spreadsheet program read 04 as the number 4
    return text


def _parse_cell(column, raw: str, references: Mapping[str, set[str]]):
    """Return (value, None) or (None, (problem_key, params))."""
    text = _cell_text(column, raw)
    if not text:
        if column.kind in (ENUM_LIST, REF_LIST):
            return [], None
        return None, (("import.required", {}) if column.required else None)
    if text.startswith("="):
        return None, ("import.formula", {})
    kind = column.kind
    if kind == TEXT:
        if len(text) > column.max_length:
            return None, ("import.too_long", {"limit": column.max_length})
        return text, None
    if kind == SLUG:
        return (text, None) if _SLUG.match(text) else (None, ("import.bad_slug", {"value": text}))
    if kind == HTTPS_URL:
        if len(text) > column.max_length:
            return None, ("import.too_long", {"limit": column.max_length})
        return (text, None) if is_https_url(text) else (None, ("import.bad_url", {"value": text}))
    if kind == REGION_CODE:
        return (text, None) if _REGION_CODE.match(text) else (None, ("import.bad_region_code", {"value": text}))
    if kind == MUNICIPALITY_CODE:
        found = _MUNICIPALITY_CODE.match(text)
        return (text, None) if found else (None, ("import.bad_municipality_code", {"value": text}))
    if kind in (INTEGER, DECIMAL):
        return _parse_number(column, text)
    if kind == DATE:
        try:
            return dt.date.fromisoformat(text), None
        except ValueError:
            return None, ("import.bad_date", {"value": text})
    if kind == ENUM:
        if text in column.choices:
            return text, None
        return None, ("import.bad_choice", {"value": text, "choices": ", ".join(column.choices)})
    if kind == ENUM_LIST:
        items = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
        unknown = [item for item in items if item not in column.choices]
        if unknown:
            return None, ("import.bad_choice", {"value": ", ".join(unknown), "choices": ", ".join(column.choices)})
        return list(dict.fromkeys(items)), None
    if kind == REF:
        if text in references.get(column.references or "", set()):
            return text, None
        return None, ("import.unknown_reference", {"value": text, "table": column.references})
    if kind == REF_LIST:
        items = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
        unknown = [item for item in items if item not in references.get(column.references or "", set())]
        if unknown:
            return None, ("import.unknown_reference", {"value": ", ".join(unknown), "table": column.references})
        return list(dict.fromkeys(items)), None
    raise AssertionError(f"unhandled column kind {kind}")


def _parse_number(column, text: str):
    # Swedish Excel writes decimals with a comma and may group thousands with (no-break) spaces.
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value: float | int
        if column.kind == INTEGER:
            number = float(cleaned)
            if not number.is_integer():
                raise ValueError
            value = int(number)
        else:
            value = float(cleaned)
    except ValueError:
        key = "import.bad_integer" if column.kind == INTEGER else "import.bad_decimal"
        return None, (key, {"value": text})
    if (
        value != value
        or (column.minimum is not None and value < column.minimum)
        or (column.maximum is not None and value > column.maximum)
    ):
        return None, ("import.out_of_range", {"value": text, "min": column.minimum, "max": column.maximum})
    return value, None


def _row_rules(spec: TableSpec, record: dict[str, object], row_number: int) -> list[Problem]:
    """Rules across cells of one row: a year derived from a date is range-checked like a typed one."""
    problems = []
    if "date" in spec.column_names and "year" in spec.column_names:
        date, year = record.get("date"), record.get("year")
        if isinstance(date, dt.date):
            year_column = spec.column("year")
            low, high = year_column.minimum, year_column.maximum
            if (low is not None and date.year < low) or (high is not None and date.year > high):
                problems.append(
                    Problem(
                        row_number, "date", "import.out_of_range", {"value": date.isoformat(), "min": low, "max": high}
                    )
                )
                record["date"] = None
            elif year is None:
                record["year"] = date.year
            elif year != date.year:
                problems.append(Problem(row_number, "year", "import.year_date_mismatch"))
    return problems


ALLOWED_PARENTS = {"megatrend": (), "trend": ("megatrend",), "weak_signal": ("trend", "megatrend")}


def _trend_hierarchy(records: list[dict[str, object]], stored: Mapping[str, tuple[str, str | None]]) -> list[Problem]:
    """Megatrends have no parent; trends hang under a megatrend, weak signals under either.

    Checked on the workspace as it would be after the import (stored rows overlaid by the file),
    so a parent that only exists in the workspace, or a stored child whose parent the file
    changes, is judged too. Levels strictly fall from parent to child, so no cycle can pass.
    """
    merged: dict[str, tuple[str, str | None]] = dict(stored)
    row_of: dict[str, int] = {}
    for row_number, record in enumerate(records, start=2):
        if record.get("id") and record.get("level"):
            merged[str(record["id"])] = (str(record["level"]), record.get("parent_id"))  # type: ignore[assignment]
            row_of[str(record["id"])] = row_number
    problems = []
    for row_number, record in enumerate(records, start=2):
        parent, level = record.get("parent_id"), record.get("level")
        if level is None:
            continue
        if parent is None:
            if level != "megatrend":
                problems.append(Problem(row_number, "parent_id", "import.parent_required"))
            continue
        # A parent found nowhere is reported by the reference check already.
        known_parent = str(parent) in merged
        if parent == record.get("id") or (known_parent and merged[str(parent)][0] not in ALLOWED_PARENTS[str(level)]):
            problems.append(Problem(row_number, "parent_id", "import.bad_parent", {"value": parent}))
    # Stored children of a trend whose level the file changes must still fit under it.
    for child, (child_level, parent) in stored.items():
        if child in row_of or parent not in row_of:
            continue
        if merged[parent][0] not in ALLOWED_PARENTS.get(child_level, ()):
            problems.append(
                Problem(row_of[parent], "level", "import.level_breaks_children", {"value": parent, "child": child})
            )
    return problems

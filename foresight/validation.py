"""Reading spreadsheets as people save them, and checking every cell before anything is written.

Swedish Excel saves "CSV" with semicolons in Windows-1252; other tools write commas and UTF-8
with or without a byte-order mark; some people send .xlsx. All of them arrive here as bytes and
leave as a header and rows of strings, and `validate_rows` turns those into typed records or a
`ValidationError` that names the row, the column and the reason for every problem it found.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from foresight.errors import Problem, ValidationError
from foresight.tables import (
    DATE,
    DECIMAL,
    ENUM,
    ENUM_LIST,
    INTEGER,
    REF,
    REF_LIST,
    REGION_CODE,
    SLUG,
    TEXT,
    TableSpec,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_PROBLEMS = 50
LIST_SEPARATOR = "|"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Export prefixes these with an apostrophe; import strips it again so a round trip is lossless.
NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
_REGION_CODE = re.compile(r"^\d{2}$")
_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class RawTable:
    """A file's header and rows as strings, before any checking."""

    header: list[str]
    rows: list[list[str]]


def _file_problem(key: str, **params: object) -> ValidationError:
    return ValidationError([Problem(None, None, key, dict(params))])


def read_table_file(data: bytes, filename: str = "") -> RawTable:
    """Read CSV (comma/semicolon/tab; UTF-8, UTF-8 BOM, UTF-16, Windows-1252) or .xlsx bytes."""
    if not data.strip():
        raise _file_problem("import.empty_file")
    if len(data) > MAX_FILE_BYTES:
        raise _file_problem("import.too_large", mb=MAX_FILE_BYTES // (1024 * 1024))
    if data.startswith(_XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        table = _read_xlsx(data)
    else:
        table = _read_csv(_decode(data))
    if not table.header or not any(cell.strip() for cell in table.header):
        raise _file_problem("import.empty_file")
    if len(table.rows) > MAX_ROWS:
        raise _file_problem("import.too_many_rows", rows=len(table.rows), limit=MAX_ROWS)
    return table


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise _file_problem("import.not_text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _file_problem("import.encoding") from error


def _read_csv(text: str) -> RawTable:
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise _file_problem("import.csv_syntax", detail=str(error)) from error
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise _file_problem("import.empty_file")
    return RawTable(header=rows[0], rows=rows[1:])


def _read_xlsx(data: bytes) -> RawTable:
    from openpyxl import load_workbook  # imported here: only .xlsx uploads pay for it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise _file_problem("import.bad_xlsx") from error
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        problems: list[Problem] = []
        for row_number, row in enumerate(sheet.iter_rows(), start=1):
            values = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    problems.append(
                        Problem(row_number, None, "import.formula_cell", {"cell": getattr(cell, "coordinate", "")})
                    )
                values.append(_xlsx_text(cell.value))
            if any(value.strip() for value in values):
                rows.append(values)
        if problems:
            raise ValidationError(problems[:MAX_PROBLEMS], truncated=len(problems) > MAX_PROBLEMS)
    finally:
        workbook.close()
    if not rows:
        raise _file_problem("import.empty_file")
    return RawTable(header=rows[0], rows=rows[1:])


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def validate_rows(spec: TableSpec, table: RawTable, known_keys: Mapping[str, Iterable[str]]) -> list[dict[str, object]]:
    """Check every cell of `table` against `spec`; return typed records or raise with all problems.

    `known_keys` maps a referenced table to the keys that exist (in the workspace and in files of
    the same batch), so a reference to an unknown region or organisation is caught here.
    """
    problems: list[Problem] = []
    header = [cell.strip().lstrip("\ufeff").strip().lower() for cell in table.header]
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
    own_keys = {row[positions[spec.key]].strip() for row in table.rows if len(row) > positions[spec.key]}
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
        problems.extend(_row_rules(spec.name, record, row_number))
        records.append(record)
        if len(problems) > MAX_PROBLEMS:
            raise ValidationError(problems[:MAX_PROBLEMS], truncated=True)
    if spec.name == "trends":
        problems.extend(_trend_hierarchy(records))
    if not records:
        problems.append(Problem(None, None, "import.no_rows"))
    if problems:
        raise ValidationError(problems[:MAX_PROBLEMS], truncated=len(problems) > MAX_PROBLEMS)
    return records


def _parse_cell(column, raw: str, references: Mapping[str, set[str]]):
    """Return (value, None) or (None, (problem_key, params))."""
    text = NEUTRALISED.sub("", raw.strip())
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
    if kind == REGION_CODE:
        return (text, None) if _REGION_CODE.match(text) else (None, ("import.bad_region_code", {"value": text}))
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


def _row_rules(table: str, record: dict[str, object], row_number: int) -> list[Problem]:
    problems = []
    if table == "activities":
        date, year = record.get("date"), record.get("year")
        if isinstance(date, dt.date):
            if year is None:
                record["year"] = date.year
            elif year != date.year:
                problems.append(Problem(row_number, "year", "import.year_date_mismatch"))
    return problems


def _trend_hierarchy(records: list[dict[str, object]]) -> list[Problem]:
    """Megatrends have no parent; trends hang under a megatrend, weak signals under either."""
    levels = {record["id"]: record["level"] for record in records if record.get("id")}
    problems = []
    allowed = {"megatrend": (), "trend": ("megatrend",), "weak_signal": ("trend", "megatrend")}
    for row_number, record in enumerate(records, start=2):
        parent, level = record.get("parent_id"), record.get("level")
        if level is None:
            continue
        if parent is None:
            if level != "megatrend":
                problems.append(Problem(row_number, "parent_id", "import.parent_required"))
            continue
        if parent == record.get("id") or (parent in levels and levels[parent] not in allowed[level]):
            problems.append(Problem(row_number, "parent_id", "import.bad_parent", {"value": parent}))
    return problems

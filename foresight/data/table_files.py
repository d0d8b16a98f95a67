"""Reading spreadsheets as people save them: CSV and .xlsx bytes in, a header and rows of strings out.

Swedish Excel saves "CSV" with semicolons in Windows-1252; other tools write commas and UTF-8
with or without a byte-order mark; some people send .xlsx. Every limit is checked while reading
(rows, blank lines, line and field length, columns; an .xlsx is checked as a zip by
foresight.data.xlsx_guard before openpyxl sees it), so a hostile file is refused before it costs much.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from foresight.data import xlsx_guard
from foresight.errors import Problem, ValidationError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = xlsx_guard.MAX_SHEET_COLUMNS
MAX_BLANK_LINES = 10_000  # a file of empty lines is refused before it costs anything
MAX_LINE_CHARS = 1024 * 1024
MAX_FIELD_CHARS = xlsx_guard.MAX_STRING_CHARS
MAX_PROBLEMS = 50
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
        xlsx_guard.check_xlsx(data)
        table = _read_xlsx(data)
    else:
        table = _read_csv(_decode(data))
    header = list(table.header)
    while header and not header[-1].strip():  # Calc and Excel leave empty cells after the last column
        header.pop()
    if not header:
        raise _file_problem("import.empty_file")
    return RawTable(header=header, rows=table.rows)


def _decode(data: bytes) -> str:
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise _encoding_problem(data, error, "utf-16") from error
    if b"\x00" in data:
        raise _file_problem("import.not_text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict")
        except UnicodeDecodeError as error:
            raise _encoding_problem(data[3:], error, "utf-8") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _file_problem("import.encoding") from error


def _encoding_problem(data: bytes, error: UnicodeDecodeError, encoding: str) -> ValidationError:
    """Where a file stops being valid text, as the line the user sees in a text editor."""
    before = data[: error.start]
    if encoding == "utf-16":
        line = before.decode(encoding, errors="replace").count("\n") + 1
    else:
        line = before.count(b"\n") + 1
    return ValidationError([Problem(line, None, "import.encoding_at", {"encoding": encoding.upper()})])


def _lines(text: str):
    """The text's lines for csv.reader, refusing a line too long to be a row of a table."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ValidationError([Problem(number, None, "import.line_too_long", {"limit": MAX_LINE_CHARS})])
        yield line


def _read_csv(text: str) -> RawTable:
    """Stream the rows, refusing too many rows, columns, blank lines or too long fields as they come."""
    first_line = text[: MAX_LINE_CHARS + 1].split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    previous_limit = csv.field_size_limit(MAX_FIELD_CHARS)
    rows: list[list[str]] = []
    blank = 0
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise ValidationError(
                    [Problem(reader.line_num, None, "import.too_many_columns", {"limit": MAX_COLUMNS})]
                )
            if any(cell.strip() for cell in row):
                rows.append(row)
                if len(rows) > MAX_ROWS + 1:
                    raise _file_problem("import.too_many_rows", rows=f"> {MAX_ROWS}", limit=MAX_ROWS)
            else:
                blank += 1
                if blank > MAX_BLANK_LINES:
                    raise _file_problem("import.too_many_blank_lines", limit=MAX_BLANK_LINES)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ValidationError(
                [Problem(reader.line_num, None, "import.field_too_long", {"limit": MAX_FIELD_CHARS})]
            ) from error
        raise ValidationError(
            [Problem(reader.line_num or None, None, "import.csv_syntax", {"detail": str(error)})]
        ) from error
    finally:
        csv.field_size_limit(previous_limit)
    if not rows:
        raise _file_problem("import.empty_file")
    return RawTable(header=rows[0], rows=rows[1:])


def _read_xlsx(data: bytes) -> RawTable:
    """The first sheet's cells as text, read by openpyxl after `xlsx_guard.check_xlsx` passed."""
    from openpyxl import load_workbook  # imported here: only .xlsx uploads pay for it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise _file_problem("import.bad_xlsx") from error
    rows: list[list[str]] = []
    problems: list[Problem] = []
    row_number = 0
    try:
        sheet = workbook.worksheets[0]
        # max_col bounds openpyxl's padding of every row, whatever the sheet declares.
        for row_number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            if row_number > MAX_ROWS + MAX_BLANK_LINES:
                raise _file_problem("import.too_many_rows", rows=f"> {MAX_ROWS}", limit=MAX_ROWS)
            values = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    problems.append(
                        Problem(row_number, None, "import.formula_cell", {"cell": getattr(cell, "coordinate", "")})
                    )
                values.append(_xlsx_text(cell.value))
            if any(value.strip() for value in values):
                rows.append(values)
                if len(rows) > MAX_ROWS + 1:
                    raise _file_problem("import.too_many_rows", rows=f"> {MAX_ROWS}", limit=MAX_ROWS)
        if problems:
            raise ValidationError(problems[:MAX_PROBLEMS], truncated=len(problems) > MAX_PROBLEMS)
    except ValidationError:
        raise
    except MemoryError:
        raise
    except Exception as error:  # a damaged sheet: bad XML, a string index out of range, text in a number
        raise ValidationError(
            [Problem(row_number + 1, None, "import.xlsx_bad_cell", {"detail": _short(error)})]
        ) from error
    finally:
        workbook.close()
    if not rows:
        raise _file_problem("import.empty_file")
    return RawTable(header=rows[0], rows=rows[1:])


def _short(error: BaseException) -> str:
    """A one-line reason from a parser exception (its type name when it says nothing)."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:160]


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

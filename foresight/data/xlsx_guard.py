""".xlsx files checked as zip archives before openpyxl reads a byte of them.

An .xlsx is a zip of XML parts, and openpyxl trusts what they declare: a sheet that declares the
range A1:XFD1048576 is padded to 16,384 columns a row, one shared string of 200 MB is built in
memory whole. So the archive's directory (part count, declared sizes, compression ratio), the
head of every sheet (its <dimension>, no DTD) and the shared strings (count and length of each,
read by a streaming parser that never holds a string) are checked first, against limits far
above any real workspace table and far below what would hurt the process.

Python's zipfile stops reading a part at its declared size, so a part cannot grow past what the
directory says and the size checks hold for the parse that follows.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.parsers import expat

from foresight.errors import Problem, ValidationError

MAX_PARTS = 500
MAX_SHEETS = 50
MAX_PART_BYTES = 64 * 1024 * 1024  # uncompressed, per part
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # uncompressed, all parts
MAX_RATIO = 200  # uncompressed / compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_SHARED_STRINGS = 2_000_000
MAX_STRING_CHARS = 32_767  # Excel's own limit for one cell
MAX_SHEET_ROWS = 200_001  # the header and MAX_ROWS data rows
MAX_SHEET_COLUMNS = 64
HEAD_BYTES = 64 * 1024

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*ref\s*=\s*[\"']([A-Za-z$0-9:]+)[\"']")
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def _refuse(key: str, **params: object) -> ValidationError:
    return ValidationError([Problem(None, None, key, dict(params))])


def column_number(letters: str) -> int:
    """A1-style column letters as a number (A = 1, XFD = 16384)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def check_xlsx(data: bytes) -> None:
    """Raise a ValidationError if the archive or what its parts declare is beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise _refuse("import.bad_xlsx") from error
    with archive:
        if len(entries) > MAX_PARTS:
            raise _refuse("import.xlsx_too_many_parts", count=len(entries), limit=MAX_PARTS)
        total = 0
        for entry in entries:
            total += entry.file_size
            if entry.file_size > MAX_PART_BYTES:
                raise _refuse("import.xlsx_part_too_large", part=entry.filename, mb=MAX_PART_BYTES // 2**20)
            if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
                raise _refuse("import.xlsx_zip_bomb", part=entry.filename)
        if total > MAX_TOTAL_BYTES:
            raise _refuse("import.xlsx_part_too_large", part="*", mb=MAX_TOTAL_BYTES // 2**20)
        sheets = [entry for entry in entries if re.fullmatch(r"xl/worksheets/[^/]+\.xml", entry.filename)]
        if not sheets:
            raise _refuse("import.bad_xlsx")
        if len(sheets) > MAX_SHEETS:
            raise _refuse("import.xlsx_too_many_sheets", count=len(sheets), limit=MAX_SHEETS)
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                _check_head(archive, entry)
        for sheet in sheets:
            _check_dimension(archive, sheet)
        shared = next((entry for entry in entries if entry.filename.lower() == "xl/sharedstrings.xml"), None)
        if shared is not None:
            _check_shared_strings(archive, shared)


def _read_head(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    try:
        with archive.open(entry) as part:
            return part.read(HEAD_BYTES)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as error:
        raise _refuse("import.bad_xlsx") from error


def _check_head(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    # A DTD must precede the root element; refusing it rules out entity expansion in every parser.
    head = _read_head(archive, entry)
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise _refuse("import.xlsx_dtd", part=entry.filename)


def _check_dimension(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    match = _DIMENSION.search(_read_head(archive, entry))
    if not match:
        return  # openpyxl's rows are bounded by iter_rows(max_col=...) and the row count anyway
    declared = match.group(1).decode("ascii")
    rows, columns = 1, 1
    for corner in declared.split(":")[:2]:
        cell = _CELL.match(corner)
        if not cell:
            raise _refuse("import.xlsx_bad_dimension", value=declared[:40])
        columns = max(columns, column_number(cell.group(1)))
        rows = max(rows, int(cell.group(2)))
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
        raise _refuse(
            "import.xlsx_dimension",
            value=declared[:40],
            rows=MAX_SHEET_ROWS - 1,
            columns=MAX_SHEET_COLUMNS,
        )


class _SharedStringCounter:
    """Counts <si> items and the characters of each while expat streams them; keeps no text."""

    def __init__(self) -> None:
        self.count = 0
        self.chars = 0
        self.inside = 0

    def start(self, name: str, _attributes: dict) -> None:
        if name.rsplit(":", 1)[-1] == "si":
            self.inside += 1
            self.count += 1
            self.chars = 0
            if self.count > MAX_SHARED_STRINGS:
                raise _refuse("import.xlsx_too_many_strings", limit=MAX_SHARED_STRINGS)

    def end(self, name: str) -> None:
        if name.rsplit(":", 1)[-1] == "si":
            self.inside -= 1

    def text(self, data: str) -> None:
        if self.inside:
            self.chars += len(data)
            if self.chars > MAX_STRING_CHARS:
                raise _refuse("import.xlsx_string_too_long", number=self.count, limit=MAX_STRING_CHARS)


def _refuse_dtd(*_args: object) -> None:
    raise _refuse("import.xlsx_dtd", part="xl/sharedStrings.xml")


def _check_shared_strings(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    counter = _SharedStringCounter()
    parser = expat.ParserCreate()
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.CharacterDataHandler = counter.text
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    try:
        with archive.open(entry) as part:
            while chunk := part.read(256 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise ValidationError(
            [
                Problem(
                    None, None, "import.xlsx_bad_xml", {"part": entry.filename, "detail": expat.ErrorString(error.code)}
                )
            ]
        ) from error
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError) as error:
        raise _refuse("import.bad_xlsx") from error

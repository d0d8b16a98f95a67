"""The hostile files of the import audit, built on the spot (no binary blobs in the repository).

Each is what a careless or malicious upload can look like: an .xlsx whose sheet declares a
million rows by 16,384 columns, one whose single shared string unpacks to 200 MB or 2 GB, a CSV
of 20 MB of empty lines, a damaged sheet, a UTF-16 file with a lone surrogate. The tests assert
each is refused quickly and cheaply; `bench/import_hostile.py` measures it while a hall votes.
`measure(...)` runs one import in a fresh process, so its peak RSS and its child's are its own.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from foresight.data.isolated import STATS_ENV

ORG_HEADER = "id,name,org_type,region_code,country,lon,lat,source"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="organisations" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row() -> str:
    cells = "".join(_inline(f"{chr(65 + n)}1", name) for n, name in enumerate(ORG_HEADER.split(",")))
    return f'<row r="1">{cells}</row>'


def sheet_xml(rows: str, dimension: str = "A1:H2") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{_header_row()}{rows}</sheetData></worksheet>'
    )


def shared_strings_xml(*strings: str) -> str:
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{len(strings)}">{items}</sst>'


def xlsx_from_parts(sheet: str, shared: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx (one sheet, optional shared strings) that openpyxl opens."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared or shared_strings_xml("x"))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


_GOOD_ROW = "".join(
    _inline(f"{chr(65 + n)}2", value)
    for n, value in enumerate(
        ["x-kommun", "X kommun", "municipality", "12", "SE", "13", "55.6", "region2050_hemarbete"]
    )
)


def huge_dimension(dimension: str = "A1:XFD1048576") -> bytes:
    """1.7 KB that openpyxl pads to 16,384 columns per row (an estimated 75 minutes)."""
    return xlsx_from_parts(sheet_xml(f'<row r="2">{_GOOD_ROW}</row>', dimension))


def _deflated_repeat(head: bytes, unit: bytes, repeats: int, tail: bytes) -> tuple[bytes, int, int]:
    """A raw deflate stream of head + unit * repeats + tail, built without compressing it all.

    After the first unit the window holds only copies of `unit`, so each further unit compresses
    (with a full flush) to the same bytes, which are repeated. Returns (stream, crc32, size).
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [compressor.compress(head + unit), compressor.flush(zlib.Z_FULL_FLUSH)]
    again = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
    parts.append(again * (repeats - 1))
    parts.append(compressor.compress(tail) + compressor.flush(zlib.Z_FINISH))
    crc = zlib.crc32(head + unit)
    unit_crc_input = unit
    for _ in range(repeats - 1):
        crc = zlib.crc32(unit_crc_input, crc)
    crc = zlib.crc32(tail, crc)
    return b"".join(parts), crc, len(head) + len(unit) * repeats + len(tail)


def huge_shared_string(megabytes: int = 200) -> bytes:
    """An .xlsx of a few hundred KB whose one shared string unpacks to `megabytes` MB."""
    unit = b"a" * (1024 * 1024)
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="1"><si><t>'.encode()
    stream, crc, size = _deflated_repeat(head, unit, megabytes, b"</t></si></sst>")
    base = xlsx_from_parts(sheet_xml(f'<row r="2">{_GOOD_ROW}<c r="I2" t="s"><v>0</v></c></row>', "A1:I2"))
    return _replace_part(base, "xl/sharedStrings.xml", stream, crc, size)


def _replace_part(archive_bytes: bytes, name: str, stream: bytes, crc: int, size: int) -> bytes:
    """The archive with one part swapped for an already deflated stream."""
    source = zipfile.ZipFile(io.BytesIO(archive_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        # Write the local header, the raw stream, then fix the sizes in the central directory.
        info.CRC, info.compress_size, info.file_size = crc, len(stream), size
        info.header_offset = buffer.tell()
        info.flag_bits = 0
        buffer.write(info.FileHeader())
        buffer.write(stream)
        target.filelist.append(info)
        target.NameToInfo[name] = info
        target.start_dir = buffer.tell()
    return buffer.getvalue()


def empty_lines_csv(megabytes: float = 19.9) -> bytes:
    """A CSV header followed by ~20 MB of empty lines (1.31 GB and 21 s before the fix)."""
    return (ORG_HEADER + "\n").encode() + b"\n" * int(megabytes * 1024 * 1024)


def separators_csv(megabytes: float = 19.9) -> bytes:
    """One 20 MB line of separators: millions of empty cells in a single row."""
    return (ORG_HEADER + "\n").encode() + b";" * int(megabytes * 1024 * 1024) + b"\n"


def malformed_sheet_xml() -> bytes:
    return xlsx_from_parts(sheet_xml(f'<row r="2">{_GOOD_ROW}<c r="I2"><v>1</v></row>', "A1:I2"))


def shared_string_out_of_range() -> bytes:
    return xlsx_from_parts(sheet_xml(f'<row r="2">{_GOOD_ROW}<c r="I2" t="s"><v>99</v></c></row>', "A1:I2"))


def non_numeric_value() -> bytes:
    return xlsx_from_parts(sheet_xml(f'<row r="2">{_GOOD_ROW}<c r="I2" t="n"><v>tolv</v></c></row>', "A1:I2"))


def billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    sheet = sheet_xml(f'<row r="2">{_GOOD_ROW}<c r="I2" t="inlineStr"><is><t>&a9;</t></is></c></row>', "A1:I2")
    sheet = sheet.replace("?><worksheet", f"?><!DOCTYPE worksheet [{entities}]><worksheet", 1)
    return xlsx_from_parts(sheet)


def utf16_lone_surrogate() -> bytes:
    """A UTF-16 CSV whose second data row holds an unpaired high surrogate (0xD800)."""
    good = "x-kommun,X kommun,municipality,12,SE,13,55.6,region2050_hemarbete\n"
    text = (ORG_HEADER + "\n" + good).encode("utf-16-le")
    return b"\xff\xfe" + text + "y".encode("utf-16-le") + b"\x00\xd8" + ",Y\n".encode("utf-16-le")


HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "xlsx_dimension_xfd1048576": ("organisations.xlsx", huge_dimension),
    "xlsx_dimension_xfd5000": ("organisations.xlsx", lambda: huge_dimension("A1:XFD5000")),
    "xlsx_shared_string_200mb": ("organisations.xlsx", huge_shared_string),
    "xlsx_shared_string_2gb": ("organisations.xlsx", lambda: huge_shared_string(2048)),
    "csv_empty_lines_20mb": ("organisations.csv", empty_lines_csv),
    "csv_one_line_of_separators": ("organisations.csv", separators_csv),
    "xlsx_malformed_sheet_xml": ("organisations.xlsx", malformed_sheet_xml),
    "xlsx_shared_string_index_out_of_range": ("organisations.xlsx", shared_string_out_of_range),
    "xlsx_non_numeric_value": ("organisations.xlsx", non_numeric_value),
    "xlsx_billion_laughs": ("organisations.xlsx", billion_laughs),
    "csv_utf16_lone_surrogate": ("organisations.csv", utf16_lone_surrogate),
}


_MEASURE = """
import json, sys, time
from pathlib import Path
from foresight.errors import ForesightError, ValidationError
from foresight.i18n import t
from foresight.data.loading import import_file
from foresight.store import Store
path, workspace, filename = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(path, "rb").read()
with Store(workspace) as store:
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        import_file(store, "organisations", data, filename)
        messages = []
    except ValidationError as error:
        messages = [t(p.key, "en", **p.params) for p in error.problems]
    except ForesightError as error:
        messages = [t(error.key, "en", **error.params)]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
# VmHWM, not RUSAGE_SELF: after exec the latter still counts the forked parent's pages.
status = Path("/proc/self/status").read_text()
peak_kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
print(json.dumps({"seconds": elapsed, "cpu_s": cpu, "messages": messages, "self_peak_mb": peak_kib / 1024}))
"""


def measure(path: Path, workspace: Path, filename: str) -> dict[str, object]:
    """Import `path` into `workspace` in a fresh process: seconds, messages, peak RSS of it and its child.

    `self_peak_mb` is the importing process (a stand-in for the app's), `child_peak_mb` the
    checking child's own high-water mark (VmHWM, which unlike getrusage does not count the
    parent's pages it was forked from); `cpu_s` is both processes' CPU time for the import.
    """
    stats = path.with_name(path.name + ".stats.json")
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), str(workspace), filename],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, STATS_ENV: str(stats)},
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-2000:])
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    figures["stderr"] = completed.stderr
    if stats.exists():
        child = json.loads(stats.read_text())
        figures["child_peak_mb"] = (child["peak_rss_kib"] or 0) / 1024
        figures["child_cpu_s"] = child["cpu_s"]
        figures["cpu_s"] += child["cpu_s"]
        stats.unlink()
    return figures


def write_all(folder: Path) -> dict[str, Path]:
    """Every hostile file written to `folder`, by case name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (filename, build) in HOSTILE.items():
        path = folder / f"{name}{Path(filename).suffix}"
        path.write_bytes(build())
        paths[name] = path
    return paths

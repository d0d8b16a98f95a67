"""Exports for reports: every table as CSV, all of them in one .xlsx.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula, and Swedish
Excel splits a comma file on `;`, so text is neutralised by `foresight.data.formula` (an apostrophe
before each place a formula could start, OWASP's advice against CSV injection). Imports take
exactly those apostrophes away again, so an exported file can be edited and imported back
unchanged. Codes stay text in the .xlsx (04, not 4).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

from foresight.data.formula import neutralise
from foresight.data.localised import localise, sheet_name
from foresight.data.tables import LIST_SEPARATOR, LOAD_ORDER, TABLES
from foresight.store import Store

__all__ = [
    "csv_bytes",
    "csv_separator",
    "neutralise",
    "safe_frame",
    "table_csv",
    "table_export",
    "table_frame",
    "tables_xlsx",
    "workspace_sheets",
    "xlsx_bytes",
]


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with lists joined and every text cell neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith(("string", "str")):
            safe[column] = safe[column].map(_cell)
    return safe


def _cell(value: object) -> object:
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, str):
        value = LIST_SEPARATOR.join(str(item) for item in list(value))
    return neutralise(value)


def table_frame(store: Store, table: str) -> pd.DataFrame:
    """One reference table in its import layout (same columns, same order)."""
    spec = TABLES[table]
    return store.query(f"SELECT {', '.join(spec.column_names)} FROM {table} ORDER BY {spec.key}")


def table_export(store: Store, table: str, lang: str, keys: list[str] | None = None) -> pd.DataFrame:
    """A table as a download holds it: headers and coded values in `lang` (all rows, or these keys)."""
    frame = table_frame(store, table)
    if keys is not None:
        frame = frame[frame[TABLES[table].key].isin(keys)]
    return localise(frame, table, lang)


def csv_separator(lang: str) -> str:
    """Swedish Excel splits a double-clicked CSV file on semicolons (the decimal mark is the comma)."""
    return ";" if lang == "sv" else ","


def table_csv(store: Store, table: str, lang: str, keys: list[str] | None = None) -> bytes:
    """The CSV file of one table: what `python -m foresight export` writes and the app's buttons download."""
    return csv_bytes(table_export(store, table, lang, keys), separator=csv_separator(lang))


def tables_xlsx(store: Store, tables: list[str], lang: str, keys: list[str] | None = None) -> bytes:
    """One workbook, a sheet per table named in `lang` (the same file from the command line and the app)."""
    return xlsx_bytes({sheet_name(table, lang): table_export(store, table, lang, keys) for table in tables})


def csv_bytes(frame: pd.DataFrame, separator: str = ",", encoding: str = "utf-8-sig") -> bytes:
    """CSV that Excel opens correctly (UTF-8 with a byte-order mark by default), formulas neutralised."""
    return safe_frame(frame).to_csv(index=False, sep=separator).encode(encoding)


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One workbook, a sheet per frame, formulas neutralised."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def workspace_sheets(store: Store) -> dict[str, pd.DataFrame]:
    """Every reference table, in load order."""
    return {table: table_frame(store, table) for table in LOAD_ORDER}

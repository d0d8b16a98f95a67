"""Tables in the reader's language: headers, sheet names and coded values, both ways.

An export speaks the language it was asked for (Swedish by default): "Typ av aktivitet" and
"Workshop" rather than `activity_type` and `workshop`, a sheet called "Aktiviteter". An import
takes a file in either language, or with the technical names the seed files and the
documentation use, and reads it back to the codes, so a table downloaded, edited in a
spreadsheet and imported again is unchanged.
"""

from __future__ import annotations

import pandas as pd

from foresight.data.tables import ENUM, ENUM_LIST, LIST_SEPARATOR, TABLES, Column
from foresight.i18n import LANGUAGES, enum_label, t

# The i18n kind of each coded column's values (foresight.i18n.enum_label), where it is not the column's name.
_ENUM_KINDS = {
    ("activities", "methods"): "method",
    ("vision_answers", "question"): "vision_question",
    ("backcasts", "quadrant"): "scenarios.quadrant",
    ("plan_actions", "status"): "action_status",
}


def header(column: str, lang: str) -> str:
    return t(f"column.{column}", lang)


def sheet_name(table: str, lang: str) -> str:
    """The table's name in `lang`, as a spreadsheet allows it (31 characters, none of []:*?/\\)."""
    name = t(f"table.{table}", lang)
    return "".join(" " if mark in "[]:*?/\\" else mark for mark in name)[:31]


def _kind(table: str, column: Column) -> str:
    return _ENUM_KINDS.get((table, column.name), column.name)


def localise(frame: pd.DataFrame, table: str, lang: str) -> pd.DataFrame:
    """A table in its import layout (technical names, codes) as the reader sees it in `lang`."""
    spec = TABLES[table]
    shown = frame.copy()
    for column in spec.columns:
        if column.name not in shown.columns or column.kind not in (ENUM, ENUM_LIST):
            continue
        kind = _kind(table, column)
        if column.kind == ENUM:
            shown[column.name] = [_label(kind, value, lang) for value in shown[column.name]]
        else:
            shown[column.name] = [
                None if _blank(values) else [enum_label(kind, str(value), lang) for value in _items(values)]
                for values in shown[column.name]
            ]
    return shown.rename(columns={name: header(name, lang) for name in spec.column_names})


def _label(kind: str, value: object, lang: str) -> object:
    return value if _blank(value) else enum_label(kind, str(value), lang)


def _blank(value: object) -> bool:
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, str):
        return False
    return value is None or value != value  # None, NaN


def _items(values: object) -> list[object]:
    if isinstance(values, str):
        return [part.strip() for part in values.split(LIST_SEPARATOR) if part.strip()]
    return list(values)


def column_names(table: str) -> dict[str, str]:
    """Every header an import accepts for this table (lower case), mapped to its technical name."""
    names: dict[str, str] = {}
    for name in TABLES[table].column_names:
        names[name.lower()] = name
        for lang in LANGUAGES:
            names.setdefault(header(name, lang).strip().lower(), name)
    return names


def value_codes(table: str, column: str) -> dict[str, str]:
    """For a coded column: each label in either language (lower case) and each code, mapped to the code."""
    spec = TABLES[table]
    found = spec.column(column)
    kind = _kind(table, found)
    codes: dict[str, str] = {}
    for code in found.choices:
        codes[code.lower()] = code
        for lang in LANGUAGES:
            codes.setdefault(enum_label(kind, code, lang).strip().lower(), code)
    return codes


def read_back(table: str, header_row: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """A file's header and rows with headers and coded values in either language turned back into
    technical names and codes (anything not recognised is left as it is, for validation to name)."""
    names = column_names(table)
    technical = [names.get(cell.strip().lstrip("\ufeff").strip().lower(), cell) for cell in header_row]
    spec = TABLES[table]
    coded = {
        place: (spec.column(name), value_codes(table, name))
        for place, name in enumerate(technical)
        if name in spec.column_names and spec.column(name).kind in (ENUM, ENUM_LIST)
    }
    if not coded:
        return technical, rows
    read: list[list[str]] = []
    for row in rows:
        row = list(row)
        for place, (column, codes) in coded.items():
            if place >= len(row) or not row[place].strip():
                continue
            if column.kind == ENUM:
                row[place] = codes.get(row[place].strip().lower(), row[place])
            else:
                parts = [part.strip() for part in row[place].split(LIST_SEPARATOR)]
                row[place] = LIST_SEPARATOR.join(codes.get(part.lower(), part) for part in parts)
        read.append(row)
    return technical, read

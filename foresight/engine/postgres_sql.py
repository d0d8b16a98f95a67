"""The PostgreSQL side of "one SQL text per query": parameter marks in, DuckDB-shaped results out.

The domain writes `?` (or `$name`) parameters, as DuckDB reads them; psycopg wants `%s` (or
`%(name)s`) and a doubled `%` everywhere else. `translate` rewrites the marks outside quoted
strings and identifiers, once per distinct text. Results come back in the shapes DuckDB gives
(`df()`: int32 for INTEGER, nullable Int32 where a NULL is present, datetime64[us] for dates and
timestamps, numpy arrays in list cells; `fetchnumpy()`: arrays, masked where a NULL is), so a
page or a test sees the same frame from either engine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# PostgreSQL type oids by the shape DuckDB gives them.
_INT32 = {21, 23}  # int2, int4
_INT64 = {20}  # int8
_FLOAT = {700, 701, 1700}  # float4, float8, numeric
_BOOL = {16}
_TIME = {1082, 1114}  # date, timestamp
_TIME_TZ = {1184}  # timestamptz
_ARRAYS = {1000, 1005, 1007, 1009, 1015, 1016, 1021, 1022, 1182, 1115}


@lru_cache(maxsize=2048)
def translate(sql: str) -> tuple[str, bool]:
    """`sql` with psycopg's parameter marks, and whether it names its parameters (`$name`)."""
    out: list[str] = []
    named = False
    index, length = 0, len(sql)
    while index < length:
        char = sql[index]
        if char in ("'", '"'):
            end = index + 1
            while end < length:
                if sql[end] == char:
                    if end + 1 < length and sql[end + 1] == char:  # '' inside a string
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[index : end + 1].replace("%", "%%"))
            index = end + 1
            continue
        if char == "-" and sql.startswith("--", index):
            end = sql.find("\n", index)
            end = length if end < 0 else end
            out.append(sql[index:end].replace("%", "%%"))
            index = end
            continue
        if char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        elif char == "$" and (match := _NAME.match(sql, index + 1)):
            out.append(f"%({match.group(0)})s")
            named = True
            index = match.end()
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out), named


def _has_null(values: Sequence[Any]) -> bool:
    return any(value is None for value in values)


def frame_column(values: list[Any], oid: int) -> Any:
    """One result column as DuckDB's `df()` would give it."""
    if oid in _INT32 or oid in _INT64:
        wide = oid in _INT64
        if _has_null(values):
            return pd.array(values, dtype="Int64" if wide else "Int32")
        return np.array(values, dtype=np.int64 if wide else np.int32)
    if oid in _FLOAT:
        return np.array([np.nan if value is None else float(value) for value in values], dtype=np.float64)
    if oid in _BOOL:
        return pd.array(values, dtype="boolean") if _has_null(values) else np.array(values, dtype=bool)
    if oid in _TIME:
        return np.array([np.datetime64("NaT") if value is None else value for value in values], dtype="datetime64[us]")
    if oid in _TIME_TZ:
        return pd.to_datetime(values, utc=True)
    if oid in _ARRAYS:
        cells = np.empty(len(values), dtype=object)
        for position, value in enumerate(values):
            cells[position] = pd.NA if value is None else np.array(value, dtype=object)
        return cells
    if any(isinstance(value, str) for value in values) and all(
        isinstance(value, str) or value is None for value in values
    ):
        return pd.array(values, dtype="str")  # DuckDB: text with a NULL is NaN; all NULL stays None
    cells = np.empty(len(values), dtype=object)
    cells[:] = values
    return cells


def frame(names: list[str], oids: list[int], rows: list[tuple]) -> pd.DataFrame:
    """The rows as DuckDB's `df()` would give them."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return pd.DataFrame(
        {name: frame_column(list(values), oid) for name, oid, values in zip(names, oids, columns, strict=True)},
        columns=names,
    )


def numpy_column(values: list[Any], oid: int) -> np.ndarray:
    """One result column as DuckDB's `fetchnumpy()` would give it: an array, masked where NULL."""
    mask = np.array([value is None for value in values], dtype=bool)
    if oid in _INT32 or oid in _INT64:
        data = np.array(
            [0 if value is None else value for value in values], dtype=np.int64 if oid in _INT64 else np.int32
        )
    elif oid in _FLOAT:
        data = np.array([0.0 if value is None else float(value) for value in values], dtype=np.float64)
    elif oid in _BOOL:
        data = np.array([bool(value) for value in values], dtype=bool)
    elif oid in _TIME:
        data = np.array([np.datetime64("NaT") if value is None else value for value in values], dtype="datetime64[us]")
    else:
        data = np.empty(len(values), dtype=object)
        for position, value in enumerate(values):
            data[position] = np.array(value, dtype=object) if oid in _ARRAYS and value is not None else value
    return np.ma.masked_array(data, mask=mask) if mask.any() else data


def numpy_columns(names: list[str], oids: list[int], rows: list[tuple]) -> dict[str, np.ndarray]:
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return {name: numpy_column(list(values), oid) for name, oid, values in zip(names, oids, columns, strict=True)}

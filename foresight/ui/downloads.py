"""Downloads: the CSV + Excel pair every table offers, and the single buttons it is made of."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from foresight.data import export
from foresight.data.export import csv_bytes, xlsx_bytes
from foresight.store import Store
from foresight.ui.state import language, tr

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Frame = pd.DataFrame | Callable[[], pd.DataFrame]


def _built(frame: Frame) -> pd.DataFrame:
    return frame() if callable(frame) else frame


def download_csv(frame: Frame, file_stem: str, *, label: str | None = None, key: str | None = None, where=st) -> None:
    """A CSV button; a callable `frame` is built only when the button is clicked."""
    where.download_button(
        label or tr("common.download_csv"),
        data=lambda: csv_bytes(_built(frame), separator=export.csv_separator(language())),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=key,
    )


def download_xlsx(
    sheets: Mapping[str, Frame] | Callable[[], Mapping[str, pd.DataFrame]],
    file_stem: str,
    *,
    label: str | None = None,
    key: str | None = None,
    where=st,
) -> None:
    """An Excel button, a sheet per frame; whatever is callable is built only when it is clicked."""

    def workbook() -> bytes:
        built = sheets() if callable(sheets) else sheets
        return xlsx_bytes({name: _built(frame) for name, frame in built.items()})

    where.download_button(
        label or tr("common.download_xlsx"),
        data=workbook,
        file_name=f"{file_stem}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
        key=key,
    )


def download_pair(frame: Frame, file_stem: str, sheet: str, *, key: str | None = None) -> None:
    """CSV and Excel buttons side by side for one table (formulas neutralised by foresight.data.export)."""
    left, right, _ = st.columns([1, 1, 2])
    download_csv(frame, file_stem, key=f"{key}_csv" if key else None, where=left)
    download_xlsx({sheet: frame}, file_stem, key=f"{key}_xlsx" if key else None, where=right)


def download_tables(
    store: Store,
    tables: list[str],
    lang: str,
    file_stem: str,
    *,
    keys: list[str] | Callable[[], list[str]] | None = None,
    csv: bool = True,
    key: str,
    where=st,
) -> None:
    """Excel (the default) and, for one table, CSV for Swedish Excel: the very files `python -m foresight
    export` writes, which import back unchanged; `keys` limits them to these rows (built when clicked)."""
    chosen = lambda: keys() if callable(keys) else keys  # noqa: E731
    buttons = where.columns(2 if csv and len(tables) == 1 else 1)
    buttons[0].download_button(
        tr("common.download_xlsx"),
        data=lambda: export.tables_xlsx(store, tables, lang, chosen()),
        file_name=f"{file_stem}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
        type="primary",
        key=f"{key}_xlsx",
    )
    if csv and len(tables) == 1:
        buttons[1].download_button(
            tr("common.download_csv"),
            data=lambda: export.table_csv(store, tables[0], lang, chosen()),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key=f"{key}_csv",
        )

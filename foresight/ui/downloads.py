"""Downloads: the CSV + Excel pair every table offers, and the single buttons it is made of."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from foresight.data.export import csv_bytes, xlsx_bytes
from foresight.ui.state import tr

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Frame = pd.DataFrame | Callable[[], pd.DataFrame]


def _built(frame: Frame) -> pd.DataFrame:
    return frame() if callable(frame) else frame


def download_csv(frame: Frame, file_stem: str, *, label: str | None = None, key: str | None = None, where=st) -> None:
    """A CSV button; a callable `frame` is built only when the button is clicked."""
    where.download_button(
        label or tr("common.download_csv"),
        data=lambda: csv_bytes(_built(frame)),
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

"""Showing domain errors on a page, in the user's language, never as a traceback."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from foresight.errors import ForesightError, ValidationError
from foresight.i18n import error_text
from foresight.ui.state import language, tr


def show_error(error: ForesightError) -> None:
    """An error box with the translated message (its `field` too); for validation, every problem."""
    st.error(error_text(error.key, error.params, language()), icon=":material/error:")
    if isinstance(error, ValidationError):
        problems = pd.DataFrame(
            {
                tr("data.col_row"): [problem.row if problem.row is not None else "" for problem in error.problems],
                tr("data.col_column"): [problem.column or "" for problem in error.problems],
                tr("data.col_reason"): [tr(problem.key, **problem.params) for problem in error.problems],
            }
        ).astype(str)
        st.dataframe(problems, hide_index=True, width="stretch", placeholder="–")
        if error.truncated:
            st.caption(tr("data.problems_truncated"))

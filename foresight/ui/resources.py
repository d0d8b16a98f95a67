"""Process-wide resources: the one workspace connection, shared by every session's thread."""

from __future__ import annotations

import streamlit as st

from foresight.store import Store, workspace_path
from foresight.workspace import open_workspace


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> Store:
    return open_workspace(path)


def store() -> Store:
    """The workspace named by $FRAMSYN_DB (or the default), opened once per process."""
    return _store_for(str(workspace_path()))

"""Page layouts shared by the projector views (trend slides, scenario cross, vote screen)."""

from __future__ import annotations

import streamlit as st

# Static style, no user text: hides the sidebar so a projector shows only the content.
_HIDE_SIDEBAR = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"]
  { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 2rem !important; padding-bottom: 1rem !important; }
</style>"""


def projector_mode() -> None:
    """Show the page without the sidebar, for the shared screen in the room."""
    st.html(_HIDE_SIDEBAR)

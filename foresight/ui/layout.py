"""Page layouts shared by the projector views (trend slides, scenario cross, vote screen)."""

from __future__ import annotations

import streamlit as st

from foresight.ui import projector


def projector_mode() -> None:
    """Show the page without the sidebar or toolbar, sized for the shared screen in the room."""
    projector.room_style()


def lazy_expander(label: str, key: str, *, icon: str | None = None, expanded: bool = False):
    """An expander whose content runs only while it is open (opening it reruns the page); None when closed.

    A page that reruns on every click should not build forms nobody opened: on the plans page the
    closed forms cost more than everything the meeting reads.
    """
    box = st.expander(label, expanded=expanded, key=key, icon=icon, on_change="rerun")
    return box if box.open else None

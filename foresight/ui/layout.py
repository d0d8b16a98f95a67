"""Page layouts shared by the projector views (trend slides, scenario cross, vote screen)."""

from __future__ import annotations

from foresight.ui import projector


def projector_mode() -> None:
    """Show the page without the sidebar or toolbar, sized for the shared screen in the room."""
    projector.room_style()

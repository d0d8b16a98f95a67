"""Who may do what on this page view: owner, viewer, participant or screen.

Placeholder until sign-in lands (issue 13): everyone is treated as an owner, as before. Pages
ask `can_edit()` before showing any control that changes the workspace, so roles can be
enforced here in one place.
"""

from __future__ import annotations


def can_edit() -> bool:
    """Whether the visitor may change the workspace (import, edit, delete, run votes and crosses)."""
    return True
